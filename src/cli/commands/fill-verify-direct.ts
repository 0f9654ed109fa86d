/**
 * `cxl-lab fill-verify`'s direct check: every device byte a decoder maps into the range, compared
 * with the byte expected at the HPA computed upward from the device (independent of the fill).
 */

import {
  type FillPattern,
  hex,
  hpaOffsetToDpaOffset,
  type Lab,
  type LabCore,
  routesTo,
  type SparseMemory,
} from '../../cxl/index.ts';
import { TWO_POW_32 } from '../../cxl/units.ts';

/** Byte of the address tag at HPA `h`: byte h mod 8 of the 8-byte word at h - h mod 8, little-endian. */
function tagByte(h: number): number {
  const word = h - (h % 8);
  const j = h - word;
  // Split the word into 32-bit halves; bitwise operators only ever see a half, never the address.
  const half = j < 4 ? word % TWO_POW_32 : Math.floor(word / TWO_POW_32);
  return (half >>> (8 * (j % 4))) & 0xff;
}

/** A DataView of the last buffer `expectedBytes` wrote (one buffer serves a whole run). */
let lastView: DataView | null = null;

function viewOf(out: Uint8Array): DataView {
  if (lastView === null || lastView.buffer !== out.buffer || lastView.byteOffset !== out.byteOffset) {
    lastView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  }
  return lastView;
}

/** Expected bytes for HPAs [hpa, hpa+n) into `out` — written independently of the core's fill. */
export function expectedBytes(
  pattern: FillPattern,
  start: number,
  hpa: number,
  out: Uint8Array,
  n: number,
): void {
  if (pattern.kind === 'byte') {
    out.fill(pattern.value, 0, n);
    return;
  }
  if (pattern.kind === 'inc') {
    for (let i = 0; i < n; i++) out[i] = (hpa + i - start) % 256;
    return;
  }
  // Address tag: up to the first aligned word byte by byte, then whole words as two little-endian
  // 32-bit halves (low, high) of the word's address, then the tail byte by byte.
  let i = 0;
  for (; i < n && (hpa + i) % 8 !== 0; i++) out[i] = tagByte(hpa + i);
  const view = viewOf(out);
  let lo = (hpa + i) % TWO_POW_32;
  let hi = Math.floor((hpa + i) / TWO_POW_32);
  for (; i + 8 <= n; i += 8) {
    view.setUint32(i, lo, true);
    view.setUint32(i + 4, hi, true);
    // The next word's halves: lo + 8, carrying into hi at 2^32.
    lo += 8;
    if (lo >= TWO_POW_32) {
      lo -= TWO_POW_32;
      hi += 1;
    }
  }
  for (; i < n; i++) out[i] = tagByte(hpa + i);
}

export interface DirectMismatch {
  hpa: string;
  device: string;
  dpa: string;
  expected: number;
  actual: number;
}

/** The direct check's totals, added up over the chunks of a run. */
export interface DirectResult {
  checked: number;
  perDevice: Record<string, number>;
  mismatches: number;
  first: DirectMismatch[];
  unreachable: number;
  /** Device chunks that two different HPAs route to (found across the run's chunks). */
  aliased: number;
}

export function emptyDirect(): DirectResult {
  return { checked: 0, perDevice: {}, mismatches: 0, first: [], unreachable: 0, aliased: 0 };
}

/**
 * The lab's decoders, decoded once: memory operations do not change them, and decoding them on
 * every `routesTo` call dominated the direct check.
 */
export function frozenDecoders(lab: Lab): LabCore {
  const cache = new Map<string, ReturnType<Lab['decoders']>>();
  return {
    topology: lab.topology,
    version: lab.version,
    decoders(id) {
      let d = cache.get(id);
      if (d === undefined) {
        d = lab.decoders(id);
        cache.set(id, d);
      }
      return d;
    },
  };
}

/**
 * Which way of a device chunk routed to the device, for the chunks whose candidate HPAs straddle a
 * boundary between two chunks of the run: a device chunk reached through two different ways is an
 * alias. Candidates of one device chunk lie within ways × granularity (at most 256 KiB) of each
 * other, so inside a run chunk the fill's own overwrite shows an alias; only these straddling
 * device chunks need remembering, a few per boundary.
 */
export class AliasMap {
  readonly #ways = new Map<string, number>();
  /** `runStart` and `chunkBytes` place the boundaries. */
  constructor(
    readonly runStart: number,
    readonly chunkBytes: number,
  ) {}

  /** Whether [lo, hi) crosses a boundary between run chunks. */
  straddles(lo: number, hi: number): boolean {
    const first = Math.floor((lo - this.runStart) / this.chunkBytes);
    return first !== Math.floor((hi - 1 - this.runStart) / this.chunkBytes);
  }

  /** Records way `p` of device chunk `key`; true when another way was recorded before. */
  record(key: string, p: number): boolean {
    const before = this.#ways.get(key);
    if (before === undefined) this.#ways.set(key, p);
    return before !== undefined && before !== p;
  }
}

