/**
 * The member order "Order for this window" proposes, against Linux's position arithmetic
 * (drivers/cxl/core/region.c cxl_calc_interleave_pos: walking up from the device,
 * pos = pos × parent ways + index in the parent's target list; cxl_region_attach: position p must be
 * below the window's target p mod ways). Each expected order is worked by hand in its comment.
 */
import { describe, expect, it } from 'vitest';
import { createRegion } from '../../src/cxl/region/create.ts';
import type { ComponentSpec, TopologySpec, WindowSpec } from '../../src/cxl/topology/model.ts';
import { memberPath, orderForWindow, pathText } from '../../src/lib/region-order.ts';
import {
  lab,
  dsp as rdsp,
  hb as rhb,
  rp as rrp,
  sw as rsw,
  t3,
  topo,
  twoByTwo,
  win as win4,
} from './helpers/region-topologies.ts';

const GIB = 2 ** 30;

function hb(id: string): ComponentSpec {
  return { kind: 'host-bridge', id, uid: 0, decoderCount: 4, componentRegBase: 0, decoders: [] };
}
function rp(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'root-port', id, parent, port };
}
function sw(id: string, parent: string): ComponentSpec {
  return { kind: 'switch', id, parent, decoderCount: 4, decoders: [] };
}
function dsp(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'downstream-port', id, parent, port };
}
function mem(id: string, parent: string): ComponentSpec {
  return {
    kind: 'type3',
    id,
    parent,
    volatile: 4 * GIB,
    persistent: 0,
    decoderCount: 4,
    serial: 1,
    decoders: [],
  };
}
function win(id: string, targets: string[]): WindowSpec {
  return {
    id,
    base: 0,
    size: 16 * GIB,
    ways: targets.length,
    granularity: 256,
    targets,
    restrictions: ['type3', 'volatile'],
  } as WindowSpec;
}
function spec(
  components: ComponentSpec[],
  windows: WindowSpec[],
): Pick<TopologySpec, 'components' | 'windows'> {
  return { components, windows };
}

/** The lab's default topology, which is also the example in cxl_calc_interleave_pos's comment. */
const TWO_BY_TWO = [
  hb('hb0'),
  hb('hb1'),
  rp('rp0', 'hb0', 0),
  rp('rp1', 'hb0', 1),
  rp('rp2', 'hb1', 0),
  rp('rp3', 'hb1', 1),
  mem('mem0', 'rp0'),
  mem('mem1', 'rp1'),
  mem('mem2', 'rp2'),
  mem('mem3', 'rp3'),
];

