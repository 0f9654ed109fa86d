/**
 * The issue 18 scale lab (`bench/topologies.ts` `scaleFabric`, panned by the canvas bench): 16 hosts and
 * 256 logical devices within docs/limits.md; the file validates, every host's view builds, and sample
 * HPAs route to the LD and DPA worked by hand below.
 */
import { describe, expect, it } from 'vitest';
import { scaleFabricText, scaleHostId } from '../../bench/topologies.ts';
import { route } from '../../src/cxl/decode/access.ts';
import { createFabricLab, type FabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { validateFabric } from '../../src/cxl/fabric/validate.ts';
import { hostView } from '../../src/cxl/fabric/views.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';

const BASE = 0x4c_0000_0000;
const MIB = 2 ** 20;
const GIB = 2 ** 30;

function load(): FabricLab {
  const parsed = parseAnyLabFile(scaleFabricText());
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  if (parsed.value.hosts !== 'multi') throw new Error('expected a cxl-lab/2 file');
  const made = createFabricLab(parsed.value.file);
  if (!made.ok) throw new Error(made.error.message);
  expect(made.value.findings).toEqual([]);
  return made.value.lab;
}

/**
 * Independent of the lab's decode: host bridge 2-way at 256 B picks root port s = granule mod 2, the
 * VCS 8-way at 512 B picks vPPB k = (offset div 512) mod 8 = (granule div 2) mod 8, so the region
 * position is granule mod 16 = k × 2 + s; the MLD on switch s port 16 + k is mld(s × 8 + k); the LD's
 * DPA keeps one 256 B granule of every 16: (granule div 16) × 256 + offset mod 256.
 */
function byHand(h: number, offset: number): { device: string; dpa: number } {
  const granule = Math.floor(offset / 256);
  const s = granule % 2;
  const k = Math.floor(granule / 2) % 8;
  return { device: `mld${s * 8 + k}.ld${h}`, dpa: Math.floor(granule / 16) * 256 + (offset % 256) };
}

describe('scale lab: 16 hosts × 256 logical devices', () => {
  const text = scaleFabricText();

  it('is a cxl-lab/2 file of 16 hosts, 16 MLDs of 16 LDs and 32 bound vPPBs per switch', () => {
    const parsed = parseAnyLabFile(text);
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    if (parsed.value.hosts !== 'multi') throw new Error('expected a cxl-lab/2 file');
    const spec = parsed.value.file.spec;
    expect(JSON.parse(text).format).toBe('cxl-lab/2');
    expect(spec.hosts.map((h) => h.id)).toEqual(Array.from({ length: 16 }, (_, h) => scaleHostId(h)));
    expect(spec.fabric.devices).toHaveLength(16);
    expect(spec.fabric.devices.every((d) => d.kind === 'mld' && d.lds.length === 16)).toBe(true);
    expect(spec.fabric.devices.reduce((n, d) => n + d.lds.length, 0)).toBe(256);
    for (const sw of spec.fabric.switches) {
      expect(sw.vcss).toHaveLength(16);
      expect(
        sw.vcss.every((v) => v.vppbs.length === 8 && v.vppbs.every((b) => b.binding.state === 'ld')),
      ).toBe(true);
    }
  });

  it('every host view validates and builds, holding its 16 LDs and one 16-way region', () => {
    const parsed = parseAnyLabFile(text);
    if (!parsed.ok || parsed.value.hosts !== 'multi') throw new Error('expected a cxl-lab/2 file');
    const index = validateFabric(parsed.value.file.spec);
    if (!index.ok) throw new Error(index.error.map((e) => e.message).join('\n'));
    expect(index.value.owners.size).toBe(256);
    for (let h = 0; h < 16; h++) {
      const view = hostView(index.value, scaleHostId(h));
      expect(validateTopology(view).ok).toBe(true);
      const lds = view.components.filter((c) => c.kind === 'type3').map((c) => c.id);
      expect(lds.sort()).toEqual(Array.from({ length: 16 }, (_, n) => `mld${n}.ld${h}`).sort());
      expect(createLab(view).ok).toBe(true);
    }
    // The region: every LD's decoder 0 committed 16-way at 256 B over the host's whole 4 GiB window.
    for (const d of parsed.value.file.spec.fabric.devices)
      for (const ld of d.lds)
        expect(ld.decoders[0]).toMatchObject({
          base: BASE,
          size: 4 * GIB,
          ways: 16,
          granularity: 256,
          commit: true,
        });
  });

  it.each([
    // host, window offset, worked by hand (see byHand): device, DPA
    [0, 0x0, 'mld0.ld0', 0x0],
    [0, 0x100, 'mld8.ld0', 0x0], // granule 1: s 1, k 0
    [3, 0x200, 'mld1.ld3', 0x0], // granule 2: s 0, k 1
    [7, 0x1234_5678, 'mld3.ld7', 0x123_4578], // granule 0x123456: pos 6 → s 0, k 3; DPA 0x12345 × 256 + 0x78
    [15, 4 * GIB - 1, 'mld15.ld15', 256 * MIB - 1], // granule 0xffffff: pos 15 → s 1, k 7; the LD's last byte
    [9, 0xf00 + 0x42, 'mld15.ld9', 0x42], // granule 15: pos 15; DPA 0 × 256 + 0x42
    [9, 0x1000 + 0x42, 'mld0.ld9', 0x142], // granule 16: pos 0; DPA 1 × 256 + 0x42
  ] as const)('host %i, HPA 0x4c00000000 + %s reaches %s at DPA %s', (h, offset, device, dpa) => {
    expect(byHand(h, offset)).toEqual({ device, dpa });
    const lab = load().host(scaleHostId(h));
    if (lab === undefined) throw new Error('no host');
    expect(route(lab, BASE + offset)).toMatchObject({ ok: true, device, dpa });
  });

  it('random HPAs of every host agree with the hand arithmetic, and the reverse map names the host', () => {
    const f = load();
    let x = 0x2545_f491;
    for (let i = 0; i < 256; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const h = i % 16;
      const offset = x % (4 * GIB);
      const want = byHand(h, offset);
      const lab = f.host(scaleHostId(h));
      if (lab === undefined) throw new Error('no host');
      expect(route(lab, BASE + offset)).toMatchObject({ ok: true, ...want });
      // LDs sit in LD-ID order in their MLD's media: LD h starts at h × 256 MiB.
      const [mld] = want.device.split('.');
      const back = f.reverse(mld ?? '', h * 256 * MIB + want.dpa);
      expect(back).toMatchObject({ ld: h, dpa: want.dpa, owner: { host: scaleHostId(h) } });
      expect(back?.hpas.map((p) => p.hpa)).toEqual([BASE + offset]);
    }
  });

  it('stops past the 4 GiB window', () => {
    const lab = load().host(scaleHostId(0));
    if (lab === undefined) throw new Error('no host');
    expect(route(lab, BASE + 4 * GIB).ok).toBe(false);
  });
});
