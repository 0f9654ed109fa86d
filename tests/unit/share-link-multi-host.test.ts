/**
 * Share links of multi-host labs (issue 18): the pool preset (`cxl-lab/2`) with bytes written through
 * its hosts goes into a link and comes back with the same bytes, the memory budget counts fabric
 * media pages like device pages, the `host=` view parameter is checked against the linked lab, and
 * damaged multi-host links are refused with located errors, never a throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { acceptAnyLabText } from '../../src/cxl/accept.ts';
import { read, write } from '../../src/cxl/decode/access.ts';
import { createFabricLab, type FabricLab, type FabricLabFile } from '../../src/cxl/fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import { isLocated } from '../../src/cxl/index.ts';
import {
  decodeShareFragment,
  decodeShareLink,
  encodeShareFragment,
  toBase64Url,
} from '../../src/cxl/interop/share-link.ts';
import type { Lab } from '../../src/cxl/lab.ts';
import { LIMIT_LINK_MEMORY } from '../../src/cxl/limits.ts';
import { runCli } from './helpers/fake-io.ts';
import { handlerHarness } from './helpers/handler-harness.ts';

const POOL = readFileSync(
  new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url),
  'utf8',
);
/** Each host's 2-way region at 256 B starts at HPA 0x4c00000000 (the preset's notes). */
const REGION = 0x4c_0000_0000;
const GIB = 2 ** 30;
const PAGE = 4096;

function pool(): FabricLab {
  const accepted = acceptAnyLabText(POOL);
  if (!accepted.ok || accepted.value.hosts !== 'multi') throw new Error('the pool preset does not open');
  return accepted.value.lab;
}

function host(f: FabricLab, id: string): Lab {
  const lab = f.host(id);
  if (lab === undefined) throw new Error(`no host ${id}`);
  return lab;
}

function mediaBytes(f: FabricLab, device: string, offset: number, length: number): number[] {
  const r = f.medias().get(device)?.read(offset, length);
  if (r === undefined || !r.ok) throw new Error(`no media ${device}`);
  return [...r.value];
}

function decodeMulti(fragment: string): FabricLabFile {
  const r = decodeShareFragment(fragment);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  if (r.value.hosts !== 'multi') throw new Error('expected a multi-host lab');
  return r.value.file;
}

