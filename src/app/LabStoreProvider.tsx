import { type ReactNode, useState } from 'react';
import type { LabFile } from '../lib/lab-file';
import { LabStoreContext } from '../state/hooks';
import { createLabStore } from '../state/store';

/** Creates one lab store for the lifetime of the app and provides it to `useLabStore`. */
export function LabStoreProvider({ lab, children }: { lab: LabFile; children: ReactNode }) {
  const [store] = useState(() => createLabStore({ lab }));
  return <LabStoreContext.Provider value={store}>{children}</LabStoreContext.Provider>;
}
