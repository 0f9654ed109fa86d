/**
 * The panels' pure models: the access console's input parsing, the decode path's steps and labels,
 * the DPA hex view's virtual scrolling arithmetic, the address map, the interleave strip plan and
 * the CEDT tree; and the store's decode-path animation and register actions with the real worker
 * handler behind an in-process port.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSteps, pieceSummary, stepShapes } from '../../src/lib/decode-steps.ts';
import { addressMap, iomemRange, stripPlan } from '../../src/panels/address-map/address-map.ts';
import { byteOwners, cedtTree } from '../../src/panels/cedt/cedt-model.ts';
import {
  bytesHex,
  hexDump,
  littleEndianHex,
  parseHexBytes,
  parseLittleEndian,
} from '../../src/panels/console/access-input.ts';
import {
  chunksFor,
  clampTop,
  dpaText,
  lastAccessRanges,
  maxTopRow,
  rowCount,
  thumbFor,
  topForThumb,
} from '../../src/panels/dpa-hex/hex-model.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import { createLabStore } from '../../src/state/store.ts';
import type { AccessLogEntry } from '../../src/state/types.ts';
import { LabClient } from '../../src/worker/client.ts';
import type { AccessTrace } from '../../src/worker/inspect-types.ts';
import type { RegionView, TopologySpec } from '../../src/worker/protocol.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const TIB = 2 ** 40;
const BASE = 0x4c00000000;

describe('access console input', () => {
  it('parses hex bytes in the usual spellings', () => {
    expect(bytesHex(parseHexBytes('de ad be ef') ?? new Uint8Array())).toBe('de ad be ef');
    expect(bytesHex(parseHexBytes('0xde,0xad') ?? new Uint8Array())).toBe('de ad');
    expect(bytesHex(parseHexBytes('deadbeef') ?? new Uint8Array())).toBe('de ad be ef');
    expect(parseHexBytes('xyz')).toBeNull();
    expect(parseHexBytes('')).toBeNull();
  });

  it('writes integers little-endian at 1, 2, 4 and 8 bytes', () => {
    expect(bytesHex(parseLittleEndian('0x1234', 2) ?? new Uint8Array())).toBe('34 12');
    expect(bytesHex(parseLittleEndian('4660', 4) ?? new Uint8Array())).toBe('34 12 00 00');
    expect(bytesHex(parseLittleEndian('0xfedcba9876543210', 8) ?? new Uint8Array())).toBe(
      '10 32 54 76 98 ba dc fe',
    );
    expect(parseLittleEndian('0x100', 1)).toBeNull();
    expect(parseLittleEndian('-1', 4)).toBeNull();
    expect(littleEndianHex(new Uint8Array([0x34, 0x12]))).toBe('0x1234');
    expect(hexDump(0x10, new Uint8Array([1, 2]))).toEqual(['0x000000000010  01 02']);
  });
});

/** A trace like the worker's for HPA offset 0x1434 in the 1 HB × 2 RP lab at 1 KiB. */
const TRACE: AccessTrace = {
  totalPieces: 1,
  pieces: [
    {
      hpa: BASE + 0x1434,
      length: 4,
      ok: true,
      device: 'mem1',
      dpa: 0x834,
      hops: [
        {
          component: 'cfmw0',
          kind: 'window',
          decoder: null,
          arithmetic: '1-way: way 0',
          way: 0,
          target: 0,
          port: null,
          next: 'hb0',
          address: BASE + 0x1434,
        },
        {
          component: 'hb0',
          kind: 'host-bridge',
          decoder: 0,
          arithmetic: 'decoder 0 [0x4c00000000, 0x4e00000000): HPA bits [10] = 1',
          way: 1,
          target: 1,
          port: 'rp0.1',
          next: 'mem1',
          address: BASE + 0x1434,
        },
        {
          component: 'mem1',
          kind: 'type3',
          decoder: 0,
          arithmetic:
            'decoder 0 [0x4c00000000, 0x4e00000000): HPAoff 0x1434; remove HPAoff bits [10] → DPAoff 0x834; DPA = DPABase 0x0 + 0x834',
          way: null,
          target: null,
          port: null,
          next: null,
          address: 0x834,
        },
      ],
    },
  ],
};

