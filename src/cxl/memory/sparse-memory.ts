/**
 * Sparse device memory: the backing store behind one Type 3 device's DPA space.
 *
 * Memory is kept in 4 KiB pages, allocated only when a byte in them is written with a value that
 * can differ from zero (writing zeros into a page that does not exist leaves it absent, since
 * untouched bytes read as 0 anyway). Nothing is proportional to the capacity: a 1 TiB device that
 * was never written costs one `Map`. Sixteen such devices are the lab's design point.
 *
 * Pages live in SLABS (one ArrayBuffer holding several page slots, handed out in allocation order,
 * whatever the page indexes): allocating an ArrayBuffer per 4 KiB page costs microseconds and
 * dominated routed fills. Slabs start at 2 pages and double up to 256 pages (1 MiB) per memory, so
 * at most about half of the allocated slots are ever unused, also for scattered writes.
 *
 * Every public method is bounds-checked against the capacity and returns a `Result` instead of
 * throwing at the boundary. DPAs are JS numbers below 2^52; page arithmetic uses division and
 * modulo, never 32-bit bitwise operators on addresses.
 *
 * Bulk helpers (`fill`, `fillPattern`, `verifyPattern`) work on runs of bytes inside pages with
 * `TypedArray.fill`/`set` and 32-bit word loops, so filling through routing costs a few operations
 * per interleave granule rather than per byte.
 */
import { err, ok, type Result } from '../result.ts';
import { ADDRESS_LIMIT, TWO_POW_32 } from '../units.ts';

/** Page size in bytes. */
export const PAGE_SIZE = 4096;
/** Largest address the lab handles (exclusive): 2^52. */

/** True on little-endian hosts, where a `Uint32Array` view matches the little-endian byte order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * How the bytes of a run are generated, independent of where the run lives:
 * - `byte`: every byte is `value`;
 * - `inc`: byte k of the run is `(first + k) mod 256`;
 * - `tag`: the run holds the bytes that addresses `addr`, `addr+1`, … would hold if each 8-byte
 *   aligned address `a` stored `a` as a 64-bit little-endian word ("address tag"). `addr` is the
 *   logical (host physical) address of the run's first byte; it need not be 8-byte aligned.
 */
export type PatternRun =
  | { kind: 'byte'; value: number }
  | { kind: 'inc'; first: number }
  | { kind: 'tag'; addr: number };

/** Run kinds for the allocation-free hot-loop methods. */
export const RUN_BYTE = 0;
export const RUN_INC = 1;
export const RUN_TAG = 2;
export type RunKind = typeof RUN_BYTE | typeof RUN_INC | typeof RUN_TAG;

function toRun(kind: RunKind, param: number): PatternRun {
  if (kind === RUN_BYTE) return { kind: 'byte', value: param };
  if (kind === RUN_INC) return { kind: 'inc', first: param };
  return { kind: 'tag', addr: param };
}

function fromRun(run: PatternRun): [RunKind, number] {
  switch (run.kind) {
    case 'byte':
      return [RUN_BYTE, run.value];
    case 'inc':
      return [RUN_INC, run.first];
    case 'tag':
      return [RUN_TAG, run.addr];
  }
}

/** Expected byte at offset `k` of a pattern run (the slow, obviously-correct definition). */
export function patternRunByte(run: PatternRun, k: number): number {
  switch (run.kind) {
    case 'byte':
      return run.value & 0xff;
    case 'inc':
      return (run.first + k) % 256;
    case 'tag': {
      const a = run.addr + k;
      const word = a - (a % 8);
      const byteInWord = a % 8;
      // Byte i of a little-endian 64-bit word holding `word` (< 2^52).
      const part = byteInWord < 4 ? word % TWO_POW_32 : Math.floor(word / TWO_POW_32);
      return Math.floor(part / 2 ** (8 * (byteInWord % 4))) % 256;
    }
  }
}

/** Called for each mismatch found by `verifyPattern`; return `false` to stop scanning. */
export type MismatchSink = (dpa: number, expected: number, actual: number) => boolean;

/** 512 bytes 0,1,…,255,0,1,…,255: any 256-byte window is an `inc` run. */
const INC_TEMPLATE = new Uint8Array(512 + 8);
for (let i = 0; i < INC_TEMPLATE.length; i++) INC_TEMPLATE[i] = i % 256;
const INC_TEMPLATE_WORDS = new Uint32Array(INC_TEMPLATE.buffer, 0, INC_TEMPLATE.length / 4);

