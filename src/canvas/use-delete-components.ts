/**
 * Deleting on the canvas (Delete key, or any menu that deletes): components with everything below
 * them and cut links, as one undoable `topology.set` whose toast says what went and offers Undo.
 */
import { useCallback } from 'react';
import type { EditIntent } from '../lib/edit-summary';
import type { EditDoc, EditResult } from '../lib/topology-edits';
import { useLabStoreApi } from '../state/hooks';
import type { EditEngine } from './edit-engine-type';
import { type LinkEdge, ROOT_NODE_ID } from './to-flow';
import { useCanvasToast } from './use-canvas-toast';

/** The document edits start from, how an edit is sent (false when refused), and the engine. */
export interface DeleteEdits {
  editDoc: () => EditDoc | null;
  apply: (result: EditResult) => Promise<boolean>;
  engine: EditEngine | null;
}

/** Deletes components `ids` (their subtrees go too) and cuts links `cut`; false when refused or not loaded. */
export type DeleteComponents = (ids: readonly string[], cut?: readonly LinkEdge[]) => Promise<boolean>;

/** The links to cut that are not already going with a deleted component (the root's own links stay). */
function linksToCut(cut: readonly LinkEdge[], removed: ReadonlySet<string>): LinkEdge[] {
  return cut.filter(
    (e) =>
      !removed.has(e.target) &&
      !removed.has(e.source) &&
      !(e.source === ROOT_NODE_ID && e.data?.window === null),
  );
}

/** The canvas's delete (Delete key, context menu), over the canvas's edit helpers. */
export function useDeleteWith({ editDoc, apply, engine }: DeleteEdits): DeleteComponents {
  const store = useLabStoreApi();
  const { notify } = useCanvasToast();
  return useCallback(
    async (ids, cut = []) => {
      let doc = editDoc();
      if (doc === null || engine === null) return false;
      const chosen = ids.filter((id) => id !== ROOT_NODE_ID);
      const links = linksToCut(cut, new Set(chosen));
      for (const e of links) {
        const r = engine.disconnect(doc, e.target, e.data?.window ?? undefined);
        if (!r.ok) {
          notify(r.reason);
          return false;
        }
        doc = r.doc;
      }
      if (chosen.length > 0) {
        const r = engine.removeComponents(doc, chosen);
        if (!r.ok) {
          notify(r.reason);
          return false;
        }
        doc = r.doc;
      }
      if (chosen.length === 0 && links.length === 0) return false;
      const intent: EditIntent =
        chosen.length > 0
          ? { kind: 'delete', ids: chosen }
          : { kind: 'disconnect', ids: links.map((e) => e.target) };
      const next = doc;
      return store.getState().undoable(intent, () => apply({ ok: true, doc: next }));
    },
    [editDoc, apply, engine, store, notify],
  );
}
