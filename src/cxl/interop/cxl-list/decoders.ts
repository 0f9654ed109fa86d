/**
 * Import phases for root decoders (→ windows) and port / endpoint decoders (→ HDM decoder
 * programming as the kernel left it: enabled = committed, endpoint DPA Skip from `dpa_resource`).
 */

import { HDM_ALIGNMENT } from '../../spec/hdm-constants.ts';
import { DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS } from '../../spec/hdm-decoder.ts';
import { PORT_DECODER_WAYS, VALID_GRANULARITIES, VALID_WAYS } from '../../spec/interleave.ts';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  HostBridgeSpec,
  Type3Spec,
  WindowRestriction,
  WindowSpec,
} from '../../topology/model.ts';
import { hex } from '../../units.ts';
import type { Collected, RawDecoder } from './collect.ts';
import { type ImportContext, MAX_IMPORT_WINDOWS } from './context.ts';
import { type Findings, intOf, isObject, numberOf, plural, roundUpCount, sizeField, str } from './values.ts';

/** Phase: root decoders → windows (`cfmw<k>`; a second CXL root's get a suffix when k repeats). */
export function buildWindows(ctx: ImportContext): void {
  const hbByUid = new Map<number, HostBridgeSpec>();
  const uidByName = new Map<string, number>();
  for (const c of ctx.components) if (c.kind === 'host-bridge') hbByUid.set(c.uid, c);
  for (const h of ctx.hostBridges) {
    if (h.port.host !== null && !uidByName.has(h.port.host)) uidByName.set(h.port.host, h.uid);
    if (h.alias !== null && !uidByName.has(h.alias)) uidByName.set(h.alias, h.uid);
  }
  if (ctx.rootDecoders.length > MAX_IMPORT_WINDOWS) {
    ctx.refusal ??= {
      code: 'cxl-list.too-many-windows',
      message: `${ctx.rootDecoders.length} root decoders listed; a lab file holds at most ${MAX_IMPORT_WINDOWS} windows`,
    };
    return;
  }
  const ids = new Set<string>();
  for (const rd of ctx.rootDecoders) {
    let id = `cfmw${rd.index}`;
    if (ids.has(id)) id = `cfmw${rd.index}-root${rd.owner}`;
    if (ids.has(id)) continue;
    ids.add(id);
    const w = windowFrom(rd, id, hbByUid, uidByName, ctx.findings);
    if (w !== null) ctx.windows.push(w);
  }
}

/** Phase: every port's and endpoint's decoders, top-down (a port's granularity follows the one above). */
export function buildDecoders(ctx: ImportContext): void {
  const { findings } = ctx;
  const componentById = new Map<string, ComponentSpec>();
  for (const x of ctx.components) componentById.set(x.id, x);
  for (const { t } of ctx.type3s) componentById.set(t.id, t);
  for (const u of ctx.unplaced) componentById.set(u.device.id, u.device);
  const rawByComponent = decodersByComponent(ctx, componentById);
  const dctx: DecoderContext = {
    findings,
    windows: ctx.windows,
    regionG: regionGranularities(ctx.c),
    componentById,
    programmed: new Map(),
  };
  for (const x of ctx.components) {
    const raw = rawByComponent.get(x.id);
    if ((x.kind === 'host-bridge' || x.kind === 'switch') && raw !== undefined) {
      x.decoders = portDecoders(dctx, x, raw, ctx.ownerDports.get(x.id) ?? new Map());
      dctx.programmed.set(x.id, x.decoders);
    }
  }
  const devices = [
    ...ctx.type3s.map((x) => ({ t: x.t, endpoint: true })),
    ...ctx.unplaced.map((u) => ({ t: u.device, endpoint: u.endpoint !== null })),
  ];
  for (const { t, endpoint } of devices) {
    const raw = rawByComponent.get(t.id);
    if (raw !== undefined) t.decoders = endpointDecoders(dctx, t, raw);
    else if (endpoint) {
      findings.add(
        'cxl-list.decoders-missing',
        `${t.id}: endpoint decoders not listed (list with -D); none programmed`,
        t.id,
      );
    }
    if (t.volatile + t.persistent === 0) sizeFromDecoders(t, raw ?? [], findings);
  }
}

