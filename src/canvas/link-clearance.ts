/**
 * How far a handle's pointer target may reach before it would cover another link's line (pure, in
 * canvas px): so a click anywhere along a link's visible stroke selects the link.
 */

export interface Point {
  x: number;
  y: number;
}

/** One straight piece of a link, axis-aligned (a smooth-step link is vertical and horizontal runs). */
export interface Segment {
  a: Point;
  b: Point;
  /** Half the width of the stroke around the centre line (parallel region lanes widen it). */
  half: number;
}

/** A handle's target around its dot: `inner` px into the card, at most `outer` px outward, `side` px either way. */
export interface HandleReach {
  inner: number;
  outer: number;
  side: number;
}

/** Where a handle's target must stop (px from the dot's centre), or null where nothing is in the way. */
export interface Clearance {
  /** Outward: down for a bottom handle, up for a top one. */
  far: number | null;
  left: number | null;
  right: number | null;
}

/** Room left between the target's edge and a link's stroke, so a click on the stroke's edge is the link's. */
export const CLEAR_GAP = 1.5;

/** Below this distance from the dot, a vertical run ending there is the handle's own link (the notch's job). */
const OWN_END = 8;

/**
 * The corners of a smooth-step link from its SVG path (`getSmoothStepPath` in @xyflow/system: `M`
 * start, `L` runs, one `Q` per rounded bend whose control point is the bend's corner): the polyline
 * the stroke follows to within the bend radius. Any other command ends the list there.
 */
export function pathCorners(d: string): Point[] {
  const out: Point[] = [];
  // Commands are letters other than e/E (an exponent inside a number).
  const commands = d.match(/[A-DF-Za-df-z][^A-DF-Za-df-z]*/g) ?? [];
  for (const command of commands) {
    const n = (command.slice(1).match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    if (n.some((v) => !Number.isFinite(v))) break;
    if (command[0] === 'Q' && n.length === 4) {
      out.push({ x: n[0] as number, y: n[1] as number });
    } else if ((command[0] === 'M' || command[0] === 'L') && n.length === 2) {
      const p = { x: n[0] as number, y: n[1] as number };
      const last = out[out.length - 1];
      if (last === undefined || last.x !== p.x || last.y !== p.y) out.push(p);
    } else break;
  }
  return out;
}

/**
 * The axis-aligned runs between consecutive corners, collinear pieces joined (a run into a bend is
 * one run up to the corner); diagonal ones, never drawn by smooth-step, are skipped.
 */
export function segmentsOf(corners: readonly Point[], half: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < corners.length; i++) {
    const a = corners[i - 1] as Point;
    const b = corners[i] as Point;
    if (a.x !== b.x && a.y !== b.y) continue;
    const last = out[out.length - 1];
    const joins =
      last !== undefined &&
      last.b === a &&
      ((last.a.x === a.x && a.x === b.x) || (last.a.y === a.y && a.y === b.y));
    if (joins) out[out.length - 1] = { a: last.a, b, half };
    else out.push({ a, b, half });
  }
  return out;
}

/** A segment in a handle's frame: x across, y outward from the dot (so a top handle's y is flipped). */
interface Local {
  xa: number;
  xb: number;
  ya: number;
  yb: number;
  margin: number;
}

function toLocal(s: Segment, dot: Point, flip: number): Local {
  const x1 = s.a.x - dot.x;
  const x2 = s.b.x - dot.x;
  const y1 = (s.a.y - dot.y) * flip;
  const y2 = (s.b.y - dot.y) * flip;
  return {
    xa: Math.min(x1, x2),
    xb: Math.max(x1, x2),
    ya: Math.min(y1, y2),
    yb: Math.max(y1, y2),
    margin: s.half + CLEAR_GAP,
  };
}

