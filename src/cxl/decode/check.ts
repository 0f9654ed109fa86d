/**
 * DOC: decoder and region consistency checks, as a driver developer would want them before trusting
 * a layout. Every finding says whose rule it is:
 *
 * - `rule: 'spec'` — the CXL specification (r3.1 §8.2.4.20): commit order, ascending HPA per
 *   component, distinct targets, 3/6/12-way sizes, device-only way counts, DPA within capacity, and
 *   the routing outcome itself (holes: HPAs inside a committed region that fail to route; aliases:
 *   two HPAs reaching the same device byte, which the spec leaves to software to avoid).
 * - `rule: 'linux'` — what Linux's CXL driver checks when it discovers committed decoders
 *   (drivers/cxl/core/hdm.c init_hdm_decoder, region.c cxl_port_setup_targets, cxl_region_attach,
 *   cxl_add_to_region / construct_region): zero-size commits, regions grouped from endpoint decoders, member
 *   counts, granularity multiplying downwards (host bridge ig = window ig × window ways, switch ig =
 *   host bridge ig × host bridge ways; the product must encode even for 1-target ports, and a
 *   1-target decoder whose granularity differs is a warning: only kernels before v6.16 refuse it),
 *   per-port ways = distinct downstream ports used, decoder
 *   ranges equal to the region range, positions and target-list order, interleave address bits,
 *   window restrictions against the device partition (ram/pmem).
 *
 * Regions are grouped like Linux's auto-assembly: committed endpoint decoders with the same HPA range
 * inside one window form one region.
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { LabCore } from '../lab-core.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import type { ComponentSpec, Type3Spec, WindowSpec } from '../topology/model.ts';
import { isPow2 } from '../units.ts';
import { applyXorMaps, dpaOffsetToHpaOffset } from './arith.ts';
import {
  ALIAS_BEHAVIOUR,
  checkDecoderOverlaps,
  type FindingBehaviour,
  REGION_OVERLAP_BEHAVIOUR,
} from './check-overlap.ts';
import { compiledDecode } from './compile.ts';
import { hexAddr, walk } from './walk.ts';

export type FindingRule = 'spec' | 'linux';

export interface Finding {
  severity: 'error' | 'warning';
  /** Stable code, e.g. `region.alias`, `decoder.commit-order`. */
  code: string;
  message: string;
  /** Component (or window) the finding is about. */
  component?: string;
  /** The component's decoder the finding is about (its index), where there is one. */
  decoder?: number;
  /** Whose rule: the CXL specification or the Linux driver. */
  rule: FindingRule;
  /** Where the rule comes from, e.g. "CXL r3.1 §8.2.4.20.12" or "linux drivers/cxl/core/region.c …". */
  ref: string;
  /** The region (`window:base+size`) the finding belongs to, for region findings. */
  region?: string;
  /** For a decoder that did not commit: each failed commit check (`COMMIT_CHECKS`). */
  checks?: {
    id: string;
    rule: FindingRule;
    /** 'lock-on-commit': one of the spec's checks, run only with Lock On Commit; 'always': an encoding check. */
    when: 'always' | 'lock-on-commit';
    ref: string;
    message: string;
  }[];
  /** For findings the hardware accepts (overlaps, aliases): what the hardware, Linux and QEMU each do. */
  behaviour?: FindingBehaviour[];
}

export type { FindingBehaviour } from './check-overlap.ts';

const REF_COMMIT = 'CXL r3.1 §8.2.4.20.12 (Committing Decoder Programming)';
const REF_DECODE = 'CXL r3.1 §8.2.4.20.13 (decode flows); §8.2.4.20.12 (software avoids aliasing)';
const REF_CONTROL = 'CXL r3.1 §8.2.4.20.7 (Decoder Control: IW/IG)';
const REF_LINUX_INIT = 'linux drivers/cxl/core/hdm.c init_hdm_decoder';
const REF_LINUX_SETUP = 'linux drivers/cxl/core/region.c cxl_port_setup_targets';
const REF_LINUX_POS = 'linux drivers/cxl/core/region.c cxl_calc_interleave_pos / auto-assembly';
const REF_LINUX_ATTACH = 'linux drivers/cxl/core/region.c cxl_region_attach';
const REF_LINUX_CAP = 'linux drivers/cxl/core/region.c check_interleave_cap';
const REF_LINUX_ROOT = 'linux drivers/cxl/core/port.c can_create_pmem/can_create_ram';
/** Chunks routed per region when looking for holes and aliases. */
const SIM_CHUNKS = 1 << 15;

/** One region as Linux would assemble it from committed endpoint decoders. */
export interface CheckedRegion {
  name: string;
  window: string;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** Members in Linux position order (null where no member claims the position). */
  members: { device: string; decoder: number; position: number | null }[];
}

export interface CheckReport {
  findings: Finding[];
  regions: CheckedRegion[];
}

interface Member {
  device: Type3Spec;
  decoder: DecoderState;
  /** Owners (host bridge, switches) from the top down, with the downstream port number toward the device. */
  path: { owner: string; port: number }[];
  hostBridge: string | undefined;
  position: number | null;
}

