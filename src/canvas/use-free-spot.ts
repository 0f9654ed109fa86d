/** Where a new node goes on the canvas: `freeSpot` against the shown nodes, inside the visible area where it fits. */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { freeSpot, nodeRects, type Rect } from './placement';

export function useFreeSpot(): (want: Rect) => { x: number; y: number } {
  const { getNodes } = useReactFlow();
  const flow = useStoreApi();
  return useCallback(
    (want: Rect) => {
      const { width, height, transform } = flow.getState();
      const [tx, ty, zoom] = transform;
      const visible =
        width > 0 && height > 0
          ? { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom }
          : undefined;
      return freeSpot(want, nodeRects(getNodes()), 16, visible);
    },
    [getNodes, flow],
  );
}
