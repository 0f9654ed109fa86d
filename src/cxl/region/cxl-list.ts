/**
 * `cxlList`: the lab in the shape of `cxl list -BDMPTERvvv` (ndctl cxl/json.c, cxl/filter.c,
 * Documentation/cxl/cxl-list.txt), so a kernel developer can put it next to the output of a real machine.
 *
 * Nesting: one bus object (`root0`) holding `"ports:root0"` (host-bridge ports, each holding
 * `"ports:portN"` for switches below it, `"endpoints:portN"` and `"decoders:portN"`) and
 * `"decoders:root0"` (root decoders, each holding `"regions:decoder0.k"`). Endpoints embed their
 * `"memdev"` and `"decoders:endpointN"`. Keys appear in the order cxl-cli emits them.
 *
 * Values follow Linux's view of the registers: a decoder that is not committed has no
 * `resource`/`size` and is `"state":"disabled"`; `interleave_ways` is decoded from the Control
 * register even then; `interleave_granularity` only when ways > 1; port decoders list
 * `interleave_ways` targets from the Target List; endpoint decoders show the DPA Linux reserved.
 * A passthrough host bridge shows Linux's software decoder (1 way, one target).
 *
 * Not modelled (omitted rather than invented): mailbox-derived memdev fields (`health`,
 * `alert_config`, `firmware`, `firmware_version`), `numa_node`, protocol-error injection keys,
 * `qos_class_mismatch`, region `uuid`. PCI names are synthesized QEMU-style (see `names.ts`).
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { Type3Spec } from '../topology/model.ts';
import { rchAbove } from '../topology/restricted.ts';
import { rootGranularity, usedRanges } from './create.ts';
import { deviceDpa } from './dpa.ts';
import { maxAvailableExtent } from './hpa.ts';
import { hostBridgesInUidOrder, type LinuxNames, linuxNames } from './names.ts';
import { readCaps } from './registers.ts';
import { listRegions, type RegionInfo } from './registry.ts';
import type { RegionLab } from './types.ts';

/** A JSON value as cxl-cli prints it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface CxlListOptions {
  /** `-u`: hex fields as `"0x…"` strings, sizes as `"256.00 MiB (268.44 MB)"`. */
  human?: boolean;
}

function units(n: number, base: number, names: readonly string[]): string {
  let v = n;
  let i = 0;
  while (v >= base && i < names.length - 1) {
    v /= base;
    i += 1;
  }
  return `${v.toFixed(2)} ${names[i]}`;
}

/** cxl-cli's size field: a number, or with `-u` "256.00 MiB (268.44 MB)". */
function sizeField(n: number, opts: CxlListOptions): JsonValue {
  if (opts.human !== true || n < 5000 * 1024) return n;
  return `${units(n, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'])} (${units(n, 1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB'])})`;
}

/** cxl-cli's hex field: a number, or with `-u` "0x…". */
function hexField(n: number, opts: CxlListOptions): JsonValue {
  return opts.human === true ? `0x${n.toString(16)}` : n;
}

interface ListContext {
  lab: RegionLab;
  names: LinuxNames;
  opts: CxlListOptions;
  regions: RegionInfo[];
  /** Decoder name → region name. */
  regionOf: Map<string, string>;
}

