/**
 * Platform profiles (`src/cxl/topology/platform.ts`): region assembly under Linux 6.1 vs current,
 * routing under QEMU 7.2 vs current, the explanation at the failing host bridge hop, the lab file's
 * `platform` key, the CLI's `--linux` / `--qemu-version`, and walk ≡ fast path under every profile.
 *
 * The lab used by the hand-worked cases: one 1-way window cfmw0 at 0x4_9000_0000 (16 GiB) targeting
 * hb0 (UID 0, 4 HDM decoders), one root port rp0 (port 0), one 1 GiB volatile device mem0 below it.
 * Linux names (names.ts): root0 → decoder0.0 for cfmw0; hb0 is the first host-bridge port, port1,
 * so its decoders are decoder1.N; mem0's endpoint port is the next id, endpoint2 → decoder2.N.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { route } from '../../src/cxl/decode/access.ts';
import { compileDecode } from '../../src/cxl/decode/compile.ts';
import { hpasForDpa } from '../../src/cxl/decode/inverse.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { parseLabFile, serializeLabFile } from '../../src/cxl/topology/file.ts';
import type { ComponentSpec, TopologySpec } from '../../src/cxl/topology/model.ts';
import type { PlatformProfile } from '../../src/cxl/topology/platform.ts';
import { fuzzLabArb } from './arbitraries.ts';
import { runCli } from './helpers/fake-io.ts';
import { fakeLab } from './helpers/fake-lab.ts';
import { GIB, hb, lab, rp, t3, topo, WINDOW_BASE, win } from './helpers/region-topologies.ts';

const PROFILES: PlatformProfile[] = [
  { linux: 'current', qemu: 'current' },
  { linux: '6.1', qemu: 'current' },
  { linux: 'current', qemu: '7.2' },
  { linux: '6.1', qemu: '7.2' },
];

/** The single-root-port lab; `extra` adds components (e.g. an empty second root port). */
function oneRootPort(
  platform?: PlatformProfile,
  opts: { hbDecoders?: number; extra?: ComponentSpec[] } = {},
) {
  const spec: TopologySpec = topo(
    [win('cfmw0', ['hb0'], 256)],
    [hb('hb0', 0, opts.hbDecoders ?? 4), rp('rp0', 'hb0', 0), ...(opts.extra ?? []), t3('mem0', 'rp0', GIB)],
  );
  if (platform !== undefined) spec.platform = platform;
  return spec;
}

/** Plans and commits a 1-way volatile region of mem0; returns the lab and the plan. */
function withRegion(spec: TopologySpec) {
  const l = lab(spec);
  const plan = createRegion(l, { window: 'cfmw0', members: ['mem0'], mode: 'volatile' });
  if (!plan.ok) throw new Error(plan.error.message);
  const applied = applyPlan(l, plan.value);
  if (!applied.ok) throw new Error(applied.error.message);
  return { lab: l, plan: plan.value };
}

