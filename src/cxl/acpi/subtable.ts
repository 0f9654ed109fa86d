/**
 * The common CEDT subtable header and subtable types (CXL r3.1 §9.18.1; ACPICA actbl1.h
 * `struct acpi_cedt_header`): byte 0 Type, byte 1 Reserved, bytes 2–3 Record Length (of the whole
 * subtable, header included). Structures follow each other back to back.
 *
 * Types 0–3 are CHBS, CFMWS, CXIMS and RDPAS. Anything else (CXL 3.1 adds CSDS, §9.18.1.6, whose type
 * value the lab has not confirmed) is kept as an unknown subtable: header decoded, body shown raw,
 * and reproduced byte for byte when the table is re-serialized.
 */
import { decodeReserved, SPEC_CEDT } from './decoders.ts';
import {
  type AcpiDecoded,
  bytesFieldDef,
  type CedtField,
  type CedtFields,
  type CedtFinding,
  defineFields,
  readField,
  readFields,
} from './field.ts';

export const CEDT_TYPE_CHBS = 0;
export const CEDT_TYPE_CFMWS = 1;
export const CEDT_TYPE_CXIMS = 2;
export const CEDT_TYPE_RDPAS = 3;

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [CEDT_TYPE_CHBS]: 'CHBS (CXL Host Bridge Structure)',
  [CEDT_TYPE_CFMWS]: 'CFMWS (CXL Fixed Memory Window Structure)',
  [CEDT_TYPE_CXIMS]: 'CXIMS (CXL XOR Interleave Math Structure)',
  [CEDT_TYPE_RDPAS]: 'RDPAS (RCEC Downstream Port Association Structure)',
};

function decodeType(n: number): AcpiDecoded<number> {
  return { value: n, text: `${n} ${TYPE_NAMES[n] ?? '(unknown to the lab; shown raw)'}` };
}

function decodeRecordLength(n: number): AcpiDecoded<number> {
  return { value: n, text: `${n} bytes (0x${n.toString(16)})` };
}

/** Declared once; every structure's field table starts with these three. */
export const SUBTABLE_HEADER_FIELDS = [
  { key: 'type', name: 'Type', offset: 0, length: 1, format: 'uint', decode: decodeType },
  {
    key: 'reserved1',
    name: 'Reserved',
    offset: 1,
    length: 1,
    format: 'uint',
    reserved: true,
    decode: decodeReserved,
  },
  {
    key: 'recordLength',
    name: 'Record Length',
    offset: 2,
    length: 2,
    format: 'uint',
    decode: decodeRecordLength,
  },
] as const;

export const SUBTABLE_HEADER_SIZE = 4;
export const RECORD_LENGTH_OFFSET = SUBTABLE_HEADER_FIELDS[2].offset;

defineFields('subtable', SUBTABLE_HEADER_FIELDS);

/** What every decoded subtable carries. */
export interface CedtSubtableBase {
  /** Absolute offset of the subtable in the table. */
  offset: number;
  /** Its Record Length (all of its bytes lie in `offset … offset + byteLength - 1`). */
  byteLength: number;
  /**
   * Ordinal among the subtables of the same kind, e.g. 2 for the third CFMWS; for unknown (and
   * malformed) subtables, the position among all subtables.
   */
  index: number;
  /** Object path for messages and listings, e.g. `cfmws2`, `subtable5`. */
  label: string;
}

/** A subtable the lab does not decode, or a known one too short to decode. */
export interface CedtUnknownSubtable extends CedtSubtableBase {
  kind: 'unknown';
  /** Subtable Type byte. */
  typeCode: number;
  /** 'malformed': a known type whose Record Length is below the structure's minimum. */
  reason: 'unknown-type' | 'malformed';
  fields: CedtFields<typeof SUBTABLE_HEADER_FIELDS>;
  /** Bytes after the 4-byte header, raw; null when the record is only a header. */
  body: CedtField<null> | null;
}

/**
 * Reads `length` bytes at `structOffset + relOffset` as one opaque field, or null for zero bytes.
 * Used for bodies of unknown subtables and for bytes past a known structure's expected length.
 */
export function readBytesField(
  key: string,
  name: string,
  table: Uint8Array,
  structOffset: number,
  relOffset: number,
  length: number,
  findings: CedtFinding[],
  label: string,
): CedtField<null> | null {
  if (length <= 0) return null;
  return readField(
    bytesFieldDef(key, name, relOffset, length),
    table,
    structOffset,
    findings,
    label,
  ) as CedtField<null>;
}

/**
 * The bytes of a record past the `used` bytes its structure accounts for (Record Length too long),
 * as one opaque "Extra bytes" field, or null when there are none.
 */
export function readExtraBytes(
  table: Uint8Array,
  structOffset: number,
  used: number,
  byteLength: number,
  findings: CedtFinding[],
  label: string,
): CedtField<null> | null {
  return readBytesField(
    'extra',
    'Extra bytes',
    table,
    structOffset,
    used,
    byteLength - used,
    findings,
    label,
  );
}

/** Decodes a subtable kept raw. The caller has checked that `byteLength` ≥ 4 and that it fits. */
export function decodeUnknownSubtable(
  table: Uint8Array,
  offset: number,
  byteLength: number,
  index: number,
  reason: CedtUnknownSubtable['reason'],
  findings: CedtFinding[],
): CedtUnknownSubtable {
  const label = `subtable${index}`;
  const fields = readFields(SUBTABLE_HEADER_FIELDS, table, offset, findings, label);
  const typeCode = fields.type.value ?? 0;
  if (reason === 'unknown-type') {
    findings.push({
      severity: 'warning',
      code: 'cedt.subtable-unknown',
      message: `${label}: type ${typeCode} is not decoded by the lab; kept raw (${byteLength} bytes)`,
      component: label,
      field: 'type',
      offset,
      length: byteLength,
      spec: SPEC_CEDT,
    });
  }
  const body = readBytesField(
    'body',
    'Body',
    table,
    offset,
    SUBTABLE_HEADER_SIZE,
    byteLength - SUBTABLE_HEADER_SIZE,
    findings,
    label,
  );
  return { kind: 'unknown', offset, byteLength, index, label, typeCode, reason, fields, body };
}
