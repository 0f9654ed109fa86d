/**
 * The 8 KiB Root Complex Register Block (RCRB) a CXL 1.1 CHBS Base points at: the RCH downstream
 * port RCRB, then the RCD upstream port RCRB (CXL 2.0 §8.2.1.1, §8.2.1.2; Linux drivers/cxl/core/regs.c
 * __rcrb_to_component reads the upstream half at +4 KiB).
 */
import { hex } from '../units.ts';

/** Each half of the RCRB is 4 KiB; the whole block is the CHBS Length of a CXL 1.1 host (8 KiB). */
export const RCRB_HALF = 0x1000;
export const RCRB_SIZE = 2 * RCRB_HALF;
/** Offset of the upstream port RCRB inside the block (CXL 2.0 §8.2.1.2). */
export const RCRB_UPSTREAM_OFFSET = RCRB_HALF;

/**
 * Where the lab puts each half's PCI Express Capability (the target of the Capabilities Pointer at
 * 0x34). The lab's choice: 0x40 is the first dword after the 64-byte PCI-compatible header.
 */
export const RCRB_PCIE_CAP_OFFSET = 0x40;

/** One register of a 4 KiB port RCRB, at its offset from that half's start (PCI-compatible header layout). */
export interface RcrbRegister {
  offset: number;
  size: 2 | 4;
  name: string;
  /** What software reads it for. */
  note: string;
}

/**
 * The registers Linux reads in each half (drivers/cxl/core/regs.c __rcrb_to_component, cxl_rcrb_to_aer):
 * the offsets are the PCI header's (include/uapi/linux/pci_regs.h PCI_VENDOR_ID, PCI_COMMAND,
 * PCI_BASE_ADDRESS_0/1, PCI_CAPABILITY_LIST), which the RCRB reuses (CXL 2.0 §8.2.1.1).
 */
export const RCRB_PORT_REGISTERS: readonly RcrbRegister[] = [
  { offset: 0x00, size: 4, name: 'Vendor ID / Device ID', note: 'all-ones: no RCRB behind this address' },
  { offset: 0x04, size: 2, name: 'Command', note: 'bit 1 Memory Space Enable' },
  { offset: 0x06, size: 2, name: 'Status', note: '' },
  {
    offset: 0x10,
    size: 4,
    name: 'MEMBAR0 Low',
    note: 'component register block base [31:4]; bit 0 must be 0 (memory)',
  },
  { offset: 0x14, size: 4, name: 'MEMBAR0 High', note: 'component register block base [63:32] (64-bit BAR)' },
  {
    offset: 0x34,
    size: 2,
    name: 'Capabilities Pointer',
    note: 'first capability (PCI Express capability, link status)',
  },
  {
    offset: RCRB_PCIE_CAP_OFFSET,
    size: 2,
    name: 'PCI Express Capability header',
    note: 'Capability ID 0x10 and Next pointer; Linux cxl_rcrb_to_linkcap walks to it from 0x34',
  },
  { offset: 0x100, size: 4, name: 'Extended capabilities', note: 'AER and the Flex Bus Port DVSEC' },
];

export interface RcrbRow {
  /** Absolute address of the register. */
  address: number;
  /** Offset inside the 8 KiB RCRB. */
  offset: number;
  half: 'downstream' | 'upstream';
  register: RcrbRegister;
}

/** Every register of both halves at its absolute address (`rcrbBase` = the CHBS Base). */
export function rcrbRows(rcrbBase: number): RcrbRow[] {
  const rows: RcrbRow[] = [];
  for (const half of ['downstream', 'upstream'] as const) {
    const start = half === 'downstream' ? 0 : RCRB_UPSTREAM_OFFSET;
    for (const register of RCRB_PORT_REGISTERS) {
      rows.push({
        address: rcrbBase + start + register.offset,
        offset: start + register.offset,
        half,
        register,
      });
    }
  }
  return rows;
}

/** One line per row, for the CLI and notes: "0x…1010 +0x1010 upstream MEMBAR0 Low". */
export function rcrbText(rcrbBase: number): string[] {
  return rcrbRows(rcrbBase).map(
    (r) =>
      `${hex(r.address)} +${hex(r.offset)} ${r.half} ${r.register.name}${r.register.note === '' ? '' : ` — ${r.register.note}`}`,
  );
}