function rangeText(base: number, size: number): string {
  return `[${hexAddr(base)}, ${hexAddr(base + size)})`;
}

type Topology = LabCore['topology'];
type AddFinding = (f: Finding) => void;

/** Runs every check on `core`: per-component decoders, then regions window by window, then unused port decoders. */
export function check(core: LabCore): CheckReport {
  const findings: Finding[] = [];
  const add: AddFinding = (f) => findings.push(f);
  for (const c of core.topology.spec.components) {
    if (c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3')
      checkComponentDecoders(core, c, add);
  }
  const regions = core.topology.windows.flatMap((window) => checkWindowRegions(core, window, add));
  checkUnusedPortDecoders(core, regions, add);
  for (const f of checkDecoderOverlaps(core)) add(f);
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { findings, regions };
}

// ---- Per-component decoder checks ---------------------------------------------------------------

/** One committed decoder with a valid interleave encoding, as the per-decoder phases see it. */
interface DecoderContext {
  topology: Topology;
  componentId: string;
  d: DecoderState;
  /** Decoded ways (`d.ways`, known non-null here). */
  ways: number;
  name: string;
  add: AddFinding;
}

/** Checks a component's committed decoders in index order. */
function checkComponentDecoders(
  core: LabCore,
  c: Extract<ComponentSpec, { kind: 'host-bridge' | 'switch' | 'type3' }>,
  addFinding: AddFinding,
): void {
  let highestCommittedBase: number | null = null;
  let sawUncommitted = false;
  for (const d of core.decoders(c.id)) {
    const name = `${c.id} decoder ${d.index}`;
    // Every finding of this loop is about decoder d.
    const add: AddFinding = (f) => addFinding({ ...f, decoder: d.index });
    if (!d.committed) {
      sawUncommitted = true;
      continue;
    }

    if (sawUncommitted) {
      add({
        severity: 'error',
        code: 'decoder.commit-order',
        message: `${name} is committed but a lower-numbered decoder is not (decoders commit in index order; Linux reports "Committed out of order")`,
        component: c.id,
        rule: 'spec',
        ref: REF_COMMIT,
      });
    }
    if (d.size === 0) {
      add({
        severity: 'error',
        code: 'decoder.zero-size',
        message: `${name} is committed with size 0 (Linux: "Committed with zero size")`,
        component: c.id,
        rule: 'linux',
        ref: REF_LINUX_INIT,
      });
    }
    // A base below a lower-numbered decoder's base is out of order (Linux refuses it: "HPA order
    // violation", region.c alloc_region_ref / auto_order_ok). A base inside the range of a
    // lower-numbered decoder but not below its base is an overlap: a warning (check-overlap.ts).
    if (highestCommittedBase !== null && d.size > 0 && d.base < highestCommittedBase) {
      add({
        severity: 'error',
        code: 'decoder.hpa-order',
        message: `${name} base ${hexAddr(d.base)} is below the base ${hexAddr(highestCommittedBase)} of a lower-numbered committed decoder (HPA ranges must ascend with decoder index; Linux: "HPA order violation")`,
        component: c.id,
        rule: 'spec',
        ref: REF_COMMIT,
      });
    }
    if (d.size > 0) highestCommittedBase = Math.max(highestCommittedBase ?? d.base, d.base);
    if (d.ways === null || d.granularity === null) {
      add({
        severity: 'error',
        code: 'decoder.reserved-encoding',
        message: `${name} uses a reserved interleave encoding (eiw ${d.eiw}, eig ${d.eig})`,
        component: c.id,
        rule: 'spec',
        ref: REF_CONTROL,
      });
      continue;
    }
    const ctx: DecoderContext = { topology: core.topology, componentId: c.id, d, ways: d.ways, name, add };
    checkInterleaveBits(ctx);
    if (c.kind === 'type3') checkDeviceDecoder(ctx, c);
    else checkPortDecoder(ctx);
    checkInWindow(ctx);
  }
}

/** 3/6/12-way sizes and the highest interleave address bit. */
function checkInterleaveBits({ d, ways, name, componentId, add }: DecoderContext): void {
  if (d.eiw >= 8 && d.size % (3 * HDM_ALIGNMENT) !== 0) {
    add({
      severity: 'error',
      code: 'decoder.size-not-multiple-of-3',
      message: `${name} is ${ways}-way but its size ${hexAddr(d.size)} is not a multiple of 3 × 256 MiB`,
      component: componentId,
      rule: 'spec',
      ref: REF_COMMIT,
    });
  }
  const highest = d.eiw >= 8 ? d.eig + d.eiw - 1 : d.eig + 7 + d.eiw;
  if (ways > 1 && d.eiw !== 8 && highest > 14) {
    add({
      severity: 'error',
      code: 'decoder.interleave-bits',
      message: `${name}: ${ways}-way at ${d.granularity} B interleaves on HPA bit ${highest}, above bit 14 (A11to8/A14to12 capable components only; Linux: "iw: ${ways} ig: ${d.granularity} is not supported")`,
      component: componentId,
      rule: 'linux',
      ref: REF_LINUX_CAP,
    });
  }
}

/** Host bridge and switch decoders: way counts and target lists. */
function checkPortDecoder({ topology, d, ways, name, componentId, add }: DecoderContext): void {
  if (ways > 8 || d.eiw >= 8) {
    add({
      severity: 'error',
      code: 'decoder.ways-device-only',
      message: `${name}: ${ways}-way is valid only for devices; host bridges and switches do 1, 2, 4 or 8 ways`,
      component: componentId,
      rule: 'spec',
      ref: REF_CONTROL,
    });
  }
  const used = d.targets.slice(0, ways);
  if (new Set(used).size !== used.length) {
    add({
      severity: 'error',
      code: 'decoder.targets-duplicate',
      message: `${name}: target list [${used.join(', ')}] repeats a port`,
      component: componentId,
      rule: 'spec',
      ref: REF_COMMIT,
    });
  }
  const ports = topology.portsByNumber.get(componentId);
  for (const p of used) {
    if (ports?.get(p) === undefined) {
      add({
        severity: 'error',
        code: 'decoder.target-missing',
        message: `${name}: target list names port ${p}, which ${componentId} does not have`,
        component: componentId,
        rule: 'spec',
        ref: REF_DECODE,
      });
    }
  }
}

/** Type 3 decoders: size per way, DPA within capacity and partitions, target range type. */
function checkDeviceDecoder({ d, ways, name, add }: DecoderContext, c: Type3Spec): void {
  const capacity = c.volatile + c.persistent;
  const dpaEnd = d.dpaBase + d.size / ways;
  if (d.size % ways !== 0) {
    add({
      severity: 'error',
      code: 'decoder.size-not-divisible',
      message: `${name}: size ${hexAddr(d.size)} does not divide by ${ways} ways (Linux: "invalid committed configuration size")`,
      component: c.id,
      rule: 'linux',
      ref: REF_LINUX_INIT,
    });
  }
  if (dpaEnd > capacity) {
    add({
      severity: 'error',
      code: 'decoder.dpa-beyond-capacity',
      message: `${name} maps DPA ${rangeText(d.dpaBase, d.size / ways)} beyond capacity ${hexAddr(capacity)}`,
      component: c.id,
      rule: 'spec',
      ref: 'CXL r3.1 §8.2.4.20.13 (Device Decode Logic: DPABase)',
    });
  }
  if (d.dpaBase < c.volatile && dpaEnd > c.volatile) {
    add({
      severity: 'warning',
      code: 'decoder.mixed-partition',
      message: `${name} maps DPA ${rangeText(d.dpaBase, d.size / ways)} across the volatile/persistent boundary ${hexAddr(c.volatile)} (Linux shows mode "mixed")`,
      component: c.id,
      rule: 'linux',
      ref: 'linux drivers/cxl/core/hdm.c __cxl_dpa_reserve',
    });
  }
  if (d.targetRangeType !== 1) {
    add({
      severity: 'warning',
      code: 'decoder.target-range-type',
      message: `${name}: Target Range Type is device-coherent (0); Linux programs host-only (1) for Type 3 memory`,
      component: c.id,
      rule: 'linux',
      ref: 'linux drivers/cxl/core/hdm.c cxld_set_type',
    });
  }
}

/** A committed decoder's range should sit inside one window (Linux attaches regions to windows). */
function checkInWindow({ topology, d, name, componentId, add }: DecoderContext): void {
  const inWindow = topology.windows.some((w) => d.base >= w.base && d.base + d.size <= w.base + w.size);
  if (d.size > 0 && !inWindow) {
    add({
      severity: 'warning',
      code: 'decoder.outside-window',
      message: `${name} range ${rangeText(d.base, d.size)} is not inside one CXL fixed memory window`,
      component: componentId,
      rule: 'linux',
      ref: REF_LINUX_ATTACH,
    });
  }
}

// ---- Regions ------------------------------------------------------------------------------------

/** A device's owners from the top down, with the port toward it, and its host bridge. */
function pathOf(
  topology: Topology,
  device: Type3Spec,
): { path: Member['path']; hostBridge: string | undefined } {
  const parentOf = (id: string): string | undefined => {
    const c = topology.byId.get(id);
    return c === undefined || c.kind === 'host-bridge' ? undefined : c.parent;
  };

  const path: Member['path'] = [];
  // An RCD hangs directly off its CXL 1.1 host bridge: no port hops (CXL r3.0 §9.11.2).
  const direct = topology.byId.get(device.parent);
  if (direct?.kind === 'host-bridge' && direct.restricted === true) return { path, hostBridge: direct.id };
  let portId: string | undefined = device.parent;
  for (let depth = 0; depth < 32 && portId !== undefined; depth++) {
    const port: ComponentSpec | undefined = topology.byId.get(portId);
    if (port === undefined || (port.kind !== 'root-port' && port.kind !== 'downstream-port')) break;
    const owner = topology.byId.get(port.parent);
    if (owner === undefined) break;
    path.unshift({ owner: owner.id, port: port.port });
    if (owner.kind === 'host-bridge') return { path, hostBridge: owner.id };
    portId = parentOf(owner.id);
  }
  return { path, hostBridge: undefined };
}

/** Groups committed endpoint decoders in `window` into regions (same HPA range) and checks each. */
function checkWindowRegions(core: LabCore, window: WindowSpec, add: AddFinding): CheckedRegion[] {
  const topology = core.topology;
  const regions: CheckedRegion[] = [];

  const groups = new Map<string, Member[]>();
  for (const c of topology.spec.components) {
    if (c.kind !== 'type3') continue;
    for (const d of core.decoders(c.id)) {
      if (!d.committed || d.size === 0 || d.ways === null || d.granularity === null) continue;
      if (d.base < window.base || d.base + d.size > window.base + window.size) continue;
      const key = `${d.base}:${d.size}`;
      const { path, hostBridge } = pathOf(topology, c);
      const list = groups.get(key) ?? [];
      list.push({ device: c, decoder: d, path, hostBridge, position: null });
      groups.set(key, list);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => (a[0]?.decoder.base ?? 0) - (b[0]?.decoder.base ?? 0));
  let prevEnd = -1;
  for (const members of sorted) {
    const first = members[0];
    if (first === undefined) continue;
    const base = first.decoder.base;
    const size = first.decoder.size;
    const name = `${window.id}:${hexAddr(base)}+${hexAddr(size)}`;
    if (base < prevEnd) {
      // The hardware decodes it (each address reaches one device); Linux warns and assembles it.
      add({
        severity: 'warning',
        code: 'region.overlap',
        message: `region ${name} overlaps the previous region in ${window.id} (ending ${hexAddr(prevEnd)}): each address of the overlap reaches only one of them`,
        component: first.device.id,
        decoder: first.decoder.index,
        rule: 'linux',
        ref: 'linux drivers/cxl/core/region.c construct_region',
        region: name,
        behaviour: REGION_OVERLAP_BEHAVIOUR.map((b) => ({ ...b })),
      });
    }
    prevEnd = Math.max(prevEnd, base + size);
    const region = checkRegion(core, window, name, base, size, members, add);
    regions.push(region);
  }
  return regions;
}

/** Ports: committed decoders no region uses. */
function checkUnusedPortDecoders(core: LabCore, regions: readonly CheckedRegion[], add: AddFinding): void {
  for (const c of core.topology.spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch') continue;
    for (const d of core.decoders(c.id)) {
      if (!d.committed || d.size === 0) continue;
      const used = regions.some((r) => r.base < d.base + d.size && d.base < r.base + r.size);
      if (!used) {
        add({
          severity: 'warning',
          code: 'decoder.unused',
          message: `${c.id} decoder ${d.index} ${rangeText(d.base, d.size)} is committed but no committed endpoint decoder uses that range`,
          component: c.id,
          decoder: d.index,
          rule: 'linux',
          ref: REF_LINUX_POS,
        });
      }
    }
  }
}

// ---- One region, in phases over a shared context ------------------------------------------------

/** Adds a finding about the region (its name prefixed to the message). */
type RegionReport = (
  severity: Finding['severity'],
  code: string,
  message: string,
  rule: FindingRule,
  ref: string,
  component?: string,
  extra?: Pick<Finding, 'decoder' | 'behaviour'>,
) => void;

/** What every phase of a region's checks reads. */
interface RegionContext {
  core: LabCore;
  topology: Topology;
  window: WindowSpec;
  name: string;
  base: number;
  size: number;
  /** Members in discovery order; `assignPositions` fills in their positions. */
  members: Member[];
  first: Member | undefined;
  /** Endpoint ways and granularity (the first member's). */
  ways: number;
  gran: number;
  /** The window's ways, and their power-of-two part (3/6/12 → 1/2/4). */
  rootWays: number;
  rootPow2: number;
  report: RegionReport;
}

/** Per port owner the region passes through: its depth, parent owner and downstream ports in position order. */
interface PortUse {
  depth: number;
  parent: string | undefined;
  dports: number[];
}

/** Checks one region; returns its summary. */
function checkRegion(
  core: LabCore,
  window: WindowSpec,
  name: string,
  base: number,
  size: number,
  members: Member[],
  add: AddFinding,
): CheckedRegion {
  const first = members[0];
  const rootWays = window.ways;
  const report: RegionReport = (severity, code, message, rule, ref, component, extra) => {
    const f: Finding = { severity, code, message: `region ${name}: ${message}`, rule, ref, region: name };
    if (component !== undefined) {
      f.component = component;
      // The decoder it is about: the member's endpoint decoder, or the port's decoder covering the region.
      const decoder =
        extra?.decoder ??
        members.find((m) => m.device.id === component)?.decoder.index ??
        firstCovering(core.decoders(component), base)?.index;
      if (decoder !== undefined) f.decoder = decoder;
    }
    if (extra?.behaviour !== undefined) f.behaviour = extra.behaviour;
    add(f);
  };
  const ctx: RegionContext = {
    core,
    topology: core.topology,
    window,
    name,
    base,
    size,
    members,
    first,
    ways: first?.decoder.ways ?? 1,
    gran: first?.decoder.granularity ?? 256,
    rootWays,
    rootPow2: rootWays % 3 === 0 ? rootWays / 3 : rootWays,
    report,
  };
  checkRegionShape(ctx);
  checkRegionModes(ctx);
  assignPositions(ctx);
  checkPositions(ctx);
  checkPortExpectations(ctx);
  // Routing simulation: holes and aliases inside the region.
  simulate(ctx);
  checkDpaToHpa(ctx);
  return {
    name,
    window: window.id,
    base,
    size,
    ways: ctx.ways,
    granularity: ctx.gran,
    members: members
      .map((m) => ({ device: m.device.id, decoder: m.decoder.index, position: m.position }))
      .sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9)),
  };
}

