// The overlay that animates an access hop by hop along the canvas edges (window → host bridge → … → device).
import './decode-animation.css';
import { useStore as useFlowStore, useReactFlow, useViewport } from '@xyflow/react';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { type DecodeStep, decodeSteps } from '../lib/decode-steps';
import { ROOT_NODE_ID } from '../lib/ids';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';

/** At 1×: how long a hop travels along its edge, and how long its label then stays. */
const TRAVEL_MS = 750;
const DWELL_MS = 500;
/** A hop that stays at a node (device decode, failure) is shown this long. */
const STAY_MS = 1100;
/** Points sampled along an edge's path. */
const SAMPLES = 32;

type Point = { x: number; y: number };
type Rect = { x: number; y: number; w: number; h: number };

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
      const [id, nums] = part.split(':');
      if (id === undefined || nums === undefined || nums === '') continue;
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

/** A fallback route between two node rectangles: down from one, across, down into the other. */
function elbow(a: Rect, b: Rect): Point[] {
  const start = { x: a.x + a.w / 2, y: a.y + a.h };
  const end = { x: b.x + b.w / 2, y: b.y };
  const mid = (start.y + end.y) / 2;
  return [start, { x: start.x, y: mid }, { x: end.x, y: mid }, end];
}

function lengthOf(pts: readonly Point[]): number {
  let n = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (a !== undefined && b !== undefined) n += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return n;
}

/** The points of `pts` up to fraction `t` of its length, ending exactly at that spot. */
function partial(pts: readonly Point[], t: number): Point[] {
  if (t >= 1) return [...pts];
  const goal = lengthOf(pts) * Math.max(0, t);
  const out: Point[] = [];
  let run = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (p === undefined) continue;
    if (i === 0) {
      out.push(p);
      continue;
    }
    const a = pts[i - 1] as Point;
    const seg = Math.hypot(p.x - a.x, p.y - a.y);
    if (run + seg >= goal) {
      const f = seg === 0 ? 0 : (goal - run) / seg;
      out.push({ x: a.x + (p.x - a.x) * f, y: a.y + (p.y - a.y) * f });
      return out;
    }
    run += seg;
    out.push(p);
  }
  return out;
}

