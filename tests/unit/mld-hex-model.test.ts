/**
 * The MLD hex view's model (issue 18): slice runs, legend rows, the reverse map's lines and an LD's
 * place in its media, over the pool-2h-2mld preset built by the core and read through the worker's
 * `fabric.media` / `fabric.reverse` handlers. Expected offsets are worked by hand in each test.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { write } from '../../src/cxl/decode/access.ts';
import { createFabricLab, type FabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { hostView } from '../../src/cxl/fabric/views.ts';
import type { ComponentSpec } from '../../src/cxl/topology/model.ts';
import { CHUNK_BYTES, chunksFor, ROWS_PER_CHUNK } from '../../src/panels/dpa-hex/hex-model.ts';
import {
  ldColour,
  ldMediaText,
  ldOfComponent,
  legendRows,
  mediaAccessRanges,
  mediaPoison,
  reverseLines,
  segmentLabel,
  segmentsFor,
  sliceAt,
} from '../../src/panels/dpa-hex/media-model.ts';
import type { AccessLogEntry } from '../../src/state/types.ts';
import { fabricMedia, fabricReverse } from '../../src/worker/fabric-media.ts';
import { MAX_DPA_READ } from '../../src/worker/inspect.ts';
import type { FabricLdView } from '../../src/worker/lab-types.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
/** The preset's region base in both hosts (its notes: "HPA 0x4c00000000"). */
const REGION = 0x4c_0000_0000;

function pool(): FabricLab {
  const text = readFileSync('src/presets/multi-host/pool-2h-2mld.cxl-lab.json', 'utf8');
  const parsed = parseAnyLabFile(text);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('; '));
  if (parsed.value.hosts !== 'multi') throw new Error('expected a multi-host file');
  const built = createFabricLab(parsed.value.file);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.lab;
}

