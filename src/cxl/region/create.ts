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
 *
 * The steps run as named phases over a shared context (`create-context.ts`): objects, ways and mode,
 * enumeration, size, region attributes, HPA allocation (here); member attach (`create-attach.ts`);
 * target setup (`assemble.ts`); notes, decoders and commit order (`create-plan.ts`). Under the Linux
 * 6.1 platform profile a host bridge or switch with one downstream port takes the passthrough path
 * (`readCaps`, `topology/platform.ts`).
 */
import { ok, type Result } from '../result.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import { granularityToEig, waysToEiw } from '../spec/interleave.ts';
import type { Type3Spec } from '../topology/model.ts';
import { hex, isPow2 } from '../units.ts';
import { setupTargets } from './assemble.ts';
import { attachMembers } from './create-attach.ts';
import {
  type Attached,
  type CreateContext,
  type Refused,
  type RegionChoice,
  type RegionObjects,
  type RegionShape,
  rootGranularity,
  usedRanges,
  windowCaps,
} from './create-context.ts';
import { buildPlan } from './create-plan.ts';
import type { RegionMode } from './dpa.ts';
import { firstFit, maxAvailableExtent } from './hpa.ts';
import { type LinuxNames, linuxNames, upstreamHops } from './names.ts';
import { linuxHex, linuxRange, refuse, SPEC_LINUX_HDM } from './refusal.ts';
import { listRegions, nextRegionName, portNumberOf, type RegionInfo } from './registry.ts';
import type { RegionLab, RegionPlan, RegionRefusal, RegionRequest } from './types.ts';

export { rootGranularity, usedRanges, windowCaps } from './create-context.ts';

