// The multi-host canvas layout (issue 18): hosts side by side above the fabric, no overlaps, every vPPB
// and LD drawn, binding edges exactly the fabric manager's binding table, selection both ways, animation marks.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scaleFabricText, scaleHostId } from '../../bench/topologies.ts';
import { fabricFlow } from '../../src/canvas/fabric/fabric-layout.ts';
import { pickOf } from '../../src/canvas/fabric/fabric-node-map.ts';
import type { FabricEdgeData } from '../../src/canvas/fabric/fabric-types.ts';
import type { LabFlowNode } from '../../src/canvas/to-flow.ts';
import type { MultiHostSpec } from '../../src/cxl/fabric/model.ts';
import { fabricNodeId, hostNodeId } from '../../src/lib/fabric-node-ids.ts';
import { twoHostPool } from './helpers/fabric-fixtures.ts';
import { fabricViewOf, fabricViewOfFile } from './helpers/fabric-view.ts';

const preset = (name: string) => readFileSync(`src/presets/multi-host/${name}.cxl-lab.json`, 'utf8');

type Box = { x: number; y: number; w: number; h: number };

/** Absolute rectangles: a child's position is relative to its parent (React Flow's `parentId`). */
function boxes(nodes: readonly LabFlowNode[]): Map<string, Box> {
  const out = new Map<string, Box>();
  for (const n of nodes) {
    const parent = n.parentId === undefined ? undefined : out.get(n.parentId);
    // React Flow needs a parent before its children in the list.
    if (n.parentId !== undefined) expect(parent, `${n.id}'s parent ${n.parentId} comes first`).toBeDefined();
    out.set(n.id, {
      x: n.position.x + (parent?.x ?? 0),
      y: n.position.y + (parent?.y ?? 0),
      w: n.width ?? 0,
      h: n.height ?? 0,
    });
  }
  return out;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, b: Box) =>
  a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

function expectTidy(nodes: readonly LabFlowNode[]): void {
  const rects = boxes(nodes);
  const siblings = new Map<string, LabFlowNode[]>();
  for (const n of nodes) {
    const key = n.parentId ?? '';
    siblings.set(key, [...(siblings.get(key) ?? []), n]);
    expect(rects.get(n.id)?.w, `${n.id} has a width`).toBeGreaterThan(0);
    if (n.parentId !== undefined) {
      const me = rects.get(n.id) as Box;
      const parent = rects.get(n.parentId) as Box;
      expect(inside(me, parent), `${n.id} inside ${n.parentId}`).toBe(true);
    }
  }
  for (const [parent, list] of siblings)
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as LabFlowNode;
        const b = list[j] as LabFlowNode;
        expect(
          overlaps(rects.get(a.id) as Box, rects.get(b.id) as Box),
          `${a.id} / ${b.id} under "${parent}"`,
        ).toBe(false);
      }
}