/** Member agreement, member count, size, and ways / granularity / alignment against the window. */
function checkRegionShape(ctx: RegionContext): void {
  const { window, base, size, members, ways, gran, rootWays, report: regionFinding } = ctx;

  for (const m of members) {
    if (m.decoder.ways !== ways || m.decoder.granularity !== gran) {
      regionFinding(
        'error',
        'region.endpoint-mismatch',
        `${m.device.id} decoder ${m.decoder.index} is ${m.decoder.ways}-way at ${m.decoder.granularity} B, other members ${ways}-way at ${gran} B`,
        'linux',
        REF_LINUX_SETUP,
        m.device.id,
      );
    }
  }
  if (members.length !== ways) {
    regionFinding(
      'error',
      'region.member-count',
      `${ways}-way endpoint decoders but ${members.length} member${members.length === 1 ? '' : 's'} (${members.map((m) => m.device.id).join(', ')})`,
      'linux',
      REF_LINUX_ATTACH,
    );
  }
  if (size % (ways * HDM_ALIGNMENT) !== 0) {
    regionFinding(
      'error',
      'region.size',
      `size ${hexAddr(size)} is not a multiple of ${ways} × 256 MiB`,
      'linux',
      'linux drivers/cxl/core/region.c size_store',
    );
  }
  if (ways % rootWays !== 0 || !isPow2(ways / rootWays)) {
    regionFinding(
      'error',
      'region.ways-vs-window',
      `${ways} ways is not the window's ${rootWays} ways times a power of two`,
      'linux',
      'linux drivers/cxl/core/region.c interleave_ways_store',
      window.id,
    );
  }
  if (rootWays > 1 && gran !== window.granularity) {
    regionFinding(
      'error',
      'region.granularity-vs-window',
      `granularity ${gran} B differs from the ${rootWays}-way window's ${window.granularity} B`,
      'linux',
      'linux drivers/cxl/core/region.c interleave_granularity_store',
      window.id,
    );
  }
  if (rootWays % 3 === 0 && base % (rootWays * HDM_ALIGNMENT) !== 0) {
    regionFinding(
      'warning',
      'region.unaligned-mod3',
      `base ${hexAddr(base)} is not a multiple of ${rootWays} × 256 MiB: the ${rootWays}-way window selects on the absolute HPA, so positions differ from region-offset arithmetic (only newer kernels handle this; UNVERIFIED version)`,
      'linux',
      'linux drivers/cxl/core/region.c region_is_unaligned_mod3',
      window.id,
    );
  }
  if (rootWays % 3 === 0 && ways > rootWays) {
    regionFinding(
      'warning',
      'region.x3-root-interleave',
      `a ${rootWays}-way window with further interleave below it (${ways} ways) is not assembled by the mainline Linux code read (UNVERIFIED current status)`,
      'linux',
      'linux drivers/cxl/core/region.c cxl_port_setup_targets, cxl_add_to_region',
      window.id,
    );
  }
}