/** Decoders grouped by the component that owns them, clamped to the decoder counts the lab holds. */
function decodersByComponent(
  ctx: ImportContext,
  componentById: ReadonlyMap<string, ComponentSpec>,
): Map<string, RawDecoder[]> {
  const { c, findings } = ctx;
  const portById = new Map<number, string>();
  for (const p of c.ports.values()) portById.set(p.id, p.name);
  for (const e of c.endpoints.values()) portById.set(e.id, e.name);
  const byOwner = new Map<number, RawDecoder[]>();
  for (const d of c.decoders.values()) {
    if (ctx.rootIds.has(d.owner) && !portById.has(d.owner)) continue;
    const list = byOwner.get(d.owner) ?? [];
    list.push(d);
    byOwner.set(d.owner, list);
  }
  const out = new Map<string, RawDecoder[]>();
  for (const [owner, list] of byOwner) {
    list.sort((a, b) => a.index - b.index);
    const portName = portById.get(owner);
    const compId = portName === undefined ? undefined : ctx.ownerComponent.get(portName);
    const comp = compId === undefined ? undefined : componentById.get(compId);
    if (comp === undefined) {
      const names =
        list
          .slice(0, 8)
          .map((d) => d.name)
          .join(', ') + (list.length > 8 ? ', …' : '');
      findings.add(
        'cxl-list.owner-missing',
        `${names}: ${portName ?? `port ${owner}`} is not listed (or was left out); ${plural(list.length, 'decoder')} left out`,
      );
      continue;
    }
    const limit = decoderLimit(ctx, comp, portName ?? '', list);
    if (limit !== null)
      out.set(
        comp.id,
        list.filter((d) => d.index < limit),
      );
  }
  return out;
}

/** Sets the component's decoder count from the listing; null for a passthrough host bridge. */
function decoderLimit(
  ctx: ImportContext,
  comp: ComponentSpec,
  portName: string,
  list: RawDecoder[],
): number | null {
  const count = (list[list.length - 1]?.index ?? -1) + 1;
  if (comp.kind === 'host-bridge' && (ctx.ownerDports.get(comp.id)?.size ?? 0) === 1 && count === 1) {
    comp.decoderCount = 0;
    ctx.findings.add(
      'cxl-list.passthrough',
      `${portName}: one dport and one decoder listed: a passthrough host bridge (Linux's software decoder, no HDM registers; Linux 6.1 also does this for single-port bridges that have registers)`,
      comp.id,
    );
    return null;
  }
  if (comp.kind === 'root-port' || comp.kind === 'downstream-port') return null;
  comp.decoderCount = roundUpCount(
    count,
    comp.kind === 'type3' ? DEVICE_DECODER_COUNTS : DECODER_COUNT_BY_ENC,
  );
  if (count > comp.decoderCount) {
    ctx.findings.add(
      'cxl-list.decoder-count',
      `${portName}: ${count} decoders listed; the lab holds ${comp.decoderCount}`,
      comp.id,
    );
  }
  return comp.decoderCount;
}

interface DecoderContext {
  findings: Findings;
  windows: WindowSpec[];
  /** Region range (`base:size`) → region granularity. */
  regionG: Map<string, number>;
  componentById: Map<string, ComponentSpec>;
  /** Port decoders programmed so far, per component (parents before children). */
  programmed: Map<string, DecoderProgramSpec[]>;
}

