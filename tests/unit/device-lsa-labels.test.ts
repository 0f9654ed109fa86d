/**
 * CXL labels in the Label Storage Area (CXL 2.0 §9.13.2; Linux drivers/nvdimm/label.h, label.c):
 * geometry and byte offsets worked by hand, Fletcher-64 against an independent implementation written
 * here, the current index block by sequence number, named problems (bad checksum, unknown type,
 * out-of-range slots), decode never throwing on any bytes, and encode → decode round trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestSeq,
  decodeLsaBytes,
  fletcher64,
  labelSetWrites,
  lsaGeometry,
  nextSeq,
} from '../../src/cxl/device/index.ts';

const KIB = 1024;
const MIB = 2 ** 20;

/** Reference Fletcher-64: DataView little-endian words, BigInt sums reduced mod 2^32 each step. */
function refFletcher(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const M = 2n ** 32n;
  let a = 0n;
  let b = 0n;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    a = (a + BigInt(view.getUint32(i, true))) % M;
    b = (b + a) % M;
  }
  return b * M + a;
}

function image(size: number, o: { serial?: number; dpa?: number; size?: number; name?: string } = {}) {
  const w = labelSetWrites({
    lsaSize: size,
    serial: o.serial ?? 2,
    dpa: o.dpa ?? 0,
    size: o.size ?? 256 * MIB,
    ...(o.name === undefined ? {} : { name: o.name }),
  });
  if (!w.ok) throw new Error(w.error.message);
  const img = new Uint8Array(size);
  for (const x of w.value) img.set(x.bytes, x.offset);
  return img;
}

const le = (b: Uint8Array, at: number, n: number) => {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = v * 256n + BigInt(b[at + i] ?? 0);
  return v;
};

/** Re-seals a 256-byte block's checksum at +0x40 (index) or +0xF8 (label) with the reference sum. */
function reseal(img: Uint8Array, at: number, length: number, sumAt: number) {
  img.fill(0, at + sumAt, at + sumAt + 8);
  let s = refFletcher(img.slice(at, at + length));
  for (let i = 0; i < 8; i++) {
    img[at + sumAt + i] = Number(s & 0xffn);
    s >>= 8n;
  }
}

describe('geometry (label.c nvdimm_num_label_slots, sizeof_namespace_index)', () => {
  it('128 KiB: 510 slots, 256-byte index blocks, labels from 0x200', () => {
    // nslot = floor(131072 / (256 + 1)) = 510 (257 × 510 = 131070; 257 × 511 = 131327 > 131072).
    // index = align(0x48 + ceil(510 / 8) = 72 + 64 = 136, 256) = 256.
    // space = 131072 − 510 × 256 = 512 ≥ 2 × 256, so it fits; slot 0 at 2 × 256 = 0x200.
    expect(lsaGeometry(128 * KIB)).toEqual({
      lsaSize: 131072,
      labelSize: 256,
      nslot: 510,
      indexSize: 256,
      labelOffset: 0x200,
    });
  });

  it('8 KiB is too small for 256-byte labels, as in Linux ("label area too small")', () => {
    // nslot = floor(8192 / 257) = 31; space = 8192 − 31 × 256 = 256 < 2 × align(72 + 4, 256) = 512.
    expect(lsaGeometry(8 * KIB)).toBeNull();
  });

  it('256 MiB (a common QEMU lsa= size): index blocks grow with the bitmap', () => {
    // nslot = floor(268435456 / 257) = 1044496 (257 × 1044496 = 268435472 > 268435456, so 1044495).
    const nslot = Math.floor(268435456 / 257);
    expect(nslot).toBe(1044495);
    // index = align(72 + ceil(1044495 / 8) = 72 + 130562 = 130634, 256) = 130816 (511 × 256).
    expect(lsaGeometry(256 * MIB)?.indexSize).toBe(130816);
  });
});

describe('Fletcher-64 (CXL 2.0 §9.13.2; Linux nd_fletcher64)', () => {
  it('a hand-worked sum', () => {
    // Words 1, 2: lo = 1, hi = 1; lo = 3, hi = 4 → 0x00000004_00000003.
    expect(fletcher64(Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0]))).toBe(0x4_0000_0003n);
  });
  it('wraps both halves modulo 2^32', () => {
    // Words 0xFFFFFFFF twice: lo = 0xFFFFFFFF, hi = 0xFFFFFFFF; lo = 0xFFFFFFFE, hi = 0xFFFFFFFD.
    expect(fletcher64(new Uint8Array(8).fill(0xff))).toBe(0xffff_fffd_ffff_fffen);
  });
  it('agrees with the reference on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expect(fletcher64(b)).toBe(refFletcher(b));
      }),
    );
  });
});

