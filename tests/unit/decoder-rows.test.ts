import { describe, expect, it } from 'vitest';
import { parseLabFile } from '../lib/lab-file';
import defaultTopology from '../presets/default.topology.json';
import { decoderRows } from './decoder-rows';

describe('decoderRows', () => {
  it('lists every authored decoder of the default topology, resolving target ports', () => {
    const result = parseLabFile(defaultTopology);
    if (!result.ok) throw new Error(result.issues.join('\n'));
    const rows = decoderRows(result.value);
    expect(rows.map((r) => r.name)).toEqual(['hb0.0', 'hb1.0', 'mem0.0', 'mem1.0', 'mem2.0', 'mem3.0']);
    expect(rows[1]).toMatchObject({
      range: '0x4c00000000–0x4dffffffff',
      size: '8 GiB',
      interleave: '2-way @ 8 KiB',
      targets: '0 → rp2, 1 → rp3',
      skip: null,
      state: 'committed',
    });
    expect(rows[2]).toMatchObject({ interleave: '4-way @ 4 KiB', targets: null, skip: '0' });
  });
});
