/** The canvas's toast state: one message at a time (a refused edit, an export problem), gone after a few seconds. */
import { useCallback, useEffect, useState } from 'react';

const TOAST_MS = 6000;

export type ToastTone = 'error' | 'info';
export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
}
export type Notify = (text: string, tone?: ToastTone) => void;

/** The toast's state: `notify` shows a message (replacing any), which clears itself after TOAST_MS. */
export function useCanvasToast(): { toast: Toast | null; notify: Notify; dismiss: () => void } {
  const [toast, setToast] = useState<Toast | null>(null);
  const notify = useCallback<Notify>((text, tone = 'error') => {
    setToast({ id: Date.now(), text, tone });
  }, []);
  const dismiss = useCallback(() => setToast(null), []);
  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return { toast, notify, dismiss };
}
