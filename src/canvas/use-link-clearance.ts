/**
 * Keeps handles' pointer targets off other links' lines: after the links or nodes change, measures
 * each drawn link and handle and sets `--hit-far` / `--hit-left` / `--hit-right` (canvas px) on the
 * handles whose target would cover a stroke (build.css clips the target there; link-clearance.ts).
 */
import { useStoreApi } from '@xyflow/react';
import { type RefObject, useEffect } from 'react';
import {
  type Clearance,
  clearance,
  type HandleReach,
  pathCorners,
  type Segment,
  SegmentGrid,
  segmentsOf,
} from './link-clearance';
import { HANDLE_HIT_MAX } from './use-handle-hit';

/** The largest target (use-handle-hit.ts): 8 px into the card, the rest outward, half either side. */
const REACH: HandleReach = { inner: 8, outer: HANDLE_HIT_MAX - 8, side: HANDLE_HIT_MAX / 2 };
/** Offset between region lanes (edges/LinkEdge.tsx) and half a stroke. */
const LANE = 3.5;
const STROKE_HALF = 1.5;
/** Bucket size for the segment grid: more than a target's reach plus a stroke. */
const CELL = 64;

/** Every drawn link's runs, in canvas px (its path's own coordinates). */
function linkSegments(root: HTMLElement): Segment[] {
  const out: Segment[] = [];
  for (const edge of root.querySelectorAll<SVGGElement>('.react-flow__edge')) {
    const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-interaction, path.lab-link');
    const d = path?.getAttribute('d');
    if (d == null) continue;
    const lanes = Math.max(1, edge.querySelectorAll('path.lab-link').length);
    out.push(...segmentsOf(pathCorners(d), ((lanes - 1) / 2) * LANE + STROKE_HALF));
  }
  return out;
}

function setVar(el: HTMLElement, name: string, value: number | null): void {
  const text = value === null ? '' : `${Math.floor(value * 10) / 10}px`;
  if (el.style.getPropertyValue(name) !== text) el.style.setProperty(name, text);
}

function apply(el: HTMLElement, c: Clearance): void {
  setVar(el, '--hit-far', c.far);
  setVar(el, '--hit-left', c.left);
  setVar(el, '--hit-right', c.right);
}

/** Measures and sets every handle's clearance once (canvas px from the viewport's transform). */
function measure(root: HTMLElement, transform: [number, number, number]): void {
  const [tx, ty, zoom] = transform;
  if (zoom <= 0) return;
  const grid = new SegmentGrid(linkSegments(root), CELL);
  const origin = root.getBoundingClientRect();
  for (const handle of root.querySelectorAll<HTMLElement>('.react-flow__handle.lab-handle')) {
    const side = handle.classList.contains('react-flow__handle-top')
      ? 'top'
      : handle.classList.contains('react-flow__handle-bottom')
        ? 'bottom'
        : null;
    if (side === null) continue;
    const box = handle.getBoundingClientRect();
    const dot = {
      x: (box.left + box.width / 2 - origin.left - tx) / zoom,
      y: (box.top + box.height / 2 - origin.top - ty) / zoom,
    };
    apply(handle, clearance(dot, side, grid.near(dot), REACH));
  }
}

/**
 * Re-measures (on the next frames, once React has drawn them) whenever the flow's nodes or links
 * change; panning and zooming change neither.
 */
export function useLinkClearance(wrapper: RefObject<HTMLDivElement | null>): void {
  const flow = useStoreApi();
  useEffect(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      const root = wrapper.current?.querySelector<HTMLElement>('.react-flow');
      if (root != null) measure(root, flow.getState().transform);
    };
    // Two frames: the first lets React commit the store's change, the second reads the drawn paths.
    const schedule = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(run);
      });
    };
    schedule();
    let last = flow.getState();
    const unsubscribe = flow.subscribe((s) => {
      if (s.nodes === last.nodes && s.edges === last.edges && s.nodeLookup === last.nodeLookup) return;
      last = s;
      schedule();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [flow, wrapper]);
}
