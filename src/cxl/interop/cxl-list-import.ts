/**
 * A real machine → lab: the JSON of `cxl list -BDMPTERvvv` (ndctl cxl/json.c, cxl/filter.c) becomes a
 * `TopologySpec` whose decoders carry the programming the kernel left, so `createLab` programs the
 * same registers and the machine's decode paths can be walked and exercised.
 *
 * Input shapes: the nested listing (bus → `ports:root0` → `endpoints:portN` …), flat listings of
 * several object types (`{"buses":[…]}`, `"root decoders"`, `"anon memdevs"`, …), a single object
 * (`-u` with one result), and any subset of the flags. Numbers may be plain JSON integers or the
 * `-u` forms: `"0x…"` hex and `"256.00 MiB (268.44 MB)"` sizes (rounded to 256 MiB units, the unit
 * of every CXL capacity and decoder size, with a finding when the printed precision is coarser).
 *
 * Mapping:
 * - root decoders `decoder0.k` → windows `cfmw<k>` (same k; range, ways, granularity, targets by UID,
 *   `pmem_capable`/`volatile_capable`/`accelmem_capable`, `qos_class`); the listing shows no
 *   interleave arithmetic, so modulo is assumed (a finding says so for interleaved windows);
 * - host-bridge ports → host bridges (UID from the bus's dport `id`; else from a root decoder target;
 *   else the PCI bus number of `pci0000:bb`, as on QEMU, with a finding); their dports → root ports;
 *   switch ports → switches, their dports → downstream ports; endpoints → Type 3 devices (capacity
 *   and serial from the embedded memdev);
 * - port decoders → HDM decoders with base/size/ways/granularity/targets (target ids are port
 *   numbers); endpoint decoders → HDM decoders with DPA Skip computed from `dpa_resource` the way the
 *   spec accumulates DPABase. Enabled decoders (a size is listed) are committed; disabled ones keep
 *   their listed ways/granularity/targets, uncommitted. A granularity the listing hides (1-way
 *   decoders) is derived the way Linux programs it: the region's granularity times the ways above.
 * - A host bridge with one dport listing one decoder is passthrough (Linux's software decoder, no HDM
 *   registers: Linux drivers/cxl/core/hdm.c devm_cxl_add_passthrough_decoder). Linux 6.1 did so for
 *   HBs with registers too: drivers/cxl/port.c cxl_switch_port_probe took the passthrough decoder for
 *   any single-dport port until "cxl/port: Scan single-target ports for decoders" (April 2023, also
 *   sent to stable).
 *
 * Missing pieces are findings and stay missing: an endpoint whose parent port is not listed, a
 * decoder without targets or without `dpa_resource` (left unprogrammed), a root decoder whose targets
 * are not listed (no window), memdevs attached to no port. Host-bridge register bases are not listed:
 * the lab's default layout (0x1_0000_0000 + 64 KiB × n) is used.
 */

import { jsonNestingDepth } from '../json-depth.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { COMPONENT_BLOCK_SIZE, DEFAULT_REG_BASE } from '../spec/component-block.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import { DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS } from '../spec/hdm-decoder.ts';
import { PORT_DECODER_WAYS, VALID_GRANULARITIES, VALID_WAYS } from '../spec/interleave.ts';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  HostBridgeSpec,
  TopologySpec,
  Type3Spec,
  WindowRestriction,
  WindowSpec,
} from '../topology/model.ts';
import { validateTopology } from '../topology/validate.ts';
import { hex } from '../units.ts';

/** Largest listing accepted (characters). */
export const MAX_CXL_LIST_CHARS = 32 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_OBJECTS = 200_000;
const SPEC = 'ndctl cxl/json.c (cxl list JSON)';

export interface CxlListImportOptions {
  name?: string;
}

