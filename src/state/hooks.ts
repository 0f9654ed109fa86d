import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabStore, LabStoreState } from './store';

export const LabStoreContext = createContext<LabStore | null>(null);

/** Reads the lab store through a selector; throws when used outside `<LabStoreProvider>`. */
export function useLabStore<T>(selector: (state: LabStoreState) => T): T {
  const store = useContext(LabStoreContext);
  if (store === null) throw new Error('useLabStore must be used inside <LabStoreProvider>');
  return useStore(store, selector);
}
