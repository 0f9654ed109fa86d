/**
 * Host physical address space inside a CXL window, as Linux hands it to regions
 * (linux drivers/cxl/core/region.c alloc_hpa → kernel/resource.c alloc_free_mem_region): ascending
 * first fit, 256 MiB aligned, around the ranges already in use. The lab treats as "in use" every range
 * a committed decoder decodes inside the window (host bridge, switch or endpoint), which covers both
 * regions Linux assembled from committed decoders and regions the lab created.
 */
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';

export interface HpaRange {
  base: number;
  size: number;
}

/** Ranges sorted by base, with overlapping and touching ranges merged. */
export function mergeRanges(ranges: readonly HpaRange[]): HpaRange[] {
  const sorted = ranges.filter((r) => r.size > 0).sort((a, b) => a.base - b.base);
  const out: HpaRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.base <= last.base + last.size) {
      const end = Math.max(last.base + last.size, r.base + r.size);
      last.size = end - last.base;
    } else {
      out.push({ base: r.base, size: r.size });
    }
  }
  return out;
}

function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/** The free, 256 MiB-aligned gaps of `window` around `used`, ascending. */
export function freeExtents(window: HpaRange, used: readonly HpaRange[]): HpaRange[] {
  const end = window.base + window.size;
  const gaps: HpaRange[] = [];
  let cursor = alignUp(window.base, HDM_ALIGNMENT);
  for (const r of mergeRanges(used)) {
    if (r.base + r.size <= window.base || r.base >= end) continue;
    if (r.base > cursor) gaps.push({ base: cursor, size: r.base - cursor });
    cursor = Math.max(cursor, alignUp(r.base + r.size, HDM_ALIGNMENT));
  }
  if (cursor < end) gaps.push({ base: cursor, size: end - cursor });
  return gaps
    .map((g) => ({ base: g.base, size: Math.floor(g.size / HDM_ALIGNMENT) * HDM_ALIGNMENT }))
    .filter((g) => g.size > 0);
}

/** Ascending first fit of `size` bytes; null when nothing fits (Linux: `-ERANGE`). */
export function firstFit(window: HpaRange, used: readonly HpaRange[], size: number): number | null {
  for (const gap of freeExtents(window, used)) if (gap.size >= size) return gap.base;
  return null;
}

/** The largest free extent (cxl-cli's `max_available_extent`). */
export function maxAvailableExtent(window: HpaRange, used: readonly HpaRange[]): number {
  return freeExtents(window, used).reduce((m, g) => Math.max(m, g.size), 0);
}
