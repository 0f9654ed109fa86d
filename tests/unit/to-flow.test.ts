import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FlowView, LAYOUT, type LabFlowNode, ROOT_NODE_ID, toFlow } from '../../src/canvas/to-flow.ts';
import { createLab, linuxNames, listRegions, parseLabFile, type TopologySpec } from '../../src/cxl/index.ts';

/** A preset as the worker reports it: the core's spec, live decoders, regions and Linux names. */
function viewOf(spec: TopologySpec): FlowView {
  const built = createLab(spec);
  if (!built.ok) throw new Error(built.error.message);
  const lab = built.value.lab;
  const snap = lab.snapshot();
  const names = linuxNames(lab.topology);
  const ports: Record<string, { id: number; name: string }> = {};
  for (const [id, p] of names.ports) ports[id] = { id: p.id, name: p.name };
  return {
    spec: snap.spec,
    decoders: snap.decoders,
    findings: built.value.findings,
    regions: listRegions(lab).map((r) => ({
      name: r.name,
      window: r.window,
      base: r.base,
      size: r.size,
      ways: r.ways,
      granularity: r.granularity,
      committed: r.committed,
      members: r.targets.map((t) => t.memdev),
      problems: r.problems,
    })),
    drafts: [],
    linux: { ports, memdevs: Object.fromEntries(names.memdevs) },
  };
}

