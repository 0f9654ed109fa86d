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
import {
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectView } from '../state/selectors';
import type { LabView } from '../worker/lab-types';
import { FIT_VIEW_OPTIONS } from './canvas-config';
import { fabricLayout } from './fabric/fabric-deferred';
import type { FabricSelection } from './fabric/fabric-types';
import { pickNode } from './fabric/focus-host';
import { handleSignature, type LabEdge, type LabFlow, type LabFlowNode, toFlow } from './to-flow';

const NO_FLOW: LabFlow = { nodes: [], edges: [], legend: [] };

/** The canvas's flow; a multi-host lab's also says what its nodes select (`fabric/`). */
export type CanvasFlow = LabFlow & { selection?: FabricSelection };

export interface FlowSync {
  flow: CanvasFlow;
  nodes: LabFlowNode[];
  setNodes: Dispatch<SetStateAction<LabFlowNode[]>>;
  edges: LabEdge[];
  onNodesChange: (changes: NodeChange<LabFlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<LabEdge>[]) => void;
}

/**
 * The flow of the view: `toFlow` for a single-host lab; a multi-host lab's drawing loads on demand
 * (nothing is drawn until it has), and is told the previous flow of the same lab so bindings that
 * changed are animated.
 */
function useViewFlow(view: LabView | null, partsReady: boolean): CanvasFlow {
  const labId = useLabStore((s) => s.labId);
  const fabricMod = useSyncExternalStore(fabricLayout.subscribe, () => fabricLayout.value);
  const multi = view?.fabric !== undefined;
  useEffect(() => {
    if (multi) void fabricLayout.load();
  }, [multi]);
  const last = useRef<{ labId: string | null; flow: CanvasFlow } | null>(null);
  const flow = useMemo((): CanvasFlow => {
    if (view === null) return NO_FLOW;
    if (view.fabric === undefined) return toFlow(view);
    // Nothing until the node components are here too: a card first drawn empty would keep no handles.
    if (fabricMod === null || !partsReady) return NO_FLOW;
    const previous = last.current?.labId === labId ? last.current.flow : null;
    return fabricMod.fabricFlow(view.fabric, previous);
  }, [view, fabricMod, partsReady, labId]);
  useEffect(() => {
    last.current = { labId, flow };
  }, [labId, flow]);
  return flow;
}

/**
 * `fabricParts`: whether the multi-host drawing's node components (`fabric/fabric-slot.tsx`) have
 * loaded; a multi-host lab's flow waits for them.
 */
export function useFlowSync(fabricParts = false): FlowSync {
  const store = useLabStoreApi();
  const view = useLabStore(selectView);
  const flow = useViewFlow(view, fabricParts);
  const [nodes, setNodes] = useState<LabFlowNode[]>([]);
  const [edges, setEdges] = useState<LabEdge[]>([]);
  useNewFlow(flow, setNodes, setEdges);
  useSelectionFromStore(setNodes, flow.selection);
  useFitOnOpen(flow);
  const selection = flow.selection;

  const onNodesChange = useCallback(
    (changes: NodeChange<LabFlowNode>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      let picked: string | null | undefined;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        if (change.selected) picked = change.id;
        else if (picked === undefined) picked = null;
      }
      if (picked === undefined) return;
      const pick = picked === null ? undefined : selection?.pick[picked];
      if (pick !== undefined) {
        void pickNode(store.getState, pick, store.getState().view?.fabric?.focus ?? null);
        return;
      }
      const current = store.getState().selectedId;
      if (picked !== null || current !== null) store.getState().select(picked);
    },
    [store, selection],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<LabEdge>[]) => setEdges((eds) => applyEdgeChanges(changes, eds)),
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
  setEdges: Dispatch<SetStateAction<LabEdge[]>>,
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

/**
 * A selection made elsewhere (Inspector links, a new component) shows on the canvas. In a multi-host
 * lab the store's id (a component of the focused host, or a fabric part) names a node through
 * `selection.nodeOf`.
 */
function useSelectionFromStore(
  setNodes: Dispatch<SetStateAction<LabFlowNode[]>>,
  selection: FabricSelection | undefined,
): void {
  const storeId = useLabStore((s) => s.selectedId);
  const selectedId =
    storeId === null || selection === undefined ? storeId : (selection.nodeOf[storeId] ?? storeId);
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
