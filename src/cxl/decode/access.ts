/**
 * DOC: host memory accesses through the routing. An access is split into pieces at every boundary
 * where its route could change (the smallest interleave granule on its path, decoder and window
 * ends, the device capacity: `RouteResult.runBytes` / `CompiledDecode.runEnd`), and each piece is
 * routed on its own. Unmatched pieces follow CXL r3.1 §8.2.4.20.13: reads return all-ones (the
 * error is reported alongside), writes are dropped.
 *
 * `fill` and `verify` walk granule runs, not bytes: a run is one `TypedArray.fill`/`set` or a 32-bit
 * word loop in the device's pages. They report progress and honour cancellation (`{ aborted }`,
 * checked between runs) so a worker can drive them.
 */
import { firstPoisonIn, type PoisonIndex, poisonIndexOf, recordAt } from '../device/poison-index.ts';
import type { LabCore } from '../lab-core.ts';
import { RUN_BYTE, RUN_INC, RUN_TAG, type RunKind, type SparseMemory } from '../memory/sparse-memory.ts';
import type { CxlError } from '../result.ts';
import type { PoisonRecordSpec } from '../topology/model.ts';
import { ADDRESS_LIMIT, hex, hi32, lo32 } from '../units.ts';
import { compiledDecode } from './compile.ts';
import { hexAddr, type RouteHop, type RouteResult, walk } from './walk.ts';

/** A lab as the access functions need it: routing state plus each device's memory. */
export type MemoryLab = LabCore & { memory(deviceId: string): SparseMemory | undefined };

const SPEC_UNMATCHED = 'CXL r3.1 §8.2.4.20.13 (unmatched: reads all-ones, writes dropped)';

/**
 * Routes one HPA by the compiled fast path. On success `hops` is empty (use `walkRoute` for the
 * trace); failures come from the walk, with their hops.
 */
export function route(core: LabCore, hpa: number): RouteResult {
  const compiled = compiledDecode(core);
  const slot = Number.isInteger(hpa) && hpa >= 0 && hpa < ADDRESS_LIMIT ? compiled.translate(hpa) : -1;
  if (slot >= 0) {
    return {
      ok: true,
      window: compiled.window,
      device: compiled.devices[slot] ?? '',
      decoder: compiled.decoder,
      dpa: compiled.dpa,
      hops: [],
      runBytes: compiled.runEnd - hpa,
    };
  }
  return walk(core, hpa);
}

/** The reference walk (every hop traced). */
export function walkRoute(core: LabCore, hpa: number): RouteResult {
  return walk(core, hpa);
}

/** One routed piece of an access. */
export interface AccessPiece {
  hpa: number;
  length: number;
  ok: boolean;
  device?: string;
  dpa?: number;
  error?: CxlError;
  /** Set when the piece read poisoned device bytes (`error.code` is `access.poison`). */
  poison?: PoisonHit;
  /** The walk's hops (empty when `trace: false` and the piece took the fast path). */
  hops: RouteHop[];
}

/** A read that reached poisoned bytes: the device, the DPA range hit, its HPA and the record. */
export interface PoisonHit {
  kind: 'poison';
  device: string;
  /** First poisoned DPA the piece read, and how many poisoned bytes it read from there. */
  dpa: number;
  length: number;
  /** The HPA that reached `dpa`. */
  hpa: number;
  /** The media error record holding `dpa` (Get Poison List's record). */
  record: PoisonRecordSpec;
}

/** What the lab's reads of poison mean, and what QEMU and Linux do instead (docs/cxl-notes.md). */
export const POISON_SPEC =
  'CXL 2.0 §8.2.9.5.4.1 (media error records); QEMU hw/mem/cxl_type3.c cxl_type3_read returns the stored bytes';

export interface AccessOptions {
  /** Record the walk's hops for every piece (default true). False uses the fast path. */
  trace?: boolean;
}

export interface ReadResult {
  /** True when every piece routed and read. */
  ok: boolean;
  /** The bytes; unmatched pieces read all-ones. */
  data: Uint8Array;
  pieces: AccessPiece[];
  errors: CxlError[];
}

