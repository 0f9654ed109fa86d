/**
 * Importing the CEDT of Linux's cxl_test mock (tools/testing/cxl/test/cxl.c `mock_cedt`, filled in by
 * `populate_cedt`): CHBS UIDs 0–2 at CXL 2.0, UID 3 at CXL 1.1, and the modulo CFMWS 0–5, of which
 * CFMWS 5 targets UID 3. The bytes are written out here field by field (CXL r3.1 §9.18.1.2 CHBS,
 * §9.18.1.3 CFMWS; ACPI 6.5 §5.2.6 header), not produced by the lab's builder.
 */
import { describe, expect, it } from 'vitest';
import { decodeCedt } from '../../src/cxl/acpi/cedt.ts';
import { topologyFromCedt } from '../../src/cxl/acpi/import.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab } from '../../src/cxl/lab.ts';
import type { HostBridgeSpec } from '../../src/cxl/topology/model.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/**
 * Addresses. `populate_cedt` allocates every CHBS block and window from a gen_pool of 2 MiB
 * granules that starts at iomem_resource.end + 1 − 64 GiB (cxl_test_init). On a machine with 46
 * physical address bits that is 2^46 − 2^36 = 0x4000_0000_0000 − 0x10_0000_0000 = 0x3FF0_0000_0000.
 *   CHBS i (i = 0…3): one 2 MiB granule each → base P + i·0x20_0000; length 0x1_0000 (2.0) or 0x2000 (1.1).
 *   Windows, 256 MiB aligned, first fit after the CHBS granules (P + 8 MiB → P + 0x1000_0000):
 *     cfmws0 1 GiB @ 0x3FF0_1000_0000   cfmws1 2 GiB @ 0x3FF0_5000_0000   cfmws2 1 GiB @ 0x3FF0_D000_0000
 *     cfmws3 2 GiB @ 0x3FF1_1000_0000   cfmws4 1 GiB @ 0x3FF1_9000_0000   cfmws5 256 MiB @ 0x3FF1_D000_0000
 *   (each base = previous base + previous size).
 */
const P = 0x3ff0_0000_0000;
const CHBS_BASE = [P, P + 0x20_0000, P + 0x40_0000, P + 0x60_0000];

const TYPE3 = 1 << 1; // ACPI_CEDT_CFMWS_RESTRICT_TYPE3, bit 1
const VOLATILE = 1 << 2; // bit 2
const PMEM = 1 << 3; // bit 3
interface MockWindow {
  eniw: number;
  hbig: number;
  restrictions: number;
  qtg: number;
  size: number;
  base: number;
  targets: number[];
}
const WINDOWS: MockWindow[] = [
  {
    eniw: 0,
    hbig: 4,
    restrictions: TYPE3 | VOLATILE,
    qtg: 0,
    size: 1 * GIB,
    base: 0x3ff0_1000_0000,
    targets: [0],
  },
  {
    eniw: 1,
    hbig: 4,
    restrictions: TYPE3 | VOLATILE,
    qtg: 1,
    size: 2 * GIB,
    base: 0x3ff0_5000_0000,
    targets: [0, 1],
  },
  {
    eniw: 0,
    hbig: 4,
    restrictions: TYPE3 | PMEM,
    qtg: 2,
    size: 1 * GIB,
    base: 0x3ff0_d000_0000,
    targets: [0],
  },
  {
    eniw: 1,
    hbig: 4,
    restrictions: TYPE3 | PMEM,
    qtg: 3,
    size: 2 * GIB,
    base: 0x3ff1_1000_0000,
    targets: [0, 1],
  },
  {
    eniw: 0,
    hbig: 4,
    restrictions: TYPE3 | PMEM,
    qtg: 4,
    size: 1 * GIB,
    base: 0x3ff1_9000_0000,
    targets: [2],
  },
  {
    eniw: 0,
    hbig: 4,
    restrictions: TYPE3 | VOLATILE,
    qtg: 5,
    size: 256 * MIB,
    base: 0x3ff1_d000_0000,
    targets: [3],
  },
];

/**
 * Table length = 36 (header) + 4 × 32 (CHBS) + Σ (36 + 4 × targets) over the windows
 * = 36 + 128 + (40 + 44 + 40 + 44 + 40 + 40) = 36 + 128 + 248 = 412 = 0x19C.
 */
const LENGTH = 412;

