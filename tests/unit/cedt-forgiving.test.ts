/**
 * Forgiving CEDT import (`importCedt`): a bad window is one finding, not a refused table — as Linux's
 * drivers/cxl/acpi.c cxl_parse_cfmws never fails the table for one window. Offsets are those worked
 * out by hand in cedt-fixtures.ts for FOUR_HB_FIVE_WINDOWS_BYTES: CHBS at 0x24/0x44/0x64/0x84,
 * CFMWS cfmw0 at 0xA4 (52 bytes), cfmw1 0xD8, cfmw2 0x100, cfmw3 0x128, cfmw4 0x150 (40 bytes each).
 * In a CFMWS, ENIW is at +0x18 and Target 0 at +0x24; Record Length at +0x02.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCedt, importCedt, parseLabFile } from '../../src/cxl/index.ts';
import { cedtImport } from '../../src/worker/interop.ts';
import { FOUR_HB_FIVE_WINDOWS_BYTES, ONE_HB_ONE_WINDOW_BYTES } from './cedt-fixtures.ts';
import { runCli } from './helpers/fake-io.ts';

/** A copy of `bytes` with single bytes replaced (the checksum then mismatches: a warning only). */
function patched(bytes: Uint8Array, edits: Record<number, number>): Uint8Array {
  const out = bytes.slice();
  for (const [at, v] of Object.entries(edits)) out[Number(at)] = v;
  return out;
}

const CFMW2_ENIW = 0x100 + 0x18; // = 0x118
const CFMW3_TARGET0 = 0x128 + 0x24; // = 0x14C
const CFMW4_LENGTH = 0x150 + 0x02; // = 0x152

describe('importCedt', () => {
  it('a reserved ENIW in cfmw2 skips only cfmw2, named by its offset 0x100', () => {
    const table = decodeCedt(patched(FOUR_HB_FIVE_WINDOWS_BYTES, { [CFMW2_ENIW]: 5 }));
    expect(table.findings.some((f) => f.severity === 'error' && f.offset === CFMW2_ENIW)).toBe(true);
    const r = importCedt(table);
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    expect(r.value.spec.components.map((c) => c.id)).toEqual(['hb0', 'hb1', 'hb2', 'hb3']);
    // Window ids keep the table's CFMWS numbering, so cfmw2 is the gap.
    expect(r.value.spec.windows.map((w) => w.id)).toEqual(['cfmw0', 'cfmw1', 'cfmw3', 'cfmw4']);
    const skipped = r.value.findings.filter((f) => f.code === 'import.subtable-skipped');
    expect(skipped.map((f) => [f.offset, f.length])).toEqual([[0x100, 40]]);
    expect(skipped[0]?.message).toMatch(/^cfmws2 at offset 0x100 \(40 bytes\) not imported: /);
    expect(skipped[0]?.message).toContain('Linux likewise skips this window');
    expect(r.value.spec.notes).toContain('offset 0x100');
  });

  it('a window targeting a UID with no CHBS is skipped; the other four import', () => {
    const table = decodeCedt(patched(FOUR_HB_FIVE_WINDOWS_BYTES, { [CFMW3_TARGET0]: 99 }));
    const r = importCedt(table);
    if (!r.ok) throw new Error('expected an import');
    expect(r.value.spec.windows.map((w) => w.id)).toEqual(['cfmw0', 'cfmw1', 'cfmw2', 'cfmw4']);
    const skipped = r.value.findings.filter((f) => f.code === 'import.subtable-skipped');
    expect(skipped.map((f) => f.offset)).toEqual([0x128]);
    expect(skipped[0]?.message).toContain('target UID 99');
  });

  it('a Record Length that overruns the table: the subtables before it import, the rest is one finding', () => {
    const table = decodeCedt(patched(FOUR_HB_FIVE_WINDOWS_BYTES, { [CFMW4_LENGTH]: 0x40 }));
    const r = importCedt(table);
    if (!r.ok) throw new Error('expected an import');
    expect(r.value.spec.windows.map((w) => w.id)).toEqual(['cfmw0', 'cfmw1', 'cfmw2', 'cfmw3']);
    const overrun = r.value.findings.find((f) => f.code === 'cedt.subtable-overrun');
    expect([overrun?.offset, overrun?.severity]).toEqual([CFMW4_LENGTH, 'warning']);
    expect(overrun?.message).toContain('(not imported)');
  });

  it('a table that is not a whole CEDT is still refused', () => {
    expect(importCedt(decodeCedt(ONE_HB_ONE_WINDOW_BYTES.slice(0, 50))).ok).toBe(false);
    expect(importCedt(decodeCedt(patched(ONE_HB_ONE_WINDOW_BYTES, { 0: 0x58 }))).ok).toBe(false);
    expect(importCedt(decodeCedt(new Uint8Array(10))).ok).toBe(false);
  });
});

