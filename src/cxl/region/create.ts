/**
 * `createRegion`: `cxl create-region` followed by Linux's region code, step by step, as a plan.
 *
 * The steps and the rule each enforces, in the order Linux meets them (ndctl cxl/region.c; Linux
 * drivers/cxl/core/region.c interleave_granularity_store, interleave_ways_store, alloc_hpa,
 * cxl_region_attach, cxl_port_attach_region, cxl_port_setup_targets, cxl_region_decode_commit;
 * hdm.c cxl_dpa_alloc, cxl_decoder_commit):
 *
 * cxl-cli (ndctl cxl/region.c), with the kernel's region creation in between:
 *   1. the root decoder and memdevs exist; `ways` defaults to the member count and must equal it;
 *   2. the root decoder allows the mode (`volatile_capable` / `pmem_capable`); every port on the
 *      members' paths enumerated (committed decoders are 0 … k−1 and none has size 0);
 *   3. size: given, or the smallest member capacity of the mode × ways, capped to the largest free
 *      extent rounded down to 256 MiB × ways; a given size above the largest free extent is refused;
 *   4. (kernel) `create_{ram,pmem}_region` exists only on a Type 3 (host-only) window of that mode;
 *   5. granularity: given, or the root decoder's; on an interleaved root only the root's value.
 * Kernel (drivers/cxl/core/region.c, hdm.c, port.c):
 *   6. `interleave_granularity`: encodable; equal to the root's when the root interleaves;
 *   7. `interleave_ways`: encodable, a power-of-two multiple of the root's ways;
 *   8. `size`: a multiple of 256 MiB × ways, allocated first-fit from the window;
 *   9. per member, in position order: a free endpoint decoder (cxl-cli: the first uncommitted one),
 *      its DPA (`mode`, `dpa_size`; ram at DPA 0, pmem after it, first pmem decoder skips the ram
 *      tail; index order), then `target<i>`: the endpoint can interleave at the region's ways and
 *      granularity; its host bridge is a window target, and the one at `i mod root ways`; the
 *      memdev is not already a member; on every port from the endpoint up to the host bridge no
 *      region with a higher HPA is attached, a free decoder exists (the one after the last committed,
 *      none committed above a free one; a passthrough host bridge's single software decoder, unless
 *      a region already uses it), and the distinct downstream targets fit the decoder;
 *  10. with the last member, `cxl_port_setup_targets` on every port (see `assemble.ts`);
 *  11. `commit`: per member in position order, bottom-up: endpoint decoder, switch decoders, host
 *      bridge decoder; each decoder once; a passthrough decoder has nothing to commit.
 * The first failing rule refuses the whole request; nothing is written until `applyPlan`.
 */
import { ok, type Result } from '../result.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import { granularityToEig, waysToEiw } from '../spec/interleave.ts';
import type { Type3Spec, WindowSpec } from '../topology/model.ts';
import { hex, isPow2 } from '../units.ts';
import {
  type AssemblyMember,
  calcInterleavePos,
  countTarget,
  newPortRef,
  type PortRef,
  setupTargets,
} from './assemble.ts';
import { allocateDpa, type DeviceDpa, deviceDpa, type RegionMode } from './dpa.ts';
import { firstFit, type HpaRange, maxAvailableExtent } from './hpa.ts';
import { type LinuxNames, linuxNames, upstreamHops } from './names.ts';
import { linuxHex, linuxRange, refuse, SPEC_LINUX_HDM } from './refusal.ts';
import { commitWrites, type HdmCaps, interleaveSupported, readCaps } from './registers.ts';
import { encodings, listRegions, nextRegionName, portNumberOf, type RegionInfo } from './registry.ts';
import type {
  MmioWrite,
  PlannedDecoder,
  RegionLab,
  RegionPlan,
  RegionRefusal,
  RegionRequest,
  RegionTarget,
} from './types.ts';

type Refused = { ok: false; error: RegionRefusal };

/** The HPA ranges of the window already decoded by committed decoders (any level). */
export function usedRanges(lab: RegionLab, window: WindowSpec): HpaRange[] {
  const out: HpaRange[] = [];
  const end = window.base + window.size;
  for (const c of lab.topology.spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3') continue;
    for (const d of lab.decoders(c.id)) {
      if (d.committed && d.size > 0 && d.base < end && d.base + d.size > window.base) {
        out.push({ base: d.base, size: d.size });
      }
    }
  }
  return out;
}