/** Slab sizes in pages: 2, 4, 8, … up to `SLAB_MAX_PAGES`. */
const SLAB_FIRST_PAGES = 2;
const SLAB_MAX_PAGES = 256;
/** Slot ids are `slab * SLOT_STRIDE + slot` (small integers, never addresses). */
const SLOT_STRIDE = 65536;

function isIndex(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < ADDRESS_LIMIT;
}

export class SparseMemory {
  readonly capacityBytes: number;
  /** Page index → slot id. */
  readonly #slots = new Map<number, number>();
  #slabBytes: Uint8Array[] = [];
  #slabWords: Uint32Array[] = [];
  /** Free slots left in the newest slab, and the next one. */
  #nextSlot = 0;
  #slabPages = 0;
  // Last page looked up (hot loops touch one page many times in a row).
  #lastIndex = -1;
  #lastBytes: Uint8Array = new Uint8Array(0);
  #lastWords: Uint32Array = new Uint32Array(0);
  #lastOffset = 0;

  constructor(capacityBytes: number) {
    if (!isIndex(capacityBytes)) throw new RangeError(`SparseMemory: bad capacity ${capacityBytes}`);
    this.capacityBytes = capacityBytes;
  }

  /** Number of allocated (written) pages. */
  get touchedPages(): number {
    return this.#slots.size;
  }