/**
 * Where the target of the handle whose dot is at `dot` (on a card's `side`) must stop so that it
 * covers no segment's stroke. The handle's own link (a vertical run ending at the dot) is left to
 * the CSS notch. A horizontal run below a bottom handle (above a top one) caps the outward reach; a
 * vertical run beside the dot caps that side, or the outward reach where that keeps more of the
 * target (a run that starts further out).
 */
export function clearance(
  dot: Point,
  side: 'top' | 'bottom',
  segments: readonly Segment[],
  reach: HandleReach,
): Clearance {
  const flip = side === 'top' ? -1 : 1;
  const c: Clearance = { far: null, left: null, right: null };
  const cap = (value: number | null, at: number) =>
    Math.max(0, Math.min(value ?? Number.POSITIVE_INFINITY, at));
  const vertical: Local[] = [];
  for (const s of segments) {
    const l = toLocal(s, dot, flip);
    // Clear of the largest target altogether (plus the stroke).
    if (l.xb < -reach.side - l.margin || l.xa > reach.side + l.margin) continue;
    if (l.yb < -reach.inner - l.margin || l.ya > reach.outer + l.margin) continue;
    // Horizontal runs first: only the outward side matters (links never cross a card).
    if (l.ya !== l.yb) vertical.push(l);
    else if (l.ya > 0) c.far = cap(c.far, l.ya - l.margin);
  }
  vertical.sort((p, q) => Math.abs(p.xa) - Math.abs(q.xa));
  for (const l of vertical) {
    const x = l.xa;
    const farNow = c.far ?? reach.outer;
    if (l.ya - l.margin >= farNow) continue; // starts beyond what the target reaches now
    const own = Math.abs(x) <= 1 && l.ya >= -OWN_END && l.ya <= OWN_END;
    if (own) continue;
    const sideCap = Math.abs(x) - l.margin;
    if (sideCap <= 0) {
      c.far = cap(c.far, l.ya - l.margin); // in the dot's column, further out: stop before it
      continue;
    }
    const leftNow = c.left ?? reach.side;
    const rightNow = c.right ?? reach.side;
    const width = leftNow + rightNow;
    const keepIfFar = l.ya > 0 ? width * (reach.inner + Math.max(0, l.ya - l.margin)) : -1;
    const keepIfSide =
      (width - ((x > 0 ? rightNow : leftNow) - Math.min(sideCap, x > 0 ? rightNow : leftNow))) *
      (reach.inner + farNow);
    if (keepIfFar >= keepIfSide) c.far = cap(c.far, l.ya - l.margin);
    else if (x > 0) c.right = cap(c.right, sideCap);
    else c.left = cap(c.left, sideCap);
  }
  return c;
}

/**
 * Segments bucketed by square cells of `cell` px, so each handle looks only at the links near it
 * (a 16-host lab has thousands of both).
 */
export class SegmentGrid {
  readonly #cells = new Map<string, Segment[]>();
  constructor(
    segments: readonly Segment[],
    private readonly cell: number,
  ) {
    for (const s of segments) {
      const [x0, x1] = [Math.min(s.a.x, s.b.x), Math.max(s.a.x, s.b.x)].map((v) => Math.floor(v / cell));
      const [y0, y1] = [Math.min(s.a.y, s.b.y), Math.max(s.a.y, s.b.y)].map((v) => Math.floor(v / cell));
      for (let cx = x0 as number; cx <= (x1 as number); cx++) {
        for (let cy = y0 as number; cy <= (y1 as number); cy++) {
          const key = `${cx},${cy}`;
          const list = this.#cells.get(key);
          if (list === undefined) this.#cells.set(key, [s]);
          else list.push(s);
        }
      }
    }
  }

  /** The segments with a piece within one cell of `p` (each once). */
  near(p: Point): Segment[] {
    const out = new Set<Segment>();
    const cx = Math.floor(p.x / this.cell);
    const cy = Math.floor(p.y / this.cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const s of this.#cells.get(`${cx + dx},${cy + dy}`) ?? []) out.add(s);
      }
    }
    return [...out];
  }
}