function built(file: FabricLabFile): FabricLab {
  const r = createFabricLab(file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lab;
}

describe('share links of multi-host labs', () => {
  it('round-trips the pool preset with bytes written through each host, bytes equal after decode', () => {
    const f = pool();
    // HPA 0x4c00000100: granule (0x100 / 256) = 1, position 1 mod 2 = 1 → the second target,
    // DPA floor(1 / 2) × 256 = 0. hostA's second target is mld1.ld0 (media 0x0), hostB's
    // mld1.ld1 (media 0x0 + LD 0's 1 GiB = 0x40000000). The preset's notes, steps 2–4.
    const a = Uint8Array.of(0xa1, 0xa2, 0xa3, 0xa4);
    const b = Uint8Array.of(0xb1, 0xb2, 0xb3);
    expect(write(host(f, 'hostA'), REGION + 0x100, a).ok).toBe(true);
    expect(write(host(f, 'hostB'), REGION + 0x100, b).ok).toBe(true);
    const shared = encodeShareFragment(f.toFile(), { includeMemory: 'auto' });
    if (!shared.ok) throw new Error(shared.error.message);
    expect(shared.value.fragment).toMatch(/^#lab=[A-Za-z0-9_-]+$/);
    // Two media pages of mld1 (offsets 0x0 and 0x40000000), nothing else written.
    expect(shared.value.pagesIncluded).toBe(2);
    expect(shared.value.pagesOmitted).toBe(0);

    const file = decodeMulti(shared.value.fragment);
    expect(file.spec.hosts.map((h) => h.id)).toEqual(['hostA', 'hostB']);
    const back = built(file);
    expect([...read(host(back, 'hostA'), REGION + 0x100, 4).data]).toEqual([...a]);
    expect([...read(host(back, 'hostB'), REGION + 0x100, 3).data]).toEqual([...b]);
    expect(mediaBytes(back, 'mld1', 0, 4)).toEqual([...a]);
    expect(mediaBytes(back, 'mld1', GIB, 3)).toEqual([...b]);
    // Isolation survives: hostA's granule 0 (mld0.ld0) was never written.
    expect([...read(host(back, 'hostA'), REGION, 4).data]).toEqual([0, 0, 0, 0]);
  });

  it('chooses media pages up to the memory limit in file order (mld0 before mld1), saying what was left out', () => {
    const f = pool();
    // HPA 0x4c00000000 → granule 0 → position 0 → mld0.ld0 DPA 0 (mld0 media 0x0);
    // 0x4c00000100 → mld1.ld0 DPA 0 (mld1 media 0x0). One page in each device's media.
    expect(write(host(f, 'hostA'), REGION, Uint8Array.of(0x11)).ok).toBe(true);
    expect(write(host(f, 'hostA'), REGION + 0x100, Uint8Array.of(0x22)).ok).toBe(true);
    const one = encodeShareFragment(f.toFile(), { includeMemory: true, memoryLimitBytes: PAGE });
    if (!one.ok) throw new Error(one.error.message);
    expect(one.value.pagesIncluded).toBe(1);
    expect(one.value.pagesOmitted).toBe(1);
    expect(one.value.memoryLeftOut?.pages).toBe(1);
    expect(one.value.warnings.join('\n')).toContain('1 touched page (4 KiB) left out');
    const file = decodeMulti(one.value.fragment);
    expect(file.media.get('mld0')?.length).toBe(1);
    expect(file.media.get('mld1')).toBeUndefined();

    const none = encodeShareFragment(f.toFile(), { includeMemory: false });
    if (!none.ok) throw new Error(none.error.message);
    expect([none.value.pagesIncluded, none.value.pagesOmitted]).toEqual([0, 2]);
    expect(decodeMulti(none.value.fragment).media.size).toBe(0);
  });

  it("'auto' leaves media out when it compresses to 1 MiB or more, and says so", () => {
    const f = pool();
    // 300 pages of incompressible bytes (1.17 MiB raw) compress to more than LIMIT_LINK_MEMORY.
    let seed = 12345;
    const noise = new Uint8Array(300 * PAGE).map(() => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    });
    // Granule size 256 B, 2 ways: 256 consecutive 256-byte granules alternate mld0 and mld1.
    expect(write(host(f, 'hostA'), REGION, noise).ok).toBe(true);
    const r = encodeShareFragment(f.toFile(), { includeMemory: 'auto' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.pagesIncluded).toBe(0);
    // 300 pages of HPA span 150 pages of each device's media.
    expect(r.value.pagesOmitted).toBe(300);
    expect(r.value.memoryLeftOut?.compressedBytes).toBeGreaterThanOrEqual(LIMIT_LINK_MEMORY.value);
    expect(r.value.warnings[0]).toMatch(/^Written memory left out: 300 written pages/);
    expect(decodeMulti(r.value.fragment).media.size).toBe(0);
  });

  it('carries the focused host with the view; a host the lab lacks is refused at link.host', () => {
    const f = pool();
    const ok = encodeShareFragment(f.toFile(), {
      view: {
        host: 'hostB',
        tab: 'dpa-hex',
        selection: 'mld1.ld1',
        access: { hpa: REGION, length: 8, step: 1 },
      },
    });
    if (!ok.ok) throw new Error(ok.error.message);
    expect(ok.value.fragment).toMatch(/&host=hostB&tab=dpa-hex&sel=mld1\.ld1&access=0x4c00000000,8,1$/);
    const r = decodeShareLink(ok.value.fragment);
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    expect(r.value.file).toBeUndefined();
    expect(r.value.fabric?.spec.hosts.length).toBe(2);
    expect(r.value.state.view).toEqual({
      host: 'hostB',
      tab: 'dpa-hex',
      selection: 'mld1.ld1',
      access: { hpa: REGION, length: 8, step: 1 },
    });
    // A fabric part's canvas node id (src/lib/fabric-node-ids.ts) passes the link's id syntax.
    const fabricSel = decodeShareLink(ok.value.fragment.replace('sel=mld1.ld1', 'sel=fabric%3A%3Amld0'));
    expect(fabricSel.ok && fabricSel.value.state.view.selection).toBe('fabric::mld0');

    const bad = decodeShareLink(ok.value.fragment.replace('host=hostB', 'host=hostC'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.map((e) => [e.code, e.field])).toEqual([['link.host', 'link.host']]);
      expect(bad.error[0]?.message).toContain('no host "hostC" (its hosts: hostA, hostB)');
    }
  });

  it('a damaged multi-host payload is refused with errors located in the file', () => {
    // A cxl-lab/2 file whose vPPB binds an LD-ID the device lacks: the fabric validation's error.
    const broken = POOL.replace('"ld": 1', '"ld": 9');
    expect(broken).not.toBe(POOL);
    const link = `#lab=${toBase64Url(deflateSync(strToU8(broken)))}`;
    const r = decodeShareLink(link);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.length).toBeGreaterThan(0);
      for (const e of r.error) expect(isLocated(e)).toBe(true);
      expect(r.error[0]?.message).toMatch(/^the linked lab file: /);
    }
  });

  it('mutated multi-host links never throw; every refusal is located', () => {
    const f = pool();
    expect(write(host(f, 'hostB'), REGION + 0x100, Uint8Array.of(1, 2, 3)).ok).toBe(true);
    const shared = encodeShareFragment(f.toFile(), {
      includeMemory: 'auto',
      view: { host: 'hostB', tab: 'decoders', selection: 'sw0.vcs1' },
    });
    if (!shared.ok) throw new Error(shared.error.message);
    const base = shared.value.fragment;
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, t]) => (s: string) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + t + s.slice(i);
      }),
      fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (s: string) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + s.slice(i + n);
      }),
      fc.constantFrom(
        (s: string) => s.replace('host=hostB', 'host=hostZ'),
        (s: string) => s.replace('host=hostB', 'host=%E0%A4%A'),
        (s: string) => s.replace('host=hostB', 'host=host%20B'),
        (s: string) => s.replace('host=hostB', 'host=hostB&host=hostA'),
        (s: string) => s.split('&').reverse().join('&'),
      ),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const link = ms.reduce((s, m) => m(s), base);
        const r = decodeShareLink(link);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          for (const e of r.error) {
            expect(e.message.length).toBeGreaterThan(0);
            expect(isLocated(e)).toBe(true);
          }
        }
      }),
      { numRuns: 200, seed: 18 },
    );
    // Edits inside the JSON text itself (before compression): a multi-host file damaged anywhere.
    fc.assert(
      fc.property(fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), (at, t) => {
        const i = at % POOL.length;
        const text = POOL.slice(0, i) + t + POOL.slice(i + t.length);
        const r = decodeShareFragment(`#lab=${toBase64Url(deflateSync(strToU8(text)))}`);
        if (!r.ok) for (const e of r.error) expect(isLocated(e)).toBe(true);
        else if (r.value.hosts === 'multi') expect(createFabricLab(r.value.file).ok).toBe(true);
      }),
      { numRuns: 150, seed: 19 },
    );
  });
});

