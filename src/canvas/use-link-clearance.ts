/**
 * Keeps handles' pointer targets off other links' lines: after the links or nodes change, measures
 * each drawn link and handle and sets `--hit-far` / `--hit-left` / `--hit-right` (canvas px) on the
 * handles whose target would cover a stroke (build.css clips the target there; link-clearance.ts).
 */
import { type Edge, type InternalNode, Position, useStoreApi } from '@xyflow/react';
import { type RefObject, useEffect } from 'react';
import {
  type Clearance,
  clearance,
  type HandleReach,
  type Point,
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

/** Each link's runs by its path, kept between measurements (most links do not move). */
type SegmentCache = Map<string, Segment[]>;

/** Every drawn link's runs, in canvas px (its path's own coordinates); attributes only, no layout. */
function linkSegments(root: HTMLElement, cache: SegmentCache): Segment[] {
  const out: Segment[] = [];
  const seen: SegmentCache = new Map();
  for (const edge of Array.from(root.querySelectorAll<SVGGElement>('.react-flow__edge'))) {
    const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-interaction, path.lab-link');
    const d = path?.getAttribute('d');
    if (d == null) continue;
    const lanes = Math.max(1, edge.querySelectorAll('path.lab-link').length);
    const key = `${lanes}:${d}`;
    const segments =
      cache.get(key) ?? seen.get(key) ?? segmentsOf(pathCorners(d), ((lanes - 1) / 2) * LANE + STROKE_HALF);
    seen.set(key, segments);
    for (const segment of segments) out.push(segment);
  }
  cache.clear();
  for (const [key, segments] of seen) cache.set(key, segments);
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

/** Each top or bottom handle's dot centre in canvas px, from React Flow's measurements (no layout). */
function handleDots(
  nodes: ReadonlyMap<string, InternalNode>,
): Map<string, { side: 'top' | 'bottom'; dot: Point }> {
  const out = new Map<string, { side: 'top' | 'bottom'; dot: Point }>();
  for (const n of nodes.values()) {
    const at = n.internals.positionAbsolute;
    const bounds = n.internals.handleBounds;
    for (const h of [...(bounds?.source ?? []), ...(bounds?.target ?? [])]) {
      if (h.position !== Position.Top && h.position !== Position.Bottom) continue;
      out.set(`${n.id}\u0000${h.type}\u0000${h.id ?? ''}`, {
        side: h.position === Position.Top ? 'top' : 'bottom',
        dot: { x: at.x + h.x + h.width / 2, y: at.y + h.y + h.height / 2 },
      });
    }
  }
  return out;
}

/** Sets every drawn handle's clearance once (canvas px): reads attributes and React Flow's store only. */
function measure(root: HTMLElement, nodes: ReadonlyMap<string, InternalNode>, cache: SegmentCache): void {
  const grid = new SegmentGrid(linkSegments(root, cache), CELL);
  const dots = handleDots(nodes);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('.react-flow__handle.lab-handle'))) {
    const type = el.classList.contains('source') ? 'source' : 'target';
    const found = dots.get(`${el.dataset.nodeid ?? ''}\u0000${type}\u0000${el.dataset.handleid ?? ''}`);
    if (found !== undefined) apply(el, clearance(found.dot, found.side, grid.near(found.dot), REACH));
  }
}

/**
 * What the targets depend on: every node's place and size, and which links there are (not the
 * selection, not the viewport). A change of this key re-measures.
 */
function geometryKey(nodes: ReadonlyMap<string, InternalNode>, edges: readonly Edge[]): string {
  const parts: string[] = [];
  for (const n of nodes.values()) {
    const at = n.internals.positionAbsolute;
    parts.push(`${n.id}@${at.x},${at.y},${n.measured.width},${n.measured.height}`);
  }
  for (const e of edges) parts.push(`${e.id}:${e.sourceHandle}>${e.targetHandle}`);
  return parts.join('|');
}

/**
 * Re-measures (on the next frames, once React has drawn them) when the flow's geometry changes:
 * not while a node is being dragged (the pointer is busy; once it is dropped), not on selection,
 * panning or zooming.
 */
export function useLinkClearance(wrapper: RefObject<HTMLDivElement | null>): void {
  const flow = useStoreApi();
  useEffect(() => {
    let frame = 0;
    const cache: SegmentCache = new Map();
    const run = () => {
      frame = 0;
      const root = wrapper.current?.querySelector<HTMLElement>('.react-flow');
      if (root != null) measure(root, flow.getState().nodeLookup, cache);
    };
    // Two frames: the first lets React commit the store's change, the second reads the drawn paths.
    const schedule = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(run);
      });
    };
    let last = flow.getState();
    let key = '';
    const check = (s: typeof last) => {
      if (s.nodes.some((n) => n.dragging === true)) return;
      const next = geometryKey(s.nodeLookup, s.edges);
      if (next === key) return;
      key = next;
      schedule();
    };
    check(last);
    const unsubscribe = flow.subscribe((s) => {
      // Panning and zooming change only the transform: nothing to measure.
      if (s.nodes === last.nodes && s.edges === last.edges && s.nodeLookup === last.nodeLookup) return;
      last = s;
      check(s);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [flow, wrapper]);
}
