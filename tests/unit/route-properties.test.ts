/**
 * Properties of routing over random topologies (fixed seeds, modest run counts):
 * - the compiled fast path agrees with the reference walk on every sampled address, for consistent
 *   and inconsistent programming, and the run lengths both report are valid;
 * - inside a consistent region, HPA → (device, DPA) is one-to-one and onto each device's decoded
 *   DPA range, checked against Linux's independent DPA→HPA formulas (region.c cxl_dpa_to_hpa) where they apply
 *   and by exhaustive enumeration of whole stripes everywhere;
 * - on real labs from the shared arbitrary, fast path ≡ walk both for random programming (which
 *   seldom routes) and for a Linux-style region, sometimes perturbed (which routes a fair share:
 *   asserted, so the property cannot pass vacuously);
 * - `check` and the region registry accept every unperturbed Linux-consistent random region, with
 *   the positions the generator computed itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { route } from '../../src/cxl/decode/access.ts';
import { dpaOffsetToHpaOffset } from '../../src/cxl/decode/arith.ts';
import { check } from '../../src/cxl/decode/check.ts';
import { compileDecode } from '../../src/cxl/decode/compile.ts';
import { hpasForDpa } from '../../src/cxl/decode/inverse.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import type { LabCore } from '../../src/cxl/lab-core.ts';
import { listRegions } from '../../src/cxl/region/registry.ts';
import { consistentLayoutArb, fuzzLabArb, regionTopologyArb, topologyArb } from './arbitraries.ts';
import { fakeLab } from './helpers/fake-lab.ts';

/** Window edges and random window addresses, decoder edges, and `inside` random addresses per decoder. */
function samples(seed: number, lab: LabCore, inside = 0): number[] {
  let x = seed >>> 0 || 7;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const out: number[] = [];
  for (const w of lab.topology.windows) {
    out.push(w.base, w.base + w.size - 1, w.base - 1, w.base + w.size);
    for (let i = 0; i < 24; i++) out.push(w.base + rand(w.size / 256) * 256 + rand(256));
    for (let i = 0; i < 8; i++) out.push(w.base + rand(2 ** 16));
  }
  for (const c of lab.topology.spec.components) {
    if (!('decoders' in c)) continue;
    for (const d of c.decoders) {
      out.push(d.base, d.base - 1, d.base + d.size - 1, d.base + d.size);
      for (let i = 0; i < inside && d.size > 0; i++) out.push(d.base + rand(d.size / 256) * 256 + rand(256));
    }
  }
  return out.filter((h) => h >= 0 && h < 2 ** 52);
}

describe('fast path ≡ walk', () => {
  it('on random, often inconsistent programming', () => {
    let fastHits = 0;
    let total = 0;
    fc.assert(
      fc.property(fuzzLabArb, fc.integer({ min: 1, max: 1 << 30 }), ({ spec }, seed) => {
        const lab = fakeLab(spec);
        const compiled = compileDecode(lab);
        for (const hpa of samples(seed, lab)) {
          total++;
          const w = walk(lab, hpa);
          const slot = compiled.translate(hpa);
          if (slot >= 0) {
            fastHits++;
            if (!w.ok)
              throw new Error(`fast path routed ${hpa.toString(16)} but walk failed: ${w.error.message}`);
            expect([compiled.devices[slot], compiled.dpa, compiled.decoder]).toEqual([
              w.device,
              w.dpa,
              w.decoder,
            ]);
            // The fast run is valid: its last byte routes to the same device at the matching DPA.
            const last = compiled.runEnd - 1;
            const wl = walk(lab, last);
            expect(wl.ok && [wl.device, wl.dpa]).toEqual([w.device, w.dpa + (last - hpa)]);
          }
          // The independent upward inverse finds this HPA among those reaching (device, DPA).
          if (w.ok) expect(hpasForDpa(lab, w.device, w.dpa).map((x) => x.hpa)).toContain(hpa);
          const r = route(lab, hpa);
          expect(r.ok).toBe(w.ok);
          if (r.ok && w.ok) expect([r.device, r.dpa]).toEqual([w.device, w.dpa]);
          // The walk's own run is valid too.
          const end = hpa + w.runBytes - 1;
          if (end < 2 ** 52) {
            const we = walk(lab, end);
            if (w.ok) expect(we.ok && [we.device, we.dpa]).toEqual([w.device, w.dpa + w.runBytes - 1]);
            else expect(!we.ok && we.error.code).toBe(w.error.code);
          }
        }
      }),
      { seed: 20240611, numRuns: 100 },
    );
    // The fuzz must exercise the fast path, not only the fallback.
    expect(fastHits / total).toBeGreaterThan(0.15);
  });
});

