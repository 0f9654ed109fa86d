// Below full detail, the name of the card under the pointer or keyboard focus drawn beside it at
// screen size (loaded after the first paint with the zoom layer, `ZoomLayer.tsx`).
import { type ReactFlowState, useStore } from '@xyflow/react';
import { useCallback, useSyncExternalStore } from 'react';
import type { Lod } from './lod';
import type { PeekTarget } from './use-lod';

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