export interface WriteResult {
  ok: boolean;
  /** Bytes that reached a device (the rest were dropped). */
  written: number;
  pieces: AccessPiece[];
  errors: CxlError[];
}

function checkRange(hpa: number, length: number): CxlError | null {
  if (!Number.isInteger(hpa) || hpa < 0 || !Number.isInteger(length) || length < 0) {
    return {
      code: 'access.bad-argument',
      message: `HPA ${String(hpa)} / length ${String(length)}: not non-negative integers`,
    };
  }
  if (hpa + length > ADDRESS_LIMIT) {
    return { code: 'access.bad-argument', message: `access ${hexAddr(hpa)}+${hexAddr(length)} crosses 2^52` };
  }
  return null;
}

/** Routes one piece starting at `hpa` (at most `max` bytes). */
function routePiece(core: LabCore, hpa: number, max: number, trace: boolean): { r: RouteResult; n: number } {
  const r = trace ? walk(core, hpa) : route(core, hpa);
  return { r, n: Math.min(max, Math.max(1, r.runBytes)) };
}

function memoryError(device: string): CxlError {
  return {
    code: 'access.no-memory',
    message: `${device}: the lab has no memory for this device`,
    component: device,
  };
}

/**
 * The poisoned part of device bytes [dpa, dpa + n) reached from HPA `hpa`: its first poisoned DPA
 * and length (clipped to the piece), or null when the bytes are clean.
 */
function poisonCut(
  index: NonNullable<PoisonIndex>,
  device: string,
  dpa: number,
  n: number,
  hpa: number,
): PoisonHit | null {
  const ranges = index.get(device);
  if (ranges === undefined) return null;
  const range = firstPoisonIn(ranges, dpa, dpa + n);
  if (range === undefined) return null;
  const from = Math.max(dpa, range.dpa);
  const to = Math.min(dpa + n, range.end);
  return {
    kind: 'poison',
    device,
    dpa: from,
    length: to - from,
    hpa: hpa + (from - dpa),
    record: recordAt(range, from),
  };
}

/** The failure of a read of poison, in words: where, which record, and what QEMU does instead. */
export function poisonError(hit: PoisonHit): CxlError {
  const rec = hit.record;
  return {
    code: 'access.poison',
    message:
      `poison at DPA ${hex(hit.dpa)} on ${hit.device} (record ${hex(rec.dpa)}+${rec.length} B) read at HPA ${hex(hit.hpa)}` +
      ` (${hit.length} B): the read fails and the device logs a General Media event` +
      ' — QEMU returns the stored bytes without an error (hw/mem/cxl_type3.c cxl_type3_read has no poison check)',
    component: hit.device,
    spec: POISON_SPEC,
  };
}

