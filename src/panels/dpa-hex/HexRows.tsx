// The DPA hex panel's rows: the bytes on screen as hex and ASCII, with the last access, poison, cursor and hover marked.
import { asciiChar } from '../../lib/format';
import { BYTES_PER_ROW, type ByteRange, CHUNK_BYTES, dpaText, inRanges, poisonAt } from './hex-model';
import type { Chunk } from './useHexData';

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
}) {
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
      const bad = poison.length === 0 ? undefined : poisonAt(poison, dpa);
      const hit = inRanges(ranges, dpa);
      const cls = `hex__b${chunk === undefined ? ' is-loading' : !chunk.touched ? ' is-untouched' : ''}${
        hit ? ' is-hit' : ''
      }${bad !== undefined ? ' is-poison' : ''}${dpa === cursor ? ' is-cursor' : ''}${dpa === hover ? ' is-hover' : ''}`;
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
      <div key={row} className="hex__row" data-testid={`hex-row-${base.toString(16)}`}>
        <span className="hex__addr">{dpaText(base, capacity)}</span>
        <span className="hex__bytes">{cells}</span>
        <span className="hex__ascii">{text}</span>
      </div>,
    );
  }
  return <>{rows}</>;
}
