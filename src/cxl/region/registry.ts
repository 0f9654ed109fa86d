/**
 * The lab's region registry: Linux's view of which regions exist.
 *
 * Regions are discovered from committed decoders the way Linux auto-assembles them at boot
 * (Linux drivers/cxl/core/region.c cxl_add_to_region / construct_region): every committed endpoint decoder
 * names an HPA range; endpoint decoders with the same range form one region under the window that
 * contains it; each member's position comes from the committed port decoders' target lists
 * (`cxl_calc_interleave_pos`); then every port decoder is checked against what Linux would have
 * programmed (`cxl_port_setup_targets` in auto mode). A region that fails those checks is still
 * listed, with its problems, because its decoders still decode and occupy address space.
 *
 * Names: `regionN`, the lowest free N (Linux's memregion ida), given to discovered regions in
 * discovery order (memdevs in `memN` order, decoders in index order) and to regions the lab creates
 * when their plan is applied. Names live per lab object and follow the registers: a region whose
 * decoders are no longer committed loses its name.
 *
 * Passthrough host bridges: Linux's software-only decoder has no registers; the lab treats it as a
 * 1-way decoder over the region (UNVERIFIED: whether mainline auto-assembly accepts it).
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import { granularityToEig, waysToEiw } from '../spec/interleave.ts';
import type { Topology, Type3Spec, WindowSpec } from '../topology/model.ts';
import { rchAbove } from '../topology/restricted.ts';
import {
  type AssemblyMember,
  calcInterleavePos,
  countTarget,
  type Hop,
  newPortRef,
  type PortRef,
  setupTargets,
} from './assemble.ts';
import { deviceDpa, type RegionMode } from './dpa.ts';
import { type LinuxNames, linuxNames, upstreamHops } from './names.ts';
import { readCaps } from './registers.ts';
import type { PlannedDecoder, RegionLab, RegionRefusal, RegionTarget, RegionType } from './types.ts';

/** A region as Linux sees it. */
export interface RegionInfo {
  /** `regionN`. */
  name: string;
  /** `auto`: assembled from committed decoders; `lab`: created by `applyPlan` in this session. */
  origin: 'auto' | 'lab';
  /** Window id, or null when no window contains the range. */
  window: string | null;
  rootDecoder: string | null;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  mode: RegionMode | 'mixed';
  type: RegionType | 'mixed';
  /** Members by position (discovered positions; members that could not be placed come last). */
  targets: RegionTarget[];
  /** Host-bridge and switch decoders (including passthrough ones), then endpoint decoders. */
  decoders: PlannedDecoder[];
  /** Every component whose decoder the region uses. */
  components: string[];
  /** Linux `decode_state`: the decoders are committed. */
  committed: boolean;
  /** Why Linux would not (fully) assemble it; empty when it is healthy. */
  problems: string[];
}

interface RegistryState {
  /** Region key (`base:size`) → name and origin. */
  names: Map<string, { name: string; origin: 'auto' | 'lab' }>;
}

const registries = new WeakMap<object, RegistryState>();

function stateOf(lab: object): RegistryState {
  let s = registries.get(lab);
  if (s === undefined) {
    s = { names: new Map() };
    registries.set(lab, s);
  }
  return s;
}

export function regionKey(base: number, size: number): string {
  return `${base}:${size}`;
}

function lowestFreeName(state: RegistryState): string {
  const used = new Set([...state.names.values()].map((v) => v.name));
  let n = 0;
  while (used.has(`region${n}`)) n += 1;
  return `region${n}`;
}

/** Marks a region as created by the lab (called by `applyPlan`); returns the name it got. */
export function recordRegion(lab: object, base: number, size: number, wanted: string): string {
  const state = stateOf(lab);
  const key = regionKey(base, size);
  const have = state.names.get(key);
  if (have !== undefined) {
    have.origin = 'lab';
    return have.name;
  }
  const taken = [...state.names.values()].some((v) => v.name === wanted);
  const name = taken ? lowestFreeName(state) : wanted;
  state.names.set(key, { name, origin: 'lab' });
  return name;
}

/** Frees a region's name (called when its decoders are reset). */
export function forgetRegion(lab: object, base: number, size: number): void {
  stateOf(lab).names.delete(regionKey(base, size));
}

/** The window containing `[base, base + size)`, with its index. */
export function windowOf(
  topology: Topology,
  base: number,
  size: number,
): { window: WindowSpec; index: number } | null {
  const index = topology.windows.findIndex((w) => w.base <= base && base + size <= w.base + w.size);
  const window = topology.windows[index];
  return window === undefined ? null : { window, index };
}

