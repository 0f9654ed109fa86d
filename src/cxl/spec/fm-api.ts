/**
 * Fabric Manager API vocabulary (CXL 2.0 §7.6.7; every table re-checked against CXL r3.2 §7.6.7):
 * opcodes, which component answers each command set, payload field offsets and sizes, and the
 * enumerations the payloads carry. Byte codecs live in `fm-payloads.ts`; handlers in `src/cxl/fm/`.
 */

/** The FM API opcodes the lab implements (CXL 2.0 §7.6.7; CXL r3.2 Table 8-230). */
export const FM_OPCODE = {
  identifySwitchDevice: 0x5100,
  getPhysicalPortState: 0x5101,
  getVirtualSwitchInfo: 0x5200,
  bindVppb: 0x5201,
  unbindVppb: 0x5202,
  tunnelManagement: 0x5300,
  getLdInfo: 0x5400,
  getLdAllocations: 0x5401,
  setLdAllocations: 0x5402,
} as const;

/**
 * Who processes each command set (CXL r3.2 Table 7-15): Physical Switch, Virtual Switch and MLD Port
 * commands go to the switch's CCI; MLD Component commands are processed by the MLD itself (its
 * FM-owned LD, LD-ID FFFFh), which an FM attached to the switch reaches only through the switch's
 * Tunnel Management Command (CXL r3.2 §7.6.3.1, §7.6.7.4, §7.6.6.3).
 */
export const FM_COMMAND_SETS = [
  { set: 0x51, name: 'Physical Switch', section: '§7.6.7.1', processedBy: 'switch' },
  { set: 0x52, name: 'Virtual Switch', section: '§7.6.7.2', processedBy: 'switch' },
  { set: 0x53, name: 'MLD Port', section: '§7.6.7.3', processedBy: 'switch' },
  { set: 0x54, name: 'MLD Component', section: '§7.6.7.4', processedBy: 'mld' },
] as const;

export type FmProcessor = (typeof FM_COMMAND_SETS)[number]['processedBy'];

/** The component that processes `opcode`'s command set, or undefined outside the sets above. */
export function fmProcessorOf(opcode: number): FmProcessor | undefined {
  return FM_COMMAND_SETS.find((s) => s.set === opcode >> 8)?.processedBy;
}

/** A field: byte offset and size. */
export interface FieldAt {
  at: number;
  size: number;
}

/** Identify Switch Device response (CXL 2.0 §7.6.7.1.1; CXL r3.2 Table 7-16): 49h bytes. */
export const IDENTIFY_SWITCH = {
  ingressPortId: { at: 0x00, size: 1 },
  physicalPorts: { at: 0x02, size: 1 },
  vcsCount: { at: 0x03, size: 1 },
  activePortBitmask: { at: 0x04, size: 0x20 },
  activeVcsBitmask: { at: 0x24, size: 0x20 },
  totalVppbs: { at: 0x44, size: 2 },
  boundVppbs: { at: 0x46, size: 2 },
  hdmDecoders: { at: 0x48, size: 1 },
} as const;
export const IDENTIFY_SWITCH_SIZE = 0x49;

/** Get Physical Port State request: count, then one port ID byte each (CXL r3.2 Table 7-17). */
export const PORT_STATE_IN = { count: { at: 0, size: 1 }, ports: 1 } as const;
/** Response: count, 3 reserved, 16-byte port information blocks from 4 (CXL r3.2 Tables 7-18, 7-19). */
export const PORT_STATE_OUT = { count: { at: 0, size: 1 }, blocks: 4, blockSize: 0x10 } as const;
/** One port information block (CXL r3.2 Table 7-19; the CXL 2.0 names of bytes 2 and 5 were
 * "Connected Device CXL Version" and "Connected CXL Version"). */
export const PORT_INFO = {
  portId: { at: 0x0, size: 1 },
  configState: { at: 0x1, size: 1 },
  connectedMode: { at: 0x2, size: 1 },
  deviceType: { at: 0x4, size: 1 },
  supportedModes: { at: 0x5, size: 1 },
  maxLinkWidth: { at: 0x6, size: 1 },
  negotiatedLinkWidth: { at: 0x7, size: 1 },
  supportedSpeeds: { at: 0x8, size: 1 },
  maxLinkSpeed: { at: 0x9, size: 1 },
  currentLinkSpeed: { at: 0xa, size: 1 },
  ltssmState: { at: 0xb, size: 1 },
  firstLane: { at: 0xc, size: 1 },
  linkStateFlags: { at: 0xd, size: 2 },
  supportedLdCount: { at: 0xf, size: 1 },
} as const;

