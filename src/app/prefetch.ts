/**
 * Code deferred out of the initial bundle (the canvas's edits, header menus, the store's labs and
 * access slices, the toast stack, the zoom tools' framing and Find, the next-step strip, d3's zoom
 * animation) is fetched once the lab has painted and the browser is idle, so a first click does not
 * wait for it. Each part also loads on its first use.
 */
import { useEffect } from 'react';
import { loadCanvasEdits } from '../canvas/CanvasEditsSlot';
import { loadNextStepHint } from '../canvas/NextStepSlot';
import { loadZoomLayer } from '../canvas/use-zoom-tools';
import { loadD3Animation } from '../lib/d3-load';
import { whenIdle } from '../lib/deferred';
import { useLabStoreApi } from '../state/hooks';
import { prefetchSlices } from '../state/store';
import { loadMenuButton } from '../ui/LazyMenuButton';
import { headerMenus } from './HeaderMenuSlots';
import { toastStack } from './ToastStackSlot';

const DEFERRED: readonly (() => Promise<unknown>)[] = [
  loadCanvasEdits,
  () => headerMenus.load(),
  prefetchSlices,
  loadMenuButton,
  () => toastStack.load(),
  loadZoomLayer,
  loadNextStepHint,
  loadD3Animation,
];

/** Once the lab's first view is on the canvas, loads every deferred part when the page is idle. */
export function usePrefetchAfterFirstPaint(): void {
  const store = useLabStoreApi();
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const check = () => {
      if (cancel !== null || store.getState().view === null) return;
      cancel = whenIdle(() => {
        for (const load of DEFERRED) load().catch(() => undefined); // tried again on first use
      });
    };
    const unsubscribe = store.subscribe(check);
    check();
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [store]);
}