describe('orderForWindow', () => {
  it('two host bridges × two root ports: mem0, mem2, mem1, mem3 (Linux comment example)', () => {
    // pos = rp index × 2 + hb index: mem0 0·2+0 = 0, mem1 1·2+0 = 2, mem2 0·2+1 = 1, mem3 1·2+1 = 3.
    const s = spec(TWO_BY_TWO, [win('cfmw0', ['hb0', 'hb1'])]);
    expect(orderForWindow(s, 'cfmw0', ['mem0', 'mem1', 'mem2', 'mem3'])).toEqual({
      ok: true,
      order: ['mem0', 'mem2', 'mem1', 'mem3'],
    });
    // Whatever order they were picked in.
    expect(orderForWindow(s, 'cfmw0', ['mem3', 'mem1', 'mem0', 'mem2'])).toEqual({
      ok: true,
      order: ['mem0', 'mem2', 'mem1', 'mem3'],
    });
  });

  it("follows the window's target order, not the host bridges' names", () => {
    // Targets [hb1, hb0]: hb1 is index 0. mem2 0·2+0 = 0, mem0 0·2+1 = 1, mem3 1·2+0 = 2, mem1 1·2+1 = 3.
    const s = spec(TWO_BY_TWO, [win('cfmw0', ['hb1', 'hb0'])]);
    expect(orderForWindow(s, 'cfmw0', ['mem0', 'mem1', 'mem2', 'mem3'])).toEqual({
      ok: true,
      order: ['mem2', 'mem0', 'mem3', 'mem1'],
    });
  });

  it('numbers root ports by port number, not by where they are listed', () => {
    // rpA is port 1, rpB port 0: on hb0's target list port 0 (memB) comes first.
    const s = spec(
      [hb('hb0'), rp('rpA', 'hb0', 1), rp('rpB', 'hb0', 0), mem('memA', 'rpA'), mem('memB', 'rpB')],
      [win('cfmw0', ['hb0'])],
    );
    expect(orderForWindow(s, 'cfmw0', ['memA', 'memB'])).toEqual({ ok: true, order: ['memB', 'memA'] });
  });

  it('two switch levels: the lower switch is the more significant digit', () => {
    // From each device up: pos = lower-switch index; pos = pos × 2 + upper-switch index; × 1 + 0 (hb);
    // × 1 + 0 (window). mem0 (0,0) → 0, mem1 (1,0) → 2, mem2 (0,1) → 1, mem3 (1,1) → 3.
    const s = spec(
      [
        hb('hb0'),
        rp('rp0', 'hb0', 0),
        sw('sw0', 'rp0'),
        dsp('dsp0.0', 'sw0', 0),
        dsp('dsp0.1', 'sw0', 1),
        sw('sw1', 'dsp0.0'),
        sw('sw2', 'dsp0.1'),
        dsp('dsp1.0', 'sw1', 0),
        dsp('dsp1.1', 'sw1', 1),
        dsp('dsp2.0', 'sw2', 0),
        dsp('dsp2.1', 'sw2', 1),
        mem('mem0', 'dsp1.0'),
        mem('mem1', 'dsp1.1'),
        mem('mem2', 'dsp2.0'),
        mem('mem3', 'dsp2.1'),
      ],
      [win('cfmw0', ['hb0'])],
    );
    expect(orderForWindow(s, 'cfmw0', ['mem0', 'mem1', 'mem2', 'mem3'])).toEqual({
      ok: true,
      order: ['mem0', 'mem2', 'mem1', 'mem3'],
    });
    expect(pathText(memberPath(s, 'mem3'))).toBe('hb0 › rp0 › sw0 › dsp0.1 › sw2 › dsp2.1 › mem3');
  });

  it('a switch under one host bridge and a root port under the other: padded keys', () => {
    // Window [hb0, hb1]. hb0 → rp0 → sw0 → dsp port 0 memA, port 1 memB; hb1 → rp1 (port 0) memC and
    // rp2 (port 1) memD. Positions: memA 0·2+0 = 0, memB 1·2+0 = 2, memC 0·2+1 = 1, memD 1·2+1 = 3.
    const s = spec(
      [
        hb('hb0'),
        hb('hb1'),
        rp('rp0', 'hb0', 0),
        sw('sw0', 'rp0'),
        dsp('dA', 'sw0', 0),
        dsp('dB', 'sw0', 1),
        mem('memA', 'dA'),
        mem('memB', 'dB'),
        rp('rp1', 'hb1', 0),
        rp('rp2', 'hb1', 1),
        mem('memC', 'rp1'),
        mem('memD', 'rp2'),
      ],
      [win('cfmw0', ['hb0', 'hb1'])],
    );
    expect(orderForWindow(s, 'cfmw0', ['memD', 'memC', 'memB', 'memA'])).toEqual({
      ok: true,
      order: ['memA', 'memC', 'memB', 'memD'],
    });
  });

  it('says why when no order works', () => {
    const s = spec(TWO_BY_TWO, [win('cfmw0', ['hb0', 'hb1']), win('cfmw1', ['hb1'])]);
    // 3 members over a 2-way window: hb0 2, hb1 1; positions 0 and 2 need hb0, position 1 hb1, but
    // cxl_region_attach would then want the third device below hb0 as well as an equal split.
    expect(orderForWindow(s, 'cfmw0', ['mem0', 'mem1', 'mem2'])).toEqual({
      ok: false,
      reason:
        'cfmw0 interleaves 2 ways across hb0, hb1: each needs the same number of members (hb0 2, hb1 1)',
    });
    expect(orderForWindow(s, 'cfmw1', ['mem0', 'mem2'])).toEqual({
      ok: false,
      reason: 'mem0 is not below a host bridge that cfmw1 targets (hb1)',
    });
    const uneven = spec(
      [
        hb('hb0'),
        rp('rp0', 'hb0', 0),
        rp('rp1', 'hb0', 1),
        sw('sw0', 'rp0'),
        dsp('d0', 'sw0', 0),
        dsp('d1', 'sw0', 1),
        mem('m0', 'd0'),
        mem('m1', 'd1'),
        mem('m2', 'rp1'),
      ],
      [win('cfmw0', ['hb0'])],
    );
    expect(orderForWindow(uneven, 'cfmw0', ['m0', 'm1', 'm2'])).toEqual({
      ok: false,
      reason:
        'hb0 interleaves across rp0, rp1, which lead to different numbers of members (rp0 2, rp1 1); each needs the same',
    });
  });
});

describe("the core's Linux region code accepts the proposed order", () => {
  /** Plans a region (cxl create-region) in `spec` with `members` as given; the refusal's errno or 'ok'. */
  function plan(s: TopologySpec, members: string[]): string {
    const r = createRegion(lab(s), { window: 'cfmw0', members, mode: 'volatile' });
    return r.ok ? 'ok' : r.error.errno;
  }

  it('two host bridges × two root ports', () => {
    const s = twoByTwo();
    const picked = ['mem0', 'mem1', 'mem2', 'mem3'];
    expect(plan(s, picked)).toBe('-ENXIO'); // mem1 at position 1 is not below hb1
    const ordered = orderForWindow(s, 'cfmw0', picked);
    expect(ordered.ok && plan(s, ordered.order)).toBe('ok');
  });

  it('a switch below one host bridge, root ports below the other', () => {
    const s = topo(
      [win4('cfmw0', ['hb0', 'hb1'], 256)],
      [
        rhb('hb0', 1),
        rhb('hb1', 2),
        rrp('rp0', 'hb0', 0),
        rsw('sw0', 'rp0'),
        rdsp('dA', 'sw0', 0),
        rdsp('dB', 'sw0', 1),
        t3('memA', 'dA', GIB),
        t3('memB', 'dB', GIB),
        rrp('rp1', 'hb1', 0),
        rrp('rp2', 'hb1', 1),
        t3('memC', 'rp1', GIB),
        t3('memD', 'rp2', GIB),
      ],
    );
    const ordered = orderForWindow(s, 'cfmw0', ['memD', 'memC', 'memB', 'memA']);
    expect(ordered).toEqual({ ok: true, order: ['memA', 'memC', 'memB', 'memD'] });
    expect(ordered.ok && plan(s, ordered.order)).toBe('ok');
    expect(plan(s, ['memA', 'memB', 'memC', 'memD'])).not.toBe('ok');
  });
});
