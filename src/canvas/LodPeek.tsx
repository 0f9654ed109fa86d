// The canvas's level of detail from React Flow's zoom (with hysteresis), and, below full detail, the
// name of the card under the pointer or keyboard focus drawn beside it at screen size.
import { type ReactFlowState, useStore } from '@xyflow/react';
import { type FocusEvent, useCallback, useRef, useState, useSyncExternalStore } from 'react';
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

type Peek = {
  left: number;
  top: number;
  width: number;
  height: number;
  paneWidth: number;
  paneHeight: number;
  name: string;
};

/** Where the peeked card is on screen, and its accessible name (as JSON, so the selector compares by value). */
function peekKey(s: ReactFlowState, id: string): string {
  const n = s.nodeLookup.get(id);
  if (n === undefined) return '';
  const [tx, ty, zoom] = s.transform;
  const p = n.internals.positionAbsolute;
  const peek: Peek = {
    left: Math.round(p.x * zoom + tx),
    top: Math.round(p.y * zoom + ty),
    width: Math.round((n.measured.width ?? n.width ?? 0) * zoom),
    height: Math.round((n.measured.height ?? n.height ?? 0) * zoom),
    paneWidth: s.width,
    paneHeight: s.height,
    name: n.ariaLabel ?? n.id,
  };
  return JSON.stringify(peek);
}

/**
 * Below full detail: a ring around the card under the pointer or focus and its name (the node's
 * accessible name) under it, or above it near the bottom of the canvas. Screen readers already read
 * the name from the node, so this is hidden from them.
 */
export function LodPeek({ target, lod }: { target: PeekTarget; lod: Lod }) {
  const id = useSyncExternalStore(target.subscribe, target.get);
  const key = useStore(useCallback((s: ReactFlowState) => (id === null ? '' : peekKey(s, id)), [id]));
  if (lod === 'full' || key === '') return null;
  const { left, top, width, height, paneWidth, paneHeight, name } = JSON.parse(key) as Peek;
  // Under the card (above it near the bottom), starting at its left edge, or ending at its right edge
  // when the card is in the right half of the canvas, so the label stays on the canvas.
  const vertical =
    top + height + 34 < paneHeight ? { top: top + height + 8 } : { bottom: paneHeight - top + 8 };
  const horizontal =
    left + width / 2 < paneWidth / 2
      ? { left: Math.max(4, left) }
      : { right: Math.max(4, paneWidth - left - width) };
  return (
    <div className="lab-peek" aria-hidden="true" data-testid="lod-peek">
      <div
        className="lab-peek__ring"
        style={{ left: left - 4, top: top - 4, width: width + 8, height: height + 8 }}
      />
      <div className="lab-peek__label" style={{ ...vertical, ...horizontal }}>
        {name}
      </div>
    </div>
  );
}
