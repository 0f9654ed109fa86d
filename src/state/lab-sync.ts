/**
 * Helpers the slices share for turning worker answers into store state: apply a `LabState`
 * (pushing the previous document on the undo stack when asked), adopt a whole lab (new, opened,
 * switched to), and keep the selection pointing at something that exists.
 */
import { fabricPartOf } from '../lib/fabric-node-ids.ts';
import { ROOT_NODE_ID } from '../lib/ids.ts';
import type {
  ArgsOf,
  ErrorOf,
  LabDocument,
  LabState,
  LabStateKind,
  LabView,
  MemoryEntry,
  ResultOf,
} from '../worker/protocol.ts';
import { type LabRecord, revisionOf, type SavedHistory } from './persistence.ts';
import { HISTORY_LIMIT, historyOf } from './saved-history.ts';
import type { ActionResult, LabRuntime, LabStoreState } from './types.ts';

type Set = (partial: Partial<LabStoreState> | ((s: LabStoreState) => Partial<LabStoreState>)) => void;
type Get = () => LabStoreState;

export function sameDocument(a: LabDocument, b: LabDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The selection after `view` arrives: kept when the node still exists (a component of the focused
 * host's view, or a fabric switch or device of a multi-host lab: `fabricNodeId`).
 */
export function keepSelection(selectedId: string | null, view: LabView): string | null {
  if (selectedId === null || selectedId === ROOT_NODE_ID) return selectedId;
  const part = fabricPartOf(selectedId);
  if (part !== null) {
    const fabric = view.fabric?.spec.fabric;
    const exists = fabric?.switches.some((s) => s.id === part) || fabric?.devices.some((d) => d.id === part);
    return exists === true ? selectedId : null;
  }
  return view.spec.components.some((c) => c.id === selectedId) ? selectedId : null;
}

export function labSync(rt: LabRuntime, set: Set, get: Get) {
  /** Applies a configuration change the worker made. */
  function applyState(state: LabState, undoable: boolean): void {
    const prev = get().document;
    const record = undoable && prev !== null && !sameDocument(prev, state.document);
    set((s) => ({
      view: state.view,
      document: state.document,
      selectedId: keepSelection(s.selectedId, state.view),
      ...(record && prev !== null ? { past: [...s.past, prev].slice(-HISTORY_LIMIT), future: [] } : {}),
    }));
  }

  /**
   * One undoable configuration change: the worker call `kind` (answering with a `LabState`), queued
   * after any other change; on success the new state is applied and `pick` chooses what to return.
   */
  function change<K extends LabStateKind, T>(
    kind: K,
    args: ArgsOf<K>,
    pick: (result: ResultOf<K>) => T,
  ): Promise<ActionResult<T, ErrorOf<K>>> {
    return rt.enqueue(async () => {
      const r = await rt.client().call(kind, args);
      if (!r.ok) return r;
      applyState(r.value, true);
      return { ok: true, value: pick(r.value) };
    });
  }

  async function refreshLabs(): Promise<void> {
    const repo = await rt.repository();
    set({ labs: await repo.list() });
  }

  /**
   * Makes `state` the current lab, with `history` (a saved lab's) or a fresh one (a new lab).
   * `revision` is the stored revision it came from, or null for a new lab: that one is saved now,
   * so it appears in the Labs list, unless it is `pristine` (a preset just opened): then it is saved
   * on its first change, and until then the Labs list and the lab opened on the next visit stay.
   */
  async function adopt(
    id: string,
    name: string,
    state: LabState,
    memory: MemoryEntry[],
    revision: number | null,
    history: SavedHistory = { past: [], future: [] },
    pristine = false,
  ): Promise<void> {
    set({
      labId: id,
      labName: name,
      view: state.view,
      document: state.document,
      memory,
      past: history.past,
      future: history.future,
      selectedId: null,
      accessLog: [],
      animation: null,
      focus: null,
      status: 'ready',
      saveConflict: null,
    });
    rt.stored(id, revision, { pristine });
    const repo = await rt.repository();
    if (!pristine) await repo.setCurrentId(id);
    await get().flushAutosave();
    await refreshLabs();
  }

  /** Restores a saved lab in the worker and adopts it, with its saved undo/redo history. */
  async function restoreRecord(record: LabRecord) {
    const r = await rt
      .client()
      .call(
        'lab.restore',
        { document: record.document, memory: record.memory },
        { onProgress: restoreProgress(set) },
      );
    set({ operation: null });
    if (!r.ok) return r;
    await adopt(record.id, record.name, r.value, record.memory, revisionOf(record), historyOf(record));
    return { ok: true as const, value: true as const };
  }

  /**
   * Before the store leaves the open lab: writes pending changes; when they cannot be written
   * (another tab changed the lab), keeps them as a new lab rather than dropping them.
   */
  async function leaveLab(): Promise<void> {
    await get().flushAutosave();
    if (get().saveConflict?.unsaved === true) await get().keepMineAsNewLab();
  }

  return { applyState, change, adopt, restoreRecord, refreshLabs, leaveLab };
}

/** Progress callback for replaying a memory journal: shown in the operation bar. */
export function restoreProgress(set: Set) {
  return (done: number, total: number) =>
    set({
      operation: {
        kind: 'restore',
        label: 'Restoring memory',
        done,
        total,
        cancellable: false,
        cancelling: false,
      },
    });
}