const SPEC: TopologySpec = {
  name: 't',
  windows: [
    {
      id: 'cfmw0',
      base: BASE,
      size: 8 * 2 ** 30,
      ways: 1,
      granularity: 256,
      arithmetic: 'modulo',
      xormaps: [],
      targets: ['hb0'],
      restrictions: ['type3', 'volatile'],
      qtg: 0,
    },
  ],
  components: [
    { id: 'hb0', kind: 'host-bridge', uid: 0, decoderCount: 4, componentRegBase: 0x100000000, decoders: [] },
  ],
};

describe('decode path steps', () => {
  it('one canvas edge per step, window → host bridge → root port → device, then the device decode', () => {
    const shapes = stepShapes(TRACE);
    expect(shapes.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['window', 'cxl-root', 'hb0'],
      ['decoder', 'hb0', 'rp0.1'],
      ['port', 'rp0.1', 'mem1'],
      ['device', 'mem1', null],
    ]);
  });

  it('labels each hop with its decoder and arithmetic', () => {
    const decoders = {
      hb0: [
        {
          index: 0,
          base: BASE,
          size: 8 * 2 ** 30,
          eiw: 1,
          eig: 2,
          ways: 2,
          granularity: 1024,
          lockOnCommit: false,
          commit: true,
          committed: true,
          errorNotCommitted: false,
          targetRangeType: 1 as const,
          targets: [0, 1, 0, 0, 0, 0, 0, 0],
          skip: 0,
          dpaBase: 0,
          locked: false,
        },
      ],
    };
    const labels = decodeSteps(TRACE, SPEC, decoders).map((s) => s.label);
    expect(labels[0]).toBe('cfmw0 · 1-way window → hb0 (UID 0)');
    expect(labels[1]).toBe(
      'hb0 decoder 0 · IW 2-way · IG 1 KiB · HPA bits [10] = 1 → target 1 → rp0.1 (port 1)',
    );
    expect(labels[2]).toBe('rp0.1 → mem1');
    expect(labels[3]).toBe(
      'mem1 decoder 0 · HPAoff 0x1434 · remove HPAoff bits [10] → DPAoff 0x834 · DPA = DPABase 0x0 + 0x834',
    );
    expect(pieceSummary(TRACE, 0)).toBe('0x4c00001434 + 4 B → mem1 DPA 0x834');
  });

  it('a failed piece ends in a failure step where it failed', () => {
    const failed: AccessTrace = {
      totalPieces: 2,
      pieces: [
        {
          hpa: BASE,
          length: 8,
          ok: false,
          error: 'hb0: decoder 0 covers it but is not committed',
          failedAt: 'hb0',
          hops: [
            { ...(TRACE.pieces[0]?.hops[0] as AccessTrace['pieces'][0]['hops'][0]) },
            {
              component: 'hb0',
              kind: 'host-bridge',
              decoder: 0,
              arithmetic: 'decoder 0 [0x4c00000000, 0x4e00000000) not committed',
              way: null,
              target: null,
              port: null,
              next: null,
              address: BASE,
            },
          ],
        },
        { hpa: 0x1000, length: 8, ok: false, error: 'no window', hops: [] },
      ],
    };
    const steps = decodeSteps(failed, SPEC, {});
    expect(steps.map((s) => [s.piece, s.kind, s.from])).toEqual([
      [0, 'window', 'cxl-root'],
      [0, 'failure', 'hb0'],
      [1, 'failure', 'cxl-root'],
    ]);
    expect(steps[1]?.label).toBe('✕ hb0: decoder 0 covers it but is not committed');
    expect(pieceSummary(failed, 1)).toBe('piece 2 of 2 · 0x1000 + 8 B → failed');
  });
});

