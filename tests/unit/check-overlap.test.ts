// Overlapping and aliasing committed decoders are warnings with hardware / Linux / QEMU behaviour
// (check-overlap.ts), and check-run.ts puts load findings first. Expected values worked by hand.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cxl/decode/check.ts';
import { overlappingPairs } from '../../src/cxl/decode/check-overlap.ts';
import { checkRun, loadFinding } from '../../src/cxl/decode/check-run.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import type { LabFinding } from '../../src/cxl/result.ts';
import { fakeLab, GIB, hostBridge, MIB, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const base = 0x2_0000_0000;

/** One window over hb0 (2 root ports), hb0's decoders as given, one 2 GiB device per root port. */
function twoDevices(hb0: ReturnType<typeof prog>[], mem0 = [prog(base, GIB, 1, 256)]) {
  return fakeLab(
    spec(
      [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
      [
        hostBridge('hb0', 0, hb0),
        rootPort('rp0', 'hb0', 0),
        rootPort('rp1', 'hb0', 1),
        type3('mem0', 'rp0', 2 * GIB, mem0),
        type3('mem1', 'rp1', 2 * GIB, []),
      ],
    ),
  );
}

const byCode = (r: ReturnType<typeof check>, code: string) => r.findings.filter((f) => f.code === code);

describe('decoder.overlap', () => {
  it('two committed host-bridge decoders whose ranges overlap: a warning on the later one, with all three behaviours', () => {
    // Decoder 0 [0x200000000, 0x240000000), decoder 1 [0x220000000, 0x260000000): ascending bases,
    // overlap = [max(bases), min(ends)) = [0x220000000, 0x240000000).
    const lab = twoDevices([
      prog(base, GIB, 1, 256, { targets: [0] }),
      prog(base + 512 * MIB, GIB, 1, 256, { targets: [1] }),
    ]);
    const r = check(lab);
    const found = byCode(r, 'decoder.overlap');
    expect(found.map((f) => [f.severity, f.component, f.decoder, f.rule])).toEqual([
      ['warning', 'hb0', 1, 'spec'],
    ]);
    expect(found[0]?.message).toContain('[0x220000000, 0x240000000)');
    expect(found[0]?.behaviour?.map((b) => b.who)).toEqual(['hardware', 'linux', 'qemu']);
    expect(found[0]?.behaviour?.find((b) => b.who === 'qemu')?.ref).toContain('cxl_hdm_find_target');
    expect(found[0]?.behaviour?.find((b) => b.who === 'hardware')?.ref).toContain('§8.2.4.20.12');
    expect(found[0]?.behaviour?.find((b) => b.who === 'linux')?.ref).toContain('construct_region');
    // Ascending bases: not an HPA-order error.
    expect(byCode(r, 'decoder.hpa-order')).toEqual([]);
    // The message's claim: inside the overlap the lower-numbered decoder routes (0x230000000 → port 0 → mem0).
    const hop = walk(lab, base + 0x3000_0000);
    expect(hop.hops.find((h) => h.component === 'hb0')?.decoder).toBe(0);
  });

  it('a later decoder at a lower base that overlaps: an HPA-order error and the overlap warning', () => {
    // Decoder 0 [0x220000000, 0x260000000), decoder 1 [0x200000000, 0x240000000): base 0x200000000
    // < 0x220000000 (out of order), and they share [0x220000000, 0x240000000).
    const r = check(
      twoDevices([
        prog(base + 512 * MIB, GIB, 1, 256, { targets: [0] }),
        prog(base, GIB, 1, 256, { targets: [1] }),
      ]),
    );
    expect(byCode(r, 'decoder.hpa-order').map((f) => [f.severity, f.decoder])).toEqual([['error', 1]]);
    expect(byCode(r, 'decoder.overlap').map((f) => f.message)).toEqual([
      expect.stringContaining('[0x220000000, 0x240000000)'),
    ]);
  });

  it('adjacent ranges and an uncommitted decoder are no overlap', () => {
    // [0x200000000, 0x220000000) then [0x220000000, 0x240000000): end of one = base of the next.
    const adjacent = check(
      twoDevices([
        prog(base, 512 * MIB, 1, 256, { targets: [0] }),
        prog(base + 512 * MIB, 512 * MIB, 1, 256, { targets: [1] }),
      ]),
    );
    expect(byCode(adjacent, 'decoder.overlap')).toEqual([]);
    const uncommitted = check(
      twoDevices([
        prog(base, GIB, 1, 256, { targets: [0] }),
        prog(base, GIB, 1, 256, { targets: [1], commit: false }),
      ]),
    );
    expect(byCode(uncommitted, 'decoder.overlap')).toEqual([]);
  });

  it('two device decoders overlapping: the warning is on the device, and decoder 0 maps the overlap', () => {
    // mem0 decoder 0 [0x200000000, 0x220000000) DPA [0, 512 MiB); decoder 1 [0x210000000, 0x230000000)
    // DPA [512 MiB, 1 GiB). HPA 0x218000000 is in both: decoder 0 gives DPA 0x218000000 − 0x200000000
    // = 0x18000000 (1-way: DPA offset = HPA offset).
    const lab = twoDevices(
      [prog(base, GIB, 1, 256, { targets: [0] })],
      [prog(base, 512 * MIB, 1, 256), prog(base + 256 * MIB, 512 * MIB, 1, 256)],
    );
    const found = byCode(check(lab), 'decoder.overlap');
    expect(found.map((f) => [f.component, f.decoder])).toEqual([['mem0', 1]]);
    expect(found[0]?.message).toContain('[0x210000000, 0x220000000)');
    const r = walk(lab, base + 0x1800_0000);
    expect(r.ok && [r.device, r.decoder, r.dpa]).toEqual(['mem0', 0, 0x1800_0000]);
  });

  it('overlappingPairs lists every intersecting pair once, lower index first', () => {
    const lab = twoDevices([
      prog(base, GIB, 1, 256, { targets: [0] }),
      prog(base + 256 * MIB, 256 * MIB, 1, 256, { targets: [1] }),
      prog(base + 768 * MIB, 512 * MIB, 1, 256, { targets: [0] }),
    ]);
    // 0 ∩ 1 = [+256M, +512M); 0 ∩ 2 = [+768M, +1G); 1 ∩ 2 = ∅ (+512M ≤ +768M).
    expect(overlappingPairs(lab.decoders('hb0')).map(([a, b]) => [a.index, b.index])).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });
});

describe('aliases and overlapping regions are warnings', () => {
  it('host-bridge granularity equal to the window’s: region.alias names the device decoder and the behaviours', () => {
    // Window 2-way @256 over hb0/hb1 picks the host bridge with HPA bit 8; hb0 at 256 B also selects
    // on bit 8, which is always 0 there, so every hb0 address goes to port 0 → memA. memA decodes
    // 4-way @256 and drops bits 9:8: HPA offsets 0x0 and 0x200 both give DPA 0.
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, GIB, ['hb0', 'hb1'], 256)],
        [
          hostBridge('hb0', 0, [prog(base, GIB, 2, 256, { targets: [0, 1] })]),
          hostBridge('hb1', 1, [prog(base, GIB, 2, 512, { targets: [0, 1] })]),
          rootPort('rpA', 'hb0', 0),
          rootPort('rpB', 'hb0', 1),
          rootPort('rpC', 'hb1', 0),
          rootPort('rpD', 'hb1', 1),
          ...['memA', 'memB', 'memC', 'memD'].map((m, i) =>
            type3(m, ['rpA', 'rpB', 'rpC', 'rpD'][i] ?? '', GIB, [prog(base, GIB, 4, 256)]),
          ),
        ],
      ),
    );
    const alias = byCode(check(lab), 'region.alias');
    expect(alias.map((f) => [f.severity, f.component, f.decoder])).toEqual([['warning', 'memA', 0]]);
    expect(alias[0]?.message).toContain('0x200000000 and 0x200000200 both reach memA DPA 0x0');
    expect(alias[0]?.behaviour?.map((b) => b.who)).toEqual(['hardware', 'linux', 'qemu']);
  });

  it('two regions overlapping in one window: region.overlap is a warning on the second region’s member', () => {
    // mem0 [0x200000000, 0x240000000) and mem1 [0x220000000, 0x260000000): the second region starts
    // 512 MiB before the first one ends.
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [
            prog(base, GIB, 1, 256, { targets: [0] }),
            prog(base + 512 * MIB, GIB, 1, 256, { targets: [1] }),
          ]),
          rootPort('rp0', 'hb0', 0),
          rootPort('rp1', 'hb0', 1),
          type3('mem0', 'rp0', 2 * GIB, [prog(base, GIB, 1, 256)]),
          type3('mem1', 'rp1', 2 * GIB, [prog(base + 512 * MIB, GIB, 1, 256)]),
        ],
      ),
    );
    const r = check(lab);
    const overlap = byCode(r, 'region.overlap');
    expect(overlap.map((f) => [f.severity, f.component, f.decoder])).toEqual([['warning', 'mem1', 0]]);
    expect(overlap[0]?.message).toContain('ending 0x240000000');
    expect(overlap[0]?.behaviour?.map((b) => b.who)).toEqual(['hardware', 'linux', 'qemu']);
  });
});

