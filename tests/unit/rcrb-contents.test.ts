/**
 * RCRB contents of a CXL 1.1 host (CXL 2.0 §8.2.1.1, §8.2.1.2): register values and bytes worked by
 * hand from the PCI-compatible header layout, and Linux's decode of MEMBAR0 (regs.c __rcrb_to_component).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRcrbContents,
  decodeRcrbHalf,
  type RcrbRegisterValue,
  rcrbComponentBlocks,
  rcrbContents,
} from '../../src/cxl/topology/rcrb-contents.ts';

/** Little-endian bytes of the registers the lab models, laid into a zeroed 8 KiB image (test-local writer). */
function image(rows: readonly RcrbRegisterValue[]): Uint8Array {
  const out = new Uint8Array(0x2000);
  for (const r of rows) {
    if (r.value === null) continue;
    for (let i = 0; i < r.size; i++) out[r.offset + i] = Math.floor(r.value / 256 ** i) % 256;
  }
  return out;
}
const bytes = (img: Uint8Array, at: number, n: number) => [...img.subarray(at, at + n)];

describe('RCRB at 0xFED0_0000 with an RCD below (the RCH preset)', () => {
  const rows = rcrbContents(0xfed0_0000, true);
  const img = image(rows);

  it('places the component blocks at the first 64 KiB boundaries above the RCRB (the lab choice)', () => {
    // RCRB end = 0xFED0_0000 + 0x2000 = 0xFED0_2000; next multiple of 0x1_0000 = 0xFED1_0000;
    // the RCD's block is the next 64 KiB: 0xFED1_0000 + 0x1_0000 = 0xFED2_0000.
    expect(rcrbComponentBlocks(0xfed0_0000)).toEqual({ downstream: 0xfed1_0000, upstream: 0xfed2_0000 });
  });

  it('holds the downstream port header bytes at +0x0 (PCI header offsets 0x00, 0x04, 0x06, 0x10, 0x14)', () => {
    // 0x00: Vendor ID 0x1E98 | Device ID 0x0001 << 16 = 0x0001_1E98 → LE 98 1E 01 00.
    expect(bytes(img, 0x00, 4)).toEqual([0x98, 0x1e, 0x01, 0x00]);
    // 0x04: Command = Memory Space Enable (bit 1) = 0x0002 → 02 00; 0x06: Status = Capabilities List (bit 4) = 0x0010 → 10 00.
    expect(bytes(img, 0x04, 4)).toEqual([0x02, 0x00, 0x10, 0x00]);
    // 0x10: MEMBAR0 Low = 0xFED1_0000 | type 10b (64-bit) << 1 = 0xFED1_0004 → 04 00 D1 FE.
    expect(bytes(img, 0x10, 4)).toEqual([0x04, 0x00, 0xd1, 0xfe]);
    // 0x14: MEMBAR0 High = 0xFED1_0000 >> 32 = 0 → 00 00 00 00.
    expect(bytes(img, 0x14, 4)).toEqual([0, 0, 0, 0]);
    // 0x34: Capabilities Pointer = 0x40 → 40 00; 0x40: Capability ID 0x10 (PCI Express), Next 0 → 10 00.
    expect(bytes(img, 0x34, 2)).toEqual([0x40, 0x00]);
    expect(bytes(img, 0x40, 2)).toEqual([0x10, 0x00]);
  });

  it('holds the upstream port header bytes at +0x1000', () => {
    // 0x1000: Device ID 0x0002 → 0x0002_1E98 → 98 1E 02 00.
    expect(bytes(img, 0x1000, 4)).toEqual([0x98, 0x1e, 0x02, 0x00]);
    expect(bytes(img, 0x1004, 4)).toEqual([0x02, 0x00, 0x10, 0x00]);
    // 0x1010: MEMBAR0 Low = 0xFED2_0000 | 0x4 = 0xFED2_0004 → 04 00 D2 FE; 0x1014: High = 0.
    expect(bytes(img, 0x1010, 8)).toEqual([0x04, 0x00, 0xd2, 0xfe, 0, 0, 0, 0]);
    expect(bytes(img, 0x1034, 2)).toEqual([0x40, 0x00]);
  });

  it('decodes by spec field name and absolute address', () => {
    const bar = rows.find((r) => r.offset === 0x1010);
    // Address = RCRB + 0x1000 + 0x10 = 0xFED0_1010.
    expect(bar?.address).toBe(0xfed0_1010);
    // Base Address [31:4] = 0xFED2_0000 >> 4 = 0x0FED_2000; Type [2:1] = 10b = 2.
    expect(bar?.fields.map((f) => [f.name, f.bit, f.width, f.value, f.access])).toEqual([
      ['Memory Space Indicator', 0, 1, 0, 'RO'],
      ['Type', 1, 2, 2, 'RO'],
      ['Prefetchable', 3, 1, 0, 'RO'],
      ['Base Address', 4, 28, 0x0fed_2000, 'RW'],
    ]);
    expect(rows.find((r) => r.offset === 0x04)?.fields.map((f) => [f.name, f.bit, f.access])).toEqual([
      ['Memory Space Enable', 1, 'RW'],
    ]);
  });

  it('reads back as Linux reads it: downstream → 0xFED1_0000, upstream → 0xFED2_0000', () => {
    expect(decodeRcrbContents(rows, 'downstream')).toEqual({ ok: true, componentRegs: 0xfed1_0000 });
    expect(decodeRcrbContents(rows, 'upstream')).toEqual({ ok: true, componentRegs: 0xfed2_0000 });
  });
});

