/** Exports the canvas as an SVG or PNG download named after the lab (the exporter loads on first use). */
import { type RefObject, useCallback } from 'react';
import { useLabStoreApi } from '../state/hooks';
import type { Notify } from './use-canvas-toast';

export function useImageExport(wrapper: RefObject<HTMLDivElement | null>, notify: Notify) {
  const store = useLabStoreApi();
  return useCallback(
    async (format: 'svg' | 'png') => {
      const { downloadCanvasImage } = await import('./export-download');
      await downloadCanvasImage(wrapper.current, store.getState().labName, format, notify);
    },
    [store, notify, wrapper],
  );
}
