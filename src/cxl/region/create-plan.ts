/**
 * `createRegion`'s last phases: the notes a plan carries (positions Linux could not re-assemble,
 * passthrough decoders and what the platform profile makes of them), every planned decoder, and
 * `cxl_region_decode_commit`'s order and MMIO writes (linux drivers/cxl/core/region.c).
 */
import { ok, type Result } from '../result.ts';
import { profileFailureHint } from '../topology/platform.ts';
import { hex } from '../units.ts';
import { calcInterleavePos, type PortRef } from './assemble.ts';
import type { Attached, CreateContext, PlannedMember, RegionShape } from './create-context.ts';
import { refuse, SPEC_LINUX_HDM } from './refusal.ts';
import { commitWrites } from './registers.ts';
import { encodings, portNumberOf } from './registry.ts';
import type { MmioWrite, PlannedDecoder, RegionPlan, RegionRefusal, RegionTarget } from './types.ts';

/**
 * The plan: decoders, commit order and writes, targets and notes. Writes nothing. Refused when a
 * decoder's ways or granularity have no encoding (`commitControl`).
 */
export function buildPlan(
  ctx: CreateContext,
  shape: RegionShape,
  attached: Attached,
): Result<RegionPlan, RegionRefusal> {
  const { names, lab } = ctx;
  const { members, refs } = attached;
  const decoders = buildDecoders(ctx, shape, attached);
  const sequence = commitSequence(ctx, decoders, members);
  if (!sequence.ok) return sequence;
  const { order, writes } = sequence.value;
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
    region: shape.region,
    window: shape.window.id,
    rootDecoder: shape.rootDecoder,
    base: shape.base,
    size: shape.size,
    ways: shape.ways,
    granularity: shape.granularity,
    mode: shape.mode,
    type: shape.mode === 'volatile' ? 'ram' : 'pmem',
    targets,
    decoders,
    order,
    writes,
    notes: planNotes(ctx, shape, attached),
    labVersion: lab.version,
  });
}

/** Notes: positions Linux could not recompute, and each passthrough decoder with its consequence. */
function planNotes(ctx: CreateContext, shape: RegionShape, attached: Attached): string[] {
  const { names } = ctx;
  const notes: string[] = [];
  for (const m of attached.members) {
    const pos = calcInterleavePos(m, attached.refs, shape.window, m.hostBridge);
    if (pos !== m.position) {
      notes.push(
        `${m.decoderName}: Test cxl_calc_interleave_pos(): fail test_pos:${pos ?? -1} cxled->pos:${m.position} ` +
          '(Linux accepts the region but could not re-assemble it after a reboot)',
      );
    }
  }
  for (const ref of attached.refs.values()) {
    if (!ref.caps.passthrough) continue;
    const hint = profileFailureHint(ctx.topology, ref.component);
    notes.push(
      hint !== null
        ? `${ref.decoderName} (${names.portName(ref.component)}, ${ref.component}) is Linux's software-only ` +
            `passthrough decoder: nothing is written. ${hint.text} (sources: ${hint.spec})`
        : `${ref.decoderName} (${names.portName(ref.component)}, ${ref.component}) is Linux's software-only ` +
            'passthrough decoder: nothing is written. Only one region at a time can use it; QEMU builds ' +
            'without hdm_for_passthrough route through such a host bridge only via a committed decoder 0.',
    );
  }
  return notes;
}

function portDecoder(ctx: CreateContext, shape: RegionShape, ref: PortRef): PlannedDecoder {
  return {
    name: ref.decoderName,
    port: ctx.names.portName(ref.component),
    component: ref.component,
    kind: ref.kind,
    index: ref.decoderIndex,
    base: shape.base,
    size: shape.size,
    ways: ref.ways,
    granularity: ref.granularity,
    ...encodings(ref.ways, ref.granularity),
    targets: ref.targets.map((t) => portNumberOf(ctx.topology, t) ?? -1),
    targetIds: [...ref.targets],
    skip: 0,
    dpaResource: 0,
    dpaSize: 0,
    passthrough: ref.caps.passthrough,
    derivation: [
      ...ref.derivation,
      `targets = downstream ports in first-seen position order: ${ref.targets.join(', ')}`,
      `base = region start ${hex(shape.base)}, size = region size ${hex(shape.size)}`,
    ],
  };
}

function endpointDecoder(ctx: CreateContext, shape: RegionShape, m: PlannedMember): PlannedDecoder {
  return {
    name: m.decoderName,
    port: ctx.names.portName(m.type3),
    component: m.type3,
    kind: 'endpoint',
    index: m.decoderIndex,
    base: shape.base,
    size: shape.size,
    ways: shape.ways,
    granularity: shape.granularity,
    ...encodings(shape.ways, shape.granularity),
    targets: [],
    targetIds: [],
    skip: m.skip,
    dpaResource: m.dpaStart,
    dpaSize: m.dpaSize,
    passthrough: false,
    derivation: [
      `iw = region ways ${shape.ways}, ig = region granularity ${shape.granularity}`,
      `base = region start ${hex(shape.base)}, size = region size ${hex(shape.size)}`,
      `DPA ${hex(m.dpaStart)} + ${hex(m.dpaSize)} (size / ways), skip ${hex(m.skip)}`,
    ],
  };
}

/** Port decoders from the host bridge down (then by name), then the endpoint decoders. */
function buildDecoders(ctx: CreateContext, shape: RegionShape, attached: Attached): PlannedDecoder[] {
  const depth = new Map<string, number>();
  for (const m of attached.members) {
    m.hops.forEach((h, k) => {
      depth.set(h.port, k);
    });
  }
  const ports = [...attached.refs.values()]
    .sort(
      (a, b) =>
        (depth.get(a.component) ?? 0) - (depth.get(b.component) ?? 0) ||
        a.decoderName.localeCompare(b.decoderName),
    )
    .map((ref) => portDecoder(ctx, shape, ref));
  return [...ports, ...attached.members.map((m) => endpointDecoder(ctx, shape, m))];
}

/** `cxl_region_decode_commit`: per member in position order, bottom-up, each decoder once. */
function commitSequence(
  ctx: CreateContext,
  decoders: readonly PlannedDecoder[],
  members: readonly PlannedMember[],
): Result<{ order: string[]; writes: MmioWrite[] }, RegionRefusal> {
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
      const w = commitWrites(ctx.lab, {
        component: d.component,
        decoder: d.name,
        index: d.index,
        base: d.base,
        size: d.size,
        ways: d.ways,
        granularity: d.granularity,
        ...(d.kind === 'endpoint' ? { skip: d.skip } : { targets: d.targets }),
      });
      if (!w.ok) {
        return refuse(
          'commit-encoding',
          '-EINVAL',
          d.name,
          w.error.message,
          `${d.name}: ${w.error.message}`,
          {
            step: `${d.name} commit`,
            component: d.component,
            spec: SPEC_LINUX_HDM,
          },
        );
      }
      if (w.value !== null) writes.push(...w.value);
    }
  }
  return ok({ order, writes });
}
