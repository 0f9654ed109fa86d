/**
 * What a fabric switch reports about itself to the fabric manager, computed from the fabric model:
 * the Identify Switch Device summary, one Get Physical Port State block per port and one Get Virtual
 * CXL Switch Info block per VCS (CXL 2.0 §7.6.7.1.1, §7.6.7.1.2, §7.6.7.2.1; encodings CXL r3.2
 * Tables 7-16, 7-19, 7-32). The lab models no link training: a port with something attached reports
 * L0 at x16 and 32 GT/s (PCIe Gen 5), an empty one Detect with no negotiated width or speed.
 */
import type { FabricSpec, FabricSwitchSpec, PhysicalPortSpec, VcsSpec } from '../fabric/model.ts';
import * as F from '../spec/fm-api.ts';
import {
  type IdentifySwitch,
  type PortInfo,
  type VcsInfo,
  type VppbEntry,
  vppbEntryCount,
} from '../spec/fm-payloads.ts';
import type { FmState } from './state.ts';

/** x16 (PCIe Link Capabilities Maximum Link Width encodes the lane count). */
const LINK_WIDTH = 16;
/** Link speed code 5 = 32 GT/s; Supported Link Speeds Vector bits 0–4 = 2.5 … 32 GT/s. */
const LINK_SPEED = 5;
const LINK_SPEEDS_VECTOR = 0x1f;
/** LDs a downstream port supports beyond its first (Table 7-19 "additional LDs"): 16 in all. */
const DSP_EXTRA_LDS = F.MAX_LDS - 1;

/** The MLD or SLD plugged into downstream port `port` of switch `sw`. */
export function deviceOnPort(fabric: FabricSpec, sw: string, port: number) {
  return fabric.devices.find((d) => d.attach?.switch === sw && d.attach.port === port);
}

/** A VCS is enabled when a host is linked to its upstream port (the lab's reading of VCS State). */
export function vcsEnabled(sw: FabricSwitchSpec, vcs: VcsSpec): boolean {
  return sw.ports.some((p) => p.port === vcs.usp && p.role === 'upstream' && p.link !== undefined);
}

/** Identify Switch Device: the FM reaches the switch out of band, so its ingress port index is 0. */
export function identifySwitch(sw: FabricSwitchSpec): IdentifySwitch {
  const ports = sw.ports.map((p) => p.port).sort((a, b) => a - b);
  const vppbs = sw.vcss.flatMap((v) => v.vppbs);
  return {
    ingressPortId: 0,
    physicalPorts: ports.length === 0 ? 0 : Math.max(...ports) + 1,
    vcsCount: sw.vcss.length,
    activePorts: ports,
    activeVcss: sw.vcss
      .filter((v) => vcsEnabled(sw, v))
      .map((v) => v.vcs)
      .sort((a, b) => a - b),
    totalVppbs: vppbs.length,
    boundVppbs: vppbs.filter((v) => v.binding.state !== 'unbound').length,
    hdmDecoders: Math.max(0, ...sw.vcss.map((v) => v.decoderCount)),
  };
}

function linkFields(
  up: boolean,
): Pick<
  PortInfo,
  | 'maxLinkWidth'
  | 'negotiatedLinkWidth'
  | 'supportedSpeeds'
  | 'maxLinkSpeed'
  | 'currentLinkSpeed'
  | 'ltssmState'
> {
  return {
    maxLinkWidth: LINK_WIDTH,
    negotiatedLinkWidth: up ? LINK_WIDTH : 0,
    supportedSpeeds: LINK_SPEEDS_VECTOR,
    maxLinkSpeed: LINK_SPEED,
    currentLinkSpeed: up ? LINK_SPEED : 0,
    ltssmState: up ? F.LTSSM_L0 : F.LTSSM_DETECT,
  };
}

/** Port Configuration State of a downstream port: "bind/unbind in progress" while an SLD port's
 * background bind or unbind runs (an MLD port stays DSP: its LDs are bound, not the port). */