export interface CxlListImport {
  spec: TopologySpec;
  /** What the listing leaves out or contradicts, and what the import assumed. */
  findings: CxlError[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Dport {
  dport: string;
  alias: string | null;
  id: number | null;
}
interface RawBus {
  name: string;
  id: number;
  dports: Dport[] | null;
}
interface RawPort {
  name: string;
  id: number;
  host: string | null;
  parentDport: string | null;
  depth: number | null;
  dports: Dport[] | null;
  /** Port or root name from the nesting key (`ports:port1`). */
  nestedIn: string | null;
}
interface RawMemdev {
  name: string;
  serial: number | null;
  ram: number | null;
  pmem: number | null;
  host: string | null;
}
interface RawEndpoint {
  name: string;
  id: number;
  host: string | null;
  parentDport: string | null;
  nestedIn: string | null;
  memdev: RawMemdev | null;
}
interface RawDecoder {
  name: string;
  owner: number;
  index: number;
  o: JsonObject;
  /** Listed under `root decoders` / `decoders:rootN`. */
  rootHint: boolean;
}
interface RawRegion {
  name: string;
  base: number | null;
  size: number | null;
  granularity: number | null;
  mappings: { position: number; memdev: string; decoder: string }[];
}

class Findings {
  readonly list: CxlError[] = [];
  add(code: string, message: string, component?: string): void {
    if (this.list.length >= 500) return;
    const e: CxlError = { code, message, spec: SPEC };
    if (component !== undefined) e.component = component;
    this.list.push(e);
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' && v.length <= 256 ? v : null;
}

const UNIT_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
};

/** A listed number: JSON integer, `"0x…"`, decimal text, or `-u` size text (with its uncertainty). */
function numberOf(v: Json | undefined): { value: number; uncertainty: number } | null {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && v >= 0 ? { value: v, uncertainty: 0 } : null;
  }
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = v.trim();
  if (/^0x[0-9a-fA-F]{1,13}$/.test(t)) return { value: Number.parseInt(t.slice(2), 16), uncertainty: 0 };
  if (/^[0-9]{1,15}$/.test(t)) return { value: Number(t), uncertainty: 0 };
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|TiB|PiB)\b/.exec(t);
  if (m === null) return null;
  const unit = UNIT_BYTES[m[2] ?? 'B'] ?? 1;
  const decimals = (m[1] ?? '').split('.')[1]?.length ?? 0;
  const value = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(value)) return null;
  return { value, uncertainty: (unit * 0.5) / 10 ** decimals };
}

function intOf(v: Json | undefined): number | null {
  const n = numberOf(v);
  return n === null || n.uncertainty > 0 ? null : n.value;
}

function nameId(name: string, re: RegExp): number | null {
  const m = re.exec(name);
  return m === null ? null : Number(m[1]);
}

function dportsOf(v: Json | undefined): Dport[] | null {
  if (!Array.isArray(v)) return null;
  const out: Dport[] = [];
  for (const d of v) {
    if (!isObject(d)) continue;
    const dport = str(d.dport);
    if (dport === null) continue;
    out.push({ dport, alias: str(d.alias), id: intOf(d.id) });
  }
  return out;
}

interface Collected {
  buses: RawBus[];
  ports: Map<string, RawPort>;
  endpoints: Map<string, RawEndpoint>;
  memdevs: Map<string, RawMemdev>;
  decoders: Map<string, RawDecoder>;
  regions: Map<string, RawRegion>;
  objects: number;
}

const LIST_KEYS = new Set([
  'buses',
  'ports',
  'endpoints',
  'memdevs',
  'anon memdevs',
  'root decoders',
  'port decoders',
  'endpoint decoders',
  'regions',
  'decoders',
]);

function memdevOf(o: JsonObject): RawMemdev | null {
  const name = str(o.memdev);
  if (name === null) return null;
  const pi = isObject(o.partition_info) ? o.partition_info : null;
  const ram = numberOf(o.ram_size)?.value ?? numberOf(pi?.volatile_only_size)?.value ?? null;
  const pmem = numberOf(o.pmem_size)?.value ?? numberOf(pi?.persistent_only_size)?.value ?? null;
  return { name, serial: intOf(o.serial), ram, pmem, host: str(o.host) };
}

