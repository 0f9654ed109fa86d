/**
 * The multi-host fabric model (issue 18): several hosts, each with its own single-host topology, and a
 * shared fabric of physical switches (one Virtual CXL Switch per bound upstream port), fabric devices
 * (single-logical, multi-logical and multi-headed) and their logical devices. Plain JSON-safe data, the
 * `cxl-lab/2` file after parsing. Per-host views are derived from it (`views.ts`); a lab file without
 * hosts never builds one of these and stays `cxl-lab/1`.
 *
 * Sources: CXL 2.0 §7.1 (switch, Virtual CXL Switch, vPPB binding), §7.2 (MLD ports, LD-ID),
 * §7.6.7.2 (Get Virtual CXL Switch Info: binding status per vPPB), §7.6.7.4 (Get LD Info, Get/Set LD
 * Allocations: Range 1 and Range 2 allocation multipliers times the memory granularity).
 */

import type { ComponentSpec, DecoderProgramSpec, DeviceSpec, WindowSpec } from '../topology/model.ts';
import type { PlatformProfile } from '../topology/platform-profile.ts';

/** Canvas position, as components carry it. */
export interface FabricPosition {
  x: number;
  y: number;
}

/**
 * One host: its own CXL root, windows, host bridges and root ports (and any switches and devices of
 * its own), exactly what a single-host lab holds. The fabric attaches below its root ports.
 */
export interface HostSpec {
  /** Host id, unique in the lab (e.g. "hostA"); CLI `--host ID`. */
  id: string;
  name?: string;
  position?: FabricPosition;
  windows: WindowSpec[];
  components: ComponentSpec[];
  /** Linux / QEMU versions this host models; absent = the lab's (`FabricSpec.platform`). */
  platform?: PlatformProfile;
}

/** The host root port a fabric link starts at. */
export interface HostPortRef {
  host: string;
  /** A root port id in that host's `components`, with nothing of the host's own below it. */
  rootPort: string;
}

/**
 * A physical port of a fabric switch (CXL 2.0 §7.6.7.1.2 Get Physical Port State: Port ID, current
 * port configuration state USP or DSP).
 */
export interface PhysicalPortSpec {
  /** Physical Port ID, 0–255, unique in the switch. */
  port: number;
  role: 'upstream' | 'downstream';
  /** Upstream ports: the host root port linked to it; absent = no host (its VCS cannot be bound to). */
  link?: HostPortRef;
}

/**
 * vPPB binding, as Get Virtual CXL Switch Info reports it per vPPB (CXL 2.0 §7.6.7.2.1: binding status
 * 0 unbound, 1 bind or unbind in progress, 2 bound physical port, 3 bound LD). "In progress" is a
 * transient state of the fabric manager's command, never stored.
 */
export type VppbBinding =
  | { state: 'unbound' }
  /** Bound to a downstream physical port holding an SLD (an MLD port is bound LD by LD). */
  | { state: 'port'; port: number }
  /** Bound to logical device `ld` of the MLD on downstream physical port `port`. */
  | { state: 'ld'; port: number; ld: number };

/** A virtual PCI-to-PCI bridge of a VCS: one downstream port in its host's view. */
export interface VppbSpec {
  /** vPPB index in its VCS, 0-based (Bind vPPB: vPPB ID). Also its port number in the host's view. */
  vppb: number;
  binding: VppbBinding;
}

/**
 * A Virtual CXL Switch (CXL 2.0 §7.1): one upstream physical port and its vPPBs. In the host linked to
 * the upstream port it is an ordinary switch (with its own HDM decoders) whose downstream ports are
 * its vPPBs.
 */
export interface VcsSpec {
  /** VCS ID, 0-based, unique in the switch. */
  vcs: number;
  /** Physical Port ID of its upstream port (`role: 'upstream'`). */
  usp: number;
  /** HDM decoder count of the VCS's upstream switch port. Default 4. */
  decoderCount: number;
  /** The upstream switch port's decoder programming (as `SwitchSpec.decoders`; targets = vPPB numbers). */
  decoders: DecoderProgramSpec[];
  vppbs: VppbSpec[];
}

/** A physical CXL switch shared by several hosts. */
export interface FabricSwitchSpec {
  id: string;
  name?: string;
  position?: FabricPosition;
  ports: PhysicalPortSpec[];
  vcss: VcsSpec[];
}

/**
 * One logical device: its allocation from the device's media (CXL 2.0 §7.6.7.4.2/3: Range 1 and
 * Range 2 allocation multipliers × memory granularity, here in bytes), its own HDM decoders and its
 * own DPA space (DPA 0 … range1+range2−1: Range 1, then Range 2).
 */
export interface LogicalDeviceSpec {
  /** LD-ID, 0–15. */
  ld: number;
  /** Range 1 allocation in bytes (a multiple of the device's granularity). */
  range1: number;
  /** Range 2 allocation in bytes (a multiple of the device's granularity). */
  range2: number;
  /** HDM decoder count of this LD. Default 4. */
  decoderCount: number;
  decoders: DecoderProgramSpec[];
  /** Device-side properties of this LD as its host sees them (as `Type3Spec.device`). */
  device?: DeviceSpec;
}

/** One head of a multi-headed device: a port linked to one host's root port, serving one LD. */
export interface HeadSpec {
  /** Head index, 0-based. */
  head: number;
  link: HostPortRef;
  /** The LD this head exposes to its host. */
  ld: number;
}

/**
 * A fabric device (a Type 3 memory device shared through the fabric):
 * - `sld`: single logical device on a switch downstream port; one LD (LD 0) of the whole capacity,
 *   bound to a vPPB as a physical port;
 * - `mld`: multi-logical device on a switch downstream port; 1–16 LDs, each bound to a vPPB by LD-ID;
 * - `mhd`: multi-headed single logical device; 2–4 heads, each linked to a host root port directly
 *   (no switch) and exposing one LD.
 */
export interface FabricDeviceSpec {
  id: string;
  name?: string;
  position?: FabricPosition;
  kind: 'sld' | 'mld' | 'mhd';
  /** Device Serial Number. */
  serial: number;
  /** Physical media in bytes (volatile; multiple of 256 MiB). */
  capacity: number;
  /** LD allocation granularity in bytes (Get LD Allocations "memory granularity"); 256 MiB default. */
  granularity: number;
  lds: LogicalDeviceSpec[];
  /** `sld` and `mld`: the switch downstream physical port it is plugged into. */
  attach?: { switch: string; port: number };
  /** `mhd`: its heads. */
  heads?: HeadSpec[];
}

export interface FabricSpec {
  switches: FabricSwitchSpec[];
  devices: FabricDeviceSpec[];
}

/** A whole multi-host lab (the parsed `cxl-lab/2` file without memory and saved registers). */
export interface MultiHostSpec {
  name: string;
  notes?: string;
  platform?: PlatformProfile;
  hosts: HostSpec[];
  fabric: FabricSpec;
}

/** Where one LD's bytes live in its device's media: `[base, base + size)`. */
export interface LdSlice {
  device: string;
  ld: number;
  /** Media offset of the LD's DPA 0. */
  base: number;
  /** range1 + range2. */
  size: number;
}

/** Who reaches an LD: the host, and the component id the LD has in that host's view. */
export interface LdOwner {
  host: string;
  /** Component id of the LD in the host's view (`ids.ts`). */
  component: string;
  /** How it is reached: through a vPPB (switch, VCS, vPPB) or a head of a multi-headed device. */
  via: { switch: string; vcs: number; vppb: number } | { head: number };
}
