/**
 * The canvas's topology edits: connect, disconnect, delete, move, add (palette click or drop) and
 * auto layout, each one `topology.set` through the store, so the core validates it and undo covers it.
 */
import { type Connection, type FinalConnectionState, useReactFlow } from '@xyflow/react';
import { type DragEvent, type RefObject, useCallback, useEffect, useMemo } from 'react';
import { isPaletteItem, onAddRequest, PALETTE_MIME, type PaletteItem } from '../lib/palette';
import type { EditDoc, EditResult } from '../lib/topology-edits';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectView } from '../state/selectors';
import type { ComponentSpec } from '../worker/protocol.ts';
import { FIT_VIEW_OPTIONS, nodeIdAt, pointOf } from './canvas-config';
import type { EditEngine } from './edit-engine-type';
import { type LabEdge, type LabFlowNode, type LinkEdge, nodeSize, ROOT_NODE_ID } from './to-flow';
import type { Notify } from './use-canvas-toast';
import { useDeleteWith } from './use-delete-components';
import { useFreeSpot } from './use-free-spot';
import { windowOfHandle } from './window-handles';

const NO_DRAFTS: ComponentSpec[] = [];

/** The document edits start from, and `apply`: sends an edit to the worker (a refusal becomes a toast). */
export function useEditApply(notify: Notify) {
  const store = useLabStoreApi();
  const editDoc = useCallback((): EditDoc | null => {
    const doc = store.getState().document;
    return doc === null ? null : { spec: doc.spec, drafts: doc.drafts ?? NO_DRAFTS };
  }, [store]);

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
  return { editDoc, apply };
}

/** `useEditApply`'s document and apply, with the editing engine (null until it has loaded). */
export type EditApply = ReturnType<typeof useEditApply> & { engine: EditEngine | null };

/** Links: which connections are valid, and connecting on a drop onto a handle or a node's body. */
export function useConnectEdits({ editDoc, apply, engine }: EditApply, notify: Notify) {
  const view = useLabStore(selectView);
  const graph = useMemo(() => {
    if (view === null || engine === null) return null;
    return engine.connectGraph(ROOT_NODE_ID, { spec: view.spec, drafts: view.drafts ?? NO_DRAFTS });
  }, [view, engine]);

  const isValidConnection = useCallback(
    (c: Connection | LabEdge) =>
      graph !== null &&
      engine?.checkConnection(graph, { node: c.source, handle: c.sourceHandle ?? null }, { node: c.target })
        .ok === true,
    [graph, engine],
  );

  const connectNodes = useCallback(
    (source: string, handle: string | null, target: string) => {
      const doc = editDoc();
      if (doc === null || engine === null) return;
      const verdict = engine.checkConnection(
        engine.connectGraph(ROOT_NODE_ID, doc),
        { node: source, handle },
        { node: target },
      );
      if (!verdict.ok) {
        notify(verdict.reason);
        return;
      }
      void apply(engine.connect(doc, verdict));
    },
    [editDoc, apply, notify, engine],
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
  return { isValidConnection, onConnect, onConnectEnd };
}

/** Moving, deleting (nodes and links) and auto layout. */
export function useLayoutEdits({ editDoc, apply, engine }: EditApply) {
  const { fitView } = useReactFlow();
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: LabFlowNode, dragged: LabFlowNode[]) => {
      const doc = editDoc();
      if (doc === null || engine === null) return;
      const moved = new Map(dragged.filter((n) => n.type !== 'cxl-root').map((n) => [n.id, n.position]));
      if (moved.size > 0) void apply({ ok: true, doc: engine.setPositions(doc, moved) });
    },
    [editDoc, apply, engine],
  );

  const remove = useDeleteWith({ editDoc, apply, engine });
  const onBeforeDelete = useCallback(
    async ({ nodes: gone, edges: cut }: { nodes: LabFlowNode[]; edges: LabEdge[] }) => {
      await remove(
        gone.filter((n) => n.type !== 'cxl-root').map((n) => n.id),
        cut.filter((e): e is LinkEdge => e.type === 'link'),
      );
      return false; // the store's next view removes them
    },
    [remove],
  );

  const autoLayout = useCallback(async () => {
    const doc = editDoc();
    if (doc === null || engine === null) return;
    if (await apply({ ok: true, doc: engine.clearPositions(doc) }))
      requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
  }, [editDoc, apply, fitView, engine]);
  return { onNodeDragStop, onBeforeDelete, autoLayout };
}

/** Adding components: palette clicks (below the selection, else mid-view) and palette drops. */
export function useAddEdits(
  { editDoc, apply, engine }: EditApply,
  notify: Notify,
  wrapper: RefObject<HTMLDivElement | null>,
) {
  const store = useLabStoreApi();
  const { screenToFlowPosition } = useReactFlow();
  const place = useFreeSpot();

  /** Adds a component of `kind`: at `at` (canvas coordinates, centre), attached below `parent` if the rules allow. */
  const addAt = useCallback(
    (kind: PaletteItem, at: { x: number; y: number } | null, parent: string | null) => {
      const doc = editDoc();
      if (doc === null || engine === null) return;
      const size = nodeSize(
        { kind: kind === 'rch' ? 'host-bridge' : kind, id: '', parent: '' } as ComponentSpec,
        0,
      );
      // Centred on the pointer, nudged to the nearest spot that overlaps no node (placement.ts).
      const position =
        at === null ? undefined : place({ x: at.x - size.width / 2, y: at.y - size.height / 2, ...size });
      const added = engine.addComponent(doc, kind, position);
      if (!added.ok) return void notify(added.reason);
      const id = added.created?.[0] ?? '';
      if (parent === null) return void apply(added, id);
      const verdict = engine.checkConnection(
        engine.connectGraph(ROOT_NODE_ID, added.doc),
        { node: parent, handle: windowOfHandle(null) },
        { node: id },
      );
      if (!verdict.ok) {
        notify(`${id} added but not connected: ${verdict.reason}`, 'info');
        return void apply(added, id);
      }
      // Attached to a parent: the tree layout places it below the parent (no position of its own).
      const connected = engine.connect(added.doc, verdict);
      if (connected.ok) {
        for (const c of [...connected.doc.spec.components, ...connected.doc.drafts]) {
          if (c.id === id) delete c.position;
        }
      }
      void apply(connected, id);
    },
    [editDoc, apply, notify, engine, place],
  );

  useEffect(
    () =>
      onAddRequest((kind) => {
        const selected = store.getState().selectedId;
        if (selected !== null && selected !== ROOT_NODE_ID) return addAt(kind, null, selected);
        if (kind === 'host-bridge' || kind === 'rch') return addAt(kind, null, null);
        const box = wrapper.current?.getBoundingClientRect();
        const centre =
          box === undefined
            ? null
            : screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
        addAt(kind, centre, null);
      }),
    [store, addAt, screenToFlowPosition, wrapper],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isPaletteItem(kind)) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addAt(kind, at, nodeIdAt(event));
    },
    [screenToFlowPosition, addAt],
  );
  return { onDragOver, onDrop };
}
