import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Layout, type LayoutComponent, layoutTopology, treeLayout } from '../../src/canvas/layout.ts';
import type { TopologySpec } from '../../src/cxl/topology/model.ts';

const OPTIONS = { gapX: 16, gapY: 48 };

function presetSpec(id: string): TopologySpec {
  return JSON.parse(readFileSync(new URL(`../../src/presets/${id}.topology.json`, import.meta.url), 'utf8'));
}

function components(spec: TopologySpec): LayoutComponent[] {
  return spec.components.map((c) => ({
    id: c.id,
    kind: c.kind,
    ...(c.kind === 'host-bridge' ? {} : { parent: c.parent }),
    order:
      c.kind === 'host-bridge' ? c.uid : c.kind === 'root-port' || c.kind === 'downstream-port' ? c.port : 0,
  }));
}

const SIZES: Record<string, { width: number; height: number }> = {
  root: { width: 420, height: 120 },
  'host-bridge': { width: 180, height: 60 },
  'root-port': { width: 110, height: 36 },
  switch: { width: 170, height: 60 },
  'downstream-port': { width: 110, height: 36 },
  type3: { width: 170, height: 84 },
};

function lay(spec: TopologySpec): {
  layout: Layout;
  size: (id: string) => { width: number; height: number };
} {
  const kinds = new Map(spec.components.map((c) => [c.id, c.kind as string]));
  const size = (id: string) => SIZES[kinds.get(id) ?? 'root'] ?? { width: 100, height: 40 };
  return { layout: layoutTopology('cxl-root', components(spec), size, OPTIONS), size };
}

function rect(layout: Layout, size: (id: string) => { width: number; height: number }, id: string) {
  const p = layout.get(id);
  if (p === undefined) throw new Error(`${id} not laid out`);
  const s = size(id);
  return { id, left: p.x, top: p.y, right: p.x + s.width, bottom: p.y + s.height };
}

/** Every pair of node rectangles is disjoint (sweep over x). */
function overlaps(layout: Layout, size: (id: string) => { width: number; height: number }): string[] {
  const rects = [...layout.keys()].map((id) => rect(layout, size, id)).sort((a, b) => a.left - b.left);
  const found: string[] = [];
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i];
    if (a === undefined) continue;
    for (let j = i + 1; j < rects.length; j++) {
      const b = rects[j];
      if (b === undefined || b.left >= a.right) break;
      if (a.top < b.bottom && b.top < a.bottom) found.push(`${a.id} × ${b.id}`);
    }
  }
  return found;
}