describe('fabricFlow on the 2-host pool preset', () => {
  const view = fabricViewOfFile(preset('pool-2h-2mld'), 'hostA');
  const flow = fabricFlow(view);
  const ids = new Set(flow.nodes.map((n) => n.id));
  const rects = boxes(flow.nodes);

  it('draws no two cards over each other, and every child inside its parent', () => {
    expectTidy(flow.nodes);
  });

  it('puts the hosts side by side, in file order, above the whole fabric', () => {
    const a = rects.get(hostNodeId('hostA', '~host')) as Box;
    const b = rects.get(hostNodeId('hostB', '~host')) as Box;
    expect(a.x + a.w).toBeLessThanOrEqual(b.x);
    expect(a.y).toBe(b.y);
    const hostsBottom = Math.max(a.y + a.h, b.y + b.h);
    for (const n of flow.nodes)
      if (n.type.startsWith('fabric-') && n.type !== 'fabric-host')
        expect((rects.get(n.id) as Box).y, n.id).toBeGreaterThan(hostsBottom);
    // Devices below the switch.
    const sw = rects.get(fabricNodeId('sw0')) as Box;
    expect((rects.get(fabricNodeId('mld0')) as Box).y).toBeGreaterThan(sw.y + sw.h);
  });

  it('draws each host’s own components in its column, and no fabric part there', () => {
    for (const h of ['hostA', 'hostB']) {
      for (const c of ['cxl-root', 'hb0', 'rp0.0']) {
        const id = hostNodeId(h, c);
        expect(ids.has(id), id).toBe(true);
        expect(flow.nodes.find((n) => n.id === id)?.parentId).toBe(hostNodeId(h, '~host'));
      }
      for (const c of ['sw0.vcs0', 'sw0.vcs1', 'sw0.vcs0.vppb0', 'mld0.ld0', 'mld0.ld1'])
        expect(ids.has(hostNodeId(h, c)), `${h} ${c}`).toBe(false);
    }
  });

  it('draws every VCS, vPPB and LD of the fabric', () => {
    for (const sw of view.spec.fabric.switches)
      for (const vcs of sw.vcss) {
        expect(ids.has(fabricNodeId(`${sw.id}.vcs${vcs.vcs}`))).toBe(true);
        for (const b of vcs.vppbs)
          expect(ids.has(fabricNodeId(`${sw.id}.vcs${vcs.vcs}.vppb${b.vppb}`))).toBe(true);
      }
    for (const d of view.spec.fabric.devices)
      for (const ld of d.lds)
        expect(ids.has(fabricNodeId(`${d.id}.ld${ld.ld}`)), `${d.id} LD ${ld.ld}`).toBe(true);
    // 1 switch + 2 VCS + 4 vPPBs + 2 MLDs + 4 LDs.
    expect(flow.nodes.filter((n) => n.type.startsWith('fabric-') && n.type !== 'fabric-host')).toHaveLength(
      13,
    );
  });

  it('draws one binding edge per bound row of the binding table, to the LD it names, in its host’s colour', () => {
    // Independent of the layout: the table's row → the device attached to (switch, port) → its LD.
    const deviceAt = (sw: string, port: number) =>
      view.spec.fabric.devices.find((d) => d.attach?.switch === sw && d.attach.port === port)?.id;
    const expected = view.bindings
      .filter((r) => r.port !== null)
      .map(
        (r) =>
          `${fabricNodeId(`${r.switch}.vcs${r.vcs}.vppb${r.vppb}`)} -> ${fabricNodeId(`${deviceAt(r.switch, r.port as number)}.ld${r.ld ?? 0}`)}`,
      )
      .sort();
    expect(expected).toHaveLength(4);
    const drawn = flow.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.kind === 'binding');
    expect(drawn.map((e) => `${e.source} -> ${e.target}`).sort()).toEqual(expected);
    const colorOf = (host: string) =>
      (flow.nodes.find((n) => n.id === hostNodeId(host, '~host'))?.data as { color: string } | undefined)
        ?.color;
    for (const e of drawn) {
      const row = view.bindings.find(
        (r) => e.source === fabricNodeId(`${r.switch}.vcs${r.vcs}.vppb${r.vppb}`),
      );
      const data = e.data as FabricEdgeData;
      expect(data.color).toBe(colorOf(row?.host as string));
      // The non-colour cue: the host's name on the edge.
      expect(data.label).toContain(row?.host as string);
    }
    expect(colorOf('hostA')).not.toBe(colorOf('hostB'));
  });

  it('links each host root port to its upstream port, each downstream port to its device', () => {
    const links = flow.edges.map((e) => `${e.source}:${e.sourceHandle} -> ${e.target}:${e.targetHandle}`);
    expect(links).toContain(`${hostNodeId('hostA', 'rp0.0')}:out -> ${fabricNodeId('sw0')}:usp:0`);
    expect(links).toContain(`${hostNodeId('hostB', 'rp0.0')}:out -> ${fabricNodeId('sw0')}:usp:1`);
    expect(links).toContain(`${fabricNodeId('sw0')}:dsp:2 -> ${fabricNodeId('mld0')}:in`);
    expect(links).toContain(`${fabricNodeId('sw0')}:dsp:3 -> ${fabricNodeId('mld1')}:in`);
    for (const e of flow.edges) {
      expect(ids.has(e.source), e.id).toBe(true);
      expect(ids.has(e.target), e.id).toBe(true);
    }
    expect(new Set(flow.edges.map((e) => e.id)).size).toBe(flow.edges.length);
  });

  it('marks the focused host, and maps selection both ways', () => {
    const frame = (h: string) =>
      flow.nodes.find((n) => n.id === hostNodeId(h, '~host'))?.data as { focused: boolean };
    expect(frame('hostA').focused).toBe(true);
    expect(frame('hostB').focused).toBe(false);
    // Store id (a component of the focused host hostA) → node.
    expect(flow.selection.nodeOf.hb0).toBe(hostNodeId('hostA', 'hb0'));
    expect(flow.selection.nodeOf['sw0.vcs0']).toBe(fabricNodeId('sw0.vcs0'));
    expect(flow.selection.nodeOf['sw0.vcs0.vppb1']).toBe(fabricNodeId('sw0.vcs0.vppb1'));
    expect(flow.selection.nodeOf['mld1.ld0']).toBe(fabricNodeId('mld1.ld0'));
    expect(flow.selection.nodeOf[fabricNodeId('mld0')]).toBe(fabricNodeId('mld0'));
    // hostB's VCS is not in hostA's view.
    expect(flow.selection.nodeOf['sw0.vcs1']).toBeUndefined();
    // Node → what a click selects: another host's node focuses that host first.
    expect(flow.selection.pick[hostNodeId('hostB', 'hb0')]).toEqual({ host: 'hostB', id: 'hb0' });
    expect(flow.selection.pick[fabricNodeId('mld0.ld1')]).toEqual({ host: 'hostB', id: 'mld0.ld1' });
    expect(flow.selection.pick[fabricNodeId('sw0.vcs1.vppb0')]).toEqual({
      host: 'hostB',
      id: 'sw0.vcs1.vppb0',
    });
    expect(flow.selection.pick[fabricNodeId('sw0')]).toEqual({ host: null, id: fabricNodeId('sw0') });
    expect(flow.selection.pick[hostNodeId('hostB', '~host')]).toEqual({ host: 'hostB', id: null });
  });

  it('tells what a node selects from its id alone (the context menu) exactly as the layout does', () => {
    for (const n of flow.nodes) expect(pickOf(view, n.id), n.id).toEqual(flow.selection.pick[n.id]);
  });

  it('shows the focused host’s regions in the legend', () => {
    expect(flow.legend.map((r) => r.name)).toEqual(view.hosts[0]?.regions.map((r) => r.name));
  });
});