describe('DPA hex view arithmetic', () => {
  it('scrolls a 1 TiB device row by row with exact row numbers', () => {
    expect(rowCount(TIB)).toBe(2 ** 36);
    expect(maxTopRow(TIB, 10)).toBe(2 ** 36 - 10);
    expect(clampTop(2 ** 40, TIB, 10)).toBe(2 ** 36 - 10);
    expect(clampTop(-5, TIB, 10)).toBe(0);
    expect(dpaText(0x834, TIB)).toBe('0x0000000834');
  });

  it('fetches only the 4 KiB chunks the visible rows need', () => {
    expect(chunksFor(0, 12, TIB)).toEqual([0]);
    expect(chunksFor(250, 12, TIB)).toEqual([0, 1]);
    const last = 2 ** 36 - 12;
    expect(chunksFor(last, 12, TIB)).toEqual([2 ** 28 - 1]);
  });

  it('maps the scrollbar thumb to rows anywhere in the device', () => {
    const track = 200;
    const t = thumbFor(0, TIB, 10, track);
    expect(t).toEqual({ size: 24, offset: 0 });
    expect(topForThumb(track - 24, TIB, 10, track)).toBe(2 ** 36 - 10);
    const mid = topForThumb((track - 24) / 2, TIB, 10, track);
    expect(Math.abs(mid - 2 ** 35)).toBeLessThan(8);
    expect(thumbFor(mid, TIB, 10, track).offset).toBeCloseTo((track - 24) / 2, 3);
  });

  it('highlights what the last access touched on the device', () => {
    const log: AccessLogEntry[] = [
      { id: 3, kind: 'fill', hpa: 0, length: 1, pattern: { kind: 'inc' }, result: {} as never },
      {
        id: 2,
        kind: 'write',
        hpa: BASE,
        length: 8,
        written: 8,
        errors: [],
        pieces: [
          { hpa: BASE, length: 4, ok: true, device: 'mem1', dpa: 0x3fc },
          { hpa: BASE + 4, length: 4, ok: true, device: 'mem0', dpa: 0x400 },
        ],
      },
    ];
    expect(lastAccessRanges(log, 'mem1')).toEqual([{ dpa: 0x3fc, length: 4 }]);
    expect(lastAccessRanges(log, 'mem2')).toEqual([]);
  });
});

describe('address map and interleave strip', () => {
  const region: RegionView = {
    name: 'region0',
    window: 'cfmw0',
    base: BASE + 2 ** 30,
    size: 2 ** 30,
    ways: 2,
    granularity: 1024,
    committed: true,
    members: ['mem0', 'mem1'],
    problems: [],
  };

  it('lists register blocks and windows in address order with holes, regions and free space', () => {
    const map = addressMap(SPEC, [region]);
    expect(map.map((e) => [e.kind, iomemRange(e.start, e.end), e.label])).toEqual([
      ['registers', '100000000-10000ffff', 'hb0 CHBCR'],
      ['hole', '100010000-4bffffffff', 'unmapped'],
      ['window', '4c00000000-4dffffffff', 'CXL Window 0'],
      ['free', '4c00000000-4c3fffffff', 'free'],
      ['region', '4c40000000-4c7fffffff', 'region0'],
      ['free', '4c80000000-4dffffffff', 'free'],
    ]);
    expect(map[4]).toMatchObject({ depth: 1, target: 'region0', committed: true });
  });

  it('plans the strip at the finest granularity on the path', () => {
    expect(stripPlan(SPEC, [region], { kind: 'region', id: 'region0' })).toEqual({
      base: BASE + 2 ** 30,
      granularity: 1024,
      count: 16,
      ways: 2,
      title: 'region0',
    });
    expect(stripPlan(SPEC, [region], { kind: 'window', id: 'cfmw0' })?.granularity).toBe(256);
    expect(stripPlan(SPEC, [], { kind: 'region', id: 'nope' })).toBeNull();
  });
});

