// The DPA hex panel's viewport: rows on screen, the top row per device, wheel scrolling and the scrollbar.
import { type PointerEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { BYTES_PER_ROW, clampTop, thumbFor, topForThumb } from './hex-model';

export const ROW_HEIGHT = 20;

/** The top row (per device; first shown at the last access), rows on screen and the scrollbar's handlers. */
export function useHexViewport(device: string | null, capacity: number, ranges: readonly { dpa: number }[]) {
  const gridRef = useRef<HTMLElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(8);
  const [tops, setTops] = useState<Record<string, number>>({});
  const top =
    device === null
      ? 0
      : clampTop(tops[device] ?? (ranges[0] ? ranges[0].dpa / BYTES_PER_ROW - 2 : 0), capacity, visible);
  const setTop = useCallback(
    (row: number) => {
      if (device !== null) setTops((t) => ({ ...t, [device]: clampTop(row, capacity, visible) }));
    },
    [device, capacity, visible],
  );

  useLayoutEffect(() => {
    const el = gridRef.current;
    if (el === null) return;
    const measure = () => setVisible(Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Wheel scrolling (a native listener: React's is passive and cannot stop the page scrolling).
  const wheelRest = useRef(0);
  useEffect(() => {
    const el = gridRef.current;
    if (el === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rows =
        event.deltaMode === 1
          ? event.deltaY
          : event.deltaMode === 2
            ? event.deltaY * visible
            : event.deltaY / ROW_HEIGHT;
      wheelRest.current += rows;
      const whole = Math.trunc(wheelRest.current);
      if (whole === 0) return;
      wheelRest.current -= whole;
      setTops((t) => (device === null ? t : { ...t, [device]: clampTop(top + whole, capacity, visible) }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [device, top, capacity, visible]);

  // The scrollbar: drag the thumb anywhere in the device; click the track to page.
  const drag = useRef<{ startY: number; startOffset: number } | null>(null);
  const trackHeight = Math.max(1, visible * ROW_HEIGHT);
  const thumb = thumbFor(top, capacity, visible, trackHeight);
  const onThumbDown = (event: PointerEvent<HTMLDivElement>) => {
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startOffset: thumb.offset };
  };
  const onThumbMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d === null) return;
    setTop(topForThumb(d.startOffset + event.clientY - d.startY, capacity, visible, trackHeight));
  };
  const onThumbUp = () => {
    drag.current = null;
  };
  const onTrackDown = (event: PointerEvent<HTMLDivElement>) => {
    const box = trackRef.current?.getBoundingClientRect();
    if (box === undefined) return;
    const y = event.clientY - box.top;
    setTop(y < thumb.offset ? top - visible : top + visible);
  };

  return {
    gridRef,
    trackRef,
    visible,
    top,
    setTop,
    trackHeight,
    thumb,
    onThumbDown,
    onThumbMove,
    onThumbUp,
    onTrackDown,
  };
}
