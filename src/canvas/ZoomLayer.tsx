/**
 * The zoom tools' code that loads after the first paint (`use-zoom-tools.tsx` loads it): framing
 * (zoom to selection / path, the store's frame requests), the level-of-detail peek label and Find.
 */
import type { RefObject } from 'react';
import { useEffect } from 'react';
import { useFrameNodes, useFrameRequests, useZoomCommands, type ZoomCommands } from './use-frame';

export { CanvasSearch } from './CanvasSearch';
export { LodPeek } from './LodPeek';

export interface ZoomLayerProps {
  /** The last store frame request carried out (kept by the canvas across this layer's arrival). */
  done: RefObject<number>;
  /** Hands the zoom commands to the canvas's stable forwarders (`use-zoom-tools.tsx`). */
  publish: (zoom: Pick<ZoomCommands, 'zoomToPath' | 'zoomToSelection'>) => void;
}

/** Framing for the canvas: renders nothing, runs the store's frame requests and publishes the commands. */
export function ZoomLayer({ done, publish }: ZoomLayerProps) {
  const frame = useFrameNodes();
  useFrameRequests(frame, done);
  const { zoomToPath, zoomToSelection } = useZoomCommands(frame);
  useEffect(() => publish({ zoomToPath, zoomToSelection }), [publish, zoomToPath, zoomToSelection]);
  return null;
}
