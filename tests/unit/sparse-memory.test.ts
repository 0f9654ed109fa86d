import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PAGE_SIZE,
  type PatternRun,
  patternRunByte,
  RUN_TAG,
  SparseMemory,
} from '../../src/cxl/memory/sparse-memory.ts';

const TIB = 2 ** 40;

describe('SparseMemory', () => {
  it('reads zeros where nothing was written and allocates nothing', () => {
    const m = new SparseMemory(TIB);
    const r = m.read(TIB - 16, 16);
    expect(r.ok && [...r.value]).toEqual(new Array(16).fill(0));
    expect(m.touchedPages).toBe(0);
  });

  it('writes across a page boundary and near the top of a 1 TiB device', () => {
    const m = new SparseMemory(TIB);
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    expect(m.write(PAGE_SIZE - 5, bytes).ok).toBe(true);
    expect(m.touchedPages).toBe(2);
    const r = m.read(PAGE_SIZE - 6, 12);
    expect(r.ok && [...r.value]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    expect(m.write(TIB - 1, Uint8Array.of(0xee)).ok).toBe(true);
    const top = m.read(TIB - 1, 1);
    expect(top.ok && top.value[0]).toBe(0xee);
    expect([...m.pages()].map(([i]) => i)).toEqual([0, 1, TIB / PAGE_SIZE - 1]);
  });

  it('returns errors at the capacity boundary instead of throwing', () => {
    const m = new SparseMemory(2 * PAGE_SIZE);
    const r = m.read(2 * PAGE_SIZE - 1, 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('memory.out-of-bounds');
    expect(m.write(2 * PAGE_SIZE, Uint8Array.of(1)).ok).toBe(false);
    expect(m.write(-1, Uint8Array.of(1)).ok).toBe(false);
    expect(m.fill(0.5, 1, 1).ok).toBe(false);
    expect(m.loadPage(2, new Uint8Array(PAGE_SIZE)).ok).toBe(false);
    expect(m.loadPage(1, new Uint8Array(10)).ok).toBe(false);
    expect(m.touchedPages).toBe(0);
  });

  it('does not allocate pages when filling zeros', () => {
    const m = new SparseMemory(TIB);
    expect(m.fill(123, 3 * PAGE_SIZE, 0).ok).toBe(true);
    expect(m.touchedPages).toBe(0);
  });

  it('loadPage copies and pages() yields sorted pages', () => {
    const m = new SparseMemory(TIB);
    const p = new Uint8Array(PAGE_SIZE).fill(7);
    m.loadPage(9, p);
    m.loadPage(3, p);
    p[0] = 1;
    expect([...m.pages()].map(([i, b]) => [i, b[0]])).toEqual([
      [3, 7],
      [9, 7],
    ]);
  });

  const runArb: fc.Arbitrary<PatternRun> = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((value): PatternRun => ({ kind: 'byte', value })),
    fc.integer({ min: 0, max: 255 }).map((first): PatternRun => ({ kind: 'inc', first })),
    fc.integer({ min: 0, max: 2 ** 52 - 2 ** 20 }).map((addr): PatternRun => ({ kind: 'tag', addr })),
  );

  it('fillPattern writes exactly patternRunByte and verifyPattern finds planted mismatches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * PAGE_SIZE }),
        fc.integer({ min: 1, max: 2 * PAGE_SIZE + 100 }),
        runArb,
        fc.boolean(),
        (dpa, length, run, aligned) => {
          // `aligned` makes page offset and tag address agree mod 8 (the word fast path).
          const r: PatternRun =
            aligned && run.kind === 'tag'
              ? { kind: 'tag', addr: run.addr - (run.addr % 8) + (dpa % 8) }
              : run;
          const m = new SparseMemory(8 * PAGE_SIZE);
          expect(m.fillPattern(dpa, length, r).ok).toBe(true);
          const got = m.read(dpa, length);
          if (!got.ok) throw new Error('read failed');
          for (let k = 0; k < length; k++) if (got.value[k] !== patternRunByte(r, k)) return false;
          const v = m.verifyPattern(dpa, length, r);
          if (!v.ok || v.value !== 0) return false;
          // Plant one wrong byte and find exactly it.
          const at = dpa + Math.floor(length / 2);
          const old = got.value[at - dpa] ?? 0;
          m.write(at, Uint8Array.of(old ^ 0x5a));
          const found: number[] = [];
          const v2 = m.verifyPattern(dpa, length, r, (d) => {
            found.push(d);
            return true;
          });
          return v2.ok && v2.value === 1 && found[0] === at;
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('address tag bytes are little-endian words holding their own address', () => {
    const run: PatternRun = { kind: 'tag', addr: 0x1_2345_6780 };
    const bytes = Array.from({ length: 16 }, (_, k) => patternRunByte(run, k));
    expect(bytes).toEqual([0x80, 0x67, 0x45, 0x23, 0x01, 0, 0, 0, 0x88, 0x67, 0x45, 0x23, 0x01, 0, 0, 0]);
    const m = new SparseMemory(PAGE_SIZE);
    m.fillPattern(0x80, 16, run);
    const r = m.read(0x80, 16);
    expect(r.ok && [...r.value]).toEqual(bytes);
  });

  it('readInto and write copy between page-crossing ranges and buffer slices', () => {
    const m = new SparseMemory(TIB);
    const source = Uint8Array.from({ length: 12 }, (_, i) => 0x10 + i);
    // Bytes 2..9 of the source land at PAGE_SIZE - 3 … PAGE_SIZE + 4 (two pages).
    const w = m.write(PAGE_SIZE - 3, source, 2, 8);
    expect(w.ok && w.value).toBe(8);
    const target = new Uint8Array(14).fill(0xff);
    // Read one byte before and after the written range, into target[3 … 13).
    const r = m.readInto(PAGE_SIZE - 4, target, 3, 10);
    expect(r.ok && r.value).toBe(10);
    expect([...target]).toEqual([
      0xff, 0xff, 0xff, 0, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0, 0xff,
    ]);
    // An absent page reads as zeros into the target.
    const far = new Uint8Array(4).fill(0xff);
    expect(m.readInto(10 * PAGE_SIZE, far).ok).toBe(true);
    expect([...far]).toEqual([0, 0, 0, 0]);
  });

  it('readInto and write refuse buffer slices that do not fit', () => {
    const m = new SparseMemory(TIB);
    const into = m.readInto(0, new Uint8Array(4), 2, 3);
    expect(!into.ok && into.error).toMatchObject({
      code: 'memory.bad-argument',
      message: 'target buffer of 4 bytes too small',
    });
    const from = m.write(0, new Uint8Array(4), -1, 1);
    expect(!from.ok && from.error).toMatchObject({
      code: 'memory.bad-argument',
      message: 'source buffer of 4 bytes too small',
    });
    // The capacity check comes first.
    const out = m.write(TIB, new Uint8Array(4), 9, 1);
    expect(!out.ok && out.error.code).toBe('memory.out-of-bounds');
    expect(m.touchedPages).toBe(0);
  });

  it('address-tag words carry from the low half into the high half (fill and verify)', () => {
    const m = new SparseMemory(PAGE_SIZE);
    // 64 words whose tags cross 0x1_0000_0000 after 32 of them.
    const addr = 2 ** 32 - 32 * 8;
    const run: PatternRun = { kind: 'tag', addr };
    m.fillPattern(0, 512, run);
    const r = m.read(0, 512);
    expect(r.ok && [...r.value]).toEqual(Array.from({ length: 512 }, (_, k) => patternRunByte(run, k)));
    expect(m.verifyRunsUnchecked(0, 512, 512, 1, RUN_TAG, addr, 0)).toBe(0);
    m.write(300, Uint8Array.of(0));
    expect(m.verifyRunsUnchecked(0, 512, 512, 1, RUN_TAG, addr, 0)).toBe(1);
  });

  it('verifies an untouched range against a zero pattern without allocating', () => {
    const m = new SparseMemory(TIB);
    const v = m.verifyPattern(0, 1 << 20, { kind: 'byte', value: 0 });
    expect(v.ok && v.value).toBe(0);
    const v2 = m.verifyPattern(0, 16, { kind: 'byte', value: 1 });
    expect(v2.ok && v2.value).toBe(16);
    expect(m.touchedPages).toBe(0);
  });
});