/** A window's root decoder granularity as Linux reports it: 256 for a 1-way window
 * (Linux drivers/cxl/acpi.c __cxl_parse_cfmws). */
export function rootGranularity(window: WindowSpec): number {
  return window.ways === 1 ? 256 : window.granularity;
}

/** What a window allows, as Linux reads the CFMWS restrictions. */
export function windowCaps(window: WindowSpec): { ram: boolean; pmem: boolean; type3: boolean } {
  return {
    ram: window.restrictions.includes('volatile'),
    pmem: window.restrictions.includes('persistent'),
    type3: window.restrictions.includes('type3'),
  };
}

interface MemberState {
  spec: Type3Spec;
  caps: HdmCaps;
  dpa: DeviceDpa;
  /** Endpoint decoders this plan already took. */
  taken: Set<number>;
}

interface PlannedMember extends AssemblyMember {
  hostBridge: string;
  decoderIndex: number;
  dpaStart: number;
  dpaSize: number;
  skip: number;
}

/** Regions using each component (their decoders, or the passthrough decoder on their path). */
function usageByComponent(regions: readonly RegionInfo[]): Map<string, RegionInfo[]> {
  const out = new Map<string, RegionInfo[]>();
  for (const r of regions) {
    for (const c of r.components) {
      const list = out.get(c) ?? [];
      list.push(r);
      out.set(c, list);
    }
  }
  return out;
}

/** Linux enumeration: committed decoders must be 0 … k−1 (init_hdm_decoder "Committed out of order"). */
function checkCommittedInOrder(lab: RegionLab, names: LinuxNames, component: string): Refused | null {
  let count = 0;
  for (const d of lab.decoders(component)) {
    if (!d.committed) continue;
    if (d.size === 0) {
      const name = names.decoderName(component, d.index);
      return refuse(
        'committed-zero-size',
        '-ENXIO',
        name,
        'committed with size 0: Linux refuses to enumerate the port',
        `${name}: Committed with zero size`,
        { step: `${names.portName(component)} probe`, component, spec: SPEC_LINUX_HDM },
      );
    }
    if (d.index !== count) {
      const name = names.decoderName(component, d.index);
      return refuse(
        'committed-out-of-order',
        '-ENXIO',
        name,
        `committed while ${names.decoderName(component, count)} is not: Linux refuses to enumerate the port`,
        `${name}: Committed out of order`,
        { step: `${names.portName(component)} probe`, component, spec: SPEC_LINUX_HDM },
      );
    }
    count += 1;
  }
  return null;
}

/**
 * cxl_port_probe: a port without an HDM Decoder Capability gets a passthrough decoder only when it
 * has exactly one downstream port; otherwise the port fails to probe.
 */
function checkPassthrough(lab: RegionLab, names: LinuxNames, component: string): Refused | null {
  const c = lab.topology.byId.get(component);
  if (c?.kind !== 'host-bridge' && c?.kind !== 'switch') return null;
  if (lab.hdmBase(component) !== null) return null;
  const dports = lab.topology.portsByNumber.get(component)?.size ?? 0;
  if (dports === 1) return null;
  const port = names.portName(component);
  return refuse(
    'no-hdm-capability',
    '-ENXIO',
    port,
    `${component} has no HDM decoders and ${dports} downstream ports: Linux falls back to a passthrough ` +
      'decoder only for exactly one',
    `${port}: HDM decoder capability not found`,
    { step: `${port} probe`, component, spec: SPEC_LINUX_HDM },
  );
}