/** Downstream port component → its port number. */
export function portNumberOf(topology: Topology, dport: string): number | undefined {
  const c = topology.byId.get(dport);
  return c?.kind === 'root-port' || c?.kind === 'downstream-port' ? c.port : undefined;
}

/** Downstream port component of `port` (host bridge / switch) with port number `n`. */
function dportByNumber(topology: Topology, port: string, n: number): string | undefined {
  return topology.portsByNumber.get(port)?.get(n);
}

function modeOfPartition(p: 'ram' | 'pmem' | 'none'): RegionMode | 'mixed' {
  return p === 'ram' ? 'volatile' : p === 'pmem' ? 'persistent' : 'mixed';
}

function typeOf(mode: RegionMode | 'mixed'): RegionType | 'mixed' {
  return mode === 'volatile' ? 'ram' : mode === 'persistent' ? 'pmem' : 'mixed';
}

/** A decoder's IW and IG encodings as region views show them (-1 where one has no encoding). */
export function encodings(ways: number, granularity: number): { eiw: number; eig: number } {
  const eiw = waysToEiw(ways);
  const eig = granularityToEig(granularity);
  return { eiw: eiw.ok ? eiw.value : -1, eig: eig.ok ? eig.value : -1 };
}

/** The committed decoder of `component` that decodes exactly `[base, base + size)`. */
function matchingDecoder(
  lab: RegionLab,
  component: string,
  base: number,
  size: number,
): DecoderState | undefined {
  return lab.decoders(component).find((d) => d.committed && d.base === base && d.size === size);
}

interface Group {
  base: number;
  size: number;
  members: { type3: Type3Spec; decoder: DecoderState }[];
}

/** Discovers every region from the lab's committed decoders and names it. */
export function listRegions(lab: RegionLab): RegionInfo[] {
  const topology = lab.topology;
  const names = linuxNames(topology);
  const groups = new Map<string, Group>();
  for (const [id] of names.memdevs) {
    const spec = topology.byId.get(id);
    if (spec?.kind !== 'type3') continue;
    for (const d of lab.decoders(id)) {
      if (!d.committed || d.size === 0) continue;
      const key = regionKey(d.base, d.size);
      let g = groups.get(key);
      if (g === undefined) {
        g = { base: d.base, size: d.size, members: [] };
        groups.set(key, g);
      }
      g.members.push({ type3: spec, decoder: d });
    }
  }
  const state = stateOf(lab);
  for (const key of [...state.names.keys()]) if (!groups.has(key)) state.names.delete(key);
  const regions: RegionInfo[] = [];
  for (const [key, g] of groups) {
    let entry = state.names.get(key);
    if (entry === undefined) {
      entry = { name: lowestFreeName(state), origin: 'auto' };
      state.names.set(key, entry);
    }
    regions.push(assembleDiscovered(lab, names, g, entry.name, entry.origin));
  }
  return regions.sort((a, b) => Number(a.name.slice(6)) - Number(b.name.slice(6)));
}

/** The name the next region created in this lab would get (Linux's `create_*_region` read). */
export function nextRegionName(lab: RegionLab): string {
  listRegions(lab);
  return lowestFreeName(stateOf(lab));
}

/** A discovered member: its assembly view, host bridge and committed endpoint decoder. */
type DiscoveredMember = AssemblyMember & { hostBridge: string; decoder: DecoderState };

/** What the phases of `assembleDiscovered` share. */
interface DiscoveryContext {
  lab: RegionLab;
  topology: Topology;
  names: LinuxNames;
  g: Group;
  name: string;
  ways: number;
  granularity: number;
  window: WindowSpec | null;
  rootDecoder: string | null;
  problems: string[];
  /** Port decoders as committed (find_pos_and_ways reads the hardware target lists). */
  hwRefs: Map<string, PortRef>;
  components: Set<string>;
  members: DiscoveredMember[];
}

function assembleDiscovered(
  lab: RegionLab,
  names: LinuxNames,
  g: Group,
  name: string,
  origin: 'auto' | 'lab',
): RegionInfo {
  const ctx = discoveryContext(lab, names, g, name);
  for (const m of g.members) collectMember(ctx, m);
  placeMembers(ctx);
  checkAutoSetup(ctx);
  const { targets, endpointDecoders, mode } = memberTargets(ctx);
  return {
    name,
    origin,
    window: ctx.window?.id ?? null,
    rootDecoder: ctx.rootDecoder,
    base: g.base,
    size: g.size,
    ways: ctx.ways,
    granularity: ctx.granularity,
    mode,
    type: typeOf(mode),
    targets,
    decoders: [...portDecoders(ctx), ...endpointDecoders],
    components: [...ctx.components],
    committed: true,
    problems: ctx.problems,
  };
}

