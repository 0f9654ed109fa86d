/**
 * The canvas's next-step hint (src/canvas/next-step.ts), state by state from a blank lab to a lab
 * that routes accesses; and re-parenting (src/canvas/reparent.ts) with the connect rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectGraph } from '../../src/canvas/connect-rules.ts';
import { nextStep } from '../../src/canvas/next-step.ts';
import { parentChoices, reparent } from '../../src/canvas/reparent.ts';
import { windowHandleId } from '../../src/canvas/window-handles.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';
import { addComponent, addWindow, type EditDoc, type EditResult } from '../../src/lib/topology-edits.ts';

const BLANK: EditDoc = {
  spec: {
    format: 'cxl-lab/1',
    name: 'Untitled lab 1',
    windows: [],
    components: [],
  } as unknown as EditDoc['spec'],
  drafts: [],
};

function must(r: EditResult): EditDoc {
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

function step(
  doc: EditDoc,
  regions: { name: string; base: number; committed: boolean }[] = [],
  written = false,
) {
  return nextStep({ spec: doc.spec, drafts: doc.drafts, regions, written });
}

describe('nextStep: building from a blank lab', () => {
  it('walks host bridge → window → root port → device → connect → region → write → done', () => {
    let doc = BLANK;
    expect(step(doc)).toMatchObject({
      id: 'add-host-bridge',
      text: 'Add a host bridge: drag one from the palette onto the canvas',
      action: { do: { kind: 'add-host-bridge' } },
    });

    doc = must(addComponent(doc, 'host-bridge'));
    expect(step(doc)).toMatchObject({
      id: 'add-window',
      text: 'Add a window to the CXL root to route accesses',
      action: { label: 'Add window', do: { kind: 'add-window', hostBridge: 'hb0' } },
    });

    doc = must(addWindow(doc, 'hb0'));
    expect(step(doc)).toMatchObject({
      id: 'add-root-port',
      action: { do: { kind: 'add-child', parent: 'hb0', child: 'root-port' } },
    });

    doc = must(addComponent(doc, 'root-port'));
    // A loose root port: connecting it comes first.
    expect(step(doc)).toMatchObject({
      id: 'connect-draft',
      text: 'Connect rp0 to a host bridge: drag it onto one, or select it and press C',
      action: { do: { kind: 'connect', child: 'rp0' } },
    });
    doc = must(reparent(doc, 'cxl-root', 'hb0', null, 'rp0'));
    expect(step(doc)).toMatchObject({
      id: 'add-device',
      text: 'Add a Type 3 device below a root port: drop one from the palette onto the port',
      action: { do: { kind: 'add-child', parent: 'rp0', child: 'type3' } },
    });

    doc = must(addComponent(doc, 'type3'));
    expect(step(doc)).toMatchObject({
      id: 'connect-draft',
      text: 'Connect mem0 to a root port or downstream port: drag it onto one, or select it and press C',
    });
    doc = must(reparent(doc, 'cxl-root', 'rp0', null, 'mem0'));
    expect(validateTopology(doc.spec).ok).toBe(true);
    expect(step(doc)).toMatchObject({ id: 'create-region', action: { do: { kind: 'regions' } } });

    // A region that did not commit does not route: still "create a region".
    const base = doc.spec.windows[0]?.base ?? 0;
    expect(step(doc, [{ name: 'region0', base, committed: false }]).id).toBe('create-region');
    expect(step(doc, [{ name: 'region0', base, committed: true }])).toMatchObject({
      id: 'write',
      text: 'Write to region0 at 0x4c00000000 in the Access console and watch it route',
      action: { do: { kind: 'console' } },
    });
    expect(step(doc, [{ name: 'region0', base, committed: true }], true)).toMatchObject({
      id: 'done',
      action: null,
    });
  });

  it('components added in any order: a device before any host bridge still asks for the host bridge first', () => {
    const doc = must(addComponent(BLANK, 'type3'));
    expect(step(doc).id).toBe('add-host-bridge');
  });

  it('a second host bridge no window routes to: add it to the window', () => {
    let doc = must(addComponent(BLANK, 'host-bridge'));
    doc = must(addWindow(doc, 'hb0'));
    doc = must(addComponent(doc, 'root-port'));
    doc = must(reparent(doc, 'cxl-root', 'hb0', null, 'rp0'));
    doc = must(addComponent(doc, 'host-bridge'));
    doc = must(addComponent(doc, 'root-port'));
    doc = must(reparent(doc, 'cxl-root', 'hb1', null, 'rp1'));
    expect(step(doc)).toMatchObject({
      id: 'target-host-bridge',
      action: { do: { kind: 'window-target', window: 'cfmw0', hostBridge: 'hb1' } },
    });
    doc = must(reparent(doc, 'cxl-root', 'cxl-root', windowHandleId('cfmw0'), 'hb1'));
    expect(doc.spec.windows[0]?.targets).toEqual(['hb0', 'hb1']);
    expect(step(doc).id).toBe('add-device');
  });
});

describe('reparent: the connect rules, as if the component were loose', () => {
  function preset(id: string): EditDoc {
    const parsed = parseLabFile(
      readFileSync(new URL(`../../src/presets/${id}.topology.json`, import.meta.url), 'utf8'),
    );
    if (!parsed.ok) throw new Error('bad preset');
    return { spec: parsed.value.spec, drafts: [] };
  }

  it('moves a device from one root port to a free one (hb1-x2: mem0 below rp0 → a new rp2)', () => {
    let doc = preset('hb1-x2');
    const devices = doc.spec.components.filter((c) => c.kind === 'type3');
    const first = devices[0];
    if (first === undefined || first.kind !== 'type3') throw new Error('no device');
    doc = must(addComponent(doc, 'root-port'));
    const hb = doc.spec.components.find((c) => c.kind === 'host-bridge')?.id ?? '';
    const rp = doc.drafts[0]?.id ?? '';
    doc = must(reparent(doc, 'cxl-root', hb, null, rp));
    const moved = must(reparent(doc, 'cxl-root', rp, null, first.id));
    const after = moved.spec.components.find((c) => c.id === first.id);
    expect(after?.kind === 'type3' && after.parent).toBe(rp);
  });

  it('refuses with the rules’ reason: a device onto a host bridge, or onto an occupied port', () => {
    const doc = preset('hb1-x2');
    const hb = doc.spec.components.find((c) => c.kind === 'host-bridge')?.id ?? '';
    const [a, b] = doc.spec.components.filter((c) => c.kind === 'type3');
    if (a === undefined || b === undefined || a.kind !== 'type3' || b.kind !== 'type3')
      throw new Error('no devices');
    const onBridge = reparent(doc, 'cxl-root', hb, null, a.id);
    expect(onBridge).toEqual({
      ok: false,
      reason: 'a Type 3 device must sit below a root port or downstream port, not below a host bridge',
    });
    const onPort = reparent(doc, 'cxl-root', b.parent, null, a.id);
    expect(onPort).toEqual({
      ok: false,
      reason: `${b.parent} already has a child (${b.id}): one device or switch per port`,
    });
    expect(reparent(doc, 'cxl-root', a.parent, null, a.id)).toEqual({
      ok: false,
      reason: `${a.id} is already below ${a.parent}`,
    });
  });

  it('lists the parents a loose device may take: free ports only', () => {
    let doc = must(addComponent(BLANK, 'host-bridge'));
    for (let i = 0; i < 2; i++) doc = must(addComponent(doc, 'root-port'));
    doc = must(reparent(doc, 'cxl-root', 'hb0', null, 'rp0'));
    doc = must(reparent(doc, 'cxl-root', 'hb0', null, 'rp1'));
    doc = must(addComponent(doc, 'type3'));
    doc = must(reparent(doc, 'cxl-root', 'rp0', null, 'mem0'));
    doc = must(addComponent(doc, 'type3'));
    const { choices } = parentChoices(connectGraph('cxl-root', doc), 'mem1');
    expect(choices.map((c) => c.node)).toEqual(['rp1']);
    const none = parentChoices(connectGraph('cxl-root', doc), 'hb0');
    expect(none).toEqual({ choices: [], refusal: 'the CXL root has no window yet: add one first' });
  });
});
