/**
 * Keeps React Flow's nodes and edges in step with the worker's view: derives them (`toFlow`), keeps
 * local selection and measured sizes across updates, mirrors the store's selection, fits a new lab.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
  useReactFlow,
  useUpdateNodeInternals,
} from '@xyflow/react';
import { type Dispatch, type SetStateAction, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectView } from '../state/selectors';
import { FIT_VIEW_OPTIONS } from './canvas-config';
import { handleSignature, type LabFlow, type LabFlowNode, type LinkEdge, toFlow } from './to-flow';

const NO_FLOW: LabFlow = { nodes: [], edges: [], legend: [] };

export interface FlowSync {
  flow: LabFlow;
  nodes: LabFlowNode[];
  setNodes: Dispatch<SetStateAction<LabFlowNode[]>>;
  edges: LinkEdge[];
  onNodesChange: (changes: NodeChange<LabFlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<LinkEdge>[]) => void;
}

export function useFlowSync(): FlowSync {
  const store = useLabStoreApi();
  const view = useLabStore(selectView);
  const flow = useMemo(() => (view === null ? NO_FLOW : toFlow(view)), [view]);
  const [nodes, setNodes] = useState<LabFlowNode[]>([]);
  const [edges, setEdges] = useState<LinkEdge[]>([]);
  useNewFlow(flow, setNodes, setEdges);
  useSelectionFromStore(setNodes);
  useFitOnOpen(flow);

  const onNodesChange = useCallback(
    (changes: NodeChange<LabFlowNode>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      let picked: string | null | undefined;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        if (change.selected) picked = change.id;
        else if (picked === undefined) picked = null;
      }
      if (picked !== undefined) {
        const current = store.getState().selectedId;
        if (picked !== null || current !== null) store.getState().select(picked);
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<LinkEdge>[]) => setEdges((eds) => applyEdgeChanges(changes, eds)),
    [],
  );
  return { flow, nodes, setNodes, edges, onNodesChange, onEdgesChange };
}

/**
 * New flow from the worker: keep what is selected locally, and each node's measured size, so that
 * React Flow keeps its handle positions. (A node handed over unmeasured loses them, and its links
 * vanish, until React Flow measures it again; it does that only on a resize or when the node turns
 * from measured to unmeasured, so two quick updates could leave a node unmeasured for good.) A node
 * whose handles changed at the same size is re-measured explicitly; a size change is caught by
 * React Flow's own resize observer.
 */
function useNewFlow(
  flow: LabFlow,
  setNodes: Dispatch<SetStateAction<LabFlowNode[]>>,
  setEdges: Dispatch<SetStateAction<LinkEdge[]>>,
): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const shownFlow = useRef<LabFlow>(NO_FLOW);
  const [remeasure, setRemeasure] = useState<string[]>([]);
  useEffect(() => {
    const before = new Map(shownFlow.current.nodes.map((n) => [n.id, handleSignature(n)]));
    shownFlow.current = flow;
    const changed = flow.nodes.filter((n) => {
      const signature = before.get(n.id);
      return signature !== undefined && signature !== handleSignature(n);
    });
    if (changed.length > 0) setRemeasure(changed.map((n) => n.id));
    setNodes((prev) => {
      const shown = new Map(prev.map((n) => [n.id, n]));
      return flow.nodes.map((n): LabFlowNode => {
        const old = shown.get(n.id);
        if (old === undefined || old.type !== n.type) return n;
        return { ...n, measured: old.measured, selected: old.selected } as LabFlowNode;
      });
    });
    setEdges((prev) => {
      const selected = new Set(prev.filter((e) => e.selected).map((e) => e.id));
      return flow.edges.map((e) => (selected.has(e.id) ? { ...e, selected: true } : e));
    });
  }, [flow, setNodes, setEdges]);
  useEffect(() => {
    if (remeasure.length > 0) updateNodeInternals(remeasure);
  }, [remeasure, updateNodeInternals]);
}

/** A selection made elsewhere (Inspector links, a new component) shows on the canvas. */
function useSelectionFromStore(setNodes: Dispatch<SetStateAction<LabFlowNode[]>>): void {
  const selectedId = useLabStore((s) => s.selectedId);
  useEffect(() => {
    setNodes((prev) => {
      const current = prev.filter((n) => n.selected).map((n) => n.id);
      if (selectedId === null ? current.length === 0 : current.includes(selectedId)) return prev;
      return prev.map((n) => {
        const want = n.id === selectedId;
        return n.selected === want ? n : { ...n, selected: want };
      });
    });
  }, [selectedId, setNodes]);
}

/** Fits the view when a lab opens (preset, file, lab switch). */
function useFitOnOpen(flow: LabFlow): void {
  const labId = useLabStore((s) => s.labId);
  const { fitView } = useReactFlow();
  const fittedFor = useRef<string | null>(null);
  useEffect(() => {
    if (labId === null || flow.nodes.length === 0 || fittedFor.current === labId) return;
    fittedFor.current = labId;
    requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
  }, [labId, flow, fitView]);
}
