/**
 * CFMWS — CXL Fixed Memory Window Structure, CEDT type 1, 36 + 4·NIW bytes (CXL r3.1 §9.18.1.3;
 * added to CXL 2.0 by the "CEDT CFMWS & QTG _DSM" ECN; ACPICA actbl1.h `struct acpi_cedt_cfmws`).
 * One per host physical address window that CXL memory may be mapped into; Linux makes each valid
 * one a root decoder `decoder0.<k>`.
 *
 *   0x00  1  Type = 1                     0x18  1  ENIW: encoded ways (as HDM IW: 0–4, 8–10)
 *   0x01  1  Reserved                     0x19  1  Interleave Arithmetic: 0 modulo, 1 + XOR
 *   0x02  2  Record Length                0x1A  2  Reserved
 *   0x04  4  Reserved                     0x1C  4  HBIG: encoded granularity (as HDM IG: 0–6)
 *   0x08  8  Base HPA (256 MiB aligned)   0x20  2  Window Restrictions (bits below)
 *   0x10  8  Window Size (256 MiB units)  0x22  2  QTG ID
 *   0x24  4·NIW  Interleave Target List: host bridge UIDs, index = interleave way
 *
 * Linux (drivers/cxl/acpi.c cxl_acpi_cfmws_verify) rejects a window whose arithmetic is not 0/1, whose
 * base or size is not 256 MiB aligned, whose ENIW is reserved, or whose Record Length is shorter than
 * 36 + 4·NIW; a longer record is only logged. The lab reports the same as errors / a warning.
 */

import { HDM_ALIGN_BITS } from '../spec/hdm-constants.ts';
import type { InterleaveArithmetic, WindowRestriction, WindowSpec } from '../topology/model.ts';
import { ADDRESS_LIMIT, hex, isAligned } from '../units.ts';
import { decodeAddress, decodeEniw, decodeHbig, decodeReserved, decodeUint, SPEC_CFMWS } from './decoders.ts';
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
import { CEDT_TYPE_CFMWS, type CedtSubtableBase, SUBTABLE_HEADER_FIELDS } from './subtable.ts';

/** Window Restrictions bits (CXL r3.1 §9.18.1.3; ACPICA ACPI_CEDT_CFMWS_RESTRICT_*), declared once. */
export const CFMWS_RESTRICTION_BITS: readonly { name: WindowRestriction; bit: number; title: string }[] = [
  { name: 'type2', bit: 0, title: 'Device Coherent (CXL Type 2 memory)' },
  { name: 'type3', bit: 1, title: 'Host-only Coherent (CXL Type 3 memory)' },
  { name: 'volatile', bit: 2, title: 'Volatile' },
  { name: 'persistent', bit: 3, title: 'Persistent' },
  { name: 'fixed', bit: 4, title: 'Fixed Device Configuration' },
  { name: 'bi', bit: 5, title: 'Back-Invalidate (CXL 3.x)' },
];

/** Interleave Arithmetic encodings, declared once. */
export const CFMWS_ARITHMETIC: readonly { name: InterleaveArithmetic; code: number }[] = [
  { name: 'modulo', code: 0 },
  { name: 'xor', code: 1 },
];

/** Restriction names → Window Restrictions bits. Unknown names are ignored (the model's union has none). */
export function restrictionsToBits(names: readonly WindowRestriction[]): number {
  let bits = 0;
  for (const r of CFMWS_RESTRICTION_BITS) if (names.includes(r.name)) bits += 2 ** r.bit;
  return bits;
}

/** Window Restrictions bits → names in bit order, plus the reserved bits left over (6..15). */
export function bitsToRestrictions(bits: number): { names: WindowRestriction[]; reservedBits: number } {
  const names: WindowRestriction[] = [];
  let known = 0;
  for (const r of CFMWS_RESTRICTION_BITS) {
    if (Math.floor(bits / 2 ** r.bit) % 2 === 1) {
      names.push(r.name);
      known += 2 ** r.bit;
    }
  }
  return { names, reservedBits: bits - known };
}

