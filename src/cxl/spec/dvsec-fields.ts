/**
 * Field tables of the CXL DVSECs the lab builds: the PCIe DVSEC for CXL Device (CXL 2.0 §8.1.3), the
 * PCIe DVSEC for Flex Bus Port (CXL 2.0 §8.1.8, registers in §8.2.1.3) and the bodies of the port
 * DVSECs QEMU adds. Offsets are from the DVSEC start; the Range register offsets come from
 * `dvsec-range.ts`. Write access follows QEMU's write masks (hw/cxl/cxl-component-utils.c
 * cxl_component_create_dvsec), which match the spec's RW/RWL bits; the lock (CONFIG_LOCK) is not
 * enforced, as in QEMU.
 */
import { defineReg, defineReg16 } from '../regs/field.ts';
import { DVSEC_CXL_CAPABILITY, DVSEC_CXL_CONTROL } from './dvsec-range.ts';

/** +0x0A DVSEC CXL Capability (CXL 2.0 §8.1.3.1). */
export const cxlDvsecCapability = defineReg16('DVSEC CXL Capability', DVSEC_CXL_CAPABILITY, [
  { name: 'cacheCapable', bit: 0, width: 1, access: 'HwInit', title: 'Cache_Capable' },
  { name: 'ioCapable', bit: 1, width: 1, access: 'HwInit', title: 'IO_Capable' },
  { name: 'memCapable', bit: 2, width: 1, access: 'HwInit', title: 'Mem_Capable' },
  { name: 'memHwInitMode', bit: 3, width: 1, access: 'HwInit', title: 'Mem_HwInit_Mode' },
  { name: 'hdmCount', bit: 4, width: 2, access: 'HwInit', title: 'HDM_Count' },
  { name: 'cacheWbi', bit: 6, width: 1, access: 'HwInit', title: 'Cache Writeback and Invalidate Capable' },
  { name: 'resetCapable', bit: 7, width: 1, access: 'HwInit', title: 'CXL Reset Capable' },
  { name: 'resetTimeout', bit: 8, width: 3, access: 'HwInit', title: 'CXL Reset Timeout' },
  { name: 'resetMemClr', bit: 11, width: 1, access: 'HwInit', title: 'CXL Reset Mem Clr Capable' },
  { name: 'rsvd12', bit: 12, width: 1, access: 'RsvdP' },
  { name: 'mld', bit: 13, width: 1, access: 'HwInit', title: 'Multiple Logical Device' },
  { name: 'viralCapable', bit: 14, width: 1, access: 'HwInit', title: 'Viral_Capable' },
  {
    name: 'pmInitReporting',
    bit: 15,
    width: 1,
    access: 'HwInit',
    title: 'PM Init Completion Reporting Capable',
  },
]);

/** +0x0C DVSEC CXL Control (CXL 2.0 §8.1.3.2). QEMU's mask: bits 0, 2–11 and 14 writable. */
export const cxlDvsecControl = defineReg16('DVSEC CXL Control', DVSEC_CXL_CONTROL, [
  { name: 'cacheEnable', bit: 0, width: 1, access: 'RW', title: 'Cache_Enable' },
  { name: 'ioEnable', bit: 1, width: 1, access: 'RO', reset: 1, title: 'IO_Enable' },
  { name: 'memEnable', bit: 2, width: 1, access: 'RW', title: 'Mem_Enable' },
  { name: 'sfCoverage', bit: 3, width: 5, access: 'RW', title: 'Cache_SF_Coverage' },
  { name: 'sfGranularity', bit: 8, width: 3, access: 'RW', title: 'Cache_SF_Granularity' },
  { name: 'cleanEviction', bit: 11, width: 1, access: 'RW', title: 'Cache_Clean_Eviction' },
  { name: 'rsvd12', bit: 12, width: 2, access: 'RsvdP' },
  { name: 'viralEnable', bit: 14, width: 1, access: 'RW', title: 'Viral_Enable' },
  { name: 'rsvd15', bit: 15, width: 1, access: 'RsvdP' },
]);

