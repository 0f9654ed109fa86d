/**
 * Property: for random valid region requests on random topologies, after `applyPlan` every sampled
 * HPA of the region routes (helper B's reference walk) to the member at the position Linux's
 * formula gives and to DPA = dpa_resource + the expected offset; Linux re-assembles the same region
 * from the registers; `destroyRegion` returns every decoder to uncommitted with base = size = 0.
 *
 * The expected values are computed here independently of the region code (Linux region.c cxl_dpa_to_hpa):
 *   position = (HPAoff >> L) & (W − 1),  L = log2(G)
 *   DPAoff   = ((HPAoff >> (L + log2 W)) << L) | (HPAoff & (2^L − 1))
 * and the member order a request must use comes from Linux region.c cxl_calc_interleave_pos:
 *   pos = h + R·(d1 + f1·(d2 + f2·(…)))  for host bridge h and downstream-port indices d1, d2, …
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/cxl/decode/walk.ts';
import { applyPlan, destroyRegion } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { listRegions } from '../../src/cxl/region/registry.ts';
import type { RegionMode, RegionRequest } from '../../src/cxl/region/types.ts';
import type { ComponentSpec } from '../../src/cxl/topology/model.ts';
import { GIB, hb, lab, MIB, rp, sw, t3, topo, WINDOW_BASE, win } from './helpers/region-topologies.ts';

interface Case {
  rootWays: number;
  /** Fanout per level below each host bridge: root ports, then switch downstream ports. */
  fanouts: number[];
  granularity: number;
  passthrough: boolean;
  mode: RegionMode;
  stripes: number;
  pre: RegionMode | null;
  shuffleSeed: number;
}

const RAM = 2 * GIB;
const PMEM = 2 * GIB;

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    rootWays: fc.constantFrom(1, 2, 4),
    fanouts: fc.array(fc.constantFrom(1, 2, 4), { minLength: 1, maxLength: 3 }),
    gExp: fc.integer({ min: 0, max: 5 }),
    passthrough: fc.boolean(),
    mode: fc.constantFrom<RegionMode>('volatile', 'persistent'),
    stripes: fc.integer({ min: 1, max: 2 }),
    pre: fc.constantFrom<RegionMode | null>(null, 'volatile', 'persistent'),
    shuffleSeed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ gExp, ...rest }) => ({ ...rest, granularity: 256 * 2 ** gExp }))
  .filter((c) => {
    const ways = c.rootWays * product(c.fanouts);
    if (ways > 16) return false;
    // Endpoint interleave bits must stay ≤ 14 (Linux region.c check_interleave_cap with QEMU's A11to8 + A14to12): G × W ≤ 32 KiB.
    if (c.granularity * ways > 32768) return false;
    // Every port level's granularity G × R × f1 × … must encode (≤ 16 KiB, Linux region.c cxl_port_setup_targets).
    for (let k = 0; k < c.fanouts.length; k++) {
      if (c.granularity * c.rootWays * product(c.fanouts.slice(0, k)) > 16384) return false;
    }
    // A passthrough host bridge has a single root port and serves one region at a time.
    if (c.passthrough && (c.fanouts[0] !== 1 || c.pre !== null)) return false;
    // pmem before ram on one device leaves no ram (the pmem skip took its tail): Linux refuses.
    if (c.pre === 'persistent' && c.mode === 'volatile') return false;
    return true;
  });

interface Leaf {
  id: string;
  hb: number;
  digits: number[];
}

function build(c: Case): { components: ComponentSpec[]; leaves: Leaf[] } {
  const components: ComponentSpec[] = [];
  const leaves: Leaf[] = [];
  for (let h = 0; h < c.rootWays; h++) {
    const hbId = `hb${h}`;
    components.push(hb(hbId, 10 + h, c.passthrough ? 0 : 4));
    const grow = (parent: string, level: number, digits: number[]): void => {
      const f = c.fanouts[level] ?? 1;
      for (let d = 0; d < f; d++) {
        const portId = `${parent}.p${d}`;
        components.push(
          level === 0 ? rp(portId, parent, d) : { kind: 'downstream-port', id: portId, parent, port: d },
        );
        const here = [...digits, d];
        if (level + 1 < c.fanouts.length) {
          const swId = `${portId}.sw`;
          components.push(sw(swId, portId));
          grow(swId, level + 1, here);
        } else {
          const id = `dev${h}_${here.join('_')}`;
          components.push(t3(id, portId, RAM, PMEM, { serial: leaves.length + 1 }));
          leaves.push({ id, hb: h, digits: here });
        }
      }
    };
    grow(hbId, 0, []);
  }
  return { components, leaves };
}