function mockCedtBytes(): Uint8Array {
  const bytes = new Uint8Array(LENGTH);
  const v = new DataView(bytes.buffer);
  const u64 = (at: number, n: number) => v.setBigUint64(at, BigInt(n), true);
  // Header: "CEDT", Length, Revision 1; the mock leaves checksum and OEM fields 0.
  bytes.set([0x43, 0x45, 0x44, 0x54], 0);
  v.setUint32(4, LENGTH, true);
  bytes[8] = 1;
  let at = 36;
  // CHBS: Type 0 @+0, Record Length 32 @+2, UID @+4, CXL Version @+8 (1 = 2.0, 0 = 1.1), Base @+0x10, Length @+0x18.
  for (let uid = 0; uid < 4; uid++) {
    bytes[at] = 0;
    v.setUint16(at + 2, 32, true);
    v.setUint32(at + 4, uid, true);
    v.setUint32(at + 8, uid === 3 ? 0 : 1, true);
    u64(at + 0x10, CHBS_BASE[uid] ?? 0);
    u64(at + 0x18, uid === 3 ? 0x2000 : 0x1_0000);
    at += 32;
  }
  // CFMWS: Type 1 @+0, Record Length 36 + 4·n @+2, Base HPA @+8, Window Size @+0x10, ENIW @+0x18,
  // Arithmetic @+0x19 (0 modulo), HBIG @+0x1C, Restrictions @+0x20, QTG @+0x22, targets @+0x24.
  for (const w of WINDOWS) {
    const len = 36 + 4 * w.targets.length;
    bytes[at] = 1;
    v.setUint16(at + 2, len, true);
    u64(at + 0x08, w.base);
    u64(at + 0x10, w.size);
    bytes[at + 0x18] = w.eniw;
    v.setUint32(at + 0x1c, w.hbig, true);
    v.setUint16(at + 0x20, w.restrictions, true);
    v.setUint16(at + 0x22, w.qtg, true);
    w.targets.forEach((t, i) => {
      v.setUint32(at + 0x24 + 4 * i, t, true);
    });
    at += len;
  }
  if (at !== LENGTH) throw new Error(`fixture length ${at}, expected ${LENGTH}`);
  return bytes;
}

describe("cxl_test's mock CEDT", () => {
  const bytes = mockCedtBytes();
  const table = decodeCedt(bytes);

  it('decodes with only the checksum warning (the mock never sets one)', () => {
    expect(table.findings.map((f) => f.code)).toEqual(['cedt.checksum']);
  });

  it('imports UIDs 0–2 as CXL 2.0 host bridges and UID 3 as a restricted host with its 8 KiB RCRB', () => {
    const imported = topologyFromCedt(table);
    if (!imported.ok) throw new Error(imported.error.map((e) => e.message).join('; '));
    const hbs = imported.value.components as HostBridgeSpec[];
    expect(hbs.map((h) => [h.id, h.uid, h.restricted === true, h.decoderCount, h.componentRegBase])).toEqual([
      ['hb0', 0, false, 4, 0x3ff0_0000_0000],
      ['hb1', 1, false, 4, 0x3ff0_0020_0000],
      ['hb2', 2, false, 4, 0x3ff0_0040_0000],
      ['hb3', 3, true, 0, 0x3ff0_0060_0000],
    ]);
    expect(imported.value.notes).toContain('RCRB at 0x3ff000600000 (0x2000 bytes');
    // CFMWS 5 (the sixth window) targets UID 3 → hb3, 256 MiB volatile at QTG 5.
    const w5 = imported.value.windows[5];
    expect(w5).toMatchObject({
      base: 0x3ff1_d000_0000,
      size: 256 * MIB,
      ways: 1,
      granularity: 4096,
      targets: ['hb3'],
      qtg: 5,
    });
    expect(w5?.restrictions).toEqual(['type3', 'volatile']);
    // The 2-way windows interleave hb0 and hb1 at HBIG 4 = 256 << 4 = 4 KiB.
    expect(imported.value.windows[1]).toMatchObject({ ways: 2, granularity: 4096, targets: ['hb0', 'hb1'] });
  });

  it('loads as a lab and, with an RCD below hb3, routes CFMWS 5 through the RCH', () => {
    const imported = topologyFromCedt(table);
    if (!imported.ok) throw new Error('import failed');
    const spec = imported.value;
    // The lab's RCD (cxl_test's own RCD has mock decoders): DVSEC Range 1 = all of CFMWS 5, Mem_Enable set.
    spec.components.push({
      kind: 'type3',
      id: 'rcd0',
      parent: 'hb3',
      volatile: 256 * MIB,
      persistent: 0,
      decoderCount: 0,
      serial: 1,
      decoders: [],
      dvsec: { memEnable: true, ranges: [{ base: 0x3ff1_d000_0000, size: 256 * MIB }] },
    });
    const made = createLab(spec);
    if (!made.ok) throw new Error(made.error.message);
    // HPA 0x3FF1_D123_4567 − Range 1 base 0x3FF1_D000_0000 = 0x123_4567 = DPA (Range 1 starts at DPA 0).
    const r = walk(made.value.lab, 0x3ff1_d123_4567);
    expect(r.ok && [r.device, r.dpa, r.hops.map((h) => h.component)]).toEqual([
      'rcd0',
      0x123_4567,
      ['cfmw5', 'hb3', 'rcd0'],
    ]);
  });
});
