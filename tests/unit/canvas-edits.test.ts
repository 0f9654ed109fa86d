import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConnection, graphComponents } from '../../src/canvas/connect-rules.ts';
import { edgeKey, paintCanvas, regionColor, windowEdgeKey } from '../../src/canvas/paint.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { listRegions } from '../../src/cxl/region/registry.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';
import {
  addComponent,
  clearPositions,
  connect,
  copyComponents,
  disconnect,
  type EditDoc,
  pasteComponents,
  removeComponents,
  setPositions,
  UNASSIGNED_PORT,
  updateComponent,
} from '../../src/lib/topology-edits.ts';

function preset(id: string): EditDoc {
  const parsed = parseLabFile(
    readFileSync(new URL(`../../src/presets/${id}.topology.json`, import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('bad preset');
  return { spec: parsed.value.spec, drafts: [] };
}

function must(r: ReturnType<typeof addComponent>): EditDoc & { created: string[] } {
  if (!r.ok) throw new Error(r.reason);
  return { ...r.doc, created: r.created ?? [] };
}

function valid(doc: EditDoc): boolean {
  const v = validateTopology(doc.spec);
  if (!v.ok) throw new Error(v.error.map((e) => e.message).join('\n'));
  return true;
}

const graph = (doc: EditDoc) => ({
  rootId: 'cxl-root',
  components: graphComponents(doc),
  windows: doc.spec.windows,
});

describe('canvas edits', () => {
  it('builds a host bridge → root port → device chain from the palette, valid at every step', () => {
    let doc: EditDoc = { spec: { name: 'new', windows: [], components: [] }, drafts: [] };
    const hb = must(addComponent(doc, 'host-bridge', { x: 10, y: 20 }));
    expect(hb.created).toEqual(['hb0']);
    expect(hb.spec.components[0]).toMatchObject({ id: 'hb0', uid: 0, componentRegBase: 0x1_0000_0000 });
    const rp = must(addComponent(hb, 'root-port', { x: 0, y: 100 }));
    expect(rp.drafts[0]).toMatchObject({ id: 'rp0', parent: '', port: UNASSIGNED_PORT });
    const mem = must(addComponent(rp, 'type3', { x: 0, y: 200 }));
    doc = mem;
    // Device to the draft port first (both drafts), then the port to the host bridge.
    doc = must(connect(doc, checkConnection(graph(doc), { node: 'rp0' }, { node: 'mem0' })));
    expect(doc.drafts.map((c) => c.id).sort()).toEqual(['mem0', 'rp0']);
    doc = must(connect(doc, checkConnection(graph(doc), { node: 'hb0' }, { node: 'rp0' })));
    expect(doc.drafts).toEqual([]);
    expect(doc.spec.components.map((c) => c.id)).toEqual(['hb0', 'rp0', 'mem0']);
    expect(doc.spec.components[1]).toMatchObject({ parent: 'hb0', port: 0 });
    expect(valid(doc)).toBe(true);
    const hb1 = must(addComponent(doc, 'host-bridge'));
    expect(hb1.spec.components.find((c) => c.id === 'hb1')).toMatchObject({
      uid: 1,
      componentRegBase: 0x1_0001_0000,
    });
  });

  it('disconnecting moves the subtree to drafts; deleting removes it and cleans up windows', () => {
    const doc = preset('default');
    const cut = must(disconnect(doc, 'rp1'));
    expect(cut.drafts.map((c) => c.id)).toEqual(['rp1', 'mem1']);
    expect(cut.drafts[0]).toMatchObject({ parent: '' });
    expect(valid(cut)).toBe(true);
    const gone = must(removeComponents(doc, ['hb1']));
    expect(gone.spec.components.map((c) => c.id)).toEqual(['hb0', 'rp0', 'rp1', 'mem0', 'mem1']);
    expect(gone.spec.windows[0]).toMatchObject({ targets: ['hb0'], ways: 1 });
    expect(valid(gone)).toBe(true);
    const window = must(disconnect(doc, 'hb1', 'cfmw0'));
    expect(window.spec.windows[0]?.targets).toEqual(['hb0']);
    expect(disconnect(window, 'hb0', 'cfmw0')).toMatchObject({ ok: false });
  });

  it('connects a window to another host bridge and keeps the window size encodable', () => {
    const doc = must(addComponent(preset('default'), 'host-bridge'));
    const v = checkConnection(graph(doc), { node: 'cxl-root', handle: 'window:cfmw0' }, { node: 'hb2' });
    const next = must(connect(doc, v));
    expect(next.spec.windows[0]).toMatchObject({ ways: 3, targets: ['hb0', 'hb1', 'hb2'] });
    expect((next.spec.windows[0]?.size ?? 0) % (3 * 2 ** 28)).toBe(0);
    expect(valid(next)).toBe(true);
  });

  it('copies and pastes a subtree with fresh ids, no decoders, unattached at the top', () => {
    const doc = preset('switch-x4');
    const copied = copyComponents(doc, ['sw0']);
    expect(copied.map((c) => c.id)).toEqual([
      'sw0',
      'dsp0.0',
      'dsp0.1',
      'dsp0.2',
      'dsp0.3',
      'mem0',
      'mem1',
      'mem2',
      'mem3',
    ]);
    const pasted = must(pasteComponents(doc, copied, { x: 40, y: 40 }));
    expect(pasted.created[0]).toBe('sw1');
    expect(pasted.drafts.find((c) => c.id === 'sw1')).toMatchObject({ parent: '', decoders: [] });
    const pastedMem = pasted.drafts.filter((c) => c.kind === 'type3');
    expect(pastedMem.every((c) => c.kind === 'type3' && c.decoders.length === 0)).toBe(true);
    expect(new Set(pastedMem.map((c) => (c.kind === 'type3' ? c.serial : 0))).size).toBe(4);
    // The copy's inner links are kept.
    const copiedPorts = pasted.drafts.filter((c) => c.kind === 'downstream-port');
    expect(copiedPorts.every((c) => c.kind === 'downstream-port' && c.parent === 'sw1')).toBe(true);
    // A pasted host bridge joins the topology with its subtree.
    const hbDoc = preset('default');
    const hbPaste = must(pasteComponents(hbDoc, copyComponents(hbDoc, ['hb1']), { x: 0, y: 0 }));
    expect(hbPaste.drafts).toEqual([]);
    expect(valid(hbPaste)).toBe(true);
    expect(hbPaste.spec.components.filter((c) => c.kind === 'host-bridge')).toHaveLength(3);
  });

  it('stores and clears positions', () => {
    const doc = setPositions(preset('single'), new Map([['mem0', { x: 10.4, y: 20.6 }]]));
    expect(doc.spec.components.find((c) => c.id === 'mem0')?.position).toEqual({ x: 10, y: 21 });
    expect(clearPositions(doc).spec.components.every((c) => c.position === undefined)).toBe(true);
  });

  it('edits a property and lets the core judge it', () => {
    const r = must(updateComponent(preset('single'), 'mem0', { volatile: 3 * 2 ** 27 }));
    const v = validateTopology(r.spec);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error[0]).toMatchObject({ component: 'mem0', field: 'volatile' });
  });
});

describe('canvas paint', () => {
  it('colours every node and link on a committed region’s paths; other paths stay uncoloured', () => {
    const doc = preset('farm-32');
    const built = createLab(doc.spec);
    if (!built.ok) throw new Error(built.error.message);
    const lab = built.value.lab;
    const regions = listRegions(lab).map((r) => ({
      name: r.name,
      window: r.window,
      base: r.base,
      size: r.size,
      ways: r.ways,
      granularity: r.granularity,
      committed: r.committed,
      members: r.targets.map((t) => t.memdev),
      problems: r.problems,
    }));
    const snap = lab.snapshot();
    const paint = paintCanvas(doc.spec, regions, snap.decoders);
    expect(paint.legend.map((l) => l.name)).toEqual(['region0', 'region1', 'region2', 'region3', 'region4']);
    expect(paint.nodeRegions.get('hb0')).toEqual(['region0', 'region1', 'region2']);
    expect(paint.nodeRegions.get('mem0')).toEqual(['region0']);
    expect(paint.edgeRegions.get(edgeKey('dsp0.0', 'mem0'))).toEqual(['region0']);
    expect(paint.edgeRegions.get(windowEdgeKey('cfmw3', 'hb2'))).toEqual(['region3']);
    expect(paint.nodeRegions.get('mem30')).toBeUndefined();
    expect(paint.edgeRegions.get(edgeKey('dsp7.2', 'mem30'))).toBeUndefined();
    expect(paint.colors.get('region1')).toBe(regionColor('region1'));
    expect(regionColor('region0')).not.toBe(regionColor('region1'));
    expect(paint.errors.size).toBe(0);
  });

  it('marks a component whose decoder did not commit, with the reason', () => {
    const paint = paintCanvas({ name: 'x', windows: [], components: [] }, [], {
      hb0: [
        {
          index: 0,
          errorNotCommitted: true,
          errorReason: 'base 0x10 not 256 MiB aligned',
        } as never,
      ],
    });
    expect(paint.errors.get('hb0')).toBe('decoder 0: base 0x10 not 256 MiB aligned');
  });
});
