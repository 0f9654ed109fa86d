/**
 * The part of Linux's region assembly shared by user-created regions and regions discovered from
 * committed decoders: the per-port region reference (`struct cxl_region_ref`), and
 * `cxl_port_setup_targets`, which derives each host-bridge / switch decoder's ways, granularity and
 * target list once every member is attached (Linux drivers/cxl/core/region.c).
 *
 * For each member in position order, and for each port on its path from the host bridge down to the
 * last switch above the device:
 * - the port's target count (distinct downstream ports used) must be a power of two;
 * - the first time the port is seen: parent granularity/ways are the region's granularity and the
 *   root's ways (÷3 for a 3/6/12-way root) when the parent is the root, else the parent port's
 *   decoder's; `ig = parent_ig × parent_iw` must encode (≤ 16 KiB); `iw = target count` must be
 *   ≤ 8 and ≤ the decoder's Target Count; the port must be able to interleave on those address bits;
 * - a downstream port seen for the first time is appended to the target list; a downstream port seen
 *   again must carry the member `distance` positions earlier, distance = root ways × the product of
 *   the target counts from this port up to the host bridge (check_last_peer).
 * For discovered regions ("auto" mode) the same walk checks the committed decoders instead of
 * setting them: ways, range and enable state always, granularity only for decoders with more than
 * one target (as mainline since v6.16; earlier kernels compared it for 1-target decoders too).
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import { granularityToEig } from '../spec/interleave.ts';
import type { WindowSpec } from '../topology/model.ts';
import { isPow2 } from '../units.ts';
import type { LinuxNames } from './names.ts';
import { linuxRange, refuse } from './refusal.ts';
import { type HdmCaps, interleaveSupported } from './registers.ts';
import type { RegionRefusal } from './types.ts';

/** One hop of a member's path: the port (host bridge or switch) and the downstream port toward it. */
export interface Hop {
  port: string;
  dport: string;
}

/** A member as assembly sees it. */
export interface AssemblyMember {
  position: number;
  type3: string;
  /** Path from the host bridge down to the last switch. */
  hops: Hop[];
  /** `memN`, and the endpoint decoder name. */
  memdevName: string;
  decoderName: string;
}

/** Linux's `struct cxl_region_ref` for one port and the region. */
export interface PortRef {
  component: string;
  kind: 'host-bridge' | 'switch';
  caps: HdmCaps;
  decoderIndex: number;
  decoderName: string;
  /** Distinct downstream targets counted while attaching (`cxl_rr->nr_targets`). */
  nrTargets: number;
  /** Members attached at this port, with the next port down on their path (null: device below). */
  attached: { position: number; next: string | null }[];
  nrTargetsSet: number;
  /** Downstream port component ids, in target-list order. */
  targets: string[];
  configured: boolean;
  ways: number;
  granularity: number;
  derivation: string[];
}

export function newPortRef(
  component: string,
  kind: 'host-bridge' | 'switch',
  caps: HdmCaps,
  decoderIndex: number,
  decoderName: string,
): PortRef {
  return {
    component,
    kind,
    caps,
    decoderIndex,
    decoderName,
    nrTargets: 0,
    attached: [],
    nrTargetsSet: 0,
    targets: [],
    configured: false,
    ways: 0,
    granularity: 0,
    derivation: [],
  };
}

/**
 * `cxl_port_attach_region`'s target counting: a member whose next port down is already used by an
 * attached member adds no target; a member directly below the port always adds one.
 */
export function countTarget(ref: PortRef, position: number, next: string | null): void {
  const shared = next !== null && ref.attached.some((a) => a.next === next);
  if (!shared) ref.nrTargets += 1;
  ref.attached.push({ position, next });
}

export interface SetupContext {
  names: LinuxNames;
  window: WindowSpec;
  rootDecoder: string;
  regionName: string;
  base: number;
  size: number;
  granularity: number;
  /** A downstream port component's port number (the id a target list carries). */
  portNumber(dport: string): number | undefined;
  /** Auto mode: the committed decoder found at each port (by component id); compare, don't set. */
  existing?: ReadonlyMap<string, DecoderState>;
}

/** Name pieces Linux's messages use: `<uport dev>:<port dev>`. */
function portLabel(names: LinuxNames, component: string): string {
  return `${names.pci.get(component) ?? component}:${names.portName(component)}`;
}

/** One port of one member's path, as the setup phases see it. */
interface HopStep {
  ctx: SetupContext;
  members: readonly AssemblyMember[];
  refs: ReadonlyMap<string, PortRef>;
  member: AssemblyMember;
  /** Index of the hop in the member's path (0: the host bridge). */
  k: number;
  hop: Hop;
  ref: PortRef;
  /** `<uport dev>:<port dev>` of the port. */
  label: string;
  /** Refusal step name, `regionN/targetP`. */
  step: string;
  /** `memN:decoderN.M` of the member. */
  who: string;
}

/**
 * Runs `cxl_port_setup_targets` for every member (position order) and every port on its path.
 * Returns the first refusal, or null when every port decoder is consistent.
 */
