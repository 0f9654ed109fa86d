/**
 * Region assembly, hand-worked: every expected decoder value is derived in the comments from the
 * Linux rules (region.c cxl_port_setup_targets granularity derivation, cxl_calc_interleave_pos
 * positions, cxl_region_decode_commit commit order; hdm.c cxl_dpa_alloc DPA) and
 * then checked against the plan, the registers after `applyPlan`, and helper B's reference walk.
 */
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/cxl/decode/walk.ts';
import { programDecoder } from '../../src/cxl/hdm/program.ts';
import type { Lab } from '../../src/cxl/lab.ts';
import { applyPlan, destroyRegion } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { listRegions } from '../../src/cxl/region/registry.ts';
import type { PlannedDecoder, RegionPlan, RegionRequest } from '../../src/cxl/region/types.ts';
import type { DecoderProgramSpec } from '../../src/cxl/topology/model.ts';
import {
  dsp,
  GIB,
  hb,
  lab,
  MIB,
  rp,
  sw,
  t3,
  topo,
  twoByTwo,
  WINDOW_BASE,
  win,
} from './helpers/region-topologies.ts';

function plan(l: Lab, req: RegionRequest): RegionPlan {
  const r = createRegion(l, req);
  if (!r.ok) throw new Error(`refused: ${r.error.message} — ${r.error.log}`);
  return r.value;
}

function applied(l: Lab, req: RegionRequest): RegionPlan {
  const p = plan(l, req);
  const a = applyPlan(l, p);
  if (!a.ok) throw new Error(`apply failed: ${a.error.message}`);
  return p;
}

function decoder(p: RegionPlan, name: string): PlannedDecoder {
  const d = p.decoders.find((x) => x.name === name);
  if (d === undefined) throw new Error(`no ${name} in plan`);
  return d;
}

/** The fields a kernel developer compares: what each decoder is programmed with. */
function summary(d: PlannedDecoder) {
  return {
    component: d.component,
    base: d.base,
    size: d.size,
    ways: d.ways,
    granularity: d.granularity,
    targets: d.targets,
    skip: d.skip,
    dpaResource: d.dpaResource,
  };
}

function routesTo(l: Lab, hpa: number): { device: string; dpa: number } {
  const r = walk(l, hpa);
  if (!r.ok) throw new Error(`0x${hpa.toString(16)} does not route: ${r.error.message}`);
  return { device: r.device, dpa: r.dpa };
}

