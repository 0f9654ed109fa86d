// React access to the lab store: its context, `useLabStore(selector)` and `useLabStoreApi()`.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabStore } from './store';
import type { LabStoreState } from './types';

export const LabStoreContext = createContext<LabStore | null>(null);

function useStoreApi(): LabStore {
  const store = useContext(LabStoreContext);
  if (store === null) throw new Error('useLabStore must be used inside <LabStoreProvider>');
  return store;
}

/** Reads the lab store through a selector; throws when used outside `<LabStoreProvider>`. */
export function useLabStore<T>(selector: (state: LabStoreState) => T): T {
  return useStore(useStoreApi(), selector);
}

/** The store itself, for event handlers that read state at call time (`getState()`). */
export function useLabStoreApi(): LabStore {
  return useStoreApi();
}
