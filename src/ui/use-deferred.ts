// React side of `lib/deferred.ts`: re-renders once a deferred module has arrived.
import { useSyncExternalStore } from 'react';
import type { Deferred } from '../lib/deferred';

/** The deferred module, or null until it has loaded (this hook does not start the load). */
export function useDeferred<M>(d: Deferred<M>): M | null {
  return useSyncExternalStore(d.subscribe, () => d.value);
}
