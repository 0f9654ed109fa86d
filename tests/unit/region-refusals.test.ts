/**
 * Every refusal names the Linux object, the rule, the errno Linux returns and the message it logs
 * (Linux drivers/cxl/core/region.c; cxl-cli messages from ndctl cxl/region.c). Each case says why the rule fires.
 */
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../src/cxl/lab.ts';
import { applyPlan, destroyRegion } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import type { RegionRefusal, RegionRequest } from '../../src/cxl/region/types.ts';
import { GIB, hb, lab, MIB, rp, t3, topo, twoByTwo, WINDOW_BASE, win } from './helpers/region-topologies.ts';

function refusal(l: Lab, req: RegionRequest): RegionRefusal {
  const r = createRegion(l, req);
  if (r.ok) throw new Error(`expected a refusal, got a plan for ${r.value.region}`);
  return r.error;
}

function shape(e: RegionRefusal) {
  return { code: e.code, errno: e.errno, object: e.object, source: e.source, log: e.log };
}

function create(l: Lab, req: RegionRequest): void {
  const p = createRegion(l, req);
  if (!p.ok) throw new Error(p.error.message);
  const a = applyPlan(l, p.value);
  if (!a.ok) throw new Error(a.error.message);
}

const x4 = (members: string[], extra: Partial<RegionRequest> = {}): RegionRequest => ({
  window: 'cfmw0',
  members,
  ways: 4,
  granularity: 256,
  size: GIB,
  mode: 'volatile',
  ...extra,
});

