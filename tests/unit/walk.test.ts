/**
 * Hand-worked routing cases. Each test writes the arithmetic out so a reader can check it by hand
 * against CXL r3.1 §8.2.4.20.13, Linux acpi.c cxl_xor_hpa_to_spa and the worked example of
 * docs/cxl-notes.md.
 */
import { describe, expect, it } from 'vitest';
import { type RouteResult, walk } from '../../src/cxl/decode/walk.ts';
import { createLab } from '../../src/cxl/lab.ts';
import {
  dsp,
  fakeLab,
  GIB,
  hostBridge,
  MIB,
  prog,
  rootPort,
  spec,
  switchUsp,
  type3,
  window,
} from './helpers/fake-lab.ts';

function expectRoute(r: RouteResult, device: string, dpa: number): void {
  if (!r.ok) throw new Error(`expected a route, got ${r.error.code}: ${r.error.message}`);
  expect({ device: r.device, dpa: r.dpa }).toEqual({ device, dpa });
}

function expectError(r: RouteResult, code: string, component?: string): void {
  if (r.ok) throw new Error(`expected ${code}, routed to ${r.device} DPA ${r.dpa.toString(16)}`);
  expect(r.error.code).toBe(code);
  if (component !== undefined) expect(r.error.component).toBe(component);
}

