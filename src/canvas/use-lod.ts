// The canvas's level of detail from React Flow's zoom (with hysteresis) and which card the peek label
// names (under the pointer, else with keyboard focus): first-paint state; the label is `LodPeek.tsx`.
import { type ReactFlowState, useStore } from '@xyflow/react';
import { type FocusEvent, useCallback, useRef, useState } from 'react';
import { type Lod, nextLod } from './lod';

/**
 * The level of detail at the current zoom. The selector re-runs on every pan frame but returns the
 * same string, so the canvas re-renders only when the level changes.
 */
export function useLevelOfDetail(): Lod {
  const last = useRef<Lod>('full');
  const select = useCallback((s: ReactFlowState) => nextLod(last.current, s.transform[2]), []);
  const lod = useStore(select);
  last.current = lod;
  return lod;
}

/** The card to name, kept outside React state so hovering during a pan re-renders only LodPeek. */
export interface PeekTarget {
  get: () => string | null;
  subscribe: (listener: () => void) => () => void;
  onNodeMouseEnter: (e: unknown, node: { id: string }) => void;
  onNodeMouseLeave: () => void;
  onFocus: (e: FocusEvent<HTMLElement>) => void;
  onBlur: () => void;
}

/** Which card to name: the one under the pointer, else the one with keyboard focus. */
export function usePeekTarget(): PeekTarget {
  const [target] = useState(() => {
    let hovered: string | null = null;
    let focused: string | null = null;
    const listeners = new Set<() => void>();
    const update = (h: string | null, f: string | null) => {
      if (h === hovered && f === focused) return;
      hovered = h;
      focused = f;
      for (const l of listeners) l();
    };
    return {
      get: () => hovered ?? focused,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onNodeMouseEnter: (_e: unknown, node: { id: string }) => update(node.id, focused),
      onNodeMouseLeave: () => update(null, focused),
      onFocus: (e: FocusEvent<HTMLElement>) =>
        update(hovered, e.target.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? null),
      onBlur: () => update(hovered, null),
    } satisfies PeekTarget;
  });
  return target;
}
