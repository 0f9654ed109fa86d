/**
 * Issue 13, core parsers: bounded work on hostile input. Overlaps found by a sweep (checked against
 * a brute-force pairwise reference), findings capped with "and N more", CEDT size and subtable limits,
 * importers held to the lab-file acceptance rule, and ids that are Object.prototype names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptLabText,
  buildCedt,
  cedtListing,
  createLab,
  decodeCedt,
  type HostBridgeSpec,
  importCedtTopology,
  importQemu,
  joinNotes,
  LIMIT_CEDT_BYTES,
  LIMIT_CEDT_SUBTABLES,
  LIMIT_FINDINGS,
  LIMIT_STRING,
  parseCedt,
  type TopologySpec,
  validateTopology,
  type WindowSpec,
} from '../../src/cxl/index.ts';
import { jsonShape } from '../../src/cxl/json-depth.ts';

const GIB = 2 ** 30;
function hostBridge(id = 'hb0'): HostBridgeSpec {
  return { kind: 'host-bridge', id, uid: 0, decoderCount: 4, componentRegBase: 2 ** 32, decoders: [] };
}

function window(id: string, base: number, size: number): WindowSpec {
  return {
    id,
    base,
    size,
    ways: 1,
    granularity: 256,
    arithmetic: 'modulo',
    xormaps: [],
    targets: ['hb0'],
    restrictions: ['type3', 'volatile'],
    qtg: 0,
  };
}

function specWith(windows: WindowSpec[]): TopologySpec {
  return { name: 'w', windows, components: [hostBridge()] };
}

describe('window overlaps', () => {
  it('one finding per overlapping window, as the pairwise reference says', () => {
    // Reference: in (base, list index) order, a window overlaps "an earlier one" when some window
    // before it in that order ends past its base. Brute force over all pairs.
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(15), len: fc.integer({ min: 1, max: 6 }) }), { maxLength: 20 }),
        (ranges) => {
          const ws = ranges.map((r, i) => window(`w${i}`, (64 + r.at) * GIB, r.len * GIB));
          const order = ws.map((w, i) => ({ w, i })).sort((a, b) => a.w.base - b.w.base || a.i - b.i);
          const expected = new Set<string>();
          order.forEach((x, k) => {
            for (let j = 0; j < k; j++) {
              const y = order[j];
              if (y !== undefined && y.w.base + y.w.size > x.w.base) expected.add(x.w.id);
            }
          });
          const r = validateTopology(specWith(ws));
          const flagged = r.ok
            ? []
            : r.error.filter((e) => e.code === 'window.overlap').map((e) => e.component);
          expect(new Set(flagged)).toEqual(expected);
          expect(flagged.length).toBe(expected.size);
        },
      ),
      { seed: 1313, numRuns: 300 },
    );
  });

  it('20 000 windows over one range: capped at 1000 findings, then one "and N more"', () => {
    const ws = Array.from({ length: 20_000 }, (_, i) => window(`w${i}`, 64 * GIB, GIB));
    const r = validateTopology(specWith(ws));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // 19 999 windows overlap w0 (the first in base order): 1000 listed + 1 summary of 18 999 more.
    expect(r.error).toHaveLength(LIMIT_FINDINGS.value + 1);
    expect(r.error.at(-1)?.message).toContain('and 18999 more');
    expect(r.error[0]?.message).toContain('overlaps window w0');
  });
});

/** The lab's own CEDT (header and one CHBS, UID 0) followed by `n` copies of `record`, lengths fixed. */
function cedtWith(record: Uint8Array, n: number): Uint8Array {
  const built = buildCedt(specWith([window('cfmw0', 64 * GIB, GIB)]));
  if (!built.ok) throw new Error('build');
  const chbs = decodeCedt(built.value).subtables.find((x) => x.kind === 'chbs');
  const prefix = built.value.subarray(0, (chbs?.offset ?? 36) + (chbs?.byteLength ?? 0));
  const out = new Uint8Array(prefix.length + record.length * n);
  out.set(prefix);
  for (let i = 0; i < n; i++) out.set(record, prefix.length + i * record.length);
  new DataView(out.buffer).setUint32(4, out.length, true);
  return out;
}

