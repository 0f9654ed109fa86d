/**
 * Commit semantics, CXL r3.1 §8.2.4.20.7 / §8.2.4.20.12: each Lock On Commit check passing and
 * failing, lock, uncommit, and the always-on encoding checks.
 */
import { describe, expect, it } from 'vitest';
import { COMMIT_CHECKS } from '../../src/cxl/hdm/commit.ts';
import { ComponentRegisters } from '../../src/cxl/hdm/component-registers.ts';
import type { DecoderState } from '../../src/cxl/hdm/decoder-state.ts';
import { decoderStates } from '../../src/cxl/hdm/decoder-view.ts';
import { componentPort } from '../../src/cxl/hdm/persist.ts';
import { type DecoderProgram, programDecoder } from '../../src/cxl/hdm/program.ts';
import type { DecoderOwnerKind } from '../../src/cxl/topology/model.ts';

const M = 2 ** 20;
const G = 2 ** 30;
const HDM = 0x1128;
const dec = (n: number, reg: number): number => HDM + 0x10 + 0x20 * n + reg;
const CTRL = 0x10;

function setup(kind: DecoderOwnerKind, count = 4) {
  const r = ComponentRegisters.create(kind, count);
  if (!r.ok) throw new Error(r.error.message);
  const regs = r.value;
  const port = componentPort('c', regs);
  const program = (n: number, p: DecoderProgram, commit = true) => {
    const out = programDecoder(port, 'c', n, p, { commit });
    if (!out.ok) throw new Error(out.error.message);
    return out.value;
  };
  const state = (n: number): DecoderState => {
    const s = decoderStates(regs)[n];
    if (s === undefined) throw new Error(`no decoder ${n}`);
    return s;
  };
  const mmio = (offset: number, value: number): number => {
    const w = regs.write32(offset, value);
    if (!w.ok) throw new Error(w.error.message);
    return w.value.stored;
  };
  return { regs, port, program, state, mmio };
}

const hb = (base: number, size: number, targets: number[], lock: boolean): DecoderProgram => ({
  base,
  size,
  ways: targets.length,
  granularity: 4096,
  targets,
  lock,
});
const dev = (base: number, size: number, ways: number, lock: boolean, skip = 0): DecoderProgram => ({
  base,
  size,
  ways,
  granularity: 256,
  skip,
  lock,
});