describe('share.encode and share.open of a multi-host lab in the worker', () => {
  it('encodes the open lab with media and the focused host; the link opens as a cxl-lab/2 lab with the same bytes', async () => {
    const h = handlerHarness();
    await h.call('file.open', { bytes: new Uint8Array(Buffer.from(POOL)), fileName: 'pool.json' });
    await h.call('fabric.focus', { host: 'hostB' });
    // hostB's 0x4c00000100 → mld1.ld1 DPA 0 → mld1 media 0x40000000 (worked in the first test).
    await h.call('mem.write', { hpa: REGION + 0x100, bytes: Uint8Array.of(0xc1, 0xc2) });
    const link = await h.call('share.encode', { includeMemory: 'auto', view: { host: 'hostB' } });
    expect([link.pagesIncluded, link.pagesOmitted]).toEqual([1, 0]);
    const opened = await h.call('share.open', { link: link.fragment });
    expect(opened.view).toEqual({ host: 'hostB' });
    expect(JSON.parse(opened.lab?.text ?? '{}').format).toBe('cxl-lab/2');
    // 2 fabric MLDs, no host-own Type 3 devices.
    expect(opened.lab?.devices).toBe(2);

    const fresh = handlerHarness();
    await fresh.call('file.open', { bytes: strToU8(opened.lab?.text ?? ''), fileName: 'the shared link' });
    const media = await fresh.call('fabric.media', { device: 'mld1', offset: GIB, length: 2 });
    expect([...media.bytes]).toEqual([0xc1, 0xc2]);
    await fresh.call('fabric.focus', { host: 'hostB' });
    expect([...(await fresh.call('mem.read', { hpa: REGION + 0x100, length: 2 })).data]).toEqual([
      0xc1, 0xc2,
    ]);
  });
});

describe('cxl-lab share / unshare of a multi-host file', () => {
  it('share makes a link of a cxl-lab/2 file with its media; unshare writes the cxl-lab/2 file back', async () => {
    const f = pool();
    // hostA's 0x4c00000000 → granule 0 → position 0 → mld0.ld0 DPA 0 → mld0 media 0x0.
    expect(write(host(f, 'hostA'), REGION, Uint8Array.of(0x5a)).ok).toBe(true);
    const text = serializeMultiHostFile(f.toFile());
    const shared = await runCli(['share', 'pool.json', '--memory'], { 'pool.json': text });
    expect(shared.code).toBe(0);
    const link = shared.stdout.trim();
    expect(link).toMatch(/^#lab=[A-Za-z0-9_-]+$/);
    const back = await runCli(['unshare', link, '-o', 'out.json']);
    expect(back.code).toBe(0);
    const out = back.written.get('out.json');
    const written = typeof out === 'string' ? out : new TextDecoder().decode(out);
    expect(JSON.parse(written).format).toBe('cxl-lab/2');
    const reopened = acceptAnyLabText(written);
    if (!reopened.ok || reopened.value.hosts !== 'multi') throw new Error('unshare output does not open');
    expect(mediaBytes(reopened.value.lab, 'mld0', 0, 1)).toEqual([0x5a]);
  });
});