describe('consistent regions', () => {
  it('are one-to-one and onto, matching Linux positions and DPA→HPA', () => {
    fc.assert(
      fc.property(
        consistentLayoutArb,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 16, maxLength: 16 }),
        (layout, picks) => {
          const lab = fakeLab(layout.spec);
          const compiled = compileDecode(lab);
          const perDevice = layout.regionSize / layout.ways;
          for (const [a, b] of picks) {
            // DPA → HPA by Linux's formula for a random position, then route it back.
            const pos = a % layout.ways;
            const dpaOff = b % perDevice;
            const device = layout.byPosition[pos] ?? '';
            if (layout.linuxPositions) {
              const hpa = layout.regionBase + dpaOffsetToHpaOffset(dpaOff, pos, layout.eiw, layout.eig);
              const r = walk(lab, hpa);
              expect(r.ok && [r.device, r.dpa]).toEqual([device, (layout.dpaBase.get(device) ?? 0) + dpaOff]);
              expect(compiled.translate(hpa)).toBeGreaterThanOrEqual(0);
              expect([compiled.devices[compiled.translate(hpa)], compiled.dpa]).toEqual([
                r.ok && r.device,
                r.ok && r.dpa,
              ]);
            }
            // HPA → (device, DPA) → Linux's inverse gives the HPA back.
            const hpa = layout.regionBase + (b % layout.regionSize);
            const r = walk(lab, hpa);
            if (!r.ok) throw new Error(r.error.message);
            // One-to-one: exactly this HPA reaches (device, DPA).
            expect(hpasForDpa(lab, r.device, r.dpa)).toEqual([{ hpa, decoder: r.decoder }]);
            if (layout.linuxPositions) {
              const p = layout.byPosition.indexOf(r.device);
              const back = dpaOffsetToHpaOffset(
                r.dpa - (layout.dpaBase.get(r.device) ?? 0),
                p,
                layout.eiw,
                layout.eig,
              );
              expect(layout.regionBase + back).toBe(hpa);
            }
          }
          // Exhaustive over 8 whole stripes at the region start and at a random stripe: every device
          // gets 8 chunks with consecutive DPAs, and no (device, DPA) repeats.
          const g = layout.granularity;
          const stripe = g * layout.ways;
          const stripes = layout.regionSize / stripe;
          for (const first of [0, Math.max(0, ((picks[0]?.[0] ?? 0) % stripes) - 8)]) {
            const seen = new Map<string, number[]>();
            for (let c = 0; c < 8 * layout.ways; c++) {
              const hpa = layout.regionBase + first * stripe + c * g;
              const slot = compiled.translate(hpa);
              expect(slot).toBeGreaterThanOrEqual(0);
              const r = walk(lab, hpa);
              if (!r.ok) throw new Error(r.error.message);
              expect([compiled.devices[slot], compiled.dpa]).toEqual([r.device, r.dpa]);
              const list = seen.get(r.device) ?? [];
              list.push(r.dpa);
              seen.set(r.device, list);
            }
            expect(seen.size).toBe(layout.ways);
            for (const [device, list] of seen) {
              const base = (layout.dpaBase.get(device) ?? 0) + first * g;
              expect([...list].sort((x, y) => x - y)).toEqual(
                Array.from({ length: 8 }, (_, j) => base + j * g),
              );
            }
          }
        },
      ),
      { seed: 424242, numRuns: 100 },
    );
  });
});

