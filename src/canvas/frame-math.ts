// Pure arithmetic of framing a set of canvas nodes: their bounds, the padding kept clear of the
// canvas's overlays, and the viewport (pan and zoom) that fits the bounds inside what is left.

export type Box = { x: number; y: number; width: number; height: number };
export type Insets = { top: number; right: number; bottom: number; left: number };
export type Viewport = { x: number; y: number; zoom: number };

/** The smallest box holding every box, or null for none. */
export function boundsOf(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * One side of a React Flow padding, in pixels, read as React Flow reads it (@xyflow/system
 * `parsePadding`): "72px" is pixels, "10%" a share of `size`, a bare number p leaves the content
 * size / (1 + p) of the pane (half the rest on each side).
 */
function side(value: number | string | undefined, size: number): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return (size - size / (1 + value)) / 2;
  const n = Number.parseFloat(value);
  if (!Number.isFinite(n)) return 0;
  if (value.endsWith('px')) return n;
  return value.endsWith('%') ? (n / 100) * size : 0;
}

type PaddingSides = {
  top?: number | string;
  right?: number | string;
  bottom?: number | string;
  left?: number | string;
};
type PaddingSpec = number | string | (PaddingSides & { x?: number | string; y?: number | string });

/** React Flow's fit padding (as `FIT_VIEW_OPTIONS` gives it) in pixels for a pane of this size. */
export function paddingPx(padding: PaddingSpec | undefined, width: number, height: number): Insets {
  if (padding === undefined || typeof padding !== 'object') {
    return {
      top: side(padding, height),
      bottom: side(padding, height),
      left: side(padding, width),
      right: side(padding, width),
    };
  }
  return {
    top: side(padding.top ?? padding.y, height),
    bottom: side(padding.bottom ?? padding.y, height),
    left: side(padding.left ?? padding.x, width),
    right: side(padding.right ?? padding.x, width),
  };
}

/**
 * The viewport that shows `bounds` as large as fits in the pane inside `insets`, centred there, with
 * the zoom clamped to [minZoom, maxZoom]. Screen = flow × zoom + (x, y).
 */
export function viewportFor(
  bounds: Box,
  pane: { width: number; height: number },
  insets: Insets,
  minZoom: number,
  maxZoom: number,
): Viewport {
  const roomW = Math.max(1, pane.width - insets.left - insets.right);
  const roomH = Math.max(1, pane.height - insets.top - insets.bottom);
  const fit = Math.min(roomW / Math.max(1, bounds.width), roomH / Math.max(1, bounds.height));
  const zoom = Math.max(minZoom, Math.min(maxZoom, fit));
  const cx = bounds.x + bounds.width / 2;
  const cy = bounds.y + bounds.height / 2;
  return {
    x: insets.left + roomW / 2 - cx * zoom,
    y: insets.top + roomH / 2 - cy * zoom,
    zoom,
  };
}

/**
 * The nodes to frame for a set that includes a wide node to one side (the CXL root, centred over every
 * host bridge of a large lab): leave `optional` out when keeping it would cost more than `maxLoss` of
 * the zoom the rest gets and would drop the zoom below `readable`. Returns the ids to frame.
 */
export function framedIds(
  boxes: ReadonlyMap<string, Box>,
  ids: readonly string[],
  optional: string,
  zoomOf: (bounds: Box) => number,
  readable: number,
  maxLoss = 1.5,
): string[] {
  const present = ids.filter((id) => boxes.has(id));
  if (!present.includes(optional) || present.length < 2) return present;
  const rest = present.filter((id) => id !== optional);
  const all = boundsOf(present.map((id) => boxes.get(id) as Box));
  const without = boundsOf(rest.map((id) => boxes.get(id) as Box));
  if (all === null || without === null) return present;
  const withZoom = zoomOf(all);
  const withoutZoom = zoomOf(without);
  return withZoom < readable && withoutZoom > withZoom * maxLoss ? rest : present;
}