export function setupTargets(
  ctx: SetupContext,
  members: readonly AssemblyMember[],
  refs: ReadonlyMap<string, PortRef>,
): RegionRefusal | null {
  for (const member of members) {
    for (let k = 0; k < member.hops.length; k++) {
      const hop = member.hops[k];
      if (hop === undefined) continue;
      const ref = refs.get(hop.port);
      if (ref === undefined) continue;
      const s: HopStep = {
        ctx,
        members,
        refs,
        member,
        k,
        hop,
        ref,
        label: portLabel(ctx.names, hop.port),
        step: `${ctx.regionName}/target${member.position}`,
        who: `${member.memdevName}:${member.decoderName}`,
      };
      const refusal = setupHop(s);
      if (refusal !== null) return refusal;
    }
  }
  return null;
}

/** One port of one member: target count, then peer check or decoder setup, then the target list. */
function setupHop(s: HopStep): RegionRefusal | null {
  const { ctx, hop, ref } = s;
  if (!isPow2(ref.nrTargets)) {
    return refuse(
      'target-count',
      '-EINVAL',
      ctx.names.portName(hop.port),
      `a port decoder needs a power-of-two number of targets, not ${ref.nrTargets}`,
      `${s.label}: invalid target count ${ref.nrTargets}`,
      { step: s.step, component: hop.port },
    ).error;
  }
  let addTarget = true;
  if (ref.nrTargetsSet > 0) {
    if (ref.targets.includes(hop.dport)) {
      const refusal = checkLastPeer(s);
      if (refusal !== null) return refusal;
      addTarget = false;
    }
  } else {
    const refusal = configurePort(s);
    if (refusal !== null) return refusal;
  }
  return addTarget ? appendTarget(s) : null;
}

/**
 * `check_last_peer`: a downstream port seen again must carry the member `distance` positions
 * earlier, distance = root ways × the target counts from the host bridge down to this port.
 */
function checkLastPeer(s: HopStep): RegionRefusal | null {
  const { ctx, hop, member, refs } = s;
  let distance = ctx.window.ways;
  for (let j = 0; j <= s.k; j++) {
    const up = member.hops[j];
    distance *= up === undefined ? 1 : (refs.get(up.port)?.nrTargets ?? 1);
  }
  const pos = member.position;
  if (pos < distance) {
    return refuse(
      'position-cannot-host',
      '-ENXIO',
      ctx.names.portName(hop.port),
      `position ${pos} reuses downstream port ${hop.dport}, but positions sharing a downstream ` +
        `port here must be ${distance} apart (root ways × target counts down to this port)`,
      `${s.label}: cannot host ${s.who} at ${pos}`,
      { step: s.step, component: hop.port },
    ).error;
  }
  const peer = s.members[pos - distance];
  const peerHop = peer?.hops.find((h) => h.port === hop.port);
  if (peer === undefined || peerHop?.dport !== hop.dport) {
    const peerName = peer === undefined ? '?' : `${peer.memdevName}:${peer.decoderName}`;
    return refuse(
      'position-mismatched-peer',
      '-ENXIO',
      ctx.names.portName(hop.port),
      `position ${pos} reuses downstream port ${hop.dport}, so position ${pos - distance} must ` +
        `use it too, but it goes through ${peerHop?.dport ?? 'a different port'}`,
      `${s.label}: ${s.who} pos ${pos} mismatched peer ${peerName}`,
      { step: s.step, component: hop.port },
    ).error;
  }
  return null;
}

/** The parent's granularity and ways: the region's and the root's (÷3 when 3/6/12-way) at the host bridge. */
function parentInterleave(s: HopStep): { parentIg: number; parentIw: number; parentName: string } {
  const { ctx, member, refs } = s;
  const rootWays = ctx.window.ways;
  if (s.k === 0) {
    return {
      parentIg: ctx.granularity,
      parentIw: isPow2(rootWays) ? rootWays : rootWays / 3,
      parentName: 'root0',
    };
  }
  const parentHop = member.hops[s.k - 1];
  const parent = parentHop === undefined ? undefined : refs.get(parentHop.port);
  return {
    parentIg: parent?.granularity ?? 0,
    parentIw: parent?.ways ?? 0,
    parentName: parentHop === undefined ? '?' : ctx.names.portName(parentHop.port),
  };
}

/** First visit of a port: derive (or, in auto mode, compare) its decoder's ways and granularity. */
function configurePort(s: HopStep): RegionRefusal | null {
  const { ctx, hop, ref } = s;
  const { parentIg, parentIw, parentName } = parentInterleave(s);
  const ig = parentIg * parentIw;
  const iw = ref.nrTargets;
  if (!granularityToEig(ig).ok) {
    return refuse(
      'granularity-calculation',
      '-EINVAL',
      ctx.names.portName(hop.port),
      `decoder granularity = parent granularity × parent ways = ${parentIg} × ${parentIw} = ${ig}, ` +
        'which does not encode (256 B … 16 KiB)',
      `${parentName}: invalid granularity calculation (${parentIg} * ${parentIw})`,
      { step: s.step, component: hop.port },
    ).error;
  }
  if (iw > 8 || iw > ref.caps.targetCount) {
    return refuse(
      'ways-overflow',
      '-ENXIO',
      ref.decoderName,
      `${iw} targets exceed ${iw > 8 ? 'the 8 a port decoder can interleave' : `the decoder's Target Count (${ref.caps.targetCount})`}`,
      `${s.label}:${ref.decoderName}: ways: ${iw} overflows targets: ${ref.caps.targetCount}`,
      { step: s.step, component: hop.port },
    ).error;
  }
  const refusal = checkDecoderFits(s, iw, ig);
  if (refusal !== null) return refusal;
  ref.ways = iw;
  ref.granularity = ig;
  ref.configured = true;
  ref.derivation.push(
    `iw = ${iw} (distinct downstream ports used)`,
    `ig = ${parentIg} × ${parentIw} = ${ig} (${s.k === 0 ? 'region granularity × root ways' : `${parentName} ig × iw`})`,
  );
  return null;
}

