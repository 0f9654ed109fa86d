/** The canvas's messages (a refused edit, an export problem) as notices in the app's toast stack. */
import { useCallback } from 'react';
import { useLabStoreApi } from '../state/hooks';

export type ToastTone = 'error' | 'info';
export type Notify = (text: string, tone?: ToastTone) => void;

/** `notify(text, tone)`: a toast in the stack (errors stay until dismissed, information goes by itself). */
export function useCanvasToast(): { notify: Notify } {
  const store = useLabStoreApi();
  const notify = useCallback<Notify>((text, tone = 'error') => store.getState().notify(tone, text), [store]);
  return { notify };
}
