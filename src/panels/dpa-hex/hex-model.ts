/**
 * The DPA hex view's arithmetic, pure and unit-tested: rows of 16 bytes over a device of up to
 * 2^52 bytes, fetched in 4 KiB chunks (only the chunks visible rows touch), and the byte ranges the
 * last access touched on a device. Row indices stay below 2^48, so plain numbers hold them exactly.
 */
import type { Type3Spec } from '../../cxl/topology/model.ts';
import type { AccessLogEntry } from '../../state/types';

export const BYTES_PER_ROW = 16;
export const CHUNK_BYTES = 4096;
export const ROWS_PER_CHUNK = CHUNK_BYTES / BYTES_PER_ROW;

/** Rows in a device of `capacity` bytes. */
export function rowCount(capacity: number): number {
  return Math.ceil(capacity / BYTES_PER_ROW);
}

/** The first row that may be shown at the top so that `visible` rows still fit. */
export function maxTopRow(capacity: number, visible: number): number {
  return Math.max(0, rowCount(capacity) - visible);
}

/** `top` clamped to the scrollable range and floored to a whole row. */
export function clampTop(top: number, capacity: number, visible: number): number {
  return Math.max(0, Math.min(maxTopRow(capacity, visible), Math.floor(top)));
}

/** The chunks (4 KiB indices) rows `[first, first + count)` need. */
export function chunksFor(firstRow: number, count: number, capacity: number): number[] {
  const rows = rowCount(capacity);
  if (rows === 0 || count <= 0) return [];
  const last = Math.min(rows - 1, firstRow + count - 1);
  const out: number[] = [];
  for (let c = Math.floor(firstRow / ROWS_PER_CHUNK); c <= Math.floor(last / ROWS_PER_CHUNK); c++)
    out.push(c);
  return out;
}

/** Thumb geometry of the custom scrollbar: height and offset in pixels. */
export function thumbFor(
  top: number,
  capacity: number,
  visible: number,
  track: number,
): { size: number; offset: number } {
  const rows = Math.max(1, rowCount(capacity));
  const size = Math.max(24, Math.min(track, (track * visible) / rows));
  const max = maxTopRow(capacity, visible);
  const offset = max === 0 ? 0 : ((track - size) * top) / max;
  return { size, offset };
}

/** The row at the top for a thumb dragged to `offset` pixels. */
export function topForThumb(offset: number, capacity: number, visible: number, track: number): number {
  const { size } = thumbFor(0, capacity, visible, track);
  const room = track - size;
  const frac = room <= 0 ? 0 : Math.max(0, Math.min(1, offset / room));
  return Math.round(frac * maxTopRow(capacity, visible));
}

export interface ByteRange {
  dpa: number;
  length: number;
}

/** DPA ranges of `device` that the newest read or write touched (empty when it did not). */
export function lastAccessRanges(log: readonly AccessLogEntry[], device: string): ByteRange[] {
  const last = log.find((e) => e.kind === 'read' || e.kind === 'write');
  if (last === undefined || (last.kind !== 'read' && last.kind !== 'write')) return [];
  return last.pieces
    .filter((p) => p.ok && p.device === device && p.dpa !== undefined)
    .map((p) => ({ dpa: p.dpa ?? 0, length: p.length }));
}

export function inRanges(ranges: readonly ByteRange[], dpa: number): boolean {
  return ranges.some((r) => dpa >= r.dpa && dpa < r.dpa + r.length);
}

/** `0x00000834`: a DPA padded to the digits the device's capacity needs. */
export function dpaText(dpa: number, capacity: number): string {
  const digits = Math.max(8, Math.max(1, capacity - 1).toString(16).length);
  return `0x${dpa.toString(16).padStart(digits, '0')}`;
}

/**
 * The device's poisoned DPA ranges: its media error records (CXL 2.0 §8.2.9.5.4.1) as saved in the
 * lab document's device state, sorted by DPA. A read of these bytes through the routing fails.
 */
export function poisonRangesOf(device: Type3Spec | undefined): ByteRange[] {
  return (device?.device?.state?.poison ?? [])
    .map((p) => ({ dpa: p.dpa, length: p.length }))
    .sort((a, b) => a.dpa - b.dpa);
}

/** The first poisoned range holding `dpa`, if any. */
export function poisonAt(ranges: readonly ByteRange[], dpa: number): ByteRange | undefined {
  return ranges.find((r) => dpa >= r.dpa && dpa < r.dpa + r.length);
}