describe('worked example (docs/cxl-notes.md): 2 host bridges × 2 root ports, W = 4, G = 256', () => {
  // Window x2 @256 over hb0 (UID 12) and hb1 (UID 222). Positions: 0 → hb0/rp0 (port 0, "a"),
  // 1 → hb1/rp2 (port 0, "c"), 2 → hb0/rp1 (port 1, "b"), 3 → hb1/rp3 (port 1, "d").
  const req: RegionRequest = {
    window: 'cfmw0',
    members: ['mem0', 'mem2', 'mem1', 'mem3'],
    ways: 4,
    granularity: 256,
    size: GIB,
    mode: 'volatile',
  };

  it('derives every decoder like cxl_port_setup_targets', () => {
    const l = lab(twoByTwo());
    const p = plan(l, req);
    // Linux names: root0; host-bridge ports by UID: hb0 → port1, hb1 → port2; memdevs probe in
    // file order, each adding its endpoint port: mem0 → endpoint3 … mem3 → endpoint6.
    expect(p.region).toBe('region0');
    expect(p.rootDecoder).toBe('decoder0.0');
    // First fit in an empty window: the window base.
    expect(p.base).toBe(WINDOW_BASE);
    // HB decoders: iw = 2 root ports used; ig = region G × root IW = 256 × 2 = 512.
    // Targets in position order: hb0 sees positions 0 (port 0) then 2 (port 1) → [0, 1].
    const hbDecoder = { base: WINDOW_BASE, size: GIB, ways: 2, granularity: 512, skip: 0, dpaResource: 0 };
    expect(summary(decoder(p, 'decoder1.0'))).toEqual({ ...hbDecoder, component: 'hb0', targets: [0, 1] });
    expect(summary(decoder(p, 'decoder2.0'))).toEqual({ ...hbDecoder, component: 'hb1', targets: [0, 1] });
    // Endpoints: region iw 4 / ig 256, the region's whole range, DPA 0, 1 GiB / 4 = 256 MiB each.
    for (const [name, id] of [
      ['decoder3.0', 'mem0'],
      ['decoder5.0', 'mem2'],
      ['decoder4.0', 'mem1'],
      ['decoder6.0', 'mem3'],
    ] as const) {
      const d = decoder(p, name);
      expect(summary(d)).toEqual({
        component: id,
        base: WINDOW_BASE,
        size: GIB,
        ways: 4,
        granularity: 256,
        targets: [],
        skip: 0,
        dpaResource: 0,
      });
      expect(d.dpaSize).toBe(256 * MIB);
      expect([d.eiw, d.eig]).toEqual([2, 0]);
    }
    expect(p.targets.map((t) => [t.position, t.memdev, t.decoder, t.hostBridge])).toEqual([
      [0, 'mem0', 'decoder3.0', 'hb0'],
      [1, 'mem2', 'decoder5.0', 'hb1'],
      [2, 'mem1', 'decoder4.0', 'hb0'],
      [3, 'mem3', 'decoder6.0', 'hb1'],
    ]);
  });

  it('commits bottom-up per position, shared host-bridge decoders once, with Linux register order', () => {
    const l = lab(twoByTwo());
    const p = plan(l, req);
    // Position 0: endpoint3 then hb0; position 1: endpoint5 then hb1; positions 2 and 3 only
    // their endpoints (the host-bridge decoders are already enabled).
    expect(p.order).toEqual([
      'decoder3.0',
      'decoder1.0',
      'decoder5.0',
      'decoder2.0',
      'decoder4.0',
      'decoder6.0',
    ]);
    expect(p.writes).toHaveLength(6 * 7);
    const hdm = l.hdmBase('hb0') ?? -1;
    const hbWrites = p.writes.filter((w) => w.decoder === 'decoder1.0');
    // Decoder 0 registers at HDM + 0x10: Base Low 0x10, High 0x14, Size Low 0x18, High 0x1C,
    // Control 0x20, Target List Low 0x24, High 0x28 (CXL r3.1 §8.2.4.20). Base 0x4_9000_0000 → high 0x4,
    // low 0x9000_0000; size 1 GiB → high 0, low 0x4000_0000; targets [0, 1] → low = 0x0100;
    // Control = IG 1 (512) | IW 1 << 4 (2 ways) | Commit bit 9 | Target Range Type bit 12 = 0x1211.
    expect(hbWrites.map((w) => [w.register, w.offset - hdm, w.value])).toEqual([
      ['Decoder 0 Base High', 0x14, 0x4],
      ['Decoder 0 Base Low', 0x10, 0x9000_0000],
      ['Decoder 0 Size High', 0x1c, 0],
      ['Decoder 0 Size Low', 0x18, 0x4000_0000],
      ['Decoder 0 Target List High', 0x28, 0],
      ['Decoder 0 Target List Low', 0x24, 0x100],
      ['Decoder 0 Control', 0x20, 0x1211],
    ]);
    // Endpoint: DPA Skip instead of the target list; Control = IG 0 | IW 2 << 4 | 0x200 | 0x1000.
    const ep = p.writes.filter((w) => w.decoder === 'decoder3.0');
    expect(ep.map((w) => w.register)).toEqual([
      'Decoder 0 Base High',
      'Decoder 0 Base Low',
      'Decoder 0 Size High',
      'Decoder 0 Size Low',
      'Decoder 0 DPA Skip High',
      'Decoder 0 DPA Skip Low',
      'Decoder 0 Control',
    ]);
    expect(ep.at(-1)?.value).toBe(0x1220);
  });

  it('writes exactly what programDecoder writes for the same decoder (one shared sequence)', () => {
    const planned = plan(lab(twoByTwo()), req);
    for (const name of ['decoder1.0', 'decoder3.0']) {
      const d = decoder(planned, name);
      const fresh = lab(twoByTwo());
      const r = programDecoder(
        fresh,
        d.component,
        d.index,
        {
          base: d.base,
          size: d.size,
          ways: d.ways,
          granularity: d.granularity,
          ...(d.kind === 'endpoint' ? { skip: d.skip } : { targets: d.targets }),
        },
        { commit: true },
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.writes.map((w) => [w.offset, w.value])).toEqual(
        planned.writes.filter((w) => w.decoder === name).map((w) => [w.offset, w.value]),
      );
    }
  });

  it('after applyPlan every level decodes; routing matches the §3.7 bit formulas', () => {
    const l = lab(twoByTwo());
    applied(l, req);
    for (const id of ['hb0', 'hb1', 'mem0', 'mem1', 'mem2', 'mem3']) {
      expect(l.decoders(id)[0]?.committed).toBe(true);
    }
    // HPAoff 0x1234_5678: bit 8 = 0 (hb0), bit 9 = 1 (rp1) → position 2·1 + 0 = 2 → mem1;
    // DPA = (0x1234_5678 >> 10) << 8 | 0x78 = 0x48d_1578.
    expect(routesTo(l, WINDOW_BASE + 0x1234_5678)).toEqual({ device: 'mem1', dpa: 0x48d_1578 });
    // HPAoff 0x100: bit 8 = 1 → hb1, bit 9 = 0 → rp2 → position 1 → mem2, DPA 0.
    expect(routesTo(l, WINDOW_BASE + 0x100)).toEqual({ device: 'mem2', dpa: 0 });
    // HPAoff 0x3ff: bits 9:8 = 3 → mem3, DPA 0xff.
    expect(routesTo(l, WINDOW_BASE + 0x3ff)).toEqual({ device: 'mem3', dpa: 0xff });
  });

  it('Linux re-assembles it from the committed decoders with the same positions', () => {
    const l = lab(twoByTwo());
    applied(l, req);
    const [r] = listRegions(l);
    expect(r?.problems).toEqual([]);
    expect(r?.name).toBe('region0');
    expect(r?.targets.map((t) => t.memdev)).toEqual(['mem0', 'mem2', 'mem1', 'mem3']);
    expect(r?.mode).toBe('volatile');
  });

  it('re-assembles x1 host-bridge decoders at the region granularity (v6.16+), and at ig × ways', () => {
    // Root x2 @256 over hb0/hb1 with one root port each (decoderCount 4, so real decoders):
    // Linux computes HB ig = 256 × 2 = 512 (region.c cxl_port_setup_targets); Linux 6.1 wrote 256 (seen under QEMU 7.2). Since
    // v6.16, auto-assembly ignores a 1-way decoder's granularity; ways and range still count.
    for (const hbGran of [256, 512]) {
      const hbDec = (): DecoderProgramSpec[] => [
        {
          base: WINDOW_BASE,
          size: GIB,
          ways: 1,
          granularity: hbGran,
          targets: [0],
          commit: true,
          lock: false,
        },
      ];
      const epDec = (): DecoderProgramSpec[] => [
        { base: WINDOW_BASE, size: GIB, ways: 2, granularity: 256, skip: 0, commit: true, lock: false },
      ];
      const l = lab(
        topo(
          [win('cfmw0', ['hb0', 'hb1'], 256)],
          [
            hb('hb0', 12, 4, hbDec()),
            hb('hb1', 222, 4, hbDec()),
            rp('rp0', 'hb0', 0),
            rp('rp1', 'hb1', 0),
            t3('mem0', 'rp0', GIB, 0, { decoders: epDec() }),
            t3('mem1', 'rp1', GIB, 0, { decoders: epDec() }),
          ],
        ),
      );
      const [r] = listRegions(l);
      expect(r?.problems).toEqual([]);
      // Positions: mem0 below hb0 (root index 0) = 0, mem1 below hb1 = 1.
      expect(r?.targets.map((t) => t.memdev)).toEqual(['mem0', 'mem1']);
    }
  });

  it('destroyRegion resets top-down per position, in reverse, and frees everything', () => {
    const l = lab(twoByTwo());
    applied(l, req);
    const d = destroyRegion(l, 'region0');
    if (!d.ok) throw new Error(d.error.message);
    // Position 3: hb1 (decoder2.0) then endpoint6; 2: hb0 (decoder1.0) then endpoint4; 1 and 0:
    // only their endpoints (their host-bridge decoders are already reset).
    expect(d.value.plan.order).toEqual([
      'decoder2.0',
      'decoder6.0',
      'decoder1.0',
      'decoder4.0',
      'decoder5.0',
      'decoder3.0',
    ]);
    // Reset per decoder: Control (Commit cleared), Size High/Low = 0, Base High/Low = 0.
    expect(d.value.writes.slice(0, 5).map((w) => w.register)).toEqual([
      'Decoder 0 Control',
      'Decoder 0 Size High',
      'Decoder 0 Size Low',
      'Decoder 0 Base High',
      'Decoder 0 Base Low',
    ]);
    for (const id of ['hb0', 'hb1', 'mem0', 'mem1', 'mem2', 'mem3']) {
      const s = l.decoders(id)[0];
      expect([s?.committed, s?.base, s?.size]).toEqual([false, 0, 0]);
    }
    expect(listRegions(l)).toEqual([]);
    expect(walk(l, WINDOW_BASE).ok).toBe(false);
  });
});

