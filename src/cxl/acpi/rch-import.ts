/**
 * What a CXL 1.1 CHBS becomes on CEDT import: a restricted host bridge (RCH) at the RCRB base, and the
 * note that tells the user what it is and what to add (Linux drivers/cxl/acpi.c add_host_bridge_dport
 * → devm_cxl_add_rch_dport with the CHBS base as RCRB; CXL 2.0 §8.2.1.1–§8.2.1.2).
 */
import { hex } from '../units.ts';
import type { CedtChbs } from './chbs.ts';

export function rchImportNote(s: CedtChbs, id: string): string {
  const uid = s.fields.uid.value ?? 0;
  const base = s.fields.base.value ?? 0;
  const length = s.fields.length.value ?? 0;
  return (
    `${s.label} (offset ${hex(s.offset)}): CXL 1.1 host bridge UID ${uid} imported as ${id}, a restricted host ` +
    `(RCH) with its RCRB at ${hex(base)} (${hex(length)} bytes: downstream port RCRB + upstream port RCRB) and no ` +
    'HDM decoders; attach its restricted device (RCD) directly below it and set the device DVSEC ranges.'
  );
}
