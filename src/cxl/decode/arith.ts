/**
 * Pure interleave arithmetic on 52-bit addresses (no 32-bit bitwise operators on addresses: only
 * multiplication/division by powers of two, which are exact in doubles, and `Math.floor`).
 *
 * - Endpoint HPA→DPA: CXL r3.1 §8.2.4.20.13 "Device Decode Logic".
 * - Position and DPA→HPA: Linux drivers/cxl/core/region.c cxl_calc_interleave_pos,
 *   cxl_dpa_to_hpa; used as the independent
 *   reference in tests and by `check`.
 * - CFMWS XOR arithmetic: CXL r3.1 §9.18.1.4 (CXIMS), as Linux models it (drivers/cxl/acpi.c
 *   cxl_xor_hpa_to_spa, XORALLBITS per CXL r3.1 Table 9-22): for each
 *   XORMAP, the address bit at the map's lowest set bit is replaced by the parity of
 *   `addr & map`. The operation is its own inverse.
 *
 * `eiw`/`eig` are register encodings (eiw 0..4 → 1..16 ways, 8..10 → 3/6/12 ways; eig 0..6 →
 * 256 B..16 KiB). Callers validate encodings first; these helpers assume valid ones.
 */
import { TWO_POW_32 } from '../units.ts';

/** True for the 3/6/12-way IW encodings. */
function isMod3(eiw: number): boolean {
  return eiw >= 8;
}

/** Decoded ways of a valid IW encoding. */
export function waysOfEiw(eiw: number): number {
  return isMod3(eiw) ? 3 * 2 ** (eiw - 8) : 2 ** eiw;
}

/**
 * Endpoint decode: DPA offset within decoder n for `hpaOffset = HPA - Base[n]`.
 * pow2: remove the eiw bits at L = eig + 8; 3/6/12: `((hpaOffset >> (eig + eiw)) / 3) << L`,
 * keeping the low L bits in both cases.
 */
export function hpaOffsetToDpaOffset(hpaOffset: number, eiw: number, eig: number): number {
  const unit = 2 ** (eig + 8);
  const low = hpaOffset % unit;
  if (!isMod3(eiw)) return Math.floor(hpaOffset / (unit * 2 ** eiw)) * unit + low;
  return Math.floor(Math.floor(hpaOffset / 2 ** (eig + eiw)) / 3) * unit + low;
}

/** Interleave position (Linux cxl_calculate_position): chunk index modulo ways. */
export function interleavePosition(hpaOffset: number, eiw: number, eig: number): number {
  return Math.floor(hpaOffset / 2 ** (eig + 8)) % waysOfEiw(eiw);
}

/** Linux's DPA→HPA offset for the device at `position` (cxl_calculate_hpa_offset). */
export function dpaOffsetToHpaOffset(dpaOffset: number, position: number, eiw: number, eig: number): number {
  const unit = 2 ** (eig + 8);
  const low = dpaOffset % unit;
  const chunk = Math.floor(dpaOffset / unit);
  if (!isMod3(eiw)) return (chunk * 2 ** eiw + position) * unit + low;
  return (chunk * 3 * 2 ** (eiw - 8) + position) * unit + low;
}

/** Parity (0/1) of the set bits of `a & b` for non-negative integers below 2^53, via 32-bit halves. */
export function parityAnd(a: number, b: number): number {
  const lo = ((a % TWO_POW_32) & (b % TWO_POW_32)) >>> 0;
  const hi = (Math.floor(a / TWO_POW_32) & Math.floor(b / TWO_POW_32)) >>> 0;
  return popcount32((lo ^ hi) >>> 0) & 1;
}

/** Number of set bits of a 32-bit value. */
export function popcount32(v: number): number {
  let x = v >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Index of the lowest set bit of a positive integer below 2^53, or -1 for 0. */
export function lowestSetBit(n: number): number {
  if (n <= 0 || !Number.isInteger(n)) return -1;
  const lo = n % TWO_POW_32;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(n / TWO_POW_32);
  return 32 + (31 - Math.clz32(hi & -hi));
}

/** Bit `bit` of a non-negative integer below 2^53. */
export function bitOf(n: number, bit: number): number {
  return Math.floor(n / 2 ** bit) % 2;
}

/** One XOR map step: bit (lowest set bit of `map`) := parity(addr & map). */
export function applyXorMap(addr: number, map: number): number {
  const pos = lowestSetBit(map);
  if (pos < 0) return addr;
  const want = parityAnd(addr, map);
  const have = bitOf(addr, pos);
  if (want === have) return addr;
  return want === 1 ? addr + 2 ** pos : addr - 2 ** pos;
}

/** Applies every XOR map in order (Linux cxl_apply_xor_maps model). */
export function applyXorMaps(addr: number, maps: readonly number[]): number {
  let a = addr;
  for (const m of maps) a = applyXorMap(a, m);
  return a;
}

/** Next multiple of `unit` strictly above `addr` (the end of the aligned unit containing `addr`). */
export function unitEnd(addr: number, unit: number): number {
  return addr - (addr % unit) + unit;
}

/** Bits `[hi:lo]` text for an inclusive range, e.g. `[9:8]` or `[13]`. */
export function bitRange(lo: number, width: number): string {
  return width === 1 ? `[${lo}]` : `[${lo + width - 1}:${lo}]`;
}