function slicesOf(lab: FabricLab, device: string): FabricLdView[] {
  const r = fabricMedia({ fabricLab: lab }, { device, offset: 0, length: 16 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.slices;
}

describe('MLD media slices', () => {
  it('mld1 holds LD 0 at 0 and LD 1 at 1 GiB (LD 0 has 1 GiB), owned by hostA and hostB', () => {
    const slices = slicesOf(pool(), 'mld1');
    // LDs sit in LD-ID order from offset 0 (docs/multi-host.md): LD 0 [0, 1 GiB), LD 1 [1 GiB, 2 GiB).
    expect(slices.map((s) => [s.ld, s.base, s.size, s.owner?.host])).toEqual([
      [0, 0, GIB, 'hostA'],
      [1, 0x4000_0000, GIB, 'hostB'],
    ]);
    expect(sliceAt(slices, 0x3fff_ffff)?.ld).toBe(0);
    expect(sliceAt(slices, 0x4000_0000)?.ld).toBe(1);
    expect(sliceAt(slices, 2 * GIB)).toBeNull();
  });

  it('splits a window across the LD boundary into runs with the DPA of each run', () => {
    const slices = slicesOf(pool(), 'mld1');
    // 32 bytes from 1 GiB − 16: 16 bytes of LD 0 (DPA 0x3ffffff0) then 16 of LD 1 (DPA 0).
    const runs = segmentsFor(slices, 0x3fff_fff0, 32);
    expect(runs.map((r) => [r.start, r.end, r.slice?.ld])).toEqual([
      [0x3fff_fff0, 0x4000_0000, 0],
      [0x4000_0000, 0x4000_0010, 1],
    ]);
    expect(runs.map(segmentLabel)).toEqual(['LD 0 · hostA · DPA 0x3ffffff0', 'LD 1 · hostB · DPA 0x0']);
  });

  it('marks media no LD is allocated, and the legend lists LDs and the gap', () => {
    // A 2 GiB device with LD 0 of 512 MiB and LD 2 of 256 MiB at 512 MiB (LD 1 has none): free from 768 MiB.
    const slices: FabricLdView[] = [
      { device: 'm', ld: 0, base: 0, size: 512 * MIB, owner: null },
      {
        device: 'm',
        ld: 2,
        base: 512 * MIB,
        size: 256 * MIB,
        owner: { host: 'h1', component: 'm.ld2', via: { switch: 's', vcs: 1, vppb: 3 } },
      },
    ];
    const rows = legendRows(slices, 2 * GIB);
    expect(rows.map((r) => [r.ld, r.range, r.sizeText, r.owner, r.via])).toEqual([
      [0, '0x0–0x1fffffff', '512 MiB', 'not bound', ''],
      [2, '0x20000000–0x2fffffff', '256 MiB', 'h1', 'm.ld2 via s VCS 1 vPPB 3'],
      // 2 GiB − 768 MiB = 1280 MiB left, from 0x30000000 to 0x7fffffff.
      [null, '0x30000000–0x7fffffff', '1280 MiB', 'no LD', ''],
    ]);
    expect(segmentLabel(segmentsFor(slices, 0x3000_0000, 16)[0] ?? { start: 0, end: 0, slice: null })).toBe(
      'no LD · 16 B not allocated',
    );
    expect([ldColour(0), ldColour(7), ldColour(8), ldColour(15)]).toEqual([0, 7, 0, 7]);
  });

  it('runs cover a window exactly, in order, each inside one slice or none (property)', () => {
    const slices: FabricLdView[] = [
      { device: 'm', ld: 0, base: 0, size: 256, owner: null },
      { device: 'm', ld: 1, base: 512, size: 256, owner: null },
      { device: 'm', ld: 2, base: 768, size: 512, owner: null },
    ];
    fc.assert(
      fc.property(fc.nat(1400), fc.integer({ min: 1, max: 700 }), (offset, length) => {
        const runs = segmentsFor(slices, offset, length);
        expect(runs[0]?.start).toBe(offset);
        expect(runs.at(-1)?.end).toBe(offset + length);
        for (let i = 0; i < runs.length; i++) {
          const r = runs[i];
          if (r === undefined) continue;
          expect(r.end).toBeGreaterThan(r.start);
          if (i > 0) expect(r.start).toBe(runs[i - 1]?.end);
          for (const at of [r.start, r.end - 1])
            expect(sliceAt(slices, at)?.ld ?? null).toBe(r.slice?.ld ?? null);
        }
      }),
    );
  });
});

describe('the reverse map of a media byte', () => {
  it('mld1 media 0x40000100 is LD 1 DPA 0x100, reached by hostB at HPA 0x4c00000300', () => {
    const lab = pool();
    // hostB's region: 2-way at 256 B over (mld0.ld1, mld1.ld1) at positions 0, 1 (the preset's target
    // list [0, 1] on vPPBs 0 → mld0, 1 → mld1). Media 0x40000100 − LD 1 base 0x40000000 = DPA 0x100.
    // DPA 0x100 is granule row 0x100 / 256 = 1 of the LD; position 1 of row 1 is HPA granule 1·2 + 1 = 3,
    // so HPA offset 3 · 256 = 0x300: HPA 0x4c00000300.
    const r = fabricReverse({ fabricLab: lab }, { device: 'mld1', offset: 0x4000_0100 });
    if (!r.ok) throw new Error(r.error.message);
    const lines = reverseLines('mld1', 0x4000_0100, r.value.owner);
    expect(lines.title).toBe('mld1 media offset 0x40000100');
    expect(lines.where).toBe('LD 1 · DPA 0x100');
    expect(lines.host).toBe('hostB');
    expect(lines.reach).toBe('hostB reaches it as mld1.ld1 through sw0 VCS 1 vPPB 1, at HPA:');
    expect(lines.hpas.map((h) => h.text)).toEqual(['0x4c00000300']);
  });

  it('a byte hostA writes shows in mld1 media where the hand arithmetic puts it', () => {
    const lab = pool();
    const hostA = lab.host('hostA');
    if (hostA === undefined) throw new Error('no hostA');
    // HPA offset 0x510: granule 5 = row 2, position 1 → mld1.ld0; DPA 2·256 + 0x10 = 0x210; LD 0 base 0.
    expect(write(hostA, REGION + 0x510, Uint8Array.of(0xa5)).ok).toBe(true);
    const m = fabricMedia({ fabricLab: lab }, { device: 'mld1', offset: 0x200, length: 32 });
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value.bytes[0x10]).toBe(0xa5);
    expect(m.value.touchedPages).toEqual([0]);
    const r = fabricReverse({ fabricLab: lab }, { device: 'mld1', offset: 0x210 });
    if (!r.ok) throw new Error(r.error.message);
    expect(reverseLines('mld1', 0x210, r.value.owner).hpas.map((h) => h.text)).toEqual(['0x4c00000510']);
  });

  it('says so for a byte outside every LD and for an LD bound to no host', () => {
    expect(reverseLines('m', 0x3000_0000, null)).toMatchObject({
      where: null,
      host: null,
      hpas: [],
      reach: 'No LD holds this byte: it is outside every LD allocation, so no host reaches it.',
    });
    const unbound = reverseLines('m', 0x10, { device: 'm', ld: 0, dpa: 0x10, owner: null, hpas: [] });
    expect(unbound.reach).toBe('LD 0 is bound to no host: no HPA reaches it.');
    expect(unbound.where).toBe('LD 0 · DPA 0x10');
  });

  it('reads stay within the request limit: a 64 KiB window is served, one byte more is refused', () => {
    const lab = pool();
    expect(fabricMedia({ fabricLab: lab }, { device: 'mld0', offset: GIB, length: 64 * 1024 }).ok).toBe(true);
    const over = fabricMedia({ fabricLab: lab }, { device: 'mld0', offset: GIB, length: 64 * 1024 + 1 });
    expect(over.ok).toBe(false);
  });
});

describe('a 32 GiB MLD is read a window at a time', () => {
  it('rows on screen anywhere in 32 GiB need at most ⌈rows / 256⌉ + 1 chunks of 4 KiB, each within the 64 KiB limit', () => {
    const capacity = 32 * GIB;
    // 4096 B / 16 B per row = 256 rows per chunk; a window of r rows starting mid-chunk spans ⌈r / 256⌉ + 1.
    expect(ROWS_PER_CHUNK).toBe(256);
    expect(CHUNK_BYTES).toBeLessThanOrEqual(MAX_DPA_READ);
    fc.assert(
      fc.property(fc.nat(capacity / 16 - 1), fc.integer({ min: 1, max: 200 }), (top, rows) => {
        const chunks = chunksFor(top, rows, capacity);
        expect(chunks.length).toBeLessThanOrEqual(Math.ceil(rows / 256) + 1);
        for (const c of chunks) expect(c * CHUNK_BYTES).toBeLessThan(capacity);
      }),
    );
  });
});

describe("an LD in its host's view", () => {
  it('mld0.ld1 in hostB is LD 1 of mld0 at media 0x40000000–0x7fffffff; not an LD of hostA', () => {
    const slices = slicesOf(pool(), 'mld0');
    const ld = ldOfComponent(slices, 'hostB', 'mld0.ld1');
    if (ld === null) throw new Error('mld0.ld1 not found');
    // Base 1 GiB (after LD 0's 1 GiB), last byte 2 GiB − 1 = 0x7fffffff.
    expect(ldMediaText(ld)).toBe('LD 1 of mld0: media offset 0x40000000–0x7fffffff');
    expect(ldOfComponent(slices, 'hostA', 'mld0.ld1')).toBeNull();
  });

  it("maps the focused host's last access pieces onto media offsets", () => {
    const slices = [...slicesOf(pool(), 'mld0'), ...slicesOf(pool(), 'mld1')];
    const log: AccessLogEntry[] = [
      {
        id: 2,
        kind: 'write',
        hpa: REGION + 0xf0,
        length: 0x20,
        written: 0x20,
        errors: [],
        pieces: [
          { hpa: REGION + 0xf0, length: 0x10, ok: true, device: 'mld0.ld1', dpa: 0xf0 },
          { hpa: REGION + 0x100, length: 0x10, ok: true, device: 'mld1.ld1', dpa: 0 },
        ],
      },
    ];
    // In hostB: mld0.ld1 DPA 0xf0 → mld0 media 1 GiB + 0xf0; mld1.ld1 DPA 0 → mld1 media 1 GiB.
    expect(mediaAccessRanges(log, slices, 'hostB', 'mld0')).toEqual([{ dpa: 0x4000_00f0, length: 0x10 }]);
    expect(mediaAccessRanges(log, slices, 'hostB', 'mld1')).toEqual([{ dpa: 0x4000_0000, length: 0x10 }]);
    expect(mediaAccessRanges(log, slices, 'hostA', 'mld1')).toEqual([]);
  });

  it("shows an LD's poison records at the LD's base + DPA in the media", () => {
    const lab = pool();
    const slices = slicesOf(lab, 'mld1');
    // hostB's view as the worker derives it; its mld1.ld1 gets a 64 B record at DPA 0x1000.
    const components: ComponentSpec[] = hostView(lab.index, 'hostB').components.map((c) =>
      c.id === 'mld1.ld1' && c.kind === 'type3'
        ? {
            ...c,
            device: {
              ...c.device,
              state: {
                lsa: [],
                poison: [{ dpa: 0x1000, length: 64, source: 2 }],
                events: [],
                nextEventHandle: 1,
              },
            },
          }
        : c,
    );
    const hosts = [
      { id: 'hostA', spec: hostView(lab.index, 'hostA') },
      { id: 'hostB', spec: { components } },
    ];
    // LD 1 base 0x40000000 + DPA 0x1000 = media 0x40001000; hostA's LD 0 has no records.
    expect(mediaPoison(hosts, slices)).toEqual([{ dpa: 0x4000_1000, length: 64 }]);
  });
});
