/**
 * The tests' one random-topology generator: fast-check arbitraries for whole topologies, shared by
 * the file, validation and routing properties, with one region-programming routine
 * (`programFanouts`, positions by `positionsOf`) behind `programRegion` and `consistentLayoutArb`.
 * Every `TopologySpec` from `topologyArb` passes `validateTopology`:
 *
 * - 1–4 host bridges (distinct UIDs, QEMU-like CHBCR bases), some passthrough (decoderCount 0)
 *   when they have exactly one root port;
 * - 1–4 root ports per host bridge with distinct port numbers;
 * - below each port: nothing, a Type 3 device, or a switch (1–4 downstream ports), switches nesting
 *   up to `maxSwitchDepth` levels (default 3);
 * - 0–3 non-overlapping windows of 1/2/3/4/6/8/12/16 ways (targets drawn from the host bridges,
 *   repeats allowed when ways exceed the host bridge count), modulo or XOR with the right number of
 *   XORMAPs;
 * - with `decoders: 'random'`, random (often inconsistent) decoder programming: any encodable ways
 *   for devices, 1/2/4/8 for ports, random commit / Lock On Commit, so loads produce committed,
 *   uncommitted and errored decoders alike. Such programming almost never lines all levels up, so
 *   it seldom routes;
 * - with `decoders: 'region'`, windows target distinct host bridges and one window gets a region
 *   programmed the way Linux would (`programRegion`: a power-of-two fan-out at every port, host
 *   bridge ig = G × root ways, each level below ig × ways, endpoints at the region's ways and G,
 *   target lists in position order), then, in about a third of the samples, one or two decoders
 *   are perturbed (uncommitted, other granularity, another target, shifted base, other ways).
 */
import fc from 'fast-check';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  InterleaveArithmetic,
  TopologySpec,
  WindowRestriction,
  WindowSpec,
} from '../../src/cxl/topology/model.ts';
import {
  dsp,
  eigOf,
  eiwOf,
  hostBridge,
  MIB,
  prog,
  rootPort,
  spec,
  switchUsp,
  type3,
  window,
} from './helpers/fake-lab.ts';

const SEG = 2 ** 28; // 256 MiB
const DEVICE_WAYS = [1, 2, 3, 4, 6, 8, 12, 16] as const;
const PORT_WAYS = [1, 2, 4, 8] as const;
const GRANULARITIES = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
const XORMAP_COUNT: Record<number, number> = { 1: 0, 2: 1, 3: 0, 4: 2, 6: 1, 8: 3, 12: 2, 16: 4 };
const RESTRICTIONS: readonly WindowRestriction[] = [
  'type2',
  'type3',
  'volatile',
  'persistent',
  'fixed',
  'bi',
];

export interface TopologyArbOptions {
  maxHostBridges?: number;
  maxRootPorts?: number;
  /** Deepest switch nesting below a root port (0 = no switches). Default 3. */
  maxSwitchDepth?: number;
  maxDownstreamPorts?: number;
  maxWindows?: number;
  /** 'none': no decoders listed; 'random': random programming; 'region': one consistent region,
   * sometimes perturbed. Default 'random'. */
  decoders?: 'none' | 'random' | 'region';
  /** Windows target distinct host bridges (ways ≤ host bridges, 1–16 × 256 MiB × ways). Implied by 'region'. */
  distinctWindowTargets?: boolean;
}

/** What hangs below a port. */
export type ChildShape =
  | null
  | {
      kind: 'type3';
      volatileSegs: number;
      persistentSegs: number;
      decoderCount: number;
      decoders: DecoderProgramSpec[];
    }
  | {
      kind: 'switch';
      decoderCount: number;
      decoders: DecoderProgramSpec[];
      ports: { port: number; child: ChildShape }[];
    };

/** A random decoders list for one component (base/size in 256 MiB units, below 2^40). */
export function decodersArb(
  kind: 'port' | 'type3',
  decoderCount: number,
  enabled: boolean,
): fc.Arbitrary<DecoderProgramSpec[]> {
  if (!enabled || decoderCount === 0) return fc.constant([]);
  const one = fc
    .record({
      baseSeg: fc.integer({ min: 0, max: 4096 }),
      sizeSeg: fc.integer({ min: 0, max: 64 }),
      ways: fc.constantFrom(...(kind === 'port' ? PORT_WAYS : DEVICE_WAYS)),
      granularity: fc.constantFrom(...GRANULARITIES),
      skipSeg: fc.integer({ min: 0, max: 8 }),
      commit: fc.boolean(),
      lock: fc.boolean(),
      targetRangeType: fc.constantFrom<(0 | 1 | undefined)[]>(undefined, undefined, 0, 1),
      targetPool: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }),
      dupTarget: fc.boolean(),
    })
    .map((r): DecoderProgramSpec => {
      const d: DecoderProgramSpec = {
        base: r.baseSeg * SEG,
        size: r.sizeSeg * SEG,
        ways: r.ways,
        granularity: r.granularity,
        commit: r.commit,
        lock: r.lock,
      };
      if (kind === 'type3') d.skip = r.skipSeg * SEG;
      else {
        const targets = r.targetPool.slice(0, r.ways);
        // Occasionally repeat a target so the Lock On Commit distinct-targets check fires.
        if (r.dupTarget && targets.length > 1) targets[targets.length - 1] = targets[0] ?? 0;
        d.targets = targets;
      }
      if (r.targetRangeType !== undefined) d.targetRangeType = r.targetRangeType;
      return d;
    });
  return fc.array(one, { maxLength: Math.min(decoderCount, 4) });
}