/** Plans a region the way `cxl create-region` and Linux would build it. Writes nothing. */
export function createRegion(lab: RegionLab, request: RegionRequest): Result<RegionPlan, RegionRefusal> {
  const topology = lab.topology;
  const names = linuxNames(topology);
  const existing = listRegions(lab);
  const usage = usageByComponent(existing);

  // --- cxl-cli: objects, ways, mode, size, granularity -------------------------------------------
  const windowIndex = topology.windows.findIndex(
    (w, i) => w.id === request.window || names.rootDecoderName(i) === request.window,
  );
  const window = topology.windows[windowIndex];
  if (window === undefined) {
    return refuse(
      'root-decoder-not-found',
      '-ENXIO',
      request.window,
      'no such window / root decoder',
      `${request.window} not found in CXL topology`,
      { source: 'cxl-cli', step: 'cxl create-region -d' },
    );
  }
  const rootDecoder = names.rootDecoderName(windowIndex);
  const memberIds: string[] = [];
  for (const m of request.members) {
    const id = topology.byId.get(m)?.kind === 'type3' ? m : names.memdevIds.get(m);
    if (id === undefined) {
      return refuse(
        'memdev-not-found',
        '-ENXIO',
        m,
        'not a Type 3 device of this topology',
        'one or more memdevs not found in CXL topology',
        { source: 'cxl-cli', step: 'cxl create-region -m' },
      );
    }
    memberIds.push(id);
  }
  const ways = request.ways ?? memberIds.length;
  if (!Number.isInteger(ways) || ways <= 0) {
    return refuse(
      'ways-invalid',
      '-EINVAL',
      rootDecoder,
      `interleave ways ${ways} is not a positive integer`,
      `Invalid interleave ways: ${ways}`,
      { source: 'cxl-cli', step: 'cxl create-region -w' },
    );
  }
  if (memberIds.length !== ways) {
    const log =
      memberIds.length > ways
        ? `extra argument: ${request.members[ways] ?? ''}`
        : `too few target arguments (${memberIds.length}) for interleave ways (${ways})`;
    return refuse(
      'ways-member-mismatch',
      '-EINVAL',
      rootDecoder,
      `${ways} interleave ways need exactly ${ways} memdevs, ${memberIds.length} given`,
      log,
      { source: 'cxl-cli', step: 'cxl create-region -w' },
    );
  }
  const wcaps = windowCaps(window);
  const mode: RegionMode = request.mode ?? (wcaps.pmem ? 'persistent' : 'volatile');
  if (mode === 'volatile' ? !wcaps.ram : !wcaps.pmem) {
    return refuse(
      'window-mode',
      '-EINVAL',
      rootDecoder,
      `window ${window.id} does not allow ${mode} memory (CFMWS restrictions: ${window.restrictions.join(', ') || 'none'})`,
      `${rootDecoder} is not ${mode === 'volatile' ? 'volatile' : 'pmem'} capable`,
      { source: 'cxl-cli', step: 'cxl create-region -t' },
    );
  }
  for (const id of memberIds) {
    for (const c of [...upstreamHops(topology, id).map((h) => h.port), id]) {
      const bad = checkCommittedInOrder(lab, names, c) ?? checkPassthrough(lab, names, c);
      if (bad !== null) return bad;
    }
  }

  const used = usedRanges(lab, window);
  const extent = maxAvailableExtent(window, used);
  const stripe = HDM_ALIGNMENT * ways;
  let size: number;
  if (request.size !== undefined && request.size > 0) {
    size = request.size;
    if (size > extent) {
      return refuse(
        'size-exceeds-free-space',
        '-ENOSPC',
        rootDecoder,
        `size ${hex(size)} is larger than the largest free extent ${hex(extent)} of ${window.id}`,
        `${rootDecoder}: region size ${linuxHex(size)} exceeds max available space`,
        { source: 'cxl-cli', step: 'cxl create-region -s' },
      );
    }
  } else {
    const caps = memberIds.map((id) => {
      const s = topology.byId.get(id) as Type3Spec;
      return mode === 'volatile' ? s.volatile : s.persistent;
    });
    const epMin = Math.min(...caps);
    if (!(epMin > 0)) {
      return refuse(
        'size-undetermined',
        '-ENXIO',
        rootDecoder,
        `a member has no ${mode} capacity, so there is no default size`,
        'create_region: unable to determine region size',
        { source: 'cxl-cli', step: 'cxl create-region' },
      );
    }
    size = epMin * ways;
    if (size > extent) size = Math.floor(extent / stripe) * stripe;
    if (size === 0) {
      return refuse(
        'size-exceeds-free-space',
        '-ENOSPC',
        rootDecoder,
        `the largest free extent ${hex(extent)} of ${window.id} holds no 256 MiB × ${ways} stripe`,
        `${rootDecoder}: region size ${linuxHex(epMin * ways)} exceeds max available space`,
        { source: 'cxl-cli', step: 'cxl create-region -s' },
      );
    }
  }

  const region = nextRegionName(lab);
  // Kernel: the window must offer create_{ram,pmem}_region (cxl-cli creates the region first).
  if (!wcaps.type3) {
    return refuse(
      'window-not-type3',
      '-ENXIO',
      rootDecoder,
      `window ${window.id} lacks the Host-only Coherent (Type 3) restriction, so Linux offers no create_${mode === 'volatile' ? 'ram' : 'pmem'}_region`,
      `failed to create region under ${rootDecoder}`,
      { source: 'cxl-cli', step: `${rootDecoder}/create_${mode === 'volatile' ? 'ram' : 'pmem'}_region` },
    );
  }
  const rootGran = rootGranularity(window);
  const granularity = request.granularity ?? rootGran;
  if (request.granularity !== undefined && window.ways > 1 && granularity !== rootGran) {
    return refuse(
      'granularity-not-root',
      '-EINVAL',
      region,
      `an interleaved (x${window.ways}) root needs region granularity = root granularity ${rootGran}, not ${granularity}`,
      `${region}: For an x${window.ways} root, only root decoder granularity (${rootGran}) permitted`,
      { source: 'cxl-cli', step: `${region}/interleave_granularity` },
    );
  }

  // --- kernel: region attributes -----------------------------------------------------------------
  const eigOk = granularityToEig(granularity).ok;
  if (!eigOk || (window.ways > 1 && granularity !== rootGran)) {
    return refuse(
      'granularity-invalid',
      '-EINVAL',
      region,
      eigOk
        ? `an interleaved root needs region granularity = root granularity ${rootGran}`
        : `granularity ${granularity} is not a power of two from 256 to 16384`,
      '(no message: interleave_granularity_store returns -EINVAL)',
      { step: `${region}/interleave_granularity` },
    );
  }
  const rootWays = window.ways;
  if (!waysToEiw(ways).ok) {
    return refuse(
      'ways-not-encodable',
      '-EINVAL',
      region,
      `interleave ways ${ways} is not encodable (1, 2, 3, 4, 6, 8, 12, 16)`,
      '(no message: ways_to_eiw fails in interleave_ways_store)',
      { step: `${region}/interleave_ways` },
    );
  }
  if (ways % rootWays !== 0 || !isPow2(ways / rootWays)) {
    return refuse(
      'ways-not-root-multiple',
      '-EINVAL',
      region,
      `region ways ${ways} must be the root's ${rootWays} ways times a power of two`,
      `invalid interleave: ${ways}`,
      { step: `${region}/interleave_ways` },
    );
  }
  if (size % stripe !== 0) {
    return refuse(
      'size-not-multiple',
      '-EINVAL',
      region,
      `size ${hex(size)} is not a multiple of 256 MiB × ${ways} ways = ${hex(stripe)}`,
      '(no message: alloc_hpa returns -EINVAL)',
      { step: `${region}/size` },
    );
  }
  const base = firstFit(window, used, size);
  if (base === null) {
    return refuse(
      'hpa-allocation',
      '-ERANGE',
      region,
      `no free ${hex(size)} range in window ${window.id}`,
      `HPA allocation error (-34) for size:${linuxHex(size)} in CXL Window ${windowIndex} ${linuxRange(window.base, window.size)}`,
      { step: `${region}/size` },
    );
  }

  // --- per member: decoder, DPA, attach ----------------------------------------------------------
  const states = new Map<string, MemberState>();
  const members: PlannedMember[] = [];
  const refs = new Map<string, PortRef>();
  const dpaSize = size / ways;
  for (let pos = 0; pos < memberIds.length; pos++) {
    const id = memberIds[pos] as string;
    const spec = topology.byId.get(id) as Type3Spec;
    const memName = names.memdevName(id);
    let st = states.get(id);
    if (st === undefined) {
      const dpa = deviceDpa(lab.decoders(id), spec.volatile, spec.persistent, (i) =>
        names.decoderName(id, i),
      );
      st = { spec, caps: readCaps(lab, id), dpa, taken: new Set() };
      states.set(id, st);
    }
    const decoders = lab.decoders(id);
    const free = decoders.find((d) => !d.committed && !st.taken.has(d.index));
    if (free === undefined) {
      return refuse(
        'no-free-endpoint-decoder',
        '-ENXIO',
        memName,
        `all ${decoders.length} endpoint decoders of ${memName} are in use`,
        `could not get a free decoder for ${memName}`,
        { source: 'cxl-cli', step: `cxl create-region target${pos}`, component: id },
      );
    }
    st.taken.add(free.index);
    const decName = names.decoderName(id, free.index);
    const alloc = allocateDpa(st.dpa, free.index, mode, dpaSize, (i) => names.decoderName(id, i));
    if (!alloc.ok) {
      return refuse(
        alloc.error.errno === '-ENOSPC' ? 'dpa-capacity' : 'dpa-allocation',
        alloc.error.errno,
        decName,
        alloc.error.rule,
        alloc.error.log,
        { step: `${decName}/dpa_size`, component: id, spec: SPEC_LINUX_HDM },
      );
    }
    st.dpa = alloc.value.after;
    const a = alloc.value.allocation;
    const step = `${region}/target${pos}`;

    // cxl_region_attach
    if (!interleaveSupported(st.caps, ways, granularity)) {
      return refuse(
        'endpoint-interleave-capability',
        '-ENXIO',
        decName,
        `${ways} ways at ${granularity} B interleaves on HPA bits ${memName} cannot decode ` +
          '(A11to8 / A14to12 and 3,6,12 / 16-way capability)',
        `${decName} iw: ${ways} ig: ${granularity} is not supported`,
        { step, component: id },
      );
    }
    const hops = upstreamHops(topology, id);
    const hostBridge = hops[0]?.port;
    if (hostBridge === undefined || !window.targets.includes(hostBridge)) {
      return refuse(
        'not-reachable',
        '-ENXIO',
        memName,
        `${memName} is not below a host bridge that ${window.id} targets (${window.targets.join(', ')})`,
        `${memName}:${decName} invalid target for ${rootDecoder}`,
        { step, component: id },
      );
    }
    const dup = members.find((m) => m.type3 === id);
    if (dup !== undefined) {
      return refuse(
        'memdev-duplicate',
        '-EBUSY',
        memName,
        `${memName} is already the member at position ${dup.position}`,
        `${memName} already specified at position ${pos} via: ${dup.decoderName}`,
        { step, component: id },
      );
    }
    const expectedHb = window.targets[pos % rootWays];
    if (expectedHb !== hostBridge) {
      return refuse(
        'position-host-bridge',
        '-ENXIO',
        memName,
        `position ${pos} must be below ${names.portName(expectedHb ?? '')} (${expectedHb}, the window's ` +
          `target ${pos % rootWays} = ${pos} mod ${rootWays}), but ${memName} is below ${names.portName(hostBridge)} (${hostBridge})`,
        `${memName}:${decName} invalid target position for ${rootDecoder}`,
        { step, component: id },
      );
    }
    // cxl_port_attach_region, endpoint port first, then up to the host bridge.
    const order = orderViolation(names, usage.get(id), id, base, size);
    if (order !== null) return order;
    for (let k = hops.length - 1; k >= 0; k--) {
      const hop = hops[k];
      if (hop === undefined) continue;
      const next = hops[k + 1]?.port ?? null;
      let ref = refs.get(hop.port);
      if (ref === undefined) {
        const violation = orderViolation(names, usage.get(hop.port), hop.port, base, size);
        if (violation !== null) return violation;
        const found = freePortDecoder(lab, names, hop.port, usage.get(hop.port) ?? [], region);
        if (!found.ok) return found;
        ref = found.value;
        refs.set(hop.port, ref);
      }
      countTarget(ref, pos, next);
      if (ref.nrTargets > ref.caps.targetCount) {
        return refuse(
          'targets-overflow',
          '-ENXIO',
          ref.decoderName,
          `${ref.nrTargets} distinct downstream ports exceed the decoder's Target Count ${ref.caps.targetCount}`,
          `${names.pci.get(hop.port) ?? hop.port}:${names.portName(hop.port)} ${ref.decoderName} add: ` +
            `${memName}:${decName} @ ${pos} overflows targets: ${ref.caps.targetCount}`,
          { step, component: hop.port },
        );
      }
    }
    members.push({
      position: pos,
      type3: id,
      hops,
      memdevName: memName,
      decoderName: decName,
      hostBridge,
      decoderIndex: free.index,
      dpaStart: a.start,
      dpaSize: a.size,
      skip: a.skip,
    });
  }

  // --- last member attached: derive every port decoder -------------------------------------------
  const refusal = setupTargets(
    {
      names,
      window,
      rootDecoder,
      regionName: region,
      base,
      size,
      granularity,
      portNumber: (dport) => portNumberOf(topology, dport),
    },
    members,
    refs,
  );
  if (refusal !== null) return { ok: false, error: refusal };

  const notes: string[] = [];
  for (const m of members) {
    const pos = calcInterleavePos(m, refs, window, m.hostBridge);
    if (pos !== m.position) {
      notes.push(
        `${m.decoderName}: Test cxl_calc_interleave_pos(): fail test_pos:${pos ?? -1} cxled->pos:${m.position} ` +
          '(Linux accepts the region but could not re-assemble it after a reboot)',
      );
    }
  }
  for (const ref of refs.values()) {
    if (ref.caps.passthrough) {
      notes.push(
        `${ref.decoderName} (${names.portName(ref.component)}, ${ref.component}) is Linux's software-only ` +
          'passthrough decoder: nothing is written. Only one region at a time can use it; QEMU builds ' +
          'without hdm_for_passthrough route through such a host bridge only via a committed decoder 0.',
      );
    }
  }

  const decoders = buildDecoders(names, refs, members, { base, size, ways, granularity, topology });
  const { order, writes } = commitSequence(lab, decoders, members);
  const targets: RegionTarget[] = members.map((m) => ({
    position: m.position,
    memdev: m.type3,
    memdevName: m.memdevName,
    endpoint: names.portName(m.type3),
    decoder: m.decoderName,
    decoderIndex: m.decoderIndex,
    hostBridge: m.hostBridge,
    dpaResource: m.dpaStart,
    dpaSize: m.dpaSize,
    skip: m.skip,
    path: [m.decoderName, ...[...m.hops].reverse().map((h) => refs.get(h.port)?.decoderName ?? '?')],
  }));
  return ok({
    kind: 'create',
    region,
    window: window.id,
    rootDecoder,
    base,
    size,
    ways,
    granularity,
    mode,
    type: mode === 'volatile' ? 'ram' : 'pmem',
    targets,
    decoders,
    order,
    writes,
    notes,
    labVersion: lab.version,
  });
}