function collect(root: Json): Collected {
  const c: Collected = {
    buses: [],
    ports: new Map(),
    endpoints: new Map(),
    memdevs: new Map(),
    decoders: new Map(),
    regions: new Map(),
    objects: 0,
  };
  const visit = (v: Json, nestedIn: string | null, listKey: string | null, depth: number): void => {
    if (depth > MAX_DEPTH || c.objects > MAX_OBJECTS) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, nestedIn, listKey, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    c.objects++;
    let self: string | null = null;
    const bus = str(v.bus);
    const endpoint = str(v.endpoint);
    const port = str(v.port);
    const decoder = str(v.decoder);
    const region = str(v.region);
    if (bus !== null) {
      const id = nameId(bus, /^root(\d+)$/);
      if (id !== null && !c.buses.some((b) => b.name === bus))
        c.buses.push({ name: bus, id, dports: dportsOf(v.dports) });
      self = bus;
    } else if (endpoint !== null) {
      const id = nameId(endpoint, /^endpoint(\d+)$/);
      if (id !== null) {
        const md = isObject(v.memdev) ? memdevOf(v.memdev) : null;
        c.endpoints.set(endpoint, {
          name: endpoint,
          id,
          host: str(v.host),
          parentDport: str(v.parent_dport),
          nestedIn,
          memdev: md,
        });
        if (md !== null) c.memdevs.set(md.name, md);
      }
      self = endpoint;
    } else if (port !== null) {
      const id = nameId(port, /^port(\d+)$/);
      if (id !== null) {
        c.ports.set(port, {
          name: port,
          id,
          host: str(v.host),
          parentDport: str(v.parent_dport),
          depth: intOf(v.depth),
          dports: dportsOf(v.dports),
          nestedIn,
        });
      }
      self = port;
    } else if (decoder !== null) {
      const m = /^decoder(\d+)\.(\d+)$/.exec(decoder);
      if (m !== null) {
        const rootHint = listKey === 'root decoders' || (nestedIn !== null && /^root\d+$/.test(nestedIn));
        c.decoders.set(decoder, { name: decoder, owner: Number(m[1]), index: Number(m[2]), o: v, rootHint });
      }
      self = decoder;
    } else if (region !== null) {
      const mappings: RawRegion['mappings'] = [];
      if (Array.isArray(v.mappings)) {
        for (const mp of v.mappings) {
          if (!isObject(mp)) continue;
          const position = intOf(mp.position);
          const memdev = str(mp.memdev);
          const dec = str(mp.decoder);
          if (position !== null && memdev !== null && dec !== null)
            mappings.push({ position, memdev, decoder: dec });
        }
      }
      c.regions.set(region, {
        name: region,
        base: intOf(v.resource),
        size: numberOf(v.size)?.value ?? null,
        granularity: intOf(v.interleave_granularity),
        mappings,
      });
      self = region;
    } else if (str(v.memdev) !== null) {
      const md = memdevOf(v);
      if (md !== null && !c.memdevs.has(md.name)) c.memdevs.set(md.name, md);
      self = md?.name ?? null;
    }
    for (const [key, value] of Object.entries(v)) {
      if (value === null || typeof value !== 'object') continue;
      const colon = key.indexOf(':');
      if (colon > 0) visit(value, key.slice(colon + 1), key.slice(0, colon), depth + 1);
      else if (LIST_KEYS.has(key)) visit(value, self ?? nestedIn, key, depth + 1);
    }
  };
  visit(root, null, null, 0);
  return c;
}

/** A size field rounded to 256 MiB units when `-u` printed it approximately. */
function sizeField(v: Json | undefined, what: string, findings: Findings, component?: string): number | null {
  const n = numberOf(v);
  if (n === null) return null;
  if (n.uncertainty === 0) return n.value;
  const rounded = Math.round(n.value / HDM_ALIGNMENT) * HDM_ALIGNMENT;
  if (n.uncertainty >= HDM_ALIGNMENT / 2) {
    findings.add(
      'cxl-list.imprecise',
      `${what}: "${String(v)}" is printed too coarsely to know the exact size; ${hex(rounded)} assumed (list without -u for exact values)`,
      component,
    );
  }
  return rounded;
}

function roundUpCount(n: number, allowed: readonly number[]): number {
  return allowed.find((a) => a >= n) ?? allowed[allowed.length - 1] ?? n;
}