describe('bindings as they change', () => {
  const spec = twoHostPool();
  const before = fabricViewOf(spec, 'hostA');
  const unbound: MultiHostSpec = structuredClone(spec);
  const vcs0 = unbound.fabric.switches[0]?.vcss[0];
  if (vcs0?.vppbs[1] !== undefined) vcs0.vppbs[1].binding = { state: 'unbound' };
  const after = fabricViewOf(unbound, 'hostA');

  it('animates nothing when a lab is first drawn', () => {
    const flow = fabricFlow(before);
    expect(flow.edges.some((e) => (e.data as FabricEdgeData | undefined)?.entering)).toBe(false);
  });

  it('keeps an unbound binding as a leaving edge, draws an unbound vPPB hollow, then drops it', () => {
    const first = fabricFlow(before);
    const second = fabricFlow(after, first);
    const gone = second.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.leaving);
    expect(gone.map((e) => `${e.source} -> ${e.target}`)).toEqual([
      `${fabricNodeId('sw0.vcs0.vppb1')} -> ${fabricNodeId('mld1.ld0')}`,
    ]);
    const vppb = second.nodes.find((n) => n.id === fabricNodeId('sw0.vcs0.vppb1'));
    expect((vppb?.data as { boundTo: string | null } | undefined)?.boundTo).toBeNull();
    // The next view no longer carries it.
    const third = fabricFlow(after, second);
    expect(third.edges.some((e) => (e.data as FabricEdgeData | undefined)?.leaving)).toBe(false);
  });

  it('marks a new binding as entering', () => {
    const first = fabricFlow(after);
    const second = fabricFlow(before, first);
    const entering = second.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.entering);
    expect(entering.map((e) => e.target)).toEqual([fabricNodeId('mld1.ld0')]);
  });

  it('draws a pending Bind vPPB as a dashed edge with its progress', () => {
    // Bind vPPB is FM opcode 0x5201 (CXL 2.0 §7.6.7.2.2); the lab's background steps are 50 %.
    const pending = fabricViewOf(unbound, 'hostA', {
      opcode: 0x5201,
      switch: 'sw0',
      vcs: 0,
      vppb: 1,
      binding: { state: 'ld', port: 3, ld: 0 },
      percent: 50,
    });
    const flow = fabricFlow(pending);
    const edge = flow.edges.find((e) => (e.data as FabricEdgeData | undefined)?.kind === 'pending');
    expect(edge?.source).toBe(fabricNodeId('sw0.vcs0.vppb1'));
    expect(edge?.target).toBe(fabricNodeId('mld1.ld0'));
    expect((edge?.data as FabricEdgeData | undefined)?.label).toBe('bind in progress 50 %');
    expect(flow.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.kind === 'binding')).toHaveLength(
      3,
    );
  });
});