describe('region refusals', () => {
  it('wrong position order: position 1 must be below the window target 1 mod 2 = hb1', () => {
    // §3.7 topology, members in port order: mem1 (hb0) lands at position 1.
    const e = refusal(lab(twoByTwo()), x4(['mem0', 'mem1', 'mem2', 'mem3']));
    expect(shape(e)).toEqual({
      code: 'region.position-host-bridge',
      errno: '-ENXIO',
      object: 'mem1',
      source: 'kernel',
      log: 'mem1:decoder4.0 invalid target position for decoder0.0',
    });
    expect(e.step).toBe('region0/target1');
  });

  it('granularity not equal to the root granularity on an interleaved root', () => {
    const e = refusal(lab(twoByTwo()), x4(['mem0', 'mem2', 'mem1', 'mem3'], { granularity: 512 }));
    expect(shape(e)).toEqual({
      code: 'region.granularity-not-root',
      errno: '-EINVAL',
      object: 'region0',
      source: 'cxl-cli',
      log: 'region0: For an x2 root, only root decoder granularity (256) permitted',
    });
  });

  it('size not a multiple of 256 MiB × ways', () => {
    // 768 MiB is not a multiple of 256 MiB × 4 = 1 GiB.
    const e = refusal(lab(twoByTwo()), x4(['mem0', 'mem2', 'mem1', 'mem3'], { size: 768 * MIB }));
    expect(shape(e)).toMatchObject({ code: 'region.size-not-multiple', errno: '-EINVAL', object: 'region0' });
    expect(e.step).toBe('region0/size');
  });

  it('ways mismatch: fewer members than ways (cxl-cli)', () => {
    const e = refusal(lab(twoByTwo()), x4(['mem0', 'mem2', 'mem1']));
    expect(shape(e)).toEqual({
      code: 'region.ways-member-mismatch',
      errno: '-EINVAL',
      object: 'decoder0.0',
      source: 'cxl-cli',
      log: 'too few target arguments (3) for interleave ways (4)',
    });
  });

  it('ways not a power-of-two multiple of the root ways (kernel)', () => {
    // 1 way under a x2 root: 1 % 2 ≠ 0.
    const e = refusal(lab(twoByTwo()), { window: 'cfmw0', members: ['mem0'], mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.ways-not-root-multiple',
      errno: '-EINVAL',
      object: 'region0',
      source: 'kernel',
      log: 'invalid interleave: 1',
    });
  });

  it('not reachable: the device is below a host bridge the window does not target', () => {
    const spec = twoByTwo();
    spec.windows = [win('cfmw0', ['hb0'], 256), win('cfmw1', ['hb1'], 256, { base: WINDOW_BASE + 16 * GIB })];
    const e = refusal(lab(spec), { window: 'cfmw0', members: ['mem0', 'mem2'], size: GIB, mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.not-reachable',
      errno: '-ENXIO',
      object: 'mem2',
      source: 'kernel',
      log: 'mem2:decoder5.0 invalid target for decoder0.0',
    });
  });

  it('no free decoder at the host bridge', () => {
    // hb0 has a single HDM decoder; region0 commits it, so region1 finds none.
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [
          hb('hb0', 3, 1),
          rp('rp0', 'hb0', 0),
          rp('rp1', 'hb0', 1),
          t3('mem0', 'rp0', GIB),
          t3('mem1', 'rp1', GIB),
        ],
      ),
    );
    create(l, { window: 'cfmw0', members: ['mem0'], mode: 'volatile' });
    const e = refusal(l, { window: 'cfmw0', members: ['mem1'], mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.no-free-decoder',
      errno: '-EBUSY',
      object: 'port1',
      source: 'kernel',
      log: 'port1: no decoder available',
    });
  });

  it('no free endpoint decoder (cxl-cli)', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [
          hb('hb0', 3),
          rp('rp0', 'hb0', 0),
          rp('rp1', 'hb0', 1),
          t3('mem0', 'rp0', GIB, 0, { decoderCount: 1 }),
        ],
      ),
    );
    create(l, { window: 'cfmw0', members: ['mem0'], size: 256 * MIB, mode: 'volatile' });
    const e = refusal(l, { window: 'cfmw0', members: ['mem0'], size: 256 * MIB, mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.no-free-endpoint-decoder',
      errno: '-ENXIO',
      object: 'mem0',
      source: 'cxl-cli',
      log: 'could not get a free decoder for mem0',
    });
  });

  it('8-way at 8 KiB: interleave bits 13–15 exceed A14to12', () => {
    // x1 window, 8 root ports, 8 devices. Endpoint 8-way @ 8 KiB uses HPA bits 13..15 (eig 5 + 8
    // … eig + 7 + eiw 3); the lab's devices interleave on bits 8–14 only.
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [
          hb('hb0', 1),
          ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [rp(`rp${i}`, 'hb0', i), t3(`mem${i}`, `rp${i}`, GIB)]),
        ],
      ),
    );
    const members = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `mem${i}`);
    const e = refusal(l, { window: 'cfmw0', members, ways: 8, granularity: 8192, mode: 'volatile' });
    // Names: hb0 → port1, mem0 → endpoint2, so its decoder 0 is decoder2.0.
    expect(shape(e)).toEqual({
      code: 'region.endpoint-interleave-capability',
      errno: '-ENXIO',
      object: 'decoder2.0',
      source: 'kernel',
      log: 'decoder2.0 iw: 8 ig: 8192 is not supported',
    });
    // 8-way at 4 KiB (bits 12–14) is fine.
    expect(
      createRegion(l, { window: 'cfmw0', members, ways: 8, granularity: 4096, mode: 'volatile' }).ok,
    ).toBe(true);
  });

  it('granularity calculation: a x2 window at 16 KiB makes the host-bridge granularity 32 KiB', () => {
    const l = lab(twoByTwo(16384));
    // One device per host bridge: endpoints 2-way @ 16 KiB use bit 14 (fine); the HB decoder
    // needs ig = 16384 × 2 = 32 KiB, which does not encode.
    const e = refusal(l, { window: 'cfmw0', members: ['mem0', 'mem2'], size: GIB, mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.granularity-calculation',
      errno: '-EINVAL',
      object: 'port1',
      source: 'kernel',
      log: 'root0: invalid granularity calculation (16384 * 2)',
    });
  });

  it('HPA order violation: a region at a higher HPA already uses the host bridge', () => {
    // Firmware committed region0 at window base + 1 GiB through hb0 → mem0. A new region gets the
    // lower free range at the window base and must also use hb0.
    const high = WINDOW_BASE + GIB;
    const committed = { base: high, size: GIB, ways: 1, granularity: 256, commit: true, lock: false };
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [
          hb('hb0', 3, 4, [{ ...committed, targets: [0] }]),
          rp('rp0', 'hb0', 0),
          rp('rp1', 'hb0', 1),
          t3('mem0', 'rp0', 2 * GIB, 0, { decoders: [committed] }),
          t3('mem1', 'rp1', GIB),
        ],
      ),
    );
    const e = refusal(l, { window: 'cfmw0', members: ['mem1'], size: GIB, mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.hpa-order',
      errno: '-EBUSY',
      object: 'port1',
      source: 'kernel',
      log: 'port1: HPA order violation region0:[mem 0x4d0000000-0x50fffffff] vs [mem 0x490000000-0x4cfffffff]',
    });
  });

  it('mode the window does not allow (cxl-cli)', () => {
    const spec = twoByTwo();
    spec.windows = [win('cfmw0', ['hb0', 'hb1'], 256, { restrictions: ['type3', 'persistent'] })];
    const e = refusal(lab(spec), x4(['mem0', 'mem2', 'mem1', 'mem3']));
    expect(shape(e)).toEqual({
      code: 'region.window-mode',
      errno: '-EINVAL',
      object: 'decoder0.0',
      source: 'cxl-cli',
      log: 'decoder0.0 is not volatile capable',
    });
  });

  it('the same memdev twice', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [hb('hb0', 3), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1), t3('mem0', 'rp0', GIB)],
      ),
    );
    const e = refusal(l, { window: 'cfmw0', members: ['mem0', 'mem0'], size: 512 * MIB, mode: 'volatile' });
    // cxl-cli took decoder2.1 for the second target (decoder2.0 already carries the region).
    expect(shape(e)).toEqual({
      code: 'region.memdev-duplicate',
      errno: '-EBUSY',
      object: 'mem0',
      source: 'kernel',
      log: 'mem0 already specified at position 1 via: decoder2.0',
    });
  });

  it('DPA capacity: the member cannot hold size / ways', () => {
    // 4 GiB over 2 ways = 2 GiB per device; each has 1 GiB of ram.
    const e = refusal(lab(twoByTwo()), {
      window: 'cfmw0',
      members: ['mem0', 'mem2'],
      size: 4 * GIB,
      mode: 'volatile',
    });
    expect(shape(e)).toEqual({
      code: 'region.dpa-capacity',
      errno: '-ENOSPC',
      object: 'decoder3.0',
      source: 'kernel',
      log: 'decoder3.0: 0x80000000 exceeds available ram capacity: 0x40000000',
    });
  });

  it('size above the largest free extent (cxl-cli)', () => {
    const e = refusal(lab(twoByTwo()), x4(['mem0', 'mem2', 'mem1', 'mem3'], { size: 32 * GIB }));
    expect(shape(e)).toEqual({
      code: 'region.size-exceeds-free-space',
      errno: '-ENOSPC',
      object: 'decoder0.0',
      source: 'cxl-cli',
      log: 'decoder0.0: region size 0x800000000 exceeds max available space',
    });
  });

  it('a host bridge without HDM decoders but two root ports does not enumerate', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [hb('hb0', 3, 0), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1), t3('mem0', 'rp0', GIB)],
      ),
    );
    const e = refusal(l, { window: 'cfmw0', members: ['mem0'], mode: 'volatile' });
    expect(shape(e)).toEqual({
      code: 'region.no-hdm-capability',
      errno: '-ENXIO',
      object: 'port1',
      source: 'kernel',
      log: 'port1: HDM decoder capability not found',
    });
  });

  it('out-of-order reset: region0 is below region1 on the host bridge', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [
          hb('hb0', 3),
          rp('rp0', 'hb0', 0),
          rp('rp1', 'hb0', 1),
          t3('mem0', 'rp0', GIB),
          t3('mem1', 'rp1', GIB),
        ],
      ),
    );
    create(l, { window: 'cfmw0', members: ['mem0'], mode: 'volatile' });
    create(l, { window: 'cfmw0', members: ['mem1'], mode: 'volatile' });
    const before = l.version;
    const d = destroyRegion(l, 'region0');
    expect(d.ok ? null : shape(d.error)).toEqual({
      code: 'region.reset-out-of-order',
      errno: '-EBUSY',
      object: 'decoder1.0',
      source: 'kernel',
      log: 'decoder1.0: out of order reset, expected decoder1.1',
    });
    expect(l.version).toBe(before); // nothing written
    // Reverse creation order works.
    expect(destroyRegion(l, 'region1').ok).toBe(true);
    expect(destroyRegion(l, 'region0').ok).toBe(true);
  });
});