function firstCfmws(): Uint8Array {
  const built = buildCedt(specWith([window('cfmw0', 64 * GIB, GIB)]));
  if (!built.ok) throw new Error('build');
  const t = decodeCedt(built.value);
  const s = t.subtables.find((x) => x.kind === 'cfmws');
  if (s === undefined) throw new Error('no cfmws');
  return built.value.slice(s.offset, s.offset + s.byteLength);
}

describe('CEDT bounds', () => {
  it('a table over 1 MiB is refused by size before any decoding (no RangeError for 128 MiB)', () => {
    const huge = new Uint8Array(128 * 2 ** 20);
    const t = decodeCedt(huge);
    expect(t.findings).toHaveLength(1);
    expect(t.findings[0]).toMatchObject({ code: 'cedt.too-large', severity: 'error', offset: 0 });
    expect(t.findings[0]?.message).toContain(`limit "${LIMIT_CEDT_BYTES.name}"`);
    expect(t.subtables).toEqual([]);
    expect(t.unparsed).toEqual([]);
    const exactly = decodeCedt(new Uint8Array(LIMIT_CEDT_BYTES.value));
    expect(exactly.findings.some((f) => f.code === 'cedt.too-large')).toBe(false);
  });

  it('64 000 tiny subtables: the first 1024 decoded, the rest kept raw with a named error', () => {
    const bytes = cedtWith(Uint8Array.of(9, 0, 4, 0), 64_000);
    const t = decodeCedt(bytes);
    expect(t.subtables).toHaveLength(LIMIT_CEDT_SUBTABLES.value);
    const e = t.findings.find((f) => f.code === 'cedt.too-many-subtables');
    // Subtable 0 is the CHBS (32 bytes, CXL r3.1 §9.18.1.2), then 1023 tiny ones are decoded.
    expect(e?.offset).toBe(36 + 32 + 4 * (LIMIT_CEDT_SUBTABLES.value - 1));
    // Raw bytes still cover the rest, so the table re-serializes byte for byte.
    expect(t.unparsed.at(-1)?.length).toBe(4 * (64_000 - (LIMIT_CEDT_SUBTABLES.value - 1)));
    // The listing stays bounded: its findings section lists at most 1000 and one "and N more".
    const findingLines = cedtListing(t)
      .split('\n Findings\n')
      .at(-1)
      ?.split('\n')
      .filter((l) => /^ {2}(error|warning)/.test(l));
    expect((findingLines ?? []).length).toBeLessThanOrEqual(LIMIT_FINDINGS.value);
  });

  it('20 000 overlapping CFMWS: import refused with a named reason, bounded listing', () => {
    const bytes = cedtWith(firstCfmws(), 20_000);
    expect(bytes.length).toBeLessThan(LIMIT_CEDT_BYTES.value);
    const strict = parseCedt(bytes);
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.error.map((e) => e.code)).toContain('cedt.too-many-subtables');
    expect(cedtListing(decodeCedt(bytes)).split('\n').length).toBeLessThan(20_000);
  });

  it('100 CFMWS (within the subtable limit): import refused by the 64-window lab-file limit', () => {
    const table = parseCedt(cedtWith(firstCfmws(), 100));
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    const imported = importCedtTopology(table.value);
    expect(imported.ok).toBe(false);
    if (imported.ok) return;
    expect(imported.error[0]?.message).toContain('100 entries (at most 64; limit "windows"');
    expect(imported.error[0]?.field).toBe('windows');
  });

  it('2 overlapping CFMWS: import refused as window.overlap (the file could not be opened)', () => {
    const table = parseCedt(cedtWith(firstCfmws(), 2));
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    const imported = importCedtTopology(table.value);
    expect(imported.ok).toBe(false);
    if (!imported.ok) expect(imported.error.map((e) => e.code)).toEqual(['window.overlap']);
  });

  it('notes from many unknown subtables stay within the 4096-character string limit', () => {
    const notes = joinNotes(
      Array.from({ length: 5000 }, (_, i) => `subtable${i}: type 9, 4 bytes, not modeled.`),
    );
    expect(notes.length).toBeLessThanOrEqual(LIMIT_STRING.value);
    expect(notes).toMatch(/… and \d+ more notes/);
  });
});

