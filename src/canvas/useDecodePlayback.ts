// The decode animation's playback hooks: keeping the traced path on screen, and the travelling hop's progress.
import { useReactFlow, useViewport } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { DecodeStep } from '../lib/decode-steps';
import type { LabStoreState } from '../state/types';
import type { Rect } from './decode-geometry';

/** At 1×: how long a hop travels along its edge, and how long its label then stays. */
const TRAVEL_MS = 750;
const DWELL_MS = 500;
/** A hop that stays at a node (device decode, failure) is shown this long. */
const STAY_MS = 1100;

/** A new access: when part of its path is off screen, bring the whole path into view. */
export function useBringPathIntoView(
  animation: LabStoreState['animation'],
  steps: readonly DecodeStep[],
  rects: ReadonlyMap<string, Rect>,
  paneWidth: number,
  paneHeight: number,
  reduced: boolean,
): void {
  const viewport = useViewport();
  const { fitView } = useReactFlow();
  // A new access: when part of its path is off screen, bring the whole path into view.
  // (Checked again when the canvas changes size: the decode bar takes room from it as it opens.)
  const shownFor = useRef<string | null>(null);
  useEffect(() => {
    const id = animation?.accessId ?? null;
    const key = `${id}:${paneWidth}x${paneHeight}`;
    if (id === null || shownFor.current === key || steps.length === 0) return;
    shownFor.current = key;
    const ids = [...new Set(steps.flatMap((s) => (s.to === null ? [s.from] : [s.from, s.to])))];
    const outside = ids.some((n) => {
      const r = rects.get(n);
      if (r === undefined) return false;
      const x = r.x * viewport.zoom + viewport.x;
      const y = r.y * viewport.zoom + viewport.y;
      // The arrival badge hangs below a device: keep room for it.
      return (
        x < 0 || y < 0 || x + r.w * viewport.zoom > paneWidth || y + r.h * viewport.zoom + 28 > paneHeight
      );
    });
    if (outside) {
      void fitView({
        nodes: ids.map((n) => ({ id: n })),
        padding: 0.15,
        maxZoom: Math.max(viewport.zoom, 0.5),
        duration: reduced ? 0 : 300,
      });
    }
  }, [animation, steps, rects, viewport, paneWidth, paneHeight, fitView, reduced]);
}

/** Progress (0…1) of the travelling hop, advancing the animation when a hop has been shown long enough. */
export function useHopProgress(
  animation: LabStoreState['animation'],
  steps: readonly DecodeStep[],
  reduced: boolean,
  speed: number,
  advance: () => void,
): { position: number; playing: boolean; t: number } {
  // Progress (0…1) of the travelling hop; restarts when the hop changes.
  const position = animation?.position ?? 0;
  const playing = animation?.playing === true;
  const hopKey = `${animation?.accessId ?? -1}:${position}`;
  const [progress, setProgress] = useState({ key: '', t: 0 });
  const t = progress.key === hopKey ? progress.t : 0;
  const tRef = useRef(0);
  tRef.current = t;

  const current = steps[position];
  const travels = current !== undefined && current.to !== null && !reduced;
  useEffect(() => {
    if (!playing || current === undefined) return;
    const travel = travels ? TRAVEL_MS / speed : 0;
    const total = travel + (travels ? DWELL_MS : STAY_MS) / speed;
    const startT = tRef.current;
    const start = performance.now() - startT * total;
    let frame = 0;
    const tick = (now: number) => {
      const elapsed = now - start;
      const next = travel === 0 ? 1 : Math.min(1, elapsed / travel);
      setProgress((p) => (p.key === hopKey && p.t === next ? p : { key: hopKey, t: next }));
      if (elapsed >= total) {
        advance();
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, current, travels, speed, hopKey, advance]);
  return { position, playing, t };
}