describe('a switch with 4 devices, 4-way', () => {
  // x1 window @ hb0 (UID 5, two root ports so it has HDM decoders); rp0 → switch sw0 with
  // downstream ports 0..3 → mem0..mem3.
  const spec = topo(
    [win('cfmw0', ['hb0'], 4096)],
    [
      hb('hb0', 5),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      sw('sw0', 'rp0'),
      ...[0, 1, 2, 3].flatMap((i) => [dsp(`dsp${i}`, 'sw0', i), t3(`mem${i}`, `dsp${i}`, 2 * GIB)]),
    ],
  );

  it('HB 1-way at G, switch 4-way at G × 1; target list in position order', () => {
    const l = lab(spec);
    // x1 root: any granularity; take 1 KiB. Members in the order [mem0, mem2, mem1, mem3].
    const p = applied(l, {
      window: 'cfmw0',
      members: ['mem0', 'mem2', 'mem1', 'mem3'],
      ways: 4,
      granularity: 1024,
      size: GIB,
      mode: 'volatile',
    });
    // Names: hb0 → port1; mem0 probes first: sw0 → port2, then endpoint3; mem1..3 → endpoint4..6.
    // HB (decoder1.0): one root port used → iw 1; ig = G × root IW = 1024 × 1 = 1024; targets [0].
    expect(summary(decoder(p, 'decoder1.0'))).toMatchObject({ ways: 1, granularity: 1024, targets: [0] });
    // Switch (decoder2.0): 4 downstream ports → iw 4; ig = HB ig × HB iw = 1024 × 1 = 1024;
    // targets in first-seen position order: mem0 (port 0), mem2 (port 2), mem1 (1), mem3 (3).
    expect(summary(decoder(p, 'decoder2.0'))).toMatchObject({
      ways: 4,
      granularity: 1024,
      targets: [0, 2, 1, 3],
    });
    // Endpoints 4-way at 1 KiB.
    expect(summary(decoder(p, 'decoder5.0'))).toMatchObject({
      component: 'mem2',
      ways: 4,
      granularity: 1024,
    });
    // Commit: position 0 walks endpoint3 → switch → HB; then only endpoints.
    expect(p.order).toEqual([
      'decoder3.0',
      'decoder2.0',
      'decoder1.0',
      'decoder5.0',
      'decoder4.0',
      'decoder6.0',
    ]);
    // Routing: the switch selects on HPA bits 11:10 (ig 1 KiB, 4 ways) → position.
    // HPAoff 0x800: bits 11:10 = 2 → position 2 → mem1; DPA = (0x800 >> 12) << 10 | 0 = 0.
    expect(routesTo(l, p.base + 0x800)).toEqual({ device: 'mem1', dpa: 0 });
    // HPAoff 0x5_0c34: bits 11:10 = 3 → mem3; DPA = (0x5_0c34 >> 12) << 10 | 0x034 = 0x1_4034.
    expect(routesTo(l, p.base + 0x5_0c34)).toEqual({ device: 'mem3', dpa: 0x1_4034 });
  });
});