/** Plans a region the way `cxl create-region` and Linux would build it. Writes nothing. */
export function createRegion(lab: RegionLab, request: RegionRequest): Result<RegionPlan, RegionRefusal> {
  const ctx: CreateContext = {
    lab,
    request,
    topology: lab.topology,
    names: linuxNames(lab.topology),
    usage: usageByComponent(listRegions(lab)),
  };
  const objects = resolveObjects(ctx);
  if (!objects.ok) return objects;
  const choice = chooseWaysAndMode(ctx, objects.value);
  if (!choice.ok) return choice;
  const enumeration = checkEnumeration(ctx, choice.value.memberIds);
  if (enumeration !== null) return enumeration;
  const size = chooseSize(ctx, choice.value);
  if (!size.ok) return size;
  const shape = regionAttributes(ctx, choice.value, size.value);
  if (!shape.ok) return shape;
  const attached = attachMembers(ctx, shape.value);
  if (!attached.ok) return attached;
  const refusal = deriveTargets(ctx, shape.value, attached.value);
  if (refusal !== null) return { ok: false, error: refusal };
  return buildPlan(ctx, shape.value, attached.value);
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

/** cxl-cli: the root decoder (`-d`) and the memdevs (`-m`) exist. */
function resolveObjects(ctx: CreateContext): Result<RegionObjects, RegionRefusal> {
  const { topology, names, request } = ctx;
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
  return ok({ window, windowIndex, rootDecoder: names.rootDecoderName(windowIndex), memberIds });
}

/** cxl-cli: `ways` defaults to the member count and must equal it; the root allows the mode. */
function chooseWaysAndMode(ctx: CreateContext, objects: RegionObjects): Result<RegionChoice, RegionRefusal> {
  const { request } = ctx;
  const { window, rootDecoder, memberIds } = objects;
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
  return ok({ ...objects, ways, mode });
}

/** Every port on the members' paths enumerated (Linux's port probe). */
function checkEnumeration(ctx: CreateContext, memberIds: readonly string[]): Refused | null {
  for (const id of memberIds) {
    for (const c of [...upstreamHops(ctx.topology, id).map((h) => h.port), id]) {
      const bad = checkCommittedInOrder(ctx.lab, ctx.names, c) ?? checkPassthrough(ctx.lab, ctx.names, c);
      if (bad !== null) return bad;
    }
  }
  return null;
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

/**
 * cxl-cli: the given size, or the smallest member capacity of the mode × ways capped to the largest
 * free extent rounded down to 256 MiB × ways; a given size above the largest free extent is refused.
 */
function chooseSize(ctx: CreateContext, choice: RegionChoice): Result<number, RegionRefusal> {
  const { window, rootDecoder, memberIds, ways, mode } = choice;
  const extent = maxAvailableExtent(window, usedRanges(ctx.lab, window));
  const stripe = HDM_ALIGNMENT * ways;
  const requested = ctx.request.size;
  if (requested !== undefined && requested > 0) {
    if (requested > extent) {
      return refuse(
        'size-exceeds-free-space',
        '-ENOSPC',
        rootDecoder,
        `size ${hex(requested)} is larger than the largest free extent ${hex(extent)} of ${window.id}`,
        `${rootDecoder}: region size ${linuxHex(requested)} exceeds max available space`,
        { source: 'cxl-cli', step: 'cxl create-region -s' },
      );
    }
    return ok(requested);
  }
  const caps = memberIds.map((id) => {
    const s = ctx.topology.byId.get(id) as Type3Spec;
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
  let size = epMin * ways;
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
  return ok(size);
}

/** The region's name, then the kernel's attribute checks in order, then its HPA range. */
function regionAttributes(
  ctx: CreateContext,
  choice: RegionChoice,
  size: number,
): Result<RegionShape, RegionRefusal> {
  const region = nextRegionName(ctx.lab);
  const granularity = checkGranularity(ctx, choice, region);
  if (!granularity.ok) return granularity;
  const bad = checkWaysAndSize(choice, region, size);
  if (bad !== null) return bad;
  const { window, windowIndex } = choice;
  const base = firstFit(window, usedRanges(ctx.lab, window), size);
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
  return ok({ ...choice, region, size, granularity: granularity.value, base });
}

/**
 * Kernel: the window must offer create_{ram,pmem}_region (cxl-cli creates the region first); then
 * `interleave_granularity` (cxl-cli's root-only rule, then the kernel's encodability and root rule).
 */
function checkGranularity(
  ctx: CreateContext,
  choice: RegionChoice,
  region: string,
): Result<number, RegionRefusal> {
  const { window, rootDecoder, mode } = choice;
  if (!windowCaps(window).type3) {
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
  const given = ctx.request.granularity;
  const granularity = given ?? rootGran;
  if (given !== undefined && window.ways > 1 && granularity !== rootGran) {
    return refuse(
      'granularity-not-root',
      '-EINVAL',
      region,
      `an interleaved (x${window.ways}) root needs region granularity = root granularity ${rootGran}, not ${granularity}`,
      `${region}: For an x${window.ways} root, only root decoder granularity (${rootGran}) permitted`,
      { source: 'cxl-cli', step: `${region}/interleave_granularity` },
    );
  }
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
  return ok(granularity);
}

/** Kernel: `interleave_ways` encodable and a power-of-two multiple of the root's; `size` a stripe multiple. */
function checkWaysAndSize(choice: RegionChoice, region: string, size: number): Refused | null {
  const { ways } = choice;
  const rootWays = choice.window.ways;
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
  const stripe = HDM_ALIGNMENT * ways;
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
  return null;
}

/** With the last member attached: `cxl_port_setup_targets` on every port (`assemble.ts`). */
function deriveTargets(ctx: CreateContext, shape: RegionShape, attached: Attached): RegionRefusal | null {
  return setupTargets(
    {
      names: ctx.names,
      window: shape.window,
      rootDecoder: shape.rootDecoder,
      regionName: shape.region,
      base: shape.base,
      size: shape.size,
      granularity: shape.granularity,
      portNumber: (dport) => portNumberOf(ctx.topology, dport),
    },
    attached.members,
    attached.refs,
  );
}
