/**
 * The multi-host presets (issue 18): the stored `cxl-lab/2` files match what the generator builds, load,
 * and route as worked by hand; the rebinding demo's move takes host A's region offline and hands the
 * LD's bytes to host B.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMultiHostPreset, multiHostPresets } from '../../scripts/presets/multi-host.ts';
import { read, route, walkRoute, write } from '../../src/cxl/decode/access.ts';
import { check } from '../../src/cxl/decode/check.ts';
import { createFabricLab, type FabricLab, type FabricLabFile } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { completeBackground, fmState, runFmCommand } from '../../src/cxl/fm/index.ts';
import type { Lab } from '../../src/cxl/lab.ts';
import { LIMIT_STRING } from '../../src/cxl/limits.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';

const GIB = 2 ** 30;
const BASE = 0x4c_0000_0000;

function stored(id: string): string {
  return readFileSync(new URL(`../../src/presets/multi-host/${id}.cxl-lab.json`, import.meta.url), 'utf8');
}

function fileOf(text: string): FabricLabFile {
  const p = parseAnyLabFile(text);
  if (!p.ok) throw new Error(p.error.map((e) => e.message).join('\n'));
  if (p.value.hosts !== 'multi') throw new Error('expected a multi-host file');
  return p.value.file;
}

function load(file: FabricLabFile, keep?: FabricLab): FabricLab {
  const media = new Map();
  const m = keep?.media('mld0');
  if (m !== undefined) media.set('mld0', m);
  const made = createFabricLab(file, { media });
  if (!made.ok) throw new Error(made.error.message);
  expect(made.value.findings).toEqual([]);
  return made.value.lab;
}

function host(f: FabricLab, id: string): Lab {
  const lab = f.host(id);
  if (lab === undefined) throw new Error(id);
  return lab;
}

describe('multi-host presets', () => {
  it.each(multiHostPresets().map((p) => [p.id, p] as const))(
    '%s: stored file matches the generator',
    (id, p) => {
      // Biome formats the stored file; compare the JSON values.
      expect(JSON.parse(stored(id))).toEqual(JSON.parse(buildMultiHostPreset(p)));
      const spec = fileOf(stored(id)).spec;
      expect(spec.notes?.includes('Walkthrough')).toBe(true);
      expect((spec.notes ?? '').length).toBeLessThanOrEqual(LIMIT_STRING.value);
    },
  );

  it('pool-2h-2mld: the same HPA reaches each host’s own LD of mld1 (walkthrough steps 1 and 2)', () => {
    const f = load(fileOf(stored('pool-2h-2mld')));
    // 2-way at 256 B: HPA offset 0x100 is granule 1 → position 1 = mld1's LD, DPA (1 div 2) × 256 = 0.
    expect(route(host(f, 'hostA'), BASE + 0x100)).toMatchObject({ ok: true, device: 'mld1.ld0', dpa: 0 });
    expect(route(host(f, 'hostB'), BASE + 0x100)).toMatchObject({ ok: true, device: 'mld1.ld1', dpa: 0 });
    // mld1's media: LD 0 at 0, LD 1 at 1 GiB.
    expect(f.reverse('mld1', GIB)).toMatchObject({
      ld: 1,
      dpa: 0,
      owner: { host: 'hostB' },
      hpas: [{ hpa: BASE + 0x100 }],
    });
  });

  it('mhd-4h: HPA 0x4c00001000 of hostC is mhd0 media byte 2 GiB + 0x1000', () => {
    const f = load(fileOf(stored('mhd-4h')));
    expect(route(host(f, 'hostC'), BASE + 0x1000)).toMatchObject({
      ok: true,
      device: 'mhd0.ld2',
      dpa: 0x1000,
    });
    expect(write(host(f, 'hostC'), BASE + 0x1000, Uint8Array.of(0xc3)).ok).toBe(true);
    expect(f.media('mhd0')?.read(2 * GIB + 0x1000, 1)).toEqual({ ok: true, value: Uint8Array.of(0xc3) });
    expect(read(host(f, 'hostA'), BASE + 0x1000, 1).data).toEqual(Uint8Array.of(0));
  });

  it('rebind-demo: moving LD 1 takes hostA’s region1 offline and hostB reads what hostA wrote', () => {
    const before = load(fileOf(stored('rebind-demo')));
    // region1 is the second 1 GiB of hostA's window, 1-way on mld0.ld1.
    expect(route(host(before, 'hostA'), BASE + GIB)).toMatchObject({ ok: true, device: 'mld0.ld1', dpa: 0 });
    expect(write(host(before, 'hostA'), BASE + GIB + 0x40, Uint8Array.of(1, 2, 3, 4)).ok).toBe(true);
    // Step 2: unbind VCS 0 vPPB 1.
    const file = before.toFile();
    const vcss = file.spec.fabric.switches[0]?.vcss ?? [];
    const a = vcss[0]?.vppbs[1];
    const b = vcss[1]?.vppbs[0];
    if (a === undefined || b === undefined) throw new Error('preset shape');
    a.binding = { state: 'unbound' };
    // Binding LD 1 to hostB while hostA holds it is refused (checked before the unbind takes effect).
    const both = structuredClone(file.spec);
    const bb = both.fabric.switches[0]?.vcss[1]?.vppbs[0];
    const aa = both.fabric.switches[0]?.vcss[0]?.vppbs[1];
    if (bb === undefined || aa === undefined) throw new Error('preset shape');
    aa.binding = { state: 'ld', port: 1, ld: 1 };
    bb.binding = { state: 'ld', port: 1, ld: 1 };
    const refused = createFabricLab(both);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.causes?.map((c) => c.code)).toEqual(['fabric.already-bound']);
    const unbound = load(file, before);
    const offline = walkRoute(host(unbound, 'hostA'), BASE + GIB);
    expect(offline.ok).toBe(false);
    if (!offline.ok)
      expect(offline.error).toMatchObject({ code: 'route.nothing-below-port', component: 'sw0.vcs0.vppb1' });
    // Step 3: bind VCS 1 vPPB 0 to port 1 LD 1; hostB's Linux makes a region on it.
    const next = unbound.toFile();
    const nb = next.spec.fabric.switches[0]?.vcss[1]?.vppbs[0];
    if (nb === undefined) throw new Error('preset shape');
    nb.binding = { state: 'ld', port: 1, ld: 1 };
    // The LD's decoders still hold hostA's programming: reset them as the new host finds them after hot-add.
    const ld1 = next.spec.fabric.devices[0]?.lds[1];
    if (ld1 !== undefined) ld1.decoders = [];
    const after = load(next, unbound);
    const hb = host(after, 'hostB');
    const plan = createRegion(hb, { window: 'cfmw0', members: ['mld0.ld1'], mode: 'volatile' });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(applyPlan(hb, plan.value).ok).toBe(true);
    // hostB's region starts at its window base: DPA 0x40 is HPA base + 0x40 there.
    expect(plan.value.base).toBe(BASE);
    expect(read(hb, BASE + 0x40, 4).data).toEqual(Uint8Array.of(1, 2, 3, 4));
  });

  it('pool-bind-yourself: nothing bound or programmed; bound with Bind vPPB and regions made as Linux would, routes as worked by hand', () => {
    const file = fileOf(stored('pool-bind-yourself'));
    const sw = file.spec.fabric.switches[0];
    expect(sw?.vcss.flatMap((v) => v.vppbs.map((b) => b.binding.state))).toEqual([
      'unbound',
      'unbound',
      'unbound',
      'unbound',
    ]);
    expect(sw?.vcss.flatMap((v) => v.decoders)).toEqual([]);
    // Both MLDs allocated: LD 0 and LD 1 of 1 GiB each, no LD decoder programmed.
    for (const d of file.spec.fabric.devices) {
      expect(d.lds.map((l) => [l.ld, l.range1, l.range2, l.decoders.length])).toEqual([
        [0, GIB, 0, 0],
        [1, GIB, 0, 0],
      ]);
    }
    // check passes on each host as shipped.
    const before = load(file);
    for (const h of ['hostA', 'hostB']) expect(check(host(before, h)).findings).toEqual([]);
    // Bind vPPB (CXL 2.0 §7.6.7.2.2) request: VCS ID, vPPB ID, physical port ID, reserved, LD-ID (2 bytes LE).
    // hostA's VCS 0 gets LD 0 of mld0 (port 2) and mld1 (port 3); hostB's VCS 1 their LD 1.
    let state = fmState(file.spec);
    for (const [vcs, vppb, port, ld] of [
      [0, 0, 2, 0],
      [0, 1, 3, 0],
      [1, 0, 2, 1],
      [1, 1, 3, 1],
    ] as const) {
      const run = runFmCommand(state, 'sw0', 'bind-vppb', Uint8Array.of(vcs, vppb, port, 0, ld, 0));
      if (!run.ok) throw new Error(run.error.message);
      expect(run.value.returnCode).toBe(1); // Background Command Started (CXL 2.0 §8.2.8.4.5.1)
      const done = completeBackground(run.value.state);
      expect(done.completed?.returnCode).toBe(0);
      state = done.state;
    }
    const bound = load({ ...file, spec: state.spec });
    // Each host's Linux makes a 2-way ram region at 256 B on its LD of mld0, then its LD of mld1.
    for (const [h, ld] of [
      ['hostA', 0],
      ['hostB', 1],
    ] as const) {
      const lab = host(bound, h);
      const plan = createRegion(lab, {
        window: 'cfmw0',
        members: [`mld0.ld${ld}`, `mld1.ld${ld}`],
        mode: 'volatile',
        granularity: 256,
      });
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.value.base).toBe(BASE);
      expect(applyPlan(lab, plan.value).ok).toBe(true);
      expect(check(lab).findings).toEqual([]);
    }
    // 2-way at 256 B: granule g = offset div 256 goes to position g mod 2, DPA (g div 2) × 256 + offset mod 256.
    // hostA 0x200: g 2 → position 0 (mld0.ld0), DPA 0x100; mld0's LD 0 starts at media 0 → media 0x100.
    expect(route(host(bound, 'hostA'), BASE + 0x200)).toMatchObject({
      ok: true,
      device: 'mld0.ld0',
      dpa: 0x100,
    });
    // hostB 0x300: g 3 → position 1 (mld1.ld1), DPA 0x100; mld1's LD 1 starts at 1 GiB → media 0x4000_0100.
    expect(route(host(bound, 'hostB'), BASE + 0x300)).toMatchObject({
      ok: true,
      device: 'mld1.ld1',
      dpa: 0x100,
    });
    expect(write(host(bound, 'hostA'), BASE + 0x200, Uint8Array.of(0xa1)).ok).toBe(true);
    expect(write(host(bound, 'hostB'), BASE + 0x300, Uint8Array.of(0xb2)).ok).toBe(true);
    expect(bound.media('mld0')?.read(0x100, 1)).toEqual({ ok: true, value: Uint8Array.of(0xa1) });
    expect(bound.media('mld1')?.read(GIB + 0x100, 1)).toEqual({ ok: true, value: Uint8Array.of(0xb2) });
    expect(bound.reverse('mld1', GIB + 0x100)).toMatchObject({
      ld: 1,
      dpa: 0x100,
      owner: { host: 'hostB' },
      hpas: [{ hpa: BASE + 0x300 }],
    });
  });
});
