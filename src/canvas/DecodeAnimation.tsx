// The overlay that animates an access hop by hop along the canvas edges (window → host bridge → … → device).
import './decode-animation.css';
import { useStore as useFlowStore, useViewport } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { type DecodeStep, decodeSteps } from '../lib/decode-steps';
import { ROOT_NODE_ID } from '../lib/ids';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';
import { DecodeArrivals } from './DecodeArrivals';
import { DecodeLabel } from './DecodeLabel';
import { DecodeTrails } from './DecodeTrails';
import { elbow, type Point, type Rect } from './decode-geometry';
import { hostNodeMap } from './fabric/fabric-node-map';
import type { LabelAnchor } from './label-placement';
import { useBringPathIntoView, useHopProgress } from './useDecodePlayback';

/** `prefers-reduced-motion: reduce`, live. */
function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(
    () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches,
  );
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-reduced-motion: reduce)');
    const on = () => setReduced(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduced;
}

/** Node rectangles (flow coordinates) of `ids`, as a string so the selector result compares by value. */
function useRects(ids: readonly string[]): Map<string, Rect> {
  const key = useFlowStore((s) =>
    ids
      .map((id) => {
        const n = s.nodeLookup.get(id);
        if (n === undefined) return `${id}:`;
        const p = n.internals.positionAbsolute;
        return `${id}:${p.x},${p.y},${n.measured.width ?? n.width ?? 0},${n.measured.height ?? n.height ?? 0}`;
      })
      .join('|'),
  );
  return useMemo(() => {
    const out = new Map<string, Rect>();
    for (const part of key.split('|')) {
      // Node ids may hold colons themselves (a multi-host lab's `host::hostA::hb0`): split at the last.
      const at = part.lastIndexOf(':');
      const id = part.slice(0, at);
      const nums = part.slice(at + 1);
      if (at < 0 || nums === '') continue;
      const [x, y, w, h] = nums.split(',').map(Number);
      out.set(id, { x: x ?? 0, y: y ?? 0, w: w ?? 0, h: h ?? 0 });
    }
    return out;
  }, [key]);
}

/** The id of the canvas edge between two nodes (for the window hop: the window's own link). */
function useEdgeIds(steps: readonly DecodeStep[]): Map<number, string> {
  const key = useFlowStore((s) =>
    steps
      .map((step) => {
        if (step.to === null) return '';
        const windowId = step.kind === 'window' ? step.hop?.component : undefined;
        const edge =
          s.edges.find(
            (e) =>
              e.source === step.from &&
              e.target === step.to &&
              (windowId === undefined ||
                (e.data as { window?: string | null } | undefined)?.window === windowId),
          ) ?? s.edges.find((e) => e.source === step.from && e.target === step.to);
        return edge?.id ?? '';
      })
      .join('\u0000'),
  );
  return useMemo(() => {
    const out = new Map<number, string>();
    key.split('\u0000').forEach((id, i) => {
      if (id !== '') out.set(i, id);
    });
    return out;
  }, [key]);
}

const pathCache = new Map<string, Point[]>();

/** Points sampled along an edge's path. */
const SAMPLES = 32;

/** Points along the rendered edge (flow coordinates), or null before it is in the DOM. */
function edgePoints(edgeId: string): Point[] | null {
  const g = document.querySelector(`[data-testid="rf__edge-${CSS.escape(edgeId)}"]`);
  const path = g?.querySelector<SVGPathElement>('path[d]');
  const d = path?.getAttribute('d');
  if (path === null || path === undefined || d === null || d === undefined) return null;
  const cached = pathCache.get(d);
  if (cached !== undefined) return cached;
  const total = path.getTotalLength();
  const pts: Point[] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    const p = path.getPointAtLength((total * i) / SAMPLES);
    pts.push({ x: p.x, y: p.y });
  }
  if (pathCache.size > 500) pathCache.clear();
  pathCache.set(d, pts);
  return pts;
}

/**
 * Where a hop's label goes: beside the middle of the edge it travels (`pts`), or beside the node it
 * stays at (device decode, failure; `at`).
 */
function labelAnchor(
  pts: Point[] | null,
  at: Rect | undefined,
  screenRect: (r: Rect) => Rect,
): LabelAnchor | null {
  const mid = pts === null ? undefined : pts[Math.floor(pts.length / 2)];
  if (mid !== undefined) return { left: mid.x - 14, right: mid.x + 14, y: mid.y };
  if (at === undefined) return null;
  const box = screenRect(at);
  return { left: box.x - 12, right: box.x + box.w + 12, y: box.y + box.h / 2 };
}

/**
 * Component id → canvas node, for a multi-host lab: the trace and the address map name components of
 * the focused host's view (`hb0`, `sw0.vcs0`, `sw0.vcs0.vppb1`, `mld0.ld1`), which sit in its column
 * or on the fabric row. Null for a single-host lab, whose node ids are the component ids.
 */
function useNodeMap(): ReadonlyMap<string, string> | null {
  const fabric = useLabStore((s) => s.view?.fabric);
  return useMemo(() => (fabric === undefined ? null : hostNodeMap(fabric, fabric.focus)), [fabric]);
}

/** The components the address map focuses (a window: root and its host bridges; a region: its members). */
function useFocusIds(
  spec: ReturnType<typeof selectSpec>,
  nodeOf: ReadonlyMap<string, string> | null,
): string[] {
  const focus = useLabStore((s) => s.focus);
  const regions = useLabStore((s) => s.view?.regions);
  return useMemo(() => {
    if (focus === null || spec === null) return [];
    let ids: string[];
    if (focus.kind === 'window') {
      const w = spec.windows.find((x) => x.id === focus.id);
      ids = [ROOT_NODE_ID, ...(w?.targets ?? [])];
    } else ids = regions?.find((r) => r.name === focus.id)?.members ?? [];
    return nodeOf === null ? ids : ids.map((id) => nodeOf.get(id) ?? id);
  }, [focus, spec, regions, nodeOf]);
}