/** Linux position of a leaf (Linux region.c cxl_calc_interleave_pos) when every target list is in port-number order. */
function positionOf(c: Case, leaf: Leaf): number {
  let inner = 0;
  for (let k = c.fanouts.length - 1; k >= 0; k--) inner = inner * (c.fanouts[k] ?? 1) + (leaf.digits[k] ?? 0);
  return leaf.hb + c.rootWays * inner;
}

/** Deterministic shuffle (so a failing case replays exactly). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('region property: Linux-built regions route where Linux says', () => {
  it('every sampled HPA reaches the member at Linux position with the expected DPA', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 24 }),
        (c, fractions) => {
          const { components, leaves } = build(c);
          const spec = topo(
            [
              win(
                'cfmw0',
                [...Array(c.rootWays).keys()].map((h) => `hb${h}`),
                c.granularity,
                { size: 64 * GIB },
              ),
            ],
            shuffled(components, c.shuffleSeed),
          );
          const l = lab(spec);
          const ways = leaves.length;
          const members = [...leaves].sort((a, b) => positionOf(c, a) - positionOf(c, b)).map((x) => x.id);

          // Optional earlier region: R ways over the first member of each host bridge, 256 MiB × R.
          const preSize = 256 * MIB * c.rootWays;
          if (c.pre !== null) {
            const pre = createRegion(l, {
              window: 'cfmw0',
              members: members.slice(0, c.rootWays),
              ways: c.rootWays,
              granularity: c.granularity,
              size: preSize,
              mode: c.pre,
            });
            if (!pre.ok) throw new Error(`pre-region refused: ${pre.error.message} ${pre.error.log}`);
            expect(applyPlan(l, pre.value).ok).toBe(true);
          }

          const size = 256 * MIB * ways * c.stripes;
          const req: RegionRequest = {
            window: 'cfmw0',
            members,
            ways,
            granularity: c.granularity,
            size,
            mode: c.mode,
          };
          const planned = createRegion(l, req);
          if (!planned.ok) throw new Error(`refused: ${planned.error.message} ${planned.error.log}`);
          const p = planned.value;
          const applied = applyPlan(l, p);
          if (!applied.ok) throw new Error(`apply failed: ${applied.error.message}`);

          // Independent expectations.
          const base = WINDOW_BASE + (c.pre !== null ? preSize : 0);
          expect(p.base).toBe(base);
          const L = Math.log2(c.granularity);
          const eiw = Math.log2(ways);
          const preMembers = new Set(members.slice(0, c.rootWays));
          const dpaResource = (id: string): number =>
            (c.mode === 'volatile' ? 0 : RAM) + (c.pre === c.mode && preMembers.has(id) ? 256 * MIB : 0);
          for (const t of p.targets) expect(t.dpaResource).toBe(dpaResource(t.memdev));

          const offsets = [
            0,
            size - 1,
            c.granularity,
            c.granularity * ways - 1,
            ...fractions.map((f) => Math.floor(f * (size - 1))),
          ];
          for (const off of offsets) {
            const pos = Math.floor(off / 2 ** L) % ways;
            const dpaOff = Math.floor(off / 2 ** (L + eiw)) * 2 ** L + (off % 2 ** L);
            const r = walk(l, base + off);
            if (!r.ok)
              throw new Error(`HPA 0x${(base + off).toString(16)} does not route: ${r.error.message}`);
            expect({ off, device: r.device, dpa: r.dpa }).toEqual({
              off,
              device: members[pos],
              dpa: dpaResource(members[pos] ?? '') + dpaOff,
            });
          }

          // Linux's auto-assembly view agrees.
          const found = listRegions(l).find((x) => x.base === base);
          expect(found?.problems).toEqual([]);
          expect(found?.targets.map((t) => t.memdev)).toEqual(members);

          // Tear down (newest first: it holds each port's highest decoder) → nothing committed.
          const d1 = destroyRegion(l, p.region);
          if (!d1.ok) throw new Error(`destroy failed: ${d1.error.message} ${d1.error.log}`);
          if (c.pre !== null) {
            const rest = listRegions(l);
            expect(rest).toHaveLength(1);
            const d0 = destroyRegion(l, rest[0]?.name ?? '');
            if (!d0.ok) throw new Error(`destroy failed: ${d0.error.message}`);
          }
          for (const comp of components) {
            for (const s of l.decoders(comp.id))
              expect([comp.id, s.committed, s.base, s.size]).toEqual([comp.id, false, 0, 0]);
          }
          expect(listRegions(l)).toEqual([]);
        },
      ),
      { seed: 6601, numRuns: Number(process.env.REGION_RUNS ?? 150) },
    );
  });
});