describe('two switch levels', () => {
  // x1 window @ hb0 (two root ports); rp0 → swA (ports 0, 1); swA.0 → swB, swA.1 → swC; each
  // of swB / swC has two devices. File order of devices: memB0, memB1, memC0, memC1.
  const spec = topo(
    [win('cfmw0', ['hb0'], 256)],
    [
      hb('hb0', 7),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      sw('swA', 'rp0'),
      dsp('a0', 'swA', 0),
      dsp('a1', 'swA', 1),
      sw('swB', 'a0'),
      dsp('b0', 'swB', 0),
      dsp('b1', 'swB', 1),
      sw('swC', 'a1'),
      dsp('c0', 'swC', 0),
      dsp('c1', 'swC', 1),
      t3('memB0', 'b0', GIB),
      t3('memB1', 'b1', GIB),
      t3('memC0', 'c0', GIB),
      t3('memC1', 'c1', GIB),
    ],
  );

  it('upper switch takes the lower address bit; positions interleave across the lower switches', () => {
    const l = lab(spec);
    // pos = i_root + 1·(i_HB + 1·(i_swA + 2·i_swB/C)): the upper switch's target is pos bit 0.
    const p = applied(l, {
      window: 'cfmw0',
      members: ['memB0', 'memC0', 'memB1', 'memC1'],
      ways: 4,
      granularity: 256,
      mode: 'volatile',
      size: GIB,
    });
    // Names: hb0 → port1; memB0 probes: swA → port2, swB → port3, endpoint4; memB1 → endpoint5;
    // memC0: swC → port6, endpoint7; memC1 → endpoint8.
    // HB: iw 1, ig = 256 × 1 = 256. swA: iw 2, ig = 256 × 1 = 256 (HPA bit 8).
    // swB, swC: iw 2, ig = swA ig × swA iw = 256 × 2 = 512 (HPA bit 9).
    expect(summary(decoder(p, 'decoder1.0'))).toMatchObject({ ways: 1, granularity: 256, targets: [0] });
    expect(summary(decoder(p, 'decoder2.0'))).toMatchObject({
      component: 'swA',
      ways: 2,
      granularity: 256,
      targets: [0, 1],
    });
    expect(summary(decoder(p, 'decoder3.0'))).toMatchObject({
      component: 'swB',
      ways: 2,
      granularity: 512,
      targets: [0, 1],
    });
    expect(summary(decoder(p, 'decoder6.0'))).toMatchObject({
      component: 'swC',
      ways: 2,
      granularity: 512,
      targets: [0, 1],
    });
    expect(p.order).toEqual([
      'decoder4.0',
      'decoder3.0',
      'decoder2.0',
      'decoder1.0',
      'decoder7.0',
      'decoder6.0',
      'decoder5.0',
      'decoder8.0',
    ]);
    // HPAoff 0x200: bit 8 = 0 → swA port 0 → swB; bit 9 = 1 → port 1 → memB1 (position 2).
    // DPA = (0x200 >> 10) << 8 | 0 = 0. HPAoff 0x7_01ff: bits 9:8 = 1 → memC0; DPA = 0x1c0ff.
    expect(routesTo(l, p.base + 0x200)).toEqual({ device: 'memB1', dpa: 0 });
    expect(routesTo(l, p.base + 0x7_01ff)).toEqual({ device: 'memC0', dpa: 0x1_c0ff });
  });

  it('refuses the order that puts two positions 1 apart under one upper-switch port', () => {
    const l = lab(spec);
    const r = createRegion(l, {
      window: 'cfmw0',
      members: ['memB0', 'memB1', 'memC0', 'memC1'],
      ways: 4,
      granularity: 256,
      mode: 'volatile',
      size: GIB,
    });
    // Position 1 (memB1) reuses swA's port 0; distance = root ways 1 × HB targets 1 × swA
    // targets 2 = 2 > 1 → check_last_peer: "cannot host".
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'region.position-cannot-host', errno: '-ENXIO', object: 'port2' });
    expect(r.error.log).toMatch(/:port2: cannot host mem1:decoder5\.0 at 1$/);
  });
});