function childArb(
  depth: number,
  o: Required<Omit<TopologyArbOptions, 'distinctWindowTargets'>>,
): fc.Arbitrary<ChildShape> {
  const random = o.decoders === 'random';
  const type3 = fc
    .record({
      volatileSegs: fc.integer({ min: 0, max: 16 }),
      persistentSegs: fc.integer({ min: 0, max: 16 }),
      decoderCount: fc.constantFrom(1, 2, 4, 6, 8, 10),
    })
    .filter((t) => t.volatileSegs + t.persistentSegs > 0)
    .chain((t) =>
      decodersArb('type3', t.decoderCount, random).map(
        (decoders): ChildShape => ({ kind: 'type3', ...t, decoders }),
      ),
    );
  if (depth >= o.maxSwitchDepth) return fc.oneof(fc.constant(null), type3);
  const sw = fc
    .record({
      decoderCount: fc.constantFrom(1, 2, 4, 8, 32),
      portNumbers: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), {
        minLength: 1,
        maxLength: o.maxDownstreamPorts,
      }),
    })
    .chain((s) =>
      fc
        .tuple(
          decodersArb('port', s.decoderCount, random),
          fc.tuple(...s.portNumbers.map(() => childArb(depth + 1, o))),
        )
        .map(
          ([decoders, kids]): ChildShape => ({
            kind: 'switch',
            decoderCount: s.decoderCount,
            decoders,
            ports: s.portNumbers.map((port, i) => ({ port, child: kids[i] ?? null })),
          }),
        ),
    );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: type3 },
    { weight: 2, arbitrary: sw },
  );
}

interface HostBridgeShape {
  uid: number;
  decoderCount: number;
  decoders: DecoderProgramSpec[];
  ports: { port: number; child: ChildShape }[];
}

interface WindowShape {
  ways: number;
  granularity: number;
  arithmetic: InterleaveArithmetic;
  sizeUnits: number;
  gapSegs: number;
  targetPicks: number[];
  xorExtra: number[];
  restrictions: WindowRestriction[];
  qtg: number;
}

function windowArb(nHostBridges: number, distinctTargets = false): fc.Arbitrary<WindowShape> {
  if (distinctTargets) {
    // Ways no larger than the host bridge count; targets a permutation of distinct host bridges.
    const ways = DEVICE_WAYS.filter((w) => w <= nHostBridges);
    return fc
      .tuple(
        windowArb(nHostBridges),
        fc.constantFrom(...ways),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: nHostBridges, maxLength: nHostBridges }),
        fc.integer({ min: 1, max: 16 }),
      )
      .map(([w, n, keys, sizeUnits]) => ({
        ...w,
        ways: n,
        sizeUnits,
        targetPicks: keys
          .map((k, i) => ({ k, i }))
          .sort((a, b) => a.k - b.k || a.i - b.i)
          .map((e) => e.i),
      }));
  }
  return fc.record({
    ways: fc.constantFrom(...DEVICE_WAYS),
    granularity: fc.constantFrom(...GRANULARITIES),
    arithmetic: fc.constantFrom<InterleaveArithmetic[]>('modulo', 'xor'),
    sizeUnits: fc.integer({ min: 1, max: 4 }),
    gapSegs: fc.integer({ min: 0, max: 4 }),
    targetPicks: fc.array(fc.integer({ min: 0, max: nHostBridges - 1 }), { minLength: 16, maxLength: 16 }),
    xorExtra: fc.array(fc.integer({ min: 0, max: 2 ** 20 - 1 }), { minLength: 4, maxLength: 4 }),
    restrictions: fc.subarray([...RESTRICTIONS]),
    qtg: fc.integer({ min: 0, max: 3 }),
  });
}