/** alloc_region_ref: no region with a higher HPA may already use the port. */
function orderViolation(
  names: LinuxNames,
  users: readonly RegionInfo[] | undefined,
  component: string,
  base: number,
  size: number,
): Refused | null {
  const higher = (users ?? []).find((r) => r.base > base);
  if (higher === undefined) return null;
  const port = names.portName(component);
  return refuse(
    'hpa-order',
    '-EBUSY',
    port,
    `${higher.name} at ${hex(higher.base)} already uses ${port}; its decoders must commit in ascending HPA order`,
    `${port}: HPA order violation ${higher.name}:${linuxRange(higher.base, higher.size)} vs ${linuxRange(base, size)}`,
    { step: 'region target attach', component },
  );
}

/** cxl_rr_alloc_decoder / match_free_decoder for a host bridge or switch port. */
function freePortDecoder(
  lab: RegionLab,
  names: LinuxNames,
  component: string,
  users: readonly RegionInfo[],
  region: string,
): Result<PortRef, RegionRefusal> {
  const kind = lab.topology.byId.get(component)?.kind === 'host-bridge' ? 'host-bridge' : 'switch';
  const caps = readCaps(lab, component);
  const port = names.portName(component);
  const none = (why: string): Refused =>
    refuse('no-free-decoder', '-EBUSY', port, why, `${port}: no decoder available`, {
      step: `${region} target attach`,
      component,
    });
  if (caps.passthrough) {
    const user = users[0];
    if (user !== undefined) {
      return none(
        `the passthrough host bridge's single software decoder ${names.decoderName(component, 0)} is ` +
          `already reserved by ${user.name}`,
      );
    }
    return ok(newPortRef(component, kind, caps, 0, names.decoderName(component, 0)));
  }
  const decoders = lab.decoders(component);
  const commitEnd = decoders.reduce((m, d) => (d.committed ? Math.max(m, d.index) : m), -1);
  const candidate = commitEnd + 1;
  const count = Math.min(caps.decoderCount, decoders.length);
  if (candidate >= count) {
    return none(`all ${count} decoders of ${port} are committed`);
  }
  const gap = decoders.find((d) => d.index < candidate && !d.committed);
  if (gap !== undefined) {
    return none(
      `unable to allocate ${names.decoderName(component, candidate)} due to out of order shutdown ` +
        `(${names.decoderName(component, gap.index)} is not committed)`,
    );
  }
  return ok(newPortRef(component, kind, caps, candidate, names.decoderName(component, candidate)));
}