describe('a 1-way window with one device', () => {
  it('through a host bridge with HDM decoders', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [hb('hb0', 12), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1), t3('mem0', 'rp0', 0, GIB)],
      ),
    );
    // cxl-cli defaults: ways = 1 member, granularity = root's (256 on a x1 root), mode = pmem
    // (the window is pmem-capable), size = pmem capacity × 1 = 1 GiB.
    const p = applied(l, { window: 'cfmw0', members: ['mem0'] });
    expect([p.ways, p.granularity, p.mode, p.size]).toEqual([1, 256, 'persistent', GIB]);
    expect(summary(decoder(p, 'decoder1.0'))).toMatchObject({ ways: 1, granularity: 256, targets: [0] });
    // Endpoint: pmem partition starts at DPA = ram size = 0, no skip.
    expect(summary(decoder(p, 'decoder2.0'))).toMatchObject({
      ways: 1,
      granularity: 256,
      skip: 0,
      dpaResource: 0,
    });
    expect(routesTo(l, p.base + 0x1234_5678)).toEqual({ device: 'mem0', dpa: 0x1234_5678 });
  });

  it('through a passthrough host bridge: no host-bridge writes, one region at a time', () => {
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256)],
        [hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('mem0', 'rp0', 2 * GIB, 0, { decoderCount: 2 })],
      ),
    );
    const p = applied(l, { window: 'cfmw0', members: ['mem0'], size: GIB, mode: 'volatile' });
    // Linux's software decoder decoder1.0 takes part in the plan but is never written.
    expect(decoder(p, 'decoder1.0').passthrough).toBe(true);
    expect(p.order).toEqual(['decoder2.0']);
    expect(new Set(p.writes.map((w) => w.component))).toEqual(new Set(['mem0']));
    expect(p.notes.join(' ')).toMatch(/passthrough/);
    expect(routesTo(l, p.base + 0x40)).toEqual({ device: 'mem0', dpa: 0x40 });
    // A second region needs the passthrough decoder, which region0 holds.
    const r = createRegion(l, { window: 'cfmw0', members: ['mem0'], size: GIB, mode: 'volatile' });
    expect(r.ok ? null : [r.error.code, r.error.errno, r.error.log]).toEqual([
      'region.no-free-decoder',
      '-EBUSY',
      'port1: no decoder available',
    ]);
  });
});