function decodeArithmetic(n: number): AcpiDecoded<InterleaveArithmetic> {
  const known = CFMWS_ARITHMETIC.find((a) => a.code === n);
  if (known !== undefined) {
    return { value: known.name, text: `${n} ${known.name === 'xor' ? 'modulo + XOR (CXIMS)' : 'modulo'}` };
  }
  return {
    value: null,
    text: `${n} reserved`,
    problem: {
      severity: 'error',
      code: 'cfmws.arithmetic-reserved',
      message: `Interleave Arithmetic ${n} is reserved (Linux: "CFMWS Unknown Interleave Arithmetic")`,
      spec: SPEC_CFMWS,
    },
  };
}

function decodeRestrictions(n: number): AcpiDecoded<WindowRestriction[]> {
  const { names, reservedBits } = bitsToRestrictions(n);
  const shown = `0x${n.toString(16).padStart(4, '0')}`;
  const text = `${shown}${names.length > 0 ? ` ${names.join(', ')}` : ''}`;
  if (reservedBits === 0) return { value: names, text };
  return {
    value: names,
    text: `${text} + reserved 0x${reservedBits.toString(16)}`,
    problem: {
      severity: 'warning',
      code: 'cfmws.restrictions-reserved',
      message: `reserved restriction bits 0x${reservedBits.toString(16)} are set`,
      spec: SPEC_CFMWS,
    },
  };
}

export const CFMWS_FIELDS = defineFields('cfmws', [
  ...SUBTABLE_HEADER_FIELDS,
  {
    key: 'reserved2',
    name: 'Reserved',
    offset: 0x04,
    length: 4,
    format: 'uint',
    reserved: true,
    decode: decodeReserved,
  },
  {
    key: 'baseHpa',
    name: 'Base HPA',
    offset: 0x08,
    length: 8,
    format: 'uint',
    decode: decodeAddress('address'),
  },
  {
    key: 'windowSize',
    name: 'Window Size',
    offset: 0x10,
    length: 8,
    format: 'uint',
    decode: decodeAddress('size'),
  },
  {
    key: 'eniw',
    name: 'Interleave Ways (ENIW)',
    offset: 0x18,
    length: 1,
    format: 'uint',
    decode: decodeEniw,
  },
  {
    key: 'arithmetic',
    name: 'Interleave Arithmetic',
    offset: 0x19,
    length: 1,
    format: 'uint',
    decode: decodeArithmetic,
  },
  {
    key: 'reserved3',
    name: 'Reserved',
    offset: 0x1a,
    length: 2,
    format: 'uint',
    reserved: true,
    decode: decodeReserved,
  },
  {
    key: 'hbig',
    name: 'Granularity (HBIG)',
    offset: 0x1c,
    length: 4,
    format: 'uint',
    decode: decodeHbig('cfmws.hbig-reserved', SPEC_CFMWS),
  },
  {
    key: 'restrictions',
    name: 'Window Restrictions',
    offset: 0x20,
    length: 2,
    format: 'uint',
    decode: decodeRestrictions,
  },
  { key: 'qtgId', name: 'QTG ID', offset: 0x22, length: 2, format: 'uint', decode: decodeUint },
]);

/** 36: the fixed part; the target list follows. */
export const CFMWS_FIXED_SIZE = fieldsSize(CFMWS_FIELDS);
export const CFMWS_TARGET_SIZE = 4;

/** The Interleave Target List: one host bridge UID per way. */
// Table-shaped boilerplate, the same for each list-carrying CEDT structure (CFMWS targets, CXIMS
// XORMAPs): the list's shape, its field and length helpers, the record type and the decoder.
const CFMWS_TARGET_LIST: EntryList<number> = {
  fixedSize: CFMWS_FIXED_SIZE,
  entrySize: CFMWS_TARGET_SIZE,
  keyPrefix: 'target',
  name: (i) => `Target ${i} (HB UID)`,
  decode: decodeUint,
};

