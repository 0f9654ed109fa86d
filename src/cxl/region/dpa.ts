/**
 * Endpoint DPA bookkeeping the way Linux keeps it (Linux drivers/cxl/core/hdm.c
 * init_hdm_decoder, __cxl_dpa_reserve, cxl_dpa_alloc), rebuilt from the decoders' registers.
 *
 * A device's DPA space is its ram partition at DPA 0 followed by its pmem partition. At enumeration
 * Linux walks the committed endpoint decoders in index order, accumulating `dpa_base += skip` and
 * reserving `size / ways` bytes for each (plus the skipped bytes before it, as their own resource).
 * A reservation nests under the ram or pmem partition that wholly contains it.
 *
 * Allocating for a new decoder (`cxl_dpa_alloc`): a ram decoder starts at the end of the last ram
 * reservation; a pmem decoder starts at the end of the last pmem reservation, and the first pmem
 * decoder also reserves the unused tail of the ram partition as its DPA Skip. Once that skip exists
 * the ram partition is full, so Linux cannot place ram after pmem. Decoders get DPA strictly in index
 * order (`hdm_end + 1`). Kernels from about 6.14 restructured this code (partition rework); the lab
 * follows the earlier two-partition logic (ram, then pmem; the skip is the ram tail).
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';

export type RegionMode = 'volatile' | 'persistent';

/** One DPA reservation: a decoder's mapped range, or the skipped range in front of it. */
export interface DpaReservation {
  start: number;
  size: number;
  /** Decoder index that owns the reservation. */
  decoder: number;
  kind: 'mapped' | 'skip';
  partition: 'ram' | 'pmem' | 'none';
}

export interface DeviceDpa {
  ramSize: number;
  pmemSize: number;
  reservations: DpaReservation[];
  /** Highest decoder index holding DPA, -1 if none (Linux `port->hdm_end`). */
  hdmEnd: number;
  /** Problems Linux would log at enumeration (a committed decoder it could not reserve DPA for). */
  problems: string[];
}

function partitionOf(
  start: number,
  size: number,
  ramSize: number,
  pmemSize: number,
): 'ram' | 'pmem' | 'none' {
  if (start + size <= ramSize) return 'ram';
  if (start >= ramSize && start + size <= ramSize + pmemSize) return 'pmem';
  return 'none';
}

function overlaps(a: { start: number; size: number }, b: { start: number; size: number }): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

/**
 * Rebuilds a device's DPA reservations from its committed decoders, as Linux does when the endpoint
 * port probes. `decoderName(i)` names decoder i for messages.
 */
export function deviceDpa(
  decoders: readonly DecoderState[],
  ramSize: number,
  pmemSize: number,
  decoderName: (index: number) => string,
): DeviceDpa {
  const reservations: DpaReservation[] = [];
  const problems: string[] = [];
  let dpaBase = 0;
  let hdmEnd = -1;
  for (const d of decoders) {
    if (!d.committed) continue;
    const ways = d.ways ?? 0;
    if (ways === 0 || d.size % ways !== 0) {
      problems.push(`${decoderName(d.index)}: invalid committed configuration size`);
      break;
    }
    if (d.index !== hdmEnd + 1) {
      problems.push(`${decoderName(d.index)}: expected ${decoderName(hdmEnd + 1)}`);
      break;
    }
    const dpaSize = d.size / ways;
    const start = dpaBase + d.skip;
    const mapped = { start, size: dpaSize };
    const skipped = { start: dpaBase, size: d.skip };
    if (reservations.some((r) => overlaps(r, mapped) || (d.skip > 0 && overlaps(r, skipped)))) {
      problems.push(`${decoderName(d.index)}: failed to reserve allocation`);
      break;
    }
    if (d.skip > 0) {
      reservations.push({
        ...skipped,
        decoder: d.index,
        kind: 'skip',
        partition: partitionOf(skipped.start, skipped.size, ramSize, pmemSize),
      });
    }
    if (dpaSize > 0) {
      reservations.push({
        ...mapped,
        decoder: d.index,
        kind: 'mapped',
        partition: partitionOf(start, dpaSize, ramSize, pmemSize),
      });
    }
    dpaBase = start + dpaSize;
    hdmEnd = d.index;
  }
  return { ramSize, pmemSize, reservations, hdmEnd, problems };
}

/** A successful DPA allocation for decoder `decoder`. */
export interface DpaAllocation {
  decoder: number;
  start: number;
  size: number;
  skip: number;
  partition: 'ram' | 'pmem';
}

