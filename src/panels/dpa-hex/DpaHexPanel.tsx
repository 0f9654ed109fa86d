// The DPA hex dock panel: a device's memory as virtualized hex rows, with the HPAs that reach a byte.
import './dpa-hex.css';
import {
  type KeyboardEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { asciiChar, formatBytes, formatHex, parseQuantity } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import { CommitInput } from '../../ui/CommitInput';
import type { ReverseHit } from '../../worker/inspect-types.ts';
import { PanelIntro } from '../PanelIntro';
import {
  BYTES_PER_ROW,
  CHUNK_BYTES,
  chunksFor,
  clampTop,
  dpaText,
  inRanges,
  lastAccessRanges,
  thumbFor,
  topForThumb,
} from './hex-model';

const ROW_HEIGHT = 20;
const MAX_CACHED_CHUNKS = 64;
const HOVER_DELAY_MS = 60;

type Chunk = { bytes: Uint8Array; touched: boolean; epoch: number };

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Chunks of a device's DPA space fetched from the worker on demand; refetched when the lab changes. */
function useChunks(device: string | null, capacity: number, wanted: readonly number[]) {
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
function useReverse(device: string | null, dpa: number | null) {
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

/**
 * The "DPA hex" panel: a device's DPA space as hex, virtualized (only the rows on screen exist, and
 * only their 4 KiB chunks are fetched from the worker, so a 1 TiB device scrolls anywhere and untouched
 * memory costs nothing). Bytes the last access touched are highlighted; hovering a byte (or moving the
 * cursor with the arrow keys) shows which HPAs reach it and through which decoders.
 */
export function DpaHexPanel() {
  const spec = useLabStore((s) => s.view?.spec ?? null);
  const selectedId = useLabStore((s) => s.selectedId);
  const log = useLabStore((s) => s.accessLog);
  const memory = useLabStore((s) => s.view?.memory);
  const readMemory = useLabStore((s) => s.readMemory);
  const devices = useMemo(() => (spec?.components ?? []).filter((c) => c.kind === 'type3'), [spec]);
  const [picked, setPicked] = useState<string | null>(null);

  const lastDevice = useMemo(() => {
    const last = log.find((e) => e.kind === 'read' || e.kind === 'write');
    return last?.kind === 'read' || last?.kind === 'write'
      ? (last.pieces.find((p) => p.ok && p.device !== undefined)?.device ?? null)
      : null;
  }, [log]);
  const selectedDevice = devices.find((d) => d.id === selectedId)?.id ?? null;
  const device =
    selectedDevice ??
    (devices.some((d) => d.id === picked) ? picked : null) ??
    lastDevice ??
    devices[0]?.id ??
    null;
  const spec3 = devices.find((d) => d.id === device);
  const capacity = spec3 === undefined ? 0 : spec3.volatile + spec3.persistent;
  const touchedPages = device === null ? 0 : (memory?.[device]?.touchedPages ?? 0);
  const ranges = useMemo(() => (device === null ? [] : lastAccessRanges(log, device)), [log, device]);

  const gridRef = useRef<HTMLElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(8);
  const [tops, setTops] = useState<Record<string, number>>({});
  const [cursor, setCursor] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
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

  const chunks = useMemo(() => chunksFor(top, visible, capacity), [top, visible, capacity]);
  const chunkAt = useChunks(device, capacity, chunks);
  const shownDpa = hover ?? cursor;
  const reverse = useReverse(device, shownDpa);

  const goTo = (dpa: number) => {
    setCursor(dpa);
    setTop(Math.floor(dpa / BYTES_PER_ROW) - Math.floor(visible / 3));
    gridRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const at = cursor ?? top * BYTES_PER_ROW;
    const moves: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -BYTES_PER_ROW,
      ArrowDown: BYTES_PER_ROW,
      PageUp: -BYTES_PER_ROW * visible,
      PageDown: BYTES_PER_ROW * visible,
    };
    let next: number | null = null;
    if (event.key in moves) next = at + (moves[event.key] ?? 0);
    else if (event.key === 'Home') next = event.ctrlKey ? 0 : at - (at % BYTES_PER_ROW);
    else if (event.key === 'End')
      next = event.ctrlKey
        ? capacity - 1
        : Math.min(capacity - 1, at - (at % BYTES_PER_ROW) + BYTES_PER_ROW - 1);
    if (next === null) return;
    event.preventDefault();
    next = Math.max(0, Math.min(capacity - 1, next));
    setCursor(next);
    setHover(null);
    const row = Math.floor(next / BYTES_PER_ROW);
    if (row < top) setTop(row);
    else if (row >= top + visible) setTop(row - visible + 1);
  };

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

  if (spec === null) return <p className="dock__note">Starting the emulator…</p>;
  if (device === null || spec3 === undefined)
    return (
      <p className="dock__note">This topology has no Type 3 device, so there is no DPA space to show.</p>
    );

  const rows = [];
  for (let i = 0; i < visible; i++) {
    const row = top + i;
    const base = row * BYTES_PER_ROW;
    if (base >= capacity) break;
    const chunkIndex = Math.floor(base / CHUNK_BYTES);
    const chunk = chunkAt(chunkIndex);
    const within = base - chunkIndex * CHUNK_BYTES;
    const cells = [];
    const text = [];
    for (let b = 0; b < BYTES_PER_ROW; b++) {
      const dpa = base + b;
      const value = chunk?.bytes[within + b];
      const cls = `hex__b${chunk === undefined ? ' is-loading' : !chunk.touched ? ' is-untouched' : ''}${
        inRanges(ranges, dpa) ? ' is-hit' : ''
      }${dpa === cursor ? ' is-cursor' : ''}${dpa === hover ? ' is-hover' : ''}`;
      cells.push(
        <span key={b} className={cls} data-dpa={dpa}>
          {value === undefined ? '··' : hex2(value)}
        </span>,
      );
      text.push(
        <span key={b} className={inRanges(ranges, dpa) ? 'is-hit' : undefined}>
          {value === undefined ? ' ' : asciiChar(value)}
        </span>,
      );
    }
    rows.push(
      <div key={row} className="hex__row" data-testid={`hex-row-${base.toString(16)}`}>
        <span className="hex__addr">{dpaText(base, capacity)}</span>
        <span className="hex__bytes">{cells}</span>
        <span className="hex__ascii">{text}</span>
      </div>,
    );
  }

  const hovered = shownDpa;
  return (
    <div className="hex-panel" data-testid="dpa-hex">
      <div className="hex-panel__main">
        <PanelIntro>
          A device's own address space (DPA) as bytes; hover a byte to see which host address reaches it.
        </PanelIntro>
        <div className="hex-panel__bar">
          <label className="hex-panel__field">
            <span className="ui-visually-hidden">Device</span>
            <select
              className="ui-input"
              value={device}
              onChange={(e) => {
                setPicked(e.target.value);
                setCursor(null);
              }}
              data-testid="hex-device"
            >
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.id} · {formatBytes(d.volatile + d.persistent)}
                </option>
              ))}
            </select>
          </label>
          <div className="hex-panel__field">
            <span className="hex-panel__label" aria-hidden="true">
              Go to DPA
            </span>
            <CommitInput
              className="ui-mono"
              size={14}
              value={cursor === null ? '' : formatHex(cursor)}
              placeholder="0x834"
              aria-label="Go to DPA"
              data-testid="hex-goto"
              onCommit={(text) => {
                const dpa = parseQuantity(text.trim());
                if (dpa === null || dpa >= capacity) {
                  setProblem(`"${text}" is not a DPA of ${device} (0 … ${formatHex(capacity - 1)})`);
                  return false;
                }
                setProblem(null);
                goTo(dpa);
                return true;
              }}
            />
          </div>
          {ranges[0] !== undefined && (
            <button
              type="button"
              className="ui-button ui-button--small"
              onClick={() => goTo(ranges[0]?.dpa ?? 0)}
              data-testid="hex-last-access"
            >
              Last access · {formatHex(ranges[0].dpa)}
            </button>
          )}
          <span
            className="hex-panel__meta"
            title="Only the 4 KiB chunks under the rows on screen are fetched"
          >
            {formatBytes(capacity)} · {touchedPages} page{touchedPages === 1 ? '' : 's'} written
          </span>
        </div>
        {problem !== null && <p className="dock__error">{problem}</p>}
        <div className="hex">
          <section
            ref={gridRef}
            className="hex__grid ui-mono"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the hex grid takes the keyboard (arrows, Page Up/Down, Home/End)
            tabIndex={0}
            aria-label={`${device} DPA bytes, rows ${dpaText(top * BYTES_PER_ROW, capacity)} on; arrow keys move the cursor`}
            onKeyDown={onKeyDown}
            onPointerMove={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              setHover(at === undefined ? null : Number(at));
            }}
            onPointerLeave={() => setHover(null)}
            onClick={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              if (at !== undefined) setCursor(Number(at));
            }}
            data-testid="hex-grid"
            data-top={top}
          >
            {rows}
          </section>
          <div
            ref={trackRef}
            className="hex__track"
            style={{ height: trackHeight }}
            onPointerDown={onTrackDown}
            aria-hidden="true"
          >
            <div
              className="hex__thumb"
              style={{ height: thumb.size, transform: `translateY(${thumb.offset}px)` }}
              onPointerDown={onThumbDown}
              onPointerMove={onThumbMove}
              onPointerUp={onThumbUp}
              onPointerCancel={onThumbUp}
              data-testid="hex-thumb"
            />
          </div>
        </div>
      </div>
      <aside className="hex-panel__side" aria-live="polite" data-testid="hex-reverse">
        {hovered === null ? (
          <p className="hex-panel__hint">
            Hover a byte, or click one and move with the arrow keys, to see which HPAs reach it (the reverse
            map, DPA → HPA).
          </p>
        ) : (
          <>
            <div className="hex-panel__dpa">
              {device} DPA <span className="ui-mono">{formatHex(hovered)}</span>
            </div>
            {reverse === null ? (
              <p className="hex-panel__hint">Looking it up…</p>
            ) : reverse.hits === null ? (
              <p className="dock__error">{reverse.error}</p>
            ) : reverse.hits.length === 0 ? (
              <p className="hex-panel__none" data-testid="hex-reverse-none">
                No HPA reaches this byte: no committed decoder path maps it.
              </p>
            ) : (
              <ul className="hex-panel__hits">
                {reverse.hits.length > 1 && (
                  <li className="hex-panel__alias">Aliased: {reverse.hits.length} HPAs reach this byte</li>
                )}
                {reverse.hits.map((h) => (
                  <li key={h.hpa} data-testid="hex-reverse-hit">
                    <div>
                      ← HPA <span className="ui-mono hex-panel__hpa">{formatHex(h.hpa)}</span>
                      <button
                        type="button"
                        className="ui-link hex-panel__read"
                        onClick={() => void readMemory(h.hpa, 16)}
                        title="Read 16 bytes there and show the decode path"
                      >
                        read
                      </button>
                    </div>
                    <ol className="hex-panel__path">
                      {h.path.map((p) => (
                        <li key={p} className="ui-mono">
                          {p}
                        </li>
                      ))}
                    </ol>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </aside>
    </div>
  );
}