/** Interleave Target List entry `i` (a host bridge UID). */
export function cfmwsTargetField(i: number): AcpiFieldDef<string, number> {
  return entryField(CFMWS_TARGET_LIST, i);
}

/** Record Length of a CFMWS with `ways` targets: 36 + 4·NIW. */
export function cfmwsLength(ways: number): number {
  return entryListLength(CFMWS_TARGET_LIST, ways);
}

export interface CedtCfmws extends CedtSubtableBase {
  kind: 'cfmws';
  fields: CedtFields<typeof CFMWS_FIELDS>;
  /** Interleave Target List, one UID per way (as many as NIW and the Record Length allow). */
  targets: CedtField<number>[];
  /** Bytes of the record beyond the target list, raw. */
  extra: CedtField<null> | null;
}

/** Decodes a CFMWS. The caller has checked `byteLength` ≥ 36 and that it fits in the table. */
export function decodeCfmws(
  table: Uint8Array,
  offset: number,
  byteLength: number,
  index: number,
  findings: CedtFinding[],
): CedtCfmws {
  const label = `cfmws${index}`;
  const fields = readFields(CFMWS_FIELDS, table, offset, findings, label);
  const at = (field: CedtField, severity: CedtFinding['severity'], code: string, message: string) =>
    pushFieldFinding(findings, severity, code, label, field, message, SPEC_CFMWS);

  const ways = fields.eniw.value;
  let count = entriesThatFit(CFMWS_TARGET_LIST, byteLength);
  if (ways !== null) {
    const expected = cfmwsLength(ways);
    if (byteLength < expected) {
      at(
        fields.recordLength,
        'error',
        'cfmws.length-short',
        `Record Length ${byteLength} less than expected ${expected} (36 + 4 × ${ways} ways)`,
      );
    } else {
      count = ways;
      if (byteLength > expected) {
        at(
          fields.recordLength,
          'warning',
          'cfmws.length-long',
          `Record Length ${byteLength} is more than the ${expected} that ${ways} ways need`,
        );
      }
    }
  }
  const list = readEntryList(CFMWS_TARGET_LIST, count, table, offset, byteLength, findings, label);

  const base = fields.baseHpa.value;
  const size = fields.windowSize.value;
  if (base !== null && !isAligned(base, HDM_ALIGN_BITS)) {
    at(fields.baseHpa, 'error', 'cfmws.base-unaligned', `Base HPA ${hex(base)} not 256MB aligned`);
  }
  if (size !== null && !isAligned(size, HDM_ALIGN_BITS)) {
    at(fields.windowSize, 'error', 'cfmws.size-unaligned', `Window Size ${hex(size)} not 256MB aligned`);
  }
  if (size === 0) at(fields.windowSize, 'error', 'cfmws.size-zero', 'Window Size is 0');
  if (base !== null && size !== null && base + size > ADDRESS_LIMIT) {
    at(fields.windowSize, 'error', 'cedt.beyond-52-bit', `window ends at ${hex(base + size)}, beyond 2^52`);
  }
  return {
    kind: 'cfmws',
    offset,
    byteLength,
    index,
    label,
    fields,
    targets: list.entries,
    extra: list.extra,
  };
}

/** The encoded values of a lab-built CFMWS (fixed part). */
export function cfmwsValues(
  window: WindowSpec,
  eiw: number,
  eig: number,
): AcpiFieldValues<typeof CFMWS_FIELDS> {
  return {
    type: CEDT_TYPE_CFMWS,
    reserved1: 0,
    recordLength: cfmwsLength(window.ways),
    reserved2: 0,
    baseHpa: window.base,
    windowSize: window.size,
    eniw: eiw,
    arithmetic: CFMWS_ARITHMETIC.find((a) => a.name === window.arithmetic)?.code ?? 0,
    reserved3: 0,
    hbig: eig,
    restrictions: restrictionsToBits(window.restrictions),
    qtgId: window.qtg,
  };
}
