/**
 * The lab's topology model, as authored (`*Spec`, JSON-safe, the `cxl-lab/1` file after parsing)
 * and as validated (`Topology`, indexed, read-only).
 *
 * Hierarchy, as in QEMU and Linux: CXL host (fixed memory windows) → host bridge → root port →
 * (switch upstream port → downstream port)* → Type 3 device. Ports are components.
 *
 * All addresses and sizes are JS numbers (every physical address is < 2^52, which a double holds
 * exactly). Register encodings (`eiw`, `eig`) never share a name with decoded values (`ways`,
 * `granularity` in bytes).
 */

import type { PlatformProfile } from './platform-profile.ts';

export type ComponentKind = 'host-bridge' | 'root-port' | 'switch' | 'downstream-port' | 'type3';

/** CFMWS Window Restrictions (CXL r3.1 §9.18.1.3), by the names the file uses. */
export type WindowRestriction =
  | 'type2' // bit 0: Device Coherent (was "CXL Type 2 memory")
  | 'type3' // bit 1: Host-only Coherent (was "CXL Type 3 memory")
  | 'volatile' // bit 2
  | 'persistent' // bit 3
  | 'fixed' // bit 4: Fixed Device Configuration
  | 'bi'; // bit 5: back-invalidate (CXL 3.x)

export type InterleaveArithmetic = 'modulo' | 'xor';

/** A CXL Fixed Memory Window (CEDT CFMWS, CXL r3.1 §9.18.1.3). */
export interface WindowSpec {
  id: string;
  base: number;
  size: number;
  /** Number of host-bridge targets: 1, 2, 4, 8, 16, 3, 6 or 12. */
  ways: number;
  /** Host-bridge interleave granularity in bytes, 256 … 16384. */
  granularity: number;
  arithmetic: InterleaveArithmetic;
  /** CXIMS XORMAPs applying to this window (XOR arithmetic only); log2 of the power-of-2 part of `ways`. */
  xormaps: number[];
  /** Host bridge component ids, in interleave-way order. */
  targets: string[];
  restrictions: WindowRestriction[];
  qtg: number;
}

/** One decoder's programming as written in a file; applied on load by MMIO writes in index order. */
export interface DecoderProgramSpec {
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** Host bridge / switch: target port numbers in interleave-way order. */
  targets?: number[];
  /** Type 3: DPA skip in bytes. */
  skip?: number;
  commit: boolean;
  lock: boolean;
  /**
   * Control bit 12, Target Range Type: 1 = host-only (HDM-H, Type 3 memory), 0 = device-coherent.
   * Optional; absent means 1, which is what Linux programs for Type 3 regions.
   */
  targetRangeType?: 0 | 1;
}

interface ComponentSpecBase {
  id: string;
  /** Optional display name / note (kept through save and load). */
  name?: string;
  /** Optional canvas position (kept through save and load). */
  position?: { x: number; y: number };
}

export interface HostBridgeSpec extends ComponentSpecBase {
  kind: 'host-bridge';
  /** ACPI _UID; the CFMWS target list and CHBS carry it. */
  uid: number;
  /** HDM decoder count; 0 = passthrough host bridge without HDM decoder capability. Default 4. */
  decoderCount: number;
  /**
   * CHBS Base: the host bridge's 64 KiB component register block (CHBCR); for a restricted host
   * (`restricted`) the base of its 8 KiB RCRB (CXL 2.0 §8.2.1.1–§8.2.1.2, CXL r3.1 §9.18.1.2).
   */
  componentRegBase: number;
  decoders: DecoderProgramSpec[];
  /**
   * A CXL 1.1 restricted CXL host (RCH): CHBS CXL Version 0, Base = RCRB. No HDM decoders
   * (`decoderCount` 0) and no root ports; one restricted device (RCD) sits directly below it.
   * Absent/false: a CXL 2.0+ (virtual hierarchy) host bridge. Rules: `restricted.ts`.
   */
  restricted?: boolean;
}

export interface RootPortSpec extends ComponentSpecBase {
  kind: 'root-port';
  parent: string;
  /** PCIe Link Capabilities Port Number: the id a host bridge target list names. */
  port: number;
}

export interface SwitchSpec extends ComponentSpecBase {
  kind: 'switch';
  /** A root port or a downstream port. */
  parent: string;
  /** HDM decoder count of the upstream switch port. Default 4. */
  decoderCount: number;
  decoders: DecoderProgramSpec[];
}

export interface DownstreamPortSpec extends ComponentSpecBase {
  kind: 'downstream-port';
  /** A switch. */
  parent: string;
  port: number;
}

