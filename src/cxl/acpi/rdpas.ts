/**
 * RDPAS — RCEC Downstream Port Association Structure, CEDT type 3 (CXL r3.1 §9.18.1.5). Associates a
 * CXL downstream port's register block with the Root Complex Event Collector that reports its errors.
 * Not used for HDM decode; decoded for display only.
 *
 * Layout per ACPICA actbl1.h `struct acpi_cedt_rdpas` (packed, 17 bytes); the spec table itself was not
 * read (UNVERIFIED), so a longer record keeps its remaining bytes raw, a shorter one is kept whole as an
 * unknown subtable, and neither is an error:
 *
 *   0x00  1  Type = 3        0x04  2  Segment Number
 *   0x01  1  Reserved        0x06  2  BDF (bus 15:8, device 7:3, function 2:0)
 *   0x02  2  Record Length   0x08  1  Protocol: 0 = CXL.io, 1 = CXL.cachemem
 *                            0x09  8  Base Address
 */
import { hex } from '../units.ts';
import { decodeUint, SPEC_RDPAS } from './decoders.ts';
import {
  type AcpiDecoded,
  type CedtField,
  type CedtFields,
  type CedtFinding,
  defineFields,
  fieldsSize,
  readFields,
} from './field.ts';
import { type CedtSubtableBase, readExtraBytes, SUBTABLE_HEADER_FIELDS } from './subtable.ts';

function decodeBdf(n: number): AcpiDecoded<string> {
  const bus = Math.floor(n / 256);
  const device = Math.floor((n % 256) / 8);
  const fn = n % 8;
  const value = `${bus.toString(16).padStart(2, '0')}:${device.toString(16).padStart(2, '0')}.${fn}`;
  return { value, text: value };
}

function decodeProtocol(n: number): AcpiDecoded<'cxl.io' | 'cxl.cachemem'> {
  if (n === 0) return { value: 'cxl.io', text: '0 CXL.io' };
  if (n === 1) return { value: 'cxl.cachemem', text: '1 CXL.cachemem' };
  return {
    value: null,
    text: `${n} reserved`,
    problem: {
      severity: 'warning',
      code: 'rdpas.protocol-reserved',
      message: `Protocol ${n} is reserved`,
      spec: SPEC_RDPAS,
    },
  };
}

function decodeBaseAddress(n: number, _bytes: Uint8Array, raw: string): AcpiDecoded<number> {
  return Number.isSafeInteger(n) ? { value: n, text: hex(n) } : { value: null, text: raw };
}

export const RDPAS_FIELDS = defineFields('rdpas', [
  ...SUBTABLE_HEADER_FIELDS,
  { key: 'segment', name: 'Segment Number', offset: 0x04, length: 2, format: 'uint', decode: decodeUint },
  { key: 'bdf', name: 'BDF', offset: 0x06, length: 2, format: 'uint', decode: decodeBdf },
  { key: 'protocol', name: 'Protocol', offset: 0x08, length: 1, format: 'uint', decode: decodeProtocol },
  {
    key: 'address',
    name: 'Base Address',
    offset: 0x09,
    length: 8,
    format: 'uint',
    decode: decodeBaseAddress,
  },
]);

/** 17, per ACPICA (UNVERIFIED against the spec table). */
export const RDPAS_SIZE = fieldsSize(RDPAS_FIELDS);

export interface CedtRdpas extends CedtSubtableBase {
  kind: 'rdpas';
  fields: CedtFields<typeof RDPAS_FIELDS>;
  extra: CedtField<null> | null;
}

// Table-shaped boilerplate: every CEDT structure module declares its fields table, record type and a
// decoder with the same signature (table, offset, byteLength, index, findings), as cedt.ts dispatches.
/** Decodes an RDPAS. The caller has checked `byteLength` ≥ 17 and that it fits in the table. */
export function decodeRdpas(
  table: Uint8Array,
  offset: number,
  byteLength: number,
  index: number,
  findings: CedtFinding[],
): CedtRdpas {
  const label = `rdpas${index}`;
  const fields = readFields(RDPAS_FIELDS, table, offset, findings, label);
  const extra = readExtraBytes(table, offset, RDPAS_SIZE, byteLength, findings, label);
  return { kind: 'rdpas', offset, byteLength, index, label, fields, extra };
}
