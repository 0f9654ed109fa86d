/**
 * CHBS — CXL Host Bridge Structure, CEDT type 0, 32 bytes (CXL r3.1 §9.18.1.2; ACPICA actbl1.h
 * `struct acpi_cedt_chbs`). One per CXL host bridge (ACPI0016), matched to it by `_UID`.
 *
 *   0x00  1  Type = 0           0x08  4  CXL Version: 0 = CXL 1.1 (Base is the RCRB),
 *   0x01  1  Reserved                    1 = CXL 2.0+ (Base is the CHBCR component registers)
 *   0x02  2  Record Length = 32 0x0C  4  Reserved
 *   0x04  4  UID                0x10  8  Base
 *                               0x18  8  Length: 0x2000 (1.1 RCRB) or 0x10000 (2.0 CHBCR)
 *
 * Linux ignores a 1.1 CHBS whose Length is not 8 KiB and any CHBS with Base 0 (drivers/cxl/acpi.c
 * cxl_get_chbs_iter); the lab reports both as warnings.
 */
import type { HostBridgeSpec } from '../topology/model.ts';
import { formatBytes, hex } from '../units.ts';
import { decodeAddress, decodeReserved, decodeUint, SPEC_CHBS } from './decoders.ts';
import {
  type AcpiDecoded,
  type AcpiFieldValues,
  type CedtField,
  type CedtFields,
  type CedtFinding,
  defineFields,
  fieldsSize,
  pushFieldFinding,
  readFields,
} from './field.ts';
import { CEDT_TYPE_CHBS, type CedtSubtableBase, readExtraBytes, SUBTABLE_HEADER_FIELDS } from './subtable.ts';

export const CHBS_VERSION_CXL11 = 0;
export const CHBS_VERSION_CXL20 = 1;
/** Register block sizes per version: the 8 KiB RCRB (1.1) and the 64 KiB CHBCR (2.0+). */
export const CHBS_LENGTH_CXL11 = 0x2000;
export const CHBS_LENGTH_CXL20 = 0x10000;

function decodeVersion(n: number): AcpiDecoded<'1.1' | '2.0+'> {
  if (n === CHBS_VERSION_CXL11) return { value: '1.1', text: '0 CXL 1.1 (Base = RCRB)' };
  if (n === CHBS_VERSION_CXL20) return { value: '2.0+', text: '1 CXL 2.0+ (Base = CHBCR)' };
  return {
    value: null,
    text: `${n} reserved`,
    problem: {
      severity: 'error',
      code: 'chbs.version-reserved',
      message: `CXL Version ${n} is reserved (0 = CXL 1.1, 1 = CXL 2.0+)`,
      spec: SPEC_CHBS,
    },
  };
}

function decodeBlockLength(n: number): AcpiDecoded<number> {
  return { value: n, text: `${hex(n)} (${formatBytes(n)})` };
}

export const CHBS_FIELDS = defineFields('chbs', [
  ...SUBTABLE_HEADER_FIELDS,
  { key: 'uid', name: 'UID', offset: 0x04, length: 4, format: 'uint', decode: decodeUint },
  { key: 'cxlVersion', name: 'CXL Version', offset: 0x08, length: 4, format: 'uint', decode: decodeVersion },
  {
    key: 'reserved2',
    name: 'Reserved',
    offset: 0x0c,
    length: 4,
    format: 'uint',
    reserved: true,
    decode: decodeReserved,
  },
  { key: 'base', name: 'Base', offset: 0x10, length: 8, format: 'uint', decode: decodeAddress('address') },
  { key: 'length', name: 'Length', offset: 0x18, length: 8, format: 'uint', decode: decodeBlockLength },
]);

/** 32. */
export const CHBS_SIZE = fieldsSize(CHBS_FIELDS);

export interface CedtChbs extends CedtSubtableBase {
  kind: 'chbs';
  fields: CedtFields<typeof CHBS_FIELDS>;
  /** Bytes beyond the 32 the structure defines (Record Length too long), raw. */
  extra: CedtField<null> | null;
}

// Table-shaped boilerplate: every CEDT structure module declares its fields table, record type and a
// decoder with the same signature (table, offset, byteLength, index, findings), as cedt.ts dispatches.
/** Decodes a CHBS. The caller has checked `byteLength` ≥ 32 and that it fits in the table. */
export function decodeChbs(
  table: Uint8Array,
  offset: number,
  byteLength: number,
  index: number,
  findings: CedtFinding[],
): CedtChbs {
  const label = `chbs${index}`;
  const fields = readFields(CHBS_FIELDS, table, offset, findings, label);
  const extra = readExtraBytes(table, offset, CHBS_SIZE, byteLength, findings, label);
  const at = (field: CedtField, severity: CedtFinding['severity'], code: string, message: string) =>
    pushFieldFinding(findings, severity, code, label, field, message, SPEC_CHBS);
  if (extra !== null) {
    at(
      fields.recordLength,
      'warning',
      'chbs.length-long',
      `Record Length ${byteLength}, expected ${CHBS_SIZE}`,
    );
  }
  const version = fields.cxlVersion.value;
  const blockLength = fields.length.value ?? 0;
  if (version === '1.1' && blockLength !== CHBS_LENGTH_CXL11) {
    at(
      fields.length,
      'warning',
      'chbs.length-mismatch',
      `a CXL 1.1 RCRB is ${hex(CHBS_LENGTH_CXL11)} bytes, not ${hex(blockLength)} (Linux ignores this CHBS)`,
    );
  }
  if (version === '2.0+' && blockLength !== CHBS_LENGTH_CXL20) {
    at(
      fields.length,
      'warning',
      'chbs.length-mismatch',
      `a CXL 2.0 CHBCR is ${hex(CHBS_LENGTH_CXL20)} bytes, not ${hex(blockLength)}`,
    );
  }
  if (fields.base.value === 0) {
    at(fields.base, 'warning', 'chbs.base-zero', 'Base is 0 (Linux ignores this CHBS)');
  }
  return { kind: 'chbs', offset, byteLength, index, label, fields, extra };
}

/**
 * The values a lab-built CHBS carries for a host bridge: CXL 2.0+ with the 64 KiB CHBCR (as QEMU), or
 * for a restricted host CXL Version 0 (1.1) with Base = the 8 KiB RCRB (CXL 2.0 §8.2.1.1–§8.2.1.2).
 */
export function chbsValues(hostBridge: HostBridgeSpec): AcpiFieldValues<typeof CHBS_FIELDS> {
  return {
    type: CEDT_TYPE_CHBS,
    reserved1: 0,
    recordLength: CHBS_SIZE,
    uid: hostBridge.uid,
    cxlVersion: hostBridge.restricted === true ? CHBS_VERSION_CXL11 : CHBS_VERSION_CXL20,
    reserved2: 0,
    base: hostBridge.componentRegBase,
    length: hostBridge.restricted === true ? CHBS_LENGTH_CXL11 : CHBS_LENGTH_CXL20,
  };
}
