/**
 * DOC: the compiled fast path. Turns the committed decoders of a lab into lookup tables that map an
 * HPA to (device, DPA) with a binary search and a handful of multiplies, and falls back to the
 * reference walk (`walk.ts`) wherever a table cannot express the layout.
 *
 * Model. Every window is cut into SEGMENTS at every decoder base/end of every component reachable
 * from it, so inside a segment each component's "first decoder containing the HPA" is fixed. Inside
 * a segment every routing decision below the window is `floor(HPA / g) mod w` for that level's own
 * granularity g and ways w. With G = the smallest granularity of any interleaving level (window,
 * host bridge, switch, device, and the lowest XORMAP bit) and c = floor(HPA / G), each decision is a
 * function of `c mod P`, where P is the least common multiple of `(g / G) · w` over the host-bridge and
 * switch levels. The segment therefore stores, per window way, a table of P leaves; a leaf is a
 * device decoder (DPA = DPABase + DPAoff by that decoder's own IW/IG) or "fail" (the caller takes
 * the walk, which produces the error and its hops). The window way itself is computed directly:
 * `floor(HPA / HBIG) mod NIW`, after the XOR maps for XOR windows.
 *
 * This reproduces each decoder's own settings even when levels disagree (aliases, holes, odd
 * granularities), because nothing is assumed about regions: the tables are derived level by level
 * exactly like the walk. Segments whose table would exceed `TABLE_LIMIT` entries (or whose
 * programming is unusable) have no table and always take the walk.
 *
 * Arithmetic: addresses stay doubles below 2^52; division by powers of two is done by multiplying
 * by exact reciprocals, and non-power-of-two moduli are corrected after a floating division, so no
 * 32-bit bitwise operator ever sees an address.
 *
 * The compiled form is cached per `LabCore` in a WeakMap and rebuilt when `core.version` changes.
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { LabCore } from '../lab-core.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import type { ComponentSpec, WindowSpec } from '../topology/model.ts';
import { qemuPassthroughHostBridge, qemuRoutingDecoders } from '../topology/platform.ts';
import { TWO_POW_32 } from '../units.ts';
import { lowestSetBit, waysOfEiw } from './arith.ts';
import { rchChild } from './rch-hop.ts';

/** Largest table (ways × period) a segment may use; bigger layouts take the walk. */
export const TABLE_LIMIT = 1 << 16;
const MAX_DEPTH = 32;
const LEAF_STRIDE = 10;
const L_BASE = 0;
const L_DPA_BASE = 1;
const L_UNIT = 2;
const L_INV_UNIT = 3;
const L_INV_HIGH = 4;
const L_MOD3 = 5;
const L_CAPACITY = 6;
const L_SLOT = 7;
const L_DECODER = 8;
const L_WAYS = 9;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Public description of one compiled segment (for tests, the UI and debugging). */
export interface SegmentInfo {
  window: string;
  start: number;
  end: number;
  /** True when the segment has a table; false means every address in it takes the walk. */
  fast: boolean;
  /** Chunk size G in bytes: routing is constant inside each G-aligned chunk. */
  granule: number;
  /** Table period P in chunks (per window way). */
  period: number;
  /** Why the segment has no table, when it has none. */
  reason?: string;
}

interface Segment {
  start: number;
  end: number;
  windowId: string;
  /** Window stage. */
  winWays: number;
  winG: number;
  winInvG: number;
  xorMaps: { lo: number; hi: number; bitValue: number }[] | null;
  /** Stage 2. */
  granule: number;
  invGranule: number;
  period: number;
  invPeriod: number;
  /**
   * Period of the whole route in chunks, window stage included: chunk c routes like chunk c + Q.
   * 0 for XOR windows (their selection is not periodic in small chunk counts).
   */
  fullPeriod: number;
  /** `table[way * period + (c mod period)]` → leaf index, or -1 (walk). Null: no table. */
  table: Int32Array | null;
  reason: string | undefined;
}

/** Compiled lookup for one `LabCore` version. */
export class CompiledDecode {
  readonly version: number;
  /** Device ids by slot (the value `translate` returns). */
  readonly devices: readonly string[];
  /** Output of the last successful `translate`: the DPA. */
  dpa = 0;
  /** Output of the last successful `translate`: exclusive end of the HPA run that maps contiguously. */
  runEnd = 0;
  /** Output of the last successful `translate`: the device decoder index. */
  decoder = 0;
  /** Output of the last successful `translate`: the window id. */
  window = '';
  /** Output of `periodAt`: chunk size in bytes. */
  periodGranule = 0;
  /** Output of `periodAt`: exclusive end of the periodic segment. */
  periodEnd = 0;
  #lastLeaf = 0;

