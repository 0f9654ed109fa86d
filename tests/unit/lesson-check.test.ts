/**
 * The lesson check language against a live lab (src/cxl/lesson/evaluate.ts). Expected values are
 * worked by hand from CXL r3.1 §8.2.4.20.13 on the hb1-x2 preset: window 0x4c00000000 (8 GiB, 1-way)
 * → hb0 decoder 0, 2-way at 256 B, targets [0, 1] → mem0 (port 0), mem1 (port 1), each 2-way at 256 B.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerMatches,
  applyAction,
  computeAnswer,
  createLab,
  evaluateCheck,
  type Lab,
  type LessonCheck,
  type PredictAnswer,
  parseLabFile,
} from '../../src/cxl/index.ts';

const BASE = 0x4c_0000_0000;
const GIB = 2 ** 30;

function hb1x2(): Lab {
  const file = parseLabFile(readFileSync('src/presets/hb1-x2.topology.json', 'utf8'));
  if (!file.ok) throw new Error('preset does not parse');
  const lab = createLab(file.value);
  if (!lab.ok) throw new Error('preset does not load');
  return lab.value.lab;
}

const pass = (lab: Lab, c: LessonCheck) => evaluateCheck(lab, c).pass;

describe('route and unrouted checks', () => {
  it('0x345 past the base: bit 8 = (0x345 >> 8) & 1 = 1 → mem1; DPA = (0x345 >> 9) << 8 | 0x45 = 0x145', () => {
    const lab = hb1x2();
    expect(pass(lab, { kind: 'route', hpa: BASE + 0x345, device: 'mem1', dpa: 0x145 })).toBe(true);
    expect(pass(lab, { kind: 'route', hpa: BASE + 0x345, device: 'mem0', dpa: 0x145 })).toBe(false);
    expect(pass(lab, { kind: 'route', hpa: BASE + 0x345, device: 'mem1', dpa: 0x345 })).toBe(false);
  });
  it('base + 8 GiB is outside the window: unrouted', () => {
    const lab = hb1x2();
    expect(pass(lab, { kind: 'unrouted', hpa: BASE + 8 * GIB })).toBe(true);
    expect(pass(lab, { kind: 'unrouted', hpa: BASE })).toBe(false);
    const r = evaluateCheck(lab, { kind: 'route', hpa: BASE + 8 * GIB, device: 'mem0', dpa: 0 });
    expect(r.pass).toBe(false);
    expect(r.detail).toContain('no device');
  });
});

describe('decoder checks', () => {
  it('names each field that differs, and what the lab holds', () => {
    const lab = hb1x2();
    const ok: LessonCheck = {
      kind: 'decoder',
      component: 'hb0',
      decoder: 0,
      expect: { base: BASE, size: 8 * GIB, ways: 2, granularity: 256, targets: [0, 1], committed: true },
    };
    expect(pass(lab, ok)).toBe(true);
    const bad = evaluateCheck(lab, {
      kind: 'decoder',
      component: 'hb0',
      decoder: 0,
      expect: { ways: 4, targets: [1, 0] },
    });
    expect(bad.pass).toBe(false);
    expect(bad.detail).toContain('ways: want 4, is 2');
    expect(bad.detail).toContain('targets: want [1, 0], is [0, 1]');
  });
  it('an unknown component or decoder fails with a message, never throws', () => {
    const lab = hb1x2();
    expect(
      evaluateCheck(lab, { kind: 'decoder', component: 'nope', decoder: 0, expect: { ways: 1 } }).detail,
    ).toContain('no component "nope"');
    expect(
      evaluateCheck(lab, { kind: 'decoder', component: 'hb0', decoder: 9, expect: { ways: 1 } }).detail,
    ).toContain('no decoder 9');
  });
});

describe('region and finding-absent checks', () => {
  it('the preset assembles one 2-way region at 256 B, 8 GiB at the window base', () => {
    const lab = hb1x2();
    expect(pass(lab, { kind: 'region', ways: 2, granularity: 256, base: BASE, size: 8 * GIB })).toBe(true);
    expect(pass(lab, { kind: 'region', ways: 2, granularity: 512 })).toBe(false);
    expect(pass(lab, { kind: 'finding-absent' })).toBe(true);
  });
  it('resetting hb0 leaves the region unroutable: an error finding appears', () => {
    const lab = hb1x2();
    expect(applyAction(lab, { kind: 'reset', component: 'hb0' }).ok).toBe(true);
    expect(pass(lab, { kind: 'finding-absent' })).toBe(false);
    expect(pass(lab, { kind: 'unrouted', hpa: BASE })).toBe(true);
  });
  it('a decoder left in Error Not Committed is a decoder.commit-failed finding', () => {
    const lab = hb1x2();
    applyAction(lab, { kind: 'reset', component: 'hb0' });
    // 2 ways with target 0 twice and Lock On Commit: the spec's distinct-targets check fails (CXL r3.1 §8.2.4.20.12).
    const r = applyAction(lab, {
      kind: 'program',
      component: 'hb0',
      decoder: 0,
      base: BASE,
      size: 8 * GIB,
      ways: 2,
      granularity: 256,
      targets: [0, 0],
      lock: true,
      commit: true,
    });
    expect(r.ok).toBe(true);
    expect(
      pass(lab, {
        kind: 'decoder',
        component: 'hb0',
        decoder: 0,
        expect: { errorNotCommitted: true, committed: false },
      }),
    ).toBe(true);
    expect(pass(lab, { kind: 'finding-absent', code: 'decoder.commit-failed', component: 'hb0' })).toBe(
      false,
    );
    expect(pass(lab, { kind: 'finding-absent', code: 'decoder.commit-failed', component: 'mem0' })).toBe(
      true,
    );
  });
});

describe('memory checks and write actions', () => {
  it('a write at base + 0x100 lands in mem1 at DPA 0 (bit 8 = 1, nothing above it)', () => {
    const lab = hb1x2();
    const bytes = new Uint8Array([0xa5, 0x5a]);
    expect(pass(lab, { kind: 'memory', device: 'mem1', dpa: 0, bytes })).toBe(false);
    expect(applyAction(lab, { kind: 'write', hpa: BASE + 0x100, bytes }).ok).toBe(true);
    expect(pass(lab, { kind: 'memory', device: 'mem1', dpa: 0, bytes })).toBe(true);
    expect(pass(lab, { kind: 'memory', device: 'mem0', dpa: 0, bytes })).toBe(false);
    expect(evaluateCheck(lab, { kind: 'memory', device: 'hb0', dpa: 0, bytes }).detail).toContain(
      'not a Type 3',
    );
  });
});

describe('predict answers', () => {
  const lab = hb1x2();
  const answer = (a: PredictAnswer) => {
    const got = computeAnswer(lab, a);
    return got.ok ? answerMatches(a, got.value) : got.error.message;
  };
  it('hpa-bits: hb0 decoder 0 is IG 0, IW 1 → bit 8 alone; a 1-way window has no bits', () => {
    expect(answer({ kind: 'hpa-bits', component: 'hb0', decoder: 0, expect: { low: 8, high: 8 } })).toBe(
      true,
    );
    expect(answer({ kind: 'hpa-bits', component: 'hb0', decoder: 0, expect: { low: 8, high: 9 } })).toBe(
      false,
    );
    expect(answer({ kind: 'hpa-bits', component: 'cfmw0', expect: { low: 8, high: 8 } })).toContain('1-way');
  });
  it('decoder, encoded as Control holds it (CXL r3.1 §8.2.4.20.7): 2 ways = IW 1, 256 B = IG 0', () => {
    expect(answer({ kind: 'decoder', component: 'mem0', decoder: 0, expect: { iw: 1, ig: 0 } })).toBe(true);
    expect(answer({ kind: 'decoder', component: 'mem0', decoder: 0, expect: { iw: 0, ig: 1 } })).toBe(false);
  });
  it('decoder: mem0 decoder 0 holds 2 ways at 256 B', () => {
    expect(
      answer({ kind: 'decoder', component: 'mem0', decoder: 0, expect: { ways: 2, granularity: 256 } }),
    ).toBe(true);
    expect(
      answer({ kind: 'decoder', component: 'mem0', decoder: 0, expect: { ways: 2, granularity: 512 } }),
    ).toBe(false);
  });
  it('hpa: mem0 DPA 0x145 is granule 1, low 0x45, position 0 → HPAoff (1 × 2 + 0) × 256 + 0x45 = 0x245', () => {
    expect(answer({ kind: 'hpa', device: 'mem0', dpa: 0x145, expect: { hpa: BASE + 0x245 } })).toBe(true);
    expect(answer({ kind: 'hpa', device: 'mem1', dpa: 0x145, expect: { hpa: BASE + 0x245 } })).toBe(false);
  });
  it('route: expected unrouted vs a device', () => {
    expect(answer({ kind: 'route', hpa: BASE + 8 * GIB, expect: { unrouted: true } })).toBe(true);
    expect(answer({ kind: 'route', hpa: BASE, expect: { unrouted: true } })).toBe(false);
    expect(answer({ kind: 'route', hpa: BASE, expect: { device: 'mem0', dpa: 0 } })).toBe(true);
  });
});

describe('mmio actions', () => {
  it('a raw write to a missing component or a misaligned offset is an error result', () => {
    const lab = hb1x2();
    expect(applyAction(lab, { kind: 'mmio', component: 'nope', offset: 0, value: 0 }).ok).toBe(false);
    expect(applyAction(lab, { kind: 'mmio', component: 'hb0', offset: 2, value: 0 }).ok).toBe(false);
  });
  it('clearing Commit (bit 9) in hb0 decoder 0 Control unroutes the window', () => {
    const lab = hb1x2();
    const hdm = lab.hdmBase('hb0') ?? -1;
    // Decoder 0 Control is at HDM structure + 0x20 (CXL r3.1 §8.2.4.20.7: 0x20 + 0x20 × n).
    const control = hdm + 0x20;
    const now = lab.mmioRead32('hb0', control);
    if (!now.ok) throw new Error('control read failed');
    // IW 1 at bits 7:4 and Commit at bit 9 were set by the preset: (1 << 4) | (1 << 9) must be in it.
    expect(now.value & 0x210).toBe(0x210);
    expect(
      applyAction(lab, { kind: 'mmio', component: 'hb0', offset: control, value: now.value & ~0x200 }).ok,
    ).toBe(true);
    expect(pass(lab, { kind: 'decoder', component: 'hb0', decoder: 0, expect: { committed: false } })).toBe(
      true,
    );
    expect(pass(lab, { kind: 'unrouted', hpa: BASE })).toBe(true);
  });
});

describe('never throws', () => {
  it('evaluates any check with any address, size and component name to pass or fail', () => {
    const lab = hb1x2();
    const name = fc.constantFrom('hb0', 'mem0', 'mem1', 'rp0.0', 'cfmw0', 'nope', '__proto__', 'constructor');
    const addr = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 52 - 1 }),
      fc.integer({ min: BASE - 4096, max: BASE + 9 * GIB }),
    );
    const checkArb: fc.Arbitrary<LessonCheck> = fc.oneof(
      fc.record({ kind: fc.constant('route' as const), hpa: addr, device: name, dpa: addr }),
      fc.record({ kind: fc.constant('unrouted' as const), hpa: addr }),
      fc.record({
        kind: fc.constant('memory' as const),
        device: name,
        dpa: addr,
        bytes: fc.uint8Array({ maxLength: 16 }),
      }),
      fc.record({
        kind: fc.constant('decoder' as const),
        component: name,
        decoder: fc.integer({ min: 0, max: 31 }),
        expect: fc.constant({ ways: 2 }),
      }),
      fc.record({ kind: fc.constant('finding-absent' as const), component: name }),
    );
    fc.assert(
      fc.property(checkArb, (c) => {
        expect(typeof evaluateCheck(lab, c).pass).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