function buildSpec(name: string, hbs: HostBridgeShape[], windows: WindowShape[]): TopologySpec {
  const components: ComponentSpec[] = [];
  const counters = { rp: 0, sw: 0, dsp: 0, mem: 0 };
  const addChild = (parent: string, child: ChildShape): void => {
    if (child === null) return;
    if (child.kind === 'type3') {
      const n = counters.mem++;
      components.push({
        id: `mem${n}`,
        kind: 'type3',
        parent,
        volatile: child.volatileSegs * SEG,
        persistent: child.persistentSegs * SEG,
        decoderCount: child.decoderCount,
        serial: 0x1000 + n,
        decoders: child.decoders,
      });
      return;
    }
    const sw = `sw${counters.sw++}`;
    components.push({
      id: sw,
      kind: 'switch',
      parent,
      decoderCount: child.decoderCount,
      decoders: child.decoders,
    });
    for (const p of child.ports) {
      const dsp = `dsp${counters.dsp++}`;
      components.push({ id: dsp, kind: 'downstream-port', parent: sw, port: p.port });
      addChild(dsp, p.child);
    }
  };
  hbs.forEach((hb, i) => {
    const id = `hb${i}`;
    components.push({
      id,
      kind: 'host-bridge',
      uid: hb.uid,
      decoderCount: hb.decoderCount,
      componentRegBase: 0x1_0000_0000 + i * 0x1_0000,
      decoders: hb.decoderCount === 0 ? [] : hb.decoders,
    });
    for (const p of hb.ports) {
      const rp = `rp${counters.rp++}`;
      components.push({ id: rp, kind: 'root-port', parent: id, port: p.port });
      addChild(rp, p.child);
    }
  });
  let next = 0x4c_0000_0000;
  const windowSpecs: WindowSpec[] = windows.map((w, i) => {
    const base = next + w.gapSegs * SEG;
    const size = w.sizeUnits * w.ways * SEG;
    next = base + size;
    const eig = Math.log2(w.granularity / 256);
    const xormaps =
      w.arithmetic === 'xor'
        ? Array.from({ length: XORMAP_COUNT[w.ways] ?? 0 }, (_, k) => {
            // Lowest set bit = the modulo way bit (HBIG + 8 + k); extra bits well above it.
            const wayBit = 2 ** (eig + 8 + k);
            return wayBit + (w.xorExtra[k] ?? 0) * 2 ** 20;
          })
        : [];
    return {
      id: `cfmw${i}`,
      base,
      size,
      ways: w.ways,
      granularity: w.granularity,
      arithmetic: w.arithmetic,
      xormaps,
      targets: w.targetPicks.slice(0, w.ways).map((k) => `hb${k}`),
      restrictions: w.restrictions,
      qtg: w.qtg,
    };
  });
  return { name, windows: windowSpecs, components };
}

/** A random valid topology. */
export function topologyArb(options: TopologyArbOptions = {}): fc.Arbitrary<TopologySpec> {
  const distinct = options.distinctWindowTargets === true || options.decoders === 'region';
  const o: Required<Omit<TopologyArbOptions, 'distinctWindowTargets'>> = {
    maxHostBridges: options.maxHostBridges ?? 4,
    maxRootPorts: options.maxRootPorts ?? 4,
    maxSwitchDepth: options.maxSwitchDepth ?? 3,
    maxDownstreamPorts: options.maxDownstreamPorts ?? 4,
    maxWindows: options.maxWindows ?? 3,
    decoders: options.decoders ?? 'random',
  };
  const hb = fc
    .record({
      portNumbers: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), {
        minLength: 1,
        maxLength: o.maxRootPorts,
      }),
      decoderCount: fc.constantFrom(0, 1, 2, 4, 8, 16, 32),
    })
    .map((h) => ({
      ...h,
      decoderCount: h.decoderCount === 0 && h.portNumbers.length !== 1 ? 4 : h.decoderCount,
    }))
    .chain((h) =>
      fc
        .tuple(
          decodersArb('port', h.decoderCount, o.decoders === 'random'),
          fc.tuple(...h.portNumbers.map(() => childArb(0, o))),
        )
        .map(([decoders, kids]) => ({
          decoderCount: h.decoderCount,
          decoders,
          ports: h.portNumbers.map((port, i) => ({ port, child: kids[i] ?? null })),
        })),
    );
  return fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: o.maxHostBridges }),
      fc.string({ maxLength: 20 }),
    )
    .chain(([uids, name]) =>
      fc
        .tuple(
          fc.tuple(...uids.map(() => hb)),
          fc.array(windowArb(uids.length, distinct), {
            minLength: distinct ? 1 : 0,
            maxLength: Math.max(1, o.maxWindows),
          }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        )
        .map(([hbs, windows, seed]) => {
          const built = buildSpec(
            name,
            hbs.map((h, i) => ({ ...h, uid: uids[i] ?? i })),
            windows,
          );
          return o.decoders === 'region' ? programRegion(built, seed).spec : built;
        }),
    );
}

/** The default arbitrary: up to 4 host bridges, 3 switch levels, random decoder programming. */
export const topologySpecArb: fc.Arbitrary<TopologySpec> = topologyArb();

// ---- 'region' mode: one region programmed the way Linux would, then perhaps perturbed -----------

/** A small deterministic PRNG (xorshift32), seeded by fast-check. */
function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** What a region uses below one host bridge or switch: the fan-out and each chosen port's subtree. */
export interface Fanout {
  owner: string;
  /** Chosen downstream ports in target-list order, each with the device or the switch fan-out below. */
  ports: { port: number; below: string | Fanout }[];
}

/** Linux region ways: 1, 2, 3, 4, 6, 8, 12 or 16. */
const REGION_WAYS = new Set([1, 2, 3, 4, 6, 8, 12, 16]);

