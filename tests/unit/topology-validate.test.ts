import { describe, expect, it } from 'vitest';
import type { CxlError } from '../../src/cxl/result.ts';
import type { ComponentSpec, TopologySpec, WindowSpec } from '../../src/cxl/topology/model.ts';
import { HOST_ID } from '../../src/cxl/topology/model.ts';
import { topologyWarnings, validateTopology } from '../../src/cxl/topology/validate.ts';

const M = 2 ** 20;
const G = 2 ** 30;

function base(): TopologySpec {
  return {
    name: 'valid',
    windows: [
      {
        id: 'cfmw0',
        base: 0x4c00000000,
        size: 8 * G,
        ways: 2,
        granularity: 4096,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb0', 'hb1'],
        restrictions: ['type3', 'volatile'],
        qtg: 0,
      },
    ],
    components: [
      {
        id: 'hb0',
        kind: 'host-bridge',
        uid: 0,
        decoderCount: 4,
        componentRegBase: 0x100000000,
        decoders: [],
      },
      {
        id: 'hb1',
        kind: 'host-bridge',
        uid: 1,
        decoderCount: 0,
        componentRegBase: 0x100010000,
        decoders: [],
      },
      { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
      { id: 'rp1', kind: 'root-port', parent: 'hb0', port: 1 },
      { id: 'rp2', kind: 'root-port', parent: 'hb1', port: 0 },
      {
        id: 'mem0',
        kind: 'type3',
        parent: 'rp0',
        volatile: 4 * G,
        persistent: 0,
        decoderCount: 4,
        serial: 1,
        decoders: [],
      },
      { id: 'sw0', kind: 'switch', parent: 'rp1', decoderCount: 4, decoders: [] },
      { id: 'dsp1', kind: 'downstream-port', parent: 'sw0', port: 1 },
      { id: 'dsp0', kind: 'downstream-port', parent: 'sw0', port: 0 },
      { id: 'sw1', kind: 'switch', parent: 'dsp0', decoderCount: 2, decoders: [] },
      { id: 'dsp2', kind: 'downstream-port', parent: 'sw1', port: 5 },
      { id: 'sw2', kind: 'switch', parent: 'dsp2', decoderCount: 1, decoders: [] },
      { id: 'dsp3', kind: 'downstream-port', parent: 'sw2', port: 0 },
      {
        id: 'mem1',
        kind: 'type3',
        parent: 'dsp3',
        volatile: 0,
        persistent: 512 * M,
        decoderCount: 10,
        serial: 2,
        decoders: [],
      },
      {
        id: 'mem2',
        kind: 'type3',
        parent: 'rp2',
        volatile: G,
        persistent: G,
        decoderCount: 1,
        serial: 3,
        decoders: [],
      },
    ],
  };
}

function errorsOf(spec: TopologySpec): CxlError[] {
  const r = validateTopology(spec);
  return r.ok ? [] : r.error;
}

function edit(f: (s: TopologySpec) => void): TopologySpec {
  const s = base();
  f(s);
  return s;
}

function comp(s: TopologySpec, id: string): ComponentSpec {
  const c = s.components.find((x) => x.id === id);
  if (c === undefined) throw new Error(id);
  return c;
}

function win(s: TopologySpec): WindowSpec {
  const w = s.windows[0];
  if (w === undefined) throw new Error('no window');
  return w;
}

describe('validateTopology: a valid topology', () => {
  it('indexes components, children (by port), ports and UIDs; three switch levels are fine', () => {
    const r = validateTopology(base());
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    const t = r.value;
    expect(t.children.get(HOST_ID)).toEqual(['hb0', 'hb1']);
    expect(t.children.get('sw0')).toEqual(['dsp0', 'dsp1']);
    expect(t.portsByNumber.get('hb0')?.get(1)).toBe('rp1');
    expect(t.portsByNumber.get('sw1')?.get(5)).toBe('dsp2');
    expect(t.hostBridgeByUid.get(1)).toBe('hb1');
    expect(t.byId.get('mem1')?.kind).toBe('type3');
  });
});

describe('validateTopology: each error, located', () => {
  const rows: [string, (s: TopologySpec) => void, string, string, string][] = [
    [
      'duplicate component id',
      (s) => s.components.push({ id: 'mem0', kind: 'root-port', parent: 'hb0', port: 9 }),
      'id.duplicate',
      'mem0',
      'id',
    ],
    ['window and component share an id', (s) => (win(s).id = 'hb0'), 'id.duplicate', 'hb0', 'id'],
    [
      'unknown parent',
      (s) => ((comp(s, 'rp0') as { parent: string }).parent = 'hb9'),
      'parent.unknown',
      'rp0',
      'parent',
    ],
    [
      'Type 3 under a host bridge',
      (s) => ((comp(s, 'mem0') as { parent: string }).parent = 'hb0'),
      'parent.wrong-kind',
      'mem0',
      'parent',
    ],
    [
      'root port under a switch',
      (s) => ((comp(s, 'rp0') as { parent: string }).parent = 'sw0'),
      'parent.wrong-kind',
      'rp0',
      'parent',
    ],
    [
      'switch under a host bridge',
      (s) => ((comp(s, 'sw0') as { parent: string }).parent = 'hb0'),
      'parent.wrong-kind',
      'sw0',
      'parent',
    ],
    [
      'downstream port under a root port',
      (s) => ((comp(s, 'dsp0') as { parent: string }).parent = 'rp0'),
      'parent.wrong-kind',
      'dsp0',
      'parent',
    ],
    [
      'two children on one port',
      (s) =>
        s.components.push({
          id: 'mem9',
          kind: 'type3',
          parent: 'rp0',
          volatile: G,
          persistent: 0,
          decoderCount: 1,
          serial: 9,
          decoders: [],
        }),
      'port.occupied',
      'mem9',
      'parent',
    ],
    [
      'duplicate port number under one parent',
      (s) => ((comp(s, 'dsp0') as { port: number }).port = 1),
      'port.number-duplicate',
      'dsp0',
      'port',
    ],
    [
      'port number 256',
      (s) => ((comp(s, 'rp0') as { port: number }).port = 256),
      'port.number-invalid',
      'rp0',
      'port',
    ],
    [
      'duplicate host bridge UID',
      (s) => ((comp(s, 'hb1') as { uid: number }).uid = 0),
      'hb.uid-duplicate',
      'hb1',
      'uid',
    ],
    [
      'capacity not a multiple of 256 MiB',
      (s) => ((comp(s, 'mem0') as { volatile: number }).volatile = 100 * M),
      'type3.capacity-unaligned',
      'mem0',
      'volatile',
    ],
    [
      'no capacity at all',
      (s) => ((comp(s, 'mem0') as { volatile: number }).volatile = 0),
      'type3.capacity-zero',
      'mem0',
      'volatile',
    ],
    [
      'device with 12 decoders',
      (s) => ((comp(s, 'mem0') as { decoderCount: number }).decoderCount = 12),
      'decoder.count-invalid',
      'mem0',
      'decoderCount',
    ],
    [
      'switch with 3 decoders',
      (s) => ((comp(s, 'sw0') as { decoderCount: number }).decoderCount = 3),
      'decoder.count-invalid',
      'sw0',
      'decoderCount',
    ],
    [
      'host bridge with 40 decoders',
      (s) => ((comp(s, 'hb0') as { decoderCount: number }).decoderCount = 40),
      'decoder.count-invalid',
      'hb0',
      'decoderCount',
    ],
    [
      'window base not 256 MiB aligned',
      (s) => (win(s).base = 0x4c00001000),
      'window.base-unaligned',
      'cfmw0',
      'base',
    ],
    [
      'window size not 256 MiB × ways',
      (s) => (win(s).size = 256 * M),
      'window.size-unaligned',
      'cfmw0',
      'size',
    ],
    ['window ways not encodable', (s) => (win(s).ways = 5), 'interleave.ways-invalid', 'cfmw0', 'ways'],
    [
      'window granularity 32 KiB',
      (s) => (win(s).granularity = 32768),
      'interleave.granularity-invalid',
      'cfmw0',
      'granularity',
    ],
    [
      'window target is a root port',
      (s) => (win(s).targets = ['hb0', 'rp0']),
      'window.target-invalid',
      'cfmw0',
      'targets[1]',
    ],
    [
      'window target count ≠ ways',
      (s) => (win(s).targets = ['hb0']),
      'window.target-count',
      'cfmw0',
      'targets',
    ],
    [
      'modulo window with xormaps',
      (s) => (win(s).xormaps = [0x100]),
      'window.xormaps-unexpected',
      'cfmw0',
      'xormaps',
    ],
    [
      'xor 2-way window without its one xormap',
      (s) => (win(s).arithmetic = 'xor'),
      'window.xormap-count',
      'cfmw0',
      'xormaps',
    ],
    [
      'decoder granularity not encodable',
      (s) =>
        (comp(s, 'mem0') as { decoders: unknown[] }).decoders.push({
          base: 0,
          size: G,
          ways: 1,
          granularity: 300,
          skip: 0,
          commit: false,
          lock: false,
        }),
      'interleave.granularity-invalid',
      'mem0',
      'decoders[0].granularity',
    ],
    [
      'more decoders than decoderCount',
      (s) =>
        ((comp(s, 'sw2') as { decoders: unknown[] }).decoders = [
          { base: 0, size: 0, ways: 1, granularity: 256, targets: [0], commit: false, lock: false },
          { base: 0, size: 0, ways: 1, granularity: 256, targets: [0], commit: false, lock: false },
        ]),
      'decoder.too-many',
      'sw2',
      'decoders',
    ],
    [
      'passthrough host bridge with decoders',
      (s) =>
        ((comp(s, 'hb1') as { decoders: unknown[] }).decoders = [
          { base: 0, size: 0, ways: 1, granularity: 256, targets: [0], commit: false, lock: false },
        ]),
      'decoder.too-many',
      'hb1',
      'decoders',
    ],
    [
      'port decoder targets ≠ ways',
      (s) =>
        ((comp(s, 'hb0') as { decoders: unknown[] }).decoders = [
          { base: 0, size: G, ways: 2, granularity: 256, targets: [0], commit: false, lock: false },
        ]),
      'decoder.target-count',
      'hb0',
      'decoders[0].targets',
    ],
  ];
  for (const [why, f, code, component, field] of rows) {
    it(why, () => {
      const errors = errorsOf(edit(f));
      const hit = errors.find((e) => e.code === code);
      expect(hit, JSON.stringify(errors)).toBeDefined();
      expect(hit?.component).toBe(component);
      expect(hit?.field).toBe(field);
      expect(hit?.message.startsWith(`${component}.${field}: `)).toBe(true);
    });
  }

  it('says where a Type 3 device must sit', () => {
    const errors = errorsOf(edit((s) => ((comp(s, 'mem0') as { parent: string }).parent = 'hb0')));
    // A host bridge is a legal parent only for a CXL 1.1 restricted host (RCD directly below an RCH).
    expect(errors.map((e) => e.message).join('\n')).toContain(
      'mem0.parent: a Type 3 device sits directly below a host bridge only when the host bridge is a CXL 1.1 restricted host; "hb0" is CXL 2.0+ (attach it to a root port)',
    );
  });

  it('xormap counts: log2 of the power-of-two part of ways', () => {
    const need: [number, number][] = [
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 2],
      [6, 1],
      [8, 3],
      [12, 2],
      [16, 4],
    ];
    for (const [ways, n] of need) {
      const s = edit((t) => {
        const w = win(t);
        w.ways = ways;
        w.size = ways * 256 * M;
        w.targets = Array.from({ length: ways }, (_, i) => (i % 2 === 0 ? 'hb0' : 'hb1'));
        w.arithmetic = 'xor';
        w.xormaps = Array.from({ length: n }, (_, i) => 2 ** (12 + i) + 2 ** 30);
      });
      expect(errorsOf(s), `${ways} ways`).toEqual([]);
      s.windows[0]?.xormaps.push(2 ** 40);
      expect(errorsOf(s).map((e) => e.code)).toEqual(['window.xormap-count']);
    }
  });

  it('detects parent cycles (switch ↔ downstream port) without hanging', () => {
    const s = edit((t) => {
      t.components.push({ id: 'swx', kind: 'switch', parent: 'dspx', decoderCount: 1, decoders: [] });
      t.components.push({ id: 'dspx', kind: 'downstream-port', parent: 'swx', port: 0 });
    });
    const errors = errorsOf(s);
    expect(errors.some((e) => e.code === 'parent.cycle' && e.message.includes('→'))).toBe(true);
  });

  it('no artificial depth limit: 12 switch levels validate', () => {
    const s = base();
    let parent = 'rp0';
    s.components = s.components.filter((c) => c.id !== 'mem0');
    for (let i = 0; i < 12; i++) {
      s.components.push({ id: `deep${i}`, kind: 'switch', parent, decoderCount: 1, decoders: [] });
      s.components.push({ id: `deepdsp${i}`, kind: 'downstream-port', parent: `deep${i}`, port: 0 });
      parent = `deepdsp${i}`;
    }
    s.components.push({
      id: 'deepmem',
      kind: 'type3',
      parent,
      volatile: G,
      persistent: 0,
      decoderCount: 1,
      serial: 99,
      decoders: [],
    });
    expect(errorsOf(s)).toEqual([]);
  });

  it('reports all errors at once', () => {
    const s = edit((t) => {
      win(t).base = 1;
      (comp(t, 'mem0') as { volatile: number }).volatile = 1;
      (comp(t, 'rp1') as { port: number }).port = 0;
      (comp(t, 'hb1') as { uid: number }).uid = 0;
    });
    const codes = errorsOf(s)
      .map((e) => e.code)
      .sort();
    expect(codes).toEqual([
      'hb.uid-duplicate',
      'port.number-duplicate',
      'type3.capacity-unaligned',
      'window.base-unaligned',
    ]);
  });
});

