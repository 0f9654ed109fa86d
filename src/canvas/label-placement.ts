// Where the decode path's hop label goes: beside its hop, on the first side where it covers no node
// and stays inside the canvas; nowhere (the decode bar under the canvas shows the same text) if none.

/** A rectangle on screen, in CSS pixels relative to the canvas pane. */
export type Box = { x: number; y: number; w: number; h: number };

/** The hop's spot: the label goes right of `right` or left of `left`, around height `y`. */
export type LabelAnchor = { left: number; right: number; y: number };

/** Gap kept between the label and a node, and between the label and the canvas's edge. */
const GAP = 4;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;
}

/** Step of the horizontal slide along a row of candidates. */
const SLIDE = 24;

/**
 * Candidate boxes in order of preference: beside the hop (right, then left), then above or below it
 * on either side, then anywhere along those three rows that still touches the hop's x (the gap
 * between two rows of nodes is often the only free room).
 */
function candidates(a: LabelAnchor, w: number, h: number): Box[] {
  const mid = (a.left + a.right) / 2;
  const rows = [a.y - h / 2, a.y - h - 10, a.y + 10];
  const out: Box[] = [];
  for (const y of rows) {
    out.push({ x: a.right + GAP, y, w, h }, { x: a.left - GAP - w, y, w, h });
  }
  const centred = mid - w / 2;
  const xs: number[] = [];
  for (let x = a.left - GAP - w; x <= a.right + GAP; x += SLIDE) xs.push(x);
  xs.sort((p, q) => Math.abs(p - centred) - Math.abs(q - centred));
  for (const y of rows) for (const x of xs) out.push({ x, y, w, h });
  return out;
}

/**
 * The label's box: the first candidate that fits inside the pane (`width` × `height`) and overlaps no
 * node box; null when every candidate covers a node or leaves the pane.
 */
export function placeLabel(
  anchor: LabelAnchor,
  size: { w: number; h: number },
  pane: { width: number; height: number },
  nodes: readonly Box[],
): Box | null {
  for (const box of candidates(anchor, size.w, size.h)) {
    const inside =
      box.x >= GAP && box.y >= GAP && box.x + box.w <= pane.width - GAP && box.y + box.h <= pane.height - GAP;
    if (inside && !nodes.some((n) => overlaps(box, n))) return box;
  }
  return null;
}