/** The steps with their nodes named as the canvas names them (see `useNodeMap`). */
function onCanvas(steps: DecodeStep[], nodeOf: ReadonlyMap<string, string> | null): DecodeStep[] {
  if (nodeOf === null) return steps;
  return steps.map((s) => ({
    ...s,
    from: nodeOf.get(s.from) ?? s.from,
    to: s.to === null ? null : (nodeOf.get(s.to) ?? s.to),
  }));
}

/**
 * The decode path animation, drawn over the canvas: every read or write from the access console
 * (or the interleave strip) travels along the canvas's edges hop by hop — window → host bridge →
 * root port → switch(es) → device — and each hop is labelled with its decoder and arithmetic.
 * Speed, pause, one-hop steps and replay are in the decode bar under the canvas; with
 * `prefers-reduced-motion` the hops appear one after another without travelling. Also outlines
 * the window or region the address map focuses.
 */
export function DecodeAnimation() {
  const animation = useLabStore((s) => s.animation);
  const speed = useLabStore((s) => s.animationSpeed);
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const advance = useLabStore((s) => s.advanceAnimation);
  const reduced = useReducedMotion();
  const viewport = useViewport();
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);

  const nodeOf = useNodeMap();
  const steps = useMemo(
    () =>
      animation === null || spec === null
        ? []
        : onCanvas(decodeSteps(animation.trace, spec, decoders), nodeOf),
    [animation, spec, decoders, nodeOf],
  );
  const focusIds = useFocusIds(spec, nodeOf);
  const nodeIds = useMemo(() => {
    const ids = new Set<string>(focusIds);
    for (const s of steps) {
      ids.add(s.from);
      if (s.to !== null) ids.add(s.to);
    }
    return [...ids];
  }, [steps, focusIds]);
  const rects = useRects(nodeIds);
  const edgeIds = useEdgeIds(steps);
  useBringPathIntoView(animation, steps, rects, paneWidth, paneHeight, reduced);
  const { position, playing, t } = useHopProgress(animation, steps, reduced, speed, advance);

  const toScreen = (p: Point): Point => ({
    x: p.x * viewport.zoom + viewport.x,
    y: p.y * viewport.zoom + viewport.y,
  });
  const screenRect = (r: Rect): Rect => ({
    x: r.x * viewport.zoom + viewport.x,
    y: r.y * viewport.zoom + viewport.y,
    w: r.w * viewport.zoom,
    h: r.h * viewport.zoom,
  });
  const pointsOf = (index: number, step: DecodeStep): Point[] | null => {
    if (step.to === null) return null;
    const edge = edgeIds.get(index);
    const flowPts = edge === undefined ? null : edgePoints(edge);
    if (flowPts !== null) return flowPts.map(toScreen);
    const a = rects.get(step.from);
    const b = rects.get(step.to);
    return a === undefined || b === undefined ? null : elbow(screenRect(a), screenRect(b)).map((p) => p);
  };

  // Rings around the focused components, drawn with or without an animation.
  const focusRings = focusIds
    .map((id) => rects.get(id))
    .filter((r): r is Rect => r !== undefined)
    .map(screenRect)
    .map((r) => (
      <rect
        key={`f${r.x},${r.y}`}
        className="decode-focus"
        x={r.x - 6}
        y={r.y - 6}
        width={r.w + 12}
        height={r.h + 12}
        rx={10}
      />
    ));

  if (animation === null) {
    return focusRings.length === 0 ? null : (
      <div className="decode-overlay" aria-hidden="true">
        <svg className="decode-overlay__svg" role="presentation">
          {focusRings}
        </svg>
      </div>
    );
  }

  const activeIndex = playing
    ? Math.min(position, steps.length - 1)
    : Math.max(0, Math.min(position, steps.length) - 1);
  const active = steps[activeIndex];
  const activePiece = active?.piece ?? 0;
  const done = position >= steps.length;
  const arrivals = steps
    .map((s, i) => ({ s, i }))
    .filter(
      ({ s, i }) =>
        (s.kind === 'device' || s.kind === 'failure') &&
        (i < position || (i === position && playing && t >= 1)),
    );

  // Where the label goes: beside the middle of the edge the active hop travels, or under the node
  // it stays at (device decode, failure).
  const labelPos =
    active === undefined
      ? null
      : labelAnchor(pointsOf(activeIndex, active), rects.get(active.from), screenRect);

  return (
    <div
      className="decode-overlay"
      data-testid="decode-animation"
      data-state={done ? 'done' : playing ? 'playing' : 'paused'}
      data-step={position}
      data-steps={steps.length}
      data-piece={activePiece}
    >
      <svg className="decode-overlay__svg" role="presentation" aria-hidden="true">
        {focusRings}
        <DecodeTrails
          steps={steps}
          position={position}
          playing={playing}
          t={t}
          activePiece={activePiece}
          pointsOf={pointsOf}
          rects={rects}
          screenRect={screenRect}
        />
      </svg>
      <DecodeArrivals
        arrivals={arrivals}
        rects={rects}
        screenRect={screenRect}
        pieces={animation.trace.pieces}
        activePiece={activePiece}
      />
      {active !== undefined && labelPos !== null && (
        <DecodeLabel
          anchor={labelPos}
          text={active.label}
          failed={active.kind === 'failure'}
          paneWidth={paneWidth}
          paneHeight={paneHeight}
        />
      )}
    </div>
  );
}
