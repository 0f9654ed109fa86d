// The canvas's level of detail from React Flow's zoom (with hysteresis), and, below full detail, the
// name of the card under the pointer or keyboard focus drawn beside it at screen size.
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

/** Which card to name: the one under the pointer, else the one with keyboard focus. */
export function usePeekTarget() {
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const onNodeMouseEnter = useCallback((_e: unknown, node: { id: string }) => setHovered(node.id), []);
  const onNodeMouseLeave = useCallback(() => setHovered(null), []);
  const onFocus = useCallback((e: FocusEvent<HTMLElement>) => {
    const el = e.target.closest<HTMLElement>('.react-flow__node');
    setFocused(el?.dataset.id ?? null);
  }, []);
  const onBlur = useCallback(() => setFocused(null), []);
  return { target: hovered ?? focused, onNodeMouseEnter, onNodeMouseLeave, onFocus, onBlur };
}

/** Where the peeked card is on screen, and its accessible name (as a string, compared by value). */
function peekKey(s: ReactFlowState, id: string): string {
  const n = s.nodeLookup.get(id);
  if (n === undefined) return '';
  const [tx, ty, zoom] = s.transform;
  const p = n.internals.positionAbsolute;
  const w = (n.measured.width ?? n.width ?? 0) * zoom;
  const h = (n.measured.height ?? n.height ?? 0) * zoom;
  const name = n.ariaLabel ?? n.id;
  return `${Math.round(p.x * zoom + tx)}|${Math.round(p.y * zoom + ty)}|${Math.round(w)}|${Math.round(h)}|${s.height}|${name}`;
}

/**
 * Below full detail: a ring around the card under the pointer or focus and its name (the node's
 * accessible name) under it, or above it near the bottom of the canvas. Screen readers already read
 * the name from the node, so this is hidden from them.
 */
export function LodPeek({ id, lod }: { id: string | null; lod: Lod }) {
  const key = useStore(useCallback((s: ReactFlowState) => (id === null ? '' : peekKey(s, id)), [id]));
  if (lod === 'full' || key === '') return null;
  const [x, y, w, h, paneHeight, ...rest] = key.split('|');
  const left = Number(x);
  const top = Number(y);
  const height = Number(h);
  const below = top + height + 34 < Number(paneHeight);
  return (
    <div className="lab-peek" style={{ left, top }} aria-hidden="true" data-testid="lod-peek">
      <div
        className="lab-peek__ring"
        style={{ left: -4, top: -4, width: Number(w) + 8, height: height + 8 }}
      />
      <div className="lab-peek__label" style={below ? { top: height + 8 } : { bottom: 8 }}>
        {rest.join('|')}
      </div>
    </div>
  );
}