/** The region's ways and granularity (from its first member) and the window that contains it. */
function discoveryContext(lab: RegionLab, names: LinuxNames, g: Group, name: string): DiscoveryContext {
  const topology = lab.topology;
  const problems: string[] = [];
  const first = g.members[0]?.decoder;
  const ways = first?.ways ?? 0;
  const granularity = first?.granularity ?? 0;
  const found = windowOf(topology, g.base, g.size);
  const window = found?.window ?? null;
  const rootDecoder = found === null ? null : names.rootDecoderName(found.index);
  if (window === null) problems.push(`no CXL window contains ${rangeText(g.base, g.size)}`);
  if (g.members.length !== ways) {
    problems.push(`${g.members.length} endpoint decoder(s) decode the range but they say ${ways} ways`);
  }
  return {
    lab,
    topology,
    names,
    g,
    name,
    ways,
    granularity,
    window,
    rootDecoder,
    problems,
    hwRefs: new Map(),
    components: new Set(),
    members: [],
  };
}

/** Records one member and the committed decoder of every port on its path. */
function collectMember(ctx: DiscoveryContext, m: Group['members'][number]): void {
  const { topology, names } = ctx;
  const hops = upstreamHops(topology, m.type3.id);
  ctx.components.add(m.type3.id);
  const memberName = names.memdevName(m.type3.id);
  const decoderName = names.decoderName(m.type3.id, m.decoder.index);
  if (m.decoder.ways !== ctx.ways || m.decoder.granularity !== ctx.granularity) {
    ctx.problems.push(`${decoderName}: ways/granularity differ from the other members`);
  }
  for (const hop of hops) {
    ctx.components.add(hop.port);
    if (!ctx.hwRefs.has(hop.port)) collectPortDecoder(ctx, hop);
  }
  ctx.members.push({
    position: -1,
    type3: m.type3.id,
    hops,
    memdevName: memberName,
    decoderName,
    hostBridge: hops[0]?.port ?? rchAbove(topology, m.type3.id) ?? '',
    decoder: m.decoder,
  });
}

/** The port's committed decoder for the range (a passthrough port: a 1-way decoder over it). */
function collectPortDecoder(ctx: DiscoveryContext, hop: Hop): void {
  const { lab, topology, names, g } = ctx;
  const caps = readCaps(lab, hop.port);
  const kind = topology.byId.get(hop.port)?.kind === 'host-bridge' ? 'host-bridge' : 'switch';
  if (caps.passthrough) {
    const ref = newPortRef(hop.port, kind, caps, 0, names.decoderName(hop.port, 0));
    ref.ways = 1;
    ref.granularity = ctx.granularity;
    ref.targets = [hop.dport];
    ctx.hwRefs.set(hop.port, ref);
    return;
  }
  const d = matchingDecoder(lab, hop.port, g.base, g.size);
  if (d === undefined) {
    ctx.problems.push(
      `${names.portName(hop.port)}: failed to find decoder mapping ${rangeText(g.base, g.size)}`,
    );
    return;
  }
  const ref = newPortRef(hop.port, kind, caps, d.index, names.decoderName(hop.port, d.index));
  ref.ways = d.ways ?? 0;
  ref.granularity = d.granularity ?? 0;
  ref.targets = d.targets.slice(0, ref.ways).map((n) => dportByNumber(topology, hop.port, n) ?? `port#${n}`);
  ctx.hwRefs.set(hop.port, ref);
}

/** Each member's position from the committed target lists, then position order. */
function placeMembers(ctx: DiscoveryContext): void {
  const { window, members } = ctx;
  if (window !== null) {
    for (const m of members) {
      const pos = calcInterleavePos(m, ctx.hwRefs, window, m.hostBridge);
      if (pos === null) ctx.problems.push(`${m.memdevName}:${m.decoderName}: cannot compute its position`);
      m.position = pos ?? -1;
    }
  }
  members.sort((a, b) => (a.position < 0 ? 1 : b.position < 0 ? -1 : a.position - b.position));
  const positions = members.map((m) => m.position);
  if (positions.some((p, i) => p !== i)) {
    ctx.problems.push(`positions ${positions.join(',')} do not cover 0…${ctx.ways - 1} once each`);
  }
}