function windowFrom(
  rd: RawDecoder,
  id: string,
  hbByUid: ReadonlyMap<number, HostBridgeSpec>,
  uidByName: ReadonlyMap<string, number>,
  findings: Findings,
): WindowSpec | null {
  const o = rd.o;
  const base = intOf(o.resource);
  const size = sizeField(o.size, `${rd.name} size`, findings, id);
  const ways = intOf(o.interleave_ways) ?? 1;
  if (base === null || size === null || size === 0) {
    findings.add('cxl-list.window-range', `${rd.name}: no resource/size listed; window left out`, id);
    return null;
  }
  if (!Array.isArray(o.targets)) {
    findings.add(
      'cxl-list.targets-missing',
      `${rd.name}: its ${ways} ${plural(ways, 'target')} are not listed (list with -T); window left out`,
      id,
    );
    return null;
  }
  const targets: { position: number; hb: HostBridgeSpec | undefined; text: string }[] = [];
  o.targets.forEach((t, k) => {
    if (!isObject(t)) return;
    const uid = intOf(t.id);
    const name = str(t.target);
    let hb = uid === null ? undefined : hbByUid.get(uid);
    if (hb === undefined && name !== null) {
      const byName = uidByName.get(name);
      hb = byName === undefined ? undefined : hbByUid.get(byName);
    }
    targets.push({ position: intOf(t.position) ?? k, hb, text: name ?? `UID ${uid ?? '?'}` });
  });
  targets.sort((a, b) => a.position - b.position);
  const missing = targets.filter((t) => t.hb === undefined);
  if (missing.length > 0 || targets.length !== ways) {
    findings.add(
      'cxl-list.targets-missing',
      missing.length > 0
        ? `${rd.name}: target${missing.length === 1 ? '' : 's'} ${missing.map((t) => t.text).join(', ')} not listed as host-bridge ports; window left out`
        : `${rd.name}: ${targets.length} targets listed for ${ways} ways; window left out`,
      id,
    );
    return null;
  }
  const restrictions: WindowRestriction[] = [];
  if (o.accelmem_capable === true) restrictions.push('type2');
  restrictions.push('type3');
  if (o.volatile_capable === true) restrictions.push('volatile');
  if (o.pmem_capable === true) restrictions.push('persistent');
  const qos = typeof o.qos_class === 'number' ? o.qos_class : null;
  if (ways > 1) {
    findings.add(
      'cxl-list.arithmetic',
      `${rd.name}: cxl list does not show the interleave arithmetic; modulo assumed (an XOR window needs its CXIMS from the CEDT)`,
      id,
    );
  }
  return {
    id,
    base,
    size,
    ways,
    granularity: ways > 1 ? (intOf(o.interleave_granularity) ?? 256) : 256,
    arithmetic: 'modulo',
    xormaps: [],
    targets: targets.map((t) => (t.hb as HostBridgeSpec).id),
    restrictions,
    qtg: qos !== null && Number.isInteger(qos) && qos >= 0 && qos <= 0xffff ? qos : 0,
  };
}

/** Region range → region granularity (from the region object, else any interleaved member decoder). */
function regionGranularities(c: Collected): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of c.regions.values()) {
    if (r.base !== null && r.size !== null && r.granularity !== null)
      out.set(`${r.base}:${r.size}`, r.granularity);
  }
  for (const d of c.decoders.values()) {
    if (!('dpa_resource' in d.o || 'mode' in d.o)) continue;
    const base = intOf(d.o.resource);
    const size = numberOf(d.o.size)?.value ?? null;
    const g = intOf(d.o.interleave_granularity);
    if (base !== null && size !== null && g !== null && !out.has(`${base}:${size}`))
      out.set(`${base}:${size}`, g);
  }
  return out;
}

/** Listed ways/granularity of a decoder, clamped to encodable values. */
function listedShape(d: RawDecoder, port: boolean): { ways: number; granularity: number } {
  const ways = intOf(d.o.interleave_ways) ?? 1;
  const g = intOf(d.o.interleave_granularity) ?? 256;
  const okWays = port ? PORT_DECODER_WAYS : VALID_WAYS;
  return { ways: okWays.includes(ways) ? ways : 1, granularity: VALID_GRANULARITIES.includes(g) ? g : 256 };
}

function enabledRange(
  ctx: DecoderContext,
  d: RawDecoder,
  comp: string,
): { base: number; size: number } | null {
  const base = intOf(d.o.resource);
  const size = sizeField(d.o.size, `${d.name} size`, ctx.findings, comp);
  if (base === null || size === null || size === 0) return null;
  return { base, size };
}

/** The host bridge or switch above a switch (through its root port / downstream port). */
function portAbove(ctx: DecoderContext, comp: ComponentSpec): ComponentSpec | undefined {
  if (comp.kind === 'host-bridge') return undefined;
  const dport = ctx.componentById.get(comp.parent);
  if (dport === undefined || dport.kind === 'host-bridge') return undefined;
  return ctx.componentById.get(dport.parent);
}