function dspState(state: FmState, sw: string, port: number, isMld: boolean): number {
  const p = state.pending;
  if (isMld || p === null || p.switch !== sw || p.binding.port !== port) return F.PORT_CONFIG_STATE.dsp;
  return p.opcode === F.FM_OPCODE.bindVppb
    ? F.PORT_CONFIG_STATE.bindInProgress
    : F.PORT_CONFIG_STATE.unbindInProgress;
}

const INVALID_PORT: Omit<PortInfo, 'portId'> = {
  configState: F.PORT_CONFIG_STATE.invalidPortId,
  connectedMode: 0,
  deviceType: 0,
  supportedModes: 0,
  maxLinkWidth: 0,
  negotiatedLinkWidth: 0,
  supportedSpeeds: 0,
  maxLinkSpeed: 0,
  currentLinkSpeed: 0,
  ltssmState: 0,
  firstLane: 0,
  linkStateFlags: 0,
  supportedLdCount: 0,
};

/** One port information block; a port the switch lacks reads Fh "Invalid Port_ID" (Table 7-19). */
export function portInfo(state: FmState, sw: FabricSwitchSpec, portId: number): PortInfo {
  const port: PhysicalPortSpec | undefined = sw.ports.find((p) => p.port === portId);
  if (port === undefined) return { portId, ...INVALID_PORT };
  const common = { portId, supportedModes: F.SUPPORTS_68B_VH, firstLane: 0, linkStateFlags: 0 };
  if (port.role === 'upstream') {
    const up = port.link !== undefined;
    const usp = {
      configState: F.PORT_CONFIG_STATE.usp,
      connectedMode: 0,
      deviceType: 0,
      supportedLdCount: 0,
    };
    return { ...common, ...usp, ...linkFields(up) };
  }
  const dev = deviceOnPort(state.spec.fabric, sw.id, portId);
  const isMld = dev?.kind === 'mld';
  const type =
    dev === undefined ? F.DEVICE_TYPE.none : isMld ? F.DEVICE_TYPE.type3Mld : F.DEVICE_TYPE.type3Sld;
  return {
    ...common,
    configState: dspState(state, sw.id, portId, isMld),
    connectedMode: dev === undefined ? F.CONNECTED_MODE.none : F.CONNECTED_MODE.vh68b,
    deviceType: type,
    supportedLdCount: DSP_EXTRA_LDS,
    ...linkFields(dev !== undefined),
  };
}

function vppbEntry(state: FmState, sw: string, vcs: VcsSpec, index: number): VppbEntry {
  const p = state.pending;
  if (p !== null && p.switch === sw && p.vcs === vcs.vcs && p.vppb === index) {
    const ld = p.binding.state === 'ld' ? p.binding.ld : F.VPPB_NO_LD;
    return { status: F.BINDING_STATUS.inProgress, portId: p.binding.port, ldId: ld };
  }
  const b = vcs.vppbs.find((v) => v.vppb === index)?.binding ?? { state: 'unbound' };
  if (b.state === 'ld') return { status: F.BINDING_STATUS.boundLd, portId: b.port, ldId: b.ld };
  if (b.state === 'port') return { status: F.BINDING_STATUS.boundPort, portId: b.port, ldId: F.VPPB_NO_LD };
  return { status: F.BINDING_STATUS.unbound, portId: 0, ldId: F.VPPB_NO_LD };
}

/** One VCS information block listing vPPB[start] onward, at most `limit` entries. */
export function vcsInfo(
  state: FmState,
  sw: FabricSwitchSpec,
  vcsId: number,
  start: number,
  limit: number,
): VcsInfo {
  const vcs = sw.vcss.find((v) => v.vcs === vcsId);
  if (vcs === undefined)
    return { vcsId, state: F.VCS_STATE.invalidVcsId, uspId: 0, vppbCount: 0, entries: [] };
  const count = vppbEntryCount(vcs.vppbs.length, start, limit);
  return {
    vcsId,
    state: vcsEnabled(sw, vcs) ? F.VCS_STATE.enabled : F.VCS_STATE.disabled,
    uspId: vcs.usp,
    vppbCount: vcs.vppbs.length,
    entries: Array.from({ length: count }, (_, i) => vppbEntry(state, sw.id, vcs, start + i)),
  };
}
