import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eigToGranularity,
  eiwToWays,
  granularityToEig,
  VALID_EIG,
  VALID_EIW,
  waysToEiw,
  xormapCount,
} from '../../src/cxl/spec/interleave.ts';

// Fixed seed: every property in this file runs the same cases on every run (CI included).
fc.configureGlobal({ seed: 7702 });

// Facts §2.1: ways = eiw < 8 ? 2^eiw : 3 * 2^(eiw-8); gran = 256 << eig.
const iwTable: [string, number, number][] = [
  ['eiw 0: 1 way (no interleave)', 0, 1],
  ['eiw 1: 2 ways', 1, 2],
  ['eiw 2: 4 ways', 2, 4],
  ['eiw 3: 8 ways', 3, 8],
  ['eiw 4: 16 ways (devices only)', 4, 16],
  ['eiw 8: 3 ways = 3 * 2^0', 8, 3],
  ['eiw 9: 6 ways = 3 * 2^1', 9, 6],
  ['eiw 10: 12 ways = 3 * 2^2', 10, 12],
];
const igTable: [string, number, number][] = [
  ['eig 0: 256 B', 0, 256],
  ['eig 1: 512 B', 1, 512],
  ['eig 2: 1 KiB', 2, 1024],
  ['eig 3: 2 KiB', 3, 2048],
  ['eig 4: 4 KiB', 4, 4096],
  ['eig 5: 8 KiB', 5, 8192],
  ['eig 6: 16 KiB', 6, 16384],
];

describe('interleave ways encoding (CXL r3.1 §8.2.4.20.7)', () => {
  for (const [why, eiw, ways] of iwTable) {
    it(why, () => {
      expect(eiwToWays(eiw)).toEqual({ ok: true, value: ways });
      expect(waysToEiw(ways)).toEqual({ ok: true, value: eiw });
    });
  }
  const reservedEiw: [string, number][] = [
    ['eiw 5 reserved', 5],
    ['eiw 6 reserved', 6],
    ['eiw 7 reserved', 7],
    ['eiw 11 reserved', 11],
    ['eiw 15 reserved', 15],
    ['negative', -1],
    ['non-integer', 1.5],
  ];
  for (const [why, eiw] of reservedEiw) {
    it(why, () => expect(eiwToWays(eiw).ok).toBe(false));
  }
  const badWays: [string, number][] = [
    ['0 ways', 0],
    ['5 ways', 5],
    ['7 ways', 7],
    ['9 ways', 9],
    ['24 ways (3 * 8 would be eiw 11, reserved)', 24],
    ['32 ways', 32],
    ['fraction', 2.5],
  ];
  for (const [why, ways] of badWays) {
    it(`rejects ${why}`, () => {
      const r = waysToEiw(ways);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.spec).toBe('CXL r3.1 §8.2.4.20.7');
    });
  }
  it('round-trips every valid eiw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_EIW), (eiw) => {
        const ways = eiwToWays(eiw);
        return (
          ways.ok && waysToEiw(ways.value).ok && (waysToEiw(ways.value) as { value: number }).value === eiw
        );
      }),
    );
  });
  it('rejects every eiw in 0..15 outside the valid set', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), (eiw) => eiwToWays(eiw).ok === VALID_EIW.includes(eiw)),
    );
  });
});

describe('interleave granularity encoding (CXL r3.1 §8.2.4.20.7)', () => {
  for (const [why, eig, gran] of igTable) {
    it(why, () => {
      expect(eigToGranularity(eig)).toEqual({ ok: true, value: gran });
      expect(granularityToEig(gran)).toEqual({ ok: true, value: eig });
    });
  }
  const badGran: [string, number][] = [
    ['128 B (below 256)', 128],
    ['32 KiB (above 16 KiB)', 32768],
    ['not a power of two', 3072],
    ['zero', 0],
  ];
  for (const [why, g] of badGran) {
    it(`rejects ${why}`, () => expect(granularityToEig(g).ok).toBe(false));
  }
  it('eig 7..15 are reserved', () => {
    for (let eig = 7; eig <= 15; eig++) expect(eigToGranularity(eig).ok).toBe(false);
  });
  it('round-trips every valid eig', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_EIG), (eig) => {
        const g = eigToGranularity(eig);
        const back = g.ok ? granularityToEig(g.value) : g;
        return back.ok && back.value === eig;
      }),
    );
  });
});

describe('xormapCount (log2 of the power-of-two part of ways)', () => {
  const rows: [number, number][] = [
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 2],
    [6, 1],
    [8, 3],
    [12, 2],
    [16, 4],
  ];
  for (const [ways, n] of rows) it(`${ways} ways → ${n} maps`, () => expect(xormapCount(ways)).toBe(n));
  it('null for an unencodable way count', () => expect(xormapCount(5)).toBeNull());
});