export interface Type3Spec extends ComponentSpecBase {
  kind: 'type3';
  /** A root port or a downstream port. */
  parent: string;
  /** Volatile capacity in bytes (multiple of 256 MiB); DPA 0 … volatile-1. */
  volatile: number;
  /** Persistent capacity in bytes (multiple of 256 MiB); DPA volatile … volatile+persistent-1. */
  persistent: number;
  /** HDM decoder count (1, 2, 4, 6, 8 or 10 for devices). Default 4. */
  decoderCount: number;
  /** Device Serial Number. */
  serial: number;
  decoders: DecoderProgramSpec[];
  /**
   * Restricted device (RCD, directly below a restricted host bridge): the PCIe DVSEC for CXL Device
   * Mem_Enable and Range 1/2 registers as firmware programmed them (CXL 2.0 §8.1.3.2, §8.1.3.8).
   * Linux emulates endpoint decoders from them (drivers/cxl/core/hdm.c
   * cxl_setup_hdm_decoder_from_dvsec). Present only on an RCD, whose `decoderCount` is 0.
   */
  dvsec?: DvsecSpec;
  /**
   * Device-side properties and saved device state (mailbox, LSA, poison, events), file key
   * `"device"`; absent = the defaults of `device/props.ts` (QEMU's values). Rules: docs/cxl-notes.md,
   * "Device side".
   */
  device?: DeviceSpec;
}

/** Device-side properties of a Type 3 device (what Identify Memory Device reports, CXL 2.0 §8.2.9.5.1.1). */
export interface DeviceSpec {
  /** Partition Alignment in bytes (multiple of 256 MiB); 0 = not partitionable, as QEMU reports. */
  partitionAlign?: number;
  /** Volatile-only capacity in bytes (partitionable devices; default 0). */
  volatileOnly?: number;
  /** Persistent-only capacity in bytes (partitionable devices; default 0). */
  persistentOnly?: number;
  /** Label Storage Area size in bytes. */
  lsaSize?: number;
  /** Poison List Maximum Media Error Records (QEMU: 256). */
  poisonMaxRecords?: number;
  /** Inject Poison Limit: injected records allowed at once; 0 = no limit beyond the list size. */
  injectPoisonLimit?: number;
  /** Runtime state saved with the lab. */
  state?: DeviceSavedState;
}

/** One media error record (CXL 2.0 §8.2.9.5.4.1): DPA and length in bytes (64-byte multiples), source 0–7. */
export interface PoisonRecordSpec {
  dpa: number;
  length: number;
  source: number;
}

/** One event record as stored: its log (0 info … 3 fatal), handle and its 128 bytes in base64. */
export interface EventRecordSpec {
  log: number;
  handle: number;
  record: string;
}

/** Device state the lab keeps between commands and saves in the file. */
export interface DeviceSavedState {
  /** Written LSA bytes: 2 KiB chunks (offset a multiple of 2 KiB), base64 (the spec stays JSON-safe). */
  lsa: { offset: number; data: string }[];
  poison: PoisonRecordSpec[];
  events: EventRecordSpec[];
  /** Next event handle to hand out (handles start at 1, as QEMU's do). */
  nextEventHandle: number;
  /** Set Timestamp value in ns (decimal text of a 64-bit value), absent = never set. */
  timestamp?: string;
  /** Pending (next) volatile capacity after a Set Partition Info without Immediate. */
  nextVolatile?: number;
}

/** One DVSEC CXL Range: HPA base and size, both multiples of 256 MiB (CXL 2.0 §8.1.3.8). */
export interface DvsecRangeSpec {
  base: number;
  size: number;
}

/** The PCIe DVSEC for CXL Device memory settings of an RCD (CXL 2.0 §8.1.3). */
export interface DvsecSpec {
  /** DVSEC CXL Control bit 2, Mem_Enable. */
  memEnable: boolean;
  /** Range 1 and (optionally) Range 2; a size-0 range is unused. At most 2 (HDM_Count). */
  ranges: DvsecRangeSpec[];
}

export type ComponentSpec = HostBridgeSpec | RootPortSpec | SwitchSpec | DownstreamPortSpec | Type3Spec;

/** A whole lab document (the parsed `cxl-lab/1` file, without memory pages). */
export interface TopologySpec {
  name: string;
  windows: WindowSpec[];
  components: ComponentSpec[];
  /** Free-form notes, kept through save and load. */
  notes?: string;
  /** Linux / QEMU versions the lab models (`platform.ts`); absent = current / current. */
  platform?: PlatformProfile;
}

/** Components that carry an HDM Decoder Capability Structure. */
export type DecoderOwnerKind = 'host-bridge' | 'switch' | 'type3';

/**
 * A validated topology: the normalized spec plus indexes. Built only by `validateTopology`;
 * read-only afterwards (structural edits produce a new `Topology`).
 */
export interface Topology {
  readonly spec: TopologySpec;
  readonly windows: readonly WindowSpec[];
  readonly byId: ReadonlyMap<string, ComponentSpec>;
  /** Children of each component (and of the host, under the key `HOST_ID`), sorted by port number. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** For a host bridge or switch: its downstream port numbers → port component id. */
  readonly portsByNumber: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** Host bridge UID → host bridge id. */
  readonly hostBridgeByUid: ReadonlyMap<number, string>;
}

/** Key of the CXL host (root) in `Topology.children` (reserved as an id: reserved-ids.ts). */
export { HOST_ID } from './reserved-ids.ts';
