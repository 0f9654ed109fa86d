import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/cxl/lab.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';
import { regionTopologyArb, topologyArb, topologySpecArb } from './arbitraries.ts';

describe('topology arbitraries', () => {
  it('every generated topology validates', () => {
    fc.assert(
      fc.property(topologySpecArb, (spec) => {
        const r = validateTopology(spec);
        if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
      }),
      { seed: 1101, numRuns: 300 },
    );
  });
  it('every generated topology builds a lab', () => {
    fc.assert(
      fc.property(topologySpecArb, (spec) => {
        const r = createLab(spec);
        if (!r.ok) throw new Error(r.error.message);
      }),
      { seed: 1102, numRuns: 200 },
    );
  });
  it("'region' mode: valid topologies, most with a region, some Linux-consistent, some perturbed", () => {
    const samples = fc.sample(regionTopologyArb(), { numRuns: 200, seed: 9 });
    for (const { spec } of samples) {
      const r = validateTopology(spec);
      if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    }
    const regions = samples.flatMap((x) => (x.region === null ? [] : [x.region]));
    expect(regions.length).toBeGreaterThan(100);
    expect(regions.filter((r) => r.linuxConsistent && !r.perturbed).length).toBeGreaterThan(40);
    expect(regions.filter((r) => r.perturbed).length).toBeGreaterThan(30);
    // Interleaved regions, including 3/6-way and 8-way ones, show up.
    const ways = new Set(regions.map((r) => r.ways));
    for (const w of [1, 2, 3, 4, 6, 8]) expect(ways).toContain(w);
  });
  it('reaches 3 switch levels, XOR windows and 3/6/12-way windows', () => {
    const samples = fc.sample(topologyArb({ decoders: 'none' }), { numRuns: 400, seed: 42 });
    const depthOf = (spec: (typeof samples)[number]): number => {
      const byId = new Map(spec.components.map((c) => [c.id, c]));
      let best = 0;
      for (const c of spec.components) {
        let d = 0;
        let cur = c;
        while (cur.kind !== 'host-bridge') {
          if (cur.kind === 'switch') d++;
          const p = byId.get(cur.parent);
          if (p === undefined) break;
          cur = p;
        }
        best = Math.max(best, d);
      }
      return best;
    };
    expect(Math.max(...samples.map(depthOf))).toBe(3);
    expect(samples.some((s) => s.windows.some((w) => w.arithmetic === 'xor' && w.xormaps.length > 0))).toBe(
      true,
    );
    expect(samples.some((s) => s.windows.some((w) => [3, 6, 12].includes(w.ways)))).toBe(true);
    expect(
      samples.some((s) => s.components.some((c) => c.kind === 'host-bridge' && c.decoderCount === 0)),
    ).toBe(true);
  });
});