/** Re-runs Linux's target setup in auto mode against the committed port decoders. */
function checkAutoSetup(ctx: DiscoveryContext): void {
  const { lab, topology, names, g, window, members, hwRefs } = ctx;
  const refs = new Map<string, PortRef>();
  for (const [id, hw] of hwRefs) {
    refs.set(id, newPortRef(id, hw.kind, hw.caps, hw.decoderIndex, hw.decoderName));
  }
  for (const m of members) {
    m.hops.forEach((hop, k) => {
      const ref = refs.get(hop.port);
      if (ref !== undefined) countTarget(ref, m.position, m.hops[k + 1]?.port ?? null);
    });
  }
  if (window === null || ctx.problems.length !== 0) return;
  const existing = new Map<string, DecoderState>();
  for (const [id, hw] of hwRefs) {
    const d = lab.decoders(id)[hw.decoderIndex];
    if (!hw.caps.passthrough && d !== undefined) existing.set(id, d);
  }
  const refusal: RegionRefusal | null = setupTargets(
    {
      names,
      window,
      rootDecoder: ctx.rootDecoder ?? '',
      regionName: ctx.name,
      base: g.base,
      size: g.size,
      granularity: ctx.granularity,
      portNumber: (dport) => portNumberOf(topology, dport),
      existing,
    },
    members,
    refs,
  );
  if (refusal !== null) ctx.problems.push(refusal.log);
}

/** Members' DPA and mode: the region targets, the endpoint decoders and the region's mode. */
function memberTargets(ctx: DiscoveryContext): {
  targets: RegionTarget[];
  endpointDecoders: PlannedDecoder[];
  mode: RegionMode | 'mixed';
} {
  const { lab, topology, names, g, ways, granularity } = ctx;
  const targets: RegionTarget[] = [];
  const modes = new Set<RegionMode | 'mixed'>();
  const endpointDecoders: PlannedDecoder[] = [];
  for (const m of ctx.members) {
    const spec = topology.byId.get(m.type3) as Type3Spec;
    const dpa = deviceDpa(lab.decoders(m.type3), spec.volatile, spec.persistent, (i) =>
      names.decoderName(m.type3, i),
    );
    const mapped = dpa.reservations.find((r) => r.decoder === m.decoder.index && r.kind === 'mapped');
    modes.add(modeOfPartition(mapped?.partition ?? 'none'));
    const dpaSize = ways > 0 ? g.size / ways : 0;
    const path = [m.decoderName];
    for (let k = m.hops.length - 1; k >= 0; k--) {
      const hop = m.hops[k];
      const ref = hop === undefined ? undefined : ctx.hwRefs.get(hop.port);
      if (ref !== undefined) path.push(ref.decoderName);
    }
    targets.push({
      position: m.position,
      memdev: m.type3,
      memdevName: m.memdevName,
      endpoint: names.portName(m.type3),
      decoder: m.decoderName,
      decoderIndex: m.decoder.index,
      hostBridge: m.hostBridge,
      dpaResource: mapped?.start ?? m.decoder.dpaBase,
      dpaSize,
      skip: m.decoder.skip,
      path,
    });
    endpointDecoders.push({
      name: m.decoderName,
      port: names.portName(m.type3),
      component: m.type3,
      kind: 'endpoint',
      index: m.decoder.index,
      base: g.base,
      size: g.size,
      ways,
      granularity,
      ...encodings(ways, granularity),
      targets: [],
      targetIds: [],
      skip: m.decoder.skip,
      dpaResource: mapped?.start ?? m.decoder.dpaBase,
      dpaSize,
      passthrough: false,
      derivation: [],
    });
  }
  const mode: RegionMode | 'mixed' = modes.size === 1 ? ([...modes][0] ?? 'mixed') : 'mixed';
  if (mode === 'mixed') ctx.problems.push('members map DPA from different (or mixed) partitions');
  return { targets, endpointDecoders, mode };
}

/** The host-bridge and switch decoders as committed. */
function portDecoders(ctx: DiscoveryContext): PlannedDecoder[] {
  const { topology, names, g } = ctx;
  return [...ctx.hwRefs.values()].map((ref) => ({
    name: ref.decoderName,
    port: names.portName(ref.component),
    component: ref.component,
    kind: ref.kind,
    index: ref.decoderIndex,
    base: g.base,
    size: g.size,
    ways: ref.ways,
    granularity: ref.granularity,
    ...encodings(ref.ways, ref.granularity),
    targets: ref.targets.map((t) => portNumberOf(topology, t) ?? -1),
    targetIds: [...ref.targets],
    skip: 0,
    dpaResource: 0,
    dpaSize: 0,
    passthrough: ref.caps.passthrough,
    derivation: [],
  }));
}

function rangeText(base: number, size: number): string {
  return `0x${base.toString(16)}-0x${(base + size - 1).toString(16)}`;
}
