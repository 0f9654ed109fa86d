// The topology canvas (React Flow): nodes and edges from the worker's view; every edit becomes one
// `topology.set` through the store.
import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  type FitViewOptions,
  type NodeChange,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  useUpdateNodeInternals,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { downloadBlob } from '../app/file-io';
import { RegionDialog } from '../app/RegionDialog';
import type { ComponentKind } from '../cxl/topology/model.ts';
import { isComponentKind, onAddRequest, PALETTE_MIME } from '../lib/palette';
import {
  addComponent,
  clearPositions,
  connect,
  copyComponents,
  disconnect,
  type EditDoc,
  type EditResult,
  pasteComponents,
  removeComponents,
  setPositions,
} from '../lib/topology-edits';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectView } from '../state/selectors';
import type { ComponentSpec } from '../worker/protocol.ts';
import { CanvasToolbar } from './CanvasToolbar';
import { checkConnection, connectGraph, windowOfHandle } from './connect-rules';
import { DecodeAnimation } from './DecodeAnimation';
import { canvasSvg, svgToPng } from './export-image';
import { HelpDialog } from './HelpDialog';
import { Legend } from './Legend';
import { edgeTypes, nodeTypes } from './node-types';
import {
  handleSignature,
  type LabFlow,
  type LabFlowNode,
  type LinkEdge,
  nodeSize,
  ROOT_NODE_ID,
  toFlow,
} from './to-flow';
import { UnplacedTray } from './UnplacedTray';

const NO_FLOW: LabFlow = { nodes: [], edges: [], legend: [] };
const NO_DRAFTS: ComponentSpec[] = [];

// Side padding keeps the fitted tree clear of the toolbar, the legend and the zoom controls.
/** Render only visible nodes when a lab has more nodes than this and the zoom is at least CULL_FROM_ZOOM. */
const CULL_FROM_NODES = 150;
const CULL_FROM_ZOOM = 0.5;

// The toolbar sits over the top edge and the legend over the bottom-left corner: keep the tree clear of both.
const FIT_VIEW_OPTIONS: FitViewOptions = {
  padding: { top: '72px', bottom: '84px', left: '56px', right: '56px' },
  maxZoom: 1,
};
const DELETE_KEYS = ['Delete', 'Backspace'];
const TOAST_MS = 6000;
/** Gap between the tree and pasted or duplicated components. */
const PASTE_GAP = 80;
/** Below this zoom the canvas draws cards as colour blocks (level of detail). */
const FAR_ZOOM = 0.3;

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The React Flow node under a pointer event, if any. */
function nodeIdAt(event: { clientX: number; clientY: number }): string | null {
  const el = document.elementFromPoint(event.clientX, event.clientY);
  return el?.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? null;
}

function pointOf(event: MouseEvent | TouchEvent): { clientX: number; clientY: number } | null {
  if ('changedTouches' in event) {
    const t = event.changedTouches[0];
    return t === undefined ? null : { clientX: t.clientX, clientY: t.clientY };
  }
  return { clientX: event.clientX, clientY: event.clientY };
}

/**
 * The topology canvas. Nodes and edges are derived from the worker's view (`toFlow`); every edit
 * (add, connect, disconnect, delete, paste, move, auto layout) is one `topology.set` through the
 * store, so the core validates it and undo/redo covers it. Selection and in-progress drags are local
 * to React Flow; the primary selection goes to the store for the Inspector.
 */
export function LabCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}

