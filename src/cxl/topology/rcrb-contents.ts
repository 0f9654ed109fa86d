/**
 * The values software reads from an RCH's 8 KiB RCRB (CXL 2.0 §8.2.1.1 downstream port RCRB, §8.2.1.2
 * upstream port RCRB), decoded by field, and Linux's reading of MEMBAR0 (drivers/cxl/core/regs.c __rcrb_to_component).
 */
import { RCRB_PCIE_CAP_OFFSET, RCRB_SIZE, RCRB_UPSTREAM_OFFSET, rcrbRows } from '../spec/rcrb.ts';

/** CXL 2.0 §8.2.4: a component register block is 64 KiB; Linux requires MEMBAR0 aligned to it. */
export const COMPONENT_BLOCK_SIZE = 0x1_0000;
const TWO_32 = 0x1_0000_0000;

/** PCI header bits Linux tests (include/uapi/linux/pci_regs.h). */
export const PCI_COMMAND_MEMORY = 0x2; // Command bit 1, Memory Space Enable
export const PCI_STATUS_CAP_LIST = 0x10; // Status bit 4, Capabilities List
export const PCI_BAR_SPACE_IO = 0x1; // BAR bit 0: 1 = I/O space
export const PCI_BAR_MEM_TYPE_1M = 0x2; // BAR bits 2:1 = 01b, obsolete "below 1 MiB"
export const PCI_BAR_MEM_TYPE_64 = 0x4; // BAR bits 2:1 = 10b, 64-bit
export const PCI_BAR_MEM_PREFETCH = 0x8; // BAR bit 3
export const PCI_CAP_ID_EXP = 0x10; // PCI Express Capability ID

/**
 * The lab's placeholder IDs (not the spec's: real RCRBs carry the silicon vendor's). Linux only checks
 * that the dword at 0x00 is not all-ones (__rcrb_to_component). 0x1E98 is the CXL consortium's
 * Vendor ID (CXL 2.0 §8.1.1, used for its DVSECs). The Device IDs are below 0x10 on purpose: Linux's
 * cxl_rcrb_to_aer (drivers/cxl/core/regs.c) reads the dword at +0x0 as an extended capability header
 * and follows bits 31:20 as the next pointer, so these IDs end that walk at once (no AER modeled).
 */
export const LAB_RCRB_VENDOR_ID = 0x1e98;
export const LAB_RCRB_DEVICE_ID = { downstream: 0x0001, upstream: 0x0002 } as const;

/**
 * Where the lab places the two component register blocks the MEMBAR0s point at. The lab's choice, not
 * the spec's (firmware picks them): the first 64 KiB-aligned address at or above the end of the RCRB
 * for the RCH downstream port, and the next 64 KiB block for the RCD upstream port.
 */
export function rcrbComponentBlocks(rcrbBase: number): { downstream: number; upstream: number } {
  const downstream = Math.ceil((rcrbBase + RCRB_SIZE) / COMPONENT_BLOCK_SIZE) * COMPONENT_BLOCK_SIZE;
  return { downstream, upstream: downstream + COMPONENT_BLOCK_SIZE };
}

export interface RcrbField {
  name: string;
  bit: number;
  width: number;
  value: number;
  /** PCI attribute: RO, RW or RsvdP. The lab's panel shows them; it has no MMIO model for the RCRB. */
  access: 'RO' | 'RW' | 'RsvdP';
}

export interface RcrbRegisterValue {
  half: 'downstream' | 'upstream';
  /** Offset inside the 8 KiB RCRB. */
  offset: number;
  address: number;
  name: string;
  size: 2 | 4;
  /** Null where the lab does not model the register (the extended capability chain at 0x100). */
  value: number | null;
  fields: RcrbField[];
  note: string;
}

function f(name: string, bit: number, width: number, value: number, access: RcrbField['access']): RcrbField {
  return { name, bit, width, value, access };
}