/** Parses `cxl list` JSON into a lab topology (see the module comment). Never throws. */
export function importCxlList(
  text: string,
  options: CxlListImportOptions = {},
): Result<CxlListImport, CxlError[]> {
  const fail = (code: string, message: string): Result<CxlListImport, CxlError[]> => ({
    ok: false,
    error: [{ code, message, spec: SPEC }],
  });
  if (typeof text !== 'string') return fail('cxl-list.input', 'expected the listing as text');
  if (text.length > MAX_CXL_LIST_CHARS) {
    return fail(
      'cxl-list.too-large',
      `the listing is ${text.length} characters; the lab reads at most ${MAX_CXL_LIST_CHARS}`,
    );
  }
  if (jsonNestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    return fail('cxl-list.too-deep', `the JSON nests deeper than ${MAX_DEPTH} levels; not a cxl list output`);
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    return fail(
      'cxl-list.json',
      `not valid JSON: ${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}`,
    );
  }
  const c = collect(root);
  if (c.objects > MAX_OBJECTS) return fail('cxl-list.too-large', `more than ${MAX_OBJECTS} objects`);
  const findings = new Findings();

  // Which root: the first listed bus, else the owner of root decoders.
  const portIds = new Set([...c.ports.values()].map((p) => p.id));
  const endpointIds = new Set([...c.endpoints.values()].map((e) => e.id));
  const rootDecoderOwners = [...c.decoders.values()]
    .filter(
      (d) =>
        d.rootHint ||
        (!portIds.has(d.owner) &&
          !endpointIds.has(d.owner) &&
          ('max_available_extent' in d.o || 'pmem_capable' in d.o || 'volatile_capable' in d.o)),
    )
    .map((d) => d.owner);
  const rootId = c.buses[0]?.id ?? rootDecoderOwners[0] ?? 0;
  const rootName = `root${rootId}`;
  const bus = c.buses.find((b) => b.id === rootId) ?? null;
  for (const b of c.buses.slice(1)) {
    findings.add(
      'cxl-list.extra-bus',
      `${b.name}: a second CXL root; the lab models one, so everything below it is left out`,
    );
  }
  if (c.ports.size === 0 && c.endpoints.size === 0 && c.decoders.size === 0) {
    return fail(
      'cxl-list.empty',
      'no CXL buses, ports, endpoints or decoders in the listing; list them with cxl list -BDMPTERvvv',
    );
  }

  const rootDecoders = [...c.decoders.values()]
    .filter((d) => d.owner === rootId && !portIds.has(d.owner) && !endpointIds.has(d.owner))
    .sort((a, b) => a.index - b.index);

  // Ports: host bridges are the root's children.
  const portsAll = [...c.ports.values()];
  const isHostBridge = (p: RawPort): boolean =>
    p.nestedIn === rootName ||
    p.depth === 1 ||
    (p.nestedIn === null &&
      p.depth === null &&
      p.parentDport === null &&
      /^pci[0-9a-f]{4}:[0-9a-f]{2}$/i.test(p.host ?? ''));
  const hbPorts = portsAll.filter(isHostBridge);
  const otherRoots = new Set(c.buses.slice(1).map((b) => b.name));
  const hbPortsHere = hbPorts.filter((p) => p.nestedIn === null || !otherRoots.has(p.nestedIn));

  // UIDs.
  const usedUids = new Set<number>();
  const hbInfo = hbPortsHere.map((p) => {
    let uid: number | null = null;
    let alias: string | null = null;
    const d = bus?.dports?.find((x) => x.dport === p.host || (x.alias !== null && x.alias === p.host));
    if (d !== undefined) {
      uid = d.id;
      alias = d.dport === p.host ? d.alias : d.dport;
    }
    if (uid === null) {
      for (const rd of rootDecoders) {
        const targets = Array.isArray(rd.o.targets) ? rd.o.targets : [];
        for (const t of targets) {
          if (isObject(t) && (str(t.target) === p.host || str(t.alias) === p.host) && intOf(t.id) !== null) {
            uid = intOf(t.id);
            alias = alias ?? (str(t.target) === p.host ? str(t.alias) : str(t.target));
          }
        }
      }
    }
    if (uid === null) {
      const m = /^pci[0-9a-f]{4}:([0-9a-f]{2})$/i.exec(p.host ?? '');
      if (m !== null) {
        uid = Number.parseInt(m[1] ?? '0', 16);
        findings.add(
          'cxl-list.uid-assumed',
          `${p.name} (${p.host}): its UID is not listed (list with -B -T); UID ${uid} = its PCI bus number assumed, as QEMU does`,
        );
      }
    }
    if (uid === null || usedUids.has(uid) || uid > 0xffffffff) {
      let n = 0;
      while (usedUids.has(n)) n++;
      findings.add('cxl-list.uid-unknown', `${p.name}: UID unknown; ${n} used (no window can name it)`);
      uid = n;
    }
    usedUids.add(uid);
    return { port: p, uid, alias };
  });
  hbInfo.sort((a, b) => a.uid - b.uid);

  // Build ports.
  const components: ComponentSpec[] = [];
  const hbByPort = new Map<string, HostBridgeSpec>();
  /** dport name → its downstream port component (root port or switch downstream port). */
  const dportComponent = new Map<string, { id: string; owner: string; port: number }>();
  const ownerComponent = new Map<string, string>(); // Linux port name → lab component id
  const ownerDports = new Map<string, Map<number, string>>(); // lab component → port number → dport component
  const addDports = (
    p: RawPort,
    ownerId: string,
    kind: 'root-port' | 'downstream-port',
    prefix: string,
  ): void => {
    const numbers = new Map<number, string>();
    let listed = p.dports;
    if (listed === null) {
      // Without -T the dports are known only from children's parent_dport.
      const names = new Set<string>();
      for (const x of [...c.ports.values(), ...c.endpoints.values()]) {
        if (x.parentDport !== null && x.nestedIn === p.name) names.add(x.parentDport);
      }
      listed = [...names].sort().map((dport) => ({ dport, alias: null, id: null }));
      if (listed.length > 0) {
        findings.add(
          'cxl-list.port-numbers',
          `${p.name}: dports not listed (list with -T); ${listed.length} inferred from the devices below, port numbers assigned in PCI order`,
          ownerId,
        );
      }
    }
    const used = new Set(listed.map((d) => d.id).filter((n): n is number => n !== null && n <= 255));
    for (const d of listed) {
      let n = d.id;
      if (n === null || n > 255 || numbers.has(n)) {
        let k = 0;
        while (used.has(k) || numbers.has(k)) k++;
        if (d.id !== null) {
          findings.add(
            'cxl-list.port-number',
            `${p.name}: dport ${d.dport} id ${d.id} is not a usable port number; ${k} used`,
            ownerId,
          );
        }
        n = k;
      }
      const id = `${prefix}.${n}`;
      numbers.set(n, id);
      dportComponent.set(d.dport, { id, owner: ownerId, port: n });
      components.push({ kind, id, parent: ownerId, port: n, name: d.dport });
    }
    ownerDports.set(ownerId, numbers);
  };
  hbInfo.forEach((h, k) => {
    const id = `hb${k}`;
    const spec: HostBridgeSpec = {
      kind: 'host-bridge',
      id,
      name: `${h.port.name} (${h.port.host ?? '?'}${h.alias === null ? '' : `, ${h.alias}`}, UID ${h.uid})`,
      uid: h.uid,
      decoderCount: 4,
      componentRegBase: DEFAULT_REG_BASE + k * COMPONENT_BLOCK_SIZE,
      decoders: [],
    };
    components.push(spec);
    hbByPort.set(h.port.name, spec);
    ownerComponent.set(h.port.name, id);
    addDports(h.port, id, 'root-port', `rp${k}`);
  });

  // Switches, top-down: a switch needs its parent dport placed first.
  const switches = portsAll.filter((p) => !isHostBridge(p));
  let pending = switches;
  let switchCount = 0;
  for (let pass = 0; pass < 64 && pending.length > 0; pass++) {
    const next: RawPort[] = [];
    for (const p of pending) {
      const parent = p.parentDport === null ? undefined : dportComponent.get(p.parentDport);
      if (parent === undefined) {
        next.push(p);
        continue;
      }
      const id = `sw${switchCount++}`;
      components.push({
        kind: 'switch',
        id,
        parent: parent.id,
        name: `${p.name} (${p.host ?? '?'})`,
        decoderCount: 4,
        decoders: [],
      });
      ownerComponent.set(p.name, id);
      addDports(p, id, 'downstream-port', `dsp${switchCount - 1}`);
    }
    if (next.length === pending.length) break;
    pending = next;
  }
  for (const p of pending) {
    findings.add(
      'cxl-list.parent-missing',
      p.parentDport === null
        ? `${p.name} (${p.host ?? '?'}): no parent_dport listed; switch left out with everything below it`
        : `${p.name} (${p.host ?? '?'}): its parent dport ${p.parentDport} is not listed; switch left out with everything below it`,
    );
  }

  // Endpoints → Type 3, in memN order (the lab names memdevs in file order).
  const type3s: { t: Type3Spec; ep: RawEndpoint; order: number }[] = [];
  const type3ByEndpoint = new Map<number, Type3Spec>();
  const attached = new Set<string>();
  for (const ep of c.endpoints.values()) {
    const parent = ep.parentDport === null ? undefined : dportComponent.get(ep.parentDport);
    const md = ep.memdev ?? (ep.host !== null ? (c.memdevs.get(ep.host) ?? null) : null);
    const memName = md?.name ?? ep.host ?? null;
    if (parent === undefined) {
      findings.add(
        'cxl-list.parent-missing',
        `${ep.name}${memName === null ? '' : ` (${memName})`}: its parent dport ${ep.parentDport ?? '(none listed)'} is not listed; device left out`,
      );
      continue;
    }
    if (memName !== null) attached.add(memName);
    const id = memName !== null && /^mem\d+$/.test(memName) ? memName : `ep${ep.id}`;
    const t: Type3Spec = {
      kind: 'type3',
      id,
      parent: parent.id,
      name: `${memName ?? '?'} (${ep.name}${md?.host == null ? '' : `, ${md.host}`})`,
      volatile: 0,
      persistent: 0,
      decoderCount: 4,
      serial: 0,
      decoders: [],
    };
    if (md === null) {
      findings.add(
        'cxl-list.memdev-missing',
        `${ep.name}: its memdev is not listed (list with -M); capacity sized to cover its decoders`,
        id,
      );
    } else {
      const ram = sizeField(md.ram, `${md.name} ram_size`, findings, id) ?? 0;
      const pmem = sizeField(md.pmem, `${md.name} pmem_size`, findings, id) ?? 0;
      t.volatile = Math.max(0, Math.round(ram / HDM_ALIGNMENT) * HDM_ALIGNMENT);
      t.persistent = Math.max(0, Math.round(pmem / HDM_ALIGNMENT) * HDM_ALIGNMENT);
      if (t.volatile !== ram || t.persistent !== pmem) {
        findings.add('cxl-list.capacity', `${md.name}: capacity not in 256 MiB units; rounded`, id);
      }
      if (md.serial === null) findings.add('cxl-list.serial', `${md.name}: no serial listed; 0 used`, id);
      else if (md.serial >= 2 ** 52)
        findings.add('cxl-list.serial', `${md.name}: serial beyond 2^52; 0 used`, id);
      else t.serial = md.serial;
    }
    type3s.push({ t, ep, order: nameId(id, /^mem(\d+)$/) ?? 1e9 + ep.id });
    type3ByEndpoint.set(ep.id, t);
    ownerComponent.set(ep.name, id);
  }
  for (const md of c.memdevs.values()) {
    if (!attached.has(md.name)) {
      findings.add(
        'cxl-list.memdev-unattached',
        `${md.name}${md.serial === null ? '' : ` (serial ${hex(md.serial)})`}: not below any listed port (an "anon memdev", or its endpoint is not listed); left out`,
      );
    }
  }
  type3s.sort((a, b) => a.order - b.order);

  // Windows.
  const windows: WindowSpec[] = [];
  const hbByUid = new Map(hbInfo.map((h) => [h.uid, hbByPort.get(h.port.name) as HostBridgeSpec]));
  for (const rd of rootDecoders) {
    const w = windowFrom(rd, hbByUid, hbInfo, findings);
    if (w !== null) windows.push(w);
  }

  // Decoders per owner.
  const regionG = regionGranularities(c);
  const portById = new Map<number, string>();
  for (const p of c.ports.values()) portById.set(p.id, p.name);
  for (const e of c.endpoints.values()) portById.set(e.id, e.name);
  const componentById = new Map(components.map((x) => [x.id, x]));
  for (const t of type3s) componentById.set(t.t.id, t.t);
  const byOwner = new Map<number, RawDecoder[]>();
  for (const d of c.decoders.values()) {
    if (d.owner === rootId && !portIds.has(d.owner) && !endpointIds.has(d.owner)) continue;
    const list = byOwner.get(d.owner) ?? [];
    list.push(d);
    byOwner.set(d.owner, list);
  }
  const rawByComponent = new Map<string, RawDecoder[]>();
  for (const [owner, list] of byOwner) {
    list.sort((a, b) => a.index - b.index);
    const portName = portById.get(owner);
    const compId = portName === undefined ? undefined : ownerComponent.get(portName);
    const comp = compId === undefined ? undefined : componentById.get(compId);
    if (comp === undefined) {
      findings.add(
        'cxl-list.owner-missing',
        `${list.map((d) => d.name).join(', ')}: ${portName ?? `port ${owner}`} is not listed (or was left out); decoder${list.length === 1 ? '' : 's'} left out`,
      );
      continue;
    }
    const count = (list[list.length - 1]?.index ?? -1) + 1;
    let limit = 0;
    if (comp.kind === 'host-bridge') {
      if ((ownerDports.get(comp.id)?.size ?? 0) === 1 && count === 1) {
        comp.decoderCount = 0;
        findings.add(
          'cxl-list.passthrough',
          `${portName}: one dport and one decoder listed: a passthrough host bridge (Linux's software decoder, no HDM registers; Linux 6.1 also does this for single-port bridges that have registers)`,
          comp.id,
        );
        continue;
      }
      comp.decoderCount = roundUpCount(count, DECODER_COUNT_BY_ENC);
      limit = comp.decoderCount;
    } else if (comp.kind === 'switch') {
      comp.decoderCount = roundUpCount(count, DECODER_COUNT_BY_ENC);
      limit = comp.decoderCount;
    } else if (comp.kind === 'type3') {
      comp.decoderCount = roundUpCount(count, DEVICE_DECODER_COUNTS);
      limit = comp.decoderCount;
    } else continue;
    if (count > limit) {
      findings.add(
        'cxl-list.decoder-count',
        `${portName}: ${count} decoders listed; the lab holds ${limit}`,
        comp.id,
      );
    }
    rawByComponent.set(
      comp.id,
      list.filter((d) => d.index < limit),
    );
  }

  // Program top-down: host bridges, switches (already in top-down order), then endpoints.
  const ctx: DecoderContext = { findings, windows, regionG, componentById, programmed: new Map() };
  for (const x of components) {
    const raw = rawByComponent.get(x.id);
    if ((x.kind === 'host-bridge' || x.kind === 'switch') && raw !== undefined) {
      x.decoders = portDecoders(ctx, x, raw, ownerDports.get(x.id) ?? new Map());
      ctx.programmed.set(x.id, x.decoders);
    }
  }
  for (const { t } of type3s) {
    const raw = rawByComponent.get(t.id);
    if (raw !== undefined) t.decoders = endpointDecoders(ctx, t, raw);
    else
      findings.add(
        'cxl-list.decoders-missing',
        `${t.id}: endpoint decoders not listed (list with -D); none programmed`,
        t.id,
      );
    if (t.volatile + t.persistent === 0) sizeFromDecoders(t, raw ?? [], findings);
  }

  // Regions that name memdevs the listing does not have.
  for (const r of c.regions.values()) {
    for (const m of r.mappings) {
      if (!attached.has(m.memdev)) {
        findings.add(
          'cxl-list.region-member-missing',
          `${r.name}: position ${m.position} is ${m.memdev} (${m.decoder}), which is not listed below any port; the region stays incomplete`,
        );
      }
    }
  }

  const spec: TopologySpec = {
    name: options.name ?? 'Imported from cxl list',
    windows,
    components: [...components, ...type3s.map((t) => t.t)],
    notes:
      'Imported from cxl list JSON: decoders as the kernel left them (enabled = committed). ' +
      'Host-bridge register bases are not in the listing (lab defaults used). ' +
      `${findings.list.length} finding${findings.list.length === 1 ? '' : 's'} at import.`,
  };
  const valid = validateTopology(spec);
  if (!valid.ok) return { ok: false, error: valid.error };
  return ok({ spec, findings: findings.list });
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
  hbByUid: Map<number, HostBridgeSpec>,
  hbInfo: { port: RawPort; uid: number; alias: string | null }[],
  findings: Findings,
): WindowSpec | null {
  const o = rd.o;
  const id = `cfmw${rd.index}`;
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
      `${rd.name}: its ${ways} target${ways === 1 ? '' : 's'} are not listed (list with -T); window left out`,
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
      const h = hbInfo.find((x) => x.port.host === name || x.alias === name);
      hb = h === undefined ? undefined : hbByUid.get(h.uid);
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
 * granularity × parent ways, the root's being the region granularity × root ways (Linux
 * drivers/cxl/core/region.c cxl_port_setup_targets).
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
