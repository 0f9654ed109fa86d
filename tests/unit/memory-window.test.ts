/** `MemoryWindow` (issue 18): an LD's DPA space as a page-aligned slice of its device's media. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryWindow } from '../../src/cxl/memory/memory-window.ts';
import { PAGE_SIZE, RUN_INC, SparseMemory } from '../../src/cxl/memory/sparse-memory.ts';

describe('MemoryWindow', () => {
  it('overrides every public method and accessor of SparseMemory (none falls through to empty pages)', () => {
    const base = Object.getOwnPropertyNames(SparseMemory.prototype).filter((n) => n !== 'constructor');
    const own = new Set(Object.getOwnPropertyNames(MemoryWindow.prototype));
    expect(base.filter((n) => !own.has(n))).toEqual(['check']);
  });

  it('refuses a slice that is not page-aligned or leaves the media', () => {
    const media = new SparseMemory(16 * PAGE_SIZE);
    expect(() => new MemoryWindow(media, 100, PAGE_SIZE)).toThrow(RangeError);
    expect(() => new MemoryWindow(media, 15 * PAGE_SIZE, 2 * PAGE_SIZE)).toThrow(RangeError);
  });

  it('every access lands at base + DPA in the media, and stays inside the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 * PAGE_SIZE }),
        (firstPage, pages, at, len) => {
          const media = new SparseMemory(16 * PAGE_SIZE);
          const size = pages * PAGE_SIZE;
          const w = new MemoryWindow(media, firstPage * PAGE_SIZE, size);
          const dpa = at % size;
          const n = Math.min(len, size - dpa);
          expect(w.fillPattern(dpa, n, { kind: 'inc', first: 7 }).ok).toBe(true);
          // The reference: byte k of the run is (7 + k) mod 256, at media offset base + dpa + k.
          const got = media.read(firstPage * PAGE_SIZE + dpa, n);
          expect(got.ok && got.value.every((b, k) => b === (7 + k) % 256)).toBe(true);
          expect(w.verifyRunUnchecked(dpa, n, RUN_INC, 7)).toBe(0);
          // Nothing outside the window was touched.
          const before = media.read(0, firstPage * PAGE_SIZE);
          expect(before.ok && before.value.every((b) => b === 0)).toBe(true);
          expect(w.check(dpa, size - dpa + 1).ok).toBe(false);
          expect(w.touchedPages).toBe([...media.pages()].length);
        },
      ),
    );
  });

  it('reports mismatch DPAs as the window’s own, and clear() zeroes only the window', () => {
    const media = new SparseMemory(4 * PAGE_SIZE);
    const w = new MemoryWindow(media, 2 * PAGE_SIZE, 2 * PAGE_SIZE);
    media.fill(0, 4 * PAGE_SIZE, 0x11);
    const seen: number[] = [];
    w.verifyPattern(5, 1, { kind: 'byte', value: 0 }, (dpa) => {
      seen.push(dpa);
      return true;
    });
    expect(seen).toEqual([5]);
    w.clear();
    expect(media.read(PAGE_SIZE * 2 - 1, 2)).toEqual({ ok: true, value: Uint8Array.of(0x11, 0) });
  });

  it('counts touched pages in a range: the media’s, and a window’s share of it (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: -4, max: 70 }),
        fc.integer({ min: -4, max: 70 }),
        (touched, firstPage, pages, from, to) => {
          const media = new SparseMemory(64 * PAGE_SIZE);
          for (const p of touched) media.write(p * PAGE_SIZE, Uint8Array.of(1));
          // The reference: count the touched page indexes in [from, to) by hand.
          const inRange = (a: number, b: number) => touched.filter((p) => p >= a && p < b).length;
          expect(media.touchedPagesIn(from, to)).toBe(inRange(from, to));
          const n = Math.min(pages, 64 - firstPage);
          const w = new MemoryWindow(media, firstPage * PAGE_SIZE, n * PAGE_SIZE);
          expect(w.touchedPages).toBe(inRange(firstPage, firstPage + n));
          // Window pages [from, to) are media pages firstPage + from …, clipped to the window.
          const a = firstPage + Math.max(0, from);
          const b = Math.min(firstPage + n, firstPage + to);
          expect(w.touchedPagesIn(from, to)).toBe(b > a ? inRange(a, b) : 0);
        },
      ),
    );
  });
});