function Canvas() {
  const store = useLabStoreApi();
  const view = useLabStore(selectView);
  const labId = useLabStore((s) => s.labId);
  const selectedId = useLabStore((s) => s.selectedId);
  const { screenToFlowPosition, fitView } = useReactFlow();
  // Large labs read at close zoom render only what is on screen (panning 128 devices at 100 % stays
  // under a frame); zoomed out everything is on screen anyway, and mounting nodes at the edges as they
  // scroll in would only add jank there.
  const closeZoom = useStore((s) => s.transform[2] >= CULL_FROM_ZOOM);
  const wrapper = useRef<HTMLDivElement>(null);
  const far = useRef(false);
  const clipboard = useRef<ComponentSpec[]>([]);
  const [toast, setToast] = useState<{ id: number; text: string; tone: 'error' | 'info' } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [regionsOpen, setRegionsOpen] = useState(false);
  const closeRegions = useCallback(() => setRegionsOpen(false), []);
  const [legendOpen, setLegendOpen] = useState(true);

  // Far out (a big topology fitted on screen) the cards become plain colour blocks and links keep
  // their screen width: set as an attribute on the wrapper, so panning never re-renders React.
  const onMove = useCallback((_event: unknown, viewport: { zoom: number }) => {
    const isFar = viewport.zoom < FAR_ZOOM;
    if (isFar === far.current || wrapper.current === null) return;
    far.current = isFar;
    wrapper.current.dataset.zoom = isFar ? 'far' : 'near';
  }, []);

  const flow = useMemo(() => (view === null ? NO_FLOW : toFlow(view)), [view]);
  const [nodes, setNodes] = useState<LabFlowNode[]>([]);
  const [edges, setEdges] = useState<LinkEdge[]>([]);

  // New flow from the worker: keep what is selected locally, and each node's measured size, so that
  // React Flow keeps its handle positions. (A node handed over unmeasured loses them, and its links
  // vanish, until React Flow measures it again; it does that only on a resize or when the node turns
  // from measured to unmeasured, so two quick updates could leave a node unmeasured for good.) A node
  // whose handles changed at the same size is re-measured explicitly; a size change is caught by
  // React Flow's own resize observer.
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
  }, [flow]);
  useEffect(() => {
    if (remeasure.length > 0) updateNodeInternals(remeasure);
  }, [remeasure, updateNodeInternals]);

  // A selection made elsewhere (Inspector links, a new component) shows on the canvas.
  useEffect(() => {
    setNodes((prev) => {
      const current = prev.filter((n) => n.selected).map((n) => n.id);
      if (selectedId === null ? current.length === 0 : current.includes(selectedId)) return prev;
      return prev.map((n) => {
        const want = n.id === selectedId;
        return n.selected === want ? n : { ...n, selected: want };
      });
    });
  }, [selectedId]);

  // Fit the view when a lab opens (preset, file, lab switch).
  const fittedFor = useRef<string | null>(null);
  useEffect(() => {
    if (labId === null || flow.nodes.length === 0 || fittedFor.current === labId) return;
    fittedFor.current = labId;
    requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
  }, [labId, flow, fitView]);

  const notify = useCallback((text: string, tone: 'error' | 'info' = 'error') => {
    setToast({ id: Date.now(), text, tone });
  }, []);
  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  /** The document edits start from: the worker's current configuration and the drafts. */
  const editDoc = useCallback((): EditDoc | null => {
    const doc = store.getState().document;
    return doc === null ? null : { spec: doc.spec, drafts: doc.drafts ?? NO_DRAFTS };
  }, [store]);

  /** Sends an edit to the worker; a refusal (ours or the core's) becomes a toast. */
  const apply = useCallback(
    async (result: EditResult, select?: string): Promise<boolean> => {
      if (!result.ok) {
        notify(result.reason);
        return false;
      }
      const r = await store.getState().setTopology(result.doc.spec, result.doc.drafts);
      if (!r.ok) {
        const cause = r.error.causes?.[0]?.message;
        notify(cause === undefined ? r.error.message : `${r.error.message}: ${cause}`);
        return false;
      }
      if (select !== undefined) store.getState().select(select);
      return true;
    },
    [store, notify],
  );

  const graph = useMemo(() => {
    if (view === null) return null;
    return connectGraph(ROOT_NODE_ID, { spec: view.spec, drafts: view.drafts ?? NO_DRAFTS });
  }, [view]);

  const isValidConnection = useCallback(
    (c: Connection | LinkEdge) =>
      graph !== null &&
      checkConnection(graph, { node: c.source, handle: c.sourceHandle ?? null }, { node: c.target }).ok,
    [graph],
  );

  const connectNodes = useCallback(
    (source: string, handle: string | null, target: string) => {
      const doc = editDoc();
      if (doc === null) return;
      const verdict = checkConnection(
        connectGraph(ROOT_NODE_ID, doc),
        { node: source, handle },
        { node: target },
      );
      if (!verdict.ok) {
        notify(verdict.reason);
        return;
      }
      void apply(connect(doc, verdict));
    },
    [editDoc, apply, notify],
  );

  const onConnect = useCallback(
    (c: Connection) => connectNodes(c.source, c.sourceHandle ?? null, c.target),
    [connectNodes],
  );

  // A drop that React Flow did not accept: onto a node's body (connect to it if the rules allow)
  // or onto an invalid handle (say why).
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid === true || state.fromNode === null) return;
      const point = pointOf(event);
      const toId = state.toNode?.id ?? (point === null ? null : nodeIdAt(point));
      if (toId === null || toId === state.fromNode.id) return;
      const fromIsTarget = state.fromHandle?.type === 'target';
      const parent = fromIsTarget ? toId : state.fromNode.id;
      const child = fromIsTarget ? state.fromNode.id : toId;
      const handle = fromIsTarget ? (state.toHandle?.id ?? null) : (state.fromHandle?.id ?? null);
      connectNodes(parent, handle, child);
    },
    [connectNodes],
  );

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

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: LabFlowNode, dragged: LabFlowNode[]) => {
      const doc = editDoc();
      if (doc === null) return;
      const moved = new Map(dragged.filter((n) => n.type !== 'cxl-root').map((n) => [n.id, n.position]));
      if (moved.size > 0) void apply({ ok: true, doc: setPositions(doc, moved) });
    },
    [editDoc, apply],
  );

  const onBeforeDelete = useCallback(
    async ({ nodes: gone, edges: cut }: { nodes: LabFlowNode[]; edges: LinkEdge[] }) => {
      let doc = editDoc();
      if (doc === null) return false;
      const ids = gone.filter((n) => n.type !== 'cxl-root').map((n) => n.id);
      const removed = new Set(ids);
      for (const e of cut) {
        if (
          removed.has(e.target) ||
          removed.has(e.source) ||
          (e.source === ROOT_NODE_ID && e.data?.window === null)
        )
          continue;
        const r = disconnect(doc, e.target, e.data?.window ?? undefined);
        if (!r.ok) {
          notify(r.reason);
          return false;
        }
        doc = r.doc;
      }
      if (ids.length > 0) {
        const r = removeComponents(doc, ids);
        if (!r.ok) {
          notify(r.reason);
          return false;
        }
        doc = r.doc;
      }
      await apply({ ok: true, doc });
      return false; // the store's next view removes them
    },
    [editDoc, apply, notify],
  );

  /** Adds a component of `kind`: at `at` (canvas coordinates, centre), attached below `parent` if the rules allow. */
  const addAt = useCallback(
    (kind: ComponentKind, at: { x: number; y: number } | null, parent: string | null) => {
      const doc = editDoc();
      if (doc === null) return;
      const size = nodeSize({ kind, id: '', parent: '' } as ComponentSpec, 0);
      const position = at === null ? undefined : { x: at.x - size.width / 2, y: at.y - size.height / 2 };
      const added = addComponent(doc, kind, position);
      if (!added.ok) return void notify(added.reason);
      const id = added.created?.[0] ?? '';
      if (parent === null) return void apply(added, id);
      const verdict = checkConnection(
        connectGraph(ROOT_NODE_ID, added.doc),
        { node: parent, handle: windowOfHandle(null) },
        { node: id },
      );
      if (!verdict.ok) {
        notify(`${id} added but not connected: ${verdict.reason}`, 'info');
        return void apply(added, id);
      }
      // Attached to a parent: the tree layout places it below the parent (no position of its own).
      const connected = connect(added.doc, verdict);
      if (connected.ok) {
        for (const c of [...connected.doc.spec.components, ...connected.doc.drafts]) {
          if (c.id === id) delete c.position;
        }
      }
      void apply(connected, id);
    },
    [editDoc, apply, notify],
  );

  // Palette clicks: below the selected component, else in the middle of the view.
  useEffect(
    () =>
      onAddRequest((kind) => {
        const selected = store.getState().selectedId;
        if (selected !== null && selected !== ROOT_NODE_ID) return addAt(kind, null, selected);
        if (kind === 'host-bridge') return addAt(kind, null, null);
        const box = wrapper.current?.getBoundingClientRect();
        const centre =
          box === undefined
            ? null
            : screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
        addAt(kind, centre, null);
      }),
    [store, addAt, screenToFlowPosition],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isComponentKind(kind)) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addAt(kind, at, nodeIdAt(event));
    },
    [screenToFlowPosition, addAt],
  );

  const selectedIds = useCallback(
    () => nodes.filter((n) => n.selected && n.type !== 'cxl-root').map((n) => n.id),
    [nodes],
  );

  const copy = useCallback(() => {
    const doc = editDoc();
    const ids = selectedIds();
    if (doc === null || ids.length === 0) return false;
    clipboard.current = copyComponents(doc, ids);
    return true;
  }, [editDoc, selectedIds]);

  // Pasted (and duplicated) components land to the right of everything, at the height they had.
  const paste = useCallback(() => {
    const doc = editDoc();
    if (doc === null || clipboard.current.length === 0) return;
    const positions = new Map(nodes.map((n) => [n.id, n.position]));
    const placed = clipboard.current.map((c) => ({
      ...c,
      position: c.position ?? positions.get(c.id) ?? { x: 0, y: 0 },
    }));
    const right = Math.max(0, ...nodes.map((n) => n.position.x + (n.width ?? 0)));
    const left = Math.min(...placed.map((c) => c.position.x));
    const r = pasteComponents(doc, placed, { x: right + PASTE_GAP - left, y: 0 });
    void apply(r, r.ok ? r.created?.[0] : undefined);
  }, [editDoc, nodes, apply]);

  const autoLayout = useCallback(async () => {
    const doc = editDoc();
    if (doc === null) return;
    if (await apply({ ok: true, doc: clearPositions(doc) }))
      requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
  }, [editDoc, apply, fitView]);

  const zoomToFit = useCallback(() => void fitView({ ...FIT_VIEW_OPTIONS, duration: 200 }), [fitView]);

  const exportImage = useCallback(
    async (format: 'svg' | 'png') => {
      const el = wrapper.current?.querySelector<HTMLElement>('.react-flow');
      const svg = el === null || el === undefined ? null : canvasSvg(el);
      if (svg === null) return notify('Nothing to export yet');
      const name = (store.getState().labName || 'topology').toLowerCase().replace(/[^a-z0-9]+/g, '-');
      try {
        if (format === 'svg') downloadBlob(`${name}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
        else downloadBlob(`${name}.png`, await svgToPng(svg));
      } catch (e) {
        notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [store, notify],
  );

  // Canvas shortcuts (Delete/Backspace are React Flow's; Ctrl+Z/Y are the app's).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTextEntry(event.target) || event.altKey) return;
      if (document.querySelector('dialog[open]:not(.lab-help)') !== null || regionsOpen) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === '?' && !mod) {
        event.preventDefault();
        setHelpOpen((open) => !open);
      } else if (helpOpen) {
        return;
      } else if (mod && key === 'c') {
        if (copy()) event.preventDefault();
      } else if (mod && key === 'v') {
        event.preventDefault();
        paste();
      } else if (mod && key === 'd') {
        event.preventDefault();
        if (copy()) paste();
      } else if (mod && key === 'a') {
        event.preventDefault();
        setNodes((nds) => nds.map((n) => ({ ...n, selected: n.type !== 'cxl-root' })));
      } else if (!mod && !event.shiftKey && key === 'f') {
        zoomToFit();
      } else if (!mod && !event.shiftKey && key === 'l') {
        void autoLayout();
      } else if (event.key === 'Escape') {
        setNodes((nds) => nds.map((n) => (n.selected ? { ...n, selected: false } : n)));
        store.getState().select(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [copy, paste, zoomToFit, autoLayout, helpOpen, regionsOpen, store]);

  return (
    <div
      className="lab-canvas"
      role="application"
      aria-label="Topology editor"
      data-testid="canvas"
      data-zoom="near"
      ref={wrapper}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {view === null && (
        <div className="lab-canvas__loading" data-testid="canvas-loading">
          Starting the emulator…
        </div>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        onMove={onMove}
        deleteKeyCode={DELETE_KEYS}
        connectionRadius={28}
        colorMode="system"
        onlyRenderVisibleElements={closeZoom && nodes.length > CULL_FROM_NODES}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.02}
        maxZoom={2}
        aria-label="Topology canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <Controls showInteractive={false} position="bottom-right" fitViewOptions={FIT_VIEW_OPTIONS} />
        <Panel position="top-left">
          <CanvasToolbar
            onLayout={() => void autoLayout()}
            onFit={zoomToFit}
            onExport={(f) => void exportImage(f)}
            legendOpen={legendOpen}
            onToggleLegend={() => setLegendOpen((v) => !v)}
            onHelp={() => setHelpOpen(true)}
            onRegions={() => setRegionsOpen(true)}
          />
        </Panel>
        {legendOpen && (
          <Panel position="bottom-left">
            <Legend regions={flow.legend} />
          </Panel>
        )}
        <DecodeAnimation />
      </ReactFlow>
      {toast !== null && (
        <div
          key={toast.id}
          className={`lab-toast lab-toast--${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid="canvas-toast"
        >
          <span>{toast.text}</span>
          <button
            type="button"
            className="lab-toast__close"
            aria-label="Dismiss"
            onClick={() => setToast(null)}
          >
            ×
          </button>
        </div>
      )}
      <UnplacedTray onMessage={notify} fitOptions={FIT_VIEW_OPTIONS} />
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      {regionsOpen && <RegionDialog onClose={closeRegions} />}
    </div>
  );
}