  /**
   * Number of allocated pages with an index in `[first, end)` (a logical device's share of its
   * media): counted over the shorter of the range and the allocated pages, without reading any.
   */
  touchedPagesIn(first: number, end: number): number {
    let n = 0;
    if (end - first < this.#slots.size) {
      for (let p = Math.max(0, first); p < end; p++) if (this.#slots.has(p)) n++;
      return n;
    }
    for (const k of this.#slots.keys()) if (k >= first && k < end) n++;
    return n;
  }

  /** Bytes held by allocated pages. */
  get touchedBytes(): number {
    return this.#slots.size * PAGE_SIZE;
  }

  /** Bytes of slab storage reserved (≥ `touchedBytes`). */
  get allocatedBytes(): number {
    let n = 0;
    for (const b of this.#slabBytes) n += b.length;
    return n;
  }

  /** Checks `[dpa, dpa+length)` lies within the capacity. */
  check(dpa: number, length: number): Result<true> {
    if (!isIndex(dpa) || !isIndex(length)) {
      return err('memory.bad-argument', `DPA 0x${hexOf(dpa)} / length ${length}: not a non-negative integer`);
    }
    if (dpa + length > this.capacityBytes) {
      return err(
        'memory.out-of-bounds',
        `DPA range 0x${hexOf(dpa)}+0x${hexOf(length)} exceeds capacity 0x${hexOf(this.capacityBytes)}`,
      );
    }
    return ok(true);
  }

  /** Reads `length` bytes at `dpa` into a new array (untouched bytes are 0). */
  read(dpa: number, length: number): Result<Uint8Array> {
    const c = this.check(dpa, length);
    if (!c.ok) return c;
    const out = new Uint8Array(length);
    this.#copy(dpa, out, 0, length, false);
    return ok(out);
  }

  // readInto and write below are one transfer in two directions (table-shaped: same parameter list).

  /** Reads into `target[targetOffset … targetOffset+length)`; returns the byte count. */
  readInto(
    dpa: number,
    target: Uint8Array,
    targetOffset = 0,
    length = target.length - targetOffset,
  ): Result<number> {
    return this.#transfer(dpa, target, targetOffset, length, false);
  }

  /** Writes `bytes[sourceOffset … sourceOffset+length)` at `dpa`; returns the byte count. */
  write(
    dpa: number,
    bytes: Uint8Array,
    sourceOffset = 0,
    length = bytes.length - sourceOffset,
  ): Result<number> {
    return this.#transfer(dpa, bytes, sourceOffset, length, true);
  }

  /** Sets `length` bytes at `dpa` to `value`. */
  fill(dpa: number, length: number, value: number): Result<number> {
    return this.fillPattern(dpa, length, { kind: 'byte', value });
  }

  /** Writes a pattern run at `dpa` (see `PatternRun`). */
  fillPattern(dpa: number, length: number, run: PatternRun): Result<number> {
    const c = this.check(dpa, length);
    if (!c.ok) return c;
    this.fillPatternUnchecked(dpa, length, run);
    return ok(length);
  }

  /**
   * `fillPattern` without the argument check, for callers (the routed fill) that have already
   * validated the run against the capacity.
   */
  fillPatternUnchecked(dpa: number, length: number, run: PatternRun): void {
    const [kind, param] = fromRun(run);
    this.fillRunUnchecked(dpa, length, kind, param);
  }

  /**
   * Allocation-free form of `fillPatternUnchecked` for hot loops: `kind` is `RUN_BYTE` (param = the
   * byte), `RUN_INC` (param = first byte) or `RUN_TAG` (param = logical address of the first byte).
   */
  fillRunUnchecked(dpa: number, length: number, kind: RunKind, param: number): void {
    let done = 0;
    let pageIndex = Math.floor(dpa / PAGE_SIZE);
    let off = dpa - pageIndex * PAGE_SIZE;
    while (done < length) {
      const n = Math.min(PAGE_SIZE - off, length - done);
      if (kind === RUN_BYTE) {
        const v = param & 0xff;
        if (v === 0) {
          // Absent pages already read 0: don't allocate them just to store zeros.
          if (this.#select(pageIndex))
            this.#lastBytes.fill(0, this.#lastOffset + off, this.#lastOffset + off + n);
        } else {
          this.#selectForWrite(pageIndex);
          this.#lastBytes.fill(v, this.#lastOffset + off, this.#lastOffset + off + n);
        }
      } else if (kind === RUN_INC) {
        this.#selectForWrite(pageIndex);
        fillInc(this.#lastBytes, this.#lastOffset + off, n, (param + done) % 256);
      } else {
        this.#selectForWrite(pageIndex);
        fillTag(this.#lastBytes, this.#lastWords, this.#lastOffset + off, n, param + done);
      }
      done += n;
      pageIndex++;
      off = 0;
    }
  }

  /**
   * `count` runs of `chunk` bytes, run k at DPA `dpa0 + k·dpaStride` with parameter
   * `param0 + k·paramStride` (see `fillRunUnchecked`). Address-tag runs whose DPA and tag address
   * agree mod 8 are stored straight into the page words, without per-run dispatch.
   */
  fillRunsUnchecked(
    dpa0: number,
    dpaStride: number,
    chunk: number,
    count: number,
    kind: RunKind,
    param0: number,
    paramStride: number,
  ): void {
    const direct = kind === RUN_TAG && LITTLE_ENDIAN && chunk % 8 === 0 && chunk <= PAGE_SIZE;
    for (let k = 0; k < count; k++) {
      const dpa = dpa0 + k * dpaStride;
      const param = param0 + k * paramStride;
      const pageIndex = Math.floor(dpa / PAGE_SIZE);
      const off = dpa - pageIndex * PAGE_SIZE;
      if (direct && off + chunk <= PAGE_SIZE && off % 8 === 0 && param % 8 === 0) {
        this.#selectForWrite(pageIndex);
        tagWords(this.#lastWords, (this.#lastOffset + off) >> 2, chunk >> 3, param, true);
      } else {
        this.fillRunUnchecked(dpa, chunk, kind, kind === RUN_INC ? param % 256 : param);
      }
    }
  }

  /** Mismatching bytes over `count` strided runs (see `fillRunsUnchecked`); no per-byte report. */
  verifyRunsUnchecked(
    dpa0: number,
    dpaStride: number,
    chunk: number,
    count: number,
    kind: RunKind,
    param0: number,
    paramStride: number,
  ): number {
    const direct = kind === RUN_TAG && LITTLE_ENDIAN && chunk % 8 === 0 && chunk <= PAGE_SIZE;
    let mismatches = 0;
    for (let k = 0; k < count; k++) {
      const dpa = dpa0 + k * dpaStride;
      const param = param0 + k * paramStride;
      const pageIndex = Math.floor(dpa / PAGE_SIZE);
      const off = dpa - pageIndex * PAGE_SIZE;
      if (
        direct &&
        off + chunk <= PAGE_SIZE &&
        off % 8 === 0 &&
        param % 8 === 0 &&
        this.#select(pageIndex) &&
        tagWords(this.#lastWords, (this.#lastOffset + off) >> 2, chunk >> 3, param, false)
      ) {
        continue;
      }
      mismatches += this.verifyRunUnchecked(dpa, chunk, kind, kind === RUN_INC ? param % 256 : param);
    }
    return mismatches;
  }

  /**
   * Compares `length` bytes at `dpa` with a pattern run. Calls `sink` for each mismatching byte
   * (until it returns false) and returns the number of mismatching bytes found before stopping.
   */
  verifyPattern(dpa: number, length: number, run: PatternRun, sink?: MismatchSink): Result<number> {
    const c = this.check(dpa, length);
    if (!c.ok) return c;
    return ok(this.verifyPatternUnchecked(dpa, length, run, sink));
  }

  /** `verifyPattern` without the argument check. */
  verifyPatternUnchecked(dpa: number, length: number, run: PatternRun, sink?: MismatchSink): number {
    const [kind, param] = fromRun(run);
    return this.verifyRunUnchecked(dpa, length, kind, param, sink);
  }

  /**
   * Allocation-free comparison for hot loops (see `fillRunUnchecked` for `kind`/`param`): returns
   * the number of mismatching bytes, calling `sink` for each until it returns false. The common
   * all-equal case compares 32-bit words.
   */
  verifyRunUnchecked(dpa: number, length: number, kind: RunKind, param: number, sink?: MismatchSink): number {
    let done = 0;
    let pageIndex = Math.floor(dpa / PAGE_SIZE);
    let off = dpa - pageIndex * PAGE_SIZE;
    let mismatches = 0;
    while (done < length) {
      const n = Math.min(PAGE_SIZE - off, length - done);
      const present = this.#select(pageIndex);
      const p = kind === RUN_BYTE ? param : kind === RUN_INC ? (param + done) % 256 : param + done;
      const at = this.#lastOffset + off;
      const same = present
        ? matchesFast(this.#lastBytes, this.#lastWords, at, n, kind, p)
        : matchesZero(kind, p, n);
      if (!same) {
        const run = toRun(kind, p);
        const bytes = this.#lastBytes;
        for (let k = 0; k < n; k++) {
          const expected = patternRunByte(run, k);
          const actual = present ? (bytes[at + k] ?? 0) : 0;
          if (expected !== actual) {
            mismatches++;
            if (sink !== undefined && !sink(pageIndex * PAGE_SIZE + off + k, expected, actual))
              return mismatches;
          }
        }
      }
      done += n;
      pageIndex++;
      off = 0;
    }
    return mismatches;
  }

  /** Allocated pages, ascending by page index (the page's DPA is `index * PAGE_SIZE`); live views. */
  *pages(): IterableIterator<[number, Uint8Array]> {
    const keys = [...this.#slots.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const view = this.peekPage(k);
      if (view !== undefined) yield [k, view];
    }
  }

  /** The page at `pageIndex` if allocated (a live view: do not keep it across writes you don't own). */
  peekPage(pageIndex: number): Uint8Array | undefined {
    if (!this.#select(pageIndex)) return undefined;
    return this.#lastBytes.subarray(this.#lastOffset, this.#lastOffset + PAGE_SIZE);
  }

  /** Replaces page `pageIndex` with a copy of `bytes` (exactly `PAGE_SIZE` bytes), e.g. when loading a file. */
  loadPage(pageIndex: number, bytes: Uint8Array): Result<true> {
    if (!isIndex(pageIndex) || (pageIndex + 1) * PAGE_SIZE > this.capacityBytes) {
      return err('memory.out-of-bounds', `page ${pageIndex} beyond capacity 0x${hexOf(this.capacityBytes)}`);
    }
    if (bytes.length !== PAGE_SIZE) {
      return err('memory.bad-argument', `page ${pageIndex}: ${bytes.length} bytes, expected ${PAGE_SIZE}`);
    }
    this.#selectForWrite(pageIndex);
    this.#lastBytes.set(bytes, this.#lastOffset);
    return ok(true);
  }

  /** Drops every page (all bytes read 0 again) and releases the slabs. */
  clear(): void {
    this.#slots.clear();
    this.#slabBytes = [];
    this.#slabWords = [];
    this.#nextSlot = 0;
    this.#slabPages = 0;
    this.#lastIndex = -1;
    this.#lastBytes = new Uint8Array(0);
    this.#lastWords = new Uint32Array(0);
    this.#lastOffset = 0;
  }

  /** Points the `#last*` fields at page `pageIndex`; false when the page is absent. */
  #select(pageIndex: number): boolean {
    if (pageIndex === this.#lastIndex) return true;
    const id = this.#slots.get(pageIndex);
    if (id === undefined) return false;
    this.#point(pageIndex, id);
    return true;
  }

  /** Like `#select`, allocating the page (zeroed) when absent. */
  #selectForWrite(pageIndex: number): void {
    if (pageIndex === this.#lastIndex) return;
    let id = this.#slots.get(pageIndex);
    if (id === undefined) {
      if (this.#nextSlot >= this.#slabPages) {
        const pages =
          this.#slabPages === 0 ? SLAB_FIRST_PAGES : Math.min(SLAB_MAX_PAGES, this.#slabPages * 2);
        const buffer = new ArrayBuffer(pages * PAGE_SIZE);
        this.#slabBytes.push(new Uint8Array(buffer));
        this.#slabWords.push(new Uint32Array(buffer));
        this.#slabPages = pages;
        this.#nextSlot = 0;
      }
      id = (this.#slabBytes.length - 1) * SLOT_STRIDE + this.#nextSlot;
      this.#nextSlot++;
      this.#slots.set(pageIndex, id);
    }
    this.#point(pageIndex, id);
  }

  #point(pageIndex: number, id: number): void {
    const slab = Math.floor(id / SLOT_STRIDE);
    this.#lastIndex = pageIndex;
    this.#lastBytes = this.#slabBytes[slab] as Uint8Array;
    this.#lastWords = this.#slabWords[slab] as Uint32Array;
    this.#lastOffset = (id - slab * SLOT_STRIDE) * PAGE_SIZE;
  }

  /** `readInto` (`toMemory` false) and `write` (true): both ranges checked, then `#copy`. */
  #transfer(
    dpa: number,
    buffer: Uint8Array,
    bufferOffset: number,
    length: number,
    toMemory: boolean,
  ): Result<number> {
    const c = this.check(dpa, length);
    if (!c.ok) return c;
    if (!isIndex(bufferOffset) || bufferOffset + length > buffer.length) {
      const role = toMemory ? 'source' : 'target';
      return err('memory.bad-argument', `${role} buffer of ${buffer.length} bytes too small`);
    }
    this.#copy(dpa, buffer, bufferOffset, length, toMemory);
    return ok(length);
  }

  /**
   * Copies `length` bytes between `[dpa, dpa+length)` and `buffer[bufferOffset …)`, page by page:
   * into memory when `toMemory` (allocating pages), else out of it (absent pages read 0).
   */
  #copy(dpa: number, buffer: Uint8Array, bufferOffset: number, length: number, toMemory: boolean): void {
    let done = 0;
    let pageIndex = Math.floor(dpa / PAGE_SIZE);
    let off = dpa - pageIndex * PAGE_SIZE;
    while (done < length) {
      const n = Math.min(PAGE_SIZE - off, length - done);
      const from = bufferOffset + done;
      if (toMemory) {
        this.#selectForWrite(pageIndex);
        this.#lastBytes.set(buffer.subarray(from, from + n), this.#lastOffset + off);
      } else if (!this.#select(pageIndex)) buffer.fill(0, from, from + n);
      else {
        const at = this.#lastOffset + off;
        buffer.set(this.#lastBytes.subarray(at, at + n), from);
      }
      done += n;
      pageIndex++;
      off = 0;
    }
  }
}

function hexOf(n: number): string {
  return Number.isFinite(n) ? Math.trunc(n).toString(16) : String(n);
}

function fillInc(bytes: Uint8Array, off: number, n: number, first: number): void {
  let done = 0;
  let start = first % 256;
  while (done < n) {
    const chunk = Math.min(256, n - done);
    bytes.set(INC_TEMPLATE.subarray(start, start + chunk), off + done);
    done += chunk;
    // After 256 bytes the sequence is back where it started.
    start = (start + chunk) % 256;
  }
}

/** Writes an address-tag run of `n` bytes at page offset `off`, first byte's logical address `addr`. */
function fillTag(bytes: Uint8Array, words: Uint32Array, off: number, n: number, addr: number): void {
  const skew = (off - addr) % 8;
  if (!LITTLE_ENDIAN || skew !== 0) {
    const run: PatternRun = { kind: 'tag', addr };
    for (let k = 0; k < n; k++) bytes[off + k] = patternRunByte(run, k);
    return;
  }
  // Page offset and logical address agree mod 8: whole words line up with Uint32 pairs.
  let k = 0;
  // Leading partial word.
  const lead = Math.min(n, (8 - (addr % 8)) % 8);
  for (; k < lead; k++) bytes[off + k] = patternRunByte({ kind: 'tag', addr }, k);
  // Page and slab offsets are small integers (< 2^20): `>> 2` is exact and keeps indexes int32.
  const whole = Math.floor((n - k) / 8);
  tagWords(words, (off + k) >> 2, whole, addr + k, true);
  k += whole * 8;
  for (; k < n; k++) bytes[off + k] = patternRunByte({ kind: 'tag', addr }, k);
}

/**
 * Stores (`store`) or compares `pairs` address-tag words from word index `w0`: the first holds `addr`
 * (8-byte aligned) as low/high 32-bit halves. The inner loops run in int32 (`| 0` on the low HALF,
 * never on an address) between carries from the low half into the high half. Returns false when a
 * compared word differs (always true when storing).
 */
function tagWords(words: Uint32Array, w0: number, pairs: number, addr: number, store: boolean): boolean {
  let hi = Math.floor(addr / TWO_POW_32);
  let lo = addr - hi * TWO_POW_32;
  let w = w0;
  let i = 0;
  while (i < pairs) {
    const room = Math.min(pairs - i, Math.floor((TWO_POW_32 - lo) / 8));
    const h = hi | 0;
    let x = lo | 0;
    const stop = w + room * 2;
    if (store) {
      for (; w < stop; w += 2) {
        words[w] = x;
        words[w + 1] = h;
        x = (x + 8) | 0;
      }
    } else {
      for (; w < stop; w += 2) {
        if (((words[w] as number) | 0) !== x || ((words[w + 1] as number) | 0) !== h) return false;
        x = (x + 8) | 0;
      }
    }
    i += room;
    lo += room * 8;
    if (lo >= TWO_POW_32) {
      lo -= TWO_POW_32;
      hi += 1;
    }
  }
  return true;
}

/** True when `n` bytes of the run are all zero (compared against an absent page). */
function matchesZero(kind: RunKind, param: number, n: number): boolean {
  if (kind === RUN_BYTE) return (param & 0xff) === 0;
  const run = toRun(kind, param);
  for (let k = 0; k < n; k++) if (patternRunByte(run, k) !== 0) return false;
  return true;
}

/** Fast comparison of a run with page bytes; false means "at least one byte differs". */
function matchesFast(
  bytes: Uint8Array,
  words: Uint32Array,
  off: number,
  n: number,
  kind: RunKind,
  param: number,
): boolean {
  if (kind === RUN_BYTE) {
    const v = param & 0xff;
    let k = 0;
    const head = Math.min(n, (4 - (off % 4)) % 4);
    for (; k < head; k++) if (bytes[off + k] !== v) return false;
    const v32 = (v * 0x01010101) | 0;
    let w = (off + k) >> 2;
    const wEnd = w + ((n - k) >> 2);
    for (; w < wEnd; w++) if (((words[w] as number) | 0) !== v32) return false;
    k = wEnd * 4 - off;
    for (; k < n; k++) if (bytes[off + k] !== v) return false;
    return true;
  }
  if (kind === RUN_INC) {
    const first = param % 256;
    if (LITTLE_ENDIAN && off % 4 === 0 && first % 4 === 0 && n % 4 === 0) {
      let w = off >> 2;
      const wEnd = w + (n >> 2);
      let t = first >> 2;
      for (; w < wEnd; w++) {
        if (words[w] !== INC_TEMPLATE_WORDS[t]) return false;
        t++;
        if (t === 64) t = 0;
      }
      return true;
    }
    for (let k = 0; k < n; k++) if (bytes[off + k] !== (first + k) % 256) return false;
    return true;
  }
  const addr = param;
  if (!LITTLE_ENDIAN || (off - addr) % 8 !== 0 || addr % 8 !== 0 || n % 8 !== 0) {
    const run = toRun(kind, param);
    for (let k = 0; k < n; k++) if (bytes[off + k] !== patternRunByte(run, k)) return false;
    return true;
  }
  return tagWords(words, off >> 2, n >> 3, addr, false);
}
