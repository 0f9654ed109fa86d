/**
 * Addresses, sizes and bit arithmetic on 52-bit physical addresses.
 *
 * Every host or device physical address in the lab is below 2^52, which a JS double holds exactly.
 * 32-bit bitwise operators (`&`, `|`, `>>`, `<<`) silently truncate to 32 bits, so nothing in the core
 * applies them to an address: use `bitsOf`, `shiftRight`, `shiftLeft`, `lo32`, `hi32` and `join64`
 * below, which only divide and multiply by powers of two (exact in doubles).
 *
 * Parsers return `Result` and name the thing being parsed (`what`) in their messages, so a CLI flag,
 * a file field or a UI input can report "window base: …" without re-wording.
 */
import { err, ok, type Result } from './result.ts';

/** Exclusive upper bound of an address or size the lab accepts: 2^52 (52-bit physical addresses). */
export const ADDRESS_LIMIT = 2 ** 52;

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;
export const TIB = 1024 * GIB;

/** 2^32: the span of a 32-bit register half (`lo32`, `hi32`, `join64`). */
export const TWO_POW_32 = 2 ** 32;

/** Longest text the parsers look at; anything longer is junk (a 52-bit value needs ≤ 16 digits). */
const MAX_TEXT_LENGTH = 64;

const UNIT_SHIFT: Readonly<Record<string, number>> = { K: 10, M: 20, G: 30, T: 40, P: 50 };

function quoteInput(input: string | number): string {
  if (typeof input === 'number') return String(input);
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return JSON.stringify(shown);
}

function checkNumber(value: number, what: string, shown: string): Result<number> {
  if (!Number.isFinite(value)) {
    return err('units.invalid', `${what}: ${shown} is not a finite number`, { field: what });
  }
  if (value < 0) return err('units.negative', `${what}: ${shown} is negative`, { field: what });
  if (!Number.isInteger(value)) {
    return err('units.not-integer', `${what}: ${shown} is not a whole number of bytes`, { field: what });
  }
  if (value >= ADDRESS_LIMIT) {
    return err('units.too-large', `${what}: ${shown} is not below 2^52 (the lab's 52-bit address limit)`, {
      field: what,
    });
  }
  return ok(value + 0); // + 0 turns -0 into 0
}

/** Parses the digits of a hex or decimal literal (no unit); `text` is already trimmed. */
function parseLiteral(text: string, what: string, shown: string, kind: string): Result<number> {
  if (text.startsWith('-')) return err('units.negative', `${what}: ${shown} is negative`, { field: what });
  const hexMatch = /^0[xX]([0-9a-fA-F](?:_?[0-9a-fA-F])*)$/.exec(text);
  if (hexMatch !== null) {
    const digits = (hexMatch[1] ?? '').replaceAll('_', '').replace(/^0+(?=.)/, '');
    // 14 hex digits already exceed 2^52; stop before parseInt could lose precision.
    if (digits.length > 13) {
      return err('units.too-large', `${what}: ${shown} is not below 2^52 (the lab's 52-bit address limit)`, {
        field: what,
      });
    }
    return checkNumber(Number.parseInt(digits, 16), what, shown);
  }
  if (/^[0-9](?:_?[0-9])*$/.test(text)) {
    const digits = text.replaceAll('_', '');
    if (digits.replace(/^0+(?=.)/, '').length > 16) {
      return err('units.too-large', `${what}: ${shown} is not below 2^52 (the lab's 52-bit address limit)`, {
        field: what,
      });
    }
    return checkNumber(Number(digits), what, shown);
  }
  if (/^[0-9]*\.[0-9]+$|^[0-9]+\.[0-9]*$/.test(text)) {
    return err('units.not-integer', `${what}: ${shown} is not a whole number of bytes`, { field: what });
  }
  return err('units.invalid', `${what}: ${shown} is not ${kind}`, { field: what });
}

/**
 * An address: a non-negative integer below 2^52, as a number or as text in hex (`0x4c00000000`,
 * underscores allowed between digits: `0x4c_0000_0000`) or decimal.
 */
export function parseAddress(input: string | number, what: string): Result<number> {
  const shown = quoteInput(input);
  if (typeof input === 'number') return checkNumber(input, what, shown);
  if (typeof input !== 'string') {
    return err('units.invalid', `${what}: expected a number or a string`, { field: what });
  }
  if (input.length > MAX_TEXT_LENGTH) {
    return err('units.invalid', `${what}: ${shown} is too long to be an address`, { field: what });
  }
  return parseLiteral(input.trim(), what, shown, 'an address (hex 0x… or decimal)');
}

