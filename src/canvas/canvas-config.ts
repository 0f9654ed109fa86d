/** The canvas's view settings (fit padding, culling, level of detail) and its DOM helpers for pointer events. */
import type { FitViewOptions } from '@xyflow/react';

/** Render only visible nodes when a lab has more nodes than this and the zoom is at least CULL_FROM_ZOOM. */
export const CULL_FROM_NODES = 150;
export const CULL_FROM_ZOOM = 0.5;

// Nothing overlays the drawing (toolbar, zoom buttons and legend are strips around it): a margin all
// round, a little more below for the arrival badge that hangs under a device during a decode.
export const FIT_VIEW_OPTIONS: FitViewOptions = {
  padding: { top: '24px', bottom: '40px', left: '24px', right: '24px' },
  maxZoom: 1,
};
/** Presentation mode's fits may zoom in this far (small labs fill the projector). */
export const PRESENT_MAX_ZOOM = 1.6;
export const DELETE_KEYS = ['Delete', 'Backspace'];
/** Gap between the tree and pasted or duplicated components. */
export const PASTE_GAP = 80;
/** Below this zoom the canvas draws cards as colour blocks (level of detail). */
export const FAR_ZOOM = 0.3;

export function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The React Flow node under a pointer event, if any. */
export function nodeIdAt(event: { clientX: number; clientY: number }): string | null {
  const el = document.elementFromPoint(event.clientX, event.clientY);
  return el?.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? null;
}

export function pointOf(event: MouseEvent | TouchEvent): { clientX: number; clientY: number } | null {
  if ('changedTouches' in event) {
    const t = event.changedTouches[0];
    return t === undefined ? null : { clientX: t.clientX, clientY: t.clientY };
  }
  return { clientX: event.clientX, clientY: event.clientY };
}