/**
 * The granularity Linux programs on a port decoder whose listing hides it (1-way): parent
 * granularity × parent ways, the root's being the region granularity × root ways (Linux drivers/cxl/core/region.c
 * `cxl_port_setup_targets`).
 */
function derivedPortGranularity(
  ctx: DecoderContext,
  comp: ComponentSpec,
  base: number,
  size: number,
): number {
  const g = ctx.regionG.get(`${base}:${size}`) ?? 256;
  if (comp.kind === 'host-bridge') {
    const w = ctx.windows.find((x) => x.base <= base && base + size <= x.base + x.size);
    const rootWays = w === undefined ? 1 : w.ways % 3 === 0 ? w.ways / 3 : w.ways;
    return Math.min(16384, g * rootWays);
  }
  const up = portAbove(ctx, comp);
  if (up === undefined) return g;
  if (up.kind === 'host-bridge' && up.decoderCount === 0) return derivedPortGranularity(ctx, up, base, size);
  const above = (ctx.programmed.get(up.id) ?? []).find((x) => x.commit && x.base === base && x.size === size);
  return above === undefined ? g : Math.min(16384, above.granularity * above.ways);
}

function portDecoders(
  ctx: DecoderContext,
  comp: ComponentSpec,
  list: readonly RawDecoder[],
  numbers: ReadonlyMap<number, string>,
): DecoderProgramSpec[] {
  const dportByName = new Map<string, number>();
  for (const [n, id] of numbers) {
    const name = ctx.componentById.get(id)?.name;
    if (name !== undefined) dportByName.set(name, n);
  }
  const reset = (): DecoderProgramSpec => ({
    base: 0,
    size: 0,
    ways: 1,
    granularity: 256,
    targets: [0],
    commit: false,
    lock: false,
  });
  const out: DecoderProgramSpec[] = [];
  for (const d of list) {
    while (out.length < d.index) out.push(reset());
    const shape = listedShape(d, true);
    let targets: number[] | null = null;
    if (Array.isArray(d.o.targets)) {
      const listed: { pos: number; n: number | null }[] = [];
      d.o.targets.forEach((t, k) => {
        if (!isObject(t)) return;
        const name = str(t.target);
        const n = intOf(t.id) ?? (name === null ? null : (dportByName.get(name) ?? null));
        listed.push({ pos: intOf(t.position) ?? k, n });
      });
      listed.sort((a, b) => a.pos - b.pos);
      const first = listed.slice(0, shape.ways);
      if (first.length === shape.ways && first.every((t) => t.n !== null && numbers.has(t.n))) {
        targets = first.map((t) => t.n as number);
      }
    }
    const range = enabledRange(ctx, d, comp.id);
    if (range !== null && targets === null) {
      ctx.findings.add(
        'cxl-list.targets-missing',
        `${d.name}: enabled, but ${Array.isArray(d.o.targets) ? 'its targets name ports that are not listed' : 'its targets are not listed (list with -T)'}; left unprogrammed`,
        comp.id,
      );
    }
    if (range === null || targets === null) {
      // Disabled (or unusable): keep what the listing shows, uncommitted.
      out.push({ ...reset(), ...shape, targets: targets ?? Array.from({ length: shape.ways }, (_, k) => k) });
      continue;
    }
    const granularity =
      shape.ways > 1 && intOf(d.o.interleave_granularity) !== null
        ? shape.granularity
        : derivedPortGranularity(ctx, comp, range.base, range.size);
    out.push({
      base: range.base,
      size: range.size,
      ways: shape.ways,
      granularity,
      targets,
      commit: true,
      lock: false,
    });
  }
  return out;
}