/**
 * A size in bytes: like `parseAddress`, plus a binary unit suffix on a decimal number:
 * `16K`, `256M`, `4G`, `1T` (also `4GiB`, `4GB`, `4 G`; all binary, 1K = 1024).
 */
export function parseSize(input: string | number, what: string): Result<number> {
  const shown = quoteInput(input);
  if (typeof input === 'number') return checkNumber(input, what, shown);
  if (typeof input !== 'string') {
    return err('units.invalid', `${what}: expected a number or a string`, { field: what });
  }
  if (input.length > MAX_TEXT_LENGTH) {
    return err('units.invalid', `${what}: ${shown} is too long to be a size`, { field: what });
  }
  const text = input.trim();
  const unitMatch = /^(-?[0-9][0-9_]*(?:\.[0-9]+)?)\s*([kKmMgGtTpP])(?:i?[bB]|i)?$/.exec(text);
  if (unitMatch !== null) {
    const digits = (unitMatch[1] ?? '').replaceAll('_', '');
    if (digits.startsWith('-'))
      return err('units.negative', `${what}: ${shown} is negative`, { field: what });
    // A fraction is fine when the product is whole bytes ("1.5G"); Number() of ≤ 64 chars cannot hang.
    const count = Number(digits);
    const shift = UNIT_SHIFT[(unitMatch[2] ?? '').toUpperCase()] ?? 0;
    return checkNumber(count * 2 ** shift, what, shown);
  }
  const bytesMatch = /^(.*?)\s*[bB]$/.exec(text);
  const literal = bytesMatch !== null && !/^0[xX]/.test(text) ? (bytesMatch[1] ?? '') : text;
  return parseLiteral(literal, what, shown, 'a size (bytes in hex or decimal, or 256M, 4G, 1T, 16K)');
}

/** Lowercase hex with a `0x` prefix and no padding: `hex(0x4c00000000)` = `"0x4c00000000"`. */
export function hex(n: number): string {
  return n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** Zero-padded lowercase hex of a 32-bit register value: `hex32(0x382)` = `"0x00000382"`. */
export function hex32(n: number): string {
  return `0x${lo32(n).toString(16).padStart(8, '0')}`;
}

const BYTE_UNITS: readonly [string, number][] = [
  ['PiB', 2 ** 50],
  ['TiB', TIB],
  ['GiB', GIB],
  ['MiB', MIB],
  ['KiB', KIB],
];

/**
 * Bytes in the largest binary unit that divides them exactly ("4 GiB", "256 MiB", "8 KiB",
 * "1536 MiB", "100 B"): exact, never rounded, because a driver developer must be able to trust it.
 */
export function formatBytes(n: number): string {
  if (n !== 0 && Number.isInteger(n)) {
    for (const [unit, scale] of BYTE_UNITS) {
      if (n % scale === 0) return `${n / scale} ${unit}`;
    }
  }
  return `${n} B`;
}

/** `addr >> n` for a non-negative integer below 2^53 (no 32-bit truncation). */
export function shiftRight(addr: number, n: number): number {
  return Math.floor(addr / 2 ** n);
}

/** `addr << n` without 32-bit truncation (exact while the result is below 2^53). */
export function shiftLeft(addr: number, n: number): number {
  return addr * 2 ** n;
}

/** Bits `lo .. lo+width-1` of `addr`, as a number (`width` up to 52). */
export function bitsOf(addr: number, lo: number, width: number): number {
  return shiftRight(addr, lo) % 2 ** width;
}

/** `addr` with its low `n` bits cleared (align down to 2^n). */
export function alignDown(addr: number, n: number): number {
  return addr - (addr % 2 ** n);
}

/** Low 32 bits of a non-negative integer below 2^53, as an unsigned number. */
export function lo32(n: number): number {
  return n % TWO_POW_32;
}

/** Bits 63:32 of a non-negative integer below 2^53, as an unsigned number. */
export function hi32(n: number): number {
  return Math.floor(n / TWO_POW_32);
}

/**
 * `hi:lo` as one number. Exact when `hi` < 2^21 (below 2^53); larger values (register contents
 * beyond the lab's 52-bit address space) come back rounded, so compare halves when that matters.
 */
export function join64(hi: number, lo: number): number {
  return (hi >>> 0) * TWO_POW_32 + (lo >>> 0);
}

/** True when `n` is a multiple of 2^`bits` (e.g. `isAligned(base, 28)` for 256 MiB). */
export function isAligned(n: number, bits: number): boolean {
  return n % 2 ** bits === 0;
}

/** True when `n` is a power of two (1, 2, 4, …): interleave ways, granularities, ratios of them. */
export function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}