/** Window restrictions against each member's partition, and one mode for the whole region. */
function checkRegionModes(ctx: RegionContext): void {
  const { window, members, first, report: regionFinding } = ctx;

  // Window restrictions vs the device partition.
  const restrictions = new Set(window.restrictions);
  for (const m of members) {
    const mode = m.decoder.dpaBase < m.device.volatile ? 'ram' : 'pmem';
    const needs = mode === 'ram' ? 'volatile' : 'persistent';
    if (!restrictions.has(needs) || !restrictions.has('type3')) {
      regionFinding(
        'error',
        'region.window-restriction',
        `${m.device.id} decoder ${m.decoder.index} maps ${mode} capacity but ${window.id} restrictions are [${window.restrictions.join(', ')}] (needs type3 and ${needs})`,
        'linux',
        REF_LINUX_ROOT,
        m.device.id,
      );
    }
  }

  // One region, one mode: every member's decoder must map the same partition (cxl_region_attach
  // compares each endpoint decoder's mode with the region's, taken from the first member).
  const modes = members.map((m) => ({ m, mode: m.decoder.dpaBase < m.device.volatile ? 'ram' : 'pmem' }));
  const firstMode = modes[0]?.mode;
  for (const { m, mode } of modes) {
    if (mode !== firstMode) {
      regionFinding(
        'error',
        'region.mode-mismatch',
        `${m.device.id} decoder ${m.decoder.index} maps ${mode} DPA but ${first?.device.id ?? '?'} maps ${firstMode ?? '?'} (Linux: "region mode: ${firstMode ?? '?'} mismatch")`,
        'linux',
        REF_LINUX_ATTACH,
        m.device.id,
      );
    }
  }
}