describe('walk: hand-worked cases', () => {
  it('2-way inside one host bridge', () => {
    const base = 0x1_0000_0000;
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 7, [prog(base, GIB, 2, 256, { targets: [0, 1] })]),
          rootPort('rp0', 'hb0', 0),
          rootPort('rp1', 'hb0', 1),
          type3('mem0', 'rp0', GIB, [prog(base, GIB, 2, 256)]),
          type3('mem1', 'rp1', GIB, [prog(base, GIB, 2, 256)]),
        ],
      ),
    );
    // HPAoff 0x1234: bit 8 = 0x12 & 1 = 0 → port 0 → mem0; DPAoff = (0x1234 >> 9) << 8 | 0x34 = 0x934.
    const r = walk(lab, base + 0x1234);
    expectRoute(r, 'mem0', 0x934);
    expect(r.hops.map((h) => [h.component, h.way, h.target, h.next])).toEqual([
      ['cfmw0', 0, 7, 'hb0'],
      ['hb0', 0, 0, 'mem0'],
      ['mem0', null, null, null],
    ]);
    expect(r.hops[1]?.arithmetic).toContain('HPA bits [8] = 0');
    // HPAoff 0x1334: bit 8 = 1 → mem1; DPAoff = (0x1334 >> 9) << 8 | 0x34 = 0x934.
    expectRoute(walk(lab, base + 0x1334), 'mem1', 0x934);
    // Run length: the 256 B granule.
    expect(r.runBytes).toBe(0x100 - 0x34);
  });

  it('4-way across two host bridges (docs/cxl-notes.md worked example)', () => {
    const base = 0x2_0000_0000;
    const ep = () => [prog(base, GIB, 4, 256)];
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, GIB, ['hb0', 'hb1'], 256)],
        [
          hostBridge('hb0', 12, [prog(base, GIB, 2, 512, { targets: [0, 1] })]),
          hostBridge('hb1', 13, [prog(base, GIB, 2, 512, { targets: [0, 1] })]),
          rootPort('rpA', 'hb0', 0),
          rootPort('rpB', 'hb0', 1),
          rootPort('rpC', 'hb1', 0),
          rootPort('rpD', 'hb1', 1),
          type3('memA', 'rpA', GIB, ep()),
          type3('memB', 'rpB', GIB, ep()),
          type3('memC', 'rpC', GIB, ep()),
          type3('memD', 'rpD', GIB, ep()),
        ],
      ),
    );
    // HPAoff 0x1B34 = 0b1_1011_0011_0100: bit 8 = 1 → HB1 (UID 13); bit 9 = 1 → port 1 → memD
    // (position 2·b9 + b8 = 3). DPAoff = (0x1B34 >> 10) << 8 | 0x34 = 6 << 8 | 0x34 = 0x634.
    const r = walk(lab, base + 0x1b34);
    expectRoute(r, 'memD', 0x634);
    expect(r.hops[0]).toMatchObject({ component: 'cfmw0', way: 1, target: 13, next: 'hb1' });
    expect(r.hops[0]?.arithmetic).toBe('HPA bits [8] = 1');
    expect(r.hops[1]).toMatchObject({
      component: 'hb1',
      decoder: 0,
      way: 1,
      target: 1,
      port: 'rpD',
      next: 'memD',
    });
    expect(r.hops[1]?.arithmetic).toContain('HPA bits [9] = 1');
    // HPAoff 0x0234: b8 = 0, b9 = 1 → HB0 port 1 → memB (position 2). DPAoff = 0 << 8 | 0x34.
    expectRoute(walk(lab, base + 0x234), 'memB', 0x34);
    // HPAoff 0x0434: b8 = 0, b9 = 0 → memA; DPAoff = (0x434 >> 10) << 8 | 0x34 = 0x134.
    expectRoute(walk(lab, base + 0x434), 'memA', 0x134);
  });

  it('a passthrough host bridge and a 4-way switch', () => {
    const base = 0x4_0000_0000;
    const ep = () => [prog(base, 4 * GIB, 4, 1024)];
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 4 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [], 0),
          rootPort('rp0', 'hb0', 0),
          switchUsp('sw0', 'rp0', [prog(base, 4 * GIB, 4, 1024, { targets: [3, 2, 1, 0] })]),
          dsp('dsp0', 'sw0', 0),
          dsp('dsp1', 'sw0', 1),
          dsp('dsp2', 'sw0', 2),
          dsp('dsp3', 'sw0', 3),
          type3('mem0', 'dsp0', GIB, ep()),
          type3('mem1', 'dsp1', GIB, ep()),
          type3('mem2', 'dsp2', GIB, ep()),
          type3('mem3', 'dsp3', GIB, ep()),
        ],
      ),
    );
    // HPAoff 0x5_4321: bits [11:10] = (0x54321 >> 10) & 3 = 0x150 & 3 = 0 → target list[0] = port 3 → mem3.
    // DPAoff = (0x54321 >> 12) << 10 | (0x54321 & 0x3ff) = 0x54 << 10 | 0x321 = 0x15321.
    const r = walk(lab, base + 0x5_4321);
    expectRoute(r, 'mem3', 0x1_5321);
    expect(r.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0', 'sw0', 'mem3']);
    expect(r.hops[1]).toMatchObject({ decoder: null, target: 0, port: 'rp0', next: 'sw0' });
    expect(r.hops[2]).toMatchObject({ decoder: 0, way: 0, target: 3, port: 'dsp3', next: 'mem3' });
    expect(r.hops[2]?.arithmetic).toContain('HPA bits [11:10] = 0');
  });

  // A window base that is 17 × 256 MiB: 17 mod 3 = 2, 17 mod 6 = 5, so absolute-HPA modulo differs
  // from offset modulo in the 3-, 6- and 12-way cases below.
  const oddBase = 17 * 256 * MIB; // 0x1_1000_0000

  it('3-way window selects on the absolute HPA', () => {
    const hbs = ['hb0', 'hb1', 'hb2'];
    const comps = hbs.flatMap((hb, i) => [
      hostBridge(hb, i, [], 0),
      rootPort(`rp${i}`, hb, 0),
      type3(`mem${i}`, `rp${i}`, GIB, [prog(oddBase, 3 * GIB, 3, 4096)]),
    ]);
    const lab = fakeLab(spec([window('cfmw0', oddBase, 3 * GIB, hbs, 4096)], comps));
    // floor(0x1_1000_0000 / 4096) = 0x110000 = 1114112; 1114112 mod 3 = 2 → hb2 (offset math would say hb0).
    // Device: HPAoff 0 → DPA 0.
    const r0 = walk(lab, oddBase);
    expectRoute(r0, 'mem2', 0);
    expect(r0.hops[0]?.arithmetic).toBe('floor(HPA/4096) mod 3 = 2');
    // +4096: chunk 1114113 mod 3 = 0 → hb0; DPAoff = floor((4096 >> 12) / 3) << 12 = 0.
    expectRoute(walk(lab, oddBase + 4096), 'mem0', 0);
    // +3·4096+5: chunk 1114115 mod 3 = 2 → hb2; DPAoff = floor(3 / 3) << 12 | 5 = 0x1005.
    expectRoute(walk(lab, oddBase + 3 * 4096 + 5), 'mem2', 0x1005);
  });

  it('6-way window at 512 B', () => {
    const hbs = ['hb0', 'hb1', 'hb2', 'hb3', 'hb4', 'hb5'];
    const comps = hbs.flatMap((hb, i) => [
      hostBridge(hb, i, [], 0),
      rootPort(`rp${i}`, hb, 0),
      type3(`mem${i}`, `rp${i}`, GIB, [prog(oddBase, 6 * GIB, 6, 512)]),
    ]);
    const lab = fakeLab(spec([window('cfmw0', oddBase, 6 * GIB, hbs, 512)], comps));
    // HPA = base + 0x2A05: floor(HPA/512) = 0x880000 + 21 = 8912917; 8912896 mod 6 = 4, (4 + 21) mod 6 = 1 → hb1.
    // Device (eiw 9, eig 1): (0x2A05 >> 10) = 10, floor(10/3) = 3, 3 << 9 | (0x2A05 & 0x1FF) = 0x605.
    const r = walk(lab, oddBase + 0x2a05);
    expectRoute(r, 'mem1', 0x605);
    expect(r.hops[0]?.arithmetic).toBe('floor(HPA/512) mod 6 = 1');
    expect(r.hops[2]?.arithmetic).toContain('floor((HPAoff >> 10) / 3) << 9');
  });

  it('12-way: 3-way window × 4-way host bridges, one-to-one over a stripe', () => {
    const hbs = ['hb0', 'hb1', 'hb2'];
    const comps = hbs.flatMap((hb, h) => [
      hostBridge(hb, h, [prog(oddBase, 3 * GIB, 4, 256, { targets: [0, 1, 2, 3] })]),
      ...[0, 1, 2, 3].flatMap((t) => [
        rootPort(`rp${h}.${t}`, hb, t),
        type3(`mem${h}.${t}`, `rp${h}.${t}`, GIB, [prog(oddBase, 3 * GIB, 12, 256)]),
      ]),
    ]);
    const lab = fakeLab(spec([window('cfmw0', oddBase, 3 * GIB, hbs, 256)], comps));
    // HPA = base + 0x1234: absolute chunk c = 0x1100000 + 0x12 = 17825810.
    // Window: 17825792 = 17·2^20 ≡ 2·1 = 2 (mod 3); (2 + 18) mod 3 = 2 → hb2.
    // HB (4-way @256): c mod 4 = 18 mod 4 = 2 → port 2 → mem2.2.
    // Device (eiw 10, eig 0): (0x1234 >> 10) = 4, floor(4/3) = 1 → 1 << 8 | 0x34 = 0x134.
    expectRoute(walk(lab, oddBase + 0x1234), 'mem2.2', 0x134);
    // Every (device, DPA) appears once over 4 stripes of 12 chunks, and each device gets 4 consecutive DPA chunks.
    const seen = new Map<string, number[]>();
    for (let c = 0; c < 48; c++) {
      const r = walk(lab, oddBase + c * 256);
      if (!r.ok) throw new Error(r.error.message);
      const list = seen.get(r.device) ?? [];
      list.push(r.dpa);
      seen.set(r.device, list);
    }
    expect(seen.size).toBe(12);
    for (const list of seen.values()) expect([...list].sort((a, b) => a - b)).toEqual([0, 256, 512, 768]);
  });

  it('XOR window (maps 0x404100, 0x808200)', () => {
    const base = 0x1_0000_0000;
    const hbs = ['hb0', 'hb1', 'hb2', 'hb3'];
    const comps = hbs.flatMap((hb, i) => [
      hostBridge(hb, i, [], 0),
      rootPort(`rp${i}`, hb, 0),
      type3(`mem${i}`, `rp${i}`, GIB, [prog(base, 4 * GIB, 4, 256)]),
    ]);
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 4 * GIB, hbs, 256, { arithmetic: 'xor', xormaps: [0x404100, 0x808200] })],
        comps,
      ),
    );
    // HPA = base + 0x4000: map0 takes bits 8,14,22 = 0,1,0 → bit 8 := 1; map1 bits 9,15,23 = 0 → bit 9 := 0.
    // Way = bits [9:8] of HPA' = 1 → hb1 (modulo would pick hb0). Device 4-way @256:
    // DPAoff = (0x4000 >> 10) << 8 = 0x1000.
    const r = walk(lab, base + 0x4000);
    expectRoute(r, 'mem1', 0x1000);
    expect(r.hops[0]?.arithmetic).toContain('bit 8 := parity(HPA & 0x404100) = 1');
    expect(r.hops[0]?.arithmetic).toContain("HPA' bits [9:8] = 1");
    // HPA = base + 0xC100: bits 8,14,15 set → map0: 1^1 = 0 → bit 8 := 0; map1: bit 15 → bit 9 := 1 → hb2.
    // DPAoff = (0xC100 >> 10) << 8 | 0x00 = 48 << 8 = 0x3000.
    expectRoute(walk(lab, base + 0xc100), 'mem2', 0x3000);
    // One-to-one: 64 KiB of HPA covers each (device, DPA chunk) exactly once.
    const seen = new Set<string>();
    for (let c = 0; c < 256; c++) {
      const x = walk(lab, base + c * 256);
      if (!x.ok) throw new Error(x.error.message);
      seen.add(`${x.device}@${x.dpa}`);
    }
    expect(seen.size).toBe(256);
  });

  it('DPA skip and two decoders on one device', () => {
    const base = 0x1_0000_0000;
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [], 0),
          rootPort('rp0', 'hb0', 0),
          type3('mem0', 'rp0', 4 * GIB, [
            // decoder 0: 512 MiB, 1-way, skip 256 MiB → DPABase[0] = 256 MiB.
            prog(base, 512 * MIB, 1, 256, { skip: 256 * MIB }),
            // decoder 1: 1 GiB, 1-way, skip 256 MiB → DPABase[1] = 256 MiB + 256 MiB + 512 MiB = 1 GiB.
            prog(base + 512 * MIB, GIB, 1, 256, { skip: 256 * MIB }),
          ]),
        ],
      ),
    );
    expectRoute(walk(lab, base + 0x10), 'mem0', 256 * MIB + 0x10);
    const r = walk(lab, base + 512 * MIB + 0x20);
    expectRoute(r, 'mem0', GIB + 0x20);
    expect(r.hops[2]).toMatchObject({ decoder: 1, address: GIB + 0x20 });
    // Past decoder 1 (base + 1.5 GiB) nothing decodes at mem0.
    expectError(walk(lab, base + 1536 * MIB), 'route.no-decoder', 'mem0');
  });

  it("the spec's worked example: HPA 129 GiB + 1028 → DPA 4 GiB + 0x0800_0004 (CXL r3.1 §8.2.4.20.13)", () => {
    const lab = fakeLab(
      spec(
        [window('cfmw0', 128 * GIB, 4 * GIB, ['hb0'], 256)],
        [
          // Host bridge: base 128 GiB, size 4 GiB, 4-way (IW=2) at 512 B (IG=1): way = bits [10:9] of
          // 1028 (0x404) = 2 → Target List byte 2 (CXL r3.1 §8.2.4.20.13).
          hostBridge('hb0', 0, [prog(128 * GIB, 4 * GIB, 4, 512, { targets: [7, 5, 3, 1] })]),
          rootPort('rp7', 'hb0', 7),
          rootPort('rp5', 'hb0', 5),
          rootPort('rp3', 'hb0', 3),
          rootPort('rp1', 'hb0', 1),
          // Device: decoder 0 base 32 GiB size 32 GiB, decoder 1 base 128 GiB size 4 GiB, both 8-way @512.
          type3('mem0', 'rp3', 8 * GIB, [prog(32 * GIB, 32 * GIB, 8, 512), prog(128 * GIB, 4 * GIB, 8, 512)]),
        ],
      ),
    );
    // DPABase[1] = 32 GiB / 8 = 4 GiB; HPAoff = 0x4000_0404; removing bits [11:9] → 0x0800_0004.
    const r = walk(lab, 129 * GIB + 1028);
    expectRoute(r, 'mem0', 4 * GIB + 0x0800_0004);
    expect(r.hops[1]).toMatchObject({ way: 2, target: 3, port: 'rp3' });
    expect(r.hops[1]?.arithmetic).toContain('HPA bits [10:9] = 2');
    expect(r.hops[2]?.arithmetic).toContain('remove HPAoff bits [11:9]');
    expect(r.hops[2]?.arithmetic).toContain('0x8000004');
  });
});

