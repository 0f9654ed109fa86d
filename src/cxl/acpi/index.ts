/**
 * DOC: ACPI tables for the lab — the CXL Early Discovery Table (CEDT, CXL r3.1 §9.18.1). One file per
 * structure (header, CHBS, CFMWS, CXIMS, RDPAS, unknown subtables), each declaring its fields once in a
 * field table that drives decoding, building and re-serializing. `buildCedt` makes the table for a
 * topology (QEMU's layout and header defaults), `decodeCedt`/`parseCedt` read any CEDT binary into
 * fields that know their byte offsets, `serializeCedt` writes a decoded table back byte for byte, and
 * `topologyFromCedt` turns a table into host bridges and windows (strict); `importCedt` imports every
 * usable subtable and reports each unusable one as a finding. SRAT/HMAT may join later.
 */
export { buildCedt } from './build.ts';
export {
  type CedtSerializeOptions,
  type CedtSubtable,
  type CedtTable,
  cedtFieldList,
  decodeCedt,
  hasCedtSignature,
  parseCedt,
  serializeCedt,
  subtableFieldList,
} from './cedt.ts';
export {
  type CedtCfmws,
  CFMWS_FIELDS,
  CFMWS_RESTRICTION_BITS,
} from './cfmws.ts';
export { type CedtChbs, CHBS_FIELDS } from './chbs.ts';
export { type CedtCxims, CXIMS_FIELDS } from './cxims.ts';
export type { AcpiFieldFormat, CedtField, CedtFinding } from './field.ts';
export {
  ACPI_HEADER_FIELDS,
  type CedtHeaderFields,
  type CedtHeaderOptions,
  QEMU_CEDT_HEADER,
} from './header.ts';
export { importCedtTopology, topologyFromCedt } from './import.ts';
export { type CedtImport, importCedt } from './import-forgiving.ts';
export { cedtFieldAt, cedtListing } from './listing.ts';
export { type CedtRdpas, RDPAS_FIELDS } from './rdpas.ts';
export type { CedtUnknownSubtable } from './subtable.ts';