describe('cxl-lab cedt --import with one bad window among good ones', () => {
  it('exits 0, writes the three good windows, and warns about cfmw2 at 0x100 and cfmw3 at 0x128', async () => {
    const bytes = patched(FOUR_HB_FIVE_WINDOWS_BYTES, { [CFMW2_ENIW]: 5, [CFMW3_TARGET0]: 99 });
    const r = await runCli(['cedt', '--import', 't.dat', '-o', 'out.json'], { 't.dat': bytes });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning import.subtable-skipped: cfmws2 at offset 0x100');
    expect(r.stderr).toContain('warning import.subtable-skipped: cfmws3 at offset 0x128');
    const file = parseLabFile(r.written.get('out.json') as string);
    expect(file.ok && file.value.spec.windows.map((w) => w.id)).toEqual(['cfmw0', 'cfmw1', 'cfmw4']);
  });
});

describe('the worker\'s cedt.import (the CEDT panel\'s "Import as new lab")', () => {
  it('answers a cxl-lab/1 file with the usable windows and one finding per skipped subtable', () => {
    const r = cedtImport(patched(FOUR_HB_FIVE_WINDOWS_BYTES, { [CFMW2_ENIW]: 5 }));
    if (!r.ok) throw new Error(r.error.message);
    const file = parseLabFile(r.value.text);
    expect(file.ok && file.value.spec.windows.map((w) => w.id)).toEqual(['cfmw0', 'cfmw1', 'cfmw3', 'cfmw4']);
    expect(
      r.value.findings.filter((f) => f.code === 'import.subtable-skipped').map((f) => f.message),
    ).toEqual([expect.stringMatching(/^cfmws2 at offset 0x100 \(40 bytes\) not imported/)]);
  });

  it('refuses a cut-off table with the reason, and a table over 1 MiB', () => {
    const cut = cedtImport(ONE_HB_ONE_WINDOW_BYTES.slice(0, 50));
    expect(!cut.ok && cut.error.causes?.map((c) => c.code)).toContain('cedt.truncated');
    const big = cedtImport(new Uint8Array((1 << 20) + 1));
    expect(!big.ok && big.error.causes?.[0]?.code).toBe('cedt.too-large');
  });
});

describe('importCedt on damaged tables (property)', () => {
  it('never throws; imports exactly the windows whose CFMWS bytes carry no error; offsets lie in the table', () => {
    const edits = fc.array(fc.tuple(fc.nat(FOUR_HB_FIVE_WINDOWS_BYTES.length - 1), fc.nat(255)), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(edits, (list) => {
        // Bytes 0…0x23 are the header: leave the signature and Table Length alone so the table stays a CEDT.
        const bytes = patched(
          FOUR_HB_FIVE_WINDOWS_BYTES,
          Object.fromEntries(list.filter(([at]) => at >= 0x24)),
        );
        const table = decodeCedt(bytes);
        const r = importCedt(table);
        if (!r.ok) return; // e.g. a Record Length that stops the walk before any usable subtable
        for (const f of r.value.findings) {
          expect(f.offset).toBeGreaterThanOrEqual(0);
          expect(f.offset).toBeLessThanOrEqual(bytes.length);
        }
        const bad = (s: { offset: number; byteLength: number }) =>
          table.findings.some(
            (f) => f.severity === 'error' && f.offset >= s.offset && f.offset < s.offset + s.byteLength,
          );
        for (const w of r.value.spec.windows) {
          const s = table.subtables.find((x) => x.kind === 'cfmws' && `cfmw${x.index}` === w.id);
          expect(s !== undefined && !bad(s)).toBe(true);
        }
      }),
      { seed: 1205, numRuns: 300 },
    );
  });
});