/** What `programRegion` did, computed by the generator itself (independently of the lab). */
export interface ProgrammedRegion {
  window: string;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** Linux position → Type 3 id (top-down: pos = root index + R·(k₁ + d₁·(k₂ + d₂·…)), Linux region.c cxl_calc_interleave_pos). */
  byPosition: string[];
  /**
   * True when the layout is what Linux itself would build and accept: the window's granularity,
   * every derived granularity encodes, every level interleaves on HPA bits ≤ 14 (check_interleave_cap),
   * one partition (mode) for all members, and no 3/6/12-way root with interleave below it (Linux region.c cxl_port_setup_targets).
   */
  linuxConsistent: boolean;
  /** One or two decoders were changed after programming. */
  perturbed: boolean;
}

/**
 * Linux positions of a region's devices (cxl_calc_interleave_pos, top-down): the device reached
 * through root target i, then target-list indexes k₁, k₂, … with fan-outs d₁, d₂, … sits at
 * pos = i + R·(k₁ + d₁·(k₂ + d₂·…)) (Linux region.c cxl_calc_interleave_pos).
 */
export function positionsOf(fanouts: readonly (string | Fanout)[], rootWays: number, ways: number): string[] {
  const byPosition: string[] = new Array(ways);
  const place = (f: string | Fanout, acc: number, mult: number): void => {
    if (typeof f === 'string') {
      byPosition[acc] = f;
      return;
    }
    f.ports.forEach((p, k) => {
      place(p.below, acc + mult * k, mult * f.ports.length);
    });
  };
  fanouts.forEach((f, i) => {
    place(f, i, rootWays);
  });
  return byPosition;
}

/** One region's programming, as `programFanouts` writes it. */
export interface RegionProgramming {
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** The window's ways, ÷ 3 for a 3/6/12-way window: the root's multiplier of the host bridge ig. */
  rootPow2: number;
  lock: boolean;
  /** The decoder list of each member device (it must include the region decoder). */
  endpoint: (device: Extract<ComponentSpec, { kind: 'type3' }>) => DecoderProgramSpec[];
}

/**
 * Writes a region's decoders top-down as Linux programs them (cxl_port_setup_targets): each port
 * decoder has ig = parent ig × parent ways (the root's "ways" being `rootPow2`, capped at 16 KiB),
 * its fan-out's ports as targets in order; passthrough host bridges get none; devices get
 * `endpoint`'s list.
 */
export function programFanouts(
  byId: ReadonlyMap<string, ComponentSpec>,
  fanouts: readonly (string | Fanout)[],
  p: RegionProgramming,
): void {
  const program = (f: string | Fanout, parentIg: number, parentIw: number): void => {
    if (typeof f === 'string') {
      const c = byId.get(f);
      if (c?.kind === 'type3') c.decoders = p.endpoint(c);
      return;
    }
    const ig = Math.min(16384, parentIg * parentIw);
    const c = byId.get(f.owner);
    if ((c?.kind === 'host-bridge' && c.decoderCount > 0) || c?.kind === 'switch') {
      c.decoders = [
        {
          base: p.base,
          size: p.size,
          ways: f.ports.length,
          granularity: ig,
          targets: f.ports.map((port) => port.port),
          commit: true,
          lock: p.lock,
        },
      ];
    }
    for (const port of f.ports) program(port.below, ig, f.ports.length);
  };
  for (const f of fanouts) program(f, p.granularity, p.rootPow2);
}

/**
 * Programs one region into `spec` (which has no decoders): a window with distinct host-bridge
 * targets is picked, then per host bridge the same power-of-two number n of devices, chosen with a
 * power-of-two fan-out at every port (Linux region.c cxl_port_setup_targets). The granularities follow Linux: host bridge ig =
 * G × root ways (÷ 3 for a 3/6/12-way root), each level below = parent ig × parent ways, endpoints
 * W = R·n ways at G; G is the window's when the window interleaves. When a level would not encode
 * or would interleave above HPA bit 14, G is lowered until it fits (the hardware still routes;
 * Linux would refuse it: `linuxConsistent` false). Every member maps the same partition (ram or
 * pmem) when capacities allow. The chosen window gets the type3, volatile and persistent
 * restrictions. Afterwards a third of the samples get one or two perturbed decoders.
 */