/** +0x0E DVSEC CXL Status (CXL 2.0 §8.1.3.3): Viral_Status is RW1CS. */
export const cxlDvsecStatus = defineReg16('DVSEC CXL Status', 0x0e, [
  { name: 'rsvd0', bit: 0, width: 14, access: 'RsvdP' },
  { name: 'viralStatus', bit: 14, width: 1, access: 'RW1C', title: 'Viral_Status' },
  { name: 'rsvd15', bit: 15, width: 1, access: 'RsvdP' },
]);

/** +0x10 DVSEC CXL Control2 (CXL 2.0 §8.1.3.4). */
export const cxlDvsecControl2 = defineReg16('DVSEC CXL Control2', 0x10, [
  { name: 'disableCaching', bit: 0, width: 1, access: 'RW', title: 'Disable Caching' },
  {
    name: 'initiateWbi',
    bit: 1,
    width: 1,
    access: 'RW',
    title: 'Initiate Cache Write Back and Invalidation',
  },
  { name: 'initiateReset', bit: 2, width: 1, access: 'RW', title: 'Initiate CXL Reset' },
  { name: 'resetMemClrEnable', bit: 3, width: 1, access: 'RW', title: 'CXL Reset Mem Clr Enable' },
  { name: 'rsvd', bit: 4, width: 12, access: 'RsvdP' },
]);

/** +0x12 DVSEC CXL Status2 (CXL 2.0 §8.1.3.5). */
export const cxlDvsecStatus2 = defineReg16('DVSEC CXL Status2', 0x12, [
  { name: 'cacheInvalid', bit: 0, width: 1, access: 'RO', title: 'Cache Invalid' },
  { name: 'resetComplete', bit: 1, width: 1, access: 'RO', title: 'CXL Reset Complete' },
  { name: 'resetError', bit: 2, width: 1, access: 'RO', title: 'CXL Reset Error' },
  { name: 'rsvd', bit: 3, width: 12, access: 'RsvdP' },
  {
    name: 'pmInitComplete',
    bit: 15,
    width: 1,
    access: 'RO',
    title: 'Power Management Initialization Complete',
  },
]);

/** +0x14 DVSEC CXL Lock (CXL 2.0 §8.1.3.6): CONFIG_LOCK is RWO in the spec; QEMU leaves it RW. */
export const cxlDvsecLock = defineReg16('DVSEC CXL Lock', 0x14, [
  { name: 'configLock', bit: 0, width: 1, access: 'RW', title: 'CONFIG_LOCK' },
  { name: 'rsvd', bit: 1, width: 15, access: 'RsvdP' },
]);

/** +0x16 DVSEC CXL Capability2 (CXL 2.0 §8.1.3.7). */
export const cxlDvsecCapability2 = defineReg16('DVSEC CXL Capability2', 0x16, [
  { name: 'cacheSizeUnit', bit: 0, width: 4, access: 'HwInit', title: 'Cache Size Unit' },
  { name: 'rsvd', bit: 4, width: 4, access: 'RsvdP' },
  { name: 'cacheSize', bit: 8, width: 8, access: 'HwInit', title: 'Cache Size' },
]);

/** Range n Size High (CXL 2.0 §8.1.3.8.1, .5): size bits 63:32. */
export const cxlDvsecRangeSizeHigh = defineReg('DVSEC CXL Range Size High', 0x18, [
  { name: 'sizeHigh', bit: 0, width: 32, access: 'RO', title: 'Memory_Size_High' },
]);

/** Range n Size Low (CXL 2.0 §8.1.3.8.2, .6). */
export const cxlDvsecRangeSizeLow = defineReg('DVSEC CXL Range Size Low', 0x1c, [
  { name: 'infoValid', bit: 0, width: 1, access: 'RO', title: 'Memory_Info_Valid' },
  { name: 'active', bit: 1, width: 1, access: 'RO', title: 'Memory_Active' },
  { name: 'mediaType', bit: 2, width: 3, access: 'RO', title: 'Media_Type' },
  { name: 'memoryClass', bit: 5, width: 3, access: 'RO', title: 'Memory_Class' },
  { name: 'desiredInterleave', bit: 8, width: 5, access: 'RO', title: 'Desired_Interleave' },
  { name: 'activeTimeout', bit: 13, width: 3, access: 'RO', title: 'Memory_Active_Timeout' },
  { name: 'rsvd', bit: 16, width: 12, access: 'RsvdP' },
  { name: 'sizeLow', bit: 28, width: 4, access: 'RO', title: 'Memory_Size_Low' },
]);