function portDecoderJson(
  ctx: ListContext,
  component: string,
  d: { index: number; state: DecoderState | null },
): JsonObject {
  const name = ctx.names.decoderName(component, d.index);
  const s = d.state;
  const region = ctx.regionOf.get(name);
  const regionInfo = ctx.regions.find((r) => r.name === region);
  const committed = s?.committed === true;
  // Passthrough: Linux programs its software decoder with the region's range when one uses it.
  const size = s === null ? (regionInfo?.size ?? 0) : committed ? s.size : 0;
  const base = s === null ? (regionInfo?.base ?? 0) : s.base;
  const ways = s === null ? 1 : (s.ways ?? 1);
  const o: JsonObject = { decoder: name };
  if (size > 0) {
    o.resource = hexField(base, ctx.opts);
    o.size = sizeField(size, ctx.opts);
  }
  o.interleave_ways = ways;
  if (ways > 1 && s?.granularity != null) o.interleave_granularity = s.granularity;
  if (region !== undefined) o.region = region;
  if (size === 0) o.state = 'disabled';
  const topology = ctx.lab.topology;
  const byNumber = topology.portsByNumber.get(component);
  const targetNumbers =
    s === null
      ? [...(byNumber?.keys() ?? [])].slice(0, 1)
      : s.targets.slice(0, ways).filter((n) => byNumber?.has(n) === true);
  o.nr_targets = targetNumbers.length;
  o.targets = targetNumbers.map((n, position) => {
    const dport = byNumber?.get(n) ?? '';
    return { target: ctx.names.pci.get(dport) ?? dport, position, id: hexField(n, ctx.opts) };
  });
  return o;
}

function endpointDecoderJson(ctx: ListContext, spec: Type3Spec, s: DecoderState): JsonObject {
  const name = ctx.names.decoderName(spec.id, s.index);
  const o: JsonObject = { decoder: name };
  const size = s.committed ? s.size : 0;
  if (size > 0) {
    o.resource = hexField(s.base, ctx.opts);
    o.size = sizeField(size, ctx.opts);
  }
  const ways = s.ways ?? 1;
  o.interleave_ways = ways;
  if (ways > 1 && s.granularity !== null) o.interleave_granularity = s.granularity;
  const region = ctx.regionOf.get(name);
  if (region !== undefined) o.region = region;
  if (size === 0) o.state = 'disabled';
  const dpa = deviceDpa(ctx.lab.decoders(spec.id), spec.volatile, spec.persistent, (i) =>
    ctx.names.decoderName(spec.id, i),
  );
  const mapped = dpa.reservations.find((r) => r.decoder === s.index && r.kind === 'mapped');
  if (mapped !== undefined) {
    o.dpa_resource = hexField(mapped.start, ctx.opts);
    o.dpa_size = sizeField(mapped.size, ctx.opts);
    o.mode = mapped.partition === 'ram' ? 'ram' : mapped.partition === 'pmem' ? 'pmem' : 'mixed';
  }
  return o;
}

function memdevJson(ctx: ListContext, spec: Type3Spec): JsonObject {
  const o: JsonObject = { memdev: ctx.names.memdevName(spec.id) };
  if (spec.persistent > 0) o.pmem_size = sizeField(spec.persistent, ctx.opts);
  if (spec.volatile > 0) o.ram_size = sizeField(spec.volatile, ctx.opts);
  o.serial = hexField(spec.serial, ctx.opts);
  o.host = ctx.names.pci.get(spec.id) ?? spec.id;
  o.partition_info = {
    total_size: sizeField(spec.volatile + spec.persistent, ctx.opts),
    volatile_only_size: sizeField(spec.volatile, ctx.opts),
    persistent_only_size: sizeField(spec.persistent, ctx.opts),
    partition_alignment_size: 0,
  };
  return o;
}

function dportsJson(ctx: ListContext, component: string): JsonObject {
  const byNumber = ctx.lab.topology.portsByNumber.get(component);
  const list = [...(byNumber?.entries() ?? [])].sort((a, b) => a[0] - b[0]);
  return {
    nr_dports: list.length,
    dports: list.map(([n, id]) => ({ dport: ctx.names.pci.get(id) ?? id, id: hexField(n, ctx.opts) })),
  };
}

function committedCount(ctx: ListContext, component: string): number {
  return ctx.lab.decoders(component).filter((d) => d.committed).length;
}

