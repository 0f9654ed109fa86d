import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { check } from '../../src/cxl/decode/check.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab } from '../../src/cxl/lab.ts';
import type { DecoderProgramSpec } from '../../src/cxl/topology/model.ts';
import { fakeLab, GIB, hostBridge, MIB, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const base = 0x2_0000_0000;

/** The worked example of docs/cxl-notes.md: window x2 @256 over hb0/hb1, each HB x2 @512, four endpoints x4 @256. */
function fourWay(
  opts: {
    hb0?: Partial<DecoderProgramSpec>;
    ep?: Partial<DecoderProgramSpec>;
    restrictions?: ('type3' | 'volatile' | 'persistent')[];
    windowBase?: number;
  } = {},
) {
  const b = opts.windowBase ?? base;
  const ep = () => [prog(b, GIB, 4, 256, opts.ep)];
  return spec(
    [
      window(
        'cfmw0',
        b,
        GIB,
        ['hb0', 'hb1'],
        256,
        opts.restrictions ? { restrictions: opts.restrictions } : {},
      ),
    ],
    [
      hostBridge('hb0', 0, [prog(b, GIB, 2, 512, { targets: [0, 1], ...opts.hb0 })]),
      hostBridge('hb1', 1, [prog(b, GIB, 2, 512, { targets: [0, 1] })]),
      rootPort('rpA', 'hb0', 0),
      rootPort('rpB', 'hb0', 1),
      rootPort('rpC', 'hb1', 0),
      rootPort('rpD', 'hb1', 1),
      type3('memA', 'rpA', GIB, ep()),
      type3('memB', 'rpB', GIB, ep()),
      type3('memC', 'rpC', GIB, ep()),
      type3('memD', 'rpD', GIB, ep()),
    ],
  );
}

const codes = (r: ReturnType<typeof check>) =>
  r.findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe('check', () => {
  it('a Linux-consistent region has no errors, with Linux positions', () => {
    const r = check(fakeLab(fourWay()));
    expect(codes(r)).toEqual([]);
    expect(r.regions).toHaveLength(1);
    // Positions: memA (hb0, t0) = 0, memC (hb1, t0) = 1, memB (hb0, t1) = 2, memD (hb1, t1) = 3.
    expect(r.regions[0]?.members.map((m) => [m.device, m.position])).toEqual([
      ['memA', 0],
      ['memC', 1],
      ['memB', 2],
      ['memD', 3],
    ]);
  });

  it('the benchmark topology (through createLab) is consistent', () => {
    const made = createLab(sixteenWay(256, 4 * GIB));
    if (!made.ok) throw new Error(made.error.message);
    const r = check(made.value.lab);
    expect(codes(r)).toEqual([]);
    expect(r.regions[0]?.members).toHaveLength(16);
  });

  it('host bridge granularity equal to the window granularity: interleave mismatch, aliases and misrouting', () => {
    // hb0 at 256 B selects on bit 8, which the window already fixed to 0 for hb0: only port 0 is used.
    const r = check(fakeLab(fourWay({ hb0: { granularity: 256 } })));
    const c = codes(r);
    expect(c).toContain('region.port-interleave');
    expect(c).toContain('region.position-mismatch');
    // The alias is a warning: every decoder committed, and the hardware decodes each address.
    const alias = r.findings.find((x) => x.code === 'region.alias');
    expect(alias?.severity).toBe('warning');
    expect(c).not.toContain('region.alias');
    const f = r.findings.find((x) => x.code === 'region.port-interleave');
    expect(f).toMatchObject({ rule: 'linux', component: 'hb0' });
    expect(f?.message).toContain('Linux expects iw 2 ig 512');
    expect(r.findings.find((x) => x.code === 'region.alias')?.rule).toBe('spec');
  });

  it('an uncommitted host bridge decoder leaves a hole', () => {
    const r = check(fakeLab(fourWay({ hb0: { commit: false } })));
    expect(codes(r)).toContain('region.hole');
    expect(r.findings.find((x) => x.code === 'region.hole')?.component).toBe('hb0');
  });

  it('decoders committed out of order and HPA order violations', () => {
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [], 0),
          rootPort('rp0', 'hb0', 0),
          type3('mem0', 'rp0', 2 * GIB, [
            prog(base + GIB, 512 * MIB, 1, 256, { commit: false }),
            prog(base + GIB, 512 * MIB, 1, 256),
            prog(base, 512 * MIB, 1, 256),
          ]),
        ],
      ),
    );
    const r = check(lab);
    expect(codes(r)).toContain('decoder.commit-order');
    expect(codes(r)).toContain('decoder.hpa-order');
    expect(r.findings.find((x) => x.code === 'decoder.commit-order')?.rule).toBe('spec');
  });

  it('window restrictions against the device partition', () => {
    // The endpoints map volatile capacity but the window only allows persistent memory.
    const r = check(fakeLab(fourWay({ restrictions: ['type3', 'persistent'] })));
    expect(codes(r)).toContain('region.window-restriction');
  });

  it('a missing member and a 3-way unaligned base are reported', () => {
    const lab = fakeLab(
      spec(
        [window('cfmw0', 17 * 256 * MIB, 3 * GIB, ['hb0', 'hb1', 'hb2'], 4096)],
        ['hb0', 'hb1', 'hb2'].flatMap((hb, i) => [
          hostBridge(hb, i, [], 0),
          rootPort(`rp${i}`, hb, 0),
          ...(i < 2 ? [type3(`mem${i}`, `rp${i}`, GIB, [prog(17 * 256 * MIB, 3 * GIB, 3, 4096)])] : []),
        ]),
      ),
    );
    const r = check(lab);
    expect(codes(r)).toContain('region.member-count');
    expect(codes(r)).toContain('region.hole');
    expect(r.findings.map((f) => f.code)).toContain('region.unaligned-mod3');
  });

  it('a granularity that will not encode is refused for 1-target host bridges too', () => {
    // Window x2 @16 KiB over hb0/hb1, one device per host bridge. Linux: HB ig = region ig (16 KiB,
    // = the window's, since the root interleaves) × root ways 2 = 32 KiB > 16 KiB → "invalid
    // granularity calculation (16384 * 2)", although each host bridge has a single target
    // (Linux region.c cxl_port_setup_targets). The hardware still routes it: the region itself decodes fine.
    const g = 16384;
    const made = (hbDecoders: boolean) =>
      fakeLab(
        spec(
          [window('cfmw0', base, 2 * GIB, ['hb0', 'hb1'], g)],
          ['hb0', 'hb1'].flatMap((hb, i) => [
            hostBridge(
              hb,
              i,
              hbDecoders ? [prog(base, 2 * GIB, 1, 2 * g, { targets: [0] })] : [],
              hbDecoders ? 4 : 0,
            ),
            rootPort(`rp${i}`, hb, 0),
            type3(`mem${i}`, `rp${i}`, GIB, [prog(base, 2 * GIB, 2, g)]),
          ]),
        ),
      );
    for (const withDecoders of [true, false]) {
      const r = check(made(withDecoders));
      const found = r.findings.filter((f) => f.code === 'region.granularity-unencodable');
      expect(found.map((f) => [f.component, f.severity, f.rule])).toEqual([
        ['hb0', 'error', 'linux'],
        ['hb1', 'error', 'linux'],
      ]);
      expect(found[0]?.message).toContain('16384 × 2 = 32768');
      // The hardware decodes every chunk: no holes or aliases.
      expect(codes(r).filter((c) => c === 'region.hole' || c === 'region.alias')).toEqual([]);
    }
  });

  it('a 1-target decoder at the region granularity: a warning for pre-v6.16 kernels, not an error', () => {
    // The Zen5 / Linux 6.1 layout: root x2 @256 over hb0/hb1, each host bridge 1-way over its single
    // root port, endpoints x2 @256. Linux computes HB ig = 256 × 2 = 512; Linux 6.1 (seen under QEMU 7.2) and
    // some firmware program 256. Routing is the same either way (one target).
    const layout = (hbGran: number) =>
      fakeLab(
        spec(
          [window('cfmw0', base, GIB, ['hb0', 'hb1'], 256)],
          ['hb0', 'hb1'].flatMap((hb, i) => [
            hostBridge(hb, i, [prog(base, GIB, 1, hbGran, { targets: [0] })]),
            rootPort(`rp${i}`, hb, 0),
            type3(`mem${i}`, `rp${i}`, GIB, [prog(base, GIB, 2, 256)]),
          ]),
        ),
      );
    const old = check(layout(256));
    expect(codes(old)).toEqual([]);
    const warned = old.findings.filter((f) => f.code === 'region.port-granularity-x1');
    expect(warned.map((f) => [f.component, f.severity, f.rule])).toEqual([
      ['hb0', 'warning', 'linux'],
      ['hb1', 'warning', 'linux'],
    ]);
    expect(warned[0]?.message).toContain('v6.16');
    expect(warned[0]?.message).toContain('Linux 6.1');
    const current = check(layout(512));
    expect(current.findings.filter((f) => f.code === 'region.port-granularity-x1')).toEqual([]);
    expect(codes(current)).toEqual([]);
    // A 1-target decoder with the wrong ways is still an error.
    const wrongWays = check(
      fakeLab(
        spec(
          [window('cfmw0', base, GIB, ['hb0', 'hb1'], 256)],
          ['hb0', 'hb1'].flatMap((hb, i) => [
            hostBridge(hb, i, [prog(base, GIB, 2, 512, { targets: [0, 1] })]),
            rootPort(`rp${i}`, hb, 0),
            rootPort(`rpx${i}`, hb, 1),
            type3(`mem${i}`, `rp${i}`, GIB, [prog(base, GIB, 2, 256)]),
          ]),
        ),
      ),
    );
    expect(codes(wrongWays)).toContain('region.port-interleave');
  });

  it("a consistent XOR region: Linux's DPA→HPA goes through the window's XOR maps", () => {
    // Window x2 @256, XOR, one map 0x10100 (lowest set bit 8 = the way bit; bit 16 folded in).
    // hb0/hb1 passthrough with one root port each; endpoints x2 @256, 1 GiB region at 0x2_0000_0000.
    // Worked for mem1 (position 1), DPA offset 0x8000 (chunk 128): Linux's region offset is
    // (128·2 + 1)·256 = 0x10100; the XOR hook sets bit 8 := parity(0x10100 & 0x10100) = 0 → SPA
    // offset 0x10000. Routing 0x10000: the window sets bit 8 := parity(0x10000 & 0x10100) = 1 →
    // way 1 → hb1 → mem1, which strips bit 8: (0x10000 >> 9) << 8 = 0x8000. Without the hook,
    // 0x10100 would route to way 0 (mem0): a false mismatch.
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, GIB, ['hb0', 'hb1'], 256, { arithmetic: 'xor', xormaps: [0x10100] })],
        ['hb0', 'hb1'].flatMap((hb, i) => [
          hostBridge(hb, i, [], 0),
          rootPort(`rp${i}`, hb, 0),
          type3(`mem${i}`, `rp${i}`, GIB, [prog(base, GIB, 2, 256)]),
        ]),
      ),
    );
    const w = walk(lab, base + 0x10000);
    expect(w.ok && [w.device, w.dpa]).toEqual(['mem1', 0x8000]);
    const r = check(lab);
    expect(codes(r)).toEqual([]);
    expect(r.regions[0]?.members.map((m) => [m.device, m.position])).toEqual([
      ['mem0', 0],
      ['mem1', 1],
    ]);
  });

  it('a 3-way window at an unaligned base: a warning, not a false position mismatch', () => {
    // Base 17 × 256 MiB: base / 4096 = 17·65536 = 1114112 ≡ 2 (mod 3), so the chunk at region
    // offset c goes to host bridge (c + 2) mod 3 while Linux's region-offset formula says c mod 3.
    // The hardware is still one-to-one (each device gets one residue class), and newer kernels
    // translate such regions with special code (Linux region.c region_is_unaligned_mod3).
    const b = 17 * 256 * MIB;
    const lab = fakeLab(
      spec(
        [window('cfmw0', b, 3 * GIB, ['hb0', 'hb1', 'hb2'], 4096)],
        ['hb0', 'hb1', 'hb2'].flatMap((hb, i) => [
          hostBridge(hb, i, [], 0),
          rootPort(`rp${i}`, hb, 0),
          type3(`mem${i}`, `rp${i}`, GIB, [prog(b, 3 * GIB, 3, 4096)]),
        ]),
      ),
    );
    const w = walk(lab, b);
    expect(w.ok && w.device).toBe('mem2');
    const r = check(lab);
    expect(codes(r)).toEqual([]);
    expect(r.findings.map((f) => f.code)).toContain('region.unaligned-mod3');
  });

  it('members mapping different partitions: one region has one mode (Linux mode mismatch)', () => {
    // memD: 256 MiB volatile + 1 GiB persistent, its decoder skips the volatile 256 MiB, so its DPA
    // base 0x1000_0000 ≥ volatile size → pmem, while memA…memC map ram from DPA 0.
    const s = fourWay();
    const memD = s.components.find((c) => c.id === 'memD');
    if (memD?.kind !== 'type3') throw new Error('memD');
    memD.volatile = 256 * MIB;
    memD.persistent = GIB;
    for (const d of memD.decoders) d.skip = 256 * MIB;
    const r = check(fakeLab(s));
    const f = r.findings.filter((x) => x.code === 'region.mode-mismatch');
    expect(f.map((x) => [x.component, x.rule, x.severity])).toEqual([['memD', 'linux', 'error']]);
  });

  it('every finding names its rule and reference', () => {
    const r = check(fakeLab(fourWay({ hb0: { granularity: 256, targets: [0, 7] } })));
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(['spec', 'linux']).toContain(f.rule);
      expect(f.ref.length).toBeGreaterThan(5);
      // A primary source: a CXL spec section with its revision, or a Linux/QEMU/ndctl file.
      expect(f.ref).toMatch(/^(CXL r\d\.\d §\d|linux drivers\/|QEMU |ndctl )/);
    }
    expect(codes(r)).toContain('decoder.target-missing');
  });
});
