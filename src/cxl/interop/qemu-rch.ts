/**
 * Why a QEMU export refuses a CXL 1.1 restricted host (RCH) and its device: QEMU emulates only CXL 2.0
 * virtual hierarchies. Its pxb-cxl host bridge always gets a CHBS with CXL Version 1 (2.0) and a
 * 64 KiB CHBCR (hw/acpi/cxl.c cedt_build_chbs, checked at QEMU master 0edc2afe), and it has no
 * RCRB and no restricted device model.
 */
import type { CxlError } from '../result.ts';

export const QEMU_RCH_SPEC =
  'qemu hw/acpi/cxl.c cedt_build_chbs (CXL Version always 1, CHBCR); CXL 2.0 §8.2.1.1';

/** The refusal for an RCH (`hbId`), in the exporter's error shape. */
export function qemuRchRefusal(hbId: string): CxlError {
  return {
    code: 'qemu.rch',
    component: hbId,
    message:
      `${hbId}: a CXL 1.1 restricted host (RCH) cannot be expressed in QEMU: QEMU (checked at master, ` +
      'hw/acpi/cxl.c) builds every pxb-cxl host bridge as CXL 2.0 (CHBS CXL Version 1 with a 64 KiB CHBCR) and has ' +
      'no RCRB and no restricted device (RCD). Model it as a CXL 2.0 host bridge with a root port, or use Linux ' +
      'cxl_test (tools/testing/cxl), whose host bridge UID 3 is an RCH',
    spec: QEMU_RCH_SPEC,
  };
}
