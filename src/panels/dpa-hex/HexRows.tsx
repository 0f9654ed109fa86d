// The DPA hex panel's rows: the bytes on screen as hex and ASCII, with the last access, poison, cursor and hover marked (and a fabric device's LD slices).
import { asciiChar } from '../../lib/format';
import type { FabricLdView } from '../../worker/lab-types.ts';
import { BYTES_PER_ROW, type ByteRange, CHUNK_BYTES, dpaText, inRanges, poisonAt } from './hex-model';
import { ldColour, type MediaSegment, segmentsFor } from './media-model';
import type { Chunk } from './useHexData';

/** A byte's slice class: its LD's colour (`is-ld-N`) or media no LD is allocated (`is-free`). */
function sliceClass(segments: readonly MediaSegment[] | null, at: number): string {
  if (segments === null) return '';
  const seg = segments.find((s) => at >= s.start && at < s.end);
  return seg?.slice == null ? ' is-free' : ` is-ld is-ld-${ldColour(seg.slice.ld)}`;
}

/** The row's slice tag (the non-colour cue): "LD 1" for its first byte's LD, "—" outside every LD. */
function RowTag({ segments }: { segments: readonly MediaSegment[] }) {
  const first = segments[0]?.slice ?? null;
  const more = segments.length > 1 ? '+' : '';
  return (
    <span
      className={`hex__ld${first === null ? ' is-free' : ` is-ld is-ld-${ldColour(first.ld)}`}`}
      title={first === null ? 'no LD is allocated these bytes' : `LD ${first.ld}`}
    >
      {first === null ? '—' : `LD${first.ld}`}
      {more}
    </span>
  );
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** `visible` rows from row `top` of a device of `capacity` bytes (rows past the end are not drawn). */
export function HexRows({
  top,
  visible,
  capacity,
  chunkAt,
  ranges,
  poison,
  cursor,
  hover,
  slices = null,
}: {
  top: number;
  visible: number;
  capacity: number;
  chunkAt: (chunk: number) => Chunk | undefined;
  ranges: readonly ByteRange[];
  /** Poisoned DPA ranges: striped and titled (not colour alone). */
  poison: readonly ByteRange[];
  cursor: number | null;
  hover: number | null;
  /** A fabric device's LD slices: bytes are media offsets, coloured and tagged by LD. */
  slices?: readonly FabricLdView[] | null;
}) {
  const rows = [];
  for (let i = 0; i < visible; i++) {
    const row = top + i;
    const base = row * BYTES_PER_ROW;
    if (base >= capacity) break;
    const chunkIndex = Math.floor(base / CHUNK_BYTES);
    const chunk = chunkAt(chunkIndex);
    const within = base - chunkIndex * CHUNK_BYTES;
    const segments =
      slices === null ? null : segmentsFor(slices, base, Math.min(BYTES_PER_ROW, capacity - base));
    const starts = segments?.some((g) => g.slice !== null && g.start === g.slice.base) === true;
    const cells = [];
    const text = [];
    for (let b = 0; b < BYTES_PER_ROW; b++) {
      const dpa = base + b;
      const value = chunk?.bytes[within + b];
      const bad = poison.length === 0 ? undefined : poisonAt(poison, dpa);
      const hit = inRanges(ranges, dpa);
      const cls = `hex__b${chunk === undefined ? ' is-loading' : !chunk.touched ? ' is-untouched' : ''}${
        hit ? ' is-hit' : ''
      }${bad !== undefined ? ' is-poison' : ''}${dpa === cursor ? ' is-cursor' : ''}${dpa === hover ? ' is-hover' : ''}${sliceClass(
        segments,
        dpa,
      )}`;
      cells.push(
        <span
          key={b}
          className={cls}
          data-dpa={dpa}
          title={
            bad === undefined ? undefined : `poisoned: record 0x${bad.dpa.toString(16)} + ${bad.length} B`
          }
        >
          {value === undefined ? '··' : hex2(value)}
        </span>,
      );
      const textCls = `${hit ? 'is-hit' : ''}${bad !== undefined ? ' is-poison' : ''}`.trim();
      text.push(
        <span key={b} className={textCls === '' ? undefined : textCls}>
          {value === undefined ? ' ' : asciiChar(value)}
        </span>,
      );
    }
    rows.push(
      <div
        key={row}
        className={`hex__row${starts ? ' hex__row--ld-start' : ''}`}
        data-testid={`hex-row-${base.toString(16)}`}
      >
        {segments !== null && <RowTag segments={segments} />}
        <span className="hex__addr">{dpaText(base, capacity)}</span>
        <span className="hex__bytes">{cells}</span>
        <span className="hex__ascii">{text}</span>
      </div>,
    );
  }
  return <>{rows}</>;
}