function makeStore() {
  let n = 0;
  return createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => createMemoryRepository(),
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}`,
  });
}

describe('store: registers, CEDT and the decode path animation', () => {
  it('a write starts the animation; step, play and replay move through its hops', async () => {
    const store = makeStore();
    const s = () => store.getState();
    await s().start();
    const blank = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url));
    expect((await s().openFile('blank.json', new Uint8Array(blank))).ok).toBe(true);

    // Program and commit decoder 0 of the host bridge and both devices through the registers.
    const ctrl0 = 0x1128 + 0x10 + 0x10;
    for (const c of ['hb0', 'mem0', 'mem1']) {
      expect((await s().setDecoder(c, 0, { field: 'base', value: BASE })).ok).toBe(true);
      expect((await s().setDecoder(c, 0, { field: 'size', value: 8 * 2 ** 30 })).ok).toBe(true);
      expect((await s().setDecoder(c, 0, { field: 'ways', value: 2 })).ok).toBe(true);
      if (c === 'hb0') await s().setDecoder(c, 0, { field: 'target', way: 1, value: 1 });
      const w = await s().writeRegisterField(c, ctrl0, 'commit', 1);
      expect(w.ok && w.value.commit?.outcome).toBe('committed');
    }
    expect(s().past.length).toBeGreaterThan(10);

    await s().writeMemory(BASE + 0x100, new Uint8Array([1, 2, 3, 4]));
    const a = s().animation;
    expect(a).toMatchObject({ playing: true, position: 0, steps: 4 });
    expect(a?.title).toBe('Write 4 B at 0x4c00000100');
    expect(a?.trace.pieces[0]).toMatchObject({ device: 'mem1', dpa: 0 });

    s().stepAnimation(1);
    expect(s().animation).toMatchObject({ playing: false, position: 1 });
    s().stepAnimation(-1);
    s().stepAnimation(-1);
    expect(s().animation?.position).toBe(0);
    s().playAnimation();
    for (let i = 0; i < 4; i++) s().advanceAnimation();
    expect(s().animation).toMatchObject({ playing: false, position: 4 });
    s().playAnimation();
    expect(s().animation).toMatchObject({ playing: true, position: 0 });

    // A read crossing a granule boundary: two pieces, two devices.
    await s().readMemory(BASE + 0x3fc, 8);
    // 2-way at 256 B: HPA bit 8 picks the device, so 0x3fc goes to mem1 and 0x400 to mem0.
    expect(s().animation?.trace.pieces.map((p) => p.device)).toEqual(['mem1', 'mem0']);
    const readId = s().accessLog[0]?.id ?? -1;
    s().animateAccess(s().accessLog[1]?.id ?? -1);
    expect(s().animation?.title).toBe('Write 4 B at 0x4c00000100');
    s().animateAccess(readId);
    expect(s().animation?.steps).toBe(8);

    const cedt = await s().query('cedt.build', {});
    expect(cedt.ok && cedt.value.table.subtables.length).toBe(2);
    const map = await s().query('route.batch', { hpas: [BASE, BASE + 256] });
    expect(map.ok && map.value.routes.map((r) => r.device)).toEqual(['mem0', 'mem1']);
    store.dispose();
  });

  it('the CEDT tree knows the byte range of every field', async () => {
    const store = makeStore();
    await store.getState().start();
    const r = await store.getState().query('cedt.build', {});
    if (!r.ok) throw new Error(r.error.message);
    const tree = cedtTree(r.value);
    expect(tree.map((n) => n.key)).toEqual(['header', 'chbs0', 'chbs1', 'cfmws0']);
    const owners = byteOwners(tree, r.value.bytes.length);
    expect(owners.every((o) => o !== null)).toBe(true);
    // CFMWS Base HPA: 8 bytes at subtable offset 8.
    const cfmws = tree[3];
    const base = cfmws?.fields.find((f) => f.key === 'baseHpa');
    expect(base).toMatchObject({ offset: (cfmws?.offset ?? 0) + 8, length: 8 });
    expect(owners[(cfmws?.offset ?? 0) + 12]?.field.key).toBe('baseHpa');
    store.dispose();
  });
});
