/** Exports the canvas as an SVG or PNG download named after the lab (the exporter loads on first use). */
import { type RefObject, useCallback } from 'react';
import { downloadBlob } from '../lib/file-io';
import { useLabStoreApi } from '../state/hooks';
import type { Notify } from './use-canvas-toast';

export function useImageExport(wrapper: RefObject<HTMLDivElement | null>, notify: Notify) {
  const store = useLabStoreApi();
  return useCallback(
    async (format: 'svg' | 'png') => {
      const { canvasSvg, svgToPng } = await import('./export-image');
      const host = wrapper.current;
      const el = host?.querySelector<HTMLElement>('.react-flow');
      // The drawing shows full cards whatever the zoom: full detail while the DOM is read (synchronously).
      const lod = host?.dataset.lod;
      if (host) host.dataset.lod = 'full';
      let svg: string | null = null;
      try {
        svg = el === null || el === undefined ? null : canvasSvg(el);
      } finally {
        if (host && lod !== undefined) host.dataset.lod = lod;
      }
      if (svg === null) return notify('Nothing to export yet');
      const name = (store.getState().labName || 'topology').toLowerCase().replace(/[^a-z0-9]+/g, '-');
      try {
        if (format === 'svg') downloadBlob(`${name}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
        else downloadBlob(`${name}.png`, await svgToPng(svg));
      } catch (e) {
        notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [store, notify, wrapper],
  );
}
