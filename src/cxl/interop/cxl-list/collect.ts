/**
 * Phase 1 of the `cxl list` import: walk the JSON once (any nesting, flat or single-object shape,
 * ndctl v73 … v81 keys) and collect buses, ports, endpoints, memdevs, decoders and regions by name.
 */
import {
  type Findings,
  field,
  intOf,
  isObject,
  type Json,
  type JsonObject,
  nameId,
  numberOf,
  str,
} from './values.ts';

export const MAX_DEPTH = 64;
export const MAX_OBJECTS = 200_000;

export interface Dport {
  dport: string;
  alias: string | null;
  id: number | null;
}
export interface RawBus {
  name: string;
  id: number;
  dports: Dport[] | null;
}
export interface RawPort {
  name: string;
  id: number;
  host: string | null;
  parentDport: string | null;
  depth: number | null;
  dports: Dport[] | null;
  /** Port or root name from the nesting key (`ports:port1`). */
  nestedIn: string | null;
}
export interface RawMemdev {
  name: string;
  serial: number | null;
  ram: number | null;
  pmem: number | null;
  host: string | null;
}
export interface RawEndpoint {
  name: string;
  id: number;
  host: string | null;
  parentDport: string | null;
  nestedIn: string | null;
  memdev: RawMemdev | null;
}
export interface RawDecoder {
  name: string;
  owner: number;
  index: number;
  o: JsonObject;
  /** Listed under `root decoders` / `decoders:rootN`. */
  rootHint: boolean;
}
export interface RawRegion {
  name: string;
  base: number | null;
  size: number | null;
  ways: number | null;
  granularity: number | null;
  mappings: { position: number; memdev: string; decoder: string }[];
}

export interface Collected {
  buses: Map<string, RawBus>;
  ports: Map<string, RawPort>;
  endpoints: Map<string, RawEndpoint>;
  memdevs: Map<string, RawMemdev>;
  decoders: Map<string, RawDecoder>;
  regions: Map<string, RawRegion>;
  objects: number;
  /** Keys no ndctl version prints, with how often each was seen (each named once in the notes). */
  unknownKeys: Map<string, number>;
}