/** Reads `length` bytes at `hpa` through the routing. */
export function read(lab: MemoryLab, hpa: number, length: number, options: AccessOptions = {}): ReadResult {
  const bad = checkRange(hpa, length);
  if (bad !== null) return { ok: false, data: new Uint8Array(0), pieces: [], errors: [bad] };
  const trace = options.trace ?? true;
  const data = new Uint8Array(length);
  const pieces: AccessPiece[] = [];
  const errors: CxlError[] = [];
  const poison = poisonIndexOf(lab);
  let done = 0;
  while (done < length) {
    const at = hpa + done;
    const routed = routePiece(lab, at, length - done, trace);
    const r = routed.r;
    let n = routed.n;
    if (r.ok && poison !== null) {
      const hit = poisonCut(poison, r.device, r.dpa, n, at);
      if (hit !== null && hit.dpa === r.dpa) {
        const e = poisonError(hit);
        data.fill(0xff, done, done + hit.length);
        errors.push(e);
        pieces.push({
          hpa: at,
          length: hit.length,
          ok: false,
          device: r.device,
          dpa: r.dpa,
          error: e,
          poison: hit,
          hops: r.hops,
        });
        done += hit.length;
        continue;
      }
      if (hit !== null) n = hit.dpa - r.dpa; // the clean bytes before the poison
    }
    if (r.ok) {
      const mem = lab.memory(r.device);
      const got = mem === undefined ? null : mem.readInto(r.dpa, data, done, n);
      if (got?.ok) {
        pieces.push({ hpa: at, length: n, ok: true, device: r.device, dpa: r.dpa, hops: r.hops });
      } else {
        const e = got === null ? memoryError(r.device) : got.error;
        data.fill(0xff, done, done + n);
        errors.push(e);
        pieces.push({ hpa: at, length: n, ok: false, device: r.device, dpa: r.dpa, error: e, hops: r.hops });
      }
    } else {
      data.fill(0xff, done, done + n);
      const e: CxlError = {
        ...r.error,
        message: `read ${hexAddr(at)}+${hexAddr(n)} returns all-ones: ${r.error.message}`,
      };
      if (e.spec === undefined) e.spec = SPEC_UNMATCHED;
      errors.push(e);
      pieces.push({ hpa: at, length: n, ok: false, error: e, hops: r.hops });
    }
    done += n;
  }
  return { ok: errors.length === 0, data, pieces, errors };
}

/** Writes `bytes` at `hpa` through the routing; unmatched pieces are dropped. */
export function write(
  lab: MemoryLab,
  hpa: number,
  bytes: Uint8Array,
  options: AccessOptions = {},
): WriteResult {
  const bad = checkRange(hpa, bytes.length);
  if (bad !== null) return { ok: false, written: 0, pieces: [], errors: [bad] };
  const trace = options.trace ?? true;
  const pieces: AccessPiece[] = [];
  const errors: CxlError[] = [];
  let done = 0;
  let written = 0;
  while (done < bytes.length) {
    const at = hpa + done;
    const { r, n } = routePiece(lab, at, bytes.length - done, trace);
    if (r.ok) {
      const mem = lab.memory(r.device);
      const put = mem === undefined ? null : mem.write(r.dpa, bytes, done, n);
      if (put?.ok) {
        written += n;
        pieces.push({ hpa: at, length: n, ok: true, device: r.device, dpa: r.dpa, hops: r.hops });
      } else {
        const e = put === null ? memoryError(r.device) : put.error;
        errors.push(e);
        pieces.push({ hpa: at, length: n, ok: false, device: r.device, dpa: r.dpa, error: e, hops: r.hops });
      }
    } else {
      const e: CxlError = {
        ...r.error,
        message: `write ${hexAddr(at)}+${hexAddr(n)} dropped: ${r.error.message}`,
      };
      if (e.spec === undefined) e.spec = SPEC_UNMATCHED;
      errors.push(e);
      pieces.push({ hpa: at, length: n, ok: false, error: e, hops: r.hops });
    }
    done += n;
  }
  return { ok: errors.length === 0, written, pieces, errors };
}

// ---------------------------------------------------------------------------------------------
// Fill and verify.

/**
 * Fill patterns, defined per HPA `h` of a fill starting at `start`:
 * - `byte`: every byte is `value`;
 * - `inc`: `(h - start) mod 256` (incrementing bytes from the start of the fill);
 * - `tag`: byte `h mod 8` of the 64-bit little-endian word `h - (h mod 8)` ("address tag": each
 *   8-byte aligned word holds its own HPA).
 */
export type FillPattern = { kind: 'byte'; value: number } | { kind: 'inc' } | { kind: 'tag' };

/** The expected byte at HPA `h` (slow, obviously-correct reference definition). */
export function patternByte(pattern: FillPattern, start: number, h: number): number {
  switch (pattern.kind) {
    case 'byte':
      return pattern.value & 0xff;
    case 'inc':
      return (h - start) % 256;
    case 'tag': {
      const word = h - (h % 8);
      const i = h % 8;
      const part = i < 4 ? lo32(word) : hi32(word);
      return Math.floor(part / 2 ** (8 * (i % 4))) % 256;
    }
  }
}