describe('sequence numbers (label.c best_seq, nd.h nd_inc_seq)', () => {
  it('1 → 2 → 3 → 1 and the newer of two wins', () => {
    expect([1, 2, 3].map(nextSeq)).toEqual([2, 3, 1]);
    expect(bestSeq(3, 1)).toBe(1); // 3 → 1 wraps: 1 is newer
    expect(bestSeq(1, 3)).toBe(1);
    expect(bestSeq(1, 2)).toBe(2);
    expect(bestSeq(0, 2)).toBe(2);
    expect(bestSeq(2, 2)).toBe(2);
  });
});

describe('the written label set, byte by byte (label.h struct layouts)', () => {
  const img = image(128 * KIB, { serial: 2, dpa: 0, size: 256 * MIB });

  it('index block 0 at 0x000', () => {
    expect(String.fromCharCode(...img.subarray(0, 16))).toBe('NAMESPACE_INDEX\0');
    expect(img[0x13]).toBe(1); // label size code = 256 >> 8
    expect(le(img, 0x14, 4)).toBe(3n); // sequence 3 (Linux's init value for block 0)
    expect(le(img, 0x18, 8)).toBe(0n); // my offset
    expect(le(img, 0x20, 8)).toBe(0x100n); // my size
    expect(le(img, 0x28, 8)).toBe(0x100n); // other offset
    expect(le(img, 0x30, 8)).toBe(0x200n); // label offset
    expect(le(img, 0x38, 4)).toBe(510n); // nslot: bytes FE 01
    expect([img[0x3c], img[0x3e]]).toEqual([1, 2]); // version 1.2
    // Free bitmap from 0x48: 510 bits set = 63 bytes of 0xFF (504 bits) + 0x3F (6 bits) at 0x48 + 63 = 0x87.
    expect(img.subarray(0x48, 0x87).every((b) => b === 0xff)).toBe(true);
    expect(img[0x87]).toBe(0x3f);
    expect(img[0x88]).toBe(0);
    expect(le(img, 0x40, 8)).toBe(refFletcher(Uint8Array.from(img.subarray(0, 256)).fill(0, 0x40, 0x48)));
  });

  it('index block 1 at 0x100: sequence 1, slots 0 and 1 in use', () => {
    expect(le(img, 0x114, 4)).toBe(1n);
    expect(le(img, 0x118, 8)).toBe(0x100n);
    expect(le(img, 0x128, 8)).toBe(0n);
    expect(img[0x148]).toBe(0xfc); // bits 0 and 1 clear
  });

  it('region label in slot 0 at 0x200 (CXL 2.0 Table 211)', () => {
    // Type 529d7c61-da07-47c4-a93f-ecdf2c06f444 in RFC 4122 byte order.
    expect([...img.subarray(0x200, 0x204)]).toEqual([0x52, 0x9d, 0x7c, 0x61]);
    expect(le(img, 0x224, 2)).toBe(1n); // nlabel
    expect(le(img, 0x230, 8)).toBe(BigInt(256 * MIB)); // raw size at +0x30
    expect(le(img, 0x240, 4)).toBe(0n); // slot at +0x40
    expect(le(img, 0x248, 4)).toBe(1n); // align at +0x48 (×256 MiB)
    expect(le(img, 0x2f8, 8)).toBe(
      refFletcher(Uint8Array.from(img.subarray(0x200, 0x300)).fill(0, 0xf8, 0x100)),
    );
  });

  it('namespace label in slot 1 at 0x300 (CXL 2.0 Table 212)', () => {
    expect([...img.subarray(0x300, 0x304)]).toEqual([0x68, 0xbb, 0x2c, 0x0a]);
    expect(String.fromCharCode(...img.subarray(0x320, 0x32d))).toBe('lab-namespace'); // name at +0x20
    expect(le(img, 0x364, 2)).toBe(1n); // nrange at +0x64
    expect(le(img, 0x370, 8)).toBe(BigInt(256 * MIB)); // raw size at +0x70
    expect(le(img, 0x378, 4)).toBe(1n); // slot at +0x78
    expect([...img.subarray(0x380, 0x390)]).toEqual([...img.subarray(0x210, 0x220)]); // region UUID = region's
  });

  it('decodes with block 1 current and no problems', () => {
    const d = decodeLsaBytes(img);
    expect(d.problems).toEqual([]);
    expect(d.current).toBe(1);
    expect(d.labels.map((l) => [l.slot, l.kind, l.offset])).toEqual([
      [0, 'region', 0x200],
      [1, 'namespace', 0x300],
    ]);
  });
});