describe('checkRun', () => {
  it('puts load findings first, with their decoder and commit checks, and counts errors and warnings', () => {
    const lab = twoDevices([
      prog(base, GIB, 1, 256, { targets: [0] }),
      prog(base + 512 * MIB, GIB, 1, 256, { targets: [1] }),
    ]);
    const load: LabFinding = {
      code: 'decoder.commit-failed',
      message: 'hb0 decoder 2: Error Not Committed — base order',
      component: 'hb0',
      field: 'decoders[2]',
      spec: 'CXL r3.1 §8.2.4.20.12',
      severity: 'error',
      rule: 'spec',
      causes: [
        {
          code: 'commit.spec.base-order',
          message: 'spec check (with Lock On Commit): …',
          spec: 'CXL r3.1 §8.2.4.20.12',
        },
      ],
    };
    const run = checkRun(lab, [load]);
    expect(run.findings[0]).toEqual(loadFinding(load));
    expect(run.findings[0]).toMatchObject({
      decoder: 2,
      checks: [{ id: 'spec.base-order', when: 'lock-on-commit', ref: 'CXL r3.1 §8.2.4.20.12' }],
    });
    // Counted from the list itself: every finding is an error or a warning.
    const errors = run.findings.filter((f) => f.severity === 'error').length;
    expect(run.errors).toBe(errors);
    expect(run.warnings).toBe(run.findings.length - errors);
    expect(run.errors).toBeGreaterThanOrEqual(1);
    expect(run.findings.some((f) => f.code === 'decoder.overlap' && f.severity === 'warning')).toBe(true);
  });
});