function runKindOf(pattern: FillPattern): RunKind {
  return pattern.kind === 'byte' ? RUN_BYTE : pattern.kind === 'inc' ? RUN_INC : RUN_TAG;
}

/**
 * Whether chunks `hpaStride` apart in HPA, stored back to back in DPA, form one pattern run: true
 * for constant bytes, and for incrementing bytes when both strides are multiples of 256.
 */
function mergeable(kind: RunKind, hpaStride: number, chunk: number): boolean {
  return kind === RUN_BYTE || (kind === RUN_INC && hpaStride % 256 === 0 && chunk % 256 === 0);
}

/** The run parameter for a piece at `hpa` (see `SparseMemory.fillRunUnchecked`). */
function runParam(pattern: FillPattern, start: number, hpa: number): number {
  return pattern.kind === 'byte' ? pattern.value & 0xff : pattern.kind === 'inc' ? (hpa - start) % 256 : hpa;
}

/** Cancellation flag (an `AbortSignal` fits). */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface BulkOptions {
  /** Called with (bytes done, bytes total) about every `progressBytes` and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between runs; when set, the operation stops and reports `cancelled`. */
  signal?: CancelFlag;
  /** Progress granularity in bytes (default 16 MiB). */
  progressBytes?: number;
  /** How many failures / mismatches to report in detail (default 16). */
  maxReports?: number;
}

/** A run that did not reach a device. */
export interface BulkFailure {
  hpa: number;
  length: number;
  error: CxlError;
  hops: RouteHop[];
}

export interface FillResult {
  ok: boolean;
  /** Bytes requested. */
  bytes: number;
  /** Bytes that reached devices. */
  written: number;
  /** Bytes written per device id. */
  perDevice: Record<string, number>;
  /** Bytes that routed nowhere (dropped). */
  unmappedBytes: number;
  /** The first `maxReports` failing runs, each naming the hop that failed. */
  failures: BulkFailure[];
  cancelled: boolean;
}

export interface Mismatch {
  hpa: number;
  device: string;
  dpa: number;
  expected: number;
  actual: number;
}

export interface VerifyResult {
  ok: boolean;
  bytes: number;
  /** Bytes compared (routed to a device). */
  checked: number;
  perDevice: Record<string, number>;
  /** Mismatching bytes found. */
  mismatchCount: number;
  /** The first `maxReports` mismatches. */
  mismatches: Mismatch[];
  /** Bytes that routed nowhere (reads would return all-ones). */
  unmappedBytes: number;
  /** Bytes that routed to poisoned device bytes: a read there fails (reported as `access.poison` failures). */
  poisonedBytes: number;
  failures: BulkFailure[];
  cancelled: boolean;
}

interface BulkStep {
  /** Called for a run that routed: `mem` holds `n` bytes at `dpa` for HPA `hpa`. */
  routed(mem: SparseMemory, device: string, hpa: number, dpa: number, n: number): void;
  /**
   * `count` chunks of `chunk` bytes on one device decoder: chunk k is HPA `hpa0 + k·hpaStride` at
   * DPA `dpa0 + k·dpaStride` (device-major order; see `bulk`).
   */
  strided(
    mem: SparseMemory,
    device: string,
    hpa0: number,
    hpaStride: number,
    dpa0: number,
    dpaStride: number,
    chunk: number,
    count: number,
  ): void;
  /** True when the result does not depend on the order chunks are visited (reads; constant fills). */
  orderFree: boolean;
}

interface BulkTotals {
  done: number;
  perDevice: Record<string, number>;
  unmappedBytes: number;
  failures: BulkFailure[];
  cancelled: boolean;
}

/** Don't bother with device-major order for fewer periods than this. */
const MIN_STRIDED_BLOCKS = 4;

