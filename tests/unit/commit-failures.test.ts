/**
 * Commit failures as objects (check id, reason, spec section) from the register engine on, and
 * `commitControl` refusing ways or granularities that have no IW / IG encoding.
 */
import { describe, expect, it } from 'vitest';
import { type CommitFailure, formatFailures } from '../../src/cxl/hdm/commit.ts';
import { ComponentRegisters } from '../../src/cxl/hdm/component-registers.ts';
import { commitControl } from '../../src/cxl/region/registers.ts';

function type3(decoders: number): ComponentRegisters {
  const r = ComponentRegisters.create('type3', decoders);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const PREVIOUS: CommitFailure = {
  check: 'spec.previous-committed',
  message: 'decoder 0 is not committed',
  spec: 'CXL r3.1 §8.2.4.20.12',
};

describe('commitControl', () => {
  it('prepares IG, IW, Target Range Type and Commit from the current value', () => {
    // CXL r3.1 §8.2.4.20.7 Decoder Control: IG bits 3:0, IW bits 7:4, Commit bit 9, Target Range
    // Type bit 12. 2 ways → IW 1, 256 B → IG 0: 1 << 4 | 1 << 9 | 1 << 12 = 0x10 + 0x200 + 0x1000.
    expect(commitControl(0, 2, 256)).toEqual({ ok: true, value: 0x1210 });
    // 3 ways → IW 8, 4 KiB → IG 4 (4096 = 256 << 4), Lock On Commit (bit 8) kept from the read value.
    expect(commitControl(0x100, 3, 4096)).toEqual({ ok: true, value: 0x84 | 0x100 | 0x200 | 0x1000 });
  });

  it('refuses ways or a granularity without an encoding instead of writing 0', () => {
    const ways = commitControl(0, 5, 256);
    expect(ways.ok).toBe(false);
    if (!ways.ok) expect(ways.error.message).toContain('5');
    const granularity = commitControl(0, 2, 384);
    expect(granularity.ok).toBe(false);
    if (!granularity.ok) expect(granularity.error.message).toContain('384');
  });
});

describe('commit failures as objects', () => {
  it('a refused commit reports each failed check with its section, and the registers keep them', () => {
    const regs = type3(2);
    const hdm = regs.hdmOffset ?? 0;
    // Decoder 1 Control at HDM + 0x10 + 0x20 × 1 + 0x10 (CXL r3.1 §8.2.4.20.7): Lock On Commit (bit 8)
    // and Commit (bit 9) while decoder 0 is not committed (§8.2.4.20.12: decoder m before m+1).
    const w = regs.write32(hdm + 0x40, 0x300);
    expect(w.ok && w.value.commit?.failures).toEqual([PREVIOUS]);
    expect(regs.commitFailures(1)).toEqual([PREVIOUS]);
    expect(regs.errorReason(1)).toBe(formatFailures([PREVIOUS]));
    // A cxl-lab/1 file keeps only the reason text: the saved state carries no objects.
    expect(regs.exportState().commitFailures).toBeUndefined();
  });

  it('loads saved failures that match the reason and refuses ones that do not', () => {
    const reason = formatFailures([PREVIOUS]);
    const good = type3(2);
    expect(
      good.importState({
        registers: [],
        lockedDecoders: [],
        errorReasons: [[1, reason]],
        commitFailures: [[1, [PREVIOUS]]],
      }).ok,
    ).toBe(true);
    expect(good.commitFailures(1)).toEqual([PREVIOUS]);
    const forged = type3(2).importState({
      registers: [],
      lockedDecoders: [],
      errorReasons: [[1, reason]],
      commitFailures: [[1, [{ ...PREVIOUS, check: 'spec.no-wrap' }]]],
    });
    expect(forged.ok).toBe(false);
    if (!forged.ok) expect(forged.error.code).toBe('registers.bad-failures');
  });

  it('a reason known only as text stays text when the checks no longer give it', () => {
    const regs = type3(2);
    // No registers programmed: decoder 1's Control reads 0 (no Lock On Commit), so re-running the
    // checks fails nothing and the text is all that is known.
    expect(regs.importState({ registers: [], lockedDecoders: [], errorReasons: [[1, 'recorded']] }).ok).toBe(
      true,
    );
    expect(regs.errorReason(1)).toBe('recorded');
    expect(regs.commitFailures(1)).toBeUndefined();
  });
});