describe('programDecoder', () => {
  it("issues only MMIO writes, in cxl_decoder_commit's order: High before Low, Control last", () => {
    const { program } = setup('host-bridge');
    const r = program(0, hb(0x4c00000000, 8 * G, [3, 1], false));
    // Linux hdm.c cxl_decoder_commit: Base Hi/Lo, Size Hi/Lo, Target List Hi/Lo, Control last. A fresh decoder has
    // Commit = 0, so there is no preliminary Control write.
    expect(r.writes.map((w) => w.register)).toEqual([
      'decoder0 Base High',
      'decoder0 Base Low',
      'decoder0 Size High',
      'decoder0 Size Low',
      'decoder0 Target List High',
      'decoder0 Target List Low',
      'decoder0 Control',
    ]);
    // Decoder 0's registers sit at HDM + 0x10 + reg (CXL r3.1 §8.2.4.20): Base Low 0x10, High 0x14, Size Low
    // 0x18, High 0x1C, Control 0x20, Target List Low 0x24, High 0x28.
    // Base 0x4c_0000_0000: high 32 bits 0x4c, low 0. Size 8 GiB = 0x2_0000_0000: high 2, low 0.
    // Target List Low: way 0 = port 3 (byte 0), way 1 = port 1 (byte 1) → 0x0103; High 0.
    // Control: IG 4 KiB = eig 4, IW 2-way = eiw 1 → 0x14; Target Range Type bit 12 → 0x1014;
    // Commit (bit 9) → 0x1214; then hardware sets Committed (bit 10) → 0x1614.
    expect(r.writes.map((w) => [w.offset - HDM, w.value])).toEqual([
      [0x14, 0x4c],
      [0x10, 0],
      [0x1c, 2],
      [0x18, 0],
      [0x28, 0],
      [0x24, 0x0103],
      [0x20, 0x1214],
    ]);
    expect(r.writes.at(-1)?.result.stored).toBe(0x1614);
    expect(r.outcome).toBe('committed');
  });
  it('a Type 3 decoder gets DPA Skip High/Low where a port has its target list', () => {
    const { program } = setup('type3');
    // Base 0x1_2000_0000: high 1, low 0x2000_0000. Size 1 GiB: high 0, low 0x4000_0000.
    // Skip 0x1_1000_0000: high 1, low 0x1000_0000 (DPA Skip Low at 0x24, High at 0x28).
    // Control: IG 256 B = eig 0, IW 4-way = eiw 2 → 0x20, Lock On Commit bit 8 → 0x120,
    // Target Range Type → 0x1120, Commit → 0x1320.
    const r = program(0, dev(0x1_2000_0000, G, 4, true, 0x1_1000_0000));
    expect(r.writes.map((w) => [w.register, w.offset - HDM, w.value])).toEqual([
      ['decoder0 Base High', 0x14, 1],
      ['decoder0 Base Low', 0x10, 0x2000_0000],
      ['decoder0 Size High', 0x1c, 0],
      ['decoder0 Size Low', 0x18, 0x4000_0000],
      ['decoder0 DPA Skip High', 0x28, 1],
      ['decoder0 DPA Skip Low', 0x24, 0x1000_0000],
      ['decoder0 Control', 0x20, 0x1320],
    ]);
    expect(r.outcome).toBe('committed');
  });
  it('reprogramming a committed (or errored) decoder uncommits it first, and only then', () => {
    const { program, state } = setup('host-bridge');
    program(0, hb(0x4c00000000, G, [0], false));
    // Control now holds IG 4, IW 0, Target Range Type, Commit, Committed = 0x1604. The first write
    // of the reprogramming is that value with Commit cleared: 0x1404 (Committed drops with it).
    const again = program(0, hb(0x5000000000, G, [2, 1], false));
    expect(again.writes.map((w) => [w.register, w.value])).toEqual([
      ['decoder0 Control', 0x1404],
      ['decoder0 Base High', 0x50],
      ['decoder0 Base Low', 0],
      ['decoder0 Size High', 0],
      ['decoder0 Size Low', 0x4000_0000],
      ['decoder0 Target List High', 0],
      ['decoder0 Target List Low', 0x0102],
      ['decoder0 Control', 0x1214],
    ]);
    expect(again.writes[0]?.result.commit?.outcome).toBe('uncommitted');
    expect(state(0)).toMatchObject({
      committed: true,
      base: 0x5000000000,
      targets: [2, 1, 0, 0, 0, 0, 0, 0],
    });
    // An errored decoder keeps Commit = 1, so a retry also clears it first; otherwise the Commit
    // write would not be a 0 → 1 transition and no check would run. Decoder 1 with Lock On Commit
    // below decoder 0's end fails the base-order check.
    const bad = program(1, hb(0x5000000000, G, [0], true));
    expect(bad.outcome).toBe('error');
    const retry = program(1, hb(0x5040000000, G, [0], true));
    expect(retry.writes[0]?.register).toBe('decoder1 Control');
    expect(retry.writes[0]?.result.commit?.outcome).toBe('uncommitted');
    expect(retry.outcome).toBe('committed');
    // Programming without commit on an uncommitted decoder writes Control once, last, Commit = 0.
    const plain = program(2, hb(0x5080000000, G, [0], false), false);
    expect(plain.writes.filter((w) => w.register === 'decoder2 Control').map((w) => w.value)).toEqual([
      0x1004,
    ]);
  });
  it('without commit leaves the decoder programmed but not committed', () => {
    const { program, state } = setup('type3');
    expect(program(0, dev(0, G, 1, false, 256 * M), false).outcome).toBe('programmed');
    expect(state(0)).toMatchObject({ commit: false, committed: false, skip: 256 * M, size: G });
  });
  it('refuses bad arguments before writing anything', () => {
    const { port, regs } = setup('host-bridge');
    const before = JSON.stringify(regs.exportState());
    const bad: [DecoderProgram, number, string][] = [
      [hb(0x1000, G, [0], false), 0, 'hdm.program-invalid'],
      [{ ...hb(0, G, [0], false), ways: 5, targets: [0, 1, 2, 3, 4] }, 0, 'interleave.ways-invalid'],
      [{ ...hb(0, G, [0], false), granularity: 100 }, 0, 'interleave.granularity-invalid'],
      [hb(0, G, [0, 1], false), 0, 'hdm.program-invalid'],
      [{ ...hb(0, G, [0, 1], false), targets: [0] }, 0, 'hdm.program-invalid'],
      [hb(0, G, [0], false), 4, 'hdm.no-such-decoder'],
      [{ ...hb(0, G, [0], false), skip: 256 * M }, 0, 'hdm.program-invalid'],
    ];
    bad[3] = [{ ...hb(0, G, [0, 1], false), targets: [0, 300] }, 0, 'hdm.program-invalid'];
    for (const [p, n, code] of bad) {
      const r = programDecoder(port, 'c', n, p, { commit: true });
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    }
    expect(JSON.stringify(regs.exportState())).toBe(before);
  });
});