/**
 * Walks `[start, start+length)` run by run: fast path first, the walk for anything it declines.
 *
 * Device-major order: inside a compiled segment the route is periodic (chunk c and c + Q reach the
 * same device decoder, `CompiledDecode.periodAt`), and when Q chunks span whole interleave stripes
 * of every device involved, chunk c + kQ sits at a constant DPA stride from chunk c. Whole periods
 * are then processed residue by residue — one device at a time, in long ascending DPA runs (a
 * single run when the stride equals the chunk) — instead of hopping between 16 devices every 256
 * bytes. Used for reads and constant fills always, and for other fills only when no two residues
 * reach the same device decoder (no aliasing, so the visiting order cannot change the result).
 */
function bulk(
  lab: MemoryLab,
  start: number,
  length: number,
  options: BulkOptions,
  step: BulkStep,
): BulkTotals {
  const compiled = compiledDecode(lab);
  const devices = compiled.devices;
  const memories: (SparseMemory | undefined)[] = devices.map((id) => lab.memory(id));
  const perSlot = new Float64Array(devices.length);
  const perDeviceSlow = new Map<string, number>();
  const failures: BulkFailure[] = [];
  const maxReports = options.maxReports ?? 16;
  const progressEvery = options.progressBytes ?? 16 * 2 ** 20;
  const signal = options.signal;
  const onProgress = options.onProgress;
  const end = start + length;
  let nextProgress = start + progressEvery;
  let unmappedBytes = 0;
  let cancelled = false;
  let hpa = start;
  // Periodic segment state for device-major processing.
  let periodEnd = -1;
  let period = 0;
  let block = 0;

  /** Processes `blocks` whole periods from `at` device-major; false (nothing done) when not possible. */
  const strided = (at: number, granule: number, blocks: number): boolean => {
    const plan: { slot: number; dpa0: number; dpaStride: number }[] = [];
    const seen = new Set<number>();
    for (let r = 0; r < period; r++) {
      const slot = compiled.translate(at + r * granule);
      const mem = slot >= 0 ? memories[slot] : undefined;
      if (mem === undefined) return false;
      const dpaStride = compiled.periodStride(period);
      if (dpaStride < 0) return false;
      const key = slot * 4096 + compiled.decoder;
      if (!step.orderFree && seen.has(key)) return false;
      seen.add(key);
      if (compiled.dpa + (blocks - 1) * dpaStride + granule > mem.capacityBytes) return false;
      plan.push({ slot, dpa0: compiled.dpa, dpaStride });
    }
    for (let r = 0; r < period; r++) {
      const p = plan[r];
      if (p === undefined) continue;
      if (signal?.aborted) {
        cancelled = true;
        return true;
      }
      const mem = memories[p.slot] as SparseMemory;
      step.strided(mem, devices[p.slot] ?? '', at + r * granule, block, p.dpa0, p.dpaStride, granule, blocks);
      perSlot[p.slot] = (perSlot[p.slot] ?? 0) + blocks * granule;
      onProgress?.(at - start + ((r + 1) * blocks * block) / period, length);
    }
    return true;
  };

  while (hpa < end) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    if (hpa >= periodEnd) {
      period = compiled.periodAt(hpa);
      block = period > 0 ? period * compiled.periodGranule : 0;
      periodEnd = period > 0 ? compiled.periodEnd : -1;
    }
    if (block > 0 && hpa % block === 0) {
      const blocks = Math.floor((Math.min(end, periodEnd) - hpa) / block);
      if (blocks >= MIN_STRIDED_BLOCKS && strided(hpa, compiled.periodGranule, blocks)) {
        if (cancelled) break;
        hpa += blocks * block;
        nextProgress = hpa + progressEvery;
        continue;
      }
      block = 0; // not possible in this segment: stay on the run-by-run path until it ends
    }
    const slot = compiled.translate(hpa);
    const mem = slot >= 0 ? memories[slot] : undefined;
    if (mem !== undefined) {
      const runEnd = Math.min(compiled.runEnd, end);
      const n = runEnd - hpa;
      step.routed(mem, devices[slot] ?? '', hpa, compiled.dpa, n);
      perSlot[slot] = (perSlot[slot] ?? 0) + n;
      hpa = runEnd;
    } else {
      const r = walk(lab, hpa);
      const n = Math.min(end - hpa, Math.max(1, r.runBytes));
      const m = r.ok ? lab.memory(r.device) : undefined;
      if (r.ok && m?.check(r.dpa, n).ok) {
        step.routed(m, r.device, hpa, r.dpa, n);
        perDeviceSlow.set(r.device, (perDeviceSlow.get(r.device) ?? 0) + n);
      } else {
        unmappedBytes += n;
        if (failures.length < maxReports) {
          const error = r.ok ? memoryError(r.device) : r.error;
          // Merge with the previous failure when it is the same error continuing.
          const last = failures[failures.length - 1];
          if (
            last !== undefined &&
            last.hpa + last.length === hpa &&
            last.error.code === error.code &&
            last.error.component === error.component
          ) {
            last.length += n;
          } else {
            failures.push({ hpa, length: n, error, hops: r.hops });
          }
        }
      }
      hpa += n;
    }
    if (hpa >= nextProgress && onProgress !== undefined) {
      onProgress(hpa - start, length);
      nextProgress = hpa + progressEvery;
    }
  }
  if (!cancelled) onProgress?.(hpa - start, length);
  const perDevice: Record<string, number> = {};
  devices.forEach((id, i) => {
    const n = perSlot[i] ?? 0;
    if (n > 0) perDevice[id] = n;
  });
  for (const [id, n] of perDeviceSlow) perDevice[id] = (perDevice[id] ?? 0) + n;
  return { done: hpa - start, perDevice, unmappedBytes, failures, cancelled };
}

