import { describe, expect, it } from 'vitest';
import {
  type ConnectGraph,
  checkConnection,
  childKinds,
  freePort,
  type GraphComponent,
  placementRule,
  windowHandleId,
} from '../../src/canvas/connect-rules.ts';

const ROOT = 'cxl-root';

function graph(components: GraphComponent[], windows = [{ id: 'cfmw0', targets: ['hb0'] }]): ConnectGraph {
  return { rootId: ROOT, components, windows };
}

const BASE: GraphComponent[] = [
  { id: 'hb0', kind: 'host-bridge', parent: null },
  { id: 'hb1', kind: 'host-bridge', parent: null },
  { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
  { id: 'rp1', kind: 'root-port', parent: 'hb0', port: 1 },
  { id: 'mem0', kind: 'type3', parent: 'rp0' },
  { id: 'sw0', kind: 'switch', parent: 'rp1' },
  { id: 'dsp0', kind: 'downstream-port', parent: 'sw0', port: 0 },
  // Unattached drafts, as dropped from the palette.
  { id: 'rp9', kind: 'root-port', parent: null, port: null },
  { id: 'mem9', kind: 'type3', parent: null },
  { id: 'sw9', kind: 'switch', parent: null },
  { id: 'dsp9', kind: 'downstream-port', parent: null, port: 1 },
];

const refusal = (source: string, target: string, handle?: string) => {
  const v = checkConnection(graph(BASE), { node: source, handle: handle ?? null }, { node: target });
  return v.ok ? 'accepted' : v.reason;
};

describe('connection rules', () => {
  it('accepts the hierarchy QEMU and Linux build, giving unnumbered ports the lowest free number', () => {
    expect(checkConnection(graph(BASE), { node: 'hb0' }, { node: 'rp9' })).toEqual({
      ok: true,
      action: 'attach',
      parent: 'hb0',
      child: 'rp9',
      port: 2,
    });
    expect(checkConnection(graph(BASE), { node: 'dsp0' }, { node: 'mem9' })).toMatchObject({ ok: true });
    expect(checkConnection(graph(BASE), { node: 'dsp0' }, { node: 'sw9' })).toMatchObject({ ok: true });
    expect(checkConnection(graph(BASE), { node: 'sw0' }, { node: 'dsp9' })).toMatchObject({
      ok: true,
      port: 1,
    });
    expect(checkConnection(graph(BASE), { node: 'sw9' }, { node: 'dsp9' })).toMatchObject({ ok: true });
  });

  it('explains wrong placements in the core’s words', () => {
    expect(refusal('hb0', 'mem9')).toBe(
      'a Type 3 device must sit below a root port or downstream port, not below a host bridge',
    );
    expect(refusal('hb0', 'sw9')).toBe(
      'a switch must sit below a root port or downstream port, not below a host bridge',
    );
    expect(refusal('sw0', 'rp9')).toBe('a root port must sit below a host bridge, not below a switch');
    expect(refusal('rp0', 'dsp9')).toBe('a downstream port must sit below a switch, not below a root port');
    expect(refusal('mem0', 'mem9')).toBe('mem0 is a Type 3 device: nothing can sit below it');
    expect(refusal('rp0', 'hb1')).toMatch(/^a host bridge sits at the top, below the CXL root/);
    expect(refusal('mem9', 'mem9')).toBe('a component cannot connect to itself');
    expect(placementRule('type3')).toBe('a Type 3 device must sit below a root port or downstream port');
  });

  it('allows one child per port', () => {
    expect(refusal('rp0', 'mem9')).toBe('rp0 already has a child (mem0): one device or switch per port');
  });

  it('keeps port numbers unique under one parent', () => {
    const g = graph([...BASE, { id: 'rp7', kind: 'root-port', parent: null, port: 1 }]);
    const v = checkConnection(g, { node: 'hb0' }, { node: 'rp7' });
    expect(v).toEqual({
      ok: false,
      reason: "port numbers must be unique under hb0: port 1 is rp1's (change rp7's port number first)",
    });
    expect(freePort(g, 'hb0')).toBe(2);
  });

  it('refuses a second parent, a repeated link and loops', () => {
    expect(refusal('rp1', 'mem9')).toBe('rp1 already has a child (sw0): one device or switch per port');
    expect(refusal('dsp0', 'mem0')).toBe(
      'mem0 is already below rp0: delete that link first (select it, press Delete)',
    );
    expect(refusal('hb0', 'rp0')).toBe('hb0 and rp0 are already connected');
    const loop = graph([
      { id: 'swA', kind: 'switch', parent: null },
      { id: 'dspA', kind: 'downstream-port', parent: 'swA', port: 0 },
      { id: 'swB', kind: 'switch', parent: 'dspA' },
      { id: 'dspB', kind: 'downstream-port', parent: 'swB', port: 0 },
    ]);
    expect(checkConnection(loop, { node: 'dspB' }, { node: 'swA' })).toEqual({
      ok: false,
      reason: 'swA is above dspB: connecting them would make a loop',
    });
  });

  it('connects a window to a host bridge as a new interleave target, within encodable ways', () => {
    expect(
      checkConnection(graph(BASE), { node: ROOT, handle: windowHandleId('cfmw0') }, { node: 'hb1' }),
    ).toEqual({
      ok: true,
      action: 'window-target',
      window: 'cfmw0',
      hostBridge: 'hb1',
    });
    expect(refusal(ROOT, 'hb0', windowHandleId('cfmw0'))).toBe('hb0 is already a target of cfmw0');
    expect(refusal(ROOT, 'mem9')).toMatch(/^a Type 3 device must sit below a root port or downstream port/);
    const hbs: GraphComponent[] = Array.from({ length: 6 }, (_, i) => ({
      id: `hb${i}`,
      kind: 'host-bridge' as const,
      parent: null,
    }));
    const five = graph(hbs, [{ id: 'cfmw0', targets: ['hb0', 'hb1', 'hb2', 'hb3'] }]);
    expect(checkConnection(five, { node: ROOT }, { node: 'hb4' })).toEqual({
      ok: false,
      reason: 'cfmw0 would interleave 5 ways; a window interleaves 1, 2, 3, 4, 6, 8, 12 or 16 ways',
    });
    expect(checkConnection(graph(BASE, []), { node: ROOT }, { node: 'hb0' })).toMatchObject({ ok: false });
  });

  it('lists which kinds sit below each kind', () => {
    expect(childKinds('host-bridge')).toEqual(['root-port']);
    expect(childKinds('root-port').sort()).toEqual(['switch', 'type3']);
    expect(childKinds('type3')).toEqual([]);
  });
});
