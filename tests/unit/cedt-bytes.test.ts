/**
 * CEDT builder and parser against hand-worked bytes (tests/unit/cedt-fixtures.ts), plus a
 * firmware-like table with an RDPAS, an unknown subtable and a wrong checksum.
 */
import { describe, expect, it } from 'vitest';
import {
  buildCedt,
  type CedtCfmws,
  type CedtChbs,
  type CedtCxims,
  type CedtRdpas,
  type CedtUnknownSubtable,
  decodeCedt,
  parseCedt,
  serializeCedt,
  topologyFromCedt,
  validateTopology,
} from '../../src/cxl/index.ts';
import {
  FIRMWARE_LIKE_BYTES,
  FOUR_HB_FIVE_WINDOWS,
  FOUR_HB_FIVE_WINDOWS_BYTES,
  hostBridge,
  ONE_HB_ONE_WINDOW,
  ONE_HB_ONE_WINDOW_BYTES,
  THREE_WAY,
  THREE_WAY_BYTES,
  window,
  XOR_WINDOW,
  XOR_WINDOW_BYTES,
} from './cedt-fixtures.ts';

function hexDump(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push(
      `${i.toString(16).padStart(4, '0')}: ${Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  }
  return lines;
}

function built(spec: Parameters<typeof buildCedt>[0], options?: Parameters<typeof buildCedt>[1]): Uint8Array {
  const r = buildCedt(spec, options);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

const CASES = [
  { name: '(1) 1 host bridge, 1 window', spec: ONE_HB_ONE_WINDOW, bytes: ONE_HB_ONE_WINDOW_BYTES },
  {
    name: '(2) 4 host bridges, 4-way + four 1-way windows',
    spec: FOUR_HB_FIVE_WINDOWS,
    bytes: FOUR_HB_FIVE_WINDOWS_BYTES,
  },
  { name: '(3) 3-way window', spec: THREE_WAY, bytes: THREE_WAY_BYTES },
  { name: '(4) XOR window with CXIMS', spec: XOR_WINDOW, bytes: XOR_WINDOW_BYTES },
];

describe('buildCedt: hand-worked bytes', () => {
  for (const c of CASES) {
    it(`${c.name}: byte-exact`, () => {
      // Hex dumps make a mismatch readable line by line.
      expect(hexDump(built(c.spec))).toEqual(hexDump(c.bytes));
    });
    it(`${c.name}: parses cleanly and imports back`, () => {
      const parsed = parseCedt(c.bytes);
      expect(parsed.ok && parsed.value.findings).toEqual([]);
      if (!parsed.ok) return;
      const imported = topologyFromCedt(parsed.value);
      expect(imported.ok).toBe(true);
      if (!imported.ok) return;
      expect(imported.value.windows).toEqual(c.spec.windows);
      expect(imported.value.components).toEqual(c.spec.components);
    });
  }

  it('accepts a validated Topology as well as a spec', () => {
    for (const c of CASES) {
      const topology = validateTopology(c.spec);
      expect(topology.ok).toBe(true);
      if (topology.ok) expect(built(topology.value)).toEqual(c.bytes);
    }
  });

  it('OEM ID / OEM Table ID options: NUL-padded; checksum follows', () => {
    const bytes = built(ONE_HB_ONE_WINDOW, { oemId: 'LAB', oemTableId: 'CXLLAB' });
    // "LAB\0\0\0" and "CXLLAB\0\0"
    expect(Array.from(bytes.subarray(0x0a, 0x10))).toEqual([0x4c, 0x41, 0x42, 0, 0, 0]);
    expect(Array.from(bytes.subarray(0x10, 0x18))).toEqual([0x43, 0x58, 0x4c, 0x4c, 0x41, 0x42, 0, 0]);
    // Old OEM bytes: "BOCHS " 399 + "BXPC    " 429 = 828; new: "LAB" 76+65+66 = 207, "CXLLAB" 67+88+76+76+65+66 = 438.
    // Sum without checksum 1661 − 828 + 207 + 438 = 1478 = 5·256 + 198 → checksum 256 − 198 = 58 = 0x3A.
    expect(bytes[9]).toBe(0x3a);
    expect(bytes.reduce((a, b) => a + b, 0) % 256).toBe(0);
  });

  it('rejects header options that do not fit', () => {
    const r = buildCedt(ONE_HB_ONE_WINDOW, { oemId: 'TOOLONG', oemTableId: 'tab\u00e9' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.field)).toEqual(['oemId', 'oemTableId']);
  });
});

describe('buildCedt: CXIMS per HBIG', () => {
  const hbs = [0, 1, 2, 3].map((i) => hostBridge(`hb${i}`, i, 0x1_0000_0000 + i * 0x10000));
  const GIB = 2 ** 30;

  it('shares one CXIMS between XOR windows of one HBIG whose maps are prefixes of each other', () => {
    const spec = {
      name: 'x',
      components: hbs,
      windows: [
        window('cfmw0', 0x1_0000_0000, 4 * GIB, ['hb0', 'hb1'], { arithmetic: 'xor', xormaps: [0x404100] }),
        window('cfmw1', 0x2_0000_0000, 4 * GIB, ['hb0', 'hb1', 'hb2', 'hb3'], {
          arithmetic: 'xor',
          xormaps: [0x404100, 0x808200],
        }),
      ],
    };
    const table = decodeCedt(built(spec));
    expect(table.findings).toEqual([]);
    const cxims = table.subtables.filter((s): s is CedtCxims => s.kind === 'cxims');
    expect(cxims).toHaveLength(1);
    expect(cxims[0]?.xormaps.map((m) => m.value)).toEqual([0x404100, 0x808200]);
    const imported = topologyFromCedt(table);
    expect(imported.ok && imported.value.windows.map((w) => w.xormaps)).toEqual([
      [0x404100],
      [0x404100, 0x808200],
    ]);
  });

  it('emits one CXIMS per distinct HBIG, in order of first use, and none for 1- or 3-way XOR windows', () => {
    const spec = {
      name: 'x',
      components: hbs,
      windows: [
        window('cfmw0', 0x1_0000_0000, 4 * GIB, ['hb0', 'hb1'], {
          arithmetic: 'xor',
          xormaps: [0x2000],
          granularity: 4096,
        }),
        window('cfmw1', 0x2_0000_0000, 3 * GIB, ['hb0', 'hb1', 'hb2'], { arithmetic: 'xor' }),
        window('cfmw2', 0x3_0000_0000, 4 * GIB, ['hb2', 'hb3'], { arithmetic: 'xor', xormaps: [0x100] }),
      ],
    };
    const table = decodeCedt(built(spec));
    expect(table.findings).toEqual([]);
    const cxims = table.subtables.filter((s): s is CedtCxims => s.kind === 'cxims');
    expect(cxims.map((c) => [c.fields.hbig.value, c.xormaps.map((m) => m.value)])).toEqual([
      [4096, [0x2000]],
      [256, [0x100]],
    ]);
  });

  it('reports XOR windows of one HBIG with different maps as an error result', () => {
    const spec = {
      name: 'x',
      components: hbs,
      windows: [
        window('cfmw0', 0x1_0000_0000, 4 * GIB, ['hb0', 'hb1'], { arithmetic: 'xor', xormaps: [0x404100] }),
        window('cfmw1', 0x2_0000_0000, 4 * GIB, ['hb2', 'hb3'], { arithmetic: 'xor', xormaps: [0x808100] }),
      ],
    };
    const r = buildCedt(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toHaveLength(1);
    expect(r.error[0]).toMatchObject({
      code: 'cedt.cxims-conflict',
      component: 'cfmw1',
      field: 'xormaps[0]',
    });
    expect(r.error[0]?.message).toContain('cfmw0');
  });

  it('reports what cannot be encoded, each with its object path', () => {
    const spec = {
      name: 'x',
      components: [hostBridge('hb0', 1, 0), hostBridge('hb1', 1, 0x10000)],
      windows: [
        { ...window('cfmw0', 0, 2 ** 28, ['hb0', 'nope']), ways: 5 },
        window('cfmw1', 0, 2 ** 28, ['hb0', 'hb1'], { arithmetic: 'xor', granularity: 300 }),
      ],
    };
    const r = buildCedt(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => `${e.component ?? ''} ${e.code}`)).toEqual([
      'hb1 cedt.uid-duplicate',
      'cfmw0 cedt.ways-invalid',
      'cfmw0 cedt.targets-count',
      'cfmw0 cedt.target-unknown',
      'cfmw1 cedt.granularity-invalid',
      'cfmw1 cedt.xormaps-count',
    ]);
  });
});

describe('decodeCedt: fields carry offsets, raw and decoded values', () => {
  it('CFMWS of the 3-way fixture', () => {
    const table = decodeCedt(THREE_WAY_BYTES);
    const cfmws = table.subtables[3] as CedtCfmws;
    expect(cfmws.kind).toBe('cfmws');
    expect(cfmws.offset).toBe(0x84);
    expect(cfmws.fields.eniw).toMatchObject({ offset: 0x84 + 0x18, length: 1, raw: '0x08', value: 3 });
    expect(cfmws.fields.hbig).toMatchObject({
      offset: 0x84 + 0x1c,
      length: 4,
      raw: '0x00000002',
      value: 1024,
    });
    expect(cfmws.fields.windowSize).toMatchObject({ raw: '0x00000000c0000000', value: 3 * 2 ** 30 });
    expect(cfmws.fields.restrictions.value).toEqual(['type3', 'persistent']);
    expect(cfmws.targets.map((t) => [t.offset, t.value])).toEqual([
      [0x84 + 36, 12],
      [0x84 + 40, 222],
      [0x84 + 44, 100],
    ]);
    const chbs = table.subtables[1] as CedtChbs;
    expect(chbs.fields.uid).toMatchObject({ offset: 0x48, length: 4, raw: '0x000000de', value: 222 });
    expect(table.header?.oemId).toMatchObject({
      offset: 0x0a,
      length: 6,
      raw: '42 4f 43 48 53 20',
      value: 'BOCHS ',
    });
  });
});

describe('a firmware-like table: RDPAS, unknown subtable, bad checksum', () => {
  const table = decodeCedt(FIRMWARE_LIKE_BYTES);

  it('bad checksum is a warning at offset 9; the table still parses', () => {
    const parsed = parseCedt(FIRMWARE_LIKE_BYTES);
    expect(parsed.ok).toBe(true);
    expect(table.findings.map((f) => [f.severity, f.code, f.offset])).toEqual([
      ['warning', 'cedt.checksum', 9],
      ['warning', 'cedt.subtable-unknown', 0x7d],
    ]);
    expect(table.findings[0]?.message).toContain('sum to 0x03');
    expect(table.findings[0]?.message).toContain('should be 0xfd');
  });

  it('decodes header OEM fields, RDPAS and keeps the unknown type raw', () => {
    expect(table.header?.oemId.value).toBe('INTEL ');
    expect(table.header?.oemTableId.value).toBe('EDK2    ');
    expect(table.header?.creatorRevision.value).toBe(0x20200717);
    expect(table.subtables.map((s) => s.kind)).toEqual(['chbs', 'cfmws', 'rdpas', 'unknown']);
    const rdpas = table.subtables[2] as CedtRdpas;
    expect(rdpas.fields.bdf.value).toBe('00:01.0');
    expect(rdpas.fields.protocol.value).toBe('cxl.cachemem');
    expect(rdpas.fields.address.value).toBe(0xf0_0001_0000);
    const unknown = table.subtables[3] as CedtUnknownSubtable;
    expect(unknown).toMatchObject({ typeCode: 4, offset: 0x7d, byteLength: 8, reason: 'unknown-type' });
    expect(unknown.body).toMatchObject({ offset: 0x81, length: 4, raw: '01 02 03 04' });
  });

  it('re-serializes byte for byte (bad checksum included), or with the checksum fixed', () => {
    const again = serializeCedt(table);
    expect(again.ok && Array.from(again.value)).toEqual(Array.from(FIRMWARE_LIKE_BYTES));
    const fixed = serializeCedt(table, { fixChecksum: true });
    expect(fixed.ok && fixed.value[9]).toBe(0xfd);
    expect(fixed.ok && decodeCedt(fixed.value).findings.map((f) => f.code)).toEqual([
      'cedt.subtable-unknown',
    ]);
  });

  it('imports host bridge and window; skipped structures are listed in notes', () => {
    const imported = topologyFromCedt(table);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.name).toBe('Imported CEDT (INTEL EDK2)');
    expect(imported.value.components).toEqual([hostBridge('hb0', 7, 0xf0_0000_0000)]);
    expect(imported.value.windows).toEqual([
      window('cfmw0', 0x20_0000_0000, 0x10_0000_0000, ['hb0'], {
        restrictions: ['type3', 'volatile'],
        qtg: 1,
      }),
    ]);
    expect(imported.value.notes).toContain('rdpas0');
    expect(imported.value.notes).toContain('subtable3');
  });
});