describe('fabricFlow on the other presets', () => {
  it.each(readdirSync('src/presets/multi-host').filter((f) => f.endsWith('.cxl-lab.json')))(
    '%s: tidy, every vPPB and LD drawn, one binding edge per bound vPPB',
    (file) => {
      const view = fabricViewOfFile(readFileSync(`src/presets/multi-host/${file}`, 'utf8'), 'hostA');
      const flow = fabricFlow(view);
      expectTidy(flow.nodes);
      const ids = new Set(flow.nodes.map((n) => n.id));
      for (const sw of view.spec.fabric.switches)
        for (const vcs of sw.vcss)
          for (const b of vcs.vppbs)
            expect(ids.has(fabricNodeId(`${sw.id}.vcs${vcs.vcs}.vppb${b.vppb}`))).toBe(true);
      for (const d of view.spec.fabric.devices)
        for (const ld of d.lds) expect(ids.has(fabricNodeId(`${d.id}.ld${ld.ld}`))).toBe(true);
      const bound = view.bindings.filter((r) => r.port !== null).length;
      expect(
        flow.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.kind === 'binding'),
      ).toHaveLength(bound);
    },
  );

  it('4 hosts on a multi-headed device: four columns, one head edge per host to its LD', () => {
    const view = fabricViewOfFile(preset('mhd-4h'), 'hostC');
    const flow = fabricFlow(view);
    expectTidy(flow.nodes);
    const frames = flow.nodes.filter((n) => n.type === 'fabric-host');
    expect(frames.map((n) => n.id)).toEqual(
      ['hostA', 'hostB', 'hostC', 'hostD'].map((h) => hostNodeId(h, '~host')),
    );
    const heads = flow.edges.filter((e) => (e.data as FabricEdgeData | undefined)?.kind === 'head');
    expect(heads.map((e) => `${e.source} -> ${e.target}`)).toEqual(
      ['hostA', 'hostB', 'hostC', 'hostD'].map(
        (h, i) => `${hostNodeId(h, 'rp0.0')} -> ${fabricNodeId(`mhd0.ld${i}`)}`,
      ),
    );
    expect(flow.selection.nodeOf['mhd0.ld2']).toBe(fabricNodeId('mhd0.ld2'));
  });

  it('the rebinding demo: hostB’s VCS has one unbound vPPB and no binding edge', () => {
    const view = fabricViewOfFile(preset('rebind-demo'), 'hostA');
    const flow = fabricFlow(view);
    expectTidy(flow.nodes);
    const vppb = flow.nodes.find((n) => n.id === fabricNodeId('sw0.vcs1.vppb0'));
    expect((vppb?.data as { boundTo: string | null } | undefined)?.boundTo).toBeNull();
    expect(flow.edges.some((e) => e.source === fabricNodeId('sw0.vcs1.vppb0'))).toBe(false);
  });
});

describe('fabricFlow on the scale lab (16 hosts × 256 LDs, bench/topologies.ts)', () => {
  const view = fabricViewOfFile(scaleFabricText(), scaleHostId(0));
  const flow = fabricFlow(view);
  const rects = boxes(flow.nodes);

  it('draws no two cards over each other, and every child inside its parent', () => {
    expectTidy(flow.nodes);
  });

  it('fits a 1024×700 window’s canvas at zoom 0.05 or closer', () => {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const r of rects.values()) {
      minX = Math.min(minX, r.x);
      minY = Math.min(minY, r.y);
      maxX = Math.max(maxX, r.x + r.w);
      maxY = Math.max(maxY, r.y + r.h);
    }
    // The canvas at 1024 × 700 with both side panels open (src/app/shell.css below 1200 px: palette
    // 160 px, inspector 280 px): 1024 − 160 − 280 = 584 px wide; at least 300 px tall with the dock
    // open. Fit's padding (canvas-config.ts FIT_VIEW_OPTIONS): 24 px left and right, 24 top, 40 bottom.
    const fitWidth = 584 - 24 - 24;
    const fitHeight = 300 - 24 - 40;
    const zoom = Math.min(fitWidth / (maxX - minX), fitHeight / (maxY - minY));
    expect(zoom).toBeGreaterThanOrEqual(0.05);
  });

  it('puts an MLD’s 16 LD slices in 4 rows of 4, in LD order', () => {
    const mld = rects.get(fabricNodeId('mld0')) as Box;
    const ys = new Set<number>();
    for (let ld = 0; ld < 16; ld++) {
      const r = rects.get(fabricNodeId(`mld0.ld${ld}`)) as Box;
      ys.add(r.y);
      if (ld % 4 !== 0)
        expect(r.x, `LD ${ld} right of LD ${ld - 1}`).toBeGreaterThan(
          (rects.get(fabricNodeId(`mld0.ld${ld - 1}`)) as Box).x,
        );
    }
    expect(ys.size).toBe(4);
    expect(Math.min(...ys)).toBeGreaterThan(mld.y);
  });

  it('keeps the devices below the switches and the switches below the hosts', () => {
    const hostsBottom = Math.max(
      ...flow.nodes
        .filter((n) => n.type === 'fabric-host')
        .map((n) => (rects.get(n.id) as Box).y + (n.height ?? 0)),
    );
    const switches = ['sw0', 'sw1'].map((s) => rects.get(fabricNodeId(s)) as Box);
    for (const s of switches) expect(s.y).toBeGreaterThan(hostsBottom);
    const switchesBottom = Math.max(...switches.map((s) => s.y + s.h));
    for (let d = 0; d < 16; d++)
      expect((rects.get(fabricNodeId(`mld${d}`)) as Box).y).toBeGreaterThan(switchesBottom);
  });
});
