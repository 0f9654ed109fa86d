/**
 * fast-check generators for routing properties:
 *
 * - `consistentLayoutArb`: a region programmed the way Linux programs it (Linux region.c cxl_port_setup_targets, cxl_calc_interleave_pos): root
 *   (window) ways R, host bridges with T targets at granularity G·R', optional switches with S
 *   targets at G·R'·T, endpoints at the region's ways W = R·T·S and granularity G. It also returns
 *   each endpoint's Linux position (cxl_calc_interleave_pos, computed independently of routing).
 * - `fuzzLabArb`: a random tree with random — often inconsistent — decoder programming: aliases,
 *   holes, uncommitted decoders, wrong targets, odd granularities, 3/6/12/16-way devices.
 */
import fc from 'fast-check';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  TopologySpec,
  WindowSpec,
} from '../../../src/cxl/topology/model.ts';
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
} from './fake-lab.ts';

const SEG = 256 * MIB;

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
    const rPow2 = r % 3 === 0 ? r / 3 : r;
    const hbGran = g * rPow2;
    const swGran = hbGran * t;
    const regionSize = ways * SEG * p.sizeMult;
    const windowBase = p.baseSlots * SEG;
    const regionBase = windowBase + p.leadSlots * SEG;
    const windowSize = p.leadSlots * SEG + regionSize + SEG;
    const components: ComponentSpec[] = [];
    const byPosition: string[] = new Array(ways);
    const dpaBase = new Map<string, number>();
    const hbIds: string[] = [];
    let serial = 0;
    const lead = p.extraDecoder ? 256 * MIB : 0;
    const epDecoders = (): DecoderProgramSpec[] => {
      const list: DecoderProgramSpec[] = [];
      // Optional first decoder below the region (1-way, 256 MiB) so the region decoder is decoder 1.
      if (p.extraDecoder) list.push(prog(windowBase - SEG, SEG, 1, 256));
      list.push(prog(regionBase, regionSize, ways, g, { skip: p.skipSlots * SEG }));
      return list;
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
      components.push(
        hostBridge(
          hb,
          100 + h,
          passthrough ? [] : [prog(regionBase, regionSize, t, hbGran, { targets: hbTargets })],
          passthrough ? 0 : 4,
        ),
      );
      for (let ti = 0; ti < t; ti++) {
        const portNumber = hbTargets[ti] ?? 0;
        const rp = `rp${h}.${ti}`;
        components.push(rootPort(rp, hb, portNumber));
        const useSwitch = s > 1 || p.withSwitchWhenS1;
        if (!useSwitch) {
          const mem = `mem${h}.${ti}`;
          components.push(
            type3(mem, rp, regionSize / ways + lead + p.skipSlots * SEG, epDecoders(), serial++),
          );
          // Linux position: pos = t_index * R + h (endpoint port index in HB list, then HB in root).
          byPosition[ti * r + h] = mem;
          dpaBase.set(mem, lead + p.skipSlots * SEG);
          continue;
        }
        const sw = `sw${h}.${ti}`;
        const dspPorts = p.portNumbers.slice(0, s).reverse();
        components.push(switchUsp(sw, rp, [prog(regionBase, regionSize, s, swGran, { targets: dspPorts })]));
        for (let si = 0; si < s; si++) {
          const d = `dsp${h}.${ti}.${si}`;
          const mem = `mem${h}.${ti}.${si}`;
          components.push(dsp(d, sw, dspPorts[si] ?? 0));
          components.push(
            type3(mem, d, regionSize / ways + lead + p.skipSlots * SEG, epDecoders(), serial++),
          );
          // pos = ((si) * T + ti) * R + h.
          byPosition[(si * t + ti) * r + h] = mem;
          dpaBase.set(mem, lead + p.skipSlots * SEG);
        }
      }
    }
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
      dpaBase,
      // Linux's region-offset positions hold for power-of-two roots, and for 3/6-way roots only with
      // nothing interleaving below and a region base that is a multiple of R × 256 MiB (QEMU hw/cxl/cxl-host.c selects on the absolute HPA).
      linuxPositions: r % 3 !== 0 || (t === 1 && s === 1 && regionBase % (r * SEG) === 0),
    };
  });

// ---------------------------------------------------------------------------------------------

const GRANS = [256, 512, 1024, 2048, 4096, 8192, 16384];
const PORT_WAYS = [1, 2, 4, 8, 1, 2, 4];
const DEVICE_WAYS = [1, 2, 3, 4, 6, 8, 12, 16];

export interface FuzzLab {
  spec: TopologySpec;
}

interface RandomSource {
  next(n: number): number;
}

/** A deterministic PRNG seeded by fast-check, so the tree shape can be built imperatively. */
function rng(seed: number): RandomSource {
  let x = seed >>> 0 || 1;
  return {
    next(n: number): number {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x % n;
    },
  };
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
    const gran = pick(r, GRANS);
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
      const ways = pick(r, PORT_WAYS);
      const { base: b, size } =
        r.next(3) === 0 ? randomRange() : (spans[r.next(spans.length)] ?? { base: SEG, size: SEG });
      const targets = Array.from({ length: ways }, () =>
        r.next(12) === 0 ? 99 : (portNumbers[r.next(portNumbers.length)] ?? 0),
      );
      list.push(prog(b, size, ways, pick(r, GRANS), { targets, commit: r.next(8) !== 0 }));
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
        prog(range.base, size, ways, pick(r, GRANS), {
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