/** The fields of one register of a present half, given the block its MEMBAR0 points at. */
function fieldsAt(offset: number, half: 'downstream' | 'upstream', block: number): RcrbField[] | null {
  switch (offset) {
    case 0x00:
      return [
        f('Vendor ID', 0, 16, LAB_RCRB_VENDOR_ID, 'RO'),
        f('Device ID', 16, 16, LAB_RCRB_DEVICE_ID[half], 'RO'),
      ];
    case 0x04:
      return [f('Memory Space Enable', 1, 1, 1, 'RW')];
    case 0x06:
      return [f('Capabilities List', 4, 1, 1, 'RO')];
    case 0x10:
      return [
        f('Memory Space Indicator', 0, 1, 0, 'RO'),
        f('Type', 1, 2, 0b10, 'RO'),
        f('Prefetchable', 3, 1, 0, 'RO'),
        f('Base Address', 4, 28, (block % TWO_32) >>> 4, 'RW'),
      ];
    case 0x14:
      return [f('Base Address (upper 32 bits)', 0, 32, Math.floor(block / TWO_32), 'RW')];
    case 0x34:
      return [f('Capabilities Pointer', 0, 8, RCRB_PCIE_CAP_OFFSET, 'RO')];
    case RCRB_PCIE_CAP_OFFSET:
      return [f('Capability ID', 0, 8, PCI_CAP_ID_EXP, 'RO'), f('Next Capability Pointer', 8, 8, 0, 'RO')];
    default:
      return null;
  }
}

/** The register's value: its fields put together (unsigned, so bit 31 stays positive). */
function pack(fields: readonly RcrbField[]): number {
  return fields.reduce((v, x) => v + x.value * 2 ** x.bit, 0);
}

/**
 * Every register of both halves with its value. The upstream half is present only with an RCD below
 * the RCH; without one it reads all-ones, which Linux takes as "no upstream port RCRB".
 */
export function rcrbContents(rcrbBase: number, rcdPresent: boolean): RcrbRegisterValue[] {
  const blocks = rcrbComponentBlocks(rcrbBase);
  return rcrbRows(rcrbBase).map((r) => {
    const absent = r.half === 'upstream' && !rcdPresent;
    const fields = absent
      ? null
      : fieldsAt(r.offset - (r.half === 'upstream' ? RCRB_UPSTREAM_OFFSET : 0), r.half, blocks[r.half]);
    const allOnes = r.register.size === 4 ? 0xffff_ffff : 0xffff;
    return {
      half: r.half,
      offset: r.offset,
      address: r.address,
      name: r.register.name,
      size: r.register.size,
      value: absent ? allOnes : fields === null ? null : pack(fields),
      fields: fields ?? [],
      note: absent ? 'no RCD below: the upstream port RCRB reads all-ones' : r.register.note,
    };
  });
}

/** What Linux's __rcrb_to_component makes of one half: the component block, or why none. */
export type RcrbDecode = { ok: true; componentRegs: number } | { ok: false; reason: string };

/**
 * Linux's reading of a half (drivers/cxl/core/regs.c __rcrb_to_component): the ID dword must not be
 * all-ones, Command must have Memory Space Enable, MEMBAR0 must be a memory BAR without the obsolete
 * below-1M type, the base is bits 31:4 (plus the high dword for a 64-bit BAR), non-zero and 64 KiB aligned.
 */
export function decodeRcrbHalf(id: number, command: number, bar0: number, bar1: number): RcrbDecode {
  if (id === 0xffff_ffff) return { ok: false, reason: 'ID reads all-ones: no RCRB here' };
  if ((command & PCI_COMMAND_MEMORY) === 0) return { ok: false, reason: 'Memory Space Enable is clear' };
  if ((bar0 & (PCI_BAR_MEM_TYPE_1M | PCI_BAR_SPACE_IO)) !== 0)
    return { ok: false, reason: 'MEMBAR0 is an I/O or below-1M BAR' };
  let base = (bar0 >>> 4) * 16;
  if ((bar0 & PCI_BAR_MEM_TYPE_64) !== 0) base += (bar1 >>> 0) * TWO_32;
  if (base === 0) return { ok: false, reason: 'MEMBAR0 is zero' };
  if (base % COMPONENT_BLOCK_SIZE !== 0) return { ok: false, reason: 'MEMBAR0 is not 64 KiB aligned' };
  return { ok: true, componentRegs: base };
}

/** Linux's reading of one half of the lab's RCRB contents (the registers at 0x00, 0x04, 0x10, 0x14). */
export function decodeRcrbContents(
  rows: readonly RcrbRegisterValue[],
  half: 'downstream' | 'upstream',
): RcrbDecode {
  const start = half === 'upstream' ? RCRB_UPSTREAM_OFFSET : 0;
  const at = (o: number) => rows.find((r) => r.offset === start + o)?.value ?? 0;
  return decodeRcrbHalf(at(0x00), at(0x04), at(0x10), at(0x14));
}
