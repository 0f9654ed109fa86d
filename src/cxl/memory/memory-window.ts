/**
 * A window onto another device memory: the DPA space of one logical device (issue 18), whose bytes live
 * in a slice `[base, base + size)` of its multi-logical device's physical media. Every access is passed
 * to the media with `base` added, so two hosts reaching two LDs of one device share one store.
 *
 * It is a `SparseMemory` (routing, fills and the file code take one) that keeps no pages of its own:
 * every public method of `SparseMemory` is overridden here (`tests/unit/memory-window.test.ts` fails
 * when one is added and not overridden). Single-host labs never build one, so their call sites stay
 * monomorphic and their fast path is unchanged.
 */
import { err, type Result } from '../result.ts';
import {
  type MismatchSink,
  PAGE_SIZE,
  type PatternRun,
  RUN_BYTE,
  type RunKind,
  SparseMemory,
} from './sparse-memory.ts';

export class MemoryWindow extends SparseMemory {
  readonly media: SparseMemory;
  /** Media offset of DPA 0 (a multiple of `PAGE_SIZE`). */
  readonly base: number;
  readonly #firstPage: number;
  readonly #endPage: number;

  constructor(media: SparseMemory, base: number, size: number) {
    if (base % PAGE_SIZE !== 0 || size % PAGE_SIZE !== 0 || base < 0 || base + size > media.capacityBytes)
      throw new RangeError(`MemoryWindow: [${base}, +${size}) is not a page-aligned slice of the media`);
    super(size);
    this.media = media;
    this.base = base;
    this.#firstPage = base / PAGE_SIZE;
    this.#endPage = (base + size) / PAGE_SIZE;
  }

  override get touchedPages(): number {
    return this.media.touchedPagesIn(this.#firstPage, this.#endPage);
  }

  /** Pages `[first, end)` of the window are media pages `#firstPage + first …`, clipped to the window. */
  override touchedPagesIn(first: number, end: number): number {
    const from = this.#firstPage + Math.max(0, first);
    const to = Math.min(this.#endPage, this.#firstPage + end);
    return to > from ? this.media.touchedPagesIn(from, to) : 0;
  }

  override get touchedBytes(): number {
    return this.touchedPages * PAGE_SIZE;
  }

  /** The media's slabs are shared by every window: this counts the window's touched pages. */
  override get allocatedBytes(): number {
    return this.touchedBytes;
  }

  override read(dpa: number, length: number): Result<Uint8Array> {
    const c = this.check(dpa, length);
    return c.ok ? this.media.read(this.base + dpa, length) : c;
  }

  override readInto(
    dpa: number,
    target: Uint8Array,
    targetOffset = 0,
    length = target.length - targetOffset,
  ) {
    const c = this.check(dpa, length);
    return c.ok ? this.media.readInto(this.base + dpa, target, targetOffset, length) : c;
  }

  override write(dpa: number, bytes: Uint8Array, sourceOffset = 0, length = bytes.length - sourceOffset) {
    const c = this.check(dpa, length);
    return c.ok ? this.media.write(this.base + dpa, bytes, sourceOffset, length) : c;
  }

  override fill(dpa: number, length: number, value: number): Result<number> {
    return this.fillPattern(dpa, length, { kind: 'byte', value });
  }

  override fillPattern(dpa: number, length: number, run: PatternRun): Result<number> {
    const c = this.check(dpa, length);
    return c.ok ? this.media.fillPattern(this.base + dpa, length, run) : c;
  }

  override fillPatternUnchecked(dpa: number, length: number, run: PatternRun): void {
    this.media.fillPatternUnchecked(this.base + dpa, length, run);
  }

  override fillRunUnchecked(dpa: number, length: number, kind: RunKind, param: number): void {
    this.media.fillRunUnchecked(this.base + dpa, length, kind, param);
  }

  override fillRunsUnchecked(
    dpa0: number,
    dpaStride: number,
    chunk: number,
    count: number,
    kind: RunKind,
    param0: number,
    paramStride: number,
  ): void {
    this.media.fillRunsUnchecked(this.base + dpa0, dpaStride, chunk, count, kind, param0, paramStride);
  }

  override verifyRunsUnchecked(
    dpa0: number,
    dpaStride: number,
    chunk: number,
    count: number,
    kind: RunKind,
    param0: number,
    paramStride: number,
  ): number {
    return this.media.verifyRunsUnchecked(
      this.base + dpa0,
      dpaStride,
      chunk,
      count,
      kind,
      param0,
      paramStride,
    );
  }

  override verifyPattern(dpa: number, length: number, run: PatternRun, sink?: MismatchSink): Result<number> {
    const c = this.check(dpa, length);
    return c.ok ? this.media.verifyPattern(this.base + dpa, length, run, this.#sink(sink)) : c;
  }

  override verifyPatternUnchecked(dpa: number, length: number, run: PatternRun, sink?: MismatchSink): number {
    return this.media.verifyPatternUnchecked(this.base + dpa, length, run, this.#sink(sink));
  }

  override verifyRunUnchecked(
    dpa: number,
    length: number,
    kind: RunKind,
    param: number,
    sink?: MismatchSink,
  ): number {
    return this.media.verifyRunUnchecked(this.base + dpa, length, kind, param, this.#sink(sink));
  }

  override *pages(): IterableIterator<[number, Uint8Array]> {
    for (const [index, bytes] of this.media.pages())
      if (index >= this.#firstPage && index < this.#endPage) yield [index - this.#firstPage, bytes];
  }

  override peekPage(pageIndex: number): Uint8Array | undefined {
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || this.#firstPage + pageIndex >= this.#endPage)
      return undefined;
    return this.media.peekPage(this.#firstPage + pageIndex);
  }

  override loadPage(pageIndex: number, bytes: Uint8Array): Result<true> {
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || (pageIndex + 1) * PAGE_SIZE > this.capacityBytes)
      return err('memory.out-of-bounds', `page ${pageIndex} beyond the logical device's capacity`);
    return this.media.loadPage(this.#firstPage + pageIndex, bytes);
  }

  /** Zeroes the window's bytes (pages stay allocated: other windows may hold them selected). */
  override clear(): void {
    this.media.fillRunUnchecked(this.base, this.capacityBytes, RUN_BYTE, 0);
  }

  /** Mismatch DPAs come back from the media as media offsets: report them as this LD's DPAs. */
  #sink(sink: MismatchSink | undefined): MismatchSink | undefined {
    if (sink === undefined) return undefined;
    const base = this.base;
    return (offset, expected, actual) => sink(offset - base, expected, actual);
  }
}
