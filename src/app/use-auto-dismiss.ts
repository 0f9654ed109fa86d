/**
 * Auto-dismiss for the toast stack: information goes after a while, errors stay; the clocks stop
 * while the pointer or focus is in the stack and go on with the time they had left.
 */
import { useEffect, useRef } from 'react';
import type { Notice } from '../state/types';

/** How long information stays: a plain note, and one with Undo (time to reach the button). */
export const INFO_TOAST_MS = 6000;
export const UNDO_TOAST_MS = 10000;

/** How long `notice` stays on its own, or null when it stays until dismissed (errors). */
export function toastLifetime(notice: Notice): number | null {
  if (notice.tone === 'error') return null;
  return notice.undo === undefined ? INFO_TOAST_MS : UNDO_TOAST_MS;
}

/** Dismisses each timed notice when its time is up; `paused` stops every clock. */
export function useAutoDismiss(
  notices: readonly Notice[],
  paused: boolean,
  dismiss: (id: number) => void,
): void {
  // Time left per notice id (ms), kept across pauses.
  const left = useRef(new Map<number, number>());
  useEffect(() => {
    const live = new Set(notices.map((n) => n.id));
    for (const id of left.current.keys()) if (!live.has(id)) left.current.delete(id);
    if (paused) return;
    const started = Date.now();
    const timers: ReturnType<typeof setTimeout>[] = [];
    for (const n of notices) {
      const lifetime = toastLifetime(n);
      if (lifetime === null) continue;
      const remaining = left.current.get(n.id) ?? lifetime;
      timers.push(setTimeout(() => dismiss(n.id), remaining));
    }
    return () => {
      const spent = Date.now() - started;
      for (const n of notices) {
        const lifetime = toastLifetime(n);
        if (lifetime === null) continue;
        left.current.set(n.id, Math.max(0, (left.current.get(n.id) ?? lifetime) - spent));
      }
      for (const t of timers) clearTimeout(t);
    };
  }, [notices, paused, dismiss]);
}
