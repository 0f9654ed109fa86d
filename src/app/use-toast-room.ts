/**
 * Keeps the toast stack off the canvas and off an open lesson panel: beside the canvas when the
 * column to its right (the Inspector) is wide enough, else below it (over the dock), with a height
 * that stops at the canvas's bottom edge.
 */
import { type RefObject, useLayoutEffect } from 'react';

/** Narrowest column the stack goes into beside the canvas (an open Inspector is 280–320 px). */
const MIN_SIDE_WIDTH = 220;
/** Widest the stack gets. */
const MAX_WIDTH = 304;
/** Gap between the stack and the window's or canvas's edge. */
const GAP = 8;
/** Height the stack keeps even when the canvas leaves less (presentation mode): it may then overlap. */
const MIN_HEIGHT = 72;

/** Where the stack goes: its width, its distance from the window's right edge, its height cap. */
export interface ToastRoom {
  width: number | null;
  right: number | null;
  maxHeight: number | null;
}

/**
 * Where the stack may go (pure, for tests), from the canvas's rectangle, the window's size and
 * `endAt`: the x where the free room on the right ends (an open lesson panel's left edge; null
 * when nothing is there, so the room runs to the window's edge). The stack never crosses `endAt`:
 * the lesson's Back / Next / Check buttons sit at that panel's foot.
 */
export function toastRoom(
  canvas: { left: number; right: number; bottom: number } | null,
  viewport: { width: number; height: number },
  endAt: number | null = null,
): ToastRoom {
  if (canvas === null) return { width: null, right: null, maxHeight: null };
  const end = endAt ?? viewport.width;
  const right = viewport.width - end + GAP;
  const side = end - canvas.right - 2 * GAP;
  if (side >= MIN_SIDE_WIDTH) return { width: Math.min(side, MAX_WIDTH), right, maxHeight: null };
  return {
    width: Math.max(0, Math.min(MAX_WIDTH, end - canvas.left - 2 * GAP)),
    right,
    maxHeight: Math.max(MIN_HEIGHT, viewport.height - canvas.bottom - 2 * GAP),
  };
}

/** The open lesson panel's left edge, or null when none shows (no lesson, or presentation mode). */
function lessonPanelLeft(): number | null {
  const panel = document.querySelector<HTMLElement>('[data-testid="lesson-panel"]');
  const box = panel?.getBoundingClientRect();
  return box === undefined || box.width === 0 ? null : box.left;
}

/** Applies `toastRoom` to `stack` whenever the canvas, the window or the lesson panel changes. */
export function useToastRoom(stack: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]');
    const place = () => {
      const el = stack.current;
      if (el === null) return;
      const room = toastRoom(
        canvas?.getBoundingClientRect() ?? null,
        { width: window.innerWidth, height: window.innerHeight },
        lessonPanelLeft(),
      );
      const px = (n: number | null) => (n === null ? '' : `${n}px`);
      el.style.setProperty('--toast-stack-width', px(room.width));
      el.style.setProperty('--toast-stack-right', px(room.right));
      el.style.maxHeight = px(room.maxHeight);
    };
    place();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(place) : null;
    if (canvas !== null) observer?.observe(canvas);
    // The lesson panel is a child of the shell, mounted once its code has loaded.
    const shell = stack.current?.parentElement;
    const mutations = typeof MutationObserver === 'function' ? new MutationObserver(place) : null;
    if (shell !== null && shell !== undefined) mutations?.observe(shell, { childList: true });
    window.addEventListener('resize', place);
    return () => {
      observer?.disconnect();
      mutations?.disconnect();
      window.removeEventListener('resize', place);
    };
  }, [stack]);
}