describe('commit without Lock On Commit: no checks (software is responsible, §8.2.4.20.12)', () => {
  it('commits overlapping ranges, duplicate targets and out-of-order decoders', () => {
    const { program, state } = setup('host-bridge');
    program(1, hb(0x4c00000000, G, [1, 1], false)); // decoder 0 not committed, duplicate targets
    program(0, hb(0x4c00000000, 2 * G, [0], false)); // overlaps decoder 1
    expect(state(0).committed).toBe(true);
    expect(state(1).committed).toBe(true);
    expect(state(1).errorNotCommitted).toBe(false);
  });
  it('size 0 may commit', () => {
    const { program, state } = setup('type3');
    expect(program(0, dev(0x4c00000000, 0, 1, true)).outcome).toBe('committed');
    expect(state(0)).toMatchObject({ committed: true, size: 0 });
  });
});

describe('Lock On Commit checks (§8.2.4.20.12), each passing and failing', () => {
  it('1. Base[m+1] ≥ Base[m] + Size[m]', () => {
    const fail = setup('host-bridge');
    fail.program(0, hb(0x4c00000000, 2 * G, [0], true));
    const r = fail.program(1, hb(0x4c40000000, G, [0], true)); // starts 1 GiB into decoder 0
    expect(r.outcome).toBe('error');
    expect(r.reason).toMatch(/spec\.base-order \(CXL r3\.1 §8\.2\.4\.20\.12\)/);
    expect(fail.state(1)).toMatchObject({ committed: false, errorNotCommitted: true, commit: true });
    expect(fail.state(1).errorReason).toContain('spec.base-order');

    const pass = setup('host-bridge');
    pass.program(0, hb(0x4c00000000, 2 * G, [0], true));
    expect(pass.program(1, hb(0x4c80000000, G, [0], true)).outcome).toBe('committed'); // exactly at the end
  });
  it('decoder 0 is exempt from the order check', () => {
    const { program } = setup('host-bridge');
    expect(program(0, hb(0, G, [0], true)).outcome).toBe('committed');
  });
  it('2. no wrap: Base + Size must stay below 2^64', () => {
    // Addresses at the top of the 64-bit space can only be written as raw registers.
    const fail = setup('type3');
    fail.mmio(dec(0, 0x0), 0xf0000000);
    fail.mmio(dec(0, 0x4), 0xffffffff); // base = 2^64 − 256 MiB
    fail.mmio(dec(0, 0x8), 0x10000000); // size 256 MiB → end = 2^64: wraps to 0
    fail.mmio(dec(0, CTRL), 0x1300); // 1-way 256 B, Lock On Commit, Commit
    expect(fail.state(0).errorNotCommitted).toBe(true);
    expect(fail.state(0).errorReason).toContain('spec.no-wrap');

    const pass = setup('type3');
    pass.mmio(dec(0, 0x0), 0xe0000000);
    pass.mmio(dec(0, 0x4), 0xffffffff); // base = 2^64 − 512 MiB
    pass.mmio(dec(0, 0x8), 0x10000000); // end = 2^64 − 256 MiB
    pass.mmio(dec(0, CTRL), 0x1300);
    expect(pass.state(0).committed).toBe(true);
  });
  it('3. 3/6/12-way: Size must be a multiple of 3 (the spec wording, not ways × 256 MiB)', () => {
    const fail = setup('type3');
    const r = fail.program(0, dev(0x4c00000000, 256 * M, 3, true));
    expect(r.outcome).toBe('error');
    expect(r.reason).toContain('spec.size-multiple-of-3');

    const pass = setup('type3');
    expect(pass.program(0, dev(0x4c00000000, 768 * M, 3, true)).outcome).toBe('committed');
    // 6-way with 768 MiB: a multiple of 3 bytes (768 MiB = 3 × 2^28), though 768 MiB / 6 = 128 MiB.
    const six = setup('type3');
    expect(six.program(0, dev(0x4c00000000, 768 * M, 6, true)).outcome).toBe('committed');
    // 12-way, 2^32 + 2^33 = 12 GiB: (high 3 + low 0) mod 3 = 0.
    const twelve = setup('type3');
    expect(twelve.program(0, dev(0x4c00000000, 12 * G, 12, true)).outcome).toBe('committed');
    // Without Lock On Commit the same 256 MiB 3-way decoder commits.
    const lenient = setup('type3');
    expect(lenient.program(0, dev(0x4c00000000, 256 * M, 3, false)).outcome).toBe('committed');
  });
  it('4. targets for ways 0..ways−1 are distinct', () => {
    const fail = setup('switch');
    const r = fail.program(0, hb(0x4c00000000, 2 * G, [4, 5, 4, 6], true));
    expect(r.outcome).toBe('error');
    expect(r.reason).toContain('spec.targets-distinct');
    expect(r.reason).toContain('target port 4');

    const pass = setup('switch');
    expect(pass.program(0, hb(0x4c00000000, 2 * G, [4, 5, 7, 6], true)).outcome).toBe('committed');
    // Bytes beyond `ways` are not compared: 2-way with leftover duplicate bytes in the list.
    pass.mmio(dec(1, 0x14), 0x09090807);
    expect(pass.program(1, { ...hb(0x4d00000000, G, [7, 8], true) }).outcome).toBe('committed');
  });
  it('5. decoder m must be committed before m+1', () => {
    const fail = setup('type3');
    fail.program(0, dev(0x4c00000000, G, 1, false), false);
    const r = fail.program(1, dev(0x4c40000000, G, 1, true));
    expect(r.outcome).toBe('error');
    expect(r.reason).toContain('spec.previous-committed');

    const pass = setup('type3');
    pass.program(0, dev(0x4c00000000, G, 1, false));
    expect(pass.program(1, dev(0x4c40000000, G, 1, true)).outcome).toBe('committed');
  });
  it('reports every failing check, each with its section', () => {
    const { program, state } = setup('host-bridge');
    program(0, hb(0x4c00000000, 2 * G, [0], false), false);
    program(1, hb(0x4c00000000, G, [1, 1], true));
    const reason = state(1).errorReason ?? '';
    expect(reason).toContain('spec.base-order');
    expect(reason).toContain('spec.targets-distinct');
    expect(reason).toContain('spec.previous-committed');
    expect(reason.match(/§8\.2\.4\.20\.12/g)?.length).toBe(3);
  });
  it('the five spec checks are marked as the spec’s; encoding checks as the lab’s', () => {
    expect(COMMIT_CHECKS.filter((c) => c.origin === 'spec').map((c) => c.id)).toEqual([
      'spec.base-order',
      'spec.no-wrap',
      'spec.size-multiple-of-3',
      'spec.targets-distinct',
      'spec.previous-committed',
    ]);
    for (const c of COMMIT_CHECKS) expect(c.onlyWithLock).toBe(c.origin === 'spec');
  });
});