/** Linux cxl_calc_interleave_pos: walking up, pos = pos × parent ways + index in the parent's target list. */
function assignPositions(ctx: RegionContext): void {
  const { core, topology, window, base, members, rootWays, report: regionFinding } = ctx;

  for (const m of members) {
    let pos = 0;
    let okPos = true;
    for (let i = m.path.length - 1; i >= 0; i--) {
      const hop = m.path[i];
      if (hop === undefined) continue;
      const owner = topology.byId.get(hop.owner);
      if (owner?.kind === 'host-bridge' && owner.decoderCount === 0) continue; // passthrough: 1 way
      const d = firstCovering(core.decoders(hop.owner), base);
      if (d === undefined || !d.committed || d.ways === null) {
        okPos = false;
        break;
      }
      const index = d.targets.slice(0, d.ways).indexOf(hop.port);
      if (index < 0) {
        regionFinding(
          'error',
          'region.not-in-target-list',
          `${hop.owner} decoder ${d.index} target list [${d.targets.slice(0, d.ways).join(', ')}] does not name port ${hop.port} toward ${m.device.id}`,
          'linux',
          REF_LINUX_POS,
          hop.owner,
        );
        okPos = false;
        break;
      }
      pos = pos * d.ways + index;
    }
    if (okPos) {
      const index = m.hostBridge === undefined ? -1 : window.targets.indexOf(m.hostBridge);
      if (index < 0) {
        regionFinding(
          'error',
          'region.hb-not-in-window',
          `${m.device.id} is below ${m.hostBridge ?? 'no host bridge'}, which is not a target of ${window.id}`,
          'linux',
          'linux drivers/cxl/core/region.c cxl_region_attach ("invalid target")',
          m.device.id,
        );
      } else {
        m.position = pos * rootWays + index;
      }
    }
  }
}

