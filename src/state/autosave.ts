/**
 * The store's autosave and cross-tab conflict detection: debounced conditional writes of the lab
 * (document, memory journal, history) to the repository, and the conflict shown when another tab wrote it.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { LabChange, LabRepository, SaveConflictKind } from './persistence.ts';
import { historyToStore } from './saved-history.ts';
import type { LabRuntime, LabStoreState } from './types.ts';

/**
 * A change to the document, the memory journal or the name marks the lab dirty; the write happens
 * `delay` ms after the last change (or at once on `flush`). Writes are conditional on `baseline`, the
 * stored revision this tab last loaded or saved: when another tab wrote the lab in between, nothing
 * is written and the store shows the conflict instead.
 */
export interface Autosave {
  store: StoreApi<LabStoreState> | null;
  rt: LabRuntime | null;
  writerId: string;
  delay: number;
  timer: ReturnType<typeof setTimeout> | null;
  changes: number;
  saved: number;
  writing: Promise<void>;
  baseline: { labId: string; revision: number | null } | null;
  disposed: boolean;
}

export function newAutosave(writerId: string, delay: number): Autosave {
  return {
    store: null,
    rt: null,
    writerId,
    delay,
    timer: null,
    changes: 0,
    saved: 0,
    writing: Promise.resolve(),
    baseline: null,
    disposed: false,
  };
}

function storeOf(a: Autosave): StoreApi<LabStoreState> {
  if (a.store === null) throw new Error('autosave used before its store was attached');
  return a.store;
}

function runtimeOf(a: Autosave): LabRuntime {
  if (a.rt === null) throw new Error('autosave used before its runtime was attached');
  return a.rt;
}

export function clearTimer(a: Autosave): void {
  if (a.timer !== null) clearTimeout(a.timer);
  a.timer = null;
}

/**
 * The lab was loaded from (revision) or bound to (null) storage. A `pristine` new lab (a preset just
 * opened) is not written until it changes: its first change creates its record.
 */
export function markStored(a: Autosave, labId: string, revision: number | null, pristine = false): void {
  a.baseline = { labId, revision };
  if (revision === null && !pristine) return;
  // The state came from storage: nothing to write until it changes.
  a.saved = a.changes;
  clearTimer(a);
  storeOf(a).setState({ saveStatus: 'saved', saveConflict: null });
}

function expected(a: Autosave, labId: string): number | null {
  // Without a baseline for this lab, expect none stored: a write then never replaces a record.
  return a.baseline?.labId === labId ? a.baseline.revision : null;
}

function showConflict(a: Autosave, kind: SaveConflictKind): void {
  clearTimer(a);
  storeOf(a).setState({ saveStatus: 'conflict', saveConflict: { kind, unsaved: a.saved !== a.changes } });
}

/** Another tab (or this one) wrote or removed a lab. */
export function onStorageChange(a: Autosave, change: LabChange): void {
  if (change.writer === a.writerId || a.disposed) return;
  const store = storeOf(a);
  void runtimeOf(a)
    .repository()
    .then((repo) => repo.list())
    .then((labs) => store.setState({ labs }));
  const s = store.getState();
  if (change.id !== s.labId || s.saveConflict !== null) return;
  const known = expected(a, change.id);
  if (known === null) return; // not stored by this tab yet: its first write will tell
  if (change.revision === null) showConflict(a, 'deleted');
  else if (change.revision > known) showConflict(a, 'changed');
}

/**
 * A lab's record was just created (a new lab's, or a preset's on its first change): it becomes the
 * lab opened on the next visit, and the Labs list shows it.
 */
async function firstSaved(store: StoreApi<LabStoreState>, repo: LabRepository, labId: string): Promise<void> {
  if (store.getState().labId !== labId) return;
  await repo.setCurrentId(labId);
  store.setState({ labs: await repo.list() });
}

async function write(a: Autosave): Promise<void> {
  clearTimer(a);
  const store = storeOf(a);
  const rt = runtimeOf(a);
  const target = a.changes;
  const s = store.getState();
  if (target === a.saved || s.labId === null || s.document === null || s.saveConflict !== null) return;
  const labId = s.labId;
  store.setState({ saveStatus: 'saving' });
  try {
    const repo = await rt.repository();
    const expectedRevision = expected(a, labId);
    const outcome = await repo.save(
      {
        id: labId,
        name: s.labName,
        updatedAt: rt.now(),
        document: s.document,
        memory: s.memory,
        history: historyToStore(s.past, s.future),
        writer: a.writerId,
      },
      expectedRevision,
    );
    const current = store.getState().labId === labId;
    if (!outcome.ok) {
      if (current) showConflict(a, outcome.conflict);
      return;
    }
    if (current) a.baseline = { labId, revision: outcome.revision };
    a.saved = Math.max(a.saved, target);
    if (expectedRevision === null) await firstSaved(store, repo, labId);
    if (store.getState().saveConflict === null)
      store.setState({ saveStatus: a.saved === a.changes ? 'saved' : 'pending' });
  } catch (e) {
    store.setState({ saveStatus: 'error' });
    store
      .getState()
      .notify('error', 'The lab could not be saved in this browser', [
        e instanceof Error ? e.message : String(e),
      ]);
  }
}

/** Writes now (after any write under way). */
export function flush(a: Autosave): Promise<void> {
  const run = () => write(a);
  a.writing = a.writing.then(run, run);
  return a.writing;
}

/** Attaches autosave to its store: every saved-state change schedules a write. */
export function attachAutosave(a: Autosave, store: StoreApi<LabStoreState>, rt: LabRuntime): void {
  a.store = store;
  a.rt = rt;
  store.subscribe((s, prev) => {
    if (s.labId === null || (s.status !== 'ready' && s.status !== 'recovering')) return;
    if (
      s.document === prev.document &&
      s.memory === prev.memory &&
      s.labName === prev.labName &&
      s.labId === prev.labId
    )
      return;
    a.changes++;
    if (s.saveConflict !== null) {
      // Nothing is written during a conflict; the banner says these changes are not stored.
      if (!s.saveConflict.unsaved) store.setState({ saveConflict: { ...s.saveConflict, unsaved: true } });
      return;
    }
    if (s.saveStatus !== 'pending') store.setState({ saveStatus: 'pending' });
    if (a.timer !== null) clearTimeout(a.timer);
    a.timer = setTimeout(() => void flush(a), a.delay);
  });
  store.setState({ flushAutosave: () => flush(a) });
}
