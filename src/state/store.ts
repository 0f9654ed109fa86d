/**
 * DOC: the lab's UI store. `createLabStore(deps)` builds one store per app (no module singleton)
 * from slices typed against the whole store: the lab (worker view, document, memory journal),
 * history (undo/redo), selection, panels, the access console, and the named labs. Provided by
 * `LabStoreProvider`, read through `useLabStore(selector)`.
 *
 * The worker owns the emulator. Every change is a worker call whose answer updates the store; the
 * store keeps the last good state (document + memory journal), which is what autosave writes to
 * IndexedDB (debounced, with the undo/redo history) and what crash recovery replays into a fresh
 * worker.
 */
import { createStore } from 'zustand/vanilla';
import type { LabClient } from '../worker/client.ts';
import type { LabChange, LabRepository, SaveConflictKind } from './persistence.ts';
import { historyToStore } from './saved-history.ts';
import { createAccessSlice } from './slices/access-slice.ts';
import { createAnimationSlice } from './slices/animation-slice.ts';
import { createHistorySlice } from './slices/history-slice.ts';
import { createInspectSlice } from './slices/inspect-slice.ts';
import { createLabSlice } from './slices/lab-slice.ts';
import { createLabsSlice } from './slices/labs-slice.ts';
import { createPanelsSlice } from './slices/panels-slice.ts';
import { createSelectionSlice } from './slices/selection-slice.ts';
import type { LabRuntime, LabStoreDeps, LabStoreState } from './types.ts';

export type { LabStoreDeps, LabStoreState } from './types.ts';

const DEFAULT_AUTOSAVE_MS = 400;

function randomId(prefix = 'lab'): string {
  const c = globalThis.crypto;
  if (c !== undefined && typeof c.randomUUID === 'function') return `${prefix}-${c.randomUUID()}`;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function createLabStore(deps: LabStoreDeps) {
  let client: LabClient | null = null;
  let repository: Promise<LabRepository> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let ids = 1;
  const writerId = deps.writerId ?? randomId('tab');

  // Autosave: a change to the document, the memory journal or the name marks the lab dirty; the
  // write happens `autosaveMs` after the last change (or at once on `flushAutosave`). Writes are
  // conditional on `baseline`, the stored revision this tab last loaded or saved: when another tab
  // wrote the lab in between, nothing is written and the store shows the conflict instead.
  const delay = deps.autosaveMs ?? DEFAULT_AUTOSAVE_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let changes = 0;
  let saved = 0;
  let writing: Promise<void> = Promise.resolve();
  let baseline: { labId: string; revision: number | null } | null = null;
  let unwatch: (() => void) | null = null;
  let disposed = false;

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  const rt: LabRuntime = {
    deps,
    client() {
      if (client === null) {
        client = deps.createClient();
        const started = client;
        started.onCrash((reason) => {
          void store.getState().recover(reason);
        });
      }
      return client;
    },
    repository() {
      if (repository === null) {
        repository = deps.repository();
        void repository.then((repo) => {
          if (!disposed) unwatch = repo.watch(onStorageChange);
        });
      }
      return repository;
    },
    enqueue<T>(task: () => Promise<T>): Promise<T> {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
    abort: null,
    nextId: () => ids++,
    newLabId: deps.newId ?? randomId,
    now: deps.now ?? Date.now,
    writerId,
    stored(labId, revision) {
      baseline = { labId, revision };
      if (revision === null) return;
      // The state came from storage: nothing to write until it changes.
      saved = changes;
      clearTimer();
      store.setState({ saveStatus: 'saved', saveConflict: null });
    },
  };

  const store = createStore<LabStoreState>()((...a) => ({
    ...createLabSlice(rt)(...a),
    ...createHistorySlice(rt)(...a),
    ...createSelectionSlice()(...a),
    ...createPanelsSlice()(...a),
    ...createAccessSlice(rt)(...a),
    ...createLabsSlice(rt)(...a),
    ...createInspectSlice(rt)(...a),
    ...createAnimationSlice()(...a),
  }));

  function expectedRevision(labId: string): number | null {
    // Without a baseline for this lab, expect none stored: a write then never replaces a record.
    return baseline?.labId === labId ? baseline.revision : null;
  }

  function showConflict(kind: SaveConflictKind): void {
    clearTimer();
    store.setState({ saveStatus: 'conflict', saveConflict: { kind, unsaved: saved !== changes } });
  }

  /** Another tab (or this one) wrote or removed a lab. */
  function onStorageChange(change: LabChange): void {
    if (change.writer === writerId || disposed) return;
    void rt
      .repository()
      .then((repo) => repo.list())
      .then((labs) => store.setState({ labs }));
    const s = store.getState();
    if (change.id !== s.labId || s.saveConflict !== null) return;
    const known = expectedRevision(change.id);
    if (known === null) return; // not stored by this tab yet: its first write will tell
    if (change.revision === null) showConflict('deleted');
    else if (change.revision > known) showConflict('changed');
  }

  async function write(): Promise<void> {
    clearTimer();
    const target = changes;
    const s = store.getState();
    if (target === saved || s.labId === null || s.document === null || s.saveConflict !== null) return;
    const labId = s.labId;
    store.setState({ saveStatus: 'saving' });
    try {
      const repo = await rt.repository();
      const outcome = await repo.save(
        {
          id: labId,
          name: s.labName,
          updatedAt: rt.now(),
          document: s.document,
          memory: s.memory,
          history: historyToStore(s.past, s.future),
          writer: writerId,
        },
        expectedRevision(labId),
      );
      const current = store.getState().labId === labId;
      if (!outcome.ok) {
        if (current) showConflict(outcome.conflict);
        return;
      }
      if (current) baseline = { labId, revision: outcome.revision };
      saved = Math.max(saved, target);
      if (store.getState().saveConflict === null)
        store.setState({ saveStatus: saved === changes ? 'saved' : 'pending' });
    } catch (e) {
      store.setState({ saveStatus: 'error' });
      store
        .getState()
        .notify('error', 'The lab could not be saved in this browser', [
          e instanceof Error ? e.message : String(e),
        ]);
    }
  }

  function flush(): Promise<void> {
    writing = writing.then(write, write);
    return writing;
  }

  store.subscribe((s, prev) => {
    if (s.labId === null || (s.status !== 'ready' && s.status !== 'recovering')) return;
    if (
      s.document === prev.document &&
      s.memory === prev.memory &&
      s.labName === prev.labName &&
      s.labId === prev.labId
    )
      return;
    changes++;
    if (s.saveConflict !== null) {
      // Nothing is written during a conflict; the banner says these changes are not stored.
      if (!s.saveConflict.unsaved) store.setState({ saveConflict: { ...s.saveConflict, unsaved: true } });
      return;
    }
    if (s.saveStatus !== 'pending') store.setState({ saveStatus: 'pending' });
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
  });
  store.setState({ flushAutosave: flush });

  return Object.assign(store, {
    /** The worker client (test hooks: kill, throw). */
    client: () => rt.client(),
    dispose() {
      disposed = true;
      clearTimer();
      unwatch?.();
      client?.dispose();
    },
  });
}

export type LabStore = ReturnType<typeof createLabStore>;
