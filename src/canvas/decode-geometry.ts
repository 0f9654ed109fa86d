// Geometry of the decode animation: points and rectangles on screen, elbow routes and partial paths.

export type Point = { x: number; y: number };
export type Rect = { x: number; y: number; w: number; h: number };

/** A fallback route between two node rectangles: down from one, across, down into the other. */
export function elbow(a: Rect, b: Rect): Point[] {
  const start = { x: a.x + a.w / 2, y: a.y + a.h };
  const end = { x: b.x + b.w / 2, y: b.y };
  const mid = (start.y + end.y) / 2;
  return [start, { x: start.x, y: mid }, { x: end.x, y: mid }, end];
}

export function lengthOf(pts: readonly Point[]): number {
  let n = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (a !== undefined && b !== undefined) n += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return n;
}

/** The points of `pts` up to fraction `t` of its length, ending exactly at that spot. */
export function partial(pts: readonly Point[], t: number): Point[] {
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

export function svgPath(pts: readonly Point[]): string {
  return pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}
