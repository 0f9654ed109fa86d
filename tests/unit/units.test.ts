import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_LIMIT,
  alignDown,
  bitsOf,
  formatBytes,
  hex,
  hex32,
  hi32,
  join64,
  lo32,
  parseAddress,
  parseSize,
  shiftLeft,
  shiftRight,
} from '../../src/cxl/units.ts';

// Fixed seed: every property in this file runs the same cases on every run (CI included).
fc.configureGlobal({ seed: 7703 });

const address = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => n % ADDRESS_LIMIT);

function value(r: ReturnType<typeof parseAddress>): number {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('parseAddress', () => {
  const good: [string, string | number, number][] = [
    ['hex lowercase', '0x4c00000000', 0x4c00000000],
    ['hex uppercase digits and prefix', '0X4C00000000', 0x4c00000000],
    ['hex with underscores', '0x4c_0000_0000', 0x4c00000000],
    ['decimal', '4096', 4096],
    ['zero', '0', 0],
    ['surrounding spaces', '  0x10 ', 16],
    ['number', 0x1000, 0x1000],
    ['largest 52-bit address', '0xfffffffffffff', ADDRESS_LIMIT - 1],
    ['leading zeros in hex', '0x0000000000000000010', 16],
  ];
  for (const [why, input, expected] of good) {
    it(`accepts ${why}: ${String(input)}`, () => {
      expect(parseAddress(input, 'base')).toEqual({ ok: true, value: expected });
    });
  }

  const bad: [string, string | number, string][] = [
    ['negative text', '-1', 'units.negative'],
    ['negative number', -4096, 'units.negative'],
    ['fraction', 1.5, 'units.not-integer'],
    ['fraction text', '1.5', 'units.not-integer'],
    ['2^52', ADDRESS_LIMIT, 'units.too-large'],
    ['2^52 in hex', '0x10000000000000', 'units.too-large'],
    ['2^64 in hex', '0xffffffffffffffff', 'units.too-large'],
    ['huge decimal', '99999999999999999999', 'units.too-large'],
    ['junk', 'banana', 'units.invalid'],
    ['bad hex digit', '0x12g', 'units.invalid'],
    ['empty', '', 'units.invalid'],
    ['bare prefix', '0x', 'units.invalid'],
    ['size suffix is not an address', '4G', 'units.invalid'],
    ['NaN', Number.NaN, 'units.invalid'],
    ['Infinity', Number.POSITIVE_INFINITY, 'units.invalid'],
    ['very long text', '1'.repeat(10_000), 'units.invalid'],
  ];
  for (const [why, input, code] of bad) {
    it(`rejects ${why}`, () => {
      const r = parseAddress(input, 'window base');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(/^window base: /);
      }
    });
  }

  it('round-trips hex() for every 52-bit address', () => {
    fc.assert(fc.property(address, (a) => value(parseAddress(hex(a), 'a')) === a));
  });
  it('round-trips decimal text for every 52-bit address', () => {
    fc.assert(fc.property(address, (a) => value(parseAddress(String(a), 'a')) === a));
  });
});