describe('bad content is named, never thrown', () => {
  it('a bad index checksum names both values; the other block becomes current', () => {
    const img = image(128 * KIB);
    const stored = le(img, 0x140, 8);
    img[0x110] = 0x5a; // flags byte of block 1
    const computed = refFletcher(Uint8Array.from(img.subarray(0x100, 0x200)).fill(0, 0x40, 0x48));
    const d = decodeLsaBytes(img);
    const hex = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;
    expect(d.problems).toContain(`index block 1: checksum ${hex(stored)} but content gives ${hex(computed)}`);
    expect(d.current).toBe(0); // block 0 (sequence 3) is the only valid one; it has no labels in use
    expect(d.labels).toEqual([]);
  });

  it('an unknown label type is named', () => {
    const img = image(128 * KIB);
    img[0x300] = 0x68 ^ 0xff; // first type byte 0x68 → 0x97
    reseal(img, 0x300, 256, 0xf8);
    const d = decodeLsaBytes(img);
    expect(d.labels[1]?.kind).toBe('unknown');
    expect(d.problems.some((p) => p.startsWith('slot 1 (0x300): unknown label type 97bb2c0a-'))).toBe(true);
  });

  it('a bad label checksum and a wrong slot field are named', () => {
    const img = image(128 * KIB);
    img[0x240] = 7; // region label says slot 7
    const d = decodeLsaBytes(img);
    expect(d.problems).toContain('slot 0 (0x200): slot field says 7, but the label sits in slot 0');
    expect(d.problems.some((p) => p.startsWith('slot 0 (0x200): checksum 0x'))).toBe(true);
  });

  it('slots past the LSA are refused', () => {
    const img = image(128 * KIB);
    img.set([0xa0, 0x86, 0x01, 0x00], 0x138); // nslot 100000 in block 1
    reseal(img, 0x100, 256, 0x40);
    const d = decodeLsaBytes(img);
    expect(d.problems).toContain(
      'index block 1: 100000 slots of 256 bytes do not fit the 131072-byte LSA (at most 510); slots past 509 are refused',
    );
    expect(d.current).toBe(0);
  });

  it('decode never throws on random bytes or on a damaged valid image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (b) => {
        expect(() => decodeLsaBytes(b)).not.toThrow();
      }),
    );
    const base = image(128 * KIB);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(0x3ff), fc.nat(255)), { maxLength: 40 }),
        fc.boolean(),
        (edits, seal) => {
          const img = base.slice();
          for (const [at, v] of edits) img[at] = v;
          if (seal) {
            reseal(img, 0, 256, 0x40);
            reseal(img, 0x100, 256, 0x40);
          }
          const d = decodeLsaBytes(img);
          expect(typeof d.summary).toBe('string');
          expect(d.labels.length).toBeLessThanOrEqual(510);
        },
      ),
    );
  });
});

describe('encode → decode round trip', () => {
  it('any serial, 4 KiB-aligned range and name come back', () => {
    fc.assert(
      fc.property(
        fc.nat(2 ** 40),
        fc.nat(2 ** 20),
        fc.integer({ min: 1, max: 2 ** 20 }),
        fc.stringMatching(/^[a-z0-9-]{0,63}$/),
        fc.constantFrom(128 * KIB, 256 * KIB, MIB),
        (serial, dpaPages, sizePages, name, lsaSize) => {
          const img = image(lsaSize, { serial, dpa: dpaPages * 4096, size: sizePages * 4096, name });
          const d = decodeLsaBytes(img);
          expect(d.problems).toEqual([]);
          const ns = d.labels.find((l) => l.kind === 'namespace');
          const field = (n: string) => ns?.fields.find((f) => f.name === n)?.value;
          expect(field('DPA')).toBe(`0x${(dpaPages * 4096).toString(16)}`);
          expect(field('Raw Size')).toBe(`0x${(sizePages * 4096).toString(16)}`);
          expect(field('Name')).toBe(`"${name}"`);
          expect(field('UUID')?.endsWith(serial.toString(16).padStart(12, '0'))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an LSA too small or no pmem', () => {
    expect(labelSetWrites({ lsaSize: 8 * KIB, serial: 1, dpa: 0, size: MIB }).ok).toBe(false);
    expect(labelSetWrites({ lsaSize: 128 * KIB, serial: 1, dpa: 0, size: 0 }).ok).toBe(false);
  });
});
