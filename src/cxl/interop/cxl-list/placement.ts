/**
 * Where a port or endpoint sits when the listing names no `parent_dport` (ndctl ≤ v76): from the
 * committed decoders and region mappings, inverting the position arithmetic of region assembly.
 *
 * Linux drivers/cxl/core/region.c `cxl_calc_interleave_pos` builds a member's position walking up
 * from the endpoint: pos = pos × ways + (index of the dport in the port decoder's target list), and
 * at the root pos × root ways + the host bridge's index (the lab's `calcInterleavePos` in
 * `src/cxl/region/assemble.ts`). Read downwards, the host bridge's index is
 * ⌊pos / root ways⌋ mod its ways, the next port's ⌊pos / (root ways × HB ways)⌋ mod its ways, and so
 * on: each port decoder covering the region, with its ways and target list, names the dport the
 * member's path takes — the same `distance` `cxl_port_setup_targets` checks peers against.
 */
import type { Collected, RawDecoder, RawEndpoint, RawPort, RawRegion } from './collect.ts';
import { field, intOf, isObject, type JsonObject, numberOf, str } from './values.ts';

/** A placement and the evidence for it ("region0 position 1 → decoder1.0 target 1"). */
export interface Placement {
  dport: string;
  evidence: string;
}
export type PlacementVerdict = Placement | { conflict: string };

/** How far up the nesting a chain may go (deeper than any CXL hierarchy: one root, HB, 16 switches). */
const MAX_CHAIN = 32;

export interface PlacementIndex {
  /** Port or endpoint name → the port it is nested in (by `ports:`/`endpoints:` key). */
  parentPort: (x: RawPort | RawEndpoint) => RawPort | null;
  /** Decoders of a port or endpoint, by Linux port id. */
  decodersByOwner: ReadonlyMap<number, RawDecoder[]>;
  endpointById: ReadonlyMap<number, RawEndpoint>;
  /** Root decoders sorted by base, for the region → window lookup. */
  rootByBase: { base: number; size: number; d: RawDecoder }[];
}

export function placementIndex(c: Collected, rootDecoders: readonly RawDecoder[]): PlacementIndex {
  const decodersByOwner = new Map<number, RawDecoder[]>();
  for (const d of c.decoders.values()) {
    const list = decodersByOwner.get(d.owner);
    if (list === undefined) decodersByOwner.set(d.owner, [d]);
    else if (list.length < 64) list.push(d);
  }
  const endpointById = new Map<number, RawEndpoint>();
  for (const e of c.endpoints.values()) endpointById.set(e.id, e);
  const rootByBase: PlacementIndex['rootByBase'] = [];
  for (const d of rootDecoders) {
    const base = intOf(field(d.o, 'resource'));
    const size = numberOf(field(d.o, 'size'))?.value ?? null;
    if (base !== null && size !== null && size > 0) rootByBase.push({ base, size, d });
  }
  rootByBase.sort((a, b) => a.base - b.base);
  const parentPort = (x: RawPort | RawEndpoint): RawPort | null =>
    x.nestedIn === null ? null : (c.ports.get(x.nestedIn) ?? null);
  return { parentPort, decodersByOwner, endpointById, rootByBase };
}

function rootDecoderOf(ix: PlacementIndex, base: number): RawDecoder | null {
  let lo = 0;
  let hi = ix.rootByBase.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ix.rootByBase[mid]?.base ?? 0) <= base) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const w = ix.rootByBase[found];
  return w !== undefined && base < w.base + w.size ? w.d : null;
}

/** The decoder of port `owner` whose committed range holds `base`. */
function coveringDecoder(ix: PlacementIndex, owner: number, base: number): RawDecoder | null {
  for (const d of ix.decodersByOwner.get(owner) ?? []) {
    const b = intOf(field(d.o, 'resource'));
    const s = numberOf(field(d.o, 'size'))?.value ?? null;
    if (b !== null && s !== null && s > 0 && b <= base && base < b + s) return d;
  }
  return null;
}

/** Target names in position order (`targets[].target`), or null when not listed (no -T). */
function targetNames(o: JsonObject): string[] | null {
  const list = field(o, 'targets');
  if (!Array.isArray(list)) return null;
  const out: { pos: number; name: string }[] = [];
  list.forEach((t, k) => {
    if (!isObject(t)) return;
    const name = str(field(t, 'target'));
    if (name !== null) out.push({ pos: intOf(field(t, 'position')) ?? k, name });
  });
  return out.sort((a, b) => a.pos - b.pos).map((t) => t.name);
}

/** The member's ports from its host bridge down, then the endpoint; null when the chain breaks. */
function chainOf(ix: PlacementIndex, ep: RawEndpoint): (RawPort | RawEndpoint)[] | null {
  const chain: (RawPort | RawEndpoint)[] = [ep];
  let up = ix.parentPort(ep);
  while (up !== null) {
    if (chain.length > MAX_CHAIN || chain.includes(up)) return null;
    chain.unshift(up);
    up = ix.parentPort(up);
  }
  return chain.length >= 2 ? chain : null;
}

function setVerdict(out: Map<string, PlacementVerdict>, child: string, p: Placement): void {
  const had = out.get(child);
  if (had === undefined) out.set(child, p);
  else if ('dport' in had && had.dport !== p.dport) {
    out.set(child, {
      conflict: `${had.evidence} puts it below ${had.dport}, but ${p.evidence} below ${p.dport}`,
    });
  }
}

/** One member of one region: the dport at every port on its path. */
function placeMember(
  ix: PlacementIndex,
  out: Map<string, PlacementVerdict>,
  r: RawRegion & { base: number },
  m: RawRegion['mappings'][number],
  rootWays: number,
): void {
  const owner = /^decoder(\d{1,9})\./.exec(m.decoder);
  const ep = owner === null ? undefined : ix.endpointById.get(Number(owner[1]));
  if (ep === undefined) return;
  const chain = chainOf(ix, ep);
  if (chain === null) return;
  let stride = rootWays;
  for (let k = 0; k + 1 < chain.length; k++) {
    const port = chain[k] as RawPort;
    const child = chain[k + 1] as RawPort | RawEndpoint;
    const d = coveringDecoder(ix, port.id, r.base);
    const ways = d === null ? null : intOf(field(d.o, 'interleave_ways'));
    if (d === null || ways === null || ways < 1 || ways > 16) return;
    const index = Math.floor(m.position / stride) % ways;
    const targets = targetNames(d.o);
    const dport = targets?.[index];
    if (dport !== undefined && targets !== null && targets.length >= ways) {
      setVerdict(out, child.name, {
        dport,
        evidence: `${r.name} position ${m.position} → ${d.name} target ${index}`,
      });
    }
    stride *= ways;
  }
}

/**
 * Port or endpoint name → the dport its region positions put it below (or the conflict between two
 * regions). Work is linear in the mappings times the depth of the hierarchy.
 */
export function regionPlacements(c: Collected, ix: PlacementIndex): Map<string, PlacementVerdict> {
  const out = new Map<string, PlacementVerdict>();
  for (const r of c.regions.values()) {
    const base = r.base;
    if (base === null) continue;
    const rd = rootDecoderOf(ix, base);
    const rootWays = rd === null ? null : intOf(field(rd.o, 'interleave_ways'));
    if (rootWays === null || rootWays < 1 || rootWays > 16) continue;
    for (const m of r.mappings.slice(0, 16)) {
      if (m.position < 0 || m.position >= 16) continue;
      placeMember(ix, out, { ...r, base }, m, rootWays);
    }
  }
  return out;
}
