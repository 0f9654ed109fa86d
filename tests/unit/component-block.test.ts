/** The component register block's capability structures are chained from their sizes (CXL r3.1 §8.2.4). */
import { describe, expect, it } from 'vitest';
import {
  CACHEMEM_OFFSET,
  CACHEMEM_SIZE,
  COMPONENT_BLOCK_SIZE,
  capabilityHeaderOffset,
  HDM_CACHEMEM_OFFSET,
  LINK_CACHEMEM_OFFSET,
  RAS_CACHEMEM_OFFSET,
  RAS_STRUCTURE_SIZE,
} from '../../src/cxl/spec/component-block.ts';
import { HDM_DECODER_STRIDE, HDM_DECODER0_OFFSET } from '../../src/cxl/spec/hdm-decoder.ts';

describe('component register block layout', () => {
  it('places the cache/mem area at 0x1000 of a 64 KiB block (CXL r3.1 §8.2.3 Table 8-21)', () => {
    expect(COMPONENT_BLOCK_SIZE).toBe(64 * 1024);
    expect(CACHEMEM_OFFSET).toBe(0x1000);
    expect(CACHEMEM_OFFSET + CACHEMEM_SIZE).toBe(0x2000);
  });

  it('puts capability header i at 4·i', () => {
    expect(capabilityHeaderOffset(0)).toBe(0);
    expect(capabilityHeaderOffset(3)).toBe(12);
  });

  it('chains RAS → Link → HDM to QEMU offsets 0x80, 0xD8, 0x128', () => {
    // RAS: 32 header slots × 4 bytes = 0x80.
    expect(RAS_CACHEMEM_OFFSET).toBe(0x80);
    // RAS registers 0x00..0x14 (6 DWORDs) + 16-DWORD header log = 0x18 + 0x40 = 0x58.
    expect(RAS_STRUCTURE_SIZE).toBe(0x58);
    // Link after RAS (Security is empty): 0x80 + 0x58 = 0xD8.
    expect(LINK_CACHEMEM_OFFSET).toBe(0xd8);
    // HDM after QEMU's 0x50 bytes of Link: 0xD8 + 0x50 = 0x128.
    expect(HDM_CACHEMEM_OFFSET).toBe(0x128);
  });

  it('fits 32 port decoders inside the cache/mem area', () => {
    // 0x128 + 0x10 + 32 × 0x20 = 0x538, below 0x1000.
    const end = HDM_CACHEMEM_OFFSET + HDM_DECODER0_OFFSET + 32 * HDM_DECODER_STRIDE;
    expect(end).toBe(0x538);
    expect(end).toBeLessThanOrEqual(CACHEMEM_SIZE);
  });
});
