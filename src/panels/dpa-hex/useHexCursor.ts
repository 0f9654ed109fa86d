// The DPA hex panel's cursor: the byte picked with the keyboard or a click, the byte under the pointer, and "go to".
import { type KeyboardEvent, type RefObject, useState } from 'react';
import { BYTES_PER_ROW } from './hex-model';

/** Where a navigation key moves the cursor from `at` (null: not a navigation key). */
function keyTarget(
  key: string,
  ctrlKey: boolean,
  at: number,
  visible: number,
  capacity: number,
): number | null {
  const moves: Record<string, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -BYTES_PER_ROW,
    ArrowDown: BYTES_PER_ROW,
    PageUp: -BYTES_PER_ROW * visible,
    PageDown: BYTES_PER_ROW * visible,
  };
  if (key in moves) return at + (moves[key] ?? 0);
  if (key === 'Home') return ctrlKey ? 0 : at - (at % BYTES_PER_ROW);
  if (key === 'End')
    return ctrlKey ? capacity - 1 : Math.min(capacity - 1, at - (at % BYTES_PER_ROW) + BYTES_PER_ROW - 1);
  return null;
}

/** Cursor and hover over a grid of `capacity` bytes whose top row is `top` with `visible` rows on screen. */
export function useHexCursor(
  gridRef: RefObject<HTMLElement | null>,
  view: { top: number; visible: number; setTop: (row: number) => void },
  capacity: number,
) {
  const { top, visible, setTop } = view;
  const [cursor, setCursor] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  const goTo = (at: number) => {
    setCursor(at);
    setTop(Math.floor(at / BYTES_PER_ROW) - Math.floor(visible / 3));
    gridRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const at = cursor ?? top * BYTES_PER_ROW;
    let next = keyTarget(event.key, event.ctrlKey, at, visible, capacity);
    if (next === null) return;
    event.preventDefault();
    next = Math.max(0, Math.min(capacity - 1, next));
    setCursor(next);
    setHover(null);
    const row = Math.floor(next / BYTES_PER_ROW);
    if (row < top) setTop(row);
    else if (row >= top + visible) setTop(row - visible + 1);
  };

  return { cursor, setCursor, hover, setHover, goTo, onKeyDown, shown: hover ?? cursor };
}