/** Why `cxl_dpa_alloc` (or the `dpa_size` / `mode` stores in front of it) refused. */
export interface DpaRefusal {
  errno: '-EINVAL' | '-ENXIO' | '-ENOSPC' | '-EBUSY';
  /** Linux's debug message, with the decoder's name. */
  log: string;
  rule: string;
}

function endOf(
  dpa: DeviceDpa,
  partition: 'ram' | 'pmem',
): { lastEnd: number | null; firstStart: number | null } {
  const inPart = dpa.reservations.filter((r) => r.partition === partition);
  if (inPart.length === 0) return { lastEnd: null, firstStart: null };
  const last = inPart.reduce((a, b) => (b.start > a.start ? b : a));
  const first = inPart.reduce((a, b) => (b.start < a.start ? b : a));
  return { lastEnd: last.start + last.size, firstStart: first.start };
}

/**
 * Linux's `cxl_dpa_set_mode` + `dpa_size_store` + `cxl_dpa_alloc` + `__cxl_dpa_reserve` for endpoint
 * decoder `index` of a device whose current reservations are `dpa`. Returns the allocation and the
 * device's reservations after it (so several allocations on one device can be chained).
 */
export function allocateDpa(
  dpa: DeviceDpa,
  index: number,
  mode: RegionMode,
  size: number,
  decoderName: (index: number) => string,
): { ok: true; value: { allocation: DpaAllocation; after: DeviceDpa } } | { ok: false; error: DpaRefusal } {
  const name = decoderName(index);
  const partition = mode === 'volatile' ? 'ram' : 'pmem';
  // cxl_dpa_set_mode: only modes the partition layout supports.
  if (partition === 'ram' && dpa.ramSize === 0) {
    return fail('-ENXIO', `${name}: no available ram capacity`, 'decoder mode needs a ram partition');
  }
  if (partition === 'pmem' && dpa.pmemSize === 0) {
    return fail('-ENXIO', `${name}: no available pmem capacity`, 'decoder mode needs a pmem partition');
  }
  // dpa_size_store: 256 MiB multiples only.
  if (size % HDM_ALIGNMENT !== 0) {
    return fail('-EINVAL', `${name}: dpa_size ${hexOf(size)} is not 256 MiB aligned`, 'dpa_size alignment');
  }
  const ram = endOf(dpa, 'ram');
  const pmem = endOf(dpa, 'pmem');
  const freeRamStart = ram.lastEnd ?? 0;
  const freePmemStart = pmem.lastEnd ?? dpa.ramSize;
  let start: number;
  let avail: number;
  let skip: number;
  if (partition === 'ram') {
    start = freeRamStart;
    avail = dpa.ramSize - start;
    skip = 0;
  } else {
    start = freePmemStart;
    avail = dpa.ramSize + dpa.pmemSize - start;
    const skipStart = freeRamStart;
    // "If some pmem is already allocated, then that allocation already handled the skip."
    const skipEnd = pmem.firstStart !== null && skipStart === pmem.firstStart ? skipStart : start;
    skip = skipEnd - skipStart;
  }
  if (size > avail) {
    return fail(
      '-ENOSPC',
      `${name}: ${hexOf(size)} exceeds available ${partition} capacity: ${hexOf(Math.max(avail, 0))}`,
      `free ${partition} capacity`,
    );
  }
  if (dpa.hdmEnd + 1 !== index) {
    return fail(
      '-EBUSY',
      `${name}: expected ${decoderName(dpa.hdmEnd + 1)}`,
      'endpoint decoders get DPA in index order',
    );
  }
  const mapped = { start, size };
  const skipped = { start: start - skip, size: skip };
  if (dpa.reservations.some((r) => overlaps(r, mapped) || (skip > 0 && overlaps(r, skipped)))) {
    return fail('-EBUSY', `${name}: failed to reserve allocation`, 'DPA already reserved');
  }
  const reservations = [...dpa.reservations];
  if (skip > 0) {
    reservations.push({
      ...skipped,
      decoder: index,
      kind: 'skip',
      partition: partitionOf(skipped.start, skip, dpa.ramSize, dpa.pmemSize),
    });
  }
  reservations.push({ ...mapped, decoder: index, kind: 'mapped', partition });
  return {
    ok: true,
    value: {
      allocation: { decoder: index, start, size, skip, partition },
      after: { ...dpa, reservations, hdmEnd: index },
    },
  };
}

function fail(errno: DpaRefusal['errno'], log: string, rule: string): { ok: false; error: DpaRefusal } {
  return { ok: false, error: { errno, log, rule } };
}

function hexOf(n: number): string {
  return `0x${n.toString(16)}`;
}