export function programRegion(
  input: TopologySpec,
  seed: number,
): { spec: TopologySpec; region: ProgrammedRegion | null } {
  const spec = structuredClone(input);
  const none = { spec, region: null };
  const rand = prng(seed);
  const byId = new Map(spec.components.map((c) => [c.id, c]));
  const portsOf = new Map<string, { id: string; port: number }[]>();
  const childOf = new Map<string, string>();
  for (const c of spec.components) {
    if (c.kind === 'root-port' || c.kind === 'downstream-port') {
      const list = portsOf.get(c.parent) ?? [];
      list.push({ id: c.id, port: c.port });
      portsOf.set(c.parent, list);
    } else if (c.kind !== 'host-bridge') {
      childOf.set(c.parent, c.id);
    }
  }
  const isPassthrough = (id: string): boolean => {
    const c = byId.get(id);
    return c?.kind === 'host-bridge' && c.decoderCount === 0;
  };
  // Member counts each subtree can supply with power-of-two fan-outs (≤ 8 targets per port decoder).
  const countsMemo = new Map<string, Set<number>>();
  const counts = (id: string): Set<number> => {
    const known = countsMemo.get(id);
    if (known !== undefined) return known;
    const c = byId.get(id);
    const out = new Set<number>();
    if (c?.kind === 'type3') out.add(1);
    else if (c?.kind === 'host-bridge' || c?.kind === 'switch') {
      const below = (portsOf.get(id) ?? []).map((p) => {
        const child = childOf.get(p.id);
        return child === undefined ? new Set<number>() : counts(child);
      });
      for (const d of isPassthrough(id) ? [1] : [1, 2, 4, 8]) {
        for (const m of [1, 2, 4, 8, 16]) {
          if (d * m <= 16 && below.filter((x) => x.has(m)).length >= d) out.add(d * m);
        }
      }
    }
    countsMemo.set(id, out);
    return out;
  };
  const usablePorts = (id: string, m: number) =>
    (portsOf.get(id) ?? []).filter((p) => {
      const child = childOf.get(p.id);
      return child !== undefined && counts(child).has(m);
    });
  const choose = (id: string, n: number): string | Fanout => {
    if (byId.get(id)?.kind === 'type3') return id;
    const fans = (isPassthrough(id) ? [1] : [1, 2, 4, 8]).filter(
      (d) => n % d === 0 && usablePorts(id, n / d).length >= d,
    );
    const d = fans[rand(fans.length)] ?? 1;
    const usable = usablePorts(id, n / d);
    const picked: typeof usable = [];
    while (picked.length < d && usable.length > 0) picked.push(...usable.splice(rand(usable.length), 1));
    return {
      owner: id,
      ports: picked.map((p) => ({ port: p.port, below: choose(childOf.get(p.id) ?? '', n / d) })),
    };
  };

  const candidates = spec.windows.filter((w) => new Set(w.targets).size === w.targets.length);
  const window = candidates[rand(Math.max(1, candidates.length))];
  if (window === undefined) return none;
  const r = window.ways;
  const ns = [1, 2, 4, 8, 16].filter(
    (n) => REGION_WAYS.has(r * n) && window.targets.every((hb) => counts(hb).has(n)),
  );
  const n = ns[rand(Math.max(1, ns.length))];
  if (n === undefined) return none;
  const ways = r * n;
  const fanouts = window.targets.map((hb) => choose(hb, n));
  const rootPow2 = r % 3 === 0 ? r / 3 : r;
  // Highest HPA bit a decoder with `w` ways at `ig` interleaves on (Linux region.c check_interleave_cap); -1 for none.
  const topBit = (w: number, ig: number): number => {
    if (w === 1 || w === 3) return -1;
    const pow2 = w % 3 === 0 ? w / 3 : w;
    return Math.log2(ig) + Math.log2(pow2) - (w % 3 === 0 ? 0 : 1);
  };
  // Does every port level encode and stay on bits ≤ 14, for region granularity g?
  const fits = (f: string | Fanout, parentIg: number, parentIw: number): boolean => {
    if (typeof f === 'string') return true;
    const ig = parentIg * parentIw;
    const d = f.ports.length;
    return ig <= 16384 && topBit(d, ig) <= 14 && f.ports.every((p) => fits(p.below, ig, d));
  };
  const allFit = (g: number) => topBit(ways, g) <= 14 && fanouts.every((f) => fits(f, g, rootPow2));
  let g = r > 1 ? window.granularity : (GRANULARITIES[rand(GRANULARITIES.length)] ?? 256);
  while (g > 256 && !allFit(g)) g /= 2;
  let linuxConsistent = allFit(g) && (r === 1 || g === window.granularity) && !(r % 3 === 0 && n > 1);
  // Region range: W × 256 MiB × m inside the window.
  const windowSegs = window.size / SEG;
  const byPosition = positionsOf(fanouts, r, ways);
  const capSegs = Math.min(
    ...byPosition.map((id) => {
      const c = byId.get(id);
      return c?.kind === 'type3' ? (c.volatile + c.persistent) / SEG : 0;
    }),
  );
  const maxM = Math.min(capSegs, Math.floor(windowSegs / ways));
  if (maxM < 1) return none;
  const m = 1 + rand(Math.min(maxM, 4));
  // One partition for every member (Linux: one mode per region), when the capacities allow it.
  const segsOf = (id: string, part: 'volatile' | 'persistent'): number => {
    const c = byId.get(id);
    return c?.kind === 'type3' ? c[part] / SEG : 0;
  };
  const parts = (['volatile', 'persistent'] as const).filter((part) =>
    byPosition.every((id) => segsOf(id, part) >= m),
  );
  const part = parts[rand(Math.max(1, parts.length))];
  if (part === undefined) linuxConsistent = false;
  const size = ways * SEG * m;
  const base = window.base + rand(windowSegs - ways * m + 1) * SEG;
  const lock = rand(2) === 0;
  for (const need of ['type3', 'volatile', 'persistent'] as const) {
    if (!window.restrictions.includes(need)) window.restrictions.push(need);
  }
  programFanouts(byId, fanouts, {
    base,
    size,
    ways,
    granularity: g,
    rootPow2,
    lock,
    endpoint: (c) => {
      // In the chosen partition: ram from DPA 0, pmem from the end of ram (Linux hdm.c cxl_dpa_alloc); any DPA
      // when no partition fits every member.
      const lo = part === 'persistent' ? c.volatile / SEG : 0;
      const hi = part === 'volatile' ? c.volatile / SEG : (c.volatile + c.persistent) / SEG;
      const skipSegs =
        part === undefined ? rand((c.volatile + c.persistent) / SEG - m + 1) : lo + rand(hi - lo - m + 1);
      return [{ base, size, ways, granularity: g, skip: skipSegs * SEG, commit: true, lock }];
    },
  });

  // Perturb one or two decoders in about a third of the samples.
  const perturbed = rand(3) === 0;
  if (perturbed) {
    const owners = spec.components.filter(
      (c): c is Extract<ComponentSpec, { decoders: DecoderProgramSpec[] }> =>
        'decoders' in c && c.decoders.length > 0,
    );
    for (let k = 1 + rand(2); k > 0 && owners.length > 0; k--) {
      const c = owners[rand(owners.length)];
      const d = c?.decoders[0];
      if (c === undefined || d === undefined) continue;
      switch (rand(5)) {
        case 0:
          d.commit = false;
          break;
        case 1:
          d.granularity = GRANULARITIES[rand(GRANULARITIES.length)] ?? 256;
          break;
        case 2:
          if (d.targets !== undefined && d.targets.length > 0) d.targets[rand(d.targets.length)] = rand(256);
          else d.skip = (d.skip ?? 0) + SEG;
          break;
        case 3:
          d.base = Math.max(0, d.base + (rand(2) === 0 ? SEG : -SEG));
          break;
        default:
          if (c.kind === 'type3') d.ways = DEVICE_WAYS[rand(DEVICE_WAYS.length)] ?? 1;
          else d.commit = false;
      }
    }
  }
  return {
    spec,
    region: { window: window.id, base, size, ways, granularity: g, byPosition, linuxConsistent, perturbed },
  };
}

