// Keeps the drawing in view when the chrome around the canvas changes its size (decode bar, banners,
// a resized dock, a collapsed side panel, presentation mode): a ResizeObserver on the flow's pane.
import { type FitViewOptions, type Rect, useReactFlow, type Viewport } from '@xyflow/react';
import { type RefObject, useEffect, useRef } from 'react';

export interface Size {
  width: number;
  height: number;
}

/** What a change of the pane's size does to the view (pure, for the unit test). */
export type RefitAction =
  | { kind: 'fit' }
  | { kind: 'none' }
  | { kind: 'move'; viewport: Viewport; reason: 'selection' | 'center' };

const SLACK = 2;

function onScreen(rect: Rect, vp: Viewport): Rect {
  return {
    x: rect.x * vp.zoom + vp.x,
    y: rect.y * vp.zoom + vp.y,
    width: rect.width * vp.zoom,
    height: rect.height * vp.zoom,
  };
}

function inside(r: Rect, size: Size): boolean {
  return (
    r.x >= -SLACK &&
    r.y >= -SLACK &&
    r.x + r.width <= size.width + SLACK &&
    r.y + r.height <= size.height + SLACK
  );
}

/**
 * The policy. Everything was on screen before: fit again (the drawing grows or shrinks with the room).
 * Otherwise the user is looking at part of it: keep the selection on screen (centre it when the new size
 * cuts it), or with no selection keep the same point in the middle.
 */
export function refitAction(
  before: Size,
  after: Size,
  vp: Viewport,
  all: Rect | null,
  selection: Rect | null,
): RefitAction {
  if (all === null || after.width <= 0 || after.height <= 0) return { kind: 'none' };
  if (before.width <= 0 || before.height <= 0 || inside(onScreen(all, vp), before)) return { kind: 'fit' };
  if (selection !== null) {
    if (inside(onScreen(selection, vp), after)) return { kind: 'none' };
    const cx = (selection.x + selection.width / 2) * vp.zoom;
    const cy = (selection.y + selection.height / 2) * vp.zoom;
    return {
      kind: 'move',
      reason: 'selection',
      viewport: { x: after.width / 2 - cx, y: after.height / 2 - cy, zoom: vp.zoom },
    };
  }
  const dx = (after.width - before.width) / 2;
  const dy = (after.height - before.height) / 2;
  if (dx === 0 && dy === 0) return { kind: 'none' };
  return { kind: 'move', reason: 'center', viewport: { x: vp.x + dx, y: vp.y + dy, zoom: vp.zoom } };
}

/**
 * Watches the pane inside `wrapper` (React Flow's `.react-flow` element) and applies `refitAction`
 * once per frame while it resizes. `fitOptions` is read when a fit happens, so it may change freely.
 */
export function useRefitOnResize(wrapper: RefObject<HTMLElement | null>, fitOptions: FitViewOptions): void {
  const flow = useReactFlow();
  const options = useRef(fitOptions);
  options.current = fitOptions;
  useEffect(() => {
    const pane = wrapper.current?.querySelector<HTMLElement>('.react-flow');
    if (pane === undefined || pane === null || typeof ResizeObserver === 'undefined') return;
    let last: Size = { width: pane.clientWidth, height: pane.clientHeight };
    let frame = 0;
    const apply = () => {
      frame = 0;
      const now: Size = { width: pane.clientWidth, height: pane.clientHeight };
      if (now.width === last.width && now.height === last.height) return;
      const nodes = flow.getNodes();
      const selected = nodes.filter((n) => n.selected);
      const action = refitAction(
        last,
        now,
        flow.getViewport(),
        nodes.length === 0 ? null : flow.getNodesBounds(nodes),
        selected.length === 0 ? null : flow.getNodesBounds(selected),
      );
      last = now;
      if (action.kind === 'fit') void flow.fitView(options.current);
      else if (action.kind === 'move') void flow.setViewport(action.viewport);
    };
    const observer = new ResizeObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(apply);
    });
    observer.observe(pane);
    return () => {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [wrapper, flow]);
}
