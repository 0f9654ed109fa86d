/**
 * Keeps the toast stack off the canvas and off an open lesson panel: beside the canvas when the
 * column to its right (the Inspector) is wide enough, else below it (at the dock's foot), with a
 * height that stops at the canvas's bottom edge. The column it sits in makes room for it: the
 * Inspector's body or the dock's panel ends above the stack (`--toast-room-side`,
 * `--toast-room-dock`), so it covers nothing there either.
 */
import { type RefObject, useLayoutEffect } from 'react';

/** Narrowest column the stack goes into beside the canvas (an open Inspector is 280–320 px). */
const MIN_SIDE_WIDTH = 220;
/** Widest the stack gets beside the canvas. */
const MAX_WIDTH = 304;
/**
 * Widest it gets at the dock's foot, where a wider toast is a shorter one, so the dock gives up less
 * height (a 1024 px window's whole column).
 */
const DOCK_MAX_WIDTH = 880;
/** Gap between the stack and the window's or canvas's edge. */
const GAP = 8;
/** Height the stack keeps even when the canvas leaves less (presentation mode): it may then overlap. */
const MIN_HEIGHT = 72;

/**
 * Where the stack goes: its width, its distance from the window's right edge, its height cap, and
 * the column under it, which makes room for it (the Inspector's `side`, the `dock`; null: none).
 */
export interface ToastRoom {
  width: number | null;
  right: number | null;
  maxHeight: number | null;
  over: 'side' | 'dock' | null;
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
  if (canvas === null) return { width: null, right: null, maxHeight: null, over: null };
  const end = endAt ?? viewport.width;
  const side = end - canvas.right - 2 * GAP;
  if (side >= MIN_SIDE_WIDTH)
    return {
      width: Math.min(side, MAX_WIDTH),
      right: viewport.width - end + GAP,
      maxHeight: null,
      over: 'side',
    };
  // Below the canvas: inside the canvas's column (the dock's), right-aligned with it.
  const column = Math.min(end, canvas.right);
  return {
    width: Math.max(0, Math.min(DOCK_MAX_WIDTH, column - canvas.left - 2 * GAP)),
    right: viewport.width - column + GAP,
    maxHeight: Math.max(MIN_HEIGHT, viewport.height - canvas.bottom - 2 * GAP),
    over: 'dock',
  };
}

/** The room the column under the stack keeps free at its foot: the stack's height and a gap above and below. */
export function roomBelow(stackHeight: number): number {
  return stackHeight > 0 ? Math.ceil(stackHeight) + 2 * GAP : 0;
}

/** The open lesson panel's left edge, or null when none shows (no lesson, or presentation mode). */
function lessonPanelLeft(): number | null {
  const panel = document.querySelector<HTMLElement>('[data-testid="lesson-panel"]');
  const box = panel?.getBoundingClientRect();
  return box === undefined || box.width === 0 ? null : box.left;
}

const ROOM_VARS = { side: '--toast-room-side', dock: '--toast-room-dock' } as const;

/**
 * Applies `toastRoom` to `stack` whenever the canvas, the window or the lesson panel changes, and
 * tells the column under it how much room to keep (whenever the stack's height changes too).
 */
export function useToastRoom(stack: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]');
    const root = document.documentElement.style;
    let over: ToastRoom['over'] = null;
    const reserve = () => {
      const height = stack.current?.getBoundingClientRect().height ?? 0;
      for (const [column, name] of Object.entries(ROOM_VARS)) {
        const px = column === over ? roomBelow(height) : 0;
        const text = px > 0 ? `${px}px` : '';
        if (root.getPropertyValue(name) !== text) root.setProperty(name, text);
      }
    };
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
      over = room.over;
      if (over === null) el.removeAttribute('data-over');
      else el.setAttribute('data-over', over);
      reserve();
    };
    place();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(place) : null;
    if (canvas !== null) observer?.observe(canvas);
    // The stack's own height (a toast comes or goes) sets the room kept for it.
    const sized = typeof ResizeObserver === 'function' ? new ResizeObserver(reserve) : null;
    if (stack.current !== null) sized?.observe(stack.current);
    // The lesson panel is a child of the shell, mounted once its code has loaded.
    const shell = stack.current?.parentElement;
    const mutations = typeof MutationObserver === 'function' ? new MutationObserver(place) : null;
    if (shell !== null && shell !== undefined) mutations?.observe(shell, { childList: true });
    window.addEventListener('resize', place);
    return () => {
      observer?.disconnect();
      sized?.disconnect();
      mutations?.disconnect();
      window.removeEventListener('resize', place);
      for (const name of Object.values(ROOM_VARS)) root.removeProperty(name);
    };
  }, [stack]);
}