function portDecoders(ctx: ListContext, component: string): JsonObject[] {
  if (readCaps(ctx.lab, component).passthrough) {
    return [portDecoderJson(ctx, component, { index: 0, state: null })];
  }
  return ctx.lab
    .decoders(component)
    .map((s) => portDecoderJson(ctx, component, { index: s.index, state: s }));
}

/** A host-bridge or switch port, with everything below it. */
function portJson(
  ctx: ListContext,
  component: string,
  depth: number,
  parentDport: string | null,
): JsonObject {
  const topology = ctx.lab.topology;
  const name = ctx.names.portName(component);
  const o: JsonObject = { port: name, host: ctx.names.pci.get(component) ?? component };
  if (parentDport !== null) o.parent_dport = ctx.names.pci.get(parentDport) ?? parentDport;
  o.depth = depth;
  o.decoders_committed = committedCount(ctx, component);
  Object.assign(o, dportsJson(ctx, component));
  const switches: JsonObject[] = [];
  const endpoints: JsonObject[] = [];
  for (const dport of topology.children.get(component) ?? []) {
    for (const below of topology.children.get(dport) ?? []) {
      const c = topology.byId.get(below);
      if (c?.kind === 'switch') switches.push(portJson(ctx, below, depth + 1, dport));
      if (c?.kind === 'type3') endpoints.push(endpointJson(ctx, c, depth + 1, dport));
    }
  }
  // cxl-cli lists children in port-id order.
  const byId = (a: JsonObject, b: JsonObject): number =>
    portIdOf(String(a.port ?? a.endpoint)) - portIdOf(String(b.port ?? b.endpoint));
  if (switches.length > 0) o[`ports:${name}`] = switches.sort(byId);
  if (endpoints.length > 0) o[`endpoints:${name}`] = endpoints.sort(byId);
  o[`decoders:${name}`] = portDecoders(ctx, component);
  return o;
}

function portIdOf(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m === null ? 0 : Number(m[1]);
}

function endpointJson(ctx: ListContext, spec: Type3Spec, depth: number, parentDport: string): JsonObject {
  const name = ctx.names.portName(spec.id);
  return {
    endpoint: name,
    host: ctx.names.memdevName(spec.id),
    parent_dport: ctx.names.pci.get(parentDport) ?? parentDport,
    depth,
    decoders_committed: committedCount(ctx, spec.id),
    memdev: memdevJson(ctx, spec),
    [`decoders:${name}`]: ctx.lab
      .decoders(spec.id)
      .slice(0, readCaps(ctx.lab, spec.id).decoderCount)
      .map((s) => endpointDecoderJson(ctx, spec, s)),
  };
}

/**
 * A restricted device's endpoint: a child of the root (depth 1), without parent_dport, its decoders
 * the ones Linux emulates from the DVSEC ranges (ndctl cxl/filter.c lists the root's endpoints;
 * drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec).
 */
function rcdEndpointJson(ctx: ListContext, spec: Type3Spec): JsonObject {
  const name = ctx.names.portName(spec.id);
  const decoders = ctx.lab.decoders(spec.id);
  return {
    endpoint: name,
    host: ctx.names.memdevName(spec.id),
    depth: 1,
    decoders_committed: decoders.filter((d) => d.committed).length,
    memdev: memdevJson(ctx, spec),
    [`decoders:${name}`]: decoders.map((s) => endpointDecoderJson(ctx, spec, s)),
  };
}

function regionJson(ctx: ListContext, r: RegionInfo): JsonObject {
  return {
    region: r.name,
    resource: hexField(r.base, ctx.opts),
    size: sizeField(r.size, ctx.opts),
    type: r.type,
    interleave_ways: r.ways,
    interleave_granularity: r.granularity,
    decode_state: r.committed ? 'commit' : 'reset',
    mappings: regionMappings(r),
  };
}