describe('persistent after volatile: the DPA skip', () => {
  // One device, 1 GiB ram + 1 GiB pmem, x1 window.
  const spec = topo(
    [win('cfmw0', ['hb0'], 256)],
    [hb('hb0', 1), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1), t3('mem0', 'rp0', GIB, GIB)],
  );

  it('the first pmem decoder skips the unused ram tail; later ones do not', () => {
    const l = lab(spec);
    const ram = applied(l, { window: 'cfmw0', members: ['mem0'], size: 256 * MIB, mode: 'volatile' });
    // decoder2.0: ram at DPA 0, 256 MiB.
    expect(summary(decoder(ram, 'decoder2.0'))).toMatchObject({ dpaResource: 0, skip: 0 });
    const pmem = applied(l, { window: 'cfmw0', members: ['mem0'], size: 512 * MIB, mode: 'persistent' });
    // decoder2.1: pmem starts at DPA 1 GiB (after ram); skip = ram size − ram used
    // = 1 GiB − 256 MiB = 768 MiB = 0x3000_0000. Its HPA follows region0's: base + 256 MiB.
    expect(pmem.region).toBe('region1');
    expect(pmem.base).toBe(ram.base + 256 * MIB);
    expect(summary(decoder(pmem, 'decoder2.1'))).toMatchObject({
      base: ram.base + 256 * MIB,
      dpaResource: GIB,
      skip: 0x3000_0000,
    });
    // The device's DPABase[1] = skip + DPABase[0] + size[0]/1 = 768 MiB + 0 + 256 MiB = 1 GiB.
    expect(l.decoders('mem0')[1]?.dpaBase).toBe(GIB);
    expect(routesTo(l, pmem.base + 0x10)).toEqual({ device: 'mem0', dpa: GIB + 0x10 });
    // Ram is now exhausted (the skip reserved its tail): Linux reports no ram capacity left.
    const r = createRegion(l, { window: 'cfmw0', members: ['mem0'], size: 256 * MIB, mode: 'volatile' });
    expect(r.ok ? null : [r.error.code, r.error.errno, r.error.log]).toEqual([
      'region.dpa-capacity',
      '-ENOSPC',
      'decoder2.2: 0x10000000 exceeds available ram capacity: 0x0',
    ]);
    // A second pmem region continues at DPA 1.5 GiB with no skip.
    const pmem2 = applied(l, { window: 'cfmw0', members: ['mem0'], size: 256 * MIB, mode: 'persistent' });
    expect(summary(decoder(pmem2, 'decoder2.2'))).toMatchObject({ dpaResource: GIB + 512 * MIB, skip: 0 });
    expect(listRegions(l).map((x) => [x.name, x.mode])).toEqual([
      ['region0', 'volatile'],
      ['region1', 'persistent'],
      ['region2', 'persistent'],
    ]);
  });
});