/** `s` with component `from` renamed `to`, its children and window targets following it. */
function renamedIn(s: TopologySpec, from: string, to: string): TopologySpec {
  for (const c of s.components) {
    if (c.id === from) c.id = to;
    if ('parent' in c && c.parent === from) (c as { parent: string }).parent = to;
  }
  for (const w of s.windows) w.targets = w.targets.map((t) => (t === from ? to : t));
  return s;
}

describe('validateTopology: ids the lab keeps for itself (reserved-ids.ts)', () => {
  it('refuses "host": a host bridge of that name would be filed among its own children', () => {
    // The index files host bridges under the key "host" and each component's children under its id,
    // so hb0 renamed "host" would list [hb0 itself, hb1, rp0, rp1] as the host's children / its ports.
    const errors = errorsOf(renamedIn(base(), 'hb0', 'host'));
    expect(errors.map((e) => [e.code, e.component, e.field])).toEqual([['id.reserved', 'host', 'id']]);
    // Located: the id, the field, and where in the file (hb0 is components[0]).
    expect(errors[0]?.message).toMatch(/^host\.id: id "host" \(components\[0\]\) is reserved: /);
    // A device is refused the same way (one rule for every kind): mem2 is the 15th, components[14].
    expect(errorsOf(renamedIn(base(), 'mem2', 'host')).map((e) => e.message)).toEqual([
      expect.stringMatching(/^host\.id: id "host" \(components\[14\]\) is reserved: /),
    ]);
  });
  it('refuses "cxl-root", the CXL root\'s node id, for a component and for a window', () => {
    expect(errorsOf(renamedIn(base(), 'mem0', 'cxl-root')).map((e) => [e.code, e.component])).toEqual([
      ['id.reserved', 'cxl-root'],
    ]);
    const windowErrors = errorsOf(edit((t) => (win(t).id = 'cxl-root')));
    expect(windowErrors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^cxl-root\.id: id "cxl-root" \(windows\[0\]\) is reserved: /),
    ]);
  });
  it('accepts names that only look like them', () => {
    for (const id of ['host0', 'Host', 'hosts', 'cxl-root0', 'root', 'cxl', 'root0']) {
      expect(errorsOf(renamedIn(base(), 'mem0', id)), id).toEqual([]);
    }
  });
});

describe('topologyWarnings: loads, but Linux or QEMU would not build it', () => {
  it('a passthrough host bridge with one root port is fine; with two it is a located warning', () => {
    const one = validateTopology(base());
    if (!one.ok) throw new Error('base must validate');
    // hb1: decoderCount 0 with one root port (rp2) — QEMU's default passthrough.
    expect(topologyWarnings(one.value)).toEqual([]);
    const two = validateTopology(
      edit((t) => {
        t.components.push({ id: 'rp3', kind: 'root-port', parent: 'hb1', port: 7 });
      }),
    );
    // Still valid: the lab loads it.
    if (!two.ok) throw new Error(two.error.map((e) => e.message).join('\n'));
    const w = topologyWarnings(two.value);
    expect(w.map((x) => [x.code, x.severity, x.rule, x.component, x.field])).toEqual([
      ['hb.passthrough-multiple-ports', 'warning', 'linux', 'hb1', 'decoderCount'],
    ]);
    expect(w[0]?.message).toContain('HDM decoder capability not found');
    expect(w[0]?.message).toContain('rp2, rp3');
  });
});
