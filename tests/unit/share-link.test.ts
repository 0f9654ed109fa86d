/**
 * Share links: encode → decode round trips (topology, decoder programming, saved registers, touched
 * memory within the limit), the accepted link shapes, and untrusted input — bad characters, cut
 * links, wrong data, a deflate bomb, oversized text, invalid lab files — each refused with a reason.
 * Random and mutated fragments never throw.
 */
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createFabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import {
  applyPlan,
  createLab,
  createRegion,
  DEFAULT_SHARE_MEMORY_BYTES,
  decodeShareFragment,
  encodeBase64,
  encodeShareFragment,
  type LabFile,
  MAX_SHARE_JSON_BYTES,
  serializeLabFile,
  write,
} from '../../src/cxl/index.ts';
import { topologySpecArb } from './arbitraries.ts';
import { GIB, lab, twoByTwo, WINDOW_BASE } from './helpers/region-topologies.ts';

function fragmentOf(text: string): string {
  const b64 = encodeBase64(deflateSync(strToU8(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  return `#lab=${b64}`;
}

function decodeOk(fragment: string): LabFile {
  const r = decodeShareFragment(fragment);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  if (r.value.hosts !== 'single') throw new Error('expected a single-host lab');
  return r.value.file;
}

/** A lab with a committed region and `pages` touched pages. */
function busyLab(pages: number): LabFile {
  const l = lab(twoByTwo(256, GIB));
  const plan = createRegion(l, {
    window: 'cfmw0',
    members: ['mem0', 'mem2', 'mem1', 'mem3'],
    mode: 'volatile',
  });
  if (!plan.ok || !applyPlan(l, plan.value).ok) throw new Error('region');
  for (let p = 0; p < pages; p++) {
    const data = new Uint8Array(64).map((_, i) => (i * 7 + p) & 0xff);
    write(l, WINDOW_BASE + p * 16384, data);
  }
  return l.toFile();
}

describe('encode → decode', () => {
  it('restores the topology and the decoder programming', () => {
    const file = busyLab(0);
    const shared = encodeShareFragment(file);
    if (!shared.ok) throw new Error(shared.error.message);
    expect(shared.value.fragment).toMatch(/^#lab=[A-Za-z0-9_-]+$/);
    expect(shared.value.compressedBytes).toBeLessThan(shared.value.jsonBytes);
    const back = decodeOk(shared.value.fragment);
    expect(serializeLabFile(back)).toBe(serializeLabFile(file));
    const created = createLab(back);
    expect(created.ok && created.value.findings).toEqual([]);
  });

  it('carries touched memory only when asked, up to the limit', () => {
    const file = busyLab(20);
    const pages = [...file.memory.values()].reduce((n, list) => n + list.length, 0);
    expect(pages).toBeGreaterThan(16);
    const without = encodeShareFragment(file);
    expect(without.ok && [without.value.pagesIncluded, without.value.pagesOmitted]).toEqual([0, pages]);
    expect(decodeOk(without.ok ? without.value.fragment : '').memory.size).toBe(0);

    const withMemory = encodeShareFragment(file, { includeMemory: true });
    if (!withMemory.ok) throw new Error(withMemory.error.message);
    expect(withMemory.value.pagesIncluded).toBe(DEFAULT_SHARE_MEMORY_BYTES / 4096);
    expect(withMemory.value.pagesOmitted).toBe(pages - 16);
    expect(withMemory.value.warnings[0]).toMatch(/left out: the link carries at most 64 KiB of memory$/);
    const back = decodeOk(withMemory.value.fragment);
    const kept = [...back.memory.values()].flat();
    expect(kept).toHaveLength(16);
    for (const [id, list] of back.memory) {
      const originals = new Map(file.memory.get(id) ?? []);
      for (const [index, bytes] of list) expect(bytes).toEqual(originals.get(index));
    }

    const all = encodeShareFragment(file, { includeMemory: true, memoryLimitBytes: 1024 * 1024 });
    expect(all.ok && all.value.pagesOmitted).toBe(0);
  });

  it('accepts a full URL, ?embed links, the bare fragment and %-escaped data', () => {
    const shared = encodeShareFragment(busyLab(0));
    if (!shared.ok) throw new Error(shared.error.message);
    const data = shared.value.fragment.slice('#lab='.length);
    const expected = serializeLabFile(decodeOk(shared.value.fragment));
    for (const form of [
      `https://example.test/lab/${shared.value.fragment}`,
      `https://example.test/lab/?embed${shared.value.fragment}`,
      `#view=canvas&lab=${data}`,
      `lab=${data}`,
      data,
      `#lab=${data.replaceAll('-', '%2D')}`,
    ]) {
      expect(serializeLabFile(decodeOk(form))).toBe(expected);
    }
  });

  it('round-trips random topologies', () => {
    fc.assert(
      fc.property(topologySpecArb, (spec) => {
        const shared = encodeShareFragment(spec);
        if (!shared.ok) throw new Error(shared.error.message);
        expect(serializeLabFile(decodeOk(shared.value.fragment))).toBe(serializeLabFile(spec));
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe('untrusted links', () => {
  function problem(input: string): string {
    const r = decodeShareFragment(input);
    if (r.ok) throw new Error('expected a refusal');
    return r.error.map((e) => `${e.code}: ${e.message}`).join('\n');
  }

  it('says what is wrong', () => {
    expect(problem('#view=canvas')).toBe(
      'share.no-lab: the link has no "lab=" in its fragment (expected #lab=…)',
    );
    expect(problem('#lab=')).toBe('share.empty: the link carries no lab data');
    expect(problem('#lab=abc$def')).toBe(
      'share.base64: the link data has a character outside base64url at position 3 ("$"); was the link cut or altered?',
    );
    expect(problem('#lab=abcde')).toBe('share.base64: the link data has an impossible base64url length');
    expect(problem('#lab=%E0%A4%A')).toBe('share.base64: the link data has a broken %-escape');
    expect(problem('#lab=AAAA')).toMatch(/^share\.deflate: the link data does not decompress/);
    const shared = encodeShareFragment(busyLab(0));
    if (!shared.ok) throw new Error(shared.error.message);
    const cut = shared.value.fragment.slice(0, Math.floor(shared.value.fragment.length / 2));
    expect(problem(cut)).toMatch(/^share\.(deflate|base64): /);
  });

  it('validates the lab file inside (schema and topology)', () => {
    expect(problem(fragmentOf('{"format":"cxl-lab/1"}')).split('\n')).toEqual([
      'file.missing: the linked lab file: file.windows: missing required field "windows"',
      'file.missing: the linked lab file: file.components: missing required field "components"',
      'file.type: the linked lab file: windows: expected an array, found nothing',
      'file.type: the linked lab file: components: expected an array, found nothing',
    ]);
    expect(problem(fragmentOf('not json'))).toMatch(/^file\.json: the linked lab file: not valid JSON/);
    expect(problem(fragmentOf('{"format":"cxl-lab/9","windows":[],"components":[]}'))).toMatch(
      /newer than this lab/,
    );
    const badTopology = JSON.stringify({
      format: 'cxl-lab/1',
      windows: [],
      components: [{ id: 'rp', kind: 'root-port', parent: 'nobody', port: 0 }],
    });
    expect(problem(fragmentOf(badTopology))).toMatch(/the linked lab file: rp/);
  });

  it('stops a decompression bomb at the output limit', () => {
    const bomb = new Uint8Array(MAX_SHARE_JSON_BYTES * 4).fill(0x20);
    const fragment = `#lab=${encodeBase64(deflateSync(bomb, { level: 9 }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '')}`;
    expect(fragment.length).toBeLessThan(200_000);
    const started = Date.now();
    expect(problem(fragment)).toBe(
      'share.too-large: the link decompresses to more than 8 MiB; refusing it (a lab link is far smaller)',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses oversized text before decoding', () => {
    expect(problem(`#lab=${'A'.repeat(2_100_000)}`)).toMatch(
      /^share\.too-large: the link is 2100005 characters/,
    );
  });

  it('never throws on random or mutated fragments', () => {
    const shared = encodeShareFragment(busyLab(2), { includeMemory: true });
    if (!shared.ok) throw new Error(shared.error.message);
    const good = shared.value.fragment;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 400 }).map((s) => `#lab=${s}`),
          fc
            .array(fc.record({ at: fc.nat(), ch: fc.constantFrom(...alphabet, '%', '#', '=') }), {
              minLength: 1,
              maxLength: 10,
            })
            .map((edits) => {
              let s = good;
              for (const e of edits) {
                const i = 5 + (e.at % (s.length - 5));
                s = s.slice(0, i) + e.ch + s.slice(i + 1);
              }
              return s;
            }),
          fc.nat().map((n) => good.slice(0, 5 + (n % (good.length - 5)))),
        ),
        (text) => {
          const r = decodeShareFragment(text);
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
          else if (r.value.hosts === 'single') expect(createLab(r.value.file).ok).toBe(true);
          else expect(createFabricLab(r.value.file).ok).toBe(true);
        },
      ),
      { numRuns: 500, seed: 10 },
    );
  });
});