describe('regions Linux discovers from committed decoders', () => {
  // §3.7 programmed by "firmware" (the lab file), with hb0's target list reversed: [port 1, port 0].
  const programmed = (hbGranularity: number) => {
    const spec = twoByTwo();
    const range = { base: WINDOW_BASE, size: GIB, commit: true, lock: false };
    for (const c of spec.components) {
      if (c.kind === 'host-bridge') {
        c.decoders = [
          { ...range, ways: 2, granularity: hbGranularity, targets: c.id === 'hb0' ? [1, 0] : [0, 1] },
        ];
      }
      if (c.kind === 'type3') c.decoders = [{ ...range, ways: 4, granularity: 256 }];
    }
    return spec;
  };

  it('positions come from the hardware target lists (cxl_calc_interleave_pos)', () => {
    const l = lab(programmed(512));
    const [r] = listRegions(l);
    // pos = index in the HB's target list × 2 + HB index in the window:
    // mem1 (hb0, port 1 = target 0) → 0; mem2 (hb1, target 0) → 1; mem0 (hb0, target 1) → 2; mem3 → 3.
    expect(r?.origin).toBe('auto');
    expect(r?.problems).toEqual([]);
    expect(r?.targets.map((t) => `${t.position}:${t.memdev}`)).toEqual([
      '0:mem1',
      '1:mem2',
      '2:mem0',
      '3:mem3',
    ]);
    // And the hardware agrees: HPAoff 0 → hb0 way 0 → port 1 → mem1.
    expect(routesTo(l, WINDOW_BASE)).toEqual({ device: 'mem1', dpa: 0 });
  });

  it('a host-bridge decoder Linux would not have programmed is reported, like the AUTO check', () => {
    const [r] = listRegions(lab(programmed(256)));
    expect(r?.problems.join('\n')).toMatch(
      /cxl_port_setup_targets expected iw: 2 ig: 512 .*got iw: 2 ig: 256/,
    );
  });
});

describe('cxl-cli default size', () => {
  it('smallest member capacity × ways, capped to the largest free extent', () => {
    // Window of 2 GiB; two devices of 4 GiB each → 8 GiB wanted, capped to 2 GiB (a multiple of
    // 256 MiB × 2).
    const l = lab(
      topo(
        [win('cfmw0', ['hb0'], 256, { size: 2 * GIB })],
        [
          hb('hb0', 1),
          rp('rp0', 'hb0', 0),
          rp('rp1', 'hb0', 1),
          t3('mem0', 'rp0', 4 * GIB),
          t3('mem1', 'rp1', 4 * GIB),
        ],
      ),
    );
    const p = plan(l, { window: 'decoder0.0', members: ['mem0', 'mem1'], mode: 'volatile' });
    expect([p.size, p.ways, p.granularity]).toEqual([2 * GIB, 2, 256]);
  });
});
