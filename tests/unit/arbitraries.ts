/**
 * fast-check arbitraries for whole topologies, shared by the file, validation and routing
 * properties. Every generated `TopologySpec` passes `validateTopology`:
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
 *   uncommitted and errored decoders alike.
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
  /** 'none': no decoders listed; 'random': random programming. Default 'random'. */
  decoders?: 'none' | 'random';
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

function childArb(depth: number, o: Required<TopologyArbOptions>): fc.Arbitrary<ChildShape> {
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

function windowArb(nHostBridges: number): fc.Arbitrary<WindowShape> {
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
  const o: Required<TopologyArbOptions> = {
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
        .tuple(fc.tuple(...uids.map(() => hb)), fc.array(windowArb(uids.length), { maxLength: o.maxWindows }))
        .map(([hbs, windows]) =>
          buildSpec(
            name,
            hbs.map((h, i) => ({ ...h, uid: uids[i] ?? i })),
            windows,
          ),
        ),
    );
}

/** The default arbitrary: up to 4 host bridges, 3 switch levels, random decoder programming. */
export const topologySpecArb: fc.Arbitrary<TopologySpec> = topologyArb();
