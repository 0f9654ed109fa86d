import { expect, it } from 'vitest';
import { createLab } from '../../src/cxl/lab.ts';
import type { TopologySpec } from '../../src/cxl/topology/model.ts';

const G = 2 ** 30;
const spec: TopologySpec = {
  name: 'smoke',
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
      restrictions: ['type3', 'volatile', 'persistent'],
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
      decoders: [
        {
          base: 0x4c00000000,
          size: 8 * G,
          ways: 2,
          granularity: 8192,
          targets: [0, 1],
          commit: true,
          lock: false,
        },
      ],
    },
    {
      id: 'hb1',
      kind: 'host-bridge',
      uid: 1,
      decoderCount: 4,
      componentRegBase: 0x100010000,
      decoders: [
        {
          base: 0x4c00000000,
          size: 8 * G,
          ways: 2,
          granularity: 8192,
          targets: [0, 1],
          commit: true,
          lock: true,
        },
      ],
    },
    { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
    { id: 'rp1', kind: 'root-port', parent: 'hb0', port: 1 },
    { id: 'rp2', kind: 'root-port', parent: 'hb1', port: 0 },
    { id: 'rp3', kind: 'root-port', parent: 'hb1', port: 1 },
    ...[0, 1, 2, 3].map((i) => ({
      id: `mem${i}`,
      kind: 'type3' as const,
      parent: `rp${i}`,
      volatile: 4 * G,
      persistent: 0,
      decoderCount: 4,
      serial: i + 1,
      decoders: [
        { base: 0x4c00000000, size: 8 * G, ways: 4, granularity: 4096, skip: 0, commit: true, lock: false },
      ],
    })),
  ],
};

it('builds and commits', () => {
  const r = createLab(spec);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.findings).toEqual([]);
  const lab = r.value.lab;
  expect(lab.hdmBase('hb0')).toBe(0x1128);
  expect(lab.mmioRead32('hb0', 0x1128)).toEqual({ ok: true, value: 0x382 });
  const d = lab.decoders('hb1')[0];
  expect(d?.committed).toBe(true);
  expect(d?.locked).toBe(true);
  expect(lab.decoders('mem0')[0]?.committed).toBe(true);
  const f = lab.toFile();
  expect(f.registers.size).toBe(0);
});

it('exposes memory per Type 3 (volatile + persistent capacity) and refuses other ids', () => {
  const r = createLab(spec);
  if (!r.ok) throw new Error(r.error.message);
  const lab = r.value.lab;
  expect(lab.memory('mem2').capacityBytes).toBe(4 * G);
  expect(() => lab.memory('hb0')).toThrow(RangeError);
});

it('hdmBase: HDM offset for decoder owners, null for ports and passthrough host bridges', () => {
  const passthrough: TopologySpec = {
    ...spec,
    windows: [],
    components: [
      {
        id: 'hb0',
        kind: 'host-bridge',
        uid: 0,
        decoderCount: 0,
        componentRegBase: 0x100000000,
        decoders: [],
      },
      { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
      {
        id: 'mem0',
        kind: 'type3',
        parent: 'rp0',
        volatile: G,
        persistent: 0,
        decoderCount: 1,
        serial: 1,
        decoders: [],
      },
    ],
  };
  const r = createLab(passthrough);
  if (!r.ok) throw new Error(r.error.message);
  const lab = r.value.lab;
  expect(lab.hdmBase('hb0')).toBeNull();
  expect(lab.hdmBase('rp0')).toBeNull();
  expect(lab.hdmBase('mem0')).toBe(0x1128);
  expect(lab.decoders('hb0')).toEqual([]);
  expect(lab.mmioRead32('hb0', 0x1000)).toEqual({ ok: true, value: 0x01110001 });
});

it('an invalid topology fails with one error listing every cause', () => {
  const bad: TopologySpec = {
    ...spec,
    windows: [{ ...(spec.windows[0] as (typeof spec.windows)[0]), base: 1, ways: 5 }],
  };
  const r = createLab(bad);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe('lab.invalid');
    expect(r.error.causes?.map((c) => c.code).sort()).toEqual([
      'interleave.ways-invalid',
      'window.base-unaligned',
      'window.target-count',
    ]);
    expect(r.error.message).toContain('cfmw0.base');
  }
});

it('resetLab uncommits and unlocks every decoder but keeps memory; snapshots are plain data', () => {
  const r = createLab(spec);
  if (!r.ok) throw new Error(r.error.message);
  const lab = r.value.lab;
  lab.memory('mem0').fill(0, 16, 0xab);
  lab.resetLab();
  expect(lab.decoders('hb1')[0]).toMatchObject({ committed: false, locked: false, size: 0 });
  expect(lab.memory('mem0').read(0, 1)).toEqual({ ok: true, value: new Uint8Array([0xab]) });
  const snap = lab.snapshot();
  expect(structuredClone(snap)).toEqual(snap);
  expect(snap.touchedPages.mem0).toBe(1);
});