const LIST_KEYS: ReadonlySet<string> = new Set([
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

/**
 * Every key ndctl v73 … v81 prints on a bus, port, endpoint, memdev, decoder or region object
 * (ndctl cxl/json.c, the `json_object_object_add` calls of each release). Known keys the lab does
 * not model (health, firmware, alert_config, poison …) are ignored silently.
 */
const KNOWN_KEYS: ReadonlySet<string> = new Set(
  (
    'accelmem_capable alert_config alias bus daxregion decode_state decoder decoders_committed depth ' +
    'dpa_resource dpa_size dport dports endpoint firmware firmware_version health host id ' +
    'interleave_granularity interleave_ways mappings max_available_extent memdev mode nr_dports ' +
    'nr_targets numa_node parent_dport partition_info pmem_capable pmem_qos_class pmem_size port ' +
    'provider qos_class qos_class_mismatch ram_qos_class ram_size region resource serial size state ' +
    'target targets total_size type uuid volatile_capable poison extended_linear_cache_size ' +
    'media_errors dpa_length hpa length offset source flags overflow_t overflow_ts'
  ).split(' '),
);

function dportsOf(v: Json | undefined): Dport[] | null {
  if (!Array.isArray(v)) return null;
  const out: Dport[] = [];
  for (const d of v) {
    if (!isObject(d)) continue;
    const dport = str(field(d, 'dport'));
    if (dport === null) continue;
    out.push({ dport, alias: str(field(d, 'alias')), id: intOf(field(d, 'id')) });
  }
  return out;
}

export function memdevOf(o: JsonObject): RawMemdev | null {
  const name = str(field(o, 'memdev'));
  if (name === null) return null;
  const piv = field(o, 'partition_info');
  const pi = isObject(piv) ? piv : null;
  const ram =
    numberOf(field(o, 'ram_size'))?.value ??
    (pi === null ? null : (numberOf(field(pi, 'volatile_only_size'))?.value ?? null));
  const pmem =
    numberOf(field(o, 'pmem_size'))?.value ??
    (pi === null ? null : (numberOf(field(pi, 'persistent_only_size'))?.value ?? null));
  return { name, serial: intOf(field(o, 'serial')), ram, pmem, host: str(field(o, 'host')) };
}

function regionOf(name: string, v: JsonObject): RawRegion {
  const mappings: RawRegion['mappings'] = [];
  const list = field(v, 'mappings');
  if (Array.isArray(list)) {
    for (const mp of list) {
      if (!isObject(mp)) continue;
      const position = intOf(field(mp, 'position'));
      const memdev = str(field(mp, 'memdev'));
      const dec = str(field(mp, 'decoder'));
      if (position !== null && memdev !== null && dec !== null)
        mappings.push({ position, memdev, decoder: dec });
    }
  }
  return {
    name,
    base: intOf(field(v, 'resource')),
    size: numberOf(field(v, 'size'))?.value ?? null,
    ways: intOf(field(v, 'interleave_ways')),
    granularity: intOf(field(v, 'interleave_granularity')),
    mappings,
  };
}

/** Records one object by its naming key; returns its name (the nesting owner of its children). */
function record(c: Collected, v: JsonObject, nestedIn: string | null, listKey: string | null): string | null {
  const bus = str(field(v, 'bus'));
  if (bus !== null) {
    const id = nameId(bus, /^root(\d{1,9})$/);
    if (id !== null && !c.buses.has(bus))
      c.buses.set(bus, { name: bus, id, dports: dportsOf(field(v, 'dports')) });
    return bus;
  }
  const endpoint = str(field(v, 'endpoint'));
  if (endpoint !== null) {
    const id = nameId(endpoint, /^endpoint(\d{1,9})$/);
    if (id !== null) {
      const mdv = field(v, 'memdev');
      const md = isObject(mdv) ? memdevOf(mdv) : null;
      if (isObject(mdv)) countUnknownKeys(c, mdv);
      c.endpoints.set(endpoint, {
        name: endpoint,
        id,
        host: str(field(v, 'host')),
        parentDport: str(field(v, 'parent_dport')),
        nestedIn,
        memdev: md,
      });
      if (md !== null) c.memdevs.set(md.name, md);
    }
    return endpoint;
  }
  const port = str(field(v, 'port'));
  if (port !== null) {
    const id = nameId(port, /^port(\d{1,9})$/);
    if (id !== null) {
      c.ports.set(port, {
        name: port,
        id,
        host: str(field(v, 'host')),
        parentDport: str(field(v, 'parent_dport')),
        depth: intOf(field(v, 'depth')),
        dports: dportsOf(field(v, 'dports')),
        nestedIn,
      });
    }
    return port;
  }
  const decoder = str(field(v, 'decoder'));
  if (decoder !== null) {
    const m = /^decoder(\d{1,9})\.(\d{1,4})$/.exec(decoder);
    if (m !== null) {
      const rootHint = listKey === 'root decoders' || (nestedIn !== null && /^root\d+$/.test(nestedIn));
      c.decoders.set(decoder, { name: decoder, owner: Number(m[1]), index: Number(m[2]), o: v, rootHint });
    }
    return decoder;
  }
  const region = str(field(v, 'region'));
  if (region !== null) {
    c.regions.set(region, regionOf(region, v));
    return region;
  }
  const md = str(field(v, 'memdev')) === null ? null : memdevOf(v);
  if (md !== null && !c.memdevs.has(md.name)) c.memdevs.set(md.name, md);
  return md?.name ?? null;
}

function countUnknownKeys(c: Collected, o: JsonObject): void {
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) c.unknownKeys.set(key, (c.unknownKeys.get(key) ?? 0) + 1);
  }
}

/** Walks the listing once; never recurses past MAX_DEPTH nor records more than MAX_OBJECTS. */
export function collect(root: Json): Collected {
  const c: Collected = {
    buses: new Map(),
    ports: new Map(),
    endpoints: new Map(),
    memdevs: new Map(),
    decoders: new Map(),
    regions: new Map(),
    objects: 0,
    unknownKeys: new Map(),
  };
  const visit = (v: Json, nestedIn: string | null, listKey: string | null, depth: number): void => {
    if (depth > MAX_DEPTH || c.objects > MAX_OBJECTS) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, nestedIn, listKey, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    c.objects++;
    const self = record(c, v, nestedIn, listKey);
    for (const key of Object.keys(v)) {
      const value = v[key] as Json;
      const colon = key.indexOf(':');
      if (colon > 0 && LIST_KEYS.has(key.slice(0, colon))) {
        if (value !== null && typeof value === 'object')
          visit(value, key.slice(colon + 1), key.slice(0, colon), depth + 1);
      } else if (LIST_KEYS.has(key)) {
        if (value !== null && typeof value === 'object') visit(value, self ?? nestedIn, key, depth + 1);
      } else if (!KNOWN_KEYS.has(key)) {
        c.unknownKeys.set(key, (c.unknownKeys.get(key) ?? 0) + 1);
      }
    }
  };
  visit(root, null, null, 0);
  return c;
}

/** One note per unknown key (the first 20 by name, then a count). */
export function noteUnknownKeys(c: Collected, findings: Findings): void {
  const keys = [...c.unknownKeys.entries()];
  for (const [key, n] of keys.slice(0, 20)) {
    findings.add(
      'cxl-list.unknown-key',
      `key "${key.slice(0, 64)}" (${n} ${n === 1 ? 'time' : 'times'}) is not one ndctl prints; ignored`,
    );
  }
  if (keys.length > 20) {
    findings.add('cxl-list.unknown-key', `and ${keys.length - 20} more unknown keys; ignored`);
  }
}
