/**
 * Field decoders shared by the CEDT structures: plain integers, 52-bit addresses and sizes, ASCII
 * text, and the interleave encodings (ENIW / HBIG, CXL r3.1 §9.18.1.3, the same encodings as the HDM
 * decoder IW / IG of §8.2.4.20.7, via `spec/interleave.ts`).
 */
import { eigToGranularity, eiwToWays } from '../spec/interleave.ts';
import { ADDRESS_LIMIT, formatBytes, hex } from '../units.ts';
import type { AcpiDecoded } from './field.ts';

export const SPEC_CEDT = 'CXL r3.1 §9.18.1';
export const SPEC_CHBS = 'CXL r3.1 §9.18.1.2';
export const SPEC_CFMWS = 'CXL r3.1 §9.18.1.3';
export const SPEC_CXIMS = 'CXL r3.1 §9.18.1.4';
export const SPEC_RDPAS = 'CXL r3.1 §9.18.1.5';
export const SPEC_ACPI_HEADER = 'ACPI 6.5 §5.2.6';

/** A plain unsigned integer, shown in decimal and hex. */
export function decodeUint(n: number): AcpiDecoded<number> {
  return { value: n, text: n < 10 ? String(n) : `${n} (${hex(n)})` };
}

/** A reserved field: shown raw, no value. */
export function decodeReserved(): AcpiDecoded<number> {
  return { value: null, text: 'reserved' };
}

/** A host physical address or size: must lie below the lab's 2^52 limit to have a value. */
export function decodeAddress(kind: 'address' | 'size') {
  return (n: number, _bytes: Uint8Array, raw: string): AcpiDecoded<number> => {
    if (n >= ADDRESS_LIMIT) {
      return {
        value: null,
        text: `${raw} (beyond 52 bits)`,
        problem: {
          severity: 'error',
          code: 'cedt.beyond-52-bit',
          message: `${kind} ${raw} is not below 2^52, the lab's physical address limit`,
        },
      };
    }
    return { value: n, text: kind === 'size' ? `${hex(n)} (${formatBytes(n)})` : hex(n) };
  };
}

/** ASCII text (NULs and other non-printables are kept in the value and escaped in the text). */
export function decodeText(_n: number, bytes: Uint8Array): AcpiDecoded<string> {
  const value = String.fromCharCode(...bytes);
  return { value, text: JSON.stringify(value) };
}

/** ENIW (byte): encoded interleave ways → ways, or a reserved-encoding error. */
export function decodeEniw(n: number): AcpiDecoded<number> {
  const ways = eiwToWays(n);
  if (!ways.ok) {
    return {
      value: null,
      text: `reserved (ENIW ${n})`,
      problem: {
        severity: 'error',
        code: 'cfmws.eniw-reserved',
        message: `Interleave Ways encoding ${n} is reserved (Linux: "CFMWS Interleave Ways (${n}) invalid")`,
        spec: SPEC_CFMWS,
      },
    };
  }
  return { value: ways.value, text: `${ways.value} way${ways.value === 1 ? '' : 's'} (ENIW ${n})` };
}

/** HBIG: encoded granularity → bytes, or a reserved-encoding error. */
export function decodeHbig(code: string, spec: string) {
  return (n: number): AcpiDecoded<number> => {
    const granularity = eigToGranularity(n);
    if (!granularity.ok) {
      return {
        value: null,
        text: `reserved (HBIG ${n})`,
        problem: {
          severity: 'error',
          code,
          message: `Host Bridge Interleave Granularity encoding ${n} is reserved`,
          spec,
        },
      };
    }
    return { value: granularity.value, text: `${formatBytes(granularity.value)} (HBIG ${n})` };
  };
}
