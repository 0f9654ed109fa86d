import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { check } from '../../src/cxl/decode/check.ts';
import { createLab } from '../../src/cxl/lab.ts';
import type { DecoderProgramSpec } from '../../src/cxl/topology/model.ts';
import { fakeLab, GIB, hostBridge, MIB, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const base = 0x2_0000_0000;

/** facts §3.7: window x2 @256 over hb0/hb1, each HB x2 @512, four endpoints x4 @256. */
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
    expect(c).toContain('region.alias');
    expect(c).toContain('region.position-mismatch');
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

  it('every finding names its rule and reference', () => {
    const r = check(fakeLab(fourWay({ hb0: { granularity: 256, targets: [0, 7] } })));
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(['spec', 'linux']).toContain(f.rule);
      expect(f.ref.length).toBeGreaterThan(5);
    }
    expect(codes(r)).toContain('decoder.target-missing');
  });
});
