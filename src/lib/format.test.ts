// Unit tests for the UI's size and address formatting and parsing (`lib/format.ts`).
import { describe, expect, it } from 'vitest';
import { asciiChar, formatBytes, formatHex, formatRange, parseQuantity } from './format';

describe('parseQuantity', () => {
  it.each([
    ['hex address', '0x4c00000000', 0x4c00000000],
    ['upper-case hex', '0X1F', 31],
    ['plain number', 4096, 4096],
    ['decimal string', '4096', 4096],
    ['G suffix', '4G', 4 * 2 ** 30],
    ['GiB suffix', '2GiB', 2 * 2 ** 30],
    ['K suffix, lower case', '256k', 256 * 1024],
    ['T suffix', '1T', 2 ** 40],
    ['largest address', 2 ** 52 - 1, 2 ** 52 - 1],
    // The CLI's grammar (units.ts parseSize): 1.5 × 2^30 = 1610612736; underscores between hex digits.
    ['fractional G', '1.5G', 1610612736],
    ['hex with underscores', '0x4c_0000_0000', 0x4c00000000],
  ])('%s: %j', (_name, input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });

  it.each([
    ['2^52', 2 ** 52],
    ['negative', -1],
    ['fraction', 1.5],
    ['junk', '4 gigs'],
    ['empty', ''],
    ['null', null],
    ['hex at 2^52', '0x10000000000000'],
  ])('rejects %s', (_name, input) => {
    expect(parseQuantity(input)).toBeNull();
  });
});

describe('formatting', () => {
  it('prints hex without padding', () => {
    expect(formatHex(0x4c00000000)).toBe('0x4c00000000');
  });

  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [4096, '4 KiB'],
    [8 * 2 ** 30, '8 GiB'],
    // Exact, as the CLI prints it (units.ts formatBytes): 1.5 MiB = 1536 KiB, 1.5 GiB = 1536 MiB.
    [1.5 * 2 ** 20, '1536 KiB'],
    [1.5 * 2 ** 30, '1536 MiB'],
    [2 ** 40, '1 TiB'],
  ])('formatBytes(%d) = %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('prints inclusive ranges', () => {
    expect(formatRange(0x4c00000000, 0x200000000)).toBe('0x4c00000000–0x4dffffffff');
    expect(formatRange(0x1000, 0)).toBe('0x1000 (empty)');
  });
});

describe('asciiChar (hex dump text column)', () => {
  it('shows printable ASCII 0x20 … 0x7e as itself and every other byte as a dot', () => {
    // ASCII: 0x20 is space, 0x41 'A', 0x7e '~'; 0x1f and 0x7f (DEL) are control characters, 0x80+ not ASCII.
    expect([0x20, 0x41, 0x7e].map(asciiChar).join('')).toBe(' A~');
    expect([0x00, 0x1f, 0x7f, 0x80, 0xff].map(asciiChar).join('')).toBe('·····');
    // The letters C, E, D, T are ASCII 0x43, 0x45, 0x44, 0x54.
    expect([0x43, 0x45, 0x44, 0x54].map(asciiChar).join('')).toBe('CEDT');
  });
});