  readonly #segments: Segment[];
  readonly #starts: Float64Array;
  /** Leaves packed `LEAF_STRIDE` doubles each (see the `L_*` offsets): one array, one bounds check. */
  readonly #leaves: Float64Array;
  #last: Segment | undefined;

  constructor(version: number, devices: string[], segments: Segment[], leaves: Leaf[]) {
    this.version = version;
    this.devices = devices;
    this.#segments = segments;
    this.#starts = Float64Array.from(segments.map((s) => s.start));
    const packed = new Float64Array(Math.max(1, leaves.length) * LEAF_STRIDE);
    leaves.forEach((leaf, i) => {
      const unit = 2 ** (leaf.eig + 8);
      const o = i * LEAF_STRIDE;
      packed[o + L_BASE] = leaf.base;
      packed[o + L_DPA_BASE] = leaf.dpaBase;
      packed[o + L_UNIT] = unit;
      packed[o + L_INV_UNIT] = 1 / unit;
      // pow2: DPAoff high part = floor(off / 2^(L + eiw)); 3/6/12: floor(floor(off / 2^(eig + eiw)) / 3).
      packed[o + L_INV_HIGH] = leaf.eiw >= 8 ? 1 / 2 ** (leaf.eig + leaf.eiw) : 1 / (unit * 2 ** leaf.eiw);
      packed[o + L_MOD3] = leaf.eiw >= 8 ? 1 : 0;
      packed[o + L_CAPACITY] = leaf.capacity;
      packed[o + L_SLOT] = leaf.slot;
      packed[o + L_DECODER] = leaf.decoder;
      packed[o + L_WAYS] = waysOfEiw(leaf.eiw);
    });
    this.#leaves = packed;
    this.#last = segments[0];
  }

  /** The compiled segments, in address order. */
  segments(): SegmentInfo[] {
    return this.#segments.map((s) => {
      const info: SegmentInfo = {
        window: s.windowId,
        start: s.start,
        end: s.end,
        fast: s.table !== null,
        granule: s.granule,
        period: s.period,
      };
      if (s.reason !== undefined) info.reason = s.reason;
      return info;
    });
  }

  #find(hpa: number): Segment | undefined {
    const last = this.#last;
    if (last !== undefined && hpa >= last.start && hpa < last.end) return last;
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= hpa) lo = mid + 1;
      else hi = mid - 1;
    }
    const seg = this.#segments[hi];
    if (seg === undefined || hpa >= seg.end) return undefined;
    this.#last = seg;
    return seg;
  }

  /**
   * Translates `hpa`. Returns the device slot (index into `devices`) and sets `dpa`, `runEnd`,
   * `decoder` and `window`; or returns -1 when the address must take the walk (unmapped, a failing
   * hop, no table, or a run that would cross the device capacity).
   */
  translate(hpa: number): number {
    const seg = this.#find(hpa);
    if (seg === undefined) return -1;
    const table = seg.table;
    if (table === null) return -1;
    // Stage 1: window way.
    let way = 0;
    const winWays = seg.winWays;
    if (winWays > 1) {
      let addr = hpa;
      const maps = seg.xorMaps;
      if (maps !== null) addr = applyMapsFast(hpa, maps);
      const q = Math.floor(addr * seg.winInvG);
      let r = q - Math.floor(q / winWays) * winWays;
      if (r < 0) r += winWays;
      else if (r >= winWays) r -= winWays;
      way = r;
    }
    // Stage 2: chunk position within the period.
    const c = Math.floor(hpa * seg.invGranule);
    const period = seg.period;
    let pos = 0;
    if (period > 1) {
      pos = c - Math.floor(c * seg.invPeriod) * period;
      if (pos < 0) pos += period;
      else if (pos >= period) pos -= period;
    }
    const leaf = table[way * period + pos] as number;
    if (leaf < 0) return -1;
    // Leaf: DPA = DPABase + DPAoff(HPA - base) by the device decoder's own IW/IG.
    const L = this.#leaves;
    const o = leaf * LEAF_STRIDE;
    const off = hpa - (L[o + L_BASE] as number);
    const unit = L[o + L_UNIT] as number;
    let high = Math.floor(off * (L[o + L_INV_HIGH] as number));
    if (L[o + L_MOD3] === 1) high = Math.floor(high / 3);
    const low = off - Math.floor(off * (L[o + L_INV_UNIT] as number)) * unit;
    const dpa = (L[o + L_DPA_BASE] as number) + high * unit + low;
    let runEnd = (c + 1) * seg.granule;
    if (runEnd > seg.end) runEnd = seg.end;
    if (dpa + (runEnd - hpa) > (L[o + L_CAPACITY] as number)) return -1;
    this.dpa = dpa;
    this.runEnd = runEnd;
    this.decoder = L[o + L_DECODER] as number;
    this.window = seg.windowId;
    this.#lastLeaf = leaf;
    return L[o + L_SLOT] as number;
  }

  /**
   * The routing period (in chunks of `periodGranule` bytes) of the segment containing `hpa`: chunk
   * c and chunk c + Q reach the same device decoder. Returns 0 when the segment has no periodic
   * table (XOR windows, walk-only segments, unmapped). Sets `periodGranule` and `periodEnd`.
   */
  periodAt(hpa: number): number {
    const seg = this.#find(hpa);
    if (seg === undefined || seg.table === null || seg.fullPeriod === 0) return 0;
    this.periodGranule = seg.granule;
    this.periodEnd = seg.end;
    return seg.fullPeriod;
  }

  /**
   * After a successful `translate` of a chunk in a periodic segment: the DPA distance to the chunk one
   * period (`period` chunks) later, which reaches the same device decoder; -1 when that distance
   * is not constant (the period is not a multiple of the device's own interleave stripe).
   */
  periodStride(period: number): number {
    const o = this.#lastLeaf * LEAF_STRIDE;
    const L = this.#leaves;
    const seg = this.#last;
    if (seg === undefined) return -1;
    const span = period * seg.granule;
    const stripe = (L[o + L_UNIT] as number) * (L[o + L_WAYS] as number);
    return span % stripe === 0 ? span / (L[o + L_WAYS] as number) : -1;
  }
}