/** Range n Base High (CXL 2.0 §8.1.3.8.3, .7): RWL, locked by CONFIG_LOCK. */
export const cxlDvsecRangeBaseHigh = defineReg('DVSEC CXL Range Base High', 0x20, [
  { name: 'baseHigh', bit: 0, width: 32, access: 'RW', title: 'Memory_Base_High' },
]);

/** Range n Base Low (CXL 2.0 §8.1.3.8.4, .8): only bits 31:28 (256 MiB units). */
export const cxlDvsecRangeBaseLow = defineReg('DVSEC CXL Range Base Low', 0x24, [
  { name: 'rsvd', bit: 0, width: 28, access: 'RsvdP' },
  { name: 'baseLow', bit: 28, width: 4, access: 'RW', title: 'Memory_Base_Low' },
]);

/** Media_Type / Memory_Class value 2: characteristics are given by CDAT (CXL 2.0 §8.1.3.8.2); QEMU writes 2. */
export const RANGE_CDAT = 2;

/** Flex Bus Port DVSEC +0x0A Capability (CXL 2.0 §8.2.1.3.1). */
export const flexBusCapability = defineReg16('DVSEC Flex Bus Port Capability', 0x0a, [
  { name: 'cacheCapable', bit: 0, width: 1, access: 'HwInit', title: 'Cache_Capable' },
  { name: 'ioCapable', bit: 1, width: 1, access: 'HwInit', title: 'IO_Capable' },
  { name: 'memCapable', bit: 2, width: 1, access: 'HwInit', title: 'Mem_Capable' },
  { name: 'rsvd3', bit: 3, width: 2, access: 'RsvdP' },
  { name: 'cxl2p0Capable', bit: 5, width: 1, access: 'HwInit', title: 'CXL2p0_Capable' },
  { name: 'mldCapable', bit: 6, width: 1, access: 'HwInit', title: 'CXL_Multi-Logical_Device_Capable' },
  { name: 'rsvd7', bit: 7, width: 9, access: 'RsvdP' },
]);

/**
 * Flex Bus Port DVSEC +0x0C Control (CXL 2.0 §8.2.1.3.2). Which bits are writable depends on the
 * component (QEMU: 0xBD on a root port, 0xFD on a switch downstream port, none elsewhere), so the
 * table declares them RW and the builder masks them per component.
 */
export const flexBusControl = defineReg16('DVSEC Flex Bus Port Control', 0x0c, [
  { name: 'cacheEnable', bit: 0, width: 1, access: 'RW', title: 'Cache_Enable' },
  { name: 'ioEnable', bit: 1, width: 1, access: 'RO', title: 'IO_Enable' },
  { name: 'memEnable', bit: 2, width: 1, access: 'RW', title: 'Mem_Enable' },
  { name: 'syncHdrBypass', bit: 3, width: 1, access: 'RW', title: 'CXL_Sync_Hdr_Bypass_Enable' },
  { name: 'driftBuffer', bit: 4, width: 1, access: 'RW', title: 'Drift_Buffer_Enable' },
  { name: 'cxl2p0Enable', bit: 5, width: 1, access: 'RW', title: 'CXL2p0_Enable' },
  { name: 'mldEnable', bit: 6, width: 1, access: 'RW', title: 'CXL_Multi-Logical_Device_Enable' },
  { name: 'disable1p1Training', bit: 7, width: 1, access: 'RW', title: 'Disable_CXL1p1_Training' },
  { name: 'retimer1', bit: 8, width: 1, access: 'RO', title: 'Retimer1_Present' },
  { name: 'retimer2', bit: 9, width: 1, access: 'RO', title: 'Retimer2_Present' },
  { name: 'rsvd', bit: 10, width: 6, access: 'RsvdP' },
]);

