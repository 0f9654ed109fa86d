import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUT, ROOT_NODE_ID, toFlow } from '../../src/canvas/to-flow.ts';
import { createLab, parseLabFile, type TopologySpec } from '../../src/cxl/index.ts';

/** The default preset as the worker reports it: the core's validated spec and live decoders. */
function defaultView() {
  const parsed = parseLabFile(
    readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  const built = createLab(parsed.value);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.lab.snapshot();
}

describe('toFlow on the default topology', () => {
  const view = defaultView();
  const flow = toFlow(view.spec, view.decoders);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const position = (id: string) => {
    const node = byId.get(id);
    if (!node) throw new Error(`no node ${id}`);
    return node.position;
  };

  it('has the root and every component as a node', () => {
    expect(flow.nodes.map((n) => n.id)).toEqual([
      ROOT_NODE_ID,
      'hb0',
      'hb1',
      'rp0',
      'rp1',
      'rp2',
      'rp3',
      'mem0',
      'mem1',
      'mem2',
      'mem3',
    ]);
  });

  it('says how many decoders are committed, live from the registers', () => {
    const node = byId.get('mem0');
    expect(node?.type === 'component' ? node.data.detail : null).toBe('Type 3 · 1 decoder');
    const rp = byId.get('rp0');
    expect(rp?.type === 'component' ? rp.data.detail : null).toBe('Root port');
  });

  it('labels nodes like the file reads: hb0 · UID 0, rp1 · port 1, mem0 · 4 GiB ram', () => {
    const label = (id: string) => {
      const node = byId.get(id);
      return node?.type === 'component' ? `${node.data.componentId} · ${node.data.summary}` : undefined;
    };
    expect(label('hb0')).toBe('hb0 · UID 0');
    expect(label('hb1')).toBe('hb1 · UID 1');
    expect(label('rp1')).toBe('rp1 · port 1');
    expect(label('mem0')).toBe('mem0 · 4 GiB ram');
  });

  it('shows the window on the root', () => {
    const root = byId.get(ROOT_NODE_ID);
    expect(root?.type).toBe('cxl-root');
    if (root?.type !== 'cxl-root') return;
    expect(root.data.windows).toEqual([
      { id: 'cfmw0', base: '0x4c00000000', size: '8 GiB', interleave: '2-way @ 4 KiB', targets: 'hb0, hb1' },
    ]);
  });

  it('connects each parent to its children, the root to each host bridge', () => {
    expect(flow.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(
      [
        'cxl-root->hb0',
        'cxl-root->hb1',
        'hb0->rp0',
        'hb0->rp1',
        'hb1->rp2',
        'hb1->rp3',
        'rp0->mem0',
        'rp1->mem1',
        'rp2->mem2',
        'rp3->mem3',
      ].sort(),
    );
  });

  it('lays out a top-down tree: one row per level, left to right in file order', () => {
    expect(position('hb0').y).toBeGreaterThan(position(ROOT_NODE_ID).y);
    expect(position('rp0').y).toBeGreaterThan(position('hb0').y);
    expect(position('mem0').y).toBeGreaterThan(position('rp0').y);
    for (const row of [
      ['hb0', 'hb1'],
      ['rp0', 'rp1', 'rp2', 'rp3'],
      ['mem0', 'mem1', 'mem2', 'mem3'],
    ]) {
      const ys = new Set(row.map((id) => position(id).y));
      expect(ys.size).toBe(1);
      const xs = row.map((id) => position(id).x);
      for (let i = 1; i < xs.length; i++) {
        expect((xs[i] ?? 0) - (xs[i - 1] ?? 0)).toBeGreaterThanOrEqual(LAYOUT.nodeWidth + LAYOUT.gapX);
      }
    }
  });

  it('centres each parent over its children', () => {
    const centre = (id: string, width: number = LAYOUT.nodeWidth) => position(id).x + width / 2;
    expect(centre('hb0')).toBeCloseTo((centre('rp0') + centre('rp1')) / 2);
    expect(centre('rp2')).toBeCloseTo(centre('mem2'));
    expect(centre(ROOT_NODE_ID, LAYOUT.rootWidth)).toBeCloseTo((centre('hb0') + centre('hb1')) / 2);
  });

  it('makes nodes read-only', () => {
    expect(flow.nodes.every((n) => n.draggable === false && n.connectable === false)).toBe(true);
  });
});

describe('toFlow on other shapes', () => {
  it('handles an empty topology', () => {
    const flow = toFlow({ name: 'empty', windows: [], components: [] });
    expect(flow.nodes.map((n) => n.id)).toEqual([ROOT_NODE_ID]);
    expect(flow.edges).toEqual([]);
  });

  it('draws a switch level and describes devices with both capacities', () => {
    const spec: TopologySpec = {
      name: 'switch',
      windows: [],
      components: [
        {
          id: 'hb0',
          kind: 'host-bridge',
          uid: 0,
          decoderCount: 4,
          componentRegBase: 0x100000000,
          decoders: [],
        },
        { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
        { id: 'sw0', kind: 'switch', parent: 'rp0', decoderCount: 4, decoders: [] },
        { id: 'dsp0', kind: 'downstream-port', parent: 'sw0', port: 2 },
        {
          id: 'mem0',
          kind: 'type3',
          parent: 'dsp0',
          volatile: 2 ** 30,
          persistent: 2 ** 31,
          decoderCount: 4,
          serial: 1,
          decoders: [],
        },
        {
          id: 'empty',
          kind: 'type3',
          parent: 'dsp0',
          volatile: 0,
          persistent: 0,
          decoderCount: 4,
          serial: 2,
          decoders: [],
        },
      ],
    };
    const flow = toFlow(spec);
    const summary = (id: string) => {
      const node = flow.nodes.find((n) => n.id === id);
      return node?.type === 'component' ? node.data.summary : undefined;
    };
    expect(summary('sw0')).toBeNull();
    expect(summary('dsp0')).toBe('port 2');
    expect(summary('mem0')).toBe('1 GiB ram + 2 GiB pmem');
    expect(summary('empty')).toBe('no capacity');
    const y = (id: string) => flow.nodes.find((n) => n.id === id)?.position.y ?? Number.NaN;
    expect(y('mem0')).toBeGreaterThan(y('dsp0'));
    expect(y('dsp0')).toBeGreaterThan(y('sw0'));
  });
});