function applyMapsFast(hpa: number, maps: readonly { lo: number; hi: number; bitValue: number }[]): number {
  const hiPart = Math.floor(hpa * INV_TWO_POW_32);
  const loPart = hpa - hiPart * TWO_POW_32;
  let addr = hpa;
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    if (m === undefined) continue;
    // Parity of (hpa & map) over both 32-bit halves (the map bits are all ≥ its lowest bit, so the
    // original HPA and the partially rewritten address agree on them except at earlier map
    // positions, which Linux's sequential model also reads from the rewritten address).
    const aLo = addr === hpa ? loPart : addr - Math.floor(addr * INV_TWO_POW_32) * TWO_POW_32;
    const aHi = addr === hpa ? hiPart : Math.floor(addr * INV_TWO_POW_32);
    let x = ((aLo & m.lo) ^ (aHi & m.hi)) >>> 0;
    x ^= x >>> 16;
    x ^= x >>> 8;
    x ^= x >>> 4;
    x ^= x >>> 2;
    x ^= x >>> 1;
    const parity = x & 1;
    const bit = Math.floor(addr / m.bitValue) % 2;
    if (parity !== bit) addr += parity === 1 ? m.bitValue : -m.bitValue;
  }
  return addr;
}

interface Leaf {
  slot: number;
  decoder: number;
  base: number;
  dpaBase: number;
  eiw: number;
  eig: number;
  capacity: number;
}

/** First decoder (index order) containing `hpa` — the same rule as the walk. */
function covering(decoders: readonly DecoderState[], hpa: number): DecoderState | undefined {
  for (const d of decoders) if (d.size > 0 && hpa >= d.base && hpa < d.base + d.size) return d;
  return undefined;
}

function usable(d: DecoderState | undefined): d is DecoderState & { ways: number; granularity: number } {
  return d?.committed === true && d.ways !== null && d.granularity !== null;
}

/** One compilation's state: cached decoder lookups, and the devices and leaves interned so far. */
class CompileState {
  readonly topology: LabCore['topology'];
  readonly devices: string[] = [];
  readonly leaves: Leaf[] = [];
  readonly #core: LabCore;
  readonly #decoders = new Map<string, readonly DecoderState[]>();
  readonly #slotOf = new Map<string, number>();
  readonly #leafKey = new Map<string, number>();

