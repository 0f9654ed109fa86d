/**
 * PCIe DVSEC for CXL Device (DVSEC ID 0): the Mem_Enable bit and the Range 1/2 Size/Base registers a
 * CXL 1.1 restricted device (RCD) describes its memory with (CXL 2.0 §8.1.3.2, §8.1.3.8.1–§8.1.3.8.8).
 */
import { hi32, join64, lo32 } from '../units.ts';

/** Offsets inside the DVSEC (CXL 2.0 §8.1.3; Linux include/uapi/linux/pci_regs.h / drivers/cxl/cxlpci.h). */
export const DVSEC_CXL_CAPABILITY = 0x0a;
export const DVSEC_CXL_CONTROL = 0x0c;
/** DVSEC CXL Control bit 2: Mem_Enable (CXL 2.0 §8.1.3.2). */
export const DVSEC_MEM_ENABLE_BIT = 2;
/** Range n (0 = Range 1, 1 = Range 2) register offsets: 0x18/0x1C/0x20/0x24 + n × 0x10 (CXL 2.0 §8.1.3.8). */
export function dvsecRangeOffsets(n: 0 | 1): {
  sizeHigh: number;
  sizeLow: number;
  baseHigh: number;
  baseLow: number;
} {
  const o = 0x10 * n;
  return { sizeHigh: 0x18 + o, sizeLow: 0x1c + o, baseHigh: 0x20 + o, baseLow: 0x24 + o };
}
/** Size Low / Base Low keep address bits [31:28] only: ranges are multiples of 256 MiB (CXL 2.0 §8.1.3.8.2, .4). */
export const DVSEC_RANGE_LOW_MASK = 0xf000_0000;
/** Size Low bit 0: Memory_Info_Valid; bit 1: Memory_Active (CXL 2.0 §8.1.3.8.2). */
export const DVSEC_SIZE_LOW_INFO_VALID = 0x1;
export const DVSEC_SIZE_LOW_ACTIVE = 0x2;
/** Most DVSEC ranges a device has (Capability HDM_Count is 1 or 2, CXL 2.0 §8.1.3.1). */
export const DVSEC_MAX_RANGES = 2;

export interface DvsecRangeRegisters {
  sizeHigh: number;
  sizeLow: number;
  baseHigh: number;
  baseLow: number;
}

/** The four 32-bit registers for a range (Info_Valid and Memory_Active set, as a ready device shows them). */
export function encodeDvsecRange(base: number, size: number): DvsecRangeRegisters {
  return {
    sizeHigh: hi32(size),
    sizeLow: ((lo32(size) & DVSEC_RANGE_LOW_MASK) | DVSEC_SIZE_LOW_INFO_VALID | DVSEC_SIZE_LOW_ACTIVE) >>> 0,
    baseHigh: hi32(base),
    baseLow: (lo32(base) & DVSEC_RANGE_LOW_MASK) >>> 0,
  };
}

/**
 * Base and size from the four registers, the way Linux reads them (drivers/cxl/core/pci.c
 * cxl_dvsec_rr_decode): High:Low with Low masked to bits [31:28]; a size of 0 means an unused range.
 */
export function decodeDvsecRange(r: DvsecRangeRegisters): { base: number; size: number } {
  return {
    base: join64(r.baseHigh, (r.baseLow & DVSEC_RANGE_LOW_MASK) >>> 0),
    size: join64(r.sizeHigh, (r.sizeLow & DVSEC_RANGE_LOW_MASK) >>> 0),
  };
}
