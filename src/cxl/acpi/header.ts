/**
 * The 36-byte ACPI System Description Table Header that opens the CEDT (ACPI 6.5 §5.2.6;
 * ACPICA actbl.h ACPI_TABLE_HEADER; CXL r3.1 §9.18.1 CEDT Header). Signature "CEDT", revision 1.
 *
 * Default OEM and creator fields are the ones QEMU writes, so a lab-built CEDT matches what a guest
 * sees under `qemu-system-x86_64 -machine q35,cxl=on`:
 *   - OEM ID "BOCHS " and OEM Table ID "BXPC    ": QEMU's ACPI_BUILD_APPNAME6 / ACPI_BUILD_APPNAME8
 *     (include/hw/acpi/aml-build.h), the machine's default `oem-id` / `oem-table-id` properties;
 *   - OEM Revision 1, Creator ID "BXPC" (first 4 bytes of ACPI_BUILD_APPNAME8), Creator Revision 1:
 *     hw/acpi/aml-build.c acpi_table_begin(), which also NUL-pads shorter OEM strings (older QEMU
 *     padded with spaces).
 * The checksum makes all bytes of the table sum to 0 mod 256.
 */
import { type CxlError, ok, type Result } from '../result.ts';
import { decodeText, decodeUint, SPEC_ACPI_HEADER, SPEC_CEDT } from './decoders.ts';
import { type AcpiDecoded, type CedtFields, defineFields, fieldsSize } from './field.ts';

export const CEDT_SIGNATURE = 'CEDT';
export const CEDT_REVISION = 1;

function decodeSignature(n: number, bytes: Uint8Array): AcpiDecoded<string> {
  const text = decodeText(n, bytes);
  if (text.value === CEDT_SIGNATURE) return { ...text, text: `${text.text} [CXL Early Discovery Table]` };
  return {
    ...text,
    problem: {
      severity: 'error',
      code: 'cedt.signature',
      message: `signature is ${text.text}, expected "CEDT"`,
      spec: SPEC_CEDT,
    },
  };
}

function decodeRevision(n: number): AcpiDecoded<number> {
  if (n === CEDT_REVISION) return { value: n, text: String(n) };
  return {
    value: n,
    text: String(n),
    problem: {
      severity: 'warning',
      code: 'cedt.revision',
      message: `revision ${n}; the lab knows CEDT revision ${CEDT_REVISION} (CXL 2.0 … 3.2)`,
      spec: SPEC_CEDT,
    },
  };
}

function decodeLength(n: number): AcpiDecoded<number> {
  return { value: n, text: `${n} bytes (0x${n.toString(16)})` };
}

function decodeChecksum(n: number): AcpiDecoded<number> {
  return { value: n, text: `0x${n.toString(16).padStart(2, '0')}` };
}

/** ACPI table header fields (ACPI 6.5 §5.2.6). */
export const ACPI_HEADER_FIELDS = defineFields('header', [
  { key: 'signature', name: 'Signature', offset: 0x00, length: 4, format: 'text', decode: decodeSignature },
  { key: 'length', name: 'Table Length', offset: 0x04, length: 4, format: 'uint', decode: decodeLength },
  { key: 'revision', name: 'Revision', offset: 0x08, length: 1, format: 'uint', decode: decodeRevision },
  { key: 'checksum', name: 'Checksum', offset: 0x09, length: 1, format: 'uint', decode: decodeChecksum },
  { key: 'oemId', name: 'OEM ID', offset: 0x0a, length: 6, format: 'text', decode: decodeText },
  { key: 'oemTableId', name: 'OEM Table ID', offset: 0x10, length: 8, format: 'text', decode: decodeText },
  { key: 'oemRevision', name: 'OEM Revision', offset: 0x18, length: 4, format: 'uint', decode: decodeUint },
  { key: 'creatorId', name: 'Creator ID', offset: 0x1c, length: 4, format: 'text', decode: decodeText },
  {
    key: 'creatorRevision',
    name: 'Creator Revision',
    offset: 0x20,
    length: 4,
    format: 'uint',
    decode: decodeUint,
  },
]);

/** 36. */
export const ACPI_HEADER_SIZE = fieldsSize(ACPI_HEADER_FIELDS);
export const CHECKSUM_OFFSET = ACPI_HEADER_FIELDS[3].offset;
export const LENGTH_OFFSET = ACPI_HEADER_FIELDS[1].offset;

export type CedtHeaderFields = CedtFields<typeof ACPI_HEADER_FIELDS>;

/** The configurable header fields of a built CEDT. */
export interface CedtHeaderOptions {
  /** Up to 6 printable ASCII characters, NUL-padded. Default "BOCHS " (QEMU). */
  oemId?: string;
  /** Up to 8 printable ASCII characters, NUL-padded. Default "BXPC    " (QEMU). */
  oemTableId?: string;
  /** Default 1 (QEMU). */
  oemRevision?: number;
  /** Up to 4 printable ASCII characters. Default "BXPC" (QEMU). */
  creatorId?: string;
  /** Default 1 (QEMU). */
  creatorRevision?: number;
}

/** QEMU's header values (see the file comment for their source). */
export const QEMU_CEDT_HEADER: Readonly<Required<CedtHeaderOptions>> = {
  oemId: 'BOCHS ',
  oemTableId: 'BXPC    ',
  oemRevision: 1,
  creatorId: 'BXPC',
  creatorRevision: 1,
};

function checkText(value: string, max: number, field: string, errors: CxlError[]): void {
  if (value.length > max || !/^[\x20-\x7e]*$/.test(value)) {
    errors.push({
      code: 'cedt.header-text',
      message: `${field} ${JSON.stringify(value)} must be at most ${max} printable ASCII characters`,
      field,
      spec: SPEC_ACPI_HEADER,
    });
  }
}

function checkU32(value: number, field: string, errors: CxlError[]): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    errors.push({
      code: 'cedt.header-number',
      message: `${field} ${value} is not a 32-bit unsigned integer`,
      field,
      spec: SPEC_ACPI_HEADER,
    });
  }
}

/** Fills in QEMU's defaults and checks each value fits its field. */
export function resolveHeaderOptions(
  options: CedtHeaderOptions = {},
): Result<Required<CedtHeaderOptions>, CxlError[]> {
  const resolved: Required<CedtHeaderOptions> = {
    oemId: options.oemId ?? QEMU_CEDT_HEADER.oemId,
    oemTableId: options.oemTableId ?? QEMU_CEDT_HEADER.oemTableId,
    oemRevision: options.oemRevision ?? QEMU_CEDT_HEADER.oemRevision,
    creatorId: options.creatorId ?? QEMU_CEDT_HEADER.creatorId,
    creatorRevision: options.creatorRevision ?? QEMU_CEDT_HEADER.creatorRevision,
  };
  const errors: CxlError[] = [];
  checkText(resolved.oemId, 6, 'oemId', errors);
  checkText(resolved.oemTableId, 8, 'oemTableId', errors);
  checkText(resolved.creatorId, 4, 'creatorId', errors);
  checkU32(resolved.oemRevision, 'oemRevision', errors);
  checkU32(resolved.creatorRevision, 'creatorRevision', errors);
  if (errors.length > 0) return { ok: false, error: errors };
  return ok(resolved);
}

/** Checksum byte that makes `sumWithoutChecksum + checksum ≡ 0 (mod 256)`. */
export function checksumFor(sumWithoutChecksum: number): number {
  return (256 - (sumWithoutChecksum % 256)) % 256;
}