describe('applyPlan: a decoder that reports Error Not Committed', () => {
  it('clears Commit, returns -EIO and rolls back like cxl_region_decode_commit', () => {
    const l = lab(twoByTwo());
    const p = createRegion(l, x4(['mem0', 'mem2', 'mem1', 'mem3']));
    if (!p.ok) throw new Error(p.error.message);
    // Tamper with hb1's Control: IW = 4 (16 ways), which a host bridge cannot do → the lab's
    // commit check sets Error Not Committed.
    const writes = p.value.writes.map((w) =>
      w.decoder === 'decoder2.0' && w.register === 'Decoder 0 Control'
        ? { ...w, value: (w.value & ~0xf0) | 0x40 }
        : w,
    );
    const a = applyPlan(l, { ...p.value, writes });
    expect(a.ok).toBe(false);
    if (a.ok) return;
    expect([a.error.code, a.error.errno, a.error.object]).toEqual([
      'region.commit-error',
      '-EIO',
      'decoder2.0',
    ]);
    // Committed before the failure: decoder3.0, decoder1.0 (position 0), decoder5.0 (position 1).
    // Rollback: position 1 from the failing port down (decoder2.0 was never enabled) → decoder5.0;
    // then position 0 top-down: decoder1.0, decoder3.0.
    expect(a.error.rolledBack).toEqual(['decoder5.0', 'decoder1.0', 'decoder3.0']);
    const clear = a.error.writes.find((w) => w.note.includes('Error Not Committed'));
    expect(clear?.decoder).toBe('decoder2.0');
    for (const id of ['hb0', 'hb1', 'mem0', 'mem1', 'mem2', 'mem3']) {
      expect(l.decoders(id)[0]?.committed).toBe(false);
    }
  });

  it('refuses a plan made against an older lab state', () => {
    const l = lab(twoByTwo());
    const p = createRegion(l, x4(['mem0', 'mem2', 'mem1', 'mem3']));
    if (!p.ok) throw new Error(p.error.message);
    create(l, { window: 'cfmw0', members: ['mem0', 'mem2'], size: 512 * MIB, mode: 'volatile' });
    const a = applyPlan(l, p.value);
    expect(a.ok ? null : a.error.code).toBe('region.plan-stale');
  });
});