/** The same lab (registers included) under another profile. */
function underProfile(l: Lab, platform: PlatformProfile): Lab {
  const file = l.toFile();
  const made = createLab({ ...file, spec: { ...file.spec, platform } });
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

describe('region assembly under the Linux profile', () => {
  it('current: the host bridge decoder is programmed (endpoint first, then decoder1.0)', () => {
    const { plan } = withRegion(oneRootPort());
    // Region size: 1 GiB member × 1 way = 1 GiB, first fit at the window base.
    expect([plan.base, plan.size]).toEqual([WINDOW_BASE, GIB]);
    expect(plan.order).toEqual(['decoder2.0', 'decoder1.0']);
    const hbDecoder = plan.decoders.find((d) => d.component === 'hb0');
    expect(hbDecoder?.passthrough).toBe(false);
    // Commit writes per decoder: Base Hi/Lo, Size Hi/Lo, Target List Hi/Lo (or DPA Skip Hi/Lo), Control = 7.
    expect(plan.writes.length).toBe(14);
    expect(plan.notes).toEqual([]);
  });

  it('6.1: the single-root-port host bridge gets the software passthrough decoder; only the endpoint is written', () => {
    const { plan } = withRegion(oneRootPort({ linux: '6.1', qemu: '7.2' }));
    expect(plan.order).toEqual(['decoder2.0']);
    const hbDecoder = plan.decoders.find((d) => d.component === 'hb0');
    expect(hbDecoder).toMatchObject({ name: 'decoder1.0', passthrough: true, targets: [0] });
    expect(plan.writes.length).toBe(7);
    expect(plan.writes.every((w) => w.component === 'mem0')).toBe(true);
    expect(plan.notes.join('\n')).toMatch(
      /Linux 6\.1 gave hb0 \(one root port\) a software passthrough decoder/,
    );
    expect(plan.notes.join('\n')).toContain('drivers/cxl/port.c cxl_port_probe');
  });

  it('6.1 with a second, empty root port: two dports, so Linux 6.1 programs the HDM decoder', () => {
    const { plan } = withRegion(oneRootPort({ linux: '6.1', qemu: '7.2' }, { extra: [rp('rp1', 'hb0', 1)] }));
    expect(plan.order).toEqual(['decoder2.0', 'decoder1.0']);
    expect(plan.notes).toEqual([]);
  });
});

describe('routing under the QEMU profile', () => {
  const hpa = WINDOW_BASE + 0x100; // 1-way everywhere: DPA offset = HPA offset = 0x100

  it('current/current: the region routes to mem0 at DPA 0x100', () => {
    const r = walk(withRegion(oneRootPort()).lab, hpa);
    expect(r.ok && [r.device, r.dpa, r.hops.map((h) => h.component)]).toEqual([
      'mem0',
      0x100,
      ['cfmw0', 'hb0', 'mem0'],
    ]);
  });

  it('linux 6.1 + qemu 7.2: the region assembles but the access fails at hb0, which says why and what avoids it', () => {
    const { lab: l } = withRegion(oneRootPort({ linux: '6.1', qemu: '7.2' }));
    const r = walk(l, hpa);
    if (r.ok) throw new Error('expected a failure at hb0');
    expect(r.error.component).toBe('hb0');
    // decoder1.0's hardware decoder 0 was never written: size 0, so no decoder covers the HPA.
    expect(r.error.code).toBe('route.no-decoder');
    expect(r.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0']);
    expect(r.hops[1]?.arithmetic).toContain('platform profile');
    const m = r.error.message;
    expect(m).toContain('Linux 6.1 gave hb0 (one root port) a software passthrough decoder');
    expect(m).toContain('QEMU 7.2 routes it only through a committed HDM decoder 0');
    // The sources travel in the error's spec: Linux 6.1's probe, QEMU 7.2's router, QEMU 8.0's passthrough.
    expect(r.error.spec).toContain('drivers/cxl/port.c cxl_port_probe');
    expect(r.error.spec).toContain('hw/cxl/cxl-host.c cxl_hdm_find_target');
    expect(r.error.spec).toContain('pxb_cxl_dev_reset');
    expect(m).toContain('add a second, empty root port to hb0');
    expect(m).toContain('QEMU ≥ 8.0');
    // The fast path agrees: it declines, and route() reports the same failure.
    expect(compileDecode(l).translate(hpa)).toBe(-1);
    const viaRoute = route(l, hpa);
    expect(!viaRoute.ok && viaRoute.error.code).toBe('route.no-decoder');
  });

  it('linux 6.1 + QEMU ≥ 8.0 passthrough host bridge (decoder count 0): routes to the single root port', () => {
    const { lab: l } = withRegion(oneRootPort({ linux: '6.1', qemu: 'current' }, { hbDecoders: 0 }));
    const r = walk(l, hpa);
    expect(r.ok && [r.device, r.dpa, r.hops[1]?.decoder]).toEqual(['mem0', 0x100, null]);
  });

  it('qemu 7.2 has no passthrough host bridge: decoder count 0 fails at the host bridge and says so', () => {
    const { lab: l } = withRegion(oneRootPort({ linux: 'current', qemu: 'current' }, { hbDecoders: 0 }));
    const r = walk(underProfile(l, { linux: 'current', qemu: '7.2' }), hpa);
    expect(!r.ok && r.error.component).toBe('hb0');
    expect(!r.ok && r.error.message).toContain('QEMU 7.2 has no passthrough host bridge');
  });

  it('qemu 7.2 consults only HDM decoder 0: a second region through hb0 decoder 1 stops routing', () => {
    // Two 512 MiB regions on mem0 (1 GiB): region0 = [base, base+512M) via hb0 decoder 0,
    // region1 = [base+512M, base+1G) via hb0 decoder 1 (Linux takes the decoder after the last committed).
    const l = lab(oneRootPort());
    for (let i = 0; i < 2; i++) {
      const p = createRegion(l, { window: 'cfmw0', members: ['mem0'], mode: 'volatile', size: GIB / 2 });
      if (!p.ok) throw new Error(p.error.message);
      expect(p.value.base).toBe(WINDOW_BASE + (i * GIB) / 2);
      const a = applyPlan(l, p.value);
      if (!a.ok) throw new Error(a.error.message);
    }
    const second = WINDOW_BASE + GIB / 2 + 0x40;
    const current = walk(l, second);
    expect(current.ok && [current.hops[1]?.decoder, current.dpa]).toEqual([1, GIB / 2 + 0x40]);
    const old = underProfile(l, { linux: 'current', qemu: '7.2' });
    const r = walk(old, second);
    expect(!r.ok && [r.error.code, r.error.component]).toEqual(['route.no-decoder', 'hb0']);
    const first = walk(old, WINDOW_BASE + 0x40);
    expect(first.ok && [first.hops[1]?.decoder, first.dpa]).toEqual([0, 0x40]);
    expect(compileDecode(old).translate(second)).toBe(-1);
    // Upward (DPA → HPA): mem0 decoder 1 maps DPA 0x20000040 (its DPABase 512 MiB + 0x40) from
    // `second`; under QEMU 7.2 hb0 would not pass it down, so no HPA reaches that byte.
    expect(hpasForDpa(l, 'mem0', GIB / 2 + 0x40).map((x) => x.hpa)).toEqual([second]);
    expect(hpasForDpa(old, 'mem0', GIB / 2 + 0x40)).toEqual([]);
  });
});

describe('the lab warns where the profile keeps regions from routing', () => {
  const codes = (spec: TopologySpec) => {
    const made = createLab(spec);
    if (!made.ok) throw new Error(made.error.message);
    return made.value.findings
      .filter((f) => f.code.startsWith('platform.'))
      .map((f) => [f.code, f.component]);
  };
  it('one root port under Linux 6.1 (any QEMU with HDM decoders on hb0): one warning at hb0', () => {
    expect(codes(oneRootPort({ linux: '6.1', qemu: '7.2' }))).toEqual([['platform.unroutable-port', 'hb0']]);
    expect(codes(oneRootPort({ linux: '6.1', qemu: 'current' }))).toEqual([
      ['platform.unroutable-port', 'hb0'],
    ]);
  });
  it('no warning with a second root port, with current/current, or for a QEMU ≥ 8.0 passthrough host bridge', () => {
    expect(codes(oneRootPort({ linux: '6.1', qemu: '7.2' }, { extra: [rp('rp1', 'hb0', 1)] }))).toEqual([]);
    expect(codes(oneRootPort({ linux: 'current', qemu: 'current' }))).toEqual([]);
    expect(codes(oneRootPort({ linux: '6.1', qemu: 'current' }, { hbDecoders: 0 }))).toEqual([]);
  });
  it('a decoder-less host bridge under QEMU 7.2: one warning', () => {
    expect(codes(oneRootPort({ linux: 'current', qemu: '7.2' }, { hbDecoders: 0 }))).toEqual([
      ['platform.unroutable-port', 'hb0'],
    ]);
  });
});

describe('the lab file keeps the platform', () => {
  it('round-trips a non-default profile, omits the default, and reads an absent one as current/current', () => {
    const text = serializeLabFile(oneRootPort({ linux: '6.1', qemu: '7.2' }));
    expect(JSON.parse(text).platform).toEqual({ linux: '6.1', qemu: '7.2' });
    const back = parseLabFile(text);
    expect(back.ok && back.value.spec.platform).toEqual({ linux: '6.1', qemu: '7.2' });
    const plain = serializeLabFile(oneRootPort({ linux: 'current', qemu: 'current' }));
    expect('platform' in JSON.parse(plain)).toBe(false);
    const old = parseLabFile(plain);
    expect(old.ok && old.value.spec.platform).toBeUndefined();
  });

  it('a bad profile is an error naming the field', () => {
    const o = JSON.parse(serializeLabFile(oneRootPort()));
    o.platform = { linux: '5.19', qemu: 'current', extra: 1 };
    const r = parseLabFile(JSON.stringify(o));
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.error.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['platform.linux', 'platform.extra']));
    o.platform = 'linux-6.1';
    const s = parseLabFile(JSON.stringify(o));
    expect(!s.ok && s.error[0]?.field).toBe('platform');
  });
});

