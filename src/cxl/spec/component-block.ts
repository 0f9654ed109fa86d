/**
 * Where things sit in a 64 KiB CXL component register block and its CXL.cache/mem area: a pure leaf
 * (no imports) whose offsets are chained from structure sizes, so moving one structure moves the next.
 *
 * Block ranges, CXL r3.1 §8.2.3 (Table 8-21): 0x0000–0x0FFF CXL.io, 0x1000–0x1FFF CXL.cache/mem.
 * Inside cache/mem (CXL r3.1 §8.2.4, Table 8-22): the CXL Capability Header at offset 0, then one
 * 4-byte capability header per capability; the structures themselves follow at offsets the headers
 * point to. The lab places them where QEMU does (include/hw/cxl/cxl_component.h, which chains
 * CXL_RAS_REGISTERS_OFFSET → CXL_SEC → CXL_LINK → CXL_HDM_REGISTERS_OFFSET the same way), so its
 * register dumps match QEMU's; software must find them through the headers.
 */

/** Size of a component register block (CXL r3.1 §8.2.3). */
export const COMPONENT_BLOCK_SIZE = 0x10000;
/** Offset of the CXL.cache/mem registers in the block (CXL r3.1 §8.2.3, Table 8-21). */
export const CACHEMEM_OFFSET = 0x1000;
/** Size of the CXL.cache/mem area (0x1000–0x1FFF). */
export const CACHEMEM_SIZE = 0x1000;

/** Bytes per capability header: the CXL Capability Header and each pointer header (CXL r3.1 §8.2.4.1). */
export const CAP_HEADER_BYTES = 4;

/** Offset in cache/mem of the `i`-th capability header (0: the CXL Capability Header). */
export function capabilityHeaderOffset(i: number): number {
  return CAP_HEADER_BYTES * i;
}

/**
 * RAS Capability Structure (CXL r3.1 §8.2.4.17). QEMU starts it at 0x80 to leave room for the header
 * array (up to 32 headers of 4 bytes) before it.
 */
export const RAS_CACHEMEM_OFFSET = capabilityHeaderOffset(32);
/** RAS structure: six 32-bit registers (0x00–0x14) and a 16-DWORD Header Log at 0x18 (CXL r3.1 §8.2.4.17). */
export const RAS_STRUCTURE_SIZE = 6 * 4 + 16 * 4;

/** Security Capability Structure (CXL r3.1 §8.2.4.18): CXL 1.1 downstream ports only, absent here. */
export const SECURITY_STRUCTURE_SIZE = 0;

/** Link Capability Structure (CXL r3.1 §8.2.4.19), right after RAS and Security. */
export const LINK_CACHEMEM_OFFSET = RAS_CACHEMEM_OFFSET + RAS_STRUCTURE_SIZE + SECURITY_STRUCTURE_SIZE;
/** Space QEMU reserves for the Link structure (include/hw/cxl/cxl_component.h CXL_LINK_REGISTERS_SIZE). */
export const LINK_STRUCTURE_SIZE = 0x50;

/** HDM Decoder Capability Structure (CXL r3.1 §8.2.4.20), right after Link: cache/mem + 0x128. */
export const HDM_CACHEMEM_OFFSET = LINK_CACHEMEM_OFFSET + LINK_STRUCTURE_SIZE;

/**
 * Where the lab places host bridges' component register blocks when a file does not say: the first
 * free 64 KiB slot from 4 GiB. QEMU x86 with ≤ 2 GiB of RAM and no hotplug area starts its CXL range,
 * and so its `pxb-cxl` blocks, there (hw/i386/pc.c pc_get_cxl_range_start; see qemu-placement.ts).
 */
export const DEFAULT_REG_BASE = 0x1_0000_0000;