function endpointDecoders(
  ctx: DecoderContext,
  t: Type3Spec,
  list: readonly RawDecoder[],
): DecoderProgramSpec[] {
  const reset = (): DecoderProgramSpec => ({
    base: 0,
    size: 0,
    ways: 1,
    granularity: 256,
    skip: 0,
    commit: false,
    lock: false,
  });
  const out: DecoderProgramSpec[] = [];
  let dpaEnd = 0;
  for (const d of list) {
    while (out.length < d.index) out.push(reset());
    const shape = listedShape(d, false);
    const range = enabledRange(ctx, d, t.id);
    if (range === null) {
      out.push({ ...reset(), ...shape });
      continue;
    }
    const dpa = intOf(d.o.dpa_resource);
    if (dpa === null) {
      ctx.findings.add(
        'cxl-list.dpa-missing',
        `${d.name}: enabled but no dpa_resource listed; left unprogrammed`,
        t.id,
      );
      out.push({ ...reset(), ...shape });
      continue;
    }
    const skip = dpa - dpaEnd;
    if (skip < 0 || skip % HDM_ALIGNMENT !== 0 || range.size % shape.ways !== 0) {
      ctx.findings.add(
        'cxl-list.dpa-order',
        `${d.name}: dpa_resource ${hex(dpa)} cannot follow the DPA mapped before it (up to ${hex(dpaEnd)}) with a 256 MiB-unit DPA Skip; left unprogrammed`,
        t.id,
      );
      out.push({ ...reset(), ...shape });
      continue;
    }
    const granularity =
      shape.ways > 1 && intOf(d.o.interleave_granularity) !== null
        ? shape.granularity
        : (ctx.regionG.get(`${range.base}:${range.size}`) ?? 256);
    const dpaSize = range.size / shape.ways;
    const listedDpaSize = sizeField(d.o.dpa_size, `${d.name} dpa_size`, ctx.findings, t.id);
    if (listedDpaSize !== null && listedDpaSize !== dpaSize) {
      ctx.findings.add(
        'cxl-list.dpa-size',
        `${d.name}: dpa_size ${hex(listedDpaSize)} but size/ways is ${hex(dpaSize)}; the registers decode size/ways`,
        t.id,
      );
    }
    const end = dpa + dpaSize;
    const mode = str(d.o.mode);
    const capacity = t.volatile + t.persistent;
    if (capacity > 0 && mode === 'ram' && end > t.volatile) {
      ctx.findings.add(
        'cxl-list.mode',
        `${d.name}: mode ram but DPA ${hex(dpa)}…${hex(end - 1)} runs past the ram partition`,
        t.id,
      );
    }
    if (capacity > 0 && mode === 'pmem' && (dpa < t.volatile || end > capacity)) {
      ctx.findings.add(
        'cxl-list.mode',
        `${d.name}: mode pmem but DPA ${hex(dpa)}…${hex(end - 1)} is outside the pmem partition`,
        t.id,
      );
    }
    out.push({
      base: range.base,
      size: range.size,
      ways: shape.ways,
      granularity,
      skip,
      commit: true,
      lock: false,
    });
    dpaEnd = end;
  }
  return out;
}

/**
 * Without a memdev: capacity just large enough for the DPA its enabled decoders map — ram up to the
 * end of the last `ram` decoder, pmem from there to the end of the last `pmem` decoder.
 */
function sizeFromDecoders(t: Type3Spec, list: readonly RawDecoder[], findings: Findings): void {
  const modeOf = new Map(list.map((d) => [d.index, str(d.o.mode)]));
  let dpa = 0;
  let ramEnd = 0;
  let end = 0;
  t.decoders.forEach((d, index) => {
    dpa += d.skip ?? 0;
    const span = d.commit ? d.size / d.ways : 0;
    if (span > 0) {
      if (modeOf.get(index) !== 'pmem') ramEnd = Math.max(ramEnd, dpa + span);
      end = Math.max(end, dpa + span);
    }
    dpa += span;
  });
  if (end === 0) return;
  t.volatile = Math.ceil(ramEnd / HDM_ALIGNMENT) * HDM_ALIGNMENT;
  t.persistent = Math.max(0, Math.ceil(end / HDM_ALIGNMENT) * HDM_ALIGNMENT - t.volatile);
  findings.add(
    'cxl-list.capacity-derived',
    `${t.id}: capacity not listed; ${hex(t.volatile)} volatile + ${hex(t.persistent)} persistent assumed, just what its decoders map`,
    t.id,
  );
}
