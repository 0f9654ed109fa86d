/**
 * Which device bytes are poisoned, for the access path: each Type 3 device's media error records
 * (CXL 2.0 §8.2.9.5.4.1: 64-byte aligned DPA, length a multiple of 64 B), merged into disjoint
 * ranges sorted by DPA, looked up by binary search. Built once per topology object (a changed
 * poison list comes with a new topology); `null` when no device has poison, so reads pay nothing.
 */
import type { LabCore } from '../lab-core.ts';
import type { PoisonRecordSpec, Topology } from '../topology/model.ts';

/** Disjoint poisoned DPA range [dpa, end) and the records that cover it (in DPA order). */
export interface PoisonRange {
  dpa: number;
  end: number;
  records: PoisonRecordSpec[];
}

/** Device id → its poisoned ranges, sorted by DPA; null when no device has poison. */
export type PoisonIndex = ReadonlyMap<string, readonly PoisonRange[]> | null;

const cache = new WeakMap<Topology, PoisonIndex>();

/** Merges `records` into disjoint sorted ranges (overlapping or touching records join). */
export function poisonRanges(records: readonly PoisonRecordSpec[]): PoisonRange[] {
  const sorted = records
    .filter((r) => Number.isSafeInteger(r.dpa) && Number.isSafeInteger(r.length) && r.length > 0)
    .slice()
    .sort((a, b) => a.dpa - b.dpa);
  const out: PoisonRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.dpa <= last.end) {
      last.end = Math.max(last.end, r.dpa + r.length);
      last.records.push(r);
    } else out.push({ dpa: r.dpa, end: r.dpa + r.length, records: [r] });
  }
  return out;
}

function build(topology: Topology): PoisonIndex {
  let index: Map<string, PoisonRange[]> | null = null;
  for (const c of topology.spec.components) {
    if (c.kind !== 'type3') continue;
    const records = c.device?.state?.poison ?? [];
    if (records.length === 0) continue;
    index ??= new Map();
    index.set(c.id, poisonRanges(records));
  }
  return index;
}

/** The poison index of `core`'s topology (cached per topology object). */
export function poisonIndexOf(core: LabCore): PoisonIndex {
  const topology = core.topology;
  let index = cache.get(topology);
  if (index === undefined) {
    index = build(topology);
    cache.set(topology, index);
  }
  return index;
}

/** The first poisoned range overlapping [start, end), by binary search over `ranges`. */
export function firstPoisonIn(
  ranges: readonly PoisonRange[],
  start: number,
  end: number,
): PoisonRange | undefined {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranges[mid] as PoisonRange).end <= start) lo = mid + 1;
    else hi = mid;
  }
  const r = ranges[lo];
  return r !== undefined && r.dpa < end ? r : undefined;
}

/** The record of `range` that holds DPA `dpa` (the first one when records overlap). */
export function recordAt(range: PoisonRange, dpa: number): PoisonRecordSpec {
  return (
    range.records.find((r) => r.dpa <= dpa && dpa < r.dpa + r.length) ??
    (range.records[0] as PoisonRecordSpec)
  );
}

/** The first media error record of `device` overlapping DPA [dpa, dpa + n), if any. */
export function poisonRecordIn(
  core: LabCore,
  device: string,
  dpa: number,
  n: number,
): PoisonRecordSpec | undefined {
  const ranges = poisonIndexOf(core)?.get(device);
  const range = ranges === undefined ? undefined : firstPoisonIn(ranges, dpa, dpa + n);
  return range === undefined ? undefined : recordAt(range, Math.max(dpa, range.dpa));
}
