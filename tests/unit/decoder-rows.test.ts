import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLab, parseLabFile } from '../../src/cxl/index.ts';
import { decoderRows } from '../../src/panels/decoder-rows.ts';

function defaultLab() {
  const parsed = parseLabFile(
    readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  const built = createLab(parsed.value);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.lab;
}

describe('decoderRows', () => {
  it('lists the live decoders of the default topology, resolving target ports', () => {
    const lab = defaultLab();
    const rows = decoderRows(lab.snapshot());
    expect(rows.map((r) => r.name)).toEqual(['hb0.0', 'hb1.0', 'mem0.0', 'mem1.0', 'mem2.0', 'mem3.0']);
    expect(rows[1]).toMatchObject({
      range: '0x4c00000000–0x4dffffffff',
      size: '8 GiB',
      interleave: '2-way @ 8 KiB',
      targets: '0 → rp2, 1 → rp3',
      skip: null,
      state: 'committed',
      committed: true,
    });
    expect(rows[2]).toMatchObject({ interleave: '4-way @ 4 KiB', targets: null, skip: '0' });
  });

  it('follows the registers: an uncommitted decoder says so', () => {
    const lab = defaultLab();
    const hdm = lab.hdmBase('mem1') ?? 0;
    // Decoder 0 Control is at HDM + 0x20; clearing Commit (bit 9) uncommits it.
    const ctrl = lab.mmioRead32('mem1', hdm + 0x20);
    if (!ctrl.ok) throw new Error(ctrl.error.message);
    lab.mmioWrite32('mem1', hdm + 0x20, ctrl.value & ~(1 << 9));
    const row = decoderRows(lab.snapshot()).find((r) => r.name === 'mem1.0');
    expect(row).toMatchObject({ state: 'not committed', committed: false });
  });
});