describe('walk: failures say where and why', () => {
  const base = 0x1_0000_0000;
  function lab(opts: { hbCommit?: boolean; targets?: number[]; emptyPort?: boolean; epSize?: number } = {}) {
    return fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [
            prog(base, GIB, 2, 256, { targets: opts.targets ?? [0, 1], commit: opts.hbCommit ?? true }),
          ]),
          rootPort('rp0', 'hb0', 0),
          rootPort('rp1', 'hb0', 1),
          type3('mem0', 'rp0', opts.epSize ?? GIB, [prog(base, GIB, 2, 256)]),
          ...(opts.emptyPort ? [] : [type3('mem1', 'rp1', GIB, [prog(base, GIB, 2, 256)])]),
        ],
      ),
    );
  }

  it('no window', () => {
    const r = walk(lab(), base - 1);
    expectError(r, 'route.no-window');
    expect(r.hops).toEqual([]);
    expect(r.runBytes).toBe(1);
  });

  it('no decoder covering the HPA at the host bridge', () => {
    const r = walk(lab(), base + GIB + 5);
    expectError(r, 'route.no-decoder', 'hb0');
    expect(r.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0']);
  });

  it('decoder not committed', () => {
    expectError(walk(lab({ hbCommit: false }), base), 'route.decoder-not-committed', 'hb0');
  });

  it('target list names a port that does not exist', () => {
    const r = walk(lab({ targets: [0, 9] }), base + 0x100);
    expectError(r, 'route.target-port-missing', 'hb0');
    expect(!r.ok && r.error.message).toContain('port 9');
  });

  it('nothing connected below the port', () => {
    const r = walk(lab({ emptyPort: true }), base + 0x100);
    expectError(r, 'route.nothing-below-port', 'rp1');
  });

  it('DPA beyond capacity', () => {
    // mem0 holds 256 MiB but its decoder maps 512 MiB of DPA.
    const r = walk(lab({ epSize: 256 * MIB }), base + 512 * MIB);
    expectError(r, 'route.dpa-beyond-capacity', 'mem0');
    expect(walk(lab({ epSize: 256 * MIB }), base + 512 * MIB - 512).ok).toBe(true);
  });
});

