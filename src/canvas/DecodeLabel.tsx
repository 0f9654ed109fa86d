// The decode path's hop label on the canvas, placed where it covers no node (label-placement.ts).
import { useStoreApi, useViewport } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type Box, type LabelAnchor, placeLabel } from './label-placement';

/** Every node's box on screen (pane coordinates), read when the label moves, not on every frame. */
function useNodeBoxes(): () => Box[] {
  const store = useStoreApi();
  return () => {
    const { nodeLookup, transform } = store.getState();
    const [tx, ty, zoom] = transform;
    const boxes: Box[] = [];
    for (const n of nodeLookup.values()) {
      const p = n.internals.positionAbsolute;
      const w = n.measured.width ?? n.width ?? 0;
      const h = n.measured.height ?? n.height ?? 0;
      boxes.push({ x: p.x * zoom + tx, y: p.y * zoom + ty, w: w * zoom, h: h * zoom });
    }
    return boxes;
  };
}

/**
 * The label of the active hop. It is laid out once unseen to learn its size, then shown beside the hop
 * where it covers no node; when no such place exists it is left out (the decode bar shows the same text).
 */
export function DecodeLabel({
  anchor,
  text,
  failed,
  paneWidth,
  paneHeight,
}: {
  anchor: LabelAnchor;
  text: string;
  failed: boolean;
  paneWidth: number;
  paneHeight: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ text: string; w: number; h: number } | null>(null);
  const viewport = useViewport();
  const nodeBoxes = useNodeBoxes();
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null || size?.text === text) return;
    setSize({ text, w: el.offsetWidth, h: el.offsetHeight });
  }, [text, size]);
  const measured = size?.text === text ? size : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the viewport moves the nodes nodeBoxes reads
  const box = useMemo(
    () =>
      measured === null
        ? null
        : placeLabel(anchor, measured, { width: paneWidth, height: paneHeight }, nodeBoxes()),
    [measured, anchor.left, anchor.right, anchor.y, paneWidth, paneHeight, viewport],
  );
  if (measured !== null && box === null) return null;
  return (
    <div
      ref={ref}
      className={`decode-label${failed ? ' is-failed' : ''}`}
      style={
        box === null
          ? { left: 0, top: 0, visibility: 'hidden' }
          : { left: box.x, top: box.y, transform: 'none' }
      }
      data-testid="decode-label"
    >
      {text}
    </div>
  );
}
