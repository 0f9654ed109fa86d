/**
 * Frames the nodes a panel asks for (the Check panel's findings: `frameRequest` in the store). The
 * framing itself is `frameNodes`, the one place to switch to a shared "frame these nodes" hook.
 */
import { type FitViewOptions, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useLabStore } from '../state/hooks';

type FitView = (options?: FitViewOptions) => Promise<boolean>;

/** Fits the view to `ids` (those that exist), not closer than 1× zoom so the neighbours stay in sight. */
export function frameNodes(fitView: FitView, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  // After the next paint: the dock or a panel may just have changed the canvas's size.
  requestAnimationFrame(
    () =>
      void fitView({
        nodes: ids.map((id) => ({ id })),
        padding: 0.5,
        maxZoom: 1,
        duration: reduced ? 0 : 250,
      }),
  );
}

/** Listens for frame requests and frames them. */
export function useFrameRequest(): void {
  const request = useLabStore((s) => s.frameRequest);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (request !== null) frameNodes(fitView, request.ids);
  }, [request, fitView]);
}
