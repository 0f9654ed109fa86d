/**
 * The node and edge shapes of a multi-host lab's canvas (issue 18): host columns, physical switches
 * with their VCS bands and vPPBs, fabric devices with their LD slices, and the fabric's links. Types only.
 */
import type { Edge, Node } from '@xyflow/react';
import type { DecoderLight } from '../decoder-light';

/** A host's column: a labelled frame behind the host's own components. */
export interface HostFrameData extends Record<string, unknown> {
  host: string;
  name: string;
  /** Host colour (bindings, VCS bands and LD slices of this host carry it). */
  color: string;
  /** 1-based position, the non-colour cue next to the colour ("H1"). */
  mark: string;
  focused: boolean;
}

/** One physical port of a switch, as a handle on its top (upstream) or bottom (downstream) edge. */
export interface PhysicalPortView {
  port: number;
  role: 'upstream' | 'downstream';
  handleId: string;
  /** Percent of the switch's width. */
  left: number;
  /** Upstream: the host linked to it; downstream: the device plugged in. */
  peer: string | null;
  color: string | null;
}

export interface FabricSwitchData extends Record<string, unknown> {
  switchId: string;
  name: string;
  ports: PhysicalPortView[];
}

export interface VcsBandData extends Record<string, unknown> {
  switchId: string;
  vcs: number;
  usp: number;
  /** Component id in the owning host's view (`sw0.vcs1`). */
  componentId: string;
  host: string | null;
  hostMark: string | null;
  color: string | null;
  decoders: DecoderLight[];
}

export interface VppbData extends Record<string, unknown> {
  componentId: string;
  vppb: number;
  host: string | null;
  color: string | null;
  /** "mld0 LD 1", "port 4 (sld0)", or null when unbound. */
  boundTo: string | null;
  /** "bind in progress 50 %", or null. */
  pending: string | null;
}

export interface FabricDeviceData extends Record<string, unknown> {
  deviceId: string;
  kind: 'sld' | 'mld' | 'mhd';
  name: string;
  capacity: number;
  /** "sw0 port 2", "3 heads". */
  attach: string;
  /** Allocated bytes (sum of the LDs). */
  allocated: number;
}

export interface LdSliceData extends Record<string, unknown> {
  device: string;
  ld: number;
  /** Component id the LD has in its host's view (`mld0.ld1`, an SLD's own id). */
  componentId: string;
  size: number;
  host: string | null;
  hostMark: string | null;
  color: string | null;
  /** The head that serves it (multi-headed device), or null. */
  head: number | null;
}

export type HostFrameNode = Node<HostFrameData, 'fabric-host'>;
export type FabricSwitchNode = Node<FabricSwitchData, 'fabric-switch'>;
export type VcsBandNode = Node<VcsBandData, 'fabric-vcs'>;
export type VppbNode = Node<VppbData, 'fabric-vppb'>;
export type FabricDeviceNode = Node<FabricDeviceData, 'fabric-device'>;
export type LdSliceNode = Node<LdSliceData, 'fabric-ld'>;

export type FabricPartNode =
  | HostFrameNode
  | FabricSwitchNode
  | VcsBandNode
  | VppbNode
  | FabricDeviceNode
  | LdSliceNode;

/**
 * - `uplink`: a host root port to a switch's upstream port;
 * - `dsp`: a switch's downstream port to the device plugged into it;
 * - `head`: a host root port to the LD a multi-headed device's head serves;
 * - `binding`: a vPPB to the LD (or SLD) it is bound to, in its host's colour;
 * - `pending`: the fabric manager's bind or unbind in progress (dashed).
 */
export type FabricEdgeKind = 'uplink' | 'dsp' | 'head' | 'binding' | 'pending';

export interface FabricEdgeData extends Record<string, unknown> {
  kind: FabricEdgeKind;
  color: string | null;
  /** Text on the edge (non-colour cue): "hostA", "head 0", "bind in progress 50 %". */
  label: string | null;
  /** Appeared since the previous view (drawn in). */
  entering: boolean;
  /** Gone since the previous view (fades out, then is dropped with the next view). */
  leaving: boolean;
}

export type FabricEdge = Edge<FabricEdgeData, 'fabric'>;

/** What a click on a node selects: the store's id, after focusing `host` when it is not null. */
export interface NodePick {
  host: string | null;
  /** Null: focus the host only (its column's frame). */
  id: string | null;
}

/** Selection in both directions for a multi-host canvas. */
export interface FabricSelection {
  /** The store's `selectedId` (a component of the focused host, or a fabric part) → its canvas node. */
  nodeOf: Readonly<Record<string, string>>;
  /** Canvas node → what selecting it means. */
  pick: Readonly<Record<string, NodePick>>;
}
