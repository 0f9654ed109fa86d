/**
 * Keeps the toast stack off the canvas: beside it when the column to its right (the Inspector) is
 * wide enough, else below it (over the dock), with a height that stops at the canvas's bottom edge.
 */
import { type RefObject, useLayoutEffect } from 'react';

/** Narrowest column the stack goes into beside the canvas (an open Inspector is 280–320 px). */
const MIN_SIDE_WIDTH = 220;
/** Gap between the stack and the window's or canvas's edge. */
const GAP = 8;
/** Height the stack keeps even when the canvas leaves less (presentation mode): it may then overlap. */
const MIN_HEIGHT = 72;

/** Where the stack may go, from the canvas's rectangle and the window's size (pure, for tests). */
export function toastRoom(
  canvas: { right: number; bottom: number } | null,
  viewport: { width: number; height: number },
): { width: number | null; maxHeight: number | null } {
  if (canvas === null) return { width: null, maxHeight: null };
  const side = viewport.width - canvas.right - 2 * GAP;
  if (side >= MIN_SIDE_WIDTH) return { width: Math.min(side, 304), maxHeight: null };
  return { width: null, maxHeight: Math.max(MIN_HEIGHT, viewport.height - canvas.bottom - 2 * GAP) };
}

/** Applies `toastRoom` to `stack` whenever the canvas or the window changes size. */
export function useToastRoom(stack: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]');
    const place = () => {
      const el = stack.current;
      if (el === null) return;
      const room = toastRoom(canvas?.getBoundingClientRect() ?? null, {
        width: window.innerWidth,
        height: window.innerHeight,
      });
      el.style.setProperty('--toast-stack-width', room.width === null ? '' : `${room.width}px`);
      el.style.maxHeight = room.maxHeight === null ? '' : `${room.maxHeight}px`;
    };
    place();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(place) : null;
    if (canvas !== null) observer?.observe(canvas);
    window.addEventListener('resize', place);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', place);
    };
  }, [stack]);
}