function svgPath(pts: readonly Point[]): string {
  return pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Widest a hop label gets (CSS max-width) plus a margin. */
const LABEL_ROOM = 350;

/** Where a label may go: right of `right`, or (when that leaves the canvas) left of `left`. */
type Anchor = { left: number; right: number; y: number };

/** The label beside its anchor, flipped to the left when it would leave the canvas on the right. */
function labelStyle(p: Anchor, width: number, height: number): CSSProperties {
  const top = Math.max(24, Math.min(height - 24, p.y));
  const roomRight = width - p.right;
  if (roomRight >= LABEL_ROOM || roomRight >= p.left) return { left: p.right, top };
  return { right: width - p.left, top };
}

/** Colours per traced piece, so an access split across granules shows which piece went where. */
const PIECE_TONES = 6;

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
  const focus = useLabStore((s) => s.focus);
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const regions = useLabStore((s) => s.view?.regions);
  const advance = useLabStore((s) => s.advanceAnimation);
  const reduced = useReducedMotion();
  const viewport = useViewport();
  const { fitView } = useReactFlow();
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);

  const steps = useMemo(
    () => (animation === null || spec === null ? [] : decodeSteps(animation.trace, spec, decoders)),
    [animation, spec, decoders],
  );
  const focusIds = useMemo(() => {
    if (focus === null || spec === null) return [];
    if (focus.kind === 'window') {
      const w = spec.windows.find((x) => x.id === focus.id);
      return [ROOT_NODE_ID, ...(w?.targets ?? [])];
    }
    return regions?.find((r) => r.name === focus.id)?.members ?? [];
  }, [focus, spec, regions]);
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

  // A new access: when part of its path is off screen, bring the whole path into view.
  // (Checked again when the canvas changes size: the decode bar takes room from it as it opens.)
  const shownFor = useRef<string | null>(null);
  useEffect(() => {
    const id = animation?.accessId ?? null;
    const key = `${id}:${paneWidth}x${paneHeight}`;
    if (id === null || shownFor.current === key || steps.length === 0) return;
    shownFor.current = key;
    const ids = [...new Set(steps.flatMap((s) => (s.to === null ? [s.from] : [s.from, s.to])))];
    const outside = ids.some((n) => {
      const r = rects.get(n);
      if (r === undefined) return false;
      const x = r.x * viewport.zoom + viewport.x;
      const y = r.y * viewport.zoom + viewport.y;
      // The arrival badge hangs below a device: keep room for it.
      return (
        x < 0 || y < 0 || x + r.w * viewport.zoom > paneWidth || y + r.h * viewport.zoom + 28 > paneHeight
      );
    });
    if (outside) {
      void fitView({
        nodes: ids.map((n) => ({ id: n })),
        padding: 0.15,
        maxZoom: Math.max(viewport.zoom, 0.5),
        duration: reduced ? 0 : 300,
      });
    }
  }, [animation, steps, rects, viewport, paneWidth, paneHeight, fitView, reduced]);

  // Progress (0…1) of the travelling hop; restarts when the hop changes.
  const position = animation?.position ?? 0;
  const playing = animation?.playing === true;
  const hopKey = `${animation?.accessId ?? -1}:${position}`;
  const [progress, setProgress] = useState({ key: '', t: 0 });
  const t = progress.key === hopKey ? progress.t : 0;
  const tRef = useRef(0);
  tRef.current = t;

  const current = steps[position];
  const travels = current !== undefined && current.to !== null && !reduced;
  useEffect(() => {
    if (!playing || current === undefined) return;
    const travel = travels ? TRAVEL_MS / speed : 0;
    const total = travel + (travels ? DWELL_MS : STAY_MS) / speed;
    const startT = tRef.current;
    const start = performance.now() - startT * total;
    let frame = 0;
    const tick = (now: number) => {
      const elapsed = now - start;
      const next = travel === 0 ? 1 : Math.min(1, elapsed / travel);
      setProgress((p) => (p.key === hopKey && p.t === next ? p : { key: hopKey, t: next }));
      if (elapsed >= total) {
        advance();
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, current, travels, speed, hopKey, advance]);

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
  let labelPos: Anchor | null = null;
  if (active !== undefined) {
    const pts = pointsOf(activeIndex, active);
    const mid = pts === null ? undefined : pts[Math.floor(pts.length / 2)];
    const at = rects.get(active.from);
    if (mid !== undefined) labelPos = { left: mid.x - 14, right: mid.x + 14, y: mid.y };
    else if (at !== undefined) {
      const box = screenRect(at);
      labelPos = { left: box.x - 12, right: box.x + box.w + 12, y: box.y + box.h / 2 };
    }
  }

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
        {steps.map((step, i) => {
          if (i > position || (i === position && !playing && t === 0)) return null;
          const pts = pointsOf(i, step);
          const tone = `decode-tone-${step.piece % PIECE_TONES}`;
          const old = step.piece !== activePiece;
          if (pts === null) {
            const r = rects.get(step.from);
            if (r === undefined) return null;
            const s = screenRect(r);
            return (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
                key={i}
                className={`decode-node ${tone}${step.kind === 'failure' ? ' is-failed' : ''}${old ? ' is-old' : ''}`}
                x={s.x - 4}
                y={s.y - 4}
                width={s.w + 8}
                height={s.h + 8}
                rx={9}
              />
            );
          }
          const shown = i === position ? partial(pts, t) : pts;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
            <g key={i} className={`${tone}${old ? ' is-old' : ''}`}>
              <path className="decode-halo" d={svgPath(shown)} />
              <path className="decode-trail" d={svgPath(shown)} />
              {i === position && shown.length > 0 && (
                <circle className="decode-dot" cx={shown.at(-1)?.x} cy={shown.at(-1)?.y} r={6} />
              )}
            </g>
          );
        })}
      </svg>
      {arrivals.map(({ s, i }) => {
        const r = rects.get(s.from);
        if (r === undefined) return null;
        const box = screenRect(r);
        const piece = animation.trace.pieces[s.piece];
        const ok = s.kind === 'device';
        return (
          <div
            key={i}
            className={`decode-arrival${ok ? '' : ' is-failed'}${s.piece !== activePiece ? ' is-old' : ''}`}
            style={{ left: box.x + box.w / 2, top: box.y + box.h + 6 }}
            data-testid={ok ? `decode-arrival-${s.from}` : `decode-failure-${s.from}`}
          >
            {ok ? `${s.from} · DPA 0x${(piece?.dpa ?? 0).toString(16)}` : '✕ failed here'}
          </div>
        );
      })}
      {active !== undefined && labelPos !== null && (
        <div
          className={`decode-label${active.kind === 'failure' ? ' is-failed' : ''}`}
          style={labelStyle(labelPos, paneWidth, paneHeight)}
          data-testid="decode-label"
        >
          {active.label}
        </div>
      )}
    </div>
  );
}
