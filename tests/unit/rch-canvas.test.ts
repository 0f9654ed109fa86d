/**
 * Building a CXL 1.1 host on the canvas: the palette's restricted host, the connection rule below it
 * (one RCD, no root ports), and the device edits that make it an RCD and back.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection, connectGraph } from '../../src/canvas/connect-rules';
import { validateTopology } from '../../src/cxl/topology/validate.ts';
import { addComponent, connect, type EditDoc } from '../../src/lib/topology-edits';

const ROOT = 'cxl-root';
const GIB = 2 ** 30;

function start(): EditDoc {
  return {
    spec: {
      name: 't',
      windows: [],
      components: [],
    },
    drafts: [],
  };
}

function mustAdd(doc: EditDoc, item: Parameters<typeof addComponent>[1]): { doc: EditDoc; id: string } {
  const r = addComponent(doc, item);
  if (!r.ok) throw new Error(r.reason);
  return { doc: r.doc, id: r.created?.[0] ?? '' };
}

describe('a restricted host built on the canvas', () => {
  it('is a host bridge with restricted, no decoders and an 8 KiB aligned RCRB', () => {
    const { doc, id } = mustAdd(start(), 'rch');
    const hb = doc.spec.components.find((c) => c.id === id);
    expect(id).toBe('rch0');
    expect(hb).toMatchObject({ kind: 'host-bridge', restricted: true, decoderCount: 0, decoders: [] });
    // 0xFED0_0000 = 0x7F68 × 0x2000: 8 KiB aligned.
    expect(hb?.kind === 'host-bridge' && hb.componentRegBase % 0x2000).toBe(0);
  });

  it('takes one Type 3 device directly below it and refuses root ports and a second device', () => {
    let { doc, id: rch } = mustAdd(start(), 'rch');
    // A 1 GiB window on it, so the device's DVSEC range has somewhere to point.
    doc.spec.windows.push({
      id: 'cfmw0',
      base: 0x10_0000_0000,
      size: GIB,
      ways: 1,
      granularity: 256,
      arithmetic: 'modulo',
      xormaps: [],
      targets: [rch],
      restrictions: ['type3', 'volatile'],
      qtg: 0,
    });
    const port = mustAdd(doc, 'root-port');
    doc = port.doc;
    const graph = () => connectGraph(ROOT, doc);
    const rp = checkConnection(graph(), { node: rch }, { node: port.id });
    expect(!rp.ok && rp.reason).toContain('has no root ports');

    const dev = mustAdd(doc, 'type3');
    doc = dev.doc;
    const verdict = checkConnection(graph(), { node: rch, handle: 'out' }, { node: dev.id });
    expect(verdict).toEqual({ ok: true, action: 'attach', parent: rch, child: dev.id });
    const joined = connect(doc, verdict);
    if (!joined.ok) throw new Error(joined.reason);
    doc = joined.doc;
    // The device became an RCD: no HDM decoders; DVSEC Range 1 = the window (1 GiB, less than its 4 GiB).
    expect(doc.spec.components.find((c) => c.id === dev.id)).toMatchObject({
      parent: rch,
      decoderCount: 0,
      dvsec: { memEnable: true, ranges: [{ base: 0x10_0000_0000, size: GIB }] },
    });
    expect(validateTopology(doc.spec).ok).toBe(true);

    const second = mustAdd(doc, 'type3');
    const again = checkConnection(connectGraph(ROOT, second.doc), { node: rch }, { node: second.id });
    expect(!again.ok && again.reason).toBe(`${rch} already has its device (${dev.id}): one RCD per RCH`);
  });

  it('a device moved below a root port is an ordinary Type 3 device again', () => {
    let { doc, id: hb } = mustAdd(start(), 'host-bridge');
    const rp = mustAdd(doc, 'root-port');
    doc = rp.doc;
    const c1 = connect(doc, checkConnection(connectGraph(ROOT, doc), { node: hb }, { node: rp.id }));
    if (!c1.ok) throw new Error(c1.reason);
    doc = c1.doc;
    const dev = mustAdd(doc, 'type3');
    doc = dev.doc;
    const d = doc.drafts.find((c) => c.id === dev.id);
    if (d?.kind !== 'type3') throw new Error('no draft');
    d.decoderCount = 0;
    d.dvsec = { memEnable: true, ranges: [] };
    const c2 = connect(doc, checkConnection(connectGraph(ROOT, doc), { node: rp.id }, { node: dev.id }));
    if (!c2.ok) throw new Error(c2.reason);
    const placed = c2.doc.spec.components.find((c) => c.id === dev.id);
    expect(placed).toMatchObject({ decoderCount: 4 });
    expect(placed && 'dvsec' in placed).toBe(false);
  });
});

describe('the decode path through an RCH', () => {
  it('is window → RCH → RCD steps, none of them a failure', async () => {
    const { decodeSteps } = await import('../../src/lib/decode-steps');
    const { walk } = await import('../../src/cxl/decode/walk.ts');
    const { createLab } = await import('../../src/cxl/lab.ts');
    const { parseLabFile } = await import('../../src/cxl/topology/file.ts');
    const { PRESETS } = await import('../../src/presets/index.ts');
    const parsed = parseLabFile(PRESETS.find((p) => p.id === 'rch')?.text ?? '');
    if (!parsed.ok) throw new Error('preset');
    const made = createLab(parsed.value);
    if (!made.ok) throw new Error(made.error.message);
    const hpa = 0x4c_0000_1000;
    const r = walk(made.value.lab, hpa);
    if (!r.ok) throw new Error(r.error.message);
    const steps = decodeSteps(
      { pieces: [{ hpa, length: 64, ok: true, device: r.device, dpa: r.dpa, hops: r.hops }], totalPieces: 1 },
      parsed.value.spec,
      { mem0: made.value.lab.decoders('mem0').slice() },
    );
    expect(steps.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['window', 'cxl-root', 'rch0'],
      ['decoder', 'rch0', 'mem0'],
      ['device', 'mem0', null],
    ]);
    expect(steps[1]?.label).toBe(
      'rch0 · CXL 1.1 RCH (no HDM decoders): downstream port RCRB 0xfed00000 → mem0',
    );
    expect(steps[2]?.label).toBe(
      'mem0 decoder 0 · DVSEC Range 1, 1-way, locked · HPAoff 0x1000 · DPA = DPA start 0x0 + 0x1000 = 0x1000',
    );
  });
});