  constructor(core: LabCore) {
    this.#core = core;
    this.topology = core.topology;
  }

  decodersOf(id: string): readonly DecoderState[] {
    let d = this.#decoders.get(id);
    if (d === undefined) {
      d = this.#core.decoders(id);
      this.#decoders.set(id, d);
    }
    return d;
  }

  /** Host bridge / switch decoders QEMU's router consults under the lab's profile (`platform.ts`). */
  routingDecodersOf(id: string): readonly DecoderState[] {
    return qemuRoutingDecoders(this.topology, this.decodersOf(id));
  }

  childBelowPort(portId: string | undefined): ComponentSpec | undefined {
    if (portId === undefined) return undefined;
    const id = (this.topology.children.get(portId) ?? [])[0];
    return id === undefined ? undefined : this.topology.byId.get(id);
  }

  /** Every decoder-owning component reachable below a host bridge (for boundaries and G/P). */
  reachable(hbId: string, out: Set<string>): void {
    const stack: { id: string; depth: number }[] = [{ id: hbId, depth: 0 }];
    while (stack.length > 0) {
      const top = stack.pop();
      if (top === undefined || top.depth > MAX_DEPTH || out.has(top.id)) continue;
      const c = this.topology.byId.get(top.id);
      if (c === undefined) continue;
      out.add(top.id);
      if (c.kind === 'type3') continue;
      if (c.kind === 'host-bridge' && c.restricted === true) {
        const rcd = rchChild(this.topology, c); // CXL 1.1 RCH: its one RCD directly below
        if (rcd !== undefined) stack.push({ id: rcd.id, depth: top.depth + 1 });
        continue;
      }
      for (const portId of this.topology.children.get(top.id) ?? []) {
        const child = this.childBelowPort(portId);
        if (child !== undefined) stack.push({ id: child.id, depth: top.depth + 1 });
      }
    }
  }

  internLeaf(deviceId: string, capacity: number, d: DecoderState): number {
    const key = `${deviceId}\u0000${d.index}`;
    const existing = this.#leafKey.get(key);
    if (existing !== undefined) return existing;
    let slot = this.#slotOf.get(deviceId);
    if (slot === undefined) {
      slot = this.devices.length;
      this.devices.push(deviceId);
      this.#slotOf.set(deviceId, slot);
    }
    const index = this.leaves.length;
    this.leaves.push({
      slot,
      decoder: d.index,
      base: d.base,
      dpaBase: d.dpaBase,
      eiw: d.eiw,
      eig: d.eig,
      capacity,
    });
    this.#leafKey.set(key, index);
    return index;
  }
}

/** Builds the compiled form (uncached). Prefer `compiledDecode(core)`. */
export function compileDecode(core: LabCore): CompiledDecode {
  const st = new CompileState(core);
  const segments: Segment[] = [];
  for (const window of st.topology.windows) {
    const wStart = window.base;
    const wEnd = window.base + window.size;
    const components = new Set<string>();
    for (const hbId of window.targets) st.reachable(hbId, components);
    const cuts = new Set<number>([wStart, wEnd]);
    for (const id of components) {
      for (const d of st.decodersOf(id)) {
        if (d.size <= 0) continue;
        if (d.base > wStart && d.base < wEnd) cuts.add(d.base);
        const end = d.base + d.size;
        if (end > wStart && end < wEnd) cuts.add(end);
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i] ?? 0;
      const end = points[i + 1] ?? 0;
      segments.push(compileSegment(st, window, start, end, components));
    }
  }
  segments.sort((a, b) => a.start - b.start);
  return new CompiledDecode(core.version, st.devices, segments, st.leaves);
}

