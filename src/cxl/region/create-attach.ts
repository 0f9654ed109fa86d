/**
 * `createRegion`'s member phase (linux drivers/cxl/core/region.c cxl_region_attach and
 * cxl_port_attach_region; cxl-cli's endpoint decoder choice): per member in position order, a free
 * endpoint decoder and its DPA, the attach checks, then a region reference on every port up its path.
 */
import { ok, type Result } from '../result.ts';
import type { Type3Spec } from '../topology/model.ts';
import { hex } from '../units.ts';
import { countTarget, type Hop, newPortRef, type PortRef } from './assemble.ts';
import type { Attached, CreateContext, MemberState, Refused, RegionShape } from './create-context.ts';
import { allocateDpa, deviceDpa } from './dpa.ts';
import { upstreamHops } from './names.ts';
import { linuxRange, refuse, SPEC_LINUX_HDM } from './refusal.ts';
import { interleaveSupported, readCaps } from './registers.ts';
import type { RegionInfo } from './registry.ts';
import type { RegionRefusal } from './types.ts';

/** The endpoint decoder a member takes and the DPA it gets. */
interface EndpointChoice {
  memName: string;
  decName: string;
  decoderIndex: number;
  dpaStart: number;
  dpaSize: number;
  skip: number;
  state: MemberState;
}

/** Attaches every member in position order; the first refusal stops the request. */
export function attachMembers(ctx: CreateContext, shape: RegionShape): Result<Attached, RegionRefusal> {
  const states = new Map<string, MemberState>();
  const attached: Attached = { members: [], refs: new Map() };
  for (let pos = 0; pos < shape.memberIds.length; pos++) {
    const id = shape.memberIds[pos] as string;
    const endpoint = takeEndpointDecoder(ctx, shape, states, id, pos);
    if (!endpoint.ok) return endpoint;
    const e = endpoint.value;
    const checked = checkMemberTarget(ctx, shape, attached, id, pos, e);
    if (!checked.ok) return checked;
    const hops = checked.value.hops;
    const ports = attachPorts(ctx, shape, attached, {
      id,
      pos,
      hops,
      memName: e.memName,
      decName: e.decName,
    });
    if (ports !== null) return ports;
    attached.members.push({
      position: pos,
      type3: id,
      hops,
      memdevName: e.memName,
      decoderName: e.decName,
      hostBridge: checked.value.hostBridge,
      decoderIndex: e.decoderIndex,
      dpaStart: e.dpaStart,
      dpaSize: e.dpaSize,
      skip: e.skip,
    });
  }
  return ok(attached);
}

/** cxl-cli: the first uncommitted endpoint decoder; kernel: its `mode` and `dpa_size` (hdm.c). */
function takeEndpointDecoder(
  ctx: CreateContext,
  shape: RegionShape,
  states: Map<string, MemberState>,
  id: string,
  pos: number,
): Result<EndpointChoice, RegionRefusal> {
  const { lab, names } = ctx;
  const spec = ctx.topology.byId.get(id) as Type3Spec;
  const memName = names.memdevName(id);
  let st = states.get(id);
  if (st === undefined) {
    const dpa = deviceDpa(lab.decoders(id), spec.volatile, spec.persistent, (i) => names.decoderName(id, i));
    st = { spec, caps: readCaps(lab, id), dpa, taken: new Set() };
    states.set(id, st);
  }
  const state = st;
  const decoders = lab.decoders(id);
  const free = decoders.find((d) => !d.committed && !state.taken.has(d.index));
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
  state.taken.add(free.index);
  const decName = names.decoderName(id, free.index);
  const dpaSize = shape.size / shape.ways;
  const alloc = allocateDpa(state.dpa, free.index, shape.mode, dpaSize, (i) => names.decoderName(id, i));
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
  state.dpa = alloc.value.after;
  const a = alloc.value.allocation;
  return ok({
    memName,
    decName,
    decoderIndex: free.index,
    dpaStart: a.start,
    dpaSize: a.size,
    skip: a.skip,
    state,
  });
}

/** cxl_region_attach: interleave capability, reachability, duplicates, position ↔ host bridge. */
function checkMemberTarget(
  ctx: CreateContext,
  shape: RegionShape,
  attached: Attached,
  id: string,
  pos: number,
  e: EndpointChoice,
): Result<{ hops: Hop[]; hostBridge: string }, RegionRefusal> {
  const { names } = ctx;
  const { window, ways, granularity, region, rootDecoder } = shape;
  const { memName, decName } = e;
  const step = `${region}/target${pos}`;
  if (!interleaveSupported(e.state.caps, ways, granularity)) {
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
  const hops = upstreamHops(ctx.topology, id);
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
  const dup = attached.members.find((m) => m.type3 === id);
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
  const rootWays = window.ways;
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
  return ok({ hops, hostBridge });
}

/** cxl_port_attach_region, endpoint port first, then every port up to the host bridge. */
function attachPorts(
  ctx: CreateContext,
  shape: RegionShape,
  attached: Attached,
  m: { id: string; pos: number; hops: Hop[]; memName: string; decName: string },
): Refused | null {
  const { names } = ctx;
  const { base, size, region } = shape;
  const order = orderViolation(ctx, m.id, base, size);
  if (order !== null) return order;
  for (let k = m.hops.length - 1; k >= 0; k--) {
    const hop = m.hops[k];
    if (hop === undefined) continue;
    const next = m.hops[k + 1]?.port ?? null;
    let ref = attached.refs.get(hop.port);
    if (ref === undefined) {
      const violation = orderViolation(ctx, hop.port, base, size);
      if (violation !== null) return violation;
      const found = freePortDecoder(ctx, hop.port, region);
      if (!found.ok) return found;
      ref = found.value;
      attached.refs.set(hop.port, ref);
    }
    countTarget(ref, m.pos, next);
    if (ref.nrTargets > ref.caps.targetCount) {
      return refuse(
        'targets-overflow',
        '-ENXIO',
        ref.decoderName,
        `${ref.nrTargets} distinct downstream ports exceed the decoder's Target Count ${ref.caps.targetCount}`,
        `${names.pci.get(hop.port) ?? hop.port}:${names.portName(hop.port)} ${ref.decoderName} add: ` +
          `${m.memName}:${m.decName} @ ${m.pos} overflows targets: ${ref.caps.targetCount}`,
        { step: `${region}/target${m.pos}`, component: hop.port },
      );
    }
  }
  return null;
}

/** alloc_region_ref: no region with a higher HPA may already use the port. */
function orderViolation(ctx: CreateContext, component: string, base: number, size: number): Refused | null {
  const users: readonly RegionInfo[] = ctx.usage.get(component) ?? [];
  const higher = users.find((r) => r.base > base);
  if (higher === undefined) return null;
  const port = ctx.names.portName(component);
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
  ctx: CreateContext,
  component: string,
  region: string,
): Result<PortRef, RegionRefusal> {
  const { lab, names } = ctx;
  const users = ctx.usage.get(component) ?? [];
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
