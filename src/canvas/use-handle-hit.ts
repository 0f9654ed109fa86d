/**
 * Keeps the handles' pointer targets at least 24 CSS px on screen as the canvas zooms out, by
 * setting `--lab-handle-hit` (canvas px) on the wrapper; no re-render (a store subscription).
 */
import { useStoreApi } from '@xyflow/react';
import { type RefObject, useEffect } from 'react';

/**
 * Hit size in canvas px at zoom 1, and the most it grows to: 24 px on screen down to zoom 0.6
 * (neighbouring port handles, 36 px apart, then share a 4 px rim; below 0.3 handles are hidden).
 */
export const HANDLE_HIT = 28;
export const HANDLE_HIT_MAX = 40;
const MIN_ON_SCREEN = 24;

/** The hit area's side in canvas px at `zoom`: 24 px on screen where room allows. */
export function handleHit(zoom: number): number {
  return Math.min(HANDLE_HIT_MAX, Math.max(HANDLE_HIT, MIN_ON_SCREEN / Math.max(zoom, 0.01)));
}

export function useHandleHit(wrapper: RefObject<HTMLDivElement | null>): void {
  const flow = useStoreApi();
  useEffect(() => {
    let last = -1;
    const update = (zoom: number) => {
      const hit = Math.round(handleHit(zoom));
      if (hit === last) return;
      last = hit;
      wrapper.current?.style.setProperty('--lab-handle-hit', `${hit}px`);
    };
    update(flow.getState().transform[2]);
    return flow.subscribe((s) => update(s.transform[2]));
  }, [flow, wrapper]);
}
