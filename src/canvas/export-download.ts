/** Downloads the canvas as an SVG or PNG named after the lab (loaded on the first export). */
import { downloadBlob } from '../lib/file-io';
import { canvasSvg, svgToPng } from './export-image';
import type { Notify } from './use-canvas-toast';

/** Exports the React Flow canvas inside `wrapper`; a failure becomes a toast. */
export async function downloadCanvasImage(
  wrapper: HTMLElement | null,
  labName: string,
  format: 'svg' | 'png',
  notify: Notify,
): Promise<void> {
  const el = wrapper?.querySelector<HTMLElement>('.react-flow');
  // The drawing shows full cards whatever the zoom: full detail while the DOM is read (synchronously).
  const lod = wrapper?.dataset.lod;
  if (wrapper) wrapper.dataset.lod = 'full';
  let svg: string | null = null;
  try {
    svg = el === null || el === undefined ? null : canvasSvg(el);
  } finally {
    if (wrapper && lod !== undefined) wrapper.dataset.lod = lod;
  }
  if (svg === null) return notify('Nothing to export yet');
  const name = (labName || 'topology').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  try {
    if (format === 'svg') downloadBlob(`${name}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
    else downloadBlob(`${name}.png`, await svgToPng(svg));
  } catch (e) {
    notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