/** Get Virtual CXL Switch Info request (CXL r3.2 Table 7-30): start vPPB, list limit, count, IDs. */
export const VCS_INFO_IN = {
  startVppb: { at: 0, size: 1 },
  vppbListLimit: { at: 1, size: 1 },
  count: { at: 2, size: 1 },
  vcsIds: 3,
} as const;
/** Response (CXL r3.2 Tables 7-31, 7-32): count, 3 reserved, VCS blocks from 4. Each block: VCS ID,
 * state, USP ID, number of vPPBs, then 4 bytes per listed vPPB (status, port ID, LD ID, reserved). */
export const VCS_INFO_OUT = { count: { at: 0, size: 1 }, blocks: 4 } as const;
export const VCS_BLOCK = {
  vcsId: { at: 0, size: 1 },
  state: { at: 1, size: 1 },
  uspId: { at: 2, size: 1 },
  vppbCount: { at: 3, size: 1 },
  entries: 4,
  entrySize: 4,
  status: 0,
  portId: 1,
  ldId: 2,
} as const;

/** Bind vPPB request (CXL 2.0 §7.6.7.2.2; CXL r3.2 Table 7-33): 6 bytes. */
export const BIND_VPPB = {
  vcsId: { at: 0, size: 1 },
  vppbId: { at: 1, size: 1 },
  portId: { at: 2, size: 1 },
  ldId: { at: 4, size: 2 },
} as const;
export const BIND_VPPB_SIZE = 6;

/** Unbind vPPB request (CXL 2.0 §7.6.7.2.3; CXL r3.2 Table 7-34): 3 bytes, option in bits [3:0]. */
export const UNBIND_VPPB = {
  vcsId: { at: 0, size: 1 },
  vppbId: { at: 1, size: 1 },
  option: { at: 2, size: 1 },
} as const;
export const UNBIND_VPPB_SIZE = 3;

/** Tunnel Management Command request and response (CXL r3.2 Tables 7-37, 7-38). */
export const TUNNEL_IN = {
  portOrLdId: { at: 0, size: 1 },
  targetType: { at: 1, size: 1 },
  commandSize: { at: 2, size: 2 },
  message: 4,
} as const;
export const TUNNEL_OUT = { responseLength: { at: 0, size: 2 }, message: 4 } as const;

/**
 * CCI message (CXL r3.2 Table 7-14; QEMU hw/cxl/cxl-mailbox-utils.c CXLCCIMessage): category in
 * byte 0 bits [3:0], tag, reserved, opcode (2), payload length bits [15:0] at 5 and [20:16] in byte
 * 7 bits [4:0], Background Operation in byte 7 bit 7, return code (2), vendor status (2), payload.
 */
export const CCI_MESSAGE = {
  category: { at: 0x0, size: 1 },
  tag: { at: 0x1, size: 1 },
  opcode: { at: 0x3, size: 2 },
  lengthLow: { at: 0x5, size: 2 },
  lengthHigh: { at: 0x7, size: 1 },
  returnCode: { at: 0x8, size: 2 },
  vendorStatus: { at: 0xa, size: 2 },
  payload: 0xc,
} as const;
export const CCI_HEADER_SIZE = 0xc;
export const CCI_CATEGORY = { request: 0, response: 1 } as const;
/** Byte 7 bit 7: the response reports a background operation. */
export const CCI_BACKGROUND_BIT = 0x80;

/** Get LD Info response (CXL 2.0 §7.6.7.4.1; CXL r3.2 Table 7-44): 0Bh bytes. */
export const LD_INFO = {
  memorySize: { at: 0x0, size: 8 },
  ldCount: { at: 0x8, size: 2 },
  qosCaps: { at: 0xa, size: 1 },
} as const;
export const LD_INFO_SIZE = 0xb;

/** Get LD Allocations request (CXL r3.2 Table 7-45): start LD ID, list limit (at least 1). */
export const LD_ALLOC_GET_IN = { startLdId: { at: 0, size: 1 }, listLimit: { at: 1, size: 1 } } as const;
export const LD_ALLOC_GET_IN_SIZE = 2;
/** Get LD Allocations response (CXL r3.2 Table 7-46): header of 4, then 16-byte entries. */
export const LD_ALLOC_GET_OUT = {
  ldCount: { at: 0, size: 1 },
  granularity: { at: 1, size: 1 },
  startLdId: { at: 2, size: 1 },
  listLength: { at: 3, size: 1 },
  list: 4,
} as const;
/** Set LD Allocations request and response (CXL r3.2 Tables 7-48, 7-49): count, start, 2 reserved. */
export const LD_ALLOC_SET = { count: { at: 0, size: 1 }, startLdId: { at: 1, size: 1 }, list: 4 } as const;
/** One LD allocation entry (CXL r3.2 Table 7-47): Range 1 and Range 2 multipliers, 8 bytes each. */
export const LD_ALLOC_ENTRY = { range1: { at: 0, size: 8 }, range2: { at: 8, size: 8 }, size: 0x10 } as const;

