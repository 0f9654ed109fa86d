/** The register panel's data for a CXL 1.1 RCH (RCRB layout) and RCD (DVSEC registers with values). */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/cxl/lab.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { registerDump } from '../../src/worker/inspect.ts';
import { rcrbBlocksView } from '../../src/worker/rch-inspect.ts';

function presetLab() {
  const parsed = parseLabFile(PRESETS.find((p) => p.id === 'rch')?.text ?? '');
  if (!parsed.ok) throw new Error('preset');
  const made = createLab(parsed.value);
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

describe('register dump of a restricted host and device', () => {
  const lab = presetLab();

  it('shows the RCH RCRB at the CHBS base, upstream half at +4 KiB', () => {
    const d = registerDump(lab, 'rch0');
    const view = d.ok ? d.value.restricted : undefined;
    expect(view?.kind).toBe('rch');
    // RCRB 0xFED0_0000: upstream MEMBAR0 Low at 0xFED0_0000 + 0x1000 + 0x10 = 0xFED0_1010.
    const row = view?.rows.find((r) => r.block === 'RCD upstream port RCRB' && r.name === 'MEMBAR0 Low');
    // Its value: the RCD's component block 0xFED2_0000 (two 64 KiB steps above the RCRB end
    // 0xFED0_2000, the lab's choice) | type 10b << 1 (64-bit) = 0xFED2_0004.
    expect([row?.address, row?.offset, row?.value]).toEqual([0xfed0_1010, 0x1010, 0xfed2_0004]);
  });

  it('names where both MEMBAR0s point, as Linux decodes them', () => {
    const d = registerDump(lab, 'rch0');
    const blocks = d.ok ? d.value.restricted?.componentBlocks : undefined;
    // Downstream: first 64 KiB boundary at or above 0xFED0_0000 + 0x2000 = 0xFED1_0000; upstream 0xFED2_0000.
    expect(blocks?.map((b) => b.address)).toEqual([0xfed1_0000, 0xfed2_0000]);
    expect(blocks?.[1]?.label).toBe('RCD mem0 upstream port component registers');
    // Only the extended capability chain at 0x100 stays unmodeled.
    const unmodeled = (d.ok ? (d.value.restricted?.rows ?? []) : []).filter((r) => r.value === null);
    expect(unmodeled.map((r) => r.offset)).toEqual([0x100, 0x1100]);
  });

  it('shows the RCD DVSEC Range 1 registers with their values', () => {
    const d = registerDump(lab, 'mem0');
    const rows = d.ok ? (d.value.restricted?.rows ?? []) : [];
    const value = (name: string) => rows.find((r) => r.name === name)?.value;
    // Range 1 = 0x4C_0000_0000 + 4 GiB: Size High = 1, Size Low = 0 | Active | Info_Valid = 3,
    // Base High = 0x4C, Base Low = 0; Control = Mem_Enable (bit 2) = 4.
    expect(
      ['Range 1 Size High', 'Range 1 Size Low', 'Range 1 Base High', 'Range 1 Base Low'].map(value),
    ).toEqual([1, 3, 0x4c, 0]);
    expect(value('DVSEC CXL Control')).toBe(4);
    expect(rows.find((r) => r.name === 'Range 1 Base Low')?.offset).toBe(0x24);
    expect(
      rows.some(
        (r) => r.block === 'Linux emulated decoder' && r.note.startsWith('HPA [0x4c00000000, 0x4d00000000)'),
      ),
    ).toBe(true);
  });

  it('gives the Inspector the blocks for the RCH and its RCD', () => {
    // RCRB 0xFED0_0000: DSP block 0xFED1_0000, RCD block 0xFED1_0000 + 0x1_0000 = 0xFED2_0000.
    expect(rcrbBlocksView(lab)).toEqual({
      rch0: [
        { name: 'DSP component regs', address: 0xfed1_0000 },
        { name: 'RCD component regs', address: 0xfed2_0000 },
      ],
      mem0: [{ name: 'Component regs (RCRB MEMBAR0)', address: 0xfed2_0000 }],
    });
  });
});
