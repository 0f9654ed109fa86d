import { describe, expect, it } from 'vitest';
import defaultTopology from '../presets/default.topology.json';
import { parseLabFile } from './lab-file';

function issuesOf(value: unknown): string[] {
  const result = parseLabFile(value);
  return result.ok ? [] : result.issues;
}

describe('parseLabFile', () => {
  it('reads the default preset: 1 window, 2 host bridges, 4 root ports, 4 devices', () => {
    const result = parseLabFile(defaultTopology);
    if (!result.ok) throw new Error(result.issues.join('\n'));
    const lab = result.value;
    expect(lab.windows).toHaveLength(1);
    expect(lab.windows[0]).toMatchObject({ id: 'cfmw0', base: 0x4c00000000, size: 0x200000000, ways: 2 });
    const kinds = lab.components.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'host-bridge')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'root-port')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'type3')).toHaveLength(4);
    const mem0 = lab.components.find((c) => c.id === 'mem0');
    expect(mem0).toMatchObject({ kind: 'type3', parent: 'rp0', volatile: 4 * 2 ** 30, persistent: 0 });
    expect(mem0?.decoders[0]).toMatchObject({
      ways: 4,
      granularity: 4096,
      skip: 0,
      commit: true,
      lock: false,
    });
  });

  it('encodes the 4-way region consistently: window ways x host-bridge ways = device ways', () => {
    const result = parseLabFile(defaultTopology);
    if (!result.ok) throw new Error(result.issues.join('\n'));
    const { windows, components } = result.value;
    const window = windows[0];
    const hb0 = components.find((c) => c.id === 'hb0')?.decoders[0];
    const mem3 = components.find((c) => c.id === 'mem3')?.decoders[0];
    expect(window && hb0 && mem3).toBeTruthy();
    if (!window || !hb0 || !mem3) return;
    expect(window.ways * hb0.ways).toBe(mem3.ways);
    // Host-bridge granularity = window granularity x window ways (the root selects on the lower bits).
    expect(hb0.granularity).toBe(window.granularity * window.ways);
    expect(mem3.granularity).toBe(window.granularity);
    expect(mem3.size / mem3.ways).toBe(2 * 2 ** 30);
  });

  it('rejects another format', () => {
    expect(issuesOf({ format: 'cxl-lab/2' })).toEqual(['format: expected "cxl-lab/1", got "cxl-lab/2"']);
    expect(issuesOf([])).toEqual(['file: expected a JSON object']);
  });

  it('reports every problem with its path', () => {
    const issues = issuesOf({
      format: 'cxl-lab/1',
      windows: [{ id: 'w', base: 'nope', size: '1G', ways: 1, granularity: 256, targets: ['hbX'] }],
      components: [
        { id: 'hb0', kind: 'host-bridge', uid: -1 },
        { id: 'hb0', kind: 'host-bridge', uid: 1 },
        { id: 'rp0', kind: 'root-port', parent: 'nowhere', port: 0 },
        { id: 'x', kind: 'gpu' },
      ],
    });
    expect(issues).toEqual([
      'file.windows[0].base: expected a byte count below 2^52 ("0x…", "4G" or a number)',
      'file.components[0].uid: expected a non-negative integer',
      'file.components[3].kind: expected one of host-bridge, root-port, switch, downstream-port, type3',
      'file.components[1].id: duplicate id "hb0"',
      'file.components[2].parent: no component "nowhere"',
      'file.windows[0].targets[0]: no host bridge "hbX"',
    ]);
  });

  it('rejects parent cycles', () => {
    const issues = issuesOf({
      format: 'cxl-lab/1',
      components: [
        { id: 'a', kind: 'switch', parent: 'b' },
        { id: 'b', kind: 'switch', parent: 'a' },
      ],
    });
    expect(issues).toEqual([
      'file.components[0].parent: "a" is its own ancestor',
      'file.components[1].parent: "b" is its own ancestor',
    ]);
  });
});