/** Pass 1 of a segment: the granule G and period P from every level that interleaves in it. */
function segmentShape(
  st: CompileState,
  window: WindowSpec,
  start: number,
  components: Set<string>,
): { granule: number; period: number; xorMaps: Segment['xorMaps'] } {
  let granule = HDM_ALIGNMENT; // decoder and window bases/sizes are multiples of 256 MiB
  let xorMaps: Segment['xorMaps'] = null;
  if (window.ways > 1) granule = Math.min(granule, window.granularity);
  if (window.arithmetic === 'xor' && window.xormaps.length > 0) {
    xorMaps = [];
    for (const map of window.xormaps) {
      const pos = lowestSetBit(map);
      if (pos < 0) continue;
      granule = Math.min(granule, 2 ** pos);
      xorMaps.push({
        lo: (map % TWO_POW_32) | 0,
        hi: Math.floor(map / TWO_POW_32) | 0,
        bitValue: 2 ** pos,
      });
    }
  }
  const portLevels: { g: number; w: number }[] = [];
  for (const id of components) {
    const c = st.topology.byId.get(id);
    if (c === undefined) continue;
    if (qemuPassthroughHostBridge(st.topology, c)) continue;
    const d = covering(c.kind === 'type3' ? st.decodersOf(id) : st.routingDecodersOf(id), start);
    if (!usable(d) || d.ways <= 1) continue;
    granule = Math.min(granule, d.granularity);
    if (c.kind !== 'type3') portLevels.push({ g: d.granularity, w: d.ways });
  }
  let period = 1;
  for (const { g, w } of portLevels) {
    const p = (g / granule) * w;
    period = (period / gcd(period, p)) * p;
    if (period * window.ways > TABLE_LIMIT) break;
  }
  return { granule, period, xorMaps };
}

function compileSegment(
  st: CompileState,
  window: WindowSpec,
  start: number,
  end: number,
  components: Set<string>,
): Segment {
  const { granule, period, xorMaps } = segmentShape(st, window, start, components);
  const seg: Segment = {
    start,
    end,
    windowId: window.id,
    winWays: window.ways,
    winG: window.granularity,
    winInvG: 1 / window.granularity,
    xorMaps,
    granule,
    invGranule: 1 / granule,
    period,
    invPeriod: 1 / period,
    fullPeriod: 0,
    table: null,
    reason: undefined,
  };
  if (period * window.ways > TABLE_LIMIT) {
    seg.reason = `table of ${window.ways} × ${period} entries exceeds ${TABLE_LIMIT}`;
    return seg;
  }
  // Pass 2: resolve every (window way, chunk position) to a leaf.
  const table = new Int32Array(window.ways * period);
  for (let way = 0; way < window.ways; way++) {
    const hbId = window.targets[way];
    for (let r = 0; r < period; r++) {
      table[way * period + r] = hbId === undefined ? -1 : resolve(st, hbId, r, start, granule);
    }
  }
  seg.table = table;
  if (xorMaps === null) {
    const windowPeriod = window.ways > 1 ? (window.granularity / granule) * window.ways : 1;
    seg.fullPeriod = (period / gcd(period, windowPeriod)) * windowPeriod;
  }
  return seg;
}

/** Follows one (window way, chunk position r) from a host bridge to a leaf, or -1. */
function resolve(st: CompileState, startId: string, r: number, at: number, granule: number): number {
  const topology = st.topology;
  let c = topology.byId.get(startId);
  for (let depth = 0; depth < MAX_DEPTH && c !== undefined; depth++) {
    if (c.kind === 'type3') {
      const d = covering(st.decodersOf(c.id), at);
      if (!usable(d)) return -1;
      return st.internLeaf(c.id, c.volatile + c.persistent, d);
    }
    if (c.kind === 'host-bridge' && c.restricted === true) {
      c = rchChild(topology, c); // CXL 1.1 RCH: no decoders, its one RCD directly below
      continue;
    }
    if (qemuPassthroughHostBridge(topology, c)) {
      const ports = topology.children.get(c.id) ?? [];
      if (ports.length !== 1) return -1;
      c = st.childBelowPort(ports[0]);
      continue;
    }
    if (c.kind !== 'host-bridge' && c.kind !== 'switch') return -1;
    const d = covering(st.routingDecodersOf(c.id), at);
    if (!usable(d)) return -1;
    const way = Math.floor(r / (d.granularity / granule)) % d.ways;
    const port = d.targets[way];
    if (port === undefined) return -1;
    c = st.childBelowPort(topology.portsByNumber.get(c.id)?.get(port));
  }
  return -1;
}

const cache = new WeakMap<LabCore, CompiledDecode>();

/** The compiled form for `core`, rebuilt when `core.version` changed since the last call. */
export function compiledDecode(core: LabCore): CompiledDecode {
  const hit = cache.get(core);
  if (hit !== undefined && hit.version === core.version) return hit;
  const fresh = compileDecode(core);
  cache.set(core, fresh);
  return fresh;
}
