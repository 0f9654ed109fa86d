/**
 * The multi-host fabric core (issue 18): per-host views, LDs as windows onto shared media, isolation,
 * the reverse map, and the `cxl-lab/2` file round trip. Expected addresses are worked by hand below.
 */
import { describe, expect, it } from 'vitest';
import { fill, read, route, verify, write } from '../../src/cxl/decode/access.ts';
import { HOST_WINDOW_BASE } from '../../src/cxl/fabric/build.ts';
import { createFabricLab, type FabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import type { MultiHostSpec } from '../../src/cxl/fabric/model.ts';
import { validateFabric } from '../../src/cxl/fabric/validate.ts';
import { hostView } from '../../src/cxl/fabric/views.ts';
import type { Lab } from '../../src/cxl/lab.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { twoHostPool } from './helpers/fabric-fixtures.ts';

const GIB = 2 ** 30;

function build(spec: MultiHostSpec): FabricLab {
  const r = createFabricLab(spec);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lab;
}

function hostLab(f: FabricLab, id: string): Lab {
  const lab = f.host(id);
  if (lab === undefined) throw new Error(`no host ${id}`);
  return lab;
}

/** A 2-way region across the host's two LDs at 256 B (Linux's default for a 1-way window). */
function region(lab: Lab, members: string[]): { base: number; size: number } {
  const plan = createRegion(lab, { window: 'cfmw0', members, mode: 'volatile' });
  if (!plan.ok) throw new Error(plan.error.message);
  const applied = applyPlan(lab, plan.value);
  if (!applied.ok) throw new Error(applied.error.message);
  return { base: plan.value.base, size: plan.value.size };
}

describe('per-host views', () => {
  it('each host sees its VCS as a switch with its vPPBs, and only the LDs bound to it', () => {
    const v = validateFabric(twoHostPool());
    if (!v.ok) throw new Error(v.error.map((e) => e.message).join('\n'));
    const a = hostView(v.value, 'hostA');
    const ids = a.components.map((c) => `${c.kind}:${c.id}`);
    expect(ids).toEqual([
      'host-bridge:hb0',
      'root-port:rp0.0',
      'switch:sw0.vcs0',
      'downstream-port:sw0.vcs0.vppb0',
      'type3:mld0.ld0',
      'downstream-port:sw0.vcs0.vppb1',
      'type3:mld1.ld0',
    ]);
    const b = hostView(v.value, 'hostB');
    expect(b.components.filter((c) => c.kind === 'type3').map((c) => c.id)).toEqual(['mld0.ld1', 'mld1.ld1']);
    const ld = a.components.find((c) => c.id === 'mld0.ld0');
    expect(ld?.kind === 'type3' ? ld.volatile : 0).toBe(GIB);
  });

  it('an unbound vPPB is a downstream port with nothing below it', () => {
    const spec = twoHostPool();
    const vcs = spec.fabric.switches[0]?.vcss[0];
    if (vcs?.vppbs[1] !== undefined) vcs.vppbs[1].binding = { state: 'unbound' };
    const v = validateFabric(spec);
    if (!v.ok) throw new Error('invalid');
    const a = hostView(v.value, 'hostA');
    expect(a.components.some((c) => c.id === 'sw0.vcs0.vppb1')).toBe(true);
    expect(a.components.some((c) => c.kind === 'type3' && c.parent === 'sw0.vcs0.vppb1')).toBe(false);
  });
});

describe('shared media and isolation', () => {
  it('both hosts write the same HPA; each lands in its own LD slice of the media', () => {
    const f = build(twoHostPool());
    const a = hostLab(f, 'hostA');
    const b = hostLab(f, 'hostB');
    const ra = region(a, ['mld0.ld0', 'mld1.ld0']);
    const rb = region(b, ['mld0.ld1', 'mld1.ld1']);
    // Both hosts' windows start at 0x4c00000000 (separate machines); each region is 2 × 1 GiB.
    expect(ra).toEqual({ base: HOST_WINDOW_BASE, size: 2 * GIB });
    expect(rb).toEqual({ base: HOST_WINDOW_BASE, size: 2 * GIB });
    // HPA base + 0x100: granule 1 of a 2-way interleave at 256 B → position 1 (mld1's LD), DPA 0.
    // HPA base + 0x200: granule 2 → position 0 (mld0's LD), DPA 0x100.
    expect(write(a, HOST_WINDOW_BASE + 0x200, Uint8Array.of(0xaa)).ok).toBe(true);
    expect(write(b, HOST_WINDOW_BASE + 0x200, Uint8Array.of(0xbb)).ok).toBe(true);
    const media = f.media('mld0');
    // mld0's media: LD 0 at offset 0, LD 1 at offset 1 GiB (LD-ID order, 1 GiB each).
    expect(media?.read(0x100, 1)).toEqual({ ok: true, value: Uint8Array.of(0xaa) });
    expect(media?.read(GIB + 0x100, 1)).toEqual({ ok: true, value: Uint8Array.of(0xbb) });
    expect(read(a, HOST_WINDOW_BASE + 0x200, 1).data).toEqual(Uint8Array.of(0xaa));
    expect(route(a, HOST_WINDOW_BASE + 0x100)).toMatchObject({ ok: true, device: 'mld1.ld0', dpa: 0 });
  });

  it('a fill by host A leaves host B bytes untouched', () => {
    const f = build(twoHostPool());
    const a = hostLab(f, 'hostA');
    const b = hostLab(f, 'hostB');
    const ra = region(a, ['mld0.ld0', 'mld1.ld0']);
    const rb = region(b, ['mld0.ld1', 'mld1.ld1']);
    expect(fill(b, rb.base, 1 << 20, { kind: 'byte', value: 0x5b }).ok).toBe(true);
    expect(fill(a, ra.base, 64 << 20, { kind: 'tag' }).ok).toBe(true);
    expect(verify(b, rb.base, 1 << 20, { kind: 'byte', value: 0x5b })).toMatchObject({
      ok: true,
      mismatchCount: 0,
    });
    expect(verify(a, ra.base, 1 << 20, { kind: 'tag' })).toMatchObject({ ok: true, mismatchCount: 0 });
  });

  it('the reverse map names the host, LD, DPA and HPA of a media byte', () => {
    const f = build(twoHostPool());
    region(hostLab(f, 'hostA'), ['mld0.ld0', 'mld1.ld0']);
    // mld1 media offset 0x100 is LD 0's DPA 0x100: chunk 1 of 256 B at position 1 of 2 ways →
    // HPA offset (1 × 2 + 1) × 256 = 0x300.
    expect(f.reverse('mld1', 0x100)).toEqual({
      device: 'mld1',
      ld: 0,
      dpa: 0x100,
      owner: { host: 'hostA', component: 'mld1.ld0', via: { switch: 'sw0', vcs: 0, vppb: 1 } },
      hpas: [{ hpa: HOST_WINDOW_BASE + 0x300, decoder: 0 }],
    });
    // Host B has no region yet: its LD's bytes are reached by no HPA.
    expect(f.reverse('mld1', GIB + 5)).toMatchObject({ ld: 1, dpa: 5, owner: { host: 'hostB' }, hpas: [] });
    expect(f.reverse('mld1', 2 * GIB)).toBeNull();
  });
});

describe('rebuild after a fabric change', () => {
  it('an LD rebound from host A to host B keeps its bytes; host A no longer reaches it', () => {
    const f = build(twoHostPool());
    const a = hostLab(f, 'hostA');
    region(a, ['mld0.ld0', 'mld1.ld0']);
    // HPA base + 0x200 → position 0 (mld0.ld0), DPA 0x100 (worked above).
    expect(write(a, HOST_WINDOW_BASE + 0x200, Uint8Array.of(0x42)).ok).toBe(true);
    const spec = f.toFile().spec;
    const vcs0 = spec.fabric.switches[0]?.vcss[0];
    const vcs1 = spec.fabric.switches[0]?.vcss[1];
    if (vcs0?.vppbs[0] === undefined || vcs1 === undefined) throw new Error('fixture');
    vcs0.vppbs[0].binding = { state: 'unbound' };
    vcs1.vppbs.push({ vppb: 2, binding: { state: 'ld', port: 2, ld: 0 } });
    const next = f.rebuild(spec);
    if (!next.ok) throw new Error(next.error.message);
    const g = next.value.lab;
    expect(route(hostLab(g, 'hostA'), HOST_WINDOW_BASE + 0x200)).toMatchObject({ ok: false });
    expect(hostLab(g, 'hostB').memory('mld0.ld0').read(0x100, 1)).toEqual({
      ok: true,
      value: Uint8Array.of(0x42),
    });
    expect(g.reverse('mld0', 0x100)).toMatchObject({ ld: 0, dpa: 0x100, owner: { host: 'hostB' } });
  });
});

describe('the document form (toDocument)', () => {
  it('is toFile without memory: same spec and registers, and it copies no page', () => {
    const f = build(twoHostPool());
    region(hostLab(f, 'hostA'), ['mld0.ld0', 'mld1.ld0']);
    write(hostLab(f, 'hostA'), HOST_WINDOW_BASE + 0x200, Uint8Array.of(7));
    const file = f.toFile();
    const doc = f.toDocument();
    expect(doc.spec).toEqual(file.spec);
    expect(doc.registers).toEqual(file.registers);
    expect('media' in doc).toBe(false);
    // The region's programming is written back: hostA's VCS 0 decoder 0 and mld0 LD 0's are committed.
    expect(doc.spec.fabric.switches[0]?.vcss[0]?.decoders[0]?.commit).toBe(true);
    expect(doc.spec.fabric.devices[0]?.lds[0]?.decoders[0]?.commit).toBe(true);
    expect(file.media.get('mld0')?.length).toBe(1);
  });
});

describe('cxl-lab/2 file', () => {
  it('round-trips a programmed two-host lab with its memory', () => {
    const f = build(twoHostPool());
    region(hostLab(f, 'hostA'), ['mld0.ld0', 'mld1.ld0']);
    write(hostLab(f, 'hostA'), HOST_WINDOW_BASE + 0x200, Uint8Array.of(1, 2, 3));
    const text = serializeMultiHostFile(f.toFile());
    expect(JSON.parse(text).format).toBe('cxl-lab/2');
    const parsed = parseAnyLabFile(text);
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    expect(parsed.value.hosts).toBe('multi');
    if (parsed.value.hosts !== 'multi') return;
    const again = createFabricLab(parsed.value.file);
    if (!again.ok) throw new Error(again.error.message);
    expect(read(hostLab(again.value.lab, 'hostA'), HOST_WINDOW_BASE + 0x200, 3).data).toEqual(
      Uint8Array.of(1, 2, 3),
    );
    expect(serializeMultiHostFile(again.value.lab.toFile())).toBe(text);
  });

  it('a single-host file still parses as cxl-lab/1', () => {
    const text = '{"format":"cxl-lab/1","windows":[],"components":[]}';
    const parsed = parseAnyLabFile(text);
    expect(parsed.ok && parsed.value.hosts).toBe('single');
  });
});