/** Topologies with one programmed region (see `programRegion`), with what the generator did. */
export function regionTopologyArb(
  options: Omit<TopologyArbOptions, 'decoders'> = {},
): fc.Arbitrary<{ spec: TopologySpec; region: ProgrammedRegion | null }> {
  return fc
    .tuple(
      topologyArb({ ...options, decoders: 'none', distinctWindowTargets: true }),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    )
    .map(([spec, seed]) => programRegion(spec, seed));
}

// ---- Routing-property layouts: one Linux-consistent region of a fixed shape, and fuzzed labs -----
//
// - `consistentLayoutArb`: a region programmed the way Linux programs it (Linux region.c
//   cxl_port_setup_targets, cxl_calc_interleave_pos): root
//   (window) ways R, host bridges with T targets at granularity G·R', optional switches with S
//   targets at G·R'·T, endpoints at the region's ways W = R·T·S and granularity G. It also returns
//   each endpoint's Linux position.
// - `fuzzLabArb`: a random tree with random — often inconsistent — decoder programming: aliases,
//   holes, uncommitted decoders, wrong targets, odd granularities, 3/6/12/16-way devices.

export interface ConsistentLayout {
  spec: TopologySpec;
  regionBase: number;
  regionSize: number;
  ways: number;
  granularity: number;
  eiw: number;
  eig: number;
  /** Linux position → endpoint id. */
  byPosition: string[];
  /** Endpoint id → DPABase of its region decoder. */
  dpaBase: Map<string, number>;
  /** True when Linux's position model applies (power-of-two root); false for 3/6-way roots with lower levels. */
  linuxPositions: boolean;
}

