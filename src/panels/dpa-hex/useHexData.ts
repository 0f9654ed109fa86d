// The DPA hex panel's worker data: chunks of a device's DPA space or a fabric device's media fetched on demand, and the reverse map of one byte.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import type { MediaByteOwnerView } from '../../worker/fabric-types.ts';
import type { ReverseHit } from '../../worker/inspect-types.ts';
import { CHUNK_BYTES } from './hex-model';

const MAX_CACHED_CHUNKS = 64;
const HOVER_DELAY_MS = 60;

export type Chunk = { bytes: Uint8Array; touched: boolean; epoch: number };

/** Where chunks come from: a device's DPA space (`dpa.read`) or a fabric device's media (`fabric.media`). */
export type ChunkSource = 'dpa' | 'media';

/** Chunks of a device's DPA space (or media) fetched from the worker on demand; refetched when the lab changes. */
export function useChunks(
  device: string | null,
  capacity: number,
  wanted: readonly number[],
  source: ChunkSource = 'dpa',
) {
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
      const key = `${source}:${device}:${c}`;
      const have = cache.current.get(key);
      const flight = `${key}@${current}`;
      if ((have !== undefined && have.epoch === current) || inflight.current.has(flight)) continue;
      inflight.current.add(flight);
      const dpa = c * CHUNK_BYTES;
      const length = Math.min(CHUNK_BYTES, capacity - dpa);
      if (length <= 0) continue;
      const request =
        source === 'media'
          ? query('fabric.media', { device, offset: dpa, length })
          : query('dpa.read', { device, dpa, length });
      void request.then((r) => {
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
  }, [device, capacity, wantedKey, current, query, view, source]);

  return useCallback(
    (chunk: number): Chunk | undefined =>
      device === null ? undefined : cache.current.get(`${source}:${device}:${chunk}`),
    [device, source],
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

/** Reverse map of a fabric device's media byte (`fabric.reverse`): its LD, DPA, host and HPAs. */
export function useMediaReverse(device: string | null, offset: number | null) {
  const query = useLabStore((s) => s.query);
  const view = useLabStore(selectView);
  const [result, setResult] = useState<{
    key: string;
    owner: MediaByteOwnerView | null;
    error?: string;
  } | null>(null);
  const key = device === null || offset === null ? '' : `${device}:${offset}`;
  useEffect(() => {
    if (device === null || offset === null || view === null) return;
    let live = true;
    const timer = setTimeout(() => {
      void query('fabric.reverse', { device, offset }).then((r) => {
        if (!live) return;
        const at = `${device}:${offset}`;
        setResult(
          r.ok ? { key: at, owner: r.value.owner } : { key: at, owner: null, error: r.error.message },
        );
      });
    }, HOVER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [device, offset, query, view]);
  return result?.key === key ? result : null;
}
