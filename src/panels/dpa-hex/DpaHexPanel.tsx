// The DPA hex dock panel: a device's memory as virtualized hex rows, with the HPAs that reach a byte.
import './dpa-hex.css';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { PanelIntro } from '../PanelIntro';
import { HexRows } from './HexRows';
import { HexToolbar } from './HexToolbar';
import { BYTES_PER_ROW, chunksFor, dpaText, poisonAt } from './hex-model';
import { PoisonRecords } from './PoisonRecords';
import { ReverseMap } from './ReverseMap';
import { useChunks, useReverse } from './useHexData';
import { useHexDevice } from './useHexDevice';
import { useHexViewport } from './useHexViewport';

/** Where a navigation key moves the cursor from `at` (null: not a navigation key). */
function keyTarget(
  key: string,
  ctrlKey: boolean,
  at: number,
  visible: number,
  capacity: number,
): number | null {
  const moves: Record<string, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -BYTES_PER_ROW,
    ArrowDown: BYTES_PER_ROW,
    PageUp: -BYTES_PER_ROW * visible,
    PageDown: BYTES_PER_ROW * visible,
  };
  if (key in moves) return at + (moves[key] ?? 0);
  if (key === 'Home') return ctrlKey ? 0 : at - (at % BYTES_PER_ROW);
  if (key === 'End')
    return ctrlKey ? capacity - 1 : Math.min(capacity - 1, at - (at % BYTES_PER_ROW) + BYTES_PER_ROW - 1);
  return null;
}

/** "; poisoned: 0x1000 + 64 B, …" for the grid's accessible name (the stripes are not read out). */
function poisonSummary(poison: readonly { dpa: number; length: number }[]): string {
  if (poison.length === 0) return '';
  const list = poison.slice(0, 4).map((p) => `0x${p.dpa.toString(16)} + ${p.length} B`);
  return `; poisoned: ${list.join(', ')}${poison.length > 4 ? ` and ${poison.length - 4} more` : ''}`;
}

/**
 * The "DPA hex" panel: a device's DPA space as hex, virtualized (only the rows on screen exist, and
 * only their 4 KiB chunks are fetched from the worker, so a 1 TiB device scrolls anywhere and untouched
 * memory costs nothing). Bytes the last access touched are highlighted; hovering a byte (or moving the
 * cursor with the arrow keys) shows which HPAs reach it and through which decoders.
 */
export function DpaHexPanel() {
  const { spec, devices, setPicked, device, spec3, capacity, touchedPages, ranges, poison } = useHexDevice();

  const {
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
  } = useHexViewport(device, capacity, ranges);
  const [cursor, setCursor] = useState<number | null>(null);
  const pickAnswer = useLabStore((s) => s.pickAnswer);
  const [hover, setHover] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

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
    let next = keyTarget(event.key, event.ctrlKey, at, visible, capacity);
    if (next === null) return;
    event.preventDefault();
    next = Math.max(0, Math.min(capacity - 1, next));
    setCursor(next);
    setHover(null);
    const row = Math.floor(next / BYTES_PER_ROW);
    if (row < top) setTop(row);
    else if (row >= top + visible) setTop(row - visible + 1);
  };

  if (spec === null) return <p className="dock__note">Starting the emulator…</p>;
  if (device === null || spec3 === undefined)
    return (
      <p className="dock__note">This topology has no Type 3 device, so there is no DPA space to show.</p>
    );

  const hovered = shownDpa;
  return (
    <div className="hex-panel" data-testid="dpa-hex">
      <div className="hex-panel__main">
        <PanelIntro>
          A device's own address space (DPA) as bytes; hover a byte to see which host address reaches it.
        </PanelIntro>
        <HexToolbar
          devices={devices}
          device={device}
          capacity={capacity}
          cursor={cursor}
          ranges={ranges}
          poison={poison}
          touchedPages={touchedPages}
          onPick={(id) => {
            setPicked(id);
            setCursor(null);
          }}
          onGoTo={goTo}
          setProblem={setProblem}
        />
        {problem !== null && <p className="dock__error">{problem}</p>}
        <div className="hex">
          <section
            ref={gridRef}
            className="hex__grid ui-mono"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the hex grid takes the keyboard (arrows, Page Up/Down, Home/End)
            tabIndex={0}
            aria-label={`${device} DPA bytes, rows ${dpaText(top * BYTES_PER_ROW, capacity)} on; arrow keys move the cursor${poisonSummary(poison)}`}
            onKeyDown={onKeyDown}
            onPointerMove={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              setHover(at === undefined ? null : Number(at));
            }}
            onPointerLeave={() => setHover(null)}
            onClick={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              if (at === undefined) return;
              setCursor(Number(at));
              // A lesson's predict step may take this byte as its answer (device and DPA).
              if (device !== null) pickAnswer({ source: 'byte', device, dpa: Number(at) });
            }}
            data-testid="hex-grid"
            data-top={top}
          >
            <HexRows
              top={top}
              visible={visible}
              capacity={capacity}
              chunkAt={chunkAt}
              ranges={ranges}
              poison={poison}
              cursor={cursor}
              hover={hover}
            />
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
      <div className="hex-panel__column">
        <PoisonRecords device={device} onGoTo={goTo} />
        <ReverseMap
          device={device}
          hovered={hovered}
          reverse={reverse}
          poisoned={hovered === null ? undefined : poisonAt(poison, hovered)}
        />
      </div>
    </div>
  );
}