interface DirectRun {
  core: LabCore;
  pattern: FillPattern;
  /** The fill's start (the `inc` pattern counts from it). */
  start: number;
  aliases: AliasMap;
  expected: Uint8Array;
  actual: Uint8Array;
  /** 32-bit views of the same two buffers, for comparing a word at a time. */
  expectedWords: Uint32Array;
  actualWords: Uint32Array;
  result: DirectResult;
}

/** Whether the first `n` bytes of the run's two buffers agree: 32-bit words, then bytes. */
function sameBytes(run: DirectRun, n: number): boolean {
  const words = Math.floor(n / 4);
  const wa = run.actualWords;
  const wb = run.expectedWords;
  for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
  for (let i = words * 4; i < n; i++) if (run.actual[i] !== run.expected[i]) return false;
  return true;
}

/** Compares the `n` device bytes at `dpa` in `run.actual` with the pattern at HPAs [from, from+n). */
function compare(run: DirectRun, device: string, from: number, dpa: number, n: number): void {
  const got = run.actual;
  const expected = run.expected;
  expectedBytes(run.pattern, run.start, from, expected, n);
  const result = run.result;
  result.checked += n;
  result.perDevice[device] = (result.perDevice[device] ?? 0) + n;
  if (sameBytes(run, n)) return;
  for (let i = 0; i < n; i++) {
    if (got[i] === expected[i]) continue;
    result.mismatches++;
    if (result.first.length < 16) {
      result.first.push({
        hpa: hex(from + i),
        device,
        dpa: hex(dpa + i),
        expected: expected[i] ?? 0,
        actual: got[i] ?? 0,
      });
    }
  }
}

/** Checks one device decoder's chunks that map into [lo, hi) (the current chunk of the run). */
function checkDecoder(
  run: DirectRun,
  device: { id: string; memory: SparseMemory; spec: Parameters<typeof routesTo>[1] },
  d: ReturnType<Lab['decoders']>[number],
  lo: number,
  hi: number,
): void {
  const unit = d.granularity ?? 0;
  const ways = d.ways ?? 0;
  const span = d.size / ways;
  // DPA chunks whose candidate HPAs can fall in [lo, hi): a superset, by the monotonic forward formula.
  const chunkOf = (hpa: number) => Math.floor(hpaOffsetToDpaOffset(hpa - d.base, d.eiw, d.eig) / unit);
  const firstChunk = chunkOf(lo);
  const lastChunk = chunkOf(hi - 1);
  let guess = 0;
  for (let k = firstChunk; k <= lastChunk && k * unit < span; k++) {
    // Which way p (if any) of this DPA chunk is routed to this device? Try the last hit first.
    let hpaChunk = -1;
    for (let t = 0; t < ways; t++) {
      const p = (guess + t) % ways;
      const candidate = d.base + (k * ways + p) * unit;
      if (candidate + unit <= lo || candidate >= hi) continue;
      if (routesTo(run.core, device.spec, d.index, candidate)) {
        hpaChunk = candidate;
        guess = p;
        break;
      }
    }
    if (hpaChunk < 0) continue;
    const group = d.base + k * ways * unit;
    if (run.aliases.straddles(group, group + ways * unit)) {
      if (run.aliases.record(`${device.id} ${d.index} ${k}`, guess)) run.result.aliased++;
    }
    const from = Math.max(hpaChunk, lo);
    const n = Math.min(hpaChunk + unit, hi) - from;
    const dpa = d.dpaBase + k * unit + (from - hpaChunk);
    // One buffer for every read: a fresh array per chunk is garbage the size of the range.
    const got = device.memory.readInto(dpa, run.actual, 0, n);
    if (got.ok) compare(run, device.id, from, dpa, n);
    else run.result.unreachable += n;
  }
}

/**
 * Walks every device decoder's DPA chunks that map into [lo, hi) and compares memory directly,
 * adding to `result`.
 */
export function verifyDirect(
  lab: Lab,
  core: LabCore,
  range: { start: number; lo: number; hi: number },
  pattern: FillPattern,
  aliases: AliasMap,
  result: DirectResult,
): void {
  // The largest read is one granule, at most 16 KiB (CXL r3.1 §8.2.4.20.7, IG encodings 0–6).
  const expected = new Uint8Array(2 ** 16);
  const actual = new Uint8Array(2 ** 16);
  const run: DirectRun = {
    core,
    pattern,
    start: range.start,
    aliases,
    expected,
    actual,
    expectedWords: new Uint32Array(expected.buffer),
    actualWords: new Uint32Array(actual.buffer),
    result,
  };
  for (const c of lab.topology.spec.components) {
    if (c.kind !== 'type3') continue;
    const device = { id: c.id, memory: lab.memory(c.id), spec: c };
    for (const d of core.decoders(c.id)) {
      if (!d.committed || d.ways === null || d.granularity === null || d.size === 0) continue;
      const lo = Math.max(range.lo, d.base);
      const hi = Math.min(range.hi, d.base + d.size);
      if (lo < hi) checkDecoder(run, device, d, lo, hi);
    }
  }
}
