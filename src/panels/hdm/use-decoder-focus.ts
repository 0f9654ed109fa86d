// The HDM panel's side of "open this decoder" (a Check finding): open its card, scroll to it, focus it.
import { useEffect, useRef } from 'react';
import { useLabStore } from '../../state/hooks';

/**
 * When the store asks for decoder `index` of `current` (and its registers are shown), opens that
 * card through `open(key)`, scrolls it into view and focuses its summary. Returns the index to mark
 * as focused, or null.
 */
export function useDecoderFocus(
  current: string | null,
  ready: boolean,
  open: (key: string) => void,
): number | null {
  const focus = useLabStore((s) => s.decoderFocus);
  const handled = useRef(0);
  useEffect(() => {
    if (focus === null || !ready || focus.component !== current || focus.seq === handled.current) return;
    handled.current = focus.seq;
    open(`${current}:${focus.index}`);
    const frame = requestAnimationFrame(() => {
      const card = document.querySelector<HTMLElement>(`[data-testid="hdm-decoder-${focus.index}"]`);
      card?.scrollIntoView({ block: 'nearest' });
      card?.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [focus, ready, current, open]);
  return focus !== null && focus.component === current ? focus.index : null;
}