/** Fills `[start, start+length)` with `pattern` through the routing. */
export function fill(
  lab: MemoryLab,
  start: number,
  length: number,
  pattern: FillPattern,
  options: BulkOptions = {},
): FillResult {
  const bad = checkRange(start, length);
  if (bad !== null) {
    return {
      ok: false,
      bytes: length,
      written: 0,
      perDevice: {},
      unmappedBytes: 0,
      failures: [{ hpa: start, length: 0, error: bad, hops: [] }],
      cancelled: false,
    };
  }
  let written = 0;
  const kind = runKindOf(pattern);
  // Parameter step between chunks `hpaStride` apart: the tag address moves with the HPA; the memory
  // takes inc parameters mod 256; constant bytes do not move.
  const paramStride = (hpaStride: number) => (kind === RUN_BYTE ? 0 : hpaStride);
  const totals = bulk(lab, start, length, options, {
    orderFree: kind === RUN_BYTE,
    routed(mem, _device, hpa, dpa, n) {
      mem.fillRunUnchecked(dpa, n, kind, runParam(pattern, start, hpa));
      written += n;
    },
    strided(mem, _device, hpa0, hpaStride, dpa0, dpaStride, chunk, count) {
      if (dpaStride === chunk && mergeable(kind, hpaStride, chunk)) {
        // Consecutive chunks are adjacent in DPA and the pattern continues across them: one run.
        mem.fillRunUnchecked(dpa0, chunk * count, kind, runParam(pattern, start, hpa0));
      } else {
        const param0 = runParam(pattern, start, hpa0);
        mem.fillRunsUnchecked(dpa0, dpaStride, chunk, count, kind, param0, paramStride(hpaStride));
      }
      written += chunk * count;
    },
  });
  return {
    ok: totals.unmappedBytes === 0 && !totals.cancelled,
    bytes: length,
    written,
    perDevice: totals.perDevice,
    unmappedBytes: totals.unmappedBytes,
    failures: totals.failures,
    cancelled: totals.cancelled,
  };
}

/**
 * Counts the poisoned device bytes a verify reads (none of this runs when no device has poison):
 * `note` is called per routed run, each poisoned part becomes an `access.poison` failure.
 */