describe('RCRB above 4 GiB and at the edge of a 64 KiB block', () => {
  it('splits MEMBAR0 into low and high dwords (0x3FF0_0060_0000)', () => {
    // End 0x3FF0_0060_2000 → block 0x3FF0_0061_0000: Low = 0x0061_0000 | 4 = 0x0061_0004, High = 0x3FF0.
    const rows = rcrbContents(0x3ff0_0060_0000, true);
    const v = (o: number) => rows.find((r) => r.offset === o)?.value;
    expect([v(0x10), v(0x14), v(0x1010), v(0x1014)]).toEqual([0x0061_0004, 0x3ff0, 0x0062_0004, 0x3ff0]);
  });

  it('uses the boundary itself when the RCRB ends on it (0xFED0_E000 + 0x2000 = 0xFED1_0000)', () => {
    expect(rcrbComponentBlocks(0xfed0_e000)).toEqual({ downstream: 0xfed1_0000, upstream: 0xfed2_0000 });
  });
});

describe('RCH without an RCD', () => {
  it('reads all-ones in the upstream half, which Linux takes as no upstream RCRB', () => {
    const rows = rcrbContents(0xfed0_0000, false);
    expect(rows.find((r) => r.offset === 0x1000)?.value).toBe(0xffff_ffff);
    expect(rows.find((r) => r.offset === 0x1004)?.value).toBe(0xffff);
    expect(decodeRcrbContents(rows, 'upstream').ok).toBe(false);
    expect(decodeRcrbContents(rows, 'downstream')).toEqual({ ok: true, componentRegs: 0xfed1_0000 });
  });
});

describe("Linux's MEMBAR0 checks (drivers/cxl/core/regs.c __rcrb_to_component)", () => {
  const id = 0x0001_1e98;
  it('ends Linux cxl_rcrb_to_aer at once: next pointer = bits 31:20 of 0x0001_1E98 = 0', () => {
    const v = rcrbContents(0xfed0_0000, true).find((r) => r.offset === 0)?.value ?? -1;
    // 0x0001_1E98 >>> 20 = 0x000 (0x0001_1E98 < 0x0010_0000): the walk stops, no AER offset.
    expect(v >>> 20).toBe(0);
  });
  it('refuses each case Linux refuses', () => {
    expect(decodeRcrbHalf(0xffff_ffff, 2, 0xfed1_0004, 0).ok).toBe(false); // no RCRB
    expect(decodeRcrbHalf(id, 0, 0xfed1_0004, 0).ok).toBe(false); // Memory Space Enable clear
    expect(decodeRcrbHalf(id, 2, 0xfed1_0001, 0).ok).toBe(false); // I/O BAR
    expect(decodeRcrbHalf(id, 2, 0xfed1_0002, 0).ok).toBe(false); // type 01b (below 1M)
    expect(decodeRcrbHalf(id, 2, 0x0000_0004, 0).ok).toBe(false); // zero base
    expect(decodeRcrbHalf(id, 2, 0xfed0_8004, 0).ok).toBe(false); // 0xFED0_8000 not 64 KiB aligned
  });
  it('ignores the high dword of a 32-bit BAR and ignores the prefetch bit', () => {
    // type 00b (32-bit): base = 0xFED1_0000 whatever bar1 holds; bit 3 (prefetchable) is masked off.
    expect(decodeRcrbHalf(id, 2, 0xfed1_0008, 0x1234)).toEqual({ ok: true, componentRegs: 0xfed1_0000 });
    // type 10b: base = 0x1234 << 32 | 0xFED1_0000 = 0x1234_FED1_0000.
    expect(decodeRcrbHalf(id, 2, 0xfed1_0004, 0x1234)).toEqual({ ok: true, componentRegs: 0x1234_fed1_0000 });
  });

  it('agrees with a BigInt reference decoder for every 8 KiB-aligned RCRB', () => {
    // Reference: Linux's arithmetic on 64-bit integers (mask 0xF off bar0, OR in bar1 << 32).
    const reference = (bar0: number, bar1: number): bigint =>
      (BigInt(bar0) & 0xffff_fff0n) | (BigInt(bar1) << 32n);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 39 - 1 }), fc.boolean(), (n, upper) => {
        const base = n * 0x2000;
        const rows = rcrbContents(base, true);
        const start = upper ? 0x1000 : 0;
        const v = (o: number) => rows.find((r) => r.offset === start + o)?.value ?? -1;
        const ref = reference(v(0x10), v(0x14));
        const got = decodeRcrbContents(rows, upper ? 'upstream' : 'downstream');
        // Block is 64 KiB aligned, above the RCRB, and within 64 KiB (+ 64 KiB for the upstream) of its end.
        const end = BigInt(base) + 0x2000n;
        const lo = end + (upper ? 0x1_0000n : 0n);
        return (
          got.ok &&
          BigInt(got.componentRegs) === ref &&
          ref % 0x1_0000n === 0n &&
          ref >= lo &&
          ref < lo + 0x1_0000n
        );
      }),
    );
  });
});
