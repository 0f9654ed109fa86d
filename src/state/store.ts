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
import { deferred } from '../lib/deferred';
import type { LabClient } from '../worker/client.ts';
import { attachAutosave, clearTimer, markStored, newAutosave, onStorageChange } from './autosave.ts';
import { lazySlice } from './lazy-slice.ts';
import type { LabRepository } from './persistence.ts';
import { createAnimationSlice } from './slices/animation-slice.ts';
import { createCheckSlice } from './slices/check-slice.ts';
import { createHistorySlice } from './slices/history-slice.ts';
import { createLabSlice } from './slices/lab-slice.ts';
import { createNoticeSlice } from './slices/notice-slice.ts';
import { createPanelsSlice } from './slices/panels-slice.ts';
import { createSelectionSlice } from './slices/selection-slice.ts';
import type { LabRuntime, LabStoreDeps, LabStoreState } from './types.ts';

export type { LabStoreDeps, LabStoreState } from './types.ts';

const DEFAULT_AUTOSAVE_MS = 400;

// Used only after the lab is on screen: the named labs' actions, the access console's and the
// panels' (queries, register writes). Their
// code loads when first used, or on idle after the first paint (`prefetchSlices`).
const labsSlice = deferred(() => import('./slices/labs-slice.ts'));
const accessSlice = deferred(() => import('./slices/access-slice.ts'));
const inspectSlice = deferred(() => import('./slices/inspect-slice.ts'));
const fabricSlice = deferred(() => import('./slices/fabric-slice.ts'));

/** Loads the lazily created slices' code (after the first paint, so their first use is not slow). */
export function prefetchSlices(): Promise<unknown> {
  return Promise.all([labsSlice.load(), accessSlice.load(), inspectSlice.load()]);
}

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
  let unwatch: (() => void) | null = null;
  const writerId = deps.writerId ?? randomId('tab');
  const autosave = newAutosave(writerId, deps.autosaveMs ?? DEFAULT_AUTOSAVE_MS);

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
          if (!autosave.disposed) unwatch = repo.watch((change) => onStorageChange(autosave, change));
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
    stored: (labId, revision, options) => markStored(autosave, labId, revision, options?.pristine === true),
  };

  const store = createStore<LabStoreState>()((...a) => ({
    ...createLabSlice(rt)(...a),
    ...createHistorySlice(rt)(...a),
    ...createSelectionSlice()(...a),
    ...createPanelsSlice()(...a),
    ...createNoticeSlice(rt)(...a),
    ...lazySlice(
      rt,
      accessSlice,
      (m) => m.createAccessSlice,
      { accessLog: [], operation: null },
      {
        readMemory: true,
        writeMemory: true,
        fillMemory: true,
        cancelOperation: true,
        clearAccessLog: true,
      },
    )(...a),
    ...lazySlice(
      rt,
      labsSlice,
      (m) => m.createLabsSlice,
      { labs: [] },
      {
        newLab: true,
        switchLab: true,
        renameLab: true,
        deleteLab: true,
        loadStoredVersion: true,
        keepMineAsNewLab: true,
      },
    )(...a),
    ...lazySlice(
      rt,
      inspectSlice,
      (m) => m.createInspectSlice,
      {},
      {
        query: true,
        writeRegister32: true,
        writeRegisterField: true,
        setDecoder: true,
        sendMailbox: true,
        showLessonSolution: true,
        renameComponent: true,
      },
    )(...a),
    ...lazySlice(
      rt,
      fabricSlice,
      (m) => m.createFabricSlice,
      {},
      { focusHost: true, fmRun: true, fmStep: true },
    )(...a),
    ...createAnimationSlice()(...a),
    ...createCheckSlice(rt)(...a),
  }));
  attachAutosave(autosave, store, rt);

  return Object.assign(store, {
    /** The worker client (test hooks: kill, throw). */
    client: () => rt.client(),
    /** Resolves once every action queued so far has finished (edits replayed one after another). */
    settled: (): Promise<unknown> => rt.enqueue(async () => undefined),
    dispose() {
      autosave.disposed = true;
      clearTimer(autosave);
      unwatch?.();
      client?.dispose();
    },
  });
}

export type LabStore = ReturnType<typeof createLabStore>;
