/**
 * The shipped presets (src/presets): every one loads with its decoders committed, matches what the
 * core's Linux-style region code programs for its definition, passes `check` (the misprogrammed one
 * fails it the way its notes say), and routes sample HPAs where Linux's position formula puts them.
 *
 * The expected device and DPA are computed here from first principles (CXL r3.1 §8.2.4.20.13; Linux region.c cxl_dpa_to_hpa, acpi.c cxl_xor_hpa_to_spa), not
 * with the core's arithmetic: region granularity G (256 for a 1-way window, else the window's),
 * position = floor(HPA offset / G) mod ways (after the XOR maps for an XOR window), member = the
 * definition's member at that position, DPA = the device's DPA start for the region +
 * floor(offset / (G × ways)) × G + offset mod G.
 */
import { describe, expect, it } from 'vitest';
import { buildPreset } from '../../scripts/presets/build.ts';
import { type PresetDefinition, presetDefinitions } from '../../scripts/presets/definitions.ts';
import { route } from '../../src/cxl/decode/access.ts';
import { check } from '../../src/cxl/decode/check.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import type { TopologySpec, Type3Spec, WindowSpec } from '../../src/cxl/topology/model.ts';
import { PRESETS } from '../../src/presets/index.ts';

const definitions = presetDefinitions();

function load(text: string): { lab: Lab; spec: TopologySpec } {
  const parsed = parseLabFile(text);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('; '));
  const created = createLab(parsed.value);
  if (!created.ok) throw new Error(created.error.message);
  expect(created.value.findings).toEqual([]);
  return { lab: created.value.lab, spec: parsed.value.spec };
}

function presetText(id: string): string {
  const preset = PRESETS.find((p) => p.id === id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  return preset.text;
}

/** XOR window: each map replaces the bit at its lowest set bit by the parity of the masked address. */
function xorTransform(hpa: number, maps: readonly number[]): number {
  let out = hpa;
  for (const map of maps) {
    let parity = 0;
    let lowest = -1;
    for (let bit = 0; bit < 52; bit++) {
      const mask = 2 ** bit;
      if (Math.floor(map / mask) % 2 === 1) {
        if (lowest < 0) lowest = bit;
        parity ^= Math.floor(hpa / mask) % 2;
      }
    }
    const current = Math.floor(out / 2 ** lowest) % 2;
    if (current !== parity) out += (parity - current) * 2 ** lowest;
  }
  return out;
}

interface ExpectedRegion {
  window: WindowSpec;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  members: string[];
  /** Device → DPA where its share of the region starts. */
  dpaStart: Map<string, number>;
}

/** Regions as Linux lays them out: first fit from the window base, DPA in creation order per partition. */
function expectedRegions(def: PresetDefinition, spec: TopologySpec): ExpectedRegion[] {
  const devices = new Map(
    spec.components.filter((c): c is Type3Spec => c.kind === 'type3').map((c) => [c.id, c]),
  );
  const nextHpa = new Map<string, number>();
  const usedDpa = new Map<string, number>(); // `${device}:${mode}` → bytes allocated so far
  return def.regions.map((request) => {
    const window = spec.windows.find((w) => w.id === request.window);
    if (window === undefined) throw new Error(`no window ${request.window}`);
    const ways = request.members.length;
    const granularity = window.ways === 1 ? 256 : window.granularity;
    const persistent = request.mode === 'persistent';
    const capacity = Math.min(
      ...request.members.map((m) => {
        const d = devices.get(m);
        if (d === undefined) throw new Error(`no device ${m}`);
        return persistent ? d.persistent : d.volatile;
      }),
    );
    const base = nextHpa.get(window.id) ?? window.base;
    // cxl-cli's default size: the smallest member capacity × ways, capped to the window's free space.
    const stripe = 256 * 2 ** 20 * ways;
    const size = Math.min(capacity * ways, Math.floor((window.base + window.size - base) / stripe) * stripe);
    nextHpa.set(window.id, base + size);
    const dpaStart = new Map<string, number>();
    for (const m of request.members) {
      const key = `${m}:${request.mode}`;
      const used = usedDpa.get(key) ?? 0;
      dpaStart.set(m, (persistent ? (devices.get(m)?.volatile ?? 0) : 0) + used);
      usedDpa.set(key, used + size / ways);
    }
    return { window, base, size, ways, granularity, members: [...request.members], dpaStart };
  });
}

/** Offsets to probe in a region: the edges of the first stripes, a spread of pseudo-random chunks, the end. */
function sampleOffsets(r: ExpectedRegion): number[] {
  const stripe = r.granularity * r.ways;
  const offsets = [0, r.granularity - 1, r.granularity, stripe - 1, stripe, stripe + 3 * r.granularity + 17];
  let seed = 0x2545f491;
  for (let i = 0; i < 48; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    offsets.push(Math.floor((seed / 2 ** 32) * (r.size / 64)) * 64 + (i % 64));
  }
  offsets.push(r.size - 1);
  return offsets;
}

describe('preset catalogue', () => {
  it('lists every definition once, in the same order, the default first', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(definitions.map((d) => d.id));
    expect(PRESETS[0]?.id).toBe('default');
    for (const p of PRESETS) {
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.description.length).toBeGreaterThan(20);
    }
  });
});

