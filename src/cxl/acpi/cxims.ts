/**
 * CXIMS — CXL XOR Interleave Math Structure, CEDT type 2, 8 + 8·N bytes (CXL r3.1 §9.18.1.4; ACPICA
 * actbl1.h `struct acpi_cedt_cxims`). Carries, for one HBIG value, the XORMAPs that XOR-arithmetic
 * windows (CFMWS Interleave Arithmetic 1) of that granularity use: way bit i = parity(HPA & XORMAP[i]).
 *
 *   0x00  1  Type = 2          0x04  2  Reserved
 *   0x01  1  Reserved          0x06  1  HBIG (encoded, as the CFMWS field)
 *   0x02  2  Record Length     0x07  1  Number of XORMAPs (N)
 *                              0x08  8·N  XORMAP list (u64 each)
 *
 * What Linux expects (drivers/cxl/acpi.c cxl_parse_cxims): for an XOR window of NIW ways it needs
 * log2 of the power-of-two part of NIW maps (none for 1 and 3 ways), found in a CXIMS whose HBIG equals
 * the window's, with N at least that many; it takes the first ones in the list. Otherwise the window
 * fails ("No CXIMS for HBIG", "CXIMS nr_xormaps[%d] expected[%d]").
 */
import { ADDRESS_LIMIT, hex } from '../units.ts';
import { decodeHbig, decodeReserved, decodeUint, SPEC_CXIMS } from './decoders.ts';
import { type EntryList, entriesThatFit, entryField, entryListLength, readEntryList } from './entry-list.ts';
import {
  type AcpiDecoded,
  type AcpiFieldDef,
  type AcpiFieldValues,
  type CedtField,
  type CedtFields,
  type CedtFinding,
  defineFields,
  fieldsSize,
  pushFieldFinding,
  readFields,
} from './field.ts';
import { CEDT_TYPE_CXIMS, type CedtSubtableBase, SUBTABLE_HEADER_FIELDS } from './subtable.ts';

export const CXIMS_FIELDS = defineFields('cxims', [
  ...SUBTABLE_HEADER_FIELDS,
  {
    key: 'reserved2',
    name: 'Reserved',
    offset: 0x04,
    length: 2,
    format: 'uint',
    reserved: true,
    decode: decodeReserved,
  },
  {
    key: 'hbig',
    name: 'Granularity (HBIG)',
    offset: 0x06,
    length: 1,
    format: 'uint',
    decode: decodeHbig('cxims.hbig-reserved', SPEC_CXIMS),
  },
  {
    key: 'nrXormaps',
    name: 'Number of XORMAPs',
    offset: 0x07,
    length: 1,
    format: 'uint',
    decode: decodeUint,
  },
]);

/** 8: the fixed part; the XORMAP list follows. */
export const CXIMS_FIXED_SIZE = fieldsSize(CXIMS_FIELDS);
export const CXIMS_XORMAP_SIZE = 8;
/** Number of XORMAPs is a byte. */
export const CXIMS_MAX_XORMAPS = 255;

function decodeXormap(n: number, _bytes: Uint8Array, raw: string): AcpiDecoded<number> {
  if (n >= ADDRESS_LIMIT) {
    return {
      value: null,
      text: raw,
      problem: {
        severity: 'error',
        code: 'cxims.xormap-beyond-52-bit',
        message: `XORMAP ${raw} selects address bits at or above 52, beyond the lab's physical addresses`,
        spec: SPEC_CXIMS,
      },
    };
  }
  if (n === 0) {
    return {
      value: 0,
      text: '0x0 (selects no address bit)',
      problem: {
        severity: 'warning',
        code: 'cxims.xormap-zero',
        message: 'XORMAP is 0: it selects no address bit, so its way bit has no position',
        spec: SPEC_CXIMS,
      },
    };
  }
  const bits: number[] = [];
  for (let bit = 0, rest = n; rest > 0; bit++, rest = Math.floor(rest / 2))
    if (rest % 2 === 1) bits.push(bit);
  return { value: n, text: `${hex(n)} (bits ${bits.join(', ')})` };
}

/** The XORMAP list: one u64 map per way bit. */
// Table-shaped boilerplate, the same for each list-carrying CEDT structure (CFMWS targets, CXIMS
// XORMAPs): the list's shape, its field and length helpers, the record type and the decoder.
const CXIMS_XORMAP_LIST: EntryList<number> = {
  fixedSize: CXIMS_FIXED_SIZE,
  entrySize: CXIMS_XORMAP_SIZE,
  keyPrefix: 'xormap',
  name: (i) => `XORMAP ${i}`,
  decode: decodeXormap,
};

/** XORMAP list entry `i`. */
export function cximsXormapField(i: number): AcpiFieldDef<string, number> {
  return entryField(CXIMS_XORMAP_LIST, i);
}

/** Record Length of a CXIMS carrying `count` maps: 8 + 8·N. */
export function cximsLength(count: number): number {
  return entryListLength(CXIMS_XORMAP_LIST, count);
}

export interface CedtCxims extends CedtSubtableBase {
  kind: 'cxims';
  fields: CedtFields<typeof CXIMS_FIELDS>;
  /** The XORMAP list (as many as N and the Record Length allow). */
  xormaps: CedtField<number>[];
  /** Bytes of the record beyond the list, raw. */
  extra: CedtField<null> | null;
}

/** Decodes a CXIMS. The caller has checked `byteLength` ≥ 8 and that it fits in the table. */
export function decodeCxims(
  table: Uint8Array,
  offset: number,
  byteLength: number,
  index: number,
  findings: CedtFinding[],
): CedtCxims {
  const label = `cxims${index}`;
  const fields = readFields(CXIMS_FIELDS, table, offset, findings, label);
  const declared = fields.nrXormaps.value ?? 0;
  const expected = cximsLength(declared);
  const at = (severity: CedtFinding['severity'], code: string, message: string) =>
    pushFieldFinding(findings, severity, code, label, fields.recordLength, message, SPEC_CXIMS);
  if (byteLength < expected) {
    at(
      'error',
      'cxims.length-short',
      `Record Length ${byteLength} less than ${expected} (8 + 8 × ${declared} maps)`,
    );
  } else if (byteLength > expected) {
    at(
      'warning',
      'cxims.length-long',
      `Record Length ${byteLength} is more than the ${expected} that ${declared} maps need`,
    );
  }
  const count = Math.min(declared, entriesThatFit(CXIMS_XORMAP_LIST, byteLength));
  const list = readEntryList(CXIMS_XORMAP_LIST, count, table, offset, byteLength, findings, label);
  return {
    kind: 'cxims',
    offset,
    byteLength,
    index,
    label,
    fields,
    xormaps: list.entries,
    extra: list.extra,
  };
}

/** The encoded values of a lab-built CXIMS (fixed part). */
export function cximsValues(eig: number, count: number): AcpiFieldValues<typeof CXIMS_FIELDS> {
  return {
    type: CEDT_TYPE_CXIMS,
    reserved1: 0,
    recordLength: cximsLength(count),
    reserved2: 0,
    hbig: eig,
    nrXormaps: count,
  };
}