/** Auto mode: the committed decoder must match; otherwise the port must decode those address bits. */
function checkDecoderFits(s: HopStep, iw: number, ig: number): RegionRefusal | null {
  const { ctx, hop, ref } = s;
  const existing = ctx.existing?.get(hop.port);
  if (ctx.existing !== undefined && !ref.caps.passthrough) {
    if (
      existing === undefined ||
      existing.ways !== iw ||
      // v6.16+ (and stable backports): a 1-target decoder's granularity is not compared
      // ("cxl: core/region - ignore interleave granularity when ways=1"); `check` warns about
      // it for older kernels.
      (iw > 1 && existing.granularity !== ig) ||
      existing.base !== ctx.base ||
      existing.size !== ctx.size ||
      !existing.committed
    ) {
      return refuse(
        'auto-mismatch',
        '-ENXIO',
        ref.decoderName,
        `committed decoder does not match the region: expected ${iw} ways at ${ig} B over ` +
          `${linuxRange(ctx.base, ctx.size)}`,
        `${s.label} cxl_port_setup_targets expected iw: ${iw} ig: ${ig} ${linuxRange(ctx.base, ctx.size)}; ` +
          `got iw: ${existing?.ways ?? '?'} ig: ${existing?.granularity ?? '?'}`,
        { step: `${ctx.regionName} auto-assembly`, component: hop.port },
      ).error;
    }
  } else if (!interleaveSupported(ref.caps, iw, ig)) {
    return refuse(
      'interleave-capability',
      '-ENXIO',
      ref.decoderName,
      `${iw} ways at ${ig} B interleaves on HPA bits the port cannot decode`,
      `${s.label} iw: ${iw} ig: ${ig} is not supported`,
      { step: s.step, component: hop.port },
    ).error;
  }
  return null;
}

/** Appends the downstream port to the target list (auto mode: it must be the committed entry). */
function appendTarget(s: HopStep): RegionRefusal | null {
  const { ctx, hop, ref, member } = s;
  if (ref.nrTargetsSet === ref.nrTargets) {
    return refuse(
      'targets-full',
      '-ENXIO',
      ctx.names.portName(hop.port),
      `all ${ref.nrTargets} targets are already set`,
      `${s.label}: targets full trying to add ${s.who} at ${member.position}`,
      { step: s.step, component: hop.port },
    ).error;
  }
  const existing = ctx.existing?.get(hop.port);
  if (ctx.existing !== undefined && !ref.caps.passthrough && existing !== undefined) {
    const expectedPort = existing.targets[ref.nrTargetsSet];
    const actual = ctx.portNumber(hop.dport);
    if (expectedPort !== actual) {
      return refuse(
        'auto-target-order',
        '-ENXIO',
        ref.decoderName,
        `target list entry ${ref.nrTargetsSet} is port ${expectedPort ?? '?'}, but position ` +
          `${member.position} goes through port ${actual}`,
        `${s.label}: ${ref.decoderName} expected ${ctx.names.pci.get(hop.dport) ?? hop.dport} at ${ref.nrTargetsSet}`,
        { step: `${ctx.regionName} auto-assembly`, component: hop.port },
      ).error;
    }
  }
  ref.targets.push(hop.dport);
  ref.nrTargetsSet += 1;
  return null;
}

/**
 * `cxl_calc_interleave_pos`: walk from the device up, `pos = pos × parent ways + index of the
 * downstream port in the parent's target list`, ending with the host bridge's index in the window.
 * Null when a port on the way does not list the downstream port.
 */
export function calcInterleavePos(
  member: AssemblyMember,
  refs: ReadonlyMap<string, PortRef>,
  window: WindowSpec,
  hostBridge: string,
): number | null {
  let pos = 0;
  for (let k = member.hops.length - 1; k >= 0; k--) {
    const hop = member.hops[k];
    const ref = hop === undefined ? undefined : refs.get(hop.port);
    if (hop === undefined || ref === undefined) return null;
    const index = ref.targets.slice(0, ref.ways).indexOf(hop.dport);
    if (index < 0) return null;
    pos = pos * ref.ways + index;
  }
  const rootIndex = window.targets.indexOf(hostBridge);
  if (rootIndex < 0) return null;
  return pos * window.ways + rootIndex;
}