describe.each(definitions.map((d) => [d.id, d] as const))('preset %s', (id, def) => {
  const text = presetText(id);

  it('is what the core programs for its regions (regenerate with scripts/presets/write.ts)', () => {
    const built = buildPreset(def);
    // The shipped file is the generator's output, byte for byte up to Biome's JSON formatting.
    expect(JSON.parse(text)).toEqual(JSON.parse(built.text));
    const stored = parseLabFile(text);
    const fresh = parseLabFile(built.text);
    expect(stored.ok && fresh.ok).toBe(true);
    if (stored.ok && fresh.ok) expect(stored.value.spec).toEqual(fresh.value.spec);
  });

  it('loads with every listed decoder committed and no findings', () => {
    const { lab, spec } = load(text);
    let listed = 0;
    for (const c of spec.components) {
      if (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3') continue;
      // An RCD lists no decoders: Linux emulates one committed decoder per non-empty DVSEC range.
      const emulated = c.kind === 'type3' ? (c.dvsec?.ranges.filter((r) => r.size > 0).length ?? 0) : 0;
      listed += c.decoders.length + emulated;
      const states = lab.decoders(c.id);
      for (const d of c.decoders) expect(d.commit).toBe(true);
      expect(states.filter((s) => s.committed)).toHaveLength(c.decoders.length + emulated);
    }
    expect(listed).toBeGreaterThan(0);
  });

  it(def.expectCheckErrors ? 'fails check the way its notes describe' : 'passes check', () => {
    const { lab } = load(text);
    const report = check(lab);
    const errors = report.findings.filter((f) => f.severity === 'error');
    if (def.expectCheckErrors === undefined) {
      expect(errors.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
      expect(report.regions).toHaveLength(def.regions.length + (def.autoRegions ?? 0));
    } else {
      for (const code of def.expectCheckErrors) expect(errors.map((f) => f.code)).toContain(code);
    }
    const warnings = report.findings.filter((f) => f.severity === 'warning').map((f) => f.code);
    for (const code of def.expectCheckWarnings ?? []) expect(warnings).toContain(code);
  });

  if (def.expectCheckErrors === undefined) {
    it('routes sample HPAs to the device and DPA of Linux’s position formula', () => {
      const { lab, spec } = load(text);
      for (const r of expectedRegions(def, spec)) {
        for (const offset of sampleOffsets(r)) {
          const hpa = r.base + offset;
          // An XOR window interleaves on the transformed address; the rest of the path sees the HPA.
          const xored = r.window.arithmetic === 'xor' ? xorTransform(hpa, r.window.xormaps) - r.base : offset;
          const chunk = Math.floor(xored / r.granularity);
          const position = chunk % r.ways;
          const device = r.members[position];
          const dpa =
            (r.dpaStart.get(device ?? '') ?? Number.NaN) +
            Math.floor(offset / (r.granularity * r.ways)) * r.granularity +
            (offset % r.granularity);
          const routed = route(lab, hpa);
          expect(routed.ok, `0x${hpa.toString(16)}`).toBe(true);
          if (routed.ok) {
            expect({ hpa: hpa.toString(16), device: routed.device, dpa: routed.dpa }).toEqual({
              hpa: hpa.toString(16),
              device,
              dpa,
            });
          }
        }
      }
    });
  }
});

describe('misprogrammed-alias', () => {
  it('really aliases: chunks 0 and 2 of a stripe reach mem0 at the same DPA; mem1 and mem2 are never reached', () => {
    const { lab, spec } = load(presetText('misprogrammed-alias'));
    const base = spec.windows[0]?.base ?? 0;
    const a = route(lab, base);
    const b = route(lab, base + 512);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect([a.device, a.dpa]).toEqual(['mem0', 0]);
      expect([b.device, b.dpa]).toEqual(['mem0', 0]);
    }
    const reached = new Set<string>();
    for (let chunk = 0; chunk < 64; chunk++) {
      const r = route(lab, base + chunk * 256);
      if (r.ok) reached.add(r.device);
    }
    expect([...reached].sort()).toEqual(['mem0', 'mem3']);
  });

  it('carries notes that explain the bug and the fix', () => {
    const { spec } = load(presetText('misprogrammed-alias'));
    expect(spec.notes).toMatch(/granularity/);
    expect(spec.notes).toMatch(/512 B/);
  });
});

describe('scale-128', () => {
  it('has 128 Type 3 devices under 8 host bridges and 2 switch levels', () => {
    const { spec } = load(presetText('scale-128'));
    const byId = new Map(spec.components.map((c) => [c.id, c]));
    const kinds = (k: string) => spec.components.filter((c) => c.kind === k).length;
    expect(kinds('type3')).toBe(128);
    expect(kinds('host-bridge')).toBe(8);
    for (const c of spec.components) {
      if (c.kind !== 'type3') continue;
      let switches = 0;
      let at = byId.get(c.parent);
      while (at !== undefined && at.kind !== 'host-bridge') {
        if (at.kind === 'switch') switches++;
        at = byId.get(at.parent);
      }
      expect(switches).toBe(2);
    }
  });
});