/** Flex Bus Port DVSEC +0x0E Status (CXL 2.0 §8.2.1.3.3): error bits 8–12 are RW1CS. */
export const flexBusStatus = defineReg16('DVSEC Flex Bus Port Status', 0x0e, [
  { name: 'cacheEnabled', bit: 0, width: 1, access: 'RO', title: 'Cache_Enabled' },
  { name: 'ioEnabled', bit: 1, width: 1, access: 'RO', title: 'IO_Enabled' },
  { name: 'memEnabled', bit: 2, width: 1, access: 'RO', title: 'Mem_Enabled' },
  { name: 'syncHdrBypassEnabled', bit: 3, width: 1, access: 'RO', title: 'CXL_Sync_Hdr_Bypass_Enabled' },
  { name: 'driftBufferEnabled', bit: 4, width: 1, access: 'RO', title: 'Drift_Buffer_Enabled' },
  { name: 'cxl2p0Enabled', bit: 5, width: 1, access: 'RO', title: 'CXL2p0_Enabled' },
  { name: 'mldEnabled', bit: 6, width: 1, access: 'RO', title: 'CXL_Multi-Logical_Device_Enabled' },
  { name: 'rsvd7', bit: 7, width: 1, access: 'RsvdP' },
  {
    name: 'corrFraming',
    bit: 8,
    width: 1,
    access: 'RW1C',
    title: 'CXL_Correctable_Protocol_ID_Framing_Error',
  },
  {
    name: 'uncorrFraming',
    bit: 9,
    width: 1,
    access: 'RW1C',
    title: 'CXL_Uncorrectable_Protocol_ID_Framing_Error',
  },
  {
    name: 'unexpectedProtocol',
    bit: 10,
    width: 1,
    access: 'RW1C',
    title: 'CXL_Unexpected_Protocol_ID_Dropped',
  },
  { name: 'retimerMismatch', bit: 11, width: 1, access: 'RW1C', title: 'Retimers_Present_Mismatched' },
  { name: 'phase2Mismatch', bit: 12, width: 1, access: 'RW1C', title: 'FlexBusEnableBits_Phase2_Mismatch' },
  { name: 'rsvd13', bit: 13, width: 3, access: 'RsvdP' },
]);

/** Flex Bus Port DVSEC +0x10 Received Modified TS Data Phase1 (CXL 2.0 §8.2.1.3.4). */
export const flexBusModTs = defineReg('DVSEC Flex Bus Port Received Modified TS Data Phase1', 0x10, [
  { name: 'data', bit: 0, width: 24, access: 'RO', title: 'Received_Flex_Bus_Data_Phase_1' },
  { name: 'rsvd', bit: 24, width: 8, access: 'RsvdP' },
]);

/** Flex Bus control bits QEMU lets software write (hw/cxl/cxl-component-utils.c cxl_component_create_dvsec). */
export const FLEXBUS_CTRL_WMASK = { rootPort: 0xbd, downstreamPort: 0xfd } as const;
/**
 * Flex Bus Capability / Control / Status values QEMU writes: Type 3 device and root port 0x26 / 0x02 /
 * 0x26 (IO, Mem, CXL 2.0; hw/mem/cxl_type3.c, hw/pci-bridge/cxl_root_port.c build_dvsecs), switch
 * downstream port 0x27 / 0x02 / 0x26 and upstream port 0x27 / 0x27 / 0x26 (Cache too;
 * cxl_downstream.c, cxl_upstream.c); Received Modified TS Data Phase1 0xEF everywhere.
 */
export const QEMU_FLEXBUS = {
  type3: { capability: 0x26, control: 0x02, status: 0x26 },
  'root-port': { capability: 0x26, control: 0x02, status: 0x26 },
  'downstream-port': { capability: 0x27, control: 0x02, status: 0x26 },
  switch: { capability: 0x27, control: 0x27, status: 0x26 },
} as const;
export const QEMU_FLEXBUS_MOD_TS = 0xef;