describe('tree layout', () => {
  it('puts the host on top, parents above children, devices on one bottom row', () => {
    const spec = presetSpec('switch-2level');
    const { layout, size } = lay(spec);
    const root = rect(layout, size, 'cxl-root');
    for (const c of spec.components) {
      const me = rect(layout, size, c.id);
      expect(me.top).toBeGreaterThan(root.bottom);
      if (c.kind !== 'host-bridge') expect(me.top).toBeGreaterThan(rect(layout, size, c.parent).bottom);
    }
    const deviceTops = spec.components.filter((c) => c.kind === 'type3').map((c) => layout.get(c.id)?.y);
    expect(new Set(deviceTops).size).toBe(1);
  });

  it('devices at different depths still line up at the bottom', () => {
    const spec: TopologySpec = {
      name: 't',
      windows: [],
      components: [
        { kind: 'host-bridge', id: 'hb0', uid: 0, decoderCount: 4, componentRegBase: 0, decoders: [] },
        { kind: 'root-port', id: 'rp0', parent: 'hb0', port: 0 },
        { kind: 'root-port', id: 'rp1', parent: 'hb0', port: 1 },
        {
          kind: 'type3',
          id: 'shallow',
          parent: 'rp0',
          volatile: 0,
          persistent: 0,
          decoderCount: 1,
          serial: 1,
          decoders: [],
        },
        { kind: 'switch', id: 'sw0', parent: 'rp1', decoderCount: 1, decoders: [] },
        { kind: 'downstream-port', id: 'dsp0', parent: 'sw0', port: 0 },
        {
          kind: 'type3',
          id: 'deep',
          parent: 'dsp0',
          volatile: 0,
          persistent: 0,
          decoderCount: 1,
          serial: 2,
          decoders: [],
        },
      ],
    };
    const { layout, size } = lay(spec);
    expect(layout.get('shallow')?.y).toBe(layout.get('deep')?.y);
    expect(overlaps(layout, size)).toEqual([]);
  });

  it('orders children by port number and host bridges by UID, whatever the file order', () => {
    const spec = presetSpec('hb1-x2');
    // Reverse the component order and swap the port numbers: rp0.1 becomes port 0.
    spec.components.reverse();
    for (const c of spec.components) if (c.kind === 'root-port') c.port = c.id === 'rp0.0' ? 1 : 0;
    const { layout } = lay(spec);
    expect(layout.get('rp0.1')?.x).toBeLessThan(layout.get('rp0.0')?.x ?? 0);
    expect(layout.get('mem1')?.x).toBeLessThan(layout.get('mem0')?.x ?? 0);

    const x12 = presetSpec('x12');
    for (const c of x12.components) if (c.kind === 'host-bridge') c.uid = 100 - c.uid;
    const hbX = (id: string) => lay(x12).layout.get(id)?.x ?? 0;
    expect(hbX('hb11')).toBeLessThan(hbX('hb0'));
  });

  it('centres each parent over its children', () => {
    const spec = presetSpec('default');
    const { layout, size } = lay(spec);
    const centre = (id: string) => (layout.get(id)?.x ?? 0) + size(id).width / 2;
    expect(centre('hb0')).toBeCloseTo((centre('rp0') + centre('rp1')) / 2, 6);
    expect(centre('cxl-root')).toBeCloseTo((centre('hb0') + centre('hb1')) / 2, 6);
    expect(centre('rp0')).toBeCloseTo(centre('mem0'), 6);
  });

  it('lays out the 128-device topology with no overlaps, siblings left to right', () => {
    const spec = presetSpec('scale-128');
    const { layout, size } = lay(spec);
    expect(layout.size).toBe(spec.components.length + 1);
    expect(overlaps(layout, size)).toEqual([]);
    const children = new Map<string, { id: string; port: number }[]>();
    for (const c of spec.components) {
      if (c.kind === 'root-port' || c.kind === 'downstream-port') {
        const list = children.get(c.parent) ?? [];
        list.push({ id: c.id, port: c.port });
        children.set(c.parent, list);
      }
    }
    for (const list of children.values()) {
      const xs = list.sort((a, b) => a.port - b.port).map((p) => layout.get(p.id)?.x ?? Number.NaN);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
    }
    for (const v of layout.values()) expect(Number.isFinite(v.x) && Number.isFinite(v.y)).toBe(true);
  });

  it('lays out unattached components and parent cycles as separate trees to the right', () => {
    const layout = treeLayout(
      [
        { id: 'root', parent: null, order: 0, width: 100, height: 40 },
        { id: 'a', parent: 'root', order: 0, width: 100, height: 40 },
        { id: 'orphan', parent: 'gone', order: 0, width: 100, height: 40 },
        { id: 'c1', parent: 'c2', order: 0, width: 100, height: 40 },
        { id: 'c2', parent: 'c1', order: 0, width: 100, height: 40 },
      ],
      OPTIONS,
    );
    expect(layout.size).toBe(5);
    expect(layout.get('orphan')?.x).toBeGreaterThan((layout.get('a')?.x ?? 0) + 100);
    expect(layout.get('c1')).toBeDefined();
    expect(layout.get('c2')).toBeDefined();
  });

  it('an unattached (draft) device does not move the main tree’s rows', () => {
    const tree = [
      { id: 'root', parent: null, order: 0, width: 100, height: 40 },
      { id: 'hb', parent: 'root', order: 0, width: 100, height: 60 },
      { id: 'rp', parent: 'hb', order: 0, width: 100, height: 30 },
    ];
    const alone = treeLayout(tree, OPTIONS);
    const withDraft = treeLayout(
      [...tree, { id: 'mem', parent: '', order: 0, width: 100, height: 96, sink: true }],
      OPTIONS,
    );
    expect(withDraft.get('rp')).toEqual(alone.get('rp'));
  });

  it('keeps a parent wider than its lopsided children inside its own column', () => {
    const layout = treeLayout(
      [
        { id: 'left', parent: null, order: 0, width: 50, height: 20 },
        { id: 'wide', parent: null, order: 1, width: 600, height: 20 },
        { id: 'k1', parent: 'wide', order: 0, width: 10, height: 20 },
        { id: 'k2', parent: 'wide', order: 1, width: 500, height: 20 },
      ],
      { gapX: 0, gapY: 10, treeGap: 0 },
    );
    expect(layout.get('wide')?.x).toBeGreaterThanOrEqual(50);
  });
});