describe('cxl-lab --linux / --qemu-version', () => {
  const FILES = { 'one.json': serializeLabFile(oneRootPort()) };
  const REGION = ['region', 'one.json', '-w', 'cfmw0', '-m', 'mem0', '-t', 'ram'];

  it('region --linux 6.1 --qemu-version 7.2 assembles, says why, and route reproduces the failure at hb0', async () => {
    const r = await runCli([...REGION, '--linux', '6.1', '--qemu-version', '7.2', '-o', 'out.json'], FILES);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('committed region0 (1 decoder, 7 MMIO writes)');
    expect(r.stderr).toContain('note: decoder1.0 (port1, hb0)');
    const out = r.written.get('out.json') as string;
    expect(JSON.parse(out).platform).toEqual({ linux: '6.1', qemu: '7.2' });
    const routed = await runCli(['route', 'out.json', '0x490000100'], { 'out.json': out });
    const line = JSON.parse(routed.stdout);
    expect([line.ok, line.error.component, line.hops.length]).toEqual([false, 'hb0', 2]);
    expect(line.error.message).toContain('add a second, empty root port');
  });

  it('the same lab under current/current routes', async () => {
    const r = await runCli([...REGION, '-o', 'out.json'], FILES);
    expect(r.stderr).toContain('committed region0 (2 decoders, 14 MMIO writes)');
    const out = r.written.get('out.json') as string;
    const line = JSON.parse((await runCli(['route', 'out.json', '0x490000100'], { 'out.json': out })).stdout);
    expect([line.ok, line.device, line.dpa]).toEqual([true, 'mem0', '0x100']);
    // --qemu-version 7.2 alone still routes: Linux current programmed hb0 decoder 0.
    const old = await runCli(['route', 'out.json', '0x490000100', '--qemu-version', '7.2'], {
      'out.json': out,
    });
    expect(JSON.parse(old.stdout).ok).toBe(true);
  });

  it('check, list and fill-verify take the options; a bad value is a usage error (exit 2)', async () => {
    expect((await runCli(['check', 'one.json', '--linux', '6.1'], FILES)).code).toBe(0);
    expect((await runCli(['list', 'one.json', '--qemu-version', '7.2'], FILES)).code).toBe(0);
    const bad = await runCli(['route', 'one.json', '0x490000000', '--linux', '5.10'], FILES);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--linux must be 6.1 or current');
    const fv = await runCli(['fill-verify', 'one.json', '0x490000000', '4K', '--qemu-version', '9'], FILES);
    expect([fv.code, fv.stderr.includes('--qemu-version must be 7.2 or current')]).toEqual([2, true]);
  });
});