function poisonTally(index: PoisonIndex, maxReports: number) {
  if (index === null) return null;
  const tally = {
    bytes: 0,
    failures: [] as BulkFailure[],
    has: (device: string) => index.has(device),
    note(device: string, hpa: number, dpa: number, n: number) {
      let at = dpa;
      while (at < dpa + n) {
        const hit = poisonCut(index, device, at, dpa + n - at, hpa + (at - dpa));
        if (hit === null) return;
        tally.bytes += hit.length;
        if (tally.failures.length < maxReports)
          tally.failures.push({ hpa: hit.hpa, length: hit.length, error: poisonError(hit), hops: [] });
        at = hit.dpa + hit.length;
      }
    },
  };
  return tally;
}

/** Reads `[start, start+length)` back through the routing and compares it with `pattern`. */
export function verify(
  lab: MemoryLab,
  start: number,
  length: number,
  pattern: FillPattern,
  options: BulkOptions = {},
): VerifyResult {
  const bad = checkRange(start, length);
  if (bad !== null) {
    return {
      ok: false,
      bytes: length,
      checked: 0,
      perDevice: {},
      mismatchCount: 0,
      mismatches: [],
      unmappedBytes: 0,
      poisonedBytes: 0,
      failures: [{ hpa: start, length: 0, error: bad, hops: [] }],
      cancelled: false,
    };
  }
  const maxReports = options.maxReports ?? 16;
  const poison = poisonTally(poisonIndexOf(lab), maxReports);
  const mismatches: Mismatch[] = [];
  let mismatchCount = 0;
  let checked = 0;
  const kind = runKindOf(pattern);
  const paramStride = (hpaStride: number) => (kind === RUN_BYTE ? 0 : hpaStride);
  const verifyRun = (mem: SparseMemory, device: string, hpa: number, dpa: number, n: number) => {
    const param = runParam(pattern, start, hpa);
    const found = mem.verifyRunUnchecked(dpa, n, kind, param);
    if (found === 0) return;
    mismatchCount += found;
    if (mismatches.length < maxReports) {
      // Rare path: scan again to record the first mismatches with their addresses.
      mem.verifyRunUnchecked(dpa, n, kind, param, (badDpa, expected, actual) => {
        mismatches.push({ hpa: hpa + (badDpa - dpa), device, dpa: badDpa, expected, actual });
        return mismatches.length < maxReports;
      });
    }
  };
  const totals = bulk(lab, start, length, options, {
    orderFree: true,
    routed(mem, device, hpa, dpa, n) {
      checked += n;
      poison?.note(device, hpa, dpa, n);
      verifyRun(mem, device, hpa, dpa, n);
    },
    strided(mem, device, hpa0, hpaStride, dpa0, dpaStride, chunk, count) {
      checked += chunk * count;
      if (poison?.has(device)) {
        for (let k = 0; k < count; k++)
          poison.note(device, hpa0 + k * hpaStride, dpa0 + k * dpaStride, chunk);
      }
      const param0 = runParam(pattern, start, hpa0);
      if (dpaStride === chunk && mergeable(kind, hpaStride, chunk)) {
        if (mem.verifyRunUnchecked(dpa0, chunk * count, kind, param0) === 0) return;
      } else {
        const bad = mem.verifyRunsUnchecked(
          dpa0,
          dpaStride,
          chunk,
          count,
          kind,
          param0,
          paramStride(hpaStride),
        );
        if (bad === 0) return;
      }
      // Per chunk: either not mergeable, or mismatches to count and locate by HPA.
      for (let k = 0; k < count; k++)
        verifyRun(mem, device, hpa0 + k * hpaStride, dpa0 + k * dpaStride, chunk);
    },
  });
  const poisonedBytes = poison?.bytes ?? 0;
  return {
    ok: mismatchCount === 0 && totals.unmappedBytes === 0 && poisonedBytes === 0 && !totals.cancelled,
    bytes: length,
    checked,
    perDevice: totals.perDevice,
    mismatchCount,
    mismatches,
    unmappedBytes: totals.unmappedBytes,
    poisonedBytes,
    failures: [...totals.failures, ...(poison?.failures ?? [])].slice(0, maxReports),
    cancelled: totals.cancelled,
  };
}