describe('unsupported encodings: Error Not Committed whatever Lock On Commit says', () => {
  const rows: [string, DecoderOwnerKind, (mmio: (o: number, v: number) => number) => void, string][] = [
    // Control: IW in bits 7:4, IG in 3:0, Commit bit 9 (0x200).
    ['reserved IW 5', 'type3', (m) => m(dec(0, CTRL), 0x250), 'encoding.iw-reserved'],
    ['reserved IW 0xB', 'type3', (m) => m(dec(0, CTRL), 0x2b0), 'encoding.iw-reserved'],
    ['reserved IG 7', 'host-bridge', (m) => m(dec(0, CTRL), 0x207), 'encoding.ig-reserved'],
    ['16-way on a host bridge', 'host-bridge', (m) => m(dec(0, CTRL), 0x240), 'encoding.iw-unsupported'],
    ['3-way on a switch', 'switch', (m) => m(dec(0, CTRL), 0x280), 'encoding.iw-unsupported'],
    ['12-way on a host bridge', 'host-bridge', (m) => m(dec(0, CTRL), 0x2a0), 'encoding.iw-unsupported'],
  ];
  for (const [why, kind, write, check] of rows) {
    for (const lock of [false, true]) {
      it(`${why} (Lock On Commit ${lock ? 1 : 0})`, () => {
        const { mmio, state } = setup(kind);
        write((o, v) => mmio(o, v + (lock ? 0x100 : 0)));
        expect(state(0)).toMatchObject({ committed: false, errorNotCommitted: true });
        expect(state(0).errorReason).toContain(check);
      });
    }
  }
  it('a Type 3 device supports 3, 6, 12 and 16 ways; a port supports 8', () => {
    for (const ways of [3, 6, 12, 16]) {
      const { program } = setup('type3');
      expect(program(0, dev(0x4c00000000, 48 * G, ways, true)).outcome).toBe('committed');
    }
    const { program } = setup('host-bridge');
    expect(program(0, hb(0x4c00000000, 8 * G, [0, 1, 2, 3, 4, 5, 6, 7], true)).outcome).toBe('committed');
  });
});