/** The lab as `cxl list -BDMPTERvvv` JSON (an array with the one CXL bus). */
export function cxlList(lab: RegionLab, opts: CxlListOptions = {}): JsonValue[] {
  const topology = lab.topology;
  const names = linuxNames(topology);
  const regions = listRegions(lab).filter((r) => r.problems.length === 0);
  const regionOf = new Map<string, string>();
  for (const r of regions) for (const d of r.decoders) regionOf.set(d.name, r.name);
  const ctx: ListContext = { lab, names, opts, regions, regionOf };

  const hostBridges = names.portList.filter((p) => p.kind === 'host-bridge');
  // Every host bridge is a root dport; a CXL 1.1 RCH is only that (no port), its RCD a root endpoint.
  const dportIds = hostBridgesInUidOrder(topology);
  const rcds = topology.spec.components.filter((c): c is Type3Spec => rchAbove(topology, c.id) !== undefined);
  const bus: JsonObject = {
    bus: names.root.name,
    provider: 'ACPI.CXL',
    nr_dports: dportIds.length,
    dports: dportIds.map((id) => {
      const spec = topology.byId.get(id);
      return {
        dport: names.pci.get(id) ?? id,
        alias: names.acpi.get(id) ?? '',
        id: hexField(spec?.kind === 'host-bridge' ? spec.uid : 0, opts),
      };
    }),
    [`ports:${names.root.name}`]: hostBridges.map((p) => portJson(ctx, p.componentId, 1, null)),
    ...(rcds.length === 0
      ? {}
      : { [`endpoints:${names.root.name}`]: rcds.map((c) => rcdEndpointJson(ctx, c)) }),
    [`decoders:${names.root.name}`]: topology.windows.map((w, k) => {
      const name = names.rootDecoderName(k);
      const o: JsonObject = {
        decoder: name,
        resource: hexField(w.base, opts),
        size: sizeField(w.size, opts),
        interleave_ways: w.ways,
      };
      if (w.ways > 1) o.interleave_granularity = rootGranularity(w);
      o.max_available_extent = sizeField(maxAvailableExtent(w, usedRanges(lab, w)), opts);
      if (w.restrictions.includes('persistent')) o.pmem_capable = true;
      if (w.restrictions.includes('volatile')) o.volatile_capable = true;
      if (w.restrictions.includes('type2')) o.accelmem_capable = true;
      o.qos_class = w.qtg;
      o.nr_targets = w.targets.length;
      o.targets = w.targets.map((hb, position) => {
        const spec = topology.byId.get(hb);
        return {
          target: names.pci.get(hb) ?? hb,
          alias: names.acpi.get(hb) ?? '',
          position,
          id: hexField(spec?.kind === 'host-bridge' ? spec.uid : 0, opts),
        };
      });
      const mine = regions.filter((r) => r.rootDecoder === name);
      if (mine.length > 0) o[`regions:${name}`] = mine.map((r) => regionJson(ctx, r));
      return o;
    }),
  };
  return [bus];
}

/** Members of a region in position order, as `cxl list -R -T` mappings show them. */
export function regionMappings(r: RegionInfo): { position: number; memdev: string; decoder: string }[] {
  return [...r.targets]
    .sort((a, b) => a.position - b.position)
    .map((t) => ({ position: t.position, memdev: t.memdevName, decoder: t.decoder }));
}

function formatJsonString(s: string): string {
  return JSON.stringify(s);
}

/**
 * JSON text laid out like cxl-cli's json-c "pretty" printing: two-space indentation, no space after
 * the colon (`"bus":"root0"`), empty arrays as `[]`.
 */
export function formatCxlJson(value: JsonValue, indent = 0): string {
  const pad = '  '.repeat(indent);
  const inner = '  '.repeat(indent + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${formatCxlJson(v, indent + 1)}`).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${formatJsonString(k)}:${formatCxlJson(v, indent + 1)}`).join(',\n')}\n${pad}}`;
  }
  return typeof value === 'string' ? formatJsonString(value) : JSON.stringify(value);
}