function shuffle<T>(items: T[], keys: number[]): T[] {
  return items
    .map((x, i) => ({ x, k: keys[i % keys.length] ?? 0, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((e) => e.x);
}

export const consistentLayoutArb: fc.Arbitrary<ConsistentLayout> = fc
  .record({
    shape: fc.constantFrom<[number, number, number]>(
      // [R, T, S]
      [1, 1, 1],
      [1, 2, 1],
      [1, 4, 1],
      [2, 1, 1],
      [2, 2, 1],
      [2, 2, 2],
      [4, 1, 1],
      [4, 2, 1],
      [4, 4, 1],
      [4, 2, 2],
      [8, 2, 1],
      [1, 2, 4],
      [3, 1, 1],
      [6, 1, 1],
      [3, 4, 1],
      [3, 2, 2],
      [6, 2, 1],
    ),
    eig: fc.integer({ min: 0, max: 3 }),
    baseSlots: fc.integer({ min: 16, max: 200 }),
    leadSlots: fc.integer({ min: 0, max: 3 }),
    sizeMult: fc.integer({ min: 1, max: 2 }),
    withSwitchWhenS1: fc.boolean(),
    passthroughWhenT1: fc.boolean(),
    portKeys: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 8 }),
    portNumbers: fc.uniqueArray(fc.integer({ min: 0, max: 31 }), { minLength: 4, maxLength: 4 }),
    extraDecoder: fc.boolean(),
    skipSlots: fc.integer({ min: 0, max: 1 }),
  })
  .filter(({ shape, eig }) => {
    const [r, t] = shape;
    const rp = r % 3 === 0 ? r / 3 : r;
    // Every derived granularity must encode (≤ 16 KiB).
    return 256 * 2 ** eig * rp * t <= 16384;
  })
  .map((p) => {
    const [r, t, s] = p.shape;
    const g = 256 * 2 ** p.eig;
    const ways = r * t * s;
    const regionSize = ways * SEG * p.sizeMult;
    const windowBase = p.baseSlots * SEG;
    const regionBase = windowBase + p.leadSlots * SEG;
    const windowSize = p.leadSlots * SEG + regionSize + SEG;
    const lead = p.extraDecoder ? 256 * MIB : 0;
    // The tree first (no decoders), with each level's fan-out in target-list order.
    const components: ComponentSpec[] = [];
    const fanouts: Fanout[] = [];
    const hbIds: string[] = [];
    let serial = 0;
    const device = (id: string, parent: string): string => {
      components.push(type3(id, parent, regionSize / ways + lead + p.skipSlots * SEG, [], serial++));
      return id;
    };
    for (let h = 0; h < r; h++) {
      const hb = `hb${h}`;
      hbIds.push(hb);
      const passthrough = t === 1 && p.passthroughWhenT1;
      const ports = passthrough ? [p.portNumbers[0] ?? 0] : p.portNumbers.slice(0, t);
      // Target list order: a random permutation of this HB's ports (Linux uses position order).
      const order = shuffle(
        ports.map((_, i) => i),
        p.portKeys,
      );
      const hbTargets = order.map((i) => ports[i] ?? 0);
      components.push(hostBridge(hb, 100 + h, [], passthrough ? 0 : 4));
      const fanout: Fanout = { owner: hb, ports: [] };
      fanouts.push(fanout);
      for (let ti = 0; ti < t; ti++) {
        const portNumber = hbTargets[ti] ?? 0;
        const rp = `rp${h}.${ti}`;
        components.push(rootPort(rp, hb, portNumber));
        if (s === 1 && !p.withSwitchWhenS1) {
          fanout.ports.push({ port: portNumber, below: device(`mem${h}.${ti}`, rp) });
          continue;
        }
        const sw = `sw${h}.${ti}`;
        const dspPorts = p.portNumbers.slice(0, s).reverse();
        components.push(switchUsp(sw, rp, []));
        const below: Fanout = { owner: sw, ports: [] };
        fanout.ports.push({ port: portNumber, below });
        for (let si = 0; si < s; si++) {
          const d = `dsp${h}.${ti}.${si}`;
          components.push(dsp(d, sw, dspPorts[si] ?? 0));
          below.ports.push({ port: dspPorts[si] ?? 0, below: device(`mem${h}.${ti}.${si}`, d) });
        }
      }
    }
    // Then the region, programmed by the same code as `programRegion`; endpoints may carry a first
    // decoder below the region (1-way, 256 MiB) so the region decoder is decoder 1.
    programFanouts(new Map(components.map((c) => [c.id, c])), fanouts, {
      base: regionBase,
      size: regionSize,
      ways,
      granularity: g,
      rootPow2: r % 3 === 0 ? r / 3 : r,
      lock: false,
      endpoint: () => [
        ...(p.extraDecoder ? [prog(windowBase - SEG, SEG, 1, 256)] : []),
        prog(regionBase, regionSize, ways, g, { skip: p.skipSlots * SEG }),
      ],
    });
    const byPosition = positionsOf(fanouts, r, ways);
    const w: WindowSpec = window('cfmw0', windowBase, windowSize, hbIds, g);
    return {
      spec: spec([w], components),
      regionBase,
      regionSize,
      ways,
      granularity: g,
      eiw: eiwOf(ways),
      eig: eigOf(g),
      byPosition,
      dpaBase: new Map(byPosition.map((id) => [id, lead + p.skipSlots * SEG])),
      // Linux's region-offset positions hold for power-of-two roots, and for 3/6-way roots only with
      // nothing interleaving below and a region base that is a multiple of R × 256 MiB (QEMU hw/cxl/cxl-host.c selects on the absolute HPA).
      linuxPositions: r % 3 !== 0 || (t === 1 && s === 1 && regionBase % (r * SEG) === 0),
    };
  });

// ---------------------------------------------------------------------------------------------

/** Port ways for `fuzzLabArb`, weighted towards 1, 2 and 4. */
const FUZZ_PORT_WAYS = [1, 2, 4, 8, 1, 2, 4];

export interface FuzzLab {
  spec: TopologySpec;
}

interface RandomSource {
  next(n: number): number;
}

/** The shared PRNG as a `next(n)` source, so the tree shape can be built imperatively. */
function rng(seed: number): RandomSource {
  return { next: prng(seed) };
}

function pick<T>(r: RandomSource, list: readonly T[]): T {
  const v = list[r.next(list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

/** Random tree and random decoder programming; windows 1–2, host bridges 1–4, depth ≤ 3. */
export const fuzzLabArb: fc.Arbitrary<FuzzLab> = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => {
  const r = rng(seed);
  const components: ComponentSpec[] = [];
  const windows: WindowSpec[] = [];
  const hbCount = 1 + r.next(4);
  const hbIds = Array.from({ length: hbCount }, (_, i) => `hb${i}`);
  // Windows first, so decoders can be placed mostly inside them.
  let base = (16 + r.next(64)) * SEG;
  const nWindows = 1 + r.next(2);
  for (let i = 0; i < nWindows; i++) {
    const ways = pick(r, [1, 2, 4, 3, 6, 8, 1, 2]);
    const targets = Array.from({ length: ways }, (_, k) => hbIds[(k + r.next(2)) % hbCount] ?? 'hb0');
    const gran = pick(r, GRANULARITIES);
    const size = ways * SEG * (1 + r.next(3));
    const pow2 = ways % 3 === 0 ? ways / 3 : ways;
    const xor = pow2 > 1 && r.next(3) === 0;
    const maps: number[] = [];
    if (xor) {
      for (let b = 0; b < Math.log2(pow2); b++) {
        const bit = Math.log2(gran) + b;
        maps.push(2 ** bit + 2 ** (bit + 3 + r.next(20)) + (r.next(2) === 0 ? 2 ** (32 + r.next(12)) : 0));
      }
    }
    windows.push(
      window(`cfmw${i}`, base, size, targets, gran, xor ? { arithmetic: 'xor', xormaps: maps } : {}),
    );
    base += size + r.next(3) * SEG;
  }
  const spans = windows.map((w) => ({ base: w.base, size: w.size }));
  const randomRange = (): { base: number; size: number } => {
    const w = pick(r, spans);
    const slots = w.size / SEG;
    const startSlot = r.next(slots);
    let sizeSlots = 1 + r.next(slots - startSlot);
    if (r.next(4) === 0) sizeSlots = slots - startSlot; // often the whole tail
    const b = r.next(6) === 0 ? w.base - SEG : w.base + startSlot * SEG; // sometimes outside
    return { base: Math.max(SEG, b), size: sizeSlots * SEG };
  };
  const portDecoders = (portNumbers: number[]): DecoderProgramSpec[] => {
    const n = 1 + r.next(3);
    const list: DecoderProgramSpec[] = [];
    for (let i = 0; i < n; i++) {
      const ways = pick(r, FUZZ_PORT_WAYS);
      const { base: b, size } =
        r.next(3) === 0 ? randomRange() : (spans[r.next(spans.length)] ?? { base: SEG, size: SEG });
      const targets = Array.from({ length: ways }, () =>
        r.next(12) === 0 ? 99 : (portNumbers[r.next(portNumbers.length)] ?? 0),
      );
      list.push(prog(b, size, ways, pick(r, GRANULARITIES), { targets, commit: r.next(8) !== 0 }));
    }
    return list;
  };
  let serial = 0;
  const addBelow = (portId: string, depth: number): void => {
    const roll = r.next(10);
    if (roll === 0) return; // nothing connected
    if (roll <= 2 && depth < 3) {
      const sw = `sw${components.length}`;
      const nPorts = 1 + r.next(4);
      const numbers = Array.from({ length: nPorts }, (_, i) => i * 2 + r.next(2));
      components.push(switchUsp(sw, portId, portDecoders(numbers)));
      numbers.forEach((num, i) => {
        const d = `${sw}.dsp${i}`;
        components.push(dsp(d, sw, num));
        addBelow(d, depth + 1);
      });
      return;
    }
    const mem = `mem${serial}`;
    const nDec = 1 + r.next(3);
    const decs: DecoderProgramSpec[] = [];
    for (let i = 0; i < nDec; i++) {
      const ways = pick(r, DEVICE_WAYS);
      const range =
        r.next(3) === 0 ? randomRange() : (spans[r.next(spans.length)] ?? { base: SEG, size: SEG });
      // 3/6/12-way sizes must be a multiple of 3 × 256 MiB to be meaningful; round up.
      const size = ways % 3 === 0 ? Math.ceil(range.size / (3 * SEG)) * 3 * SEG : range.size;
      decs.push(
        prog(range.base, size, ways, pick(r, GRANULARITIES), {
          skip: r.next(4) === 0 ? SEG : 0,
          commit: r.next(8) !== 0,
        }),
      );
    }
    const capacity = (1 + r.next(8)) * SEG;
    components.push(type3(mem, portId, capacity, decs, serial++));
  };
  hbIds.forEach((hb, h) => {
    const nPorts = 1 + r.next(3);
    const passthrough = nPorts === 1 && r.next(2) === 0;
    const numbers = Array.from({ length: nPorts }, (_, i) => i * 3 + r.next(3));
    components.push(hostBridge(hb, h, passthrough ? [] : portDecoders(numbers), passthrough ? 0 : 4));
    numbers.forEach((num, i) => {
      const rp = `${hb}.rp${i}`;
      components.push(rootPort(rp, hb, num));
      addBelow(rp, 0);
    });
  });
  return { spec: spec(windows, components) };
});
