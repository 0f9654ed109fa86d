/**
 * The few PCI header registers the lab fills in each CXL function's configuration space (PCI Local
 * Bus 3.0 §6.2.1; PCIe Base r5.0 §7.5.1) and the IDs QEMU's CXL devices carry.
 */
import { defineReg } from '../regs/field.ts';

/** 0x00: Vendor ID and Device ID. */
export const pciIdRegister = defineReg('Vendor ID / Device ID', 0x00, [
  { name: 'vendorId', bit: 0, width: 16, access: 'HwInit', title: 'Vendor ID' },
  { name: 'deviceId', bit: 16, width: 16, access: 'HwInit', title: 'Device ID' },
]);

/** 0x08: Revision ID and Class Code (base class, sub-class, programming interface). */
export const pciClassRegister = defineReg('Revision ID / Class Code', 0x08, [
  { name: 'revision', bit: 0, width: 8, access: 'HwInit', title: 'Revision ID' },
  { name: 'progIf', bit: 8, width: 8, access: 'HwInit', title: 'Programming Interface' },
  { name: 'subClass', bit: 16, width: 8, access: 'HwInit', title: 'Sub-Class Code' },
  { name: 'baseClass', bit: 24, width: 8, access: 'HwInit', title: 'Base Class Code' },
]);

/** Per-kind identity as QEMU builds it. */
export interface PciIdentity {
  vendorId: number;
  deviceId: number;
  revision: number;
  /** 24-bit class code: base << 16 | sub << 8 | prog-if. */
  classCode: number;
  /** What QEMU calls the device. */
  qemuName: string;
}

/**
 * QEMU's CXL functions: `cxl-type3` (hw/mem/cxl_type3.c ct3_class_init: Intel 0x0d93 rev 1, class
 * 0x0502 prog-if 0x10 "CXL memory device", the class Linux's cxl_pci binds to), `cxl-rp`
 * (hw/pci-bridge/cxl_root_port.c CXL_ROOT_PORT_DID: Intel 0x7075), `cxl-upstream` / `cxl-downstream`
 * (hw/pci-bridge/cxl_upstream.c, cxl_downstream.c: Huawei 0xa128 / 0xa129); ports are PCI-to-PCI
 * bridges (class 0x0604).
 */
export const QEMU_PCI_IDS = {
  type3: { vendorId: 0x8086, deviceId: 0x0d93, revision: 1, classCode: 0x050210, qemuName: 'cxl-type3' },
  'root-port': { vendorId: 0x8086, deviceId: 0x7075, revision: 0, classCode: 0x060400, qemuName: 'cxl-rp' },
  switch: { vendorId: 0x19e5, deviceId: 0xa128, revision: 0, classCode: 0x060400, qemuName: 'cxl-upstream' },
  'downstream-port': {
    vendorId: 0x19e5,
    deviceId: 0xa129,
    revision: 0,
    classCode: 0x060400,
    qemuName: 'cxl-downstream',
  },
} as const satisfies Record<string, PciIdentity>;

/**
 * Where QEMU starts each function's DVSECs: a Type 3 device after its Device Serial Number capability
 * at 0x100 (0x10C; hw/mem/cxl_type3.c ct3_realize), a root port after AER (0x100, 0x48 bytes) and
 * ACS (8 bytes) = 0x150 (hw/pci-bridge/cxl_root_port.c CXL_ROOT_PORT_DVSEC_OFFSET), switch ports
 * after AER = 0x148 (cxl_upstream.c / cxl_downstream.c *_DVSEC_OFFSET; newer QEMU puts a serial
 * number capability there on the upstream port first).
 */
export const AER_CAP_OFFSET = 0x100;
export const AER_CAP_SIZE = 0x48;
export const ACS_CAP_SIZE = 0x08;