describe('fast path ≡ walk under every platform profile', () => {
  it('on random, often inconsistent programming, for each of the four profiles', () => {
    let differ = 0;
    let fast72 = 0;
    fc.assert(
      fc.property(fuzzLabArb, fc.integer({ min: 1, max: 1 << 30 }), ({ spec }, seed) => {
        const results = PROFILES.map((platform) => {
          const l = fakeLab({ ...spec, platform });
          const compiled = compileDecode(l);
          let x = seed;
          const hpas: number[] = [];
          for (const w of l.topology.windows) {
            hpas.push(w.base, w.base + w.size - 1);
            for (let i = 0; i < 16; i++) {
              x = (Math.imul(x, 1103515245) + 12345) >>> 0;
              hpas.push(w.base + (x % (w.size / 64)) * 64);
            }
          }
          return hpas.map((hpa) => {
            const w = walk(l, hpa);
            const slot = compiled.translate(hpa);
            if (slot >= 0) {
              if (platform.qemu === '7.2') fast72++;
              expect(w.ok && [w.device, w.dpa, w.decoder]).toEqual([
                compiled.devices[slot],
                compiled.dpa,
                compiled.decoder,
              ]);
            }
            const r = route(l, hpa);
            expect(r.ok && [r.device, r.dpa]).toEqual(w.ok && [w.device, w.dpa]);
            // DPA → HPA (fill-verify's independent upward check) follows the profile too.
            if (w.ok) {
              const up = hpasForDpa(l, w.device, w.dpa);
              expect(up.map((x) => x.hpa)).toContain(hpa);
              for (const x of up) {
                const back = walk(l, x.hpa);
                expect(back.ok && [back.device, back.dpa]).toEqual([w.device, w.dpa]);
              }
            }
            return w.ok ? `${w.device}@${w.dpa}` : 'x';
          });
        });
        if (results[0]?.join() !== results[2]?.join()) differ++;
      }),
      { seed: 20261205, numRuns: 60 },
    );
    // The QEMU axis must both change some results and still leave routable addresses to the fast path.
    expect(differ).toBeGreaterThan(0);
    expect(fast72).toBeGreaterThan(0);
  });
});