describe('walk on real labs (createLab: decoders programmed through MMIO)', () => {
  it('three switch levels below a passthrough host bridge (8-way)', () => {
    // Window x1 over hb0 (passthrough, rp0). rp0 → swA (2-way) → swB0/swB1 (2-way) → swC00…swC11
    // (2-way) → 8 devices. Linux's granularities (region.c cxl_port_setup_targets): G = 256, root x1 → hb0 ig 256 ×1;
    // swA ig = 256 × 1 = 256 (bit 8), swB ig = 256 × 2 = 512 (bit 9), swC ig = 512 × 2 = 1024
    // (bit 10); endpoints 8-way at 256 (eiw 3, eig 0).
    const base = 0x10_0000_0000;
    const size = 8 * GIB;
    const ep = () => [prog(base, size, 8, 256)];
    const components = [
      hostBridge('hb0', 0, [], 0),
      rootPort('rp0', 'hb0', 0),
      switchUsp('swA', 'rp0', [prog(base, size, 2, 256, { targets: [0, 1] })]),
    ];
    for (const a of [0, 1]) {
      components.push(dsp(`dspA${a}`, 'swA', a));
      components.push(switchUsp(`swB${a}`, `dspA${a}`, [prog(base, size, 2, 512, { targets: [0, 1] })]));
      for (const b of [0, 1]) {
        components.push(dsp(`dspB${a}${b}`, `swB${a}`, b));
        components.push(
          switchUsp(`swC${a}${b}`, `dspB${a}${b}`, [prog(base, size, 2, 1024, { targets: [0, 1] })]),
        );
        for (const c of [0, 1]) {
          components.push(dsp(`dspC${a}${b}${c}`, `swC${a}${b}`, c));
          components.push(type3(`mem${a}${b}${c}`, `dspC${a}${b}${c}`, GIB, ep()));
        }
      }
    }
    const made = createLab(spec([window('cfmw0', base, size, ['hb0'], 256)], components));
    if (!made.ok) throw new Error(made.error.message);
    // HPAoff 0x1234_5678: 0x678 >> 8 = 0b110 → bit 8 = 0 (swA → dspA0), bit 9 = 1 (swB0 → dspB01),
    // bit 10 = 1 (swC01 → dspC011) → mem011. DPAoff = (0x1234_5678 >> 11) << 8 | 0x78
    // = 0x2_468a << 8 | 0x78 = 0x246_8a78.
    const r = walk(made.value.lab, base + 0x1234_5678);
    expectRoute(r, 'mem011', 0x246_8a78);
    expect(r.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0', 'swA', 'swB0', 'swC01', 'mem011']);
  });

  it('reproduces the spec worked example and a DPA skip', () => {
    const made = createLab(
      spec(
        [window('cfmw0', 128 * GIB, 4 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [prog(128 * GIB, 4 * GIB, 4, 512, { targets: [7, 5, 3, 1] })]),
          rootPort('rp7', 'hb0', 7),
          rootPort('rp5', 'hb0', 5),
          rootPort('rp3', 'hb0', 3),
          rootPort('rp1', 'hb0', 1),
          type3('mem0', 'rp3', 16 * GIB, [
            prog(32 * GIB, 32 * GIB, 8, 512),
            prog(128 * GIB, 4 * GIB, 8, 512, { skip: 256 * MIB }),
          ]),
        ],
      ),
    );
    if (!made.ok) throw new Error(made.error.message);
    // DPABase[1] = skip 256 MiB + DPABase[0] 0 + 32 GiB / 8 = 4 GiB + 256 MiB.
    expectRoute(walk(made.value.lab, 129 * GIB + 1028), 'mem0', 4 * GIB + 256 * MIB + 0x0800_0004);
  });
});