function buildDecoders(
  names: LinuxNames,
  refs: ReadonlyMap<string, PortRef>,
  members: readonly PlannedMember[],
  r: { base: number; size: number; ways: number; granularity: number; topology: RegionLab['topology'] },
): PlannedDecoder[] {
  const depth = new Map<string, number>();
  for (const m of members) {
    m.hops.forEach((h, k) => {
      depth.set(h.port, k);
    });
  }
  const portDecoders = [...refs.values()]
    .sort(
      (a, b) =>
        (depth.get(a.component) ?? 0) - (depth.get(b.component) ?? 0) ||
        a.decoderName.localeCompare(b.decoderName),
    )
    .map(
      (ref): PlannedDecoder => ({
        name: ref.decoderName,
        port: names.portName(ref.component),
        component: ref.component,
        kind: ref.kind,
        index: ref.decoderIndex,
        base: r.base,
        size: r.size,
        ways: ref.ways,
        granularity: ref.granularity,
        ...encodings(ref.ways, ref.granularity),
        targets: ref.targets.map((t) => portNumberOf(r.topology, t) ?? -1),
        targetIds: [...ref.targets],
        skip: 0,
        dpaResource: 0,
        dpaSize: 0,
        passthrough: ref.caps.passthrough,
        derivation: [
          ...ref.derivation,
          `targets = downstream ports in first-seen position order: ${ref.targets.join(', ')}`,
          `base = region start ${hex(r.base)}, size = region size ${hex(r.size)}`,
        ],
      }),
    );
  const endpointDecoders = members.map(
    (m): PlannedDecoder => ({
      name: m.decoderName,
      port: names.portName(m.type3),
      component: m.type3,
      kind: 'endpoint',
      index: m.decoderIndex,
      base: r.base,
      size: r.size,
      ways: r.ways,
      granularity: r.granularity,
      ...encodings(r.ways, r.granularity),
      targets: [],
      targetIds: [],
      skip: m.skip,
      dpaResource: m.dpaStart,
      dpaSize: m.dpaSize,
      passthrough: false,
      derivation: [
        `iw = region ways ${r.ways}, ig = region granularity ${r.granularity}`,
        `base = region start ${hex(r.base)}, size = region size ${hex(r.size)}`,
        `DPA ${hex(m.dpaStart)} + ${hex(m.dpaSize)} (size / ways), skip ${hex(m.skip)}`,
      ],
    }),
  );
  return [...portDecoders, ...endpointDecoders];
}