describe('importers are held to the lab-file acceptance rule', () => {
  it('QEMU: 5000 Type 3 devices exceed the component limit and are refused, not written', () => {
    const devices = Array.from(
      { length: 2500 },
      (_, i) =>
        `-device cxl-rp,port=${i % 256},bus=cxl.${1 + Math.floor(i / 256)},id=rp${i},chassis=${Math.floor(i / 256)},slot=${i % 256} ` +
        `-device cxl-type3,bus=rp${i},volatile-memdev=m${i},id=mem${i} -object memory-backend-ram,id=m${i},size=256M`,
    );
    const hbs = Array.from(
      { length: 10 },
      (_, k) => `-device pxb-cxl,bus_nr=${10 + 20 * k},bus=pcie.0,id=cxl.${k + 1}`,
    );
    const r = importQemu(`qemu-system-x86_64 -M q35,cxl=on ${hbs.join(' ')} ${devices.join(' ')}`);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.map((e) => e.message).join('\n')).toContain('(at most 4096; limit "components"');
  });
});

describe('ids that are Object.prototype names stay plain keys', () => {
  it('a host bridge named "__proto__" appears as an own key in the lab snapshot', () => {
    const spec: TopologySpec = {
      name: 'proto',
      windows: [],
      components: [hostBridge('__proto__')],
    };
    const created = createLab(spec);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const snap = created.value.lab.snapshot();
    expect(Object.hasOwn(snap.decoders, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(snap.decoders)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(snap.registers))).toHaveProperty(['__proto__']);
  });
});

describe('lab file text', () => {
  const MINIMAL = '{"format":"cxl-lab/1","windows":[],"components":[]}';

  it('one leading UTF-8 byte-order mark is accepted (what some Windows editors write)', () => {
    expect(acceptLabText(`\ufeff${MINIMAL}`).ok).toBe(true);
    // Only one: a second is a stray character, refused as JSON with its offset.
    const twice = acceptLabText(`\ufeff\ufeff${MINIMAL}`);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error[0]).toMatchObject({ code: 'file.json', field: 'file' });
  });

  it('3000 bad components: 99 errors listed, the 100th says how many more', () => {
    const bad = `{"format":"cxl-lab/1","windows":[],"components":[${'{"id":"x","kind":"root-port","bad":1},'.repeat(3000)}{}]}`;
    const r = acceptLabText(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toHaveLength(100);
    // Each of the 3000 entries: the unknown key "bad", then for each of "parent" and "port" a
    // missing-field error and a type error for the absent value (1 + 2 × 2 = 5); the last ({}) has
    // no kind (1): 15 001 in all, 99 listed → 14 902 more.
    expect(r.error.at(-1)).toMatchObject({ code: 'file.more-errors', field: 'file' });
    expect(r.error.at(-1)?.message).toBe('and 14902 more problems not listed');
  });
});

describe('lab file: counted before parsing', () => {
  it('7 million tiny objects and 25 million numbers are refused by count, naming the limit', () => {
    const objects = `{"format":"cxl-lab/1","windows":[],"components":[{"x":[${'{"a":1},'.repeat(7_000_000)}{}]}]}`;
    const o = acceptLabText(objects);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error[0]?.message).toContain('limit "json-containers"');
    const numbers = `{"format":"cxl-lab/1","windows":[],"components":[{"x":[${'1,'.repeat(25_000_000)}1]}]}`;
    const n = acceptLabText(numbers);
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.error[0]?.message).toContain('limit "json-values"');
  });

  it('jsonShape counts as a direct count over the text does (strings skipped)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        // Reference: strip strings with a regex, then count characters.
        const bare = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        let depth = 0;
        let max = 0;
        for (const ch of bare) {
          if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
          else if (ch === ']' || ch === '}') depth--;
        }
        const shape = jsonShape(text, { depth: 1e9, containers: 1e9, commas: 1e9 });
        expect(shape.depth).toBe(max);
        expect(shape.containers).toBe((bare.match(/[[{]/g) ?? []).length);
        expect(shape.commas).toBe((bare.match(/,/g) ?? []).length);
      }),
      { seed: 1314, numRuns: 300 },
    );
  });
});