describe('fast path ≡ walk on real labs (createLab, shared random-topology arbitrary)', () => {
  /** Routes every sampled address both ways; returns [routed, total, fast-path hits] sample counts. */
  function agree(lab: Lab, seed: number): [number, number, number] {
    const compiled = compileDecode(lab);
    let routed = 0;
    let total = 0;
    let fast = 0;
    for (const hpa of samples(seed, lab, 4)) {
      const w = walk(lab, hpa);
      total++;
      if (w.ok) routed++;
      const slot = compiled.translate(hpa);
      // The fast path may decline (slot < 0) and leave an address to the walk, never disagree.
      if (slot >= 0) {
        fast++;
        expect(w.ok && [w.device, w.dpa]).toEqual([compiled.devices[slot], compiled.dpa]);
      }
      const r = route(lab, hpa);
      expect(r.ok && [r.device, r.dpa]).toEqual(w.ok && [w.device, w.dpa]);
    }
    return [routed, total, fast];
  }

  it('agrees on every sampled address, with random decoder programming', () => {
    let total = 0;
    fc.assert(
      fc.property(topologyArb({ decoders: 'random' }), fc.integer({ min: 1, max: 1 << 30 }), (spec, seed) => {
        const made = createLab(spec);
        if (!made.ok) throw new Error(made.error.message); // the arbitrary promises valid topologies
        total += agree(made.value.lab, seed)[1];
      }),
      { seed: 77, numRuns: 40 },
    );
    // Random programming seldom lines all levels up, so this mostly exercises failures through the
    // real register engine; the property below covers routable layouts.
    expect(total).toBeGreaterThan(1000);
  });

  it('agrees on every sampled address, with a Linux-style region (sometimes perturbed) — and routes a fair share', () => {
    let labs = 0;
    let labsRouting = 0;
    let fastHits = 0;
    let routed = 0;
    let total = 0;
    fc.assert(
      fc.property(topologyArb({ decoders: 'region' }), fc.integer({ min: 1, max: 1 << 30 }), (spec, seed) => {
        const made = createLab(spec);
        if (!made.ok) throw new Error(made.error.message);
        const [ok, n, hits] = agree(made.value.lab, seed);
        fastHits += hits;
        labs++;
        if (ok > 0) labsRouting++;
        routed += ok;
        total += n;
      }),
      { seed: 78, numRuns: 80 },
    );
    // Measured with these seeds: 58 of 80 labs route some sampled addresses, 2055 of 7400 samples
    // route. The bounds leave room, yet a walk that stopped routing, a fast path that always
    // declined, or an arbitrary that stopped producing routable layouts fails here.
    expect(labsRouting / labs).toBeGreaterThan(0.5);
    expect(routed / total).toBeGreaterThan(0.15);
    expect(fastHits / routed).toBeGreaterThan(0.9); // measured: the fast path answered all 2055
  });
});

describe('check and Linux re-assembly on random Linux-consistent regions', () => {
  it('report no errors and the positions the generator computed independently', () => {
    let consistent = 0;
    fc.assert(
      fc.property(regionTopologyArb(), ({ spec, region }) => {
        if (region === null || !region.linuxConsistent || region.perturbed) return;
        consistent++;
        const made = createLab(spec);
        if (!made.ok) throw new Error(made.error.message);
        const lab = made.value.lab;
        const report = check(lab);
        expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(report.regions.map((r) => [r.window, r.base, r.size, r.ways, r.granularity])).toEqual([
          [region.window, region.base, region.size, region.ways, region.granularity],
        ]);
        expect(report.regions[0]?.members.map((m) => m.device)).toEqual(region.byPosition);
        // The region registry (Linux auto-assembly, region/) agrees: no problems, same positions.
        const [found] = listRegions(lab);
        expect(found?.problems).toEqual([]);
        expect(found?.targets.map((t) => t.memdev)).toEqual(region.byPosition);
      }),
      { seed: 4711, numRuns: 80 },
    );
    expect(consistent).toBeGreaterThan(20);
  });
});