/** `cxl_region_decode_commit`: per member in position order, bottom-up, each decoder once. */
function commitSequence(
  lab: RegionLab,
  decoders: readonly PlannedDecoder[],
  members: readonly PlannedMember[],
): { order: string[]; writes: MmioWrite[] } {
  const byComponent = new Map(decoders.filter((d) => d.kind !== 'endpoint').map((d) => [d.component, d]));
  const byEndpoint = new Map(decoders.filter((d) => d.kind === 'endpoint').map((d) => [d.name, d]));
  const order: string[] = [];
  const writes: MmioWrite[] = [];
  const done = new Set<string>();
  for (const m of members) {
    const chain: (PlannedDecoder | undefined)[] = [
      byEndpoint.get(m.decoderName),
      ...[...m.hops].reverse().map((h) => byComponent.get(h.port)),
    ];
    for (const d of chain) {
      if (d === undefined || d.passthrough || done.has(d.name)) continue;
      done.add(d.name);
      order.push(d.name);
      const w = commitWrites(lab, {
        component: d.component,
        decoder: d.name,
        index: d.index,
        base: d.base,
        size: d.size,
        ways: d.ways,
        granularity: d.granularity,
        ...(d.kind === 'endpoint' ? { skip: d.skip } : { targets: d.targets }),
      });
      if (w !== null) writes.push(...w);
    }
  }
  return { order, writes };
}
