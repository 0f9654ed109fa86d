// The worked examples of CXL r3.1 §8.2.4.20.13 ("Device Decode Logic"), recomputed by hand here and
// checked against the lab's interleave arithmetic (src/cxl/decode/arith.ts).
import { describe, expect, it } from 'vitest';
import {
  dpaOffsetToHpaOffset,
  hpaOffsetToDpaOffset,
  interleavePosition,
} from '../../src/cxl/decode/arith.ts';

const GIB = 2 ** 30;

describe('CXL r3.1 §8.2.4.20.13 worked examples', () => {
  it('8-way at 512 B: HPA 129 GiB + 1028 → DPA 4 GiB + 0x0800_0004', () => {
    // Decoder 0: base 32 GiB, size 32 GiB; decoder 1: base 128 GiB, size 4 GiB; IW = 3 (8-way), IG = 1.
    // DPABase[1] = DPASkip[1] + DPABase[0] + Size[0] / 8 = 0 + 0 + 4 GiB.
    // HPAoff = 129 GiB + 1028 − 128 GiB = 0x4000_0404. Removing bits 11:9 (IW bits at IG + 8 = 9):
    //   bits 31:12 of 0x4000_0404 = 0x40000 → shifted down by 3 to bit 9: 0x40000 << 9 = 0x0800_0000;
    //   bits 8:0 = 0x004 → DPAoff = 0x0800_0004.
    const dpaBase = (32 * GIB) / 8;
    const hpaOff = 129 * GIB + 1028 - 128 * GIB;
    expect(hpaOff).toBe(0x4000_0404);
    expect(hpaOffsetToDpaOffset(hpaOff, 3, 1)).toBe(0x0800_0004);
    expect(dpaBase + hpaOffsetToDpaOffset(hpaOff, 3, 1)).toBe(4 * GIB + 0x0800_0004);
    // Its position: bits 11:9 of 0x404 = 0b010 = 2; back from DPA to HPA with that position.
    expect(interleavePosition(hpaOff, 3, 1)).toBe(2);
    expect(dpaOffsetToHpaOffset(0x0800_0004, 2, 3, 1)).toBe(hpaOff);
  });

  it('12-way at 512 B: HPA 128 GiB + 24920 → DPA 4 GiB + 0x958', () => {
    // Decoder 0: base 32 GiB, size 48 GiB; decoder 1: base 128 GiB, size 24 GiB; IW = 0xA (12-way), IG = 1.
    // DPABase[1] = 48 GiB / 12 = 4 GiB. HPAoff = 24920 = 0x6158.
    // DPAoff bits 51:9 = HPAoff bits 51:11 / 3 = (24920 >> 11) / 3 = 12 / 3 = 4 → 4 << 9 = 0x800;
    // DPAoff bits 8:0 = HPAoff bits 8:0 = 24920 mod 512 = 344 = 0x158 → DPAoff = 0x958.
    const hpaOff = 24920;
    expect(hpaOff).toBe(0x6158);
    expect(hpaOffsetToDpaOffset(hpaOff, 0xa, 1)).toBe(0x958);
    expect((48 * GIB) / 12 + hpaOffsetToDpaOffset(hpaOff, 0xa, 1)).toBe(4 * GIB + 0x958);
    // Position (Linux region.c: chunk mod ways): chunk = 24920 >> 9 = 48, 48 mod 12 = 0.
    expect(interleavePosition(hpaOff, 0xa, 1)).toBe(0);
    expect(dpaOffsetToHpaOffset(0x958, 0, 0xa, 1)).toBe(hpaOff);
  });
});