function preset(id: string): TopologySpec {
  const parsed = parseLabFile(
    readFileSync(new URL(`../../src/presets/${id}.topology.json`, import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  return parsed.value.spec;
}

function node(flow: { nodes: LabFlowNode[] }, id: string): LabFlowNode {
  const n = flow.nodes.find((x) => x.id === id);
  if (n === undefined) throw new Error(`no node ${id}`);
  return n;
}

describe('toFlow on the default preset', () => {
  const flow = toFlow(viewOf(preset('default')));

  it('has the root and every component as a node, of the right type', () => {
    expect(flow.nodes.map((n) => `${n.id}:${n.type}`)).toEqual([
      'cxl-root:cxl-root',
      'hb0:bridge',
      'hb1:bridge',
      'rp0:port',
      'rp1:port',
      'rp2:port',
      'rp3:port',
      'mem0:device',
      'mem1:device',
      'mem2:device',
      'mem3:device',
    ]);
  });

  it('shows Linux names next to the lab ids, and decoder lights from the registers', () => {
    const hb = node(flow, 'hb1');
    const mem = node(flow, 'mem2');
    if (hb.type !== 'bridge' || mem.type !== 'device') throw new Error('types');
    expect(hb.data.linuxName).toBe('port2');
    expect(hb.data.summary).toBe('UID 1');
    expect(hb.data.decoders.map((d) => d.state)).toEqual(['committed', 'off', 'off', 'off']);
    expect(hb.data.decoders[0]?.name).toBe('decoder2.0');
    expect(mem.data.memdev).toBe('mem2');
    expect(mem.data.endpoint).toMatch(/^endpoint\d+$/);
    expect(mem.data.decoders[0]?.title).toContain('0x4c00000000 + 8 GiB, 4-way @ 4 KiB');
    expect(mem.data.volatile).toBe(4 * 2 ** 30);
  });

  it('gives host bridges one labelled handle per root port, in port order', () => {
    const hb = node(flow, 'hb0');
    if (hb.type !== 'bridge') throw new Error('type');
    expect(hb.data.ports.map((p) => [p.port, p.child, p.handleId])).toEqual([
      [0, 'rp0', 'port:0'],
      [1, 'rp1', 'port:1'],
    ]);
  });

  it('draws the window as a bar with its region, and links it to its host bridges', () => {
    const root = node(flow, ROOT_NODE_ID);
    if (root.type !== 'cxl-root') throw new Error('type');
    expect(root.data.windows).toHaveLength(1);
    expect(root.data.windows[0]).toMatchObject({
      id: 'cfmw0',
      rootDecoder: 'decoder0.0',
      base: '0x4c00000000',
      size: '8 GiB',
      interleave: '2-way @ 4 KiB',
      segments: [{ region: 'region0', left: 0, width: 100, committed: true }],
    });
    expect(flow.edges.map((e) => e.id).sort()).toEqual(
      [
        'window:cfmw0->hb0',
        'window:cfmw0->hb1',
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
    const link = flow.edges.find((e) => e.id === 'hb0->rp1');
    expect(link).toMatchObject({ sourceHandle: 'port:1', targetHandle: 'in' });
  });

  it('colours the committed region’s nodes and links alike', () => {
    const colors = new Set(flow.edges.map((e) => e.data?.colors.join(',')));
    expect(colors.size).toBe(1);
    expect(flow.legend).toHaveLength(1);
    const color = flow.legend[0]?.color;
    expect(node(flow, 'mem3').data.colors).toEqual([color]);
  });

  it('lays out a top-down tree: root, host bridges, ports, devices', () => {
    const y = (id: string) => node(flow, id).position.y;
    expect(y('hb0')).toBeGreaterThan(y(ROOT_NODE_ID));
    expect(y('rp0')).toBeGreaterThan(y('hb0'));
    expect(y('mem0')).toBeGreaterThan(y('rp0'));
    const x = (id: string) => node(flow, id).position.x;
    expect(x('mem0')).toBeLessThan(x('mem1'));
    expect(x('mem1')).toBeLessThan(x('mem2'));
    expect(x('mem1') - x('mem0')).toBeGreaterThanOrEqual(LAYOUT.deviceWidth);
  });
});

describe('toFlow on other shapes', () => {
  it('handles an empty topology', () => {
    const flow = toFlow({
      spec: { name: 'empty', windows: [], components: [] },
      decoders: {},
      regions: [],
      findings: [],
    });
    expect(flow.nodes.map((n) => n.id)).toEqual([ROOT_NODE_ID]);
    expect(flow.edges).toEqual([]);
  });

  it('keeps saved positions, moves the root above moved host bridges, and draws drafts unconnected', () => {
    const spec = preset('single');
    for (const c of spec.components) if (c.id === 'hb0') c.position = { x: 1000, y: 500 };
    const view = viewOf(spec);
    view.drafts = [
      {
        kind: 'type3',
        id: 'mem9',
        parent: '',
        volatile: 2 ** 30,
        persistent: 0,
        decoderCount: 4,
        serial: 9,
        decoders: [],
      },
    ];
    const flow = toFlow(view);
    expect(node(flow, 'hb0').position).toEqual({ x: 1000, y: 500 });
    // Its subtree (no saved positions) follows it, keeping the tree's shape.
    const before = toFlow(viewOf(preset('single')));
    const dx = (f: typeof flow, id: string) => node(f, id).position.x - node(f, 'hb0').position.x;
    expect(dx(flow, 'mem0')).toBeCloseTo(dx(before, 'mem0'), 6);
    expect(node(flow, 'mem0').position.y).toBeGreaterThan(500);
    expect(node(flow, ROOT_NODE_ID).position.y).toBeLessThan(500);
    const draft = node(flow, 'mem9');
    expect(draft.type === 'device' && draft.data.draft).toBe(true);
    expect(flow.edges.some((e) => e.target === 'mem9')).toBe(false);
  });

  it('marks uncommitted paths grey and a failed decoder red', () => {
    const spec = preset('single');
    for (const c of spec.components) if (c.kind === 'type3') c.decoders = [];
    const flow = toFlow(viewOf(spec));
    const mem = node(flow, 'mem0');
    expect(mem.data.colors).toEqual([]);
    expect(flow.edges.find((e) => e.target === 'mem0')?.data?.colors).toEqual([]);

    const view = viewOf(preset('single'));
    const first = view.decoders.hb0?.[0];
    if (first === undefined) throw new Error('hb0 has no decoder');
    view.decoders = {
      ...view.decoders,
      hb0: [{ ...first, errorNotCommitted: true, errorReason: 'base not aligned' }],
    };
    const hb = node(toFlow(view), 'hb0');
    expect(hb.data.error).toBe('decoder 0: base not aligned');
  });

  it('lays out the 128-device preset', () => {
    const flow = toFlow(viewOf(preset('scale-128')));
    expect(flow.nodes.filter((n) => n.type === 'device')).toHaveLength(128);
    expect(flow.legend).toHaveLength(8);
  });
});
