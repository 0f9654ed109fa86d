/**
 * Where a new or dropped component goes: where it was asked for, or the nearest spot that overlaps
 * no other node (pure geometry in canvas coordinates, unit-tested).
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How many of the nearest nodes give candidate edges (all nodes still check every candidate). */
const NEAREST = 48;

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return (
    a.x < b.x + b.width + gap &&
    b.x < a.x + a.width + gap &&
    a.y < b.y + b.height + gap &&
    b.y < a.y + a.height + gap
  );
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Distance between the centres of two rectangles (which nodes are "near"). */
function centreDistance(a: Rect, b: Rect): number {
  return distance(
    { x: a.x + a.width / 2, y: a.y + a.height / 2 },
    { x: b.x + b.width / 2, y: b.y + b.height / 2 },
  );
}

function inside(r: Rect, area: Rect): boolean {
  return (
    r.x >= area.x &&
    r.y >= area.y &&
    r.x + r.width <= area.x + area.width &&
    r.y + r.height <= area.y + area.height
  );
}

/**
 * The top-left corner nearest to `want`'s at which a `want`-sized rectangle keeps `gap` away from
 * every rectangle in `others`, preferring spots wholly inside `within` (the visible part of the
 * canvas) when given. The nearest free spot has each coordinate either `want`'s own or flush (plus
 * `gap`) against some node's edge (or `within`'s), so those are the candidates; they come from the
 * nearest nodes, are tried nearest first and checked against all of them. If none is free (a
 * crowded neighbourhood), the spot below everything is.
 */
export function freeSpot(
  want: Rect,
  others: readonly Rect[],
  gap = 16,
  within?: Rect,
): { x: number; y: number } {
  const free = (x: number, y: number) =>
    !others.some((o) => overlaps({ x, y, width: want.width, height: want.height }, o, gap));
  if (free(want.x, want.y)) return { x: want.x, y: want.y };
  const near = [...others]
    .sort((a, b) => centreDistance(a, want) - centreDistance(b, want))
    .slice(0, NEAREST);
  const xs = [want.x, ...near.flatMap((o) => [o.x - want.width - gap, o.x + o.width + gap])];
  const ys = [want.y, ...near.flatMap((o) => [o.y - want.height - gap, o.y + o.height + gap])];
  if (within !== undefined) {
    xs.push(within.x, within.x + within.width - want.width);
    ys.push(within.y, within.y + within.height - want.height);
  }
  const candidates: { x: number; y: number; d: number; out: number }[] = [];
  for (const x of xs) {
    for (const y of ys) {
      const out =
        within === undefined || inside({ x, y, width: want.width, height: want.height }, within) ? 0 : 1;
      candidates.push({ x, y, d: distance({ x, y }, want), out });
    }
  }
  candidates.sort((a, b) => a.out - b.out || a.d - b.d);
  for (const c of candidates) if (free(c.x, c.y)) return { x: c.x, y: c.y };
  const bottom = Math.max(...others.map((o) => o.y + o.height));
  return { x: want.x, y: bottom + gap };
}

/** A node as the canvas knows it: its position and size (measured, or the size it was given). */
export interface PlacedNode {
  id: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
  measured?: { width?: number; height?: number };
}

/** The rectangles of `nodes` (skipping `except`), for `freeSpot`. */
export function nodeRects(nodes: readonly PlacedNode[], except: ReadonlySet<string> = new Set()): Rect[] {
  return nodes
    .filter((n) => !except.has(n.id))
    .map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? n.width ?? 0,
      height: n.measured?.height ?? n.height ?? 0,
    }));
}

/** The node whose rectangle holds `point` (the topmost: last in `nodes`), skipping `except`. */
export function nodeAtPoint(
  point: { x: number; y: number },
  nodes: readonly PlacedNode[],
  except: ReadonlySet<string>,
): string | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n === undefined || except.has(n.id)) continue;
    const [r] = nodeRects([n]);
    if (
      r !== undefined &&
      point.x >= r.x &&
      point.x <= r.x + r.width &&
      point.y >= r.y &&
      point.y <= r.y + r.height
    )
      return n.id;
  }
  return null;
}
