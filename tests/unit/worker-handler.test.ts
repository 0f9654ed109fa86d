/**
 * The worker's handler, driven in Node exactly as the worker glue drives it: envelopes in, envelopes
 * out. Covers every request family, progress and cancellation, hostile files, and journal replay.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../src/worker/handler.ts';
import type {
  ArgsOf,
  CxlError,
  LabDocument,
  MemoryEntry,
  RequestKind,
  Result,
  ResultOf,
  WorkerToMain,
} from '../../src/worker/protocol.ts';

const PRESET = readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url));
const REGION_BASE = 0x4c00000000;
const MIB = 2 ** 20;

function harness() {
  const posted: WorkerToMain[] = [];
  const progress = new Map<number, [number, number][]>();
  const waiting = new Map<number, (r: Result<unknown, CxlError>) => void>();
  const handler = createHandler({
    post(message) {
      posted.push(message);
      if (message.type === 'progress') {
        const list = progress.get(message.id) ?? [];
        list.push([message.done, message.total]);
        progress.set(message.id, list);
        onProgress?.(message.id, message.done);
      }
      if (message.type === 'response') waiting.get(message.id)?.(message.result);
    },
  });
  let nextId = 1;
  let onProgress: ((id: number, done: number) => void) | undefined;
  function send<K extends RequestKind>(
    kind: K,
    args: ArgsOf<K>,
  ): { id: number; done: Promise<Result<ResultOf<K>, CxlError>> } {
    const id = nextId++;
    const done = new Promise<Result<ResultOf<K>, CxlError>>((resolve) => {
      waiting.set(id, resolve as (r: Result<unknown, CxlError>) => void);
    });
    handler.onMessage({ type: 'request', id, kind, args } as never);
    return { id, done };
  }
  async function call<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const r = await send(kind, args).done;
    if (!r.ok) throw new Error(`${kind}: ${r.error.message}`);
    return r.value;
  }
  async function refuse<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<CxlError> {
    const r = await send(kind, args).done;
    if (r.ok) throw new Error(`${kind} succeeded`);
    return r.error;
  }
  return {
    posted,
    progress,
    send,
    call,
    refuse,
    cancel: (id: number) => handler.onMessage({ type: 'cancel', id }),
    setOnProgress: (f: (id: number, done: number) => void) => {
      onProgress = f;
    },
  };
}

async function openDefault(h: ReturnType<typeof harness>) {
  return h.call('file.open', { bytes: new Uint8Array(PRESET), fileName: 'default.topology.json' });
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

describe('worker handler', () => {
  it('says hello with the protocol version first', () => {
    const h = harness();
    expect(h.posted[0]).toEqual({ type: 'hello', protocolVersion: 1 });
  });

  it('opens the default preset with the core parser: topology, live decoders, registers', async () => {
    const h = harness();
    const opened = await openDefault(h);
    const { view, document } = opened;
    expect(view.spec.components.map((c) => c.id)).toEqual([
      'hb0',
      'hb1',
      'rp0',
      'rp1',
      'rp2',
      'rp3',
      'mem0',
      'mem1',
      'mem2',
      'mem3',
    ]);
    expect(view.decoders.mem0?.[0]).toMatchObject({ committed: true, ways: 4, granularity: 4096 });
    expect(view.decoders.hb1?.[0]).toMatchObject({ committed: true, targets: [0, 1, 0, 0, 0, 0, 0, 0] });
    expect(Object.keys(view.registers)).toEqual(['hb0', 'hb1', 'mem0', 'mem1', 'mem2', 'mem3']);
    expect(view.findings).toEqual([]);
    expect(view.memory.mem0).toEqual({ capacityBytes: 4 * 2 ** 30, touchedPages: 0 });
    expect(view.regions.map((r) => [r.name, r.size, r.members])).toEqual([
      ['region0', 8 * 2 ** 30, ['mem0', 'mem2', 'mem1', 'mem3']],
    ]);
    expect(opened.memory).toEqual([]);
    expect(document.spec.name).toBe('2 host bridges x 2 devices, 4-way at 4 KiB');
    // Plain data: survives structured cloning unchanged.
    expect(structuredClone(opened)).toEqual(opened);
  });

  describe('refuses malformed or hostile files and keeps the current lab', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'wrong types',
        bytesOf(
          '{"format":"cxl-lab/1","windows":[],"components":[{"id":"hb0","kind":"host-bridge","uid":"zero"}]}',
        ),
        /components\[0\]\.uid: expected an integer/,
      ],
      [
        'another format',
        bytesOf('{"format":"cxl-lab/9","windows":[],"components":[]}'),
        /newer than this lab understands/,
      ],
      [
        'huge sizes',
        bytesOf(
          '{"format":"cxl-lab/1","windows":[{"id":"w","base":0,"size":"9999999T","ways":1,"granularity":256,"targets":[]}],"components":[]}',
        ),
        /windows\[0\]\.size/,
      ],
      [
        'deep nesting',
        bytesOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
        /nests deeper than 32 levels/,
      ],
      ['not JSON', bytesOf('format: cxl-lab/1'), /not valid JSON/],
      ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), /not UTF-8 text/],
      [
        'an invalid topology',
        bytesOf(
          '{"format":"cxl-lab/1","windows":[],"components":[{"id":"rp0","kind":"root-port","parent":"nowhere","port":0}]}',
        ),
        /nowhere/,
      ],
    ];
    it.each(cases)('%s', async (_name, bytes, message) => {
      const h = harness();
      const before = await openDefault(h);
      const error = await h.refuse('file.open', { bytes, fileName: 'bad.json' });
      expect(error.code).toMatch(/^file\./);
      expect(error.message).toMatch(/^bad\.json was not opened: |^bad\.json is /);
      expect(`${error.message}\n${(error.causes ?? []).map((c) => c.message).join('\n')}`).toMatch(message);
      const after = await h.call('lab.load', { document: before.document });
      expect(after.view.spec).toEqual(before.view.spec);
    });

    it('50 MB of junk', async () => {
      const h = harness();
      await openDefault(h);
      const junk = new Uint8Array(50 * 1_000_000).fill(0x61);
      const error = await h.refuse('file.open', { bytes: junk, fileName: 'junk.bin' });
      expect(error.message).toMatch(/junk\.bin was not opened: not valid JSON/);
    });

    it('more than 64 MiB', async () => {
      const h = harness();
      const error = await h.refuse('file.open', { bytes: new Uint8Array(65 * MIB), fileName: 'big.json' });
      expect(error).toMatchObject({ code: 'file.too-large' });
      expect(error.message).toMatch(/big\.json is 65\.0 MiB/);
    });
  });

  it('writes and reads bytes through the routing and journals the touched pages', async () => {
    const h = harness();
    await openDefault(h);
    const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
    const w = await h.call('mem.write', { hpa: REGION_BASE + 0x1000 - 2, bytes });
    expect(w.written).toBe(4);
    // 4 KiB granules; the window alternates host bridges first: granule 0 → hb0/mem0, 1 → hb1/mem2.
    expect(w.pieces.map((p) => [p.device, p.dpa, p.length])).toEqual([
      ['mem0', 0xffe, 2],
      ['mem2', 0, 2],
    ]);
    expect(w.memory.map((e) => (e.kind === 'pages' ? [e.device, e.pages.map(([i]) => i)] : e.kind))).toEqual([
      ['mem0', [0]],
      ['mem2', [0]],
    ]);
    expect(w.view.memory.mem0?.touchedPages).toBe(1);
    const r = await h.call('mem.read', { hpa: REGION_BASE + 0x1000 - 4, length: 8 });
    expect([...r.data]).toEqual([0, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0]);
    expect(r.errors).toEqual([]);
  });

  it('reports unmapped accesses as errors: reads all-ones, writes dropped', async () => {
    const h = harness();
    await openDefault(h);
    const r = await h.call('mem.read', { hpa: 0x1000, length: 4 });
    expect([...r.data]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(r.errors.length).toBe(1);
    const w = await h.call('mem.write', { hpa: 0x1000, bytes: new Uint8Array([1]) });
    expect(w.written).toBe(0);
    expect(w.memory).toEqual([]);
  });

  it('programs and uncommits decoders through MMIO; lab.load (undo) keeps memory', async () => {
    const h = harness();
    const opened = await openDefault(h);
    await h.call('mem.write', { hpa: REGION_BASE, bytes: new Uint8Array([7, 7, 7]) });
    // Bottom-up teardown order: the device decoder can be uncommitted on its own.
    const un = await h.call('hdm.uncommit', { component: 'mem0', index: 0 });
    expect(un.view.decoders.mem0?.[0]).toMatchObject({ committed: false, size: 0x200000000 });
    expect(un.document).not.toEqual(opened.document);
    const dropped = await h.call('mem.read', { hpa: REGION_BASE, length: 3 });
    expect(dropped.errors.length).toBeGreaterThan(0);

    const back = await h.call('lab.load', { document: opened.document });
    expect(back.view.decoders.mem0?.[0]?.committed).toBe(true);
    const kept = await h.call('mem.read', { hpa: REGION_BASE, length: 3 });
    expect([...kept.data]).toEqual([7, 7, 7]);

    const programmed = await h.call('hdm.program', {
      component: 'mem0',
      index: 1,
      program: { base: 0x4e00000000, size: 0x10000000, ways: 1, granularity: 256 },
      commit: false,
    });
    expect(programmed.outcome).toBe('programmed');
    expect(programmed.view.decoders.mem0?.[1]).toMatchObject({ base: 0x4e00000000, committed: false });
    const bad = await h.refuse('hdm.program', {
      component: 'mem0',
      index: 1,
      program: { base: 1, size: 0x10000000, ways: 1, granularity: 256 },
      commit: true,
    });
    expect(bad.message).toMatch(/not a multiple of 256 MiB/);
  });

  it('documents round-trip: the rebuilt lab has the same decoders and registers', async () => {
    const h = harness();
    await openDefault(h);
    await h.call('hdm.uncommit', { component: 'mem2', index: 0 });
    const changed = await h.call('hdm.program', {
      component: 'mem2',
      index: 1,
      program: { base: 0x4e00000000, size: 0x10000000, ways: 1, granularity: 1024 },
      commit: false,
    });
    const reloaded = await h.call('lab.load', { document: changed.document });
    expect(reloaded.view.decoders).toEqual(changed.view.decoders);
    expect(reloaded.view.registers).toEqual(changed.view.registers);
  });

  it('destroys and creates regions the Linux way', async () => {
    const h = harness();
    await openDefault(h);
    const destroyed = await h.call('region.destroy', { region: 'region0' });
    expect(destroyed.view.regions).toEqual([]);
    expect(destroyed.view.decoders.mem0?.[0]?.committed).toBe(false);
    const created = await h.call('region.create', {
      window: 'cfmw0',
      members: ['mem0', 'mem2', 'mem1', 'mem3'],
      size: 2 ** 30,
      mode: 'volatile',
    });
    expect(created.region).toMatch(/^region\d+$/);
    expect(created.view.regions.map((r) => r.size)).toEqual([2 ** 30]);
    const refused = await h.refuse('region.destroy', { region: 'region42' });
    expect(refused.message).toMatch(/region42/);
  });

  it('fills in chunks with progress, and cancels between chunks', async () => {
    const h = harness();
    await openDefault(h);
    const fill = h.send('mem.fill', {
      hpa: REGION_BASE,
      length: 256 * MIB,
      pattern: { kind: 'byte', value: 0xa5 },
    });
    h.setOnProgress((id, done) => {
      if (id === fill.id && done >= 64 * MIB) h.cancel(fill.id);
    });
    const r = await fill.done;
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fill.cancelled).toBe(true);
    expect(r.value.fill.done).toBeGreaterThanOrEqual(64 * MIB);
    expect(r.value.fill.done).toBeLessThan(256 * MIB);
    expect(r.value.memory).toEqual([
      expect.objectContaining({ kind: 'fill', hpa: REGION_BASE, length: r.value.fill.done }),
    ]);
    const steps = h.progress.get(fill.id) ?? [];
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.every(([, total]) => total === 256 * MIB)).toBe(true);
  });

  it('a full fill verifies; a verify of another pattern finds mismatches', async () => {
    const h = harness();
    await openDefault(h);
    const f = await h.call('mem.fill', { hpa: REGION_BASE, length: 64 * MIB, pattern: { kind: 'inc' } });
    expect(f.fill).toMatchObject({ cancelled: false, written: 64 * MIB, done: 64 * MIB });
    expect(f.fill.perDevice).toEqual({ mem0: 16 * MIB, mem1: 16 * MIB, mem2: 16 * MIB, mem3: 16 * MIB });
    const v = await h.call('mem.verify', { hpa: REGION_BASE, length: 64 * MIB, pattern: { kind: 'inc' } });
    expect(v).toMatchObject({ mismatchCount: 0, checked: 64 * MIB, cancelled: false });
    const wrong = await h.call('mem.verify', { hpa: REGION_BASE, length: 4096, pattern: { kind: 'tag' } });
    expect(wrong.mismatchCount).toBeGreaterThan(0);
  });

  it('restores a lab from its document and memory journal, fills replayed under their own configuration', async () => {
    const a = harness();
    const opened = await openDefault(a);
    const journal: MemoryEntry[] = [];
    const f = await a.call('mem.fill', { hpa: REGION_BASE, length: 8 * MIB, pattern: { kind: 'tag' } });
    journal.push(...f.memory);
    const w = await a.call('mem.write', { hpa: REGION_BASE + 16, bytes: new Uint8Array([1, 2, 3]) });
    journal.push(...w.memory);
    // Tear the region down afterwards: the replayed fill must still route as it did.
    const down = await a.call('region.destroy', { region: 'region0' });
    const b = harness();
    const restored = await b.call('lab.restore', {
      document: down.document,
      memory: structuredClone(journal),
    });
    expect(restored.view.decoders).toEqual(down.view.decoders);
    expect(restored.view.memory).toEqual(down.view.memory);
    await b.call('lab.load', { document: opened.document });
    const r = await b.call('mem.read', { hpa: REGION_BASE + 8, length: 16 });
    expect([...r.data.subarray(8, 11)]).toEqual([1, 2, 3]);
    const v = await b.call('mem.verify', {
      hpa: REGION_BASE + 32,
      length: 8 * MIB - 32,
      pattern: { kind: 'tag' },
    });
    expect(v.mismatchCount).toBe(0);
  });

  it('saves cxl-lab/1 text with registers and memory that opens to the same lab', async () => {
    const h = harness();
    await openDefault(h);
    await h.call('mem.write', { hpa: REGION_BASE + 0x2000, bytes: new Uint8Array([0x11, 0x22]) });
    const un = await h.call('hdm.uncommit', { component: 'mem3', index: 0 });
    const saved = await h.call('file.save', {});
    expect(saved.text).toMatch(/"format": "cxl-lab\/1"/);
    const other = harness();
    const reopened = await other.call('file.open', { bytes: bytesOf(saved.text), fileName: 'saved.json' });
    expect(reopened.view.decoders).toEqual(un.view.decoders);
    expect(reopened.memory.map((e) => (e.kind === 'pages' ? e.device : e.kind))).toEqual(['mem1']);
    const r = await other.call('mem.read', { hpa: REGION_BASE + 0x2000, length: 2 });
    expect([...r.data]).toEqual([0x11, 0x22]);
  });

  it('refuses to save more memory than a file can hold', async () => {
    const h = harness();
    await openDefault(h);
    await h.call('mem.fill', { hpa: REGION_BASE, length: 320 * MIB, pattern: { kind: 'byte', value: 1 } });
    const e = await h.refuse('file.save', {});
    expect(e.message).toMatch(/mem0 has 20480 touched pages.*at most 16384 pages \(64 MiB\) per device/);
  });

  it('answers a handler exception as worker.internal', async () => {
    const h = harness();
    await openDefault(h);
    const e = await h.refuse('mem.write', { hpa: REGION_BASE, bytes: undefined as unknown as Uint8Array });
    expect(e.code).toBe('worker.internal');
  });

  it('runs requests in order: a read queued behind a fill sees the filled bytes', async () => {
    const h = harness();
    const doc: LabDocument = (await openDefault(h)).document;
    const fill = h.send('mem.fill', {
      hpa: REGION_BASE,
      length: 40 * MIB,
      pattern: { kind: 'byte', value: 9 },
    });
    const read = h.send('mem.read', { hpa: REGION_BASE + 40 * MIB - 1, length: 1 });
    const [f, r] = await Promise.all([fill.done, read.done]);
    expect(f.ok && r.ok).toBe(true);
    if (r.ok) expect([...r.value.data]).toEqual([9]);
    expect(doc.spec.components.length).toBe(10);
  });
});

describe('worker handler: opening a file is a long operation', () => {
  it('reports progress in bytes of the file, ending at the whole file', async () => {
    const h = harness();
    const open = h.send('file.open', { bytes: new Uint8Array(PRESET), fileName: 'default.topology.json' });
    const r = await open.done;
    expect(r.ok).toBe(true);
    const steps = h.progress.get(open.id) ?? [];
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const [, total] of steps) expect(total).toBe(PRESET.length);
    const dones = steps.map(([done]) => done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(dones[0]).toBe(0);
  });

  it('cancelled while opening: refused as cancelled, and the open lab, its registers and bytes stay', async () => {
    const h = harness();
    const before = await openDefault(h);
    const bytes = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
    await h.call('mem.write', { hpa: REGION_BASE + 0x40, bytes });
    // Another lab: the same topology renamed, so a wrongly adopted file would show.
    const other = JSON.parse(new TextDecoder().decode(PRESET)) as { name: string };
    other.name = 'must not be opened';
    const open = h.send('file.open', { bytes: bytesOf(JSON.stringify(other)), fileName: 'other.json' });
    h.setOnProgress((id) => {
      if (id === open.id) h.cancel(open.id);
    });
    const r = await open.done;
    h.setOnProgress(() => {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('file.cancelled');
    const save = await h.call('file.save', {});
    expect(save.text).not.toContain('must not be opened');
    expect(save.text).toContain(before.view.spec.name);
    const read = await h.call('mem.read', { hpa: REGION_BASE + 0x40, length: 4 });
    expect([...read.data]).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });
});
