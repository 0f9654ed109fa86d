/**
 * Export the canvas as SVG or PNG with our own serializer: every node, handle and link of the
 * rendered React Flow viewport is read back as plain shapes in canvas coordinates (boxes with
 * their computed colours and borders, text runs with their fonts, edge paths with their strokes)
 * and written as a standalone SVG (`svg-scene.ts`). The PNG is that SVG rasterized on an offscreen
 * canvas, at twice the canvas scale (less for huge topologies, within the browser's canvas limit).
 * The drawing is the whole topology at zoom 1, whatever part of it is on screen.
 */
import { type Scene, type SceneItem, sceneToSvg } from './svg-scene';

const MAX_CANVAS_SIDE = 16_000;
const MAX_CANVAS_AREA = 120_000_000;

function visibleColor(c: string): string | null {
  if (c === '' || c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c)) return null;
  return c;
}

function transformOf(viewport: HTMLElement): { tx: number; ty: number; zoom: number } {
  const m = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
  return { tx: m.e, ty: m.f, zoom: m.a || 1 };
}

/** Reads the rendered flow into a scene. Returns null when there is no flow on the page. */
export function collectScene(flowElement: HTMLElement): Scene | null {
  const viewport = flowElement.querySelector<HTMLElement>('.react-flow__viewport');
  if (viewport === null) return null;
  const origin = flowElement.getBoundingClientRect();
  const { tx, ty, zoom } = transformOf(viewport);
  const toX = (screenX: number) => (screenX - origin.left - tx) / zoom;
  const toY = (screenY: number) => (screenY - origin.top - ty) / zoom;
  const items: SceneItem[] = [];
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const grow = (x: number, y: number, w: number, h: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
  };

  // Links first, under the nodes.
  for (const path of Array.from(viewport.querySelectorAll<SVGPathElement>('.react-flow__edges path'))) {
    if (path.classList.contains('react-flow__edge-interaction')) continue;
    const style = getComputedStyle(path);
    const stroke = visibleColor(path.getAttribute('stroke') ?? style.stroke);
    const d = path.getAttribute('d');
    if (stroke === null || d === null || style.visibility === 'hidden') continue;
    const dash = style.strokeDasharray === 'none' ? undefined : style.strokeDasharray;
    const transform = path.getAttribute('transform') ?? undefined;
    items.push({
      kind: 'path',
      d,
      stroke,
      strokeWidth: Number.parseFloat(style.strokeWidth) || 1,
      ...(dash === undefined ? {} : { dash }),
      ...(transform === undefined ? {} : { transform }),
    });
    const box = path.getBBox();
    grow(box.x, box.y, box.width, box.height);
  }

  for (const node of Array.from(viewport.querySelectorAll<HTMLElement>('.react-flow__node'))) {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let at: Node | null = walker.currentNode; at !== null; at = walker.nextNode()) {
      if (at instanceof Text) {
        // Whitespace collapses as HTML renders it; leading spaces are kept (the run starts there).
        const text = at.data.replace(/\s+/g, ' ');
        const parent = at.parentElement;
        if (text.trim() === '' || parent === null) continue;
        const style = getComputedStyle(parent);
        if (style.visibility === 'hidden' || style.opacity === '0') continue;
        const range = document.createRange();
        range.selectNodeContents(at);
        const r = range.getBoundingClientRect();
        if (r.width === 0) continue;
        const size = Number.parseFloat(style.fontSize) || 12;
        const height = r.height / zoom;
        items.push({
          kind: 'text',
          x: toX(r.left),
          y: toY(r.top) + (height + size * 0.7) / 2,
          text: text.trimEnd(),
          fontFamily: style.fontFamily,
          fontSize: size,
          fontWeight: style.fontWeight,
          fill: style.color,
        });
        continue;
      }
      if (!(at instanceof HTMLElement)) continue;
      const style = getComputedStyle(at);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) {
        continue;
      }
      const fill = visibleColor(style.backgroundColor);
      const borderWidth = Number.parseFloat(style.borderTopWidth) || 0;
      const stroke =
        borderWidth > 0 && style.borderTopStyle !== 'none' ? visibleColor(style.borderTopColor) : null;
      if (fill === null && stroke === null) continue;
      const r = at.getBoundingClientRect();
      const x = toX(r.left);
      const y = toY(r.top);
      const w = r.width / zoom;
      const h = r.height / zoom;
      items.push({
        kind: 'rect',
        x: x + borderWidth / 2,
        y: y + borderWidth / 2,
        width: Math.max(0, w - borderWidth),
        height: Math.max(0, h - borderWidth),
        radius: Number.parseFloat(style.borderTopLeftRadius) || 0,
        fill,
        stroke,
        strokeWidth: borderWidth,
        ...(style.borderTopStyle === 'dashed' ? { dash: `${borderWidth * 3} ${borderWidth * 2}` } : {}),
      });
      grow(x, y, w, h);
    }
  }
  if (!Number.isFinite(minX)) return null;
  const background = visibleColor(getComputedStyle(flowElement).backgroundColor) ?? '#ffffff';
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY, background, items };
}

export function canvasSvg(flowElement: HTMLElement): string | null {
  const scene = collectScene(flowElement);
  return scene === null ? null : sceneToSvg(scene);
}

/** Rasterizes an SVG document to PNG at `scale` (reduced to fit the browser's canvas limits). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const w = image.naturalWidth;
    const h = image.naturalHeight;
    const fit = Math.min(
      scale,
      MAX_CANVAS_SIDE / w,
      MAX_CANVAS_SIDE / h,
      Math.sqrt(MAX_CANVAS_AREA / (w * h)),
    );
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(w * fit));
    canvas.height = Math.max(1, Math.floor(h * fit));
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas');
    ctx.setTransform(fit, 0, 0, fit, 0, 0);
    ctx.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b === null ? reject(new Error('PNG encoding failed')) : resolve(b)), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