describe('Lock On Commit, uncommit and reset', () => {
  it('locking makes RWL fields read-only until reset; a locked decoder cannot uncommit', () => {
    const { regs, program, state, mmio, port } = setup('host-bridge');
    program(0, hb(0x4c00000000, 2 * G, [0, 1], true));
    expect(state(0)).toMatchObject({ committed: true, locked: true, lockOnCommit: true });
    const ctrl = regs.read32(dec(0, CTRL));
    expect(mmio(dec(0, 0x0), 0x10000000)).toBe(0); // Base Low unchanged
    expect(mmio(dec(0, 0x4), 0x99)).toBe(0x4c); // Base High unchanged
    expect(mmio(dec(0, 0x14), 0xffffffff)).toBe(0x0100); // Target List unchanged
    expect(mmio(dec(0, CTRL), 0)).toBe(ctrl.ok ? ctrl.value : -1); // Commit cannot be cleared
    expect(state(0).committed).toBe(true);
    const again = programDecoder(port, 'c', 0, hb(0, G, [0], false), { commit: true });
    expect(again.ok ? 'ok' : again.error.code).toBe('hdm.decoder-locked');
    // Other decoders are not locked.
    expect(mmio(dec(1, 0x4), 0x99)).toBe(0x99);
    // Reset releases the lock and clears everything.
    regs.reset();
    expect(state(0)).toMatchObject({ committed: false, locked: false, base: 0, size: 0 });
    expect(mmio(dec(0, 0x4), 0x99)).toBe(0x99);
  });
  it('Commit 1 → 0 uncommits an unlocked decoder', () => {
    const { program, state, mmio } = setup('type3');
    program(0, dev(0x4c00000000, G, 1, false));
    expect(state(0).committed).toBe(true);
    mmio(dec(0, CTRL), 0x1000);
    expect(state(0)).toMatchObject({ commit: false, committed: false, errorNotCommitted: false });
  });
  it('after an error: clear Commit (error clears), reprogram, commit again', () => {
    const { program, state, mmio } = setup('type3');
    program(0, dev(0x4c00000000, 256 * M, 3, true));
    expect(state(0).errorNotCommitted).toBe(true);
    mmio(dec(0, CTRL), 0);
    expect(state(0)).toMatchObject({ errorNotCommitted: false, committed: false });
    expect(state(0).errorReason).toBeUndefined();
    expect(program(0, dev(0x4c00000000, 768 * M, 3, true)).outcome).toBe('committed');
  });
  it('writing Commit = 1 again while errored does not re-run the checks', () => {
    const { program, state, mmio } = setup('type3');
    program(0, dev(0x4c00000000, 256 * M, 3, true));
    mmio(dec(0, CTRL), 0x1380); // TRT 0x1000 + Commit 0x200 + Lock 0x100 + IW 8 (0x80): still Commit = 1
    expect(state(0)).toMatchObject({ errorNotCommitted: true, committed: false });
  });
  it('Target Range Type (bit 12): host-only by default, device-coherent on request', () => {
    const { program, state } = setup('switch');
    program(0, hb(0x4c00000000, G, [0], false));
    program(1, { ...hb(0x4c40000000, G, [0], false), targetRangeType: 0 });
    expect(state(0).targetRangeType).toBe(1);
    expect(state(1).targetRangeType).toBe(0);
  });
});

