/**
 * CXL.cache/CXL.mem capability headers, CXL r3.1 §8.2.4 (Table 8-22) and §8.2.4.1.
 *
 * The CXL.cache/mem area of a component register block starts with the CXL Capability Header
 * (capability ID 1) whose Array Size says how many 32-bit capability headers follow it. Each of
 * those names a capability (ID, version) and points at its structure, as an offset from the start
 * of the CXL.cache/mem area. Software must walk these pointers; it must not assume offsets.
 */
import { defineReg } from '../regs/field.ts';

export { CACHEMEM_OFFSET, COMPONENT_BLOCK_SIZE } from './component-block.ts';

/** Capability IDs used by the lab. */
export const CAP_ID = {
  cxl: 1,
  ras: 2,
  link: 4,
  hdmDecoder: 5,
} as const;

/** Cachemem offset 0: the CXL Capability Header. */
export const cxlCapabilityHeader = defineReg('CXL Capability Header', 0x0, [
  { name: 'capId', bit: 0, width: 16, access: 'HwInit', title: 'CXL_Capability_ID' },
  { name: 'capVersion', bit: 16, width: 4, access: 'HwInit', title: 'CXL_Capability_Version' },
  { name: 'cacheMemVersion', bit: 20, width: 4, access: 'HwInit', title: 'CXL_Cache_Mem_Version' },
  { name: 'arraySize', bit: 24, width: 8, access: 'HwInit', title: 'Array_Size' },
]);

/** Cachemem offset 4·i (i ≥ 1): one capability header (RAS, Link, HDM Decoder, …). */
export const cxlCapabilityPointer = defineReg('CXL Capability Pointer Header', 0x4, [
  { name: 'capId', bit: 0, width: 16, access: 'HwInit', title: 'CXL_Capability_ID' },
  { name: 'capVersion', bit: 16, width: 4, access: 'HwInit', title: 'CXL_Capability_Version' },
  { name: 'pointer', bit: 20, width: 12, access: 'HwInit', title: 'Capability Pointer' },
]);
