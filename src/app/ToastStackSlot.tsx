/**
 * Where the toast stack goes (`ToastStack.tsx`): its code arrives on idle after the first paint
 * (`prefetch.ts`), or at once when a notice, the crash or a save conflict comes before that.
 */
import { useEffect } from 'react';
import { deferred } from '../lib/deferred';
import { useLabStore } from '../state/hooks';
import { useDeferred } from '../ui/use-deferred';

export const toastStack = deferred(() => import('./ToastStack'));

export function ToastStackSlot() {
  const mod = useDeferred(toastStack);
  const wanted = useLabStore((s) => s.notices.length > 0 || s.crash !== null || s.saveConflict !== null);
  useEffect(() => {
    if (wanted && mod === null) toastStack.load().catch(() => undefined); // tried again on the next notice
  }, [wanted, mod]);
  return mod === null ? null : <mod.ToastStack />;
}