describe('parseSize', () => {
  const good: [string, string | number, number][] = [
    ['256M', '256M', 256 * 2 ** 20],
    ['4G', '4G', 4 * 2 ** 30],
    ['1T', '1T', 2 ** 40],
    ['16K', '16K', 16384],
    ['4GiB', '4GiB', 4 * 2 ** 30],
    ['4Gi', '4Gi', 4 * 2 ** 30],
    ['lowercase 4g', '4g', 4 * 2 ** 30],
    ['with a space', '4 GiB', 4 * 2 ** 30],
    ['1.5G', '1.5G', 1.5 * 2 ** 30],
    ['hex', '0x200000000', 0x200000000],
    ['decimal', '268435456', 268435456],
    ['bytes suffix', '4096B', 4096],
    ['zero', 0, 0],
  ];
  for (const [why, input, expected] of good) {
    it(`accepts ${why}`, () => {
      expect(parseSize(input, 'size')).toEqual({ ok: true, value: expected });
    });
  }
  const bad: [string, string, string][] = [
    ['negative', '-4G', 'units.negative'],
    ['4P (= 2^52)', '4P', 'units.too-large'],
    ['unknown unit', '4X', 'units.invalid'],
    ['fractional bytes', '0.3K', 'units.not-integer'],
    ['junk', 'lots', 'units.invalid'],
  ];
  for (const [why, input, code] of bad) {
    it(`rejects ${why}`, () => {
      const r = parseSize(input, 'volatile');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toContain('volatile');
      }
    });
  }
  it('agrees with multiplication for N{K,M,G,T}', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4095 }),
        fc.constantFrom(['K', 10], ['M', 20], ['G', 30], ['T', 40]),
        (n, [u, s]) => {
          return value(parseSize(`${n}${u}`, 's')) === n * 2 ** (s as number);
        },
      ),
    );
  });
});

describe('hex / formatBytes', () => {
  it('hex is lowercase, unpadded', () => {
    expect(hex(0x4c00000000)).toBe('0x4c00000000');
    expect(hex(0)).toBe('0x0');
    expect(hex(0xabcdef)).toBe('0xabcdef');
    expect(hex32(0x382)).toBe('0x00000382');
  });
  const rows: [number, string][] = [
    [4 * 2 ** 30, '4 GiB'],
    [256 * 2 ** 20, '256 MiB'],
    [8192, '8 KiB'],
    [1536 * 2 ** 20, '1536 MiB'],
    [100, '100 B'],
    [0, '0 B'],
    [2 ** 40, '1 TiB'],
  ];
  for (const [n, text] of rows) {
    it(`formatBytes(${n}) = ${text}`, () => expect(formatBytes(n)).toBe(text));
  }
  it('formatBytes output parses back to the same size', () => {
    fc.assert(
      fc.property(address, (a) => {
        const text = formatBytes(a);
        return value(parseSize(text, 's')) === a;
      }),
    );
  });
});

describe('52-bit helpers', () => {
  it('lo32/hi32/join64 round-trip every 52-bit address', () => {
    fc.assert(
      fc.property(address, (a) => {
        const lo = lo32(a);
        const hi = hi32(a);
        return lo >= 0 && lo < 2 ** 32 && hi < 2 ** 20 && join64(hi, lo) === a;
      }),
    );
  });
  it('join64 treats halves as unsigned 32-bit values', () => {
    expect(join64(0x1, 0xf0000000)).toBe(0x1f0000000);
    expect(join64(0, -1)).toBe(0xffffffff);
  });
  it('bitsOf agrees with BigInt arithmetic', () => {
    fc.assert(
      fc.property(
        address,
        fc.integer({ min: 0, max: 51 }),
        fc.integer({ min: 1, max: 32 }),
        (a, lo, width) => {
          const expected = Number((BigInt(a) >> BigInt(lo)) & ((1n << BigInt(width)) - 1n));
          return bitsOf(a, lo, width) === expected;
        },
      ),
    );
  });
  it('shiftRight/shiftLeft agree with BigInt arithmetic', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 52 }), (a, n) => {
        const right = Number(BigInt(a) >> BigInt(n));
        const leftOk = n > 0 || shiftLeft(a, n) === a;
        return shiftRight(a, n) === right && leftOk && shiftLeft(shiftRight(a, n), n) === alignDown(a, n);
      }),
    );
  });
  it('examples from the facts: bits 10:9 of 0x404 = 2; 0x4000_0404 without bits 11:9', () => {
    expect(bitsOf(0x404, 9, 2)).toBe(2);
    const off = 0x4000_0404;
    const dpaOff = shiftLeft(shiftRight(off, 9 + 3), 9) + (off % 2 ** 9);
    expect(dpaOff).toBe(0x0800_0004);
    expect(bitsOf(2 ** 51 + 2 ** 40, 40, 12)).toBe(2 ** 11 + 1);
  });
});
