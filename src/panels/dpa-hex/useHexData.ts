// The DPA hex panel's worker data: device chunks fetched on demand and the reverse map of one byte.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import type { ReverseHit } from '../../worker/inspect-types.ts';
import { CHUNK_BYTES } from './hex-model';

const MAX_CACHED_CHUNKS = 64;
const HOVER_DELAY_MS = 60;

export type Chunk = { bytes: Uint8Array; touched: boolean; epoch: number };

/** Chunks of a device's DPA space fetched from the worker on demand; refetched when the lab changes. */
export function useChunks(device: string | null, capacity: number, wanted: readonly number[]) {
  const query = useLabStore((s) => s.query);
  const view = useLabStore(selectView);
  const cache = useRef(new Map<string, Chunk>());
  const inflight = useRef(new Set<string>());
  const [, setTick] = useState(0);
  const epoch = useRef(0);
  const lastView = useRef(view);
  if (lastView.current !== view) {
    lastView.current = view;
    epoch.current++;
  }
  const current = epoch.current;
  const wantedKey = wanted.join(',');

  useEffect(() => {
    if (device === null || view === null || wantedKey === '') return;
    for (const c of wantedKey.split(',').map(Number)) {
      const key = `${device}:${c}`;
      const have = cache.current.get(key);
      const flight = `${key}@${current}`;
      if ((have !== undefined && have.epoch === current) || inflight.current.has(flight)) continue;
      inflight.current.add(flight);
      const dpa = c * CHUNK_BYTES;
      const length = Math.min(CHUNK_BYTES, capacity - dpa);
      if (length <= 0) continue;
      void query('dpa.read', { device, dpa, length }).then((r) => {
        inflight.current.delete(flight);
        if (!r.ok) return;
        cache.current.delete(key);
        cache.current.set(key, {
          bytes: r.value.bytes,
          touched: r.value.touchedPages.length > 0,
          epoch: current,
        });
        while (cache.current.size > MAX_CACHED_CHUNKS) {
          const oldest = cache.current.keys().next().value;
          if (oldest === undefined) break;
          cache.current.delete(oldest);
        }
        setTick((n) => n + 1);
      });
    }
  }, [device, capacity, wantedKey, current, query, view]);

  return useCallback(
    (chunk: number): Chunk | undefined =>
      device === null ? undefined : cache.current.get(`${device}:${chunk}`),
    [device],
  );
}

/** Reverse map of the byte under the pointer (or the cursor): which HPAs reach it. */
export function useReverse(device: string | null, dpa: number | null) {
  const query = useLabStore((s) => s.query);
  const view = useLabStore(selectView);
  const [result, setResult] = useState<{ key: string; hits: ReverseHit[] | null; error?: string } | null>(
    null,
  );
  const key = device === null || dpa === null ? '' : `${device}:${dpa}`;
  useEffect(() => {
    if (device === null || dpa === null || view === null) return;
    let live = true;
    const timer = setTimeout(() => {
      void query('dpa.reverse', { device, dpa }).then((r) => {
        if (!live) return;
        setResult(
          r.ok
            ? { key: `${device}:${dpa}`, hits: r.value.hits }
            : { key: `${device}:${dpa}`, hits: null, error: r.error.message },
        );
      });
    }, HOVER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [device, dpa, query, view]);
  return result?.key === key ? result : null;
}