/** Current Port Configuration State, bits [3:0] (CXL r3.2 Table 7-19; 5h is a CXL 3 fabric port). */
export const PORT_CONFIG_STATE = {
  disabled: 0x0,
  bindInProgress: 0x1,
  unbindInProgress: 0x2,
  dsp: 0x3,
  usp: 0x4,
  fabricPort: 0x5,
  invalidPortId: 0xf,
} as const;
export const PORT_CONFIG_STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'Disabled',
  1: 'Bind in progress',
  2: 'Unbind in progress',
  3: 'DSP',
  4: 'USP',
  5: 'Fabric Port (CXL 3)',
  15: 'Invalid Port_ID',
};

/** Connected Device Mode, bits [3:0] (CXL r3.2 Table 7-19; CXL 2.0 "Connected Device CXL Version"). */
export const CONNECTED_MODE_NAMES: Readonly<Record<number, string>> = {
  0: 'not CXL or disconnected',
  1: 'RCD mode',
  2: 'CXL 68B Flit and VH mode',
  3: 'Standard 256B Flit mode',
  4: 'Latency-Optimized 256B Flit mode',
  5: 'PBR mode',
};
export const CONNECTED_MODE = { none: 0x0, vh68b: 0x2 } as const;

/** Connected Device Type (CXL r3.2 Table 7-19). */
export const DEVICE_TYPE = {
  none: 0x00,
  pcie: 0x01,
  type1: 0x02,
  type2: 0x03,
  type3Sld: 0x04,
  type3Mld: 0x05,
  pbr: 0x06,
} as const;
export const DEVICE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'No device detected',
  1: 'PCIe Device',
  2: 'CXL Type 1 device',
  3: 'CXL Type 2 device or HBR switch',
  4: 'CXL Type 3 SLD',
  5: 'CXL Type 3 MLD',
  6: 'PBR component',
};

/** Supported CXL Modes bits (CXL r3.2 Table 7-19): [0] RCD, [1] 68B Flit and VH, [2] 256B Flit,
 * [3] Latency-Optimized 256B Flit, [4] PBR. */
export const SUPPORTED_MODE_BITS = ['RCD', '68B Flit and VH', '256B Flit', 'LO 256B Flit', 'PBR'] as const;
export const SUPPORTS_68B_VH = 1 << 1;

/** LTSSM major states (CXL r3.2 Table 7-19). */
export const LTSSM_NAMES = [
  'Detect',
  'Polling',
  'Configuration',
  'Recovery',
  'L0',
  'L0s',
  'L1',
  'L2',
  'Disabled',
  'Loopback',
  'Hot Reset',
] as const;
export const LTSSM_L0 = 0x04;
export const LTSSM_DETECT = 0x00;

/** VCS State (CXL r3.2 Table 7-32). */
export const VCS_STATE = { disabled: 0x00, enabled: 0x01, invalidVcsId: 0xff } as const;
export const VCS_STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'Disabled',
  1: 'Enabled',
  255: 'Invalid VCS ID',
};

/** vPPB Binding Status (CXL r3.2 Table 7-32; 04h Bound PID is for CXL 3 PBR switches only). */
export const BINDING_STATUS = { unbound: 0x00, inProgress: 0x01, boundPort: 0x02, boundLd: 0x03 } as const;
export const BINDING_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Unbound',
  1: 'Bind or unbind in progress',
  2: 'Bound Physical Port',
  3: 'Bound LD',
  4: 'Bound PID (CXL 3 PBR)',
};
/** Bound LD ID when the vPPB is not bound to an LD (CXL r3.2 Table 7-32). */
export const VPPB_NO_LD = 0xff;

/** Unbind Option, bits [3:0] (CXL r3.2 Table 7-34). */
export const UNBIND_OPTION_NAMES: readonly string[] = [
  'Wait for port Link Down before unbinding',
  'Simulate Managed Hot-Remove',
  'Simulate Surprise Hot-Remove',
];

/** LD ID in Bind vPPB for a port that is not an MLD, and the FM-owned LD of an MLD (CXL r3.2
 * Table 7-33, §7.6.7.3.1). */
export const LD_ID_NONE = 0xffff;

/** Tunnel Management Target Type, bits [3:0] (CXL r3.2 Table 7-37). */
export const TUNNEL_TARGET = { portOrLd: 0x0, ldPoolCci: 0x1 } as const;

/** Memory Granularity of LD allocations, code → bytes (CXL r3.2 Table 7-46: 256 MB, 512 MB, 1 GB). */
export const MEMORY_GRANULARITY: readonly number[] = [256 * 2 ** 20, 512 * 2 ** 20, 2 ** 30];

/** LD-IDs of one MLD: 0–15 (CXL 2.0 §2.4, as issue #18 cites it: up to 16 LDs per MLD). */
export const MAX_LDS = 16;
