/**
 * The Regions dialog's stated defaults: the mode the members can hold, and the size cxl-cli would use
 * (ndctl cxl/region.c: smallest member capacity of the mode × ways, capped to the window's largest
 * free extent rounded down to 256 MiB × ways). Expected values worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec, WindowRestriction, WindowSpec } from '../../src/cxl/topology/model.ts';
import { defaultRegionMode, regionSizeStatement } from '../../src/lib/region-form.ts';

const GIB = 2 ** 30;
type Type3 = Extract<ComponentSpec, { kind: 'type3' }>;

const dev = (id: string, volatile: number, persistent: number): Type3 => ({
  kind: 'type3',
  id,
  parent: 'rp0',
  volatile,
  persistent,
  decoderCount: 4,
  serial: 1,
  decoders: [],
});
const win = (restrictions: WindowRestriction[], size = 16 * GIB): WindowSpec => ({
  id: 'cfmw0',
  base: 0x4c00000000,
  size,
  ways: 1,
  granularity: 256,
  arithmetic: 'modulo',
  xormaps: [],
  targets: ['hb0'],
  restrictions,
  qtg: 0,
});
const BOTH: WindowRestriction[] = ['type3', 'volatile', 'persistent'];

describe('defaultRegionMode', () => {
  it('ram when the members have only volatile capacity, pmem when only persistent', () => {
    expect(defaultRegionMode([dev('mem0', 4 * GIB, 0), dev('mem1', 4 * GIB, 0)], win(BOTH))).toEqual({
      mode: 'volatile',
      reason: 'ram: the members have only volatile capacity (no pmem on mem0)',
    });
    expect(defaultRegionMode([dev('mem0', 0, 2 * GIB)], win(BOTH))).toEqual({
      mode: 'persistent',
      reason: 'pmem: the members have only persistent capacity (no ram on mem0)',
    });
  });

  it('with both, the window decides, else the larger region', () => {
    expect(defaultRegionMode([dev('mem0', 4 * GIB, 8 * GIB)], win(['type3', 'volatile'])).reason).toBe(
      'ram: cfmw0 allows only ram',
    );
    // smallest pmem 8 GiB > smallest ram 4 GiB: pmem gives the larger region.
    expect(defaultRegionMode([dev('a', 4 * GIB, 8 * GIB), dev('b', 4 * GIB, 8 * GIB)], win(BOTH)).mode).toBe(
      'persistent',
    );
  });
});

describe('regionSizeStatement', () => {
  const two = [dev('a', 4 * GIB, 0), dev('b', 6 * GIB, 0)];
  const base = { devices: two, ways: 2, mode: 'volatile' as const, typed: null };

  it("the smallest member's capacity × ways when the window has room", () => {
    // min(4, 6) GiB × 2 = 8 GiB ≤ 16 GiB free.
    expect(regionSizeStatement({ ...base, window: win(BOTH), used: [] })).toEqual({
      bytes: 8 * GIB,
      text: "Uses 8 GiB: 2 × 4 GiB ram (the smallest member's, a)",
    });
  });

  it("capped to the window's largest free extent, in 256 MiB × ways stripes", () => {
    // 16 GiB window with its first 12.25 GiB used: 3.75 GiB free, which holds 7 stripes of 512 MiB = 3584 MiB (formatBytes keeps whole units).
    const used = [{ base: 0x4c00000000, size: 12 * GIB + 256 * 2 ** 20 }];
    expect(regionSizeStatement({ ...base, window: win(BOTH), used })).toEqual({
      bytes: 3.5 * GIB,
      text: "Uses 3584 MiB: 2 × 4 GiB ram (the smallest member's, a) is 8 GiB, capped to cfmw0's largest free extent",
    });
  });

  it('a typed size, or none when a member has no capacity in the mode', () => {
    expect(regionSizeStatement({ ...base, window: win(BOTH), used: [], typed: GIB }).text).toBe(
      'Uses 1 GiB, as typed',
    );
    expect(regionSizeStatement({ ...base, mode: 'persistent', window: win(BOTH), used: [] })).toEqual({
      bytes: null,
      text: 'No size: a has 0 B pmem, so Plan fails (-ENXIO)',
    });
  });
});
