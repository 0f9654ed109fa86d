/**
 * Interleave Ways (IW) and Interleave Granularity (IG) encodings, CXL r3.1 §8.2.4.20.7 (Decoder n
 * Control), shared by the CEDT CFMWS ENIW/HBIG fields (CXL r3.1 §9.18.1.3).
 *
 *   eiw 0..4 → 1, 2, 4, 8, 16 ways;  eiw 8, 9, 10 → 3, 6, 12 ways;  5..7 and 11..15 reserved.
 *   eig 0..6 → 256 B … 16 KiB (256 << eig);  7..15 reserved.
 *
 * `eiw`/`eig` are always register encodings; `ways`/`granularity` always decoded counts and bytes.
 */
import { err, ok, type Result } from '../result.ts';

const SPEC_IW = 'CXL r3.1 §8.2.4.20.7';

/** Every valid IW encoding, in ascending encoding order. */
export const VALID_EIW: readonly number[] = [0, 1, 2, 3, 4, 8, 9, 10];
/** Every valid IG encoding. */
export const VALID_EIG: readonly number[] = [0, 1, 2, 3, 4, 5, 6];
/** Every encodable way count, ascending. */
export const VALID_WAYS: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 16];
/**
 * Ways a host bridge or switch decoder of the lab can take: its target list holds 8 ports (CXL r3.1
 * §8.2.4.20.8) and it reports neither 3/6/12-way nor 16-way capability (hdm-decoder.ts
 * hdmRegisterLayout, as QEMU's ports do).
 */
export const PORT_DECODER_WAYS: readonly number[] = [1, 2, 4, 8];
/** Every encodable granularity in bytes, ascending. */
export const VALID_GRANULARITIES: readonly number[] = [256, 512, 1024, 2048, 4096, 8192, 16384];

/** IW encoding → ways. */
export function eiwToWays(eiw: number): Result<number> {
  if (Number.isInteger(eiw) && eiw >= 0 && eiw <= 4) return ok(2 ** eiw);
  if (Number.isInteger(eiw) && eiw >= 8 && eiw <= 10) return ok(3 * 2 ** (eiw - 8));
  return err('interleave.eiw-reserved', `interleave ways encoding ${eiw} is reserved`, { spec: SPEC_IW });
}

/** Ways → IW encoding: powers of two up to 16 → log2; 3 × (1, 2, 4) → 8 + log2(ways / 3). */
export function waysToEiw(ways: number): Result<number> {
  if (Number.isInteger(ways) && ways >= 1 && ways <= 16) {
    const pow2 = Math.log2(ways);
    if (Number.isInteger(pow2)) return ok(pow2);
    const pow3 = Math.log2(ways / 3);
    if (ways % 3 === 0 && Number.isInteger(pow3) && pow3 <= 2) return ok(8 + pow3);
  }
  return err(
    'interleave.ways-invalid',
    `interleave ways ${ways} not encodable (valid: ${VALID_WAYS.join(', ')})`,
    { spec: SPEC_IW },
  );
}

/** IG encoding → granularity in bytes (256 << eig). */
export function eigToGranularity(eig: number): Result<number> {
  if (Number.isInteger(eig) && eig >= 0 && eig <= 6) return ok(256 * 2 ** eig);
  return err('interleave.eig-reserved', `interleave granularity encoding ${eig} is reserved`, {
    spec: SPEC_IW,
  });
}

/** Granularity in bytes → IG encoding: a power of two from 256 B to 16 KiB. */
export function granularityToEig(granularity: number): Result<number> {
  const eig = Math.log2(granularity / 256);
  if (Number.isInteger(eig) && eig >= 0 && eig <= 6) return ok(eig);
  return err(
    'interleave.granularity-invalid',
    `interleave granularity ${granularity} not encodable (a power of two from 256 to 16384 bytes)`,
    { spec: SPEC_IW },
  );
}

/** True for the 3/6/12-way encodings (eiw 8..10), which only CXL.mem devices support. */
export function isMod3Eiw(eiw: number): boolean {
  return eiw >= 8 && eiw <= 10;
}

/**
 * Number of CXIMS XORMAPs an XOR-arithmetic window of `ways` host bridges needs: log2 of the
 * power-of-two part of `ways` (1→0, 2→1, 3→0, 4→2, 6→1, 8→3, 12→2, 16→4); null if not encodable.
 * Linux: drivers/cxl/acpi.c cxl_parse_cxims; CXL r3.1 §9.18.1.4.
 */
export function xormapCount(ways: number): number | null {
  const eiw = waysToEiw(ways);
  if (!eiw.ok) return null;
  return isMod3Eiw(eiw.value) ? eiw.value - 8 : eiw.value;
}
