/**
 * Building from scratch on the canvas: re-parent by dropping a node onto a parent, add a child below
 * a component, connect from a list, and the next-step hint's actions. Each is one `topology.set`.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { ComponentKind } from '../cxl/topology/model.ts';
import type { EditDoc, EditResult } from '../lib/topology-edits';
import { useLabStoreApi } from '../state/hooks';
import { pointOf } from './canvas-config';
import type { NextAction } from './next-step';
import { nodeAtPoint } from './placement';
import { type LabFlowNode, ROOT_NODE_ID } from './to-flow';
import type { EditApply } from './use-canvas-edits';
import type { Notify } from './use-canvas-toast';
import { windowHandleId } from './window-handles';

export type DropOutcome = 'none' | 'refused' | 'done';

export interface BuildEdits {
  /** Moves `child` below `parent` (through `handle`: a window's handle on the root); says why not. */
  moveBelow: (parent: string, handle: string | null, child: string) => Promise<boolean>;
  /** Adds a new `kind` below `parent` and selects it. */
  addBelow: (parent: string, kind: ComponentKind) => Promise<boolean>;
  /** Drag stop: a single node dropped onto another becomes its child ('none': it was just a move). */
  dropOnto: (
    event: { clientX: number; clientY: number },
    dragged: readonly LabFlowNode[],
  ) => Promise<DropOutcome>;
  /** Runs a next-step hint's action (the canvas's own part: edits; panels are the caller's). */
  runEdit: (action: NextAction) => Promise<boolean>;
}

/** The build edits over `useEditApply`'s document and apply. */
export function useBuildEdits({ editDoc, apply, engine }: EditApply, notify: Notify): BuildEdits {
  const { screenToFlowPosition, getNodes } = useReactFlow<LabFlowNode>();
  const store = useLabStoreApi();

  const edit = useCallback(
    async (make: (doc: EditDoc) => EditResult, select?: string) => {
      const doc = editDoc();
      if (doc === null || engine === null) return false;
      return apply(make(doc), select);
    },
    [editDoc, apply, engine],
  );

  const moveBelow = useCallback(
    (parent: string, handle: string | null, child: string) =>
      engine === null
        ? Promise.resolve(false)
        : edit((doc) => engine.reparent(doc, ROOT_NODE_ID, parent, handle, child), child),
    [edit, engine],
  );

  const addBelow = useCallback(
    async (parent: string, kind: ComponentKind) => {
      if (engine === null) return false;
      let id = '';
      return edit((doc) => {
        const added = engine.addComponent(doc, kind);
        if (!added.ok) return added;
        id = added.created?.[0] ?? '';
        if (kind === 'host-bridge') return added;
        const moved = engine.reparent(added.doc, ROOT_NODE_ID, parent, null, id);
        return moved.ok ? moved : { ok: false, reason: `No ${kind} added below ${parent}: ${moved.reason}` };
      }).then((ok) => {
        if (ok && id !== '') store.getState().select(id);
        return ok;
      });
    },
    [edit, engine, store],
  );

  const dropOnto = useCallback(
    async (
      event: { clientX: number; clientY: number },
      dragged: readonly LabFlowNode[],
    ): Promise<DropOutcome> => {
      const [only] = dragged;
      if (only === undefined || dragged.length !== 1 || only.type === 'cxl-root') return 'none';
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const target = nodeAtPoint(point, getNodes(), new Set([only.id]));
      const doc = editDoc();
      if (target === null || engine === null || doc === null) return 'none';
      const own = [...doc.spec.components, ...doc.drafts].find((c) => c.id === only.id);
      // Dropped onto its own parent: an ordinary move.
      if (own !== undefined && own.kind !== 'host-bridge' && own.parent === target) return 'none';
      const r = engine.reparent(doc, ROOT_NODE_ID, target, null, only.id);
      if (!r.ok) {
        notify(`${only.id} stays where it was: ${r.reason}`);
        return 'refused';
      }
      return (await apply(r, only.id)) ? 'done' : 'refused';
    },
    [screenToFlowPosition, getNodes, engine, editDoc, apply, notify],
  );

  const runEdit = useCallback(
    async (action: NextAction) => {
      if (engine === null) return false;
      switch (action.kind) {
        case 'add-host-bridge':
          return edit((doc) => engine.addComponent(doc, 'host-bridge'));
        case 'add-window':
          return edit((doc) => engine.addWindow(doc, action.hostBridge));
        case 'add-child':
          return addBelow(action.parent, action.child);
        case 'window-target':
          return moveBelow(ROOT_NODE_ID, windowHandleId(action.window), action.hostBridge);
        default:
          return false;
      }
    },
    [edit, engine, addBelow, moveBelow],
  );

  return { moveBelow, addBelow, dropOnto, runEdit };
}

/**
 * React Flow's drag stop: a node dropped onto another is re-parented there (or, refused, goes back
 * where it was, with the reason); any other drag is an ordinary move (`move`).
 */
export function useDragStop(
  build: BuildEdits,
  move: (event: unknown, node: LabFlowNode, dragged: LabFlowNode[]) => void,
  shown: readonly LabFlowNode[],
  setNodes: (update: (nodes: LabFlowNode[]) => LabFlowNode[]) => void,
) {
  return useCallback(
    (event: MouseEvent | TouchEvent, node: LabFlowNode, dragged: LabFlowNode[]) => {
      const point = pointOf(event);
      if (point === null) return move(event, node, dragged);
      void build.dropOnto(point, dragged).then((outcome) => {
        if (outcome === 'none') return move(event, node, dragged);
        if (outcome === 'done') return;
        const before = new Map(shown.map((n) => [n.id, n.position]));
        setNodes((nodes) =>
          nodes.map((n) => {
            const at = before.get(n.id);
            return at === undefined || !dragged.some((d) => d.id === n.id) ? n : { ...n, position: at };
          }),
        );
      });
    },
    [build, move, shown, setNodes],
  );
}