/** Positions must fall in 0..ways-1 and be claimed once each. */
function checkPositions(ctx: RegionContext): void {
  const { members, ways, report: regionFinding } = ctx;

  const byPosition = new Map<number, Member>();
  for (const m of members) {
    if (m.position === null) continue;
    const other = byPosition.get(m.position);
    if (m.position >= ways) {
      regionFinding(
        'error',
        'region.position-range',
        `${m.device.id} computes position ${m.position}, outside 0..${ways - 1}`,
        'linux',
        REF_LINUX_POS,
        m.device.id,
      );
    } else if (other !== undefined) {
      regionFinding(
        'error',
        'region.position-conflict',
        `${m.device.id} and ${other.device.id} both compute position ${m.position}`,
        'linux',
        REF_LINUX_POS,
        m.device.id,
      );
    } else {
      byPosition.set(m.position, m);
    }
  }
}

/** Per-port expectations (cxl_port_setup_targets), top-down. */
function checkPortExpectations(ctx: RegionContext): void {
  const ports = new Map<string, PortUse>();
  const ordered = [...ctx.members].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));
  for (const m of ordered) {
    m.path.forEach((hop, depth) => {
      const entry = ports.get(hop.owner) ?? { depth, parent: m.path[depth - 1]?.owner, dports: [] };
      if (!entry.dports.includes(hop.port)) entry.dports.push(hop.port);
      ports.set(hop.owner, entry);
    });
  }
  const expected = new Map<string, { iw: number; ig: number }>();
  const sortedPorts = [...ports.entries()].sort((a, b) => a[1].depth - b[1].depth);
  for (const [owner, info] of sortedPorts) checkPort(ctx, owner, info, expected);
}

