/**
 * PCIe extended capability and DVSEC framing in a function's 4 KiB configuration space, and the CXL
 * DVSEC IDs (CXL 2.0 §8.1.1 Table 124 "CXL DVSEC ID Assignment"; PCIe Base r5.0 §7.9.6 "Designated
 * Vendor-Specific Extended Capability"). Offsets are from the start of the capability.
 */
import { defineReg } from '../regs/field.ts';

/** PCIe configuration space of one function: 4 KiB; extended capabilities start at 0x100 (PCIe Base r5.0 §7.6). */
export const CONFIG_SPACE_SIZE = 0x1000;
export const EXT_CAP_START = 0x100;
/** Extended capability IDs the lab places (PCIe Base r5.0 §7.6.3; Linux include/uapi/linux/pci_regs.h). */
export const EXT_CAP_ID_AER = 0x0001;
export const EXT_CAP_ID_DSN = 0x0003;
export const EXT_CAP_ID_ACS = 0x000d;
export const EXT_CAP_ID_DVSEC = 0x0023;
/** Device Serial Number extended capability: header + 8-byte serial (PCIe Base r5.0 §7.9.3). */
export const DSN_CAP_LENGTH = 0x0c;
/** DVSEC Vendor ID the CXL consortium uses (CXL 2.0 §8.1.1; QEMU include/hw/cxl/cxl_pci.h CXL_VENDOR_ID). */
export const CXL_DVSEC_VENDOR_ID = 0x1e98;

/** +0x00: PCI Express Extended Capability Header (PCIe Base r5.0 §7.6.3). */
export const extCapHeader = defineReg('PCI Express Extended Capability Header', 0x0, [
  { name: 'capId', bit: 0, width: 16, access: 'HwInit', title: 'PCI Express Extended Capability ID' },
  { name: 'capVersion', bit: 16, width: 4, access: 'HwInit', title: 'Capability Version' },
  { name: 'next', bit: 20, width: 12, access: 'HwInit', title: 'Next Capability Offset' },
]);

/** +0x04: Designated Vendor-Specific Header 1 (PCIe Base r5.0 §7.9.6.2). */
export const dvsecHeader1 = defineReg('Designated Vendor-Specific Header 1', 0x4, [
  { name: 'vendorId', bit: 0, width: 16, access: 'HwInit', title: 'DVSEC Vendor ID' },
  { name: 'revision', bit: 16, width: 4, access: 'HwInit', title: 'DVSEC Revision' },
  { name: 'length', bit: 20, width: 12, access: 'HwInit', title: 'DVSEC Length' },
]);

/** DVSEC IDs under the CXL vendor ID (CXL 2.0 §8.1.1 Table 124; QEMU include/hw/cxl/cxl_pci.h). */
export const DVSEC_ID = {
  cxlDevice: 0,
  nonCxlFunctionMap: 2,
  portExtensions: 3,
  gpfPort: 4,
  gpfDevice: 5,
  flexBusPort: 7,
  registerLocator: 8,
} as const;

export const DVSEC_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'PCIe DVSEC for CXL Device'],
  [2, 'Non-CXL Function Map DVSEC'],
  [3, 'CXL 2.0 Extensions DVSEC for Ports'],
  [4, 'GPF DVSEC for CXL Ports'],
  [5, 'GPF DVSEC for CXL Devices'],
  [7, 'PCIe DVSEC for Flex Bus Port'],
  [8, 'Register Locator DVSEC'],
]);

/** Offset of the DVSEC body (the first ID-specific register) after the 10-byte header. */
export const DVSEC_BODY = 0x0a;

/**
 * Lengths and revisions QEMU writes (include/hw/cxl/cxl_pci.h): the Device DVSEC in its CXL r3.1
 * revision 3 form (0x3C bytes, CXL 2.0 revision 1 is 0x38), the Flex Bus Port DVSEC in its r3.x
 * revision 2 form (0x20 bytes), a Register Locator with three entries.
 */
export const DVSEC_LAYOUT = {
  cxlDevice: { length: 0x3c, revision: 3 },
  portExtensions: { length: 0x28, revision: 0 },
  gpfPort: { length: 0x10, revision: 0 },
  gpfDevice: { length: 0x10, revision: 0 },
  flexBusPort: { length: 0x20, revision: 2 },
  registerLocator: { length: 0x24, revision: 0 },
} as const;

/** Register Locator: entries of 8 bytes from +0x0C (CXL 2.0 §8.1.9.1; Linux drivers/cxl/cxlpci.h). */
export const REGLOC_FIRST_ENTRY = 0x0c;
export const REGLOC_ENTRY_BYTES = 8;

/** Register Offset Low of one locator entry (CXL 2.0 §8.1.9.1). */
export const regLocatorLow = defineReg('Register Offset Low', 0x0, [
  { name: 'bir', bit: 0, width: 3, access: 'HwInit', title: 'Register BIR' },
  { name: 'rsvd', bit: 3, width: 5, access: 'RsvdP' },
  { name: 'blockId', bit: 8, width: 8, access: 'HwInit', title: 'Register Block Identifier' },
  { name: 'offsetLow', bit: 16, width: 16, access: 'HwInit', title: 'Register Block Offset Low' },
]);
/** Register Offset High: bits 63:32 of the block offset. */
export const regLocatorHigh = defineReg('Register Offset High', 0x4, [
  { name: 'offsetHigh', bit: 0, width: 32, access: 'HwInit', title: 'Register Block Offset High' },
]);

/** Register Block Identifiers (CXL 2.0 §8.1.9.1; Linux drivers/cxl/cxlpci.h enum cxl_regloc_type). */
export const REG_BLOCK_ID = { empty: 0, component: 1, barVirtualization: 2, memoryDevice: 3 } as const;
export const REG_BLOCK_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Empty'],
  [1, 'Component Registers'],
  [2, 'BAR Virtualization ACL Registers'],
  [3, 'CXL Memory Device Registers'],
]);

/** BARs QEMU puts the blocks in (include/hw/cxl/cxl.h CXL_COMPONENT_REG_BAR_IDX, CXL_DEVICE_REG_BAR_IDX). */
export const COMPONENT_REG_BIR = 0;
export const DEVICE_REG_BIR = 2;
/** BIR n names the BAR at config offset 0x10 + 4·n (CXL 2.0 §8.1.9.1). */
export function barOffsetOfBir(bir: number): number {
  return 0x10 + 4 * bir;
}