describe('DPA base accumulation (§8.2.4.20.13)', () => {
  it('the spec example: DPABase[1] = 32 GiB / 8 = 4 GiB', () => {
    const { program, state } = setup('type3');
    program(0, { base: 32 * G, size: 32 * G, ways: 8, granularity: 512, lock: false });
    program(1, { base: 128 * G, size: 4 * G, ways: 8, granularity: 512, lock: false });
    expect(state(0).dpaBase).toBe(0);
    expect(state(1).dpaBase).toBe(4 * G);
  });
  it('with skips and a 3-way decoder, worked by hand', () => {
    const { program, state } = setup('type3');
    // decoder 0: skip 0, 2 GiB 2-way → DPABase 0, consumes 1 GiB.
    program(0, dev(0x4c00000000, 2 * G, 2, false, 0));
    // decoder 1: skip 512 MiB, 3 GiB 3-way → DPABase = 512 MiB + 0 + 2 GiB / 2 = 1.5 GiB; consumes 1 GiB.
    program(1, dev(0x4c80000000, 3 * G, 3, false, 512 * M));
    // decoder 2: skip 256 MiB, 1 GiB 1-way → DPABase = 256 MiB + 1.5 GiB + 3 GiB / 3 = 2.75 GiB.
    program(2, dev(0x4d40000000, G, 1, false, 256 * M));
    expect([state(0).dpaBase, state(1).dpaBase, state(2).dpaBase]).toEqual([0, 1.5 * G, 2.75 * G]);
    // Decoder 3 (untouched): 2.75 GiB + 1 GiB / 1.
    expect(state(3).dpaBase).toBe(3.75 * G);
  });
  it('accumulates over uncommitted decoders too (the formula ignores commit state)', () => {
    const { program, state } = setup('type3');
    program(0, dev(0, 2 * G, 1, false, 256 * M), false);
    program(1, dev(2 * G, G, 1, false));
    expect(state(1).dpaBase).toBe(256 * M + 2 * G);
  });
  it('ports have dpaBase 0 and expose their target list', () => {
    const { program, state } = setup('host-bridge');
    program(0, hb(0, 2 * G, [9, 3], false));
    expect(state(0)).toMatchObject({ dpaBase: 0, skip: 0 });
    expect(state(0).targets.slice(0, 2)).toEqual([9, 3]);
  });
});