/** One port owner: its target count and granularity as Linux computes them, then its decoder. */
function checkPort(
  ctx: RegionContext,
  owner: string,
  info: PortUse,
  expected: Map<string, { iw: number; ig: number }>,
): void {
  const { topology, gran, rootPow2, report: regionFinding } = ctx;

  const c = topology.byId.get(owner);
  const parent = info.depth === 0 ? { iw: rootPow2, ig: gran } : expected.get(info.parent ?? '');
  if (parent === undefined) return;
  const iw = info.dports.length;
  const ig = parent.ig * parent.iw;
  // Linux computes ig = parent ig × parent iw for every port, 1-target ports included, and refuses
  // the region when it does not encode — before looking at this port's ways (Linux region.c
  // cxl_port_setup_targets: "invalid granularity calculation").
  const igEncodes = ig <= 16384;
  if (igEncodes) expected.set(owner, { iw, ig });
  if (!isPow2(iw) || iw > 8) {
    regionFinding(
      'error',
      'region.port-target-count',
      `${owner} leads to ${iw} distinct downstream ports; Linux needs a power of two ≤ 8 ("invalid target count")`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  }
  if (!igEncodes) {
    regionFinding(
      'error',
      'region.granularity-unencodable',
      `${owner} (${iw} target${iw === 1 ? '' : 's'}) would need granularity ${parent.ig} × ${parent.iw} = ${ig} B, above 16 KiB; Linux refuses the region ("invalid granularity calculation (${parent.ig} * ${parent.iw})") whatever this port's ways`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  }
  if (c?.kind === 'host-bridge' && c.decoderCount === 0) {
    if (iw > 1) {
      regionFinding(
        'error',
        'region.passthrough-fanout',
        `${owner} is a passthrough host bridge but the region uses ${iw} of its ports`,
        'spec',
        REF_DECODE,
        owner,
      );
    }
    return;
  }
  checkPortDecoderAgainstRegion(ctx, owner, info, { iw, ig, igEncodes, parent });
}

/** What Linux expects of one port's decoder: ways, granularity (if it encodes) and the parent's. */
interface PortExpectation {
  iw: number;
  ig: number;
  igEncodes: boolean;
  parent: { iw: number; ig: number };
}

/** The port's decoder covering the region: its range, interleave and target order. */
function checkPortDecoderAgainstRegion(
  ctx: RegionContext,
  owner: string,
  info: PortUse,
  { iw, ig, igEncodes, parent }: PortExpectation,
): void {
  const { core, base, size, gran, report: regionFinding } = ctx;

  const d = firstCovering(core.decoders(owner), base);
  if (d === undefined || !d.committed) {
    regionFinding(
      'error',
      'region.port-decoder-missing',
      `${owner} has no committed decoder covering ${hexAddr(base)}`,
      'spec',
      REF_DECODE,
      owner,
    );
    return;
  }
  if (d.base !== base || d.size !== size) {
    regionFinding(
      'error',
      'region.range-mismatch',
      `${owner} decoder ${d.index} covers ${rangeText(d.base, d.size)}, the region is ${rangeText(base, size)} (Linux expects every level to carry the region range)`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  }
  if (igEncodes && (d.ways !== iw || (iw > 1 && d.granularity !== ig))) {
    regionFinding(
      'error',
      'region.port-interleave',
      `${owner} decoder ${d.index} is ${d.ways}-way at ${d.granularity} B; Linux expects iw ${iw} ig ${ig} (parent ig ${parent.ig} × parent iw ${parent.iw})`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  } else if (igEncodes && iw === 1 && d.granularity !== ig) {
    // Re-assembly (cxl_port_setup_targets, auto regions) compared a 1-target decoder's
    // granularity too until v6.16; commit "cxl: core/region - ignore interleave granularity when
    // ways=1" (queued for v6.16, backported to stable trees) skips it, since one target makes the
    // granularity irrelevant. Linux 6.1 itself programmed 1-target decoders with the region
    // granularity: cxl_port_setup_targets as first merged (2022, v6.0) gave a 1-target port its
    // parent's granularity (eig = peig) instead of parent ig × parent iw, so such layouts are
    // common.
    regionFinding(
      'warning',
      'region.port-granularity-x1',
      `${owner} decoder ${d.index} is 1-way at ${d.granularity} B where Linux computes ig ${ig} (parent ig ${parent.ig} × parent iw ${parent.iw}). Routing is unaffected (one target). Kernels before v6.16 without the stable backport of "cxl: core/region - ignore interleave granularity when ways=1" refuse to re-assemble the region ("expected iw: 1 ig: ${ig}"); v6.16 and later accept it. Linux 6.1 programmed 1-target decoders with the region granularity (${gran} B), so layouts it created look like this`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  }
  const list = d.targets.slice(0, d.ways ?? 0);
  if (d.ways === iw && list.join(',') !== info.dports.join(',')) {
    regionFinding(
      'error',
      'region.target-order',
      `${owner} decoder ${d.index} target list [${list.join(', ')}] differs from Linux's position order [${info.dports.join(', ')}]`,
      'linux',
      REF_LINUX_SETUP,
      owner,
    );
  }
}

/**
 * Linux's DPA→HPA (region.c cxl_dpa_to_hpa) for each member's position must agree with the
 * hardware routing: the region offset from the endpoint's ways/granularity, plus the region base,
 * then the root decoder's XOR hook for XOR windows (hpa_to_spa: acpi.c cxl_xor_hpa_to_spa). Skipped
 * for a 3/6/12-way
 * window at an unaligned base: the plain formula does not apply there (newer kernels have special
 * code) and `region.unaligned-mod3` already says so.
 */
function checkDpaToHpa(ctx: RegionContext): void {
  const { core, window, base, size, members, first, ways, gran, rootWays, report: regionFinding } = ctx;

  const eiw = first?.decoder.eiw ?? 0;
  const eig = first?.decoder.eig ?? 0;
  const unalignedMod3 = rootWays % 3 === 0 && base % (rootWays * HDM_ALIGNMENT) !== 0;
  const toSpa = (hpa: number): number =>
    window.arithmetic === 'xor' ? applyXorMaps(hpa, window.xormaps) : hpa;
  if (members.length === ways && !unalignedMod3) {
    for (const m of members) {
      if (m.position === null || m.position >= ways) continue;
      const perDevice = size / ways;
      for (const dpaOff of [0, gran, perDevice - 1]) {
        if (dpaOff < 0 || dpaOff >= perDevice) continue;
        const hpa = toSpa(base + dpaOffsetToHpaOffset(dpaOff, m.position, eiw, eig));
        const r = walk(core, hpa);
        const want = m.decoder.dpaBase + dpaOff;
        if (!r.ok || r.device !== m.device.id || r.dpa !== want) {
          regionFinding(
            'error',
            'region.position-mismatch',
            `Linux translates ${m.device.id} DPA ${hexAddr(want)} (position ${m.position}) to HPA ${hexAddr(hpa)}, but the decoders route that HPA ${r.ok ? `to ${r.device} DPA ${hexAddr(r.dpa)}` : `nowhere (${r.error.message})`}`,
            'linux',
            'linux drivers/cxl/core/region.c cxl_dpa_to_hpa',
            m.device.id,
          );
          break;
        }
      }
    }
  }
}

function firstCovering(decoders: readonly DecoderState[], hpa: number): DecoderState | undefined {
  for (const d of decoders) if (d.size > 0 && hpa >= d.base && hpa < d.base + d.size) return d;
  return undefined;
}

/** Routes every `step`-byte chunk at the start and the end of the region, looking for holes and aliases. */
function simulate({ core, base, size, members, report }: RegionContext): void {
  const compiled = compiledDecode(core);
  const step = 256;
  const total = size / step;
  const spans: [number, number][] =
    total <= SIM_CHUNKS
      ? [[0, total]]
      : [
          [0, SIM_CHUNKS - SIM_CHUNKS / 8],
          [total - SIM_CHUNKS / 8, total],
        ];
  const memberKeys = new Set(members.map((m) => `${m.device.id}:${m.decoder.index}`));
  const seen = new Map<string, number>();
  let holes = 0;
  let firstHole: { hpa: number; message: string; component: string | undefined } | null = null;
  let aliases = 0;
  let firstAlias: { text: string; device: string; decoder: number } | null = null;
  let foreign = 0;
  let firstForeign: string | null = null;
  for (const [from, to] of spans) {
    for (let i = from; i < to; i++) {
      const hpa = base + i * step;
      let device: string;
      let dpa: number;
      let decoder: number;
      const slot = compiled.translate(hpa);
      if (slot >= 0) {
        device = compiled.devices[slot] ?? '';
        dpa = compiled.dpa;
        decoder = compiled.decoder;
      } else {
        const r = walk(core, hpa);
        if (!r.ok) {
          // The failure holds for runBytes: count those chunks without routing each.
          const skip = Math.max(1, Math.min(to - i, Math.floor(r.runBytes / step)));
          holes += skip;
          i += skip - 1;
          if (firstHole === null) firstHole = { hpa, message: r.error.message, component: r.error.component };
          continue;
        }
        device = r.device;
        dpa = r.dpa;
        decoder = r.decoder;
      }
      if (!memberKeys.has(`${device}:${decoder}`)) {
        foreign++;
        if (firstForeign === null) firstForeign = `${hexAddr(hpa)} → ${device} decoder ${decoder}`;
      }
      const key = `${device}@${dpa}`;
      const prior = seen.get(key);
      if (prior !== undefined) {
        aliases++;
        if (firstAlias === null) {
          firstAlias = {
            text: `${hexAddr(prior)} and ${hexAddr(hpa)} both reach ${device} DPA ${hexAddr(dpa)}`,
            device,
            decoder,
          };
        }
      } else {
        seen.set(key, hpa);
      }
    }
  }
  const sampled = spans.reduce((n, [a, b]) => n + (b - a), 0);
  const scope =
    sampled === total
      ? `${total} 256 B chunks`
      : `${sampled} sampled 256 B chunks (the first and last of ${total})`;
  if (firstHole !== null) {
    report(
      'error',
      'region.hole',
      `${holes} of ${scope} fail to route; first at ${hexAddr(firstHole.hpa)}: ${firstHole.message}`,
      'spec',
      REF_DECODE,
      firstHole.component,
    );
  }
  if (firstAlias !== null) {
    // A warning: every decoder committed, and the hardware decodes each address (CXL r3.1
    // §8.2.4.20.12 leaves avoiding aliases to software when Lock On Commit is 0).
    report(
      'warning',
      'region.alias',
      `${aliases} aliased chunks in ${scope}; e.g. ${firstAlias.text}: a write through one HPA changes what the other reads`,
      'spec',
      REF_DECODE,
      firstAlias.device,
      { decoder: firstAlias.decoder, behaviour: ALIAS_BEHAVIOUR.map((b) => ({ ...b })) },
    );
  }
  if (firstForeign !== null) {
    report(
      'error',
      'region.misroute',
      `${foreign} of ${scope} reach a device decoder outside the region; e.g. ${firstForeign}`,
      'spec',
      REF_DECODE,
    );
  }
}
