// Creates and starts the one lab store (worker, saved labs) and provides it to the component tree.
import { type ReactNode, useEffect, useState } from 'react';
import type {} from '../lib/test-hook';
import { PRESET_LIST } from '../presets/list';
import { LabStoreContext } from '../state/hooks';
import { type LabRepository, openIndexedDbRepository } from '../state/persistence';
import { createLabStore, type LabStore, type LabStoreDeps } from '../state/store';
import { createEmulatorWorker, LabClient } from '../worker/client';

async function browserRepository(): Promise<LabRepository> {
  try {
    return await openIndexedDbRepository();
  } catch {
    // Private modes without IndexedDB: the lab works, it just forgets on reload.
    return (await import('../state/memory-repository')).createMemoryRepository();
  }
}

function browserDeps(): LabStoreDeps {
  return {
    createClient: () => new LabClient(createEmulatorWorker),
    repository: browserRepository,
    presets: PRESET_LIST,
  };
}

function installHook(store: LabStore): void {
  window.__lab = {
    killWorker: () => store.client().kill('the worker was terminated (window.__lab.killWorker)'),
    throwInWorker: () => {
      void store.client().call('debug.throw', { message: 'test error from window.__lab.throwInWorker' });
    },
    hangWorker: () => {
      void store.client().call('debug.hang', {});
    },
    setHangThreshold: (ms) => {
      store.client().hangAfterMs = ms;
    },
    status: () => {
      const s = store.getState();
      return {
        status: s.status,
        saveStatus: s.saveStatus,
        labId: s.labId,
        workerStarts: store.client().starts,
      };
    },
    focusHost: async (host) => {
      const r = await store.getState().focusHost(host);
      const focus = store.getState().view?.fabric?.focus ?? null;
      return r.ok ? { focus } : { focus, error: r.error.message };
    },
    fmRun: async (sw, command, json) => {
      const r = await store.getState().fmRun({ switch: sw, command, input: { json } });
      return r.ok ? { returnCode: r.value.returnCodeName } : { error: r.error.message };
    },
    fmStep: async (complete) => {
      const r = await store.getState().fmStep(complete);
      return r.ok ? { percent: r.value.percent } : { error: r.error.message };
    },
  };
}

/**
 * Creates one lab store for the lifetime of the app, starts it (worker, saved labs) and provides
 * it to `useLabStore`. The worker is created on start, so a discarded store never starts one.
 */
export function LabStoreProvider({ children, deps }: { children: ReactNode; deps?: LabStoreDeps }) {
  const [store] = useState(() => createLabStore(deps ?? browserDeps()));
  useEffect(() => {
    void store.getState().start();
    installHook(store);
    const flush = () => void store.getState().flushAutosave();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [store]);
  return <LabStoreContext.Provider value={store}>{children}</LabStoreContext.Provider>;
}
