/**
 * Reads of poisoned device bytes through the routing: which HPAs fail (worked by hand on a 2-way,
 * 256 B interleave), a property against an independent reference, the General Media event record a
 * poisoned read leaves (bytes checked against CXL 2.0 §8.2.9.1.1 / §8.2.9.1.1.1 offsets), Get/Clear
 * Event Records on it, and the worker turning it into an undoable document change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fill, read, verify, write } from '../../src/cxl/decode/access.ts';
import { labDevice, runMailbox } from '../../src/cxl/device/index.ts';
import { recordPoisonReads } from '../../src/cxl/device/poison-events.ts';
import { poisonRanges } from '../../src/cxl/device/poison-index.ts';
import { DeviceState } from '../../src/cxl/device/state.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { serializeLabFile } from '../../src/cxl/topology/file.ts';
import type { PoisonRecordSpec, TopologySpec, Type3Spec } from '../../src/cxl/topology/model.ts';
import { poisonAt, poisonRangesOf } from '../../src/panels/dpa-hex/hex-model.ts';
import { createHandler } from '../../src/worker/handler.ts';
import type { LabState, ResultOf, WorkerToMain } from '../../src/worker/protocol.ts';
import { runCli } from './helpers/fake-io.ts';
import { fakeLab, GIB, hostBridge, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const B = 0x1_0000_0000;

function withPoison(c: ReturnType<typeof type3>, poison: PoisonRecordSpec[]) {
  return { ...c, device: { state: { lsa: [], poison, events: [], nextEventHandle: 1 } } } as Type3Spec;
}

/** hb0 interleaves 2 ways at 256 B: way 0 → rp0 → mem0, way 1 → rp1 → mem1. */
function twoWaySpec(poison0: PoisonRecordSpec[], poison1: PoisonRecordSpec[]): TopologySpec {
  return spec(
    [window('cfmw0', B, GIB, ['hb0'], 256)],
    [
      hostBridge('hb0', 0, [prog(B, GIB, 2, 256, { targets: [0, 1] })]),
      rootPort('rp0', 'hb0', 0),
      rootPort('rp1', 'hb0', 1),
      withPoison(type3('mem0', 'rp0', GIB / 2, [prog(B, GIB, 2, 256)]), poison0),
      withPoison(type3('mem1', 'rp1', GIB / 2, [prog(B, GIB, 2, 256)]), poison1),
    ],
  );
}

const RECORD = { dpa: 0x1000, length: 64, source: 3 };

describe('a read of poison fails at the device (worked by hand)', () => {
  // 2 ways × 256 B: HPA offset h is chunk c = ⌊h / 256⌋, way c mod 2, device DPA ⌊c / 2⌋ × 256 + h mod 256.
  // mem1 (way 1) DPA 0x1000 = device chunk 0x1000 / 256 = 16, offset 0 → HPA chunk 16 × 2 + 1 = 33 →
  // HPA offset 33 × 256 = 0x2100. The record is 64 B, so B + 0x2100 … B + 0x213f fail.
  const lab = () => fakeLab(twoWaySpec([], [RECORD]));

  it('fails the 64 poisoned bytes and names device, DPA, HPA and record', () => {
    const r = read(lab(), B + 0x2100, 1);
    expect(r.ok).toBe(false);
    expect(r.pieces[0]?.poison).toEqual({
      kind: 'poison',
      device: 'mem1',
      dpa: 0x1000,
      length: 1,
      hpa: B + 0x2100,
      record: RECORD,
    });
    expect(r.errors[0]?.code).toBe('access.poison');
    expect(r.errors[0]?.component).toBe('mem1');
    expect(r.errors[0]?.message).toContain('poison at DPA 0x1000 on mem1 (record 0x1000+64 B)');
    expect(read(lab(), B + 0x213f, 1).pieces[0]?.poison?.dpa).toBe(0x103f); // last byte: 0x1000 + 0x3f
  });

  it('leaves the neighbours alone', () => {
    // B + 0x2140: chunk 33 offset 0x40 → mem1 DPA 16 × 256 + 0x40 = 0x1040, past the 64 B record.
    expect(read(lab(), B + 0x2140, 1).ok).toBe(true);
    // B + 0x20ff: chunk 32 (way 0) → mem0 DPA 16 × 256 + 0xff = 0x10ff: the other device.
    expect(read(lab(), B + 0x20ff, 1).ok).toBe(true);
    // B + 0x2000: chunk 32 offset 0 → mem0 DPA 0x1000: the same DPA, but on mem0, which is clean.
    expect(read(lab(), B + 0x2000, 64).ok).toBe(true);
  });

  it('splits a read across the poison: clean bytes are delivered, poisoned ones read all-ones', () => {
    const l = lab();
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 7 + 1) & 0xff);
    expect(write(l, B + 0x2080, bytes).ok).toBe(true); // writes do not clear poison (QEMU cxl_type3_write)
    const r = read(l, B + 0x2080, 256);
    // [0x2080, 0x2100) mem0 DPA 0x1080 (128 B); [0x2100, 0x2140) mem1 DPA 0x1000 poisoned (64 B);
    // [0x2140, 0x2180) mem1 DPA 0x1040 (64 B).
    expect(r.pieces.map((p) => [p.hpa - B, p.length, p.device, p.dpa, p.ok])).toEqual([
      [0x2080, 0x80, 'mem0', 0x1080, true],
      [0x2100, 0x40, 'mem1', 0x1000, false],
      [0x2140, 0x40, 'mem1', 0x1040, true],
    ]);
    expect([...r.data.subarray(0, 0x80)]).toEqual([...bytes.subarray(0, 0x80)]);
    expect(r.data.subarray(0x80, 0xc0).every((b) => b === 0xff)).toBe(true);
    expect([...r.data.subarray(0xc0)]).toEqual([...bytes.subarray(0xc0)]);
  });
});

describe('verify reads too: poisoned bytes are failures', () => {
  it('on the run-by-run path and the device-major (strided) path', () => {
    const l = fakeLab(twoWaySpec([], [RECORD]));
    const tag = { kind: 'tag' as const };
    expect(fill(l, B, 0x10000, tag).ok).toBe(true);
    // 256 B from 0x2080: run by run; the 64 B at HPA 0x2100 (mem1 DPA 0x1000, worked above) fail.
    const small = verify(l, B + 0x2080, 256, tag);
    expect([small.ok, small.poisonedBytes, small.mismatchCount]).toEqual([false, 64, 0]);
    expect(small.failures.map((f) => [f.hpa - B, f.length, f.error.code])).toEqual([
      [0x2100, 64, 'access.poison'],
    ]);
    // 64 KiB from B: 128 whole 512 B periods (2 ways × 256 B), processed device by device.
    const big = verify(l, B, 0x10000, tag);
    expect([big.ok, big.poisonedBytes]).toEqual([false, 64]);
    expect(big.failures[0]?.hpa).toBe(B + 0x2100);
    // Without poison the same verify passes.
    const clean = fakeLab(twoWaySpec([], []));
    fill(clean, B, 0x10000, tag);
    expect([verify(clean, B, 0x10000, tag).ok, verify(clean, B, 0x10000, tag).poisonedBytes]).toEqual([
      true,
      0,
    ]);
  });
});

describe('property: a read fails exactly on the poisoned device bytes it reaches', () => {
  /** Independent reference: the byte at HPA offset h is (device, DPA) by the 2-way arithmetic. */
  const target = (h: number) => {
    const c = Math.floor(h / 256);
    return { device: c % 2 === 0 ? 'mem0' : 'mem1', dpa: Math.floor(c / 2) * 256 + (h % 256) };
  };
  const record = fc
    .record({ line: fc.integer({ min: 0, max: 255 }), lines: fc.integer({ min: 1, max: 6 }) })
    .map(({ line, lines }) => ({ dpa: line * 64, length: lines * 64, source: 3 }));

  it('holds for random records and reads', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 5 }),
        fc.array(record, { maxLength: 5 }),
        fc.integer({ min: 0, max: 0x8000 }),
        fc.integer({ min: 1, max: 700 }),
        (p0, p1, off, len) => {
          const r = read(fakeLab(twoWaySpec(p0, p1)), B + off, len);
          const records: Record<string, PoisonRecordSpec[]> = { mem0: p0, mem1: p1 };
          const poisonedAt = (h: number) => {
            const t = target(h);
            return (records[t.device] ?? []).some((p) => t.dpa >= p.dpa && t.dpa < p.dpa + p.length);
          };
          const failedByLab = new Set<number>();
          for (const p of r.pieces) {
            if (p.poison === undefined) continue;
            for (let i = 0; i < p.length; i++) failedByLab.add(p.hpa - B + i);
            expect(p.poison.device).toBe(target(p.hpa - B).device);
            expect(p.poison.dpa).toBe(target(p.hpa - B).dpa);
          }
          let any = false;
          for (let h = off; h < off + len; h++) {
            expect(failedByLab.has(h)).toBe(poisonedAt(h));
            any ||= poisonedAt(h);
          }
          expect(r.ok).toBe(!any);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('merges overlapping and touching records into disjoint ranges', () => {
    const ranges = poisonRanges([
      { dpa: 0x100, length: 64, source: 3 },
      { dpa: 0x0, length: 128, source: 2 },
      { dpa: 0x80, length: 64, source: 3 },
      { dpa: 0x400, length: 64, source: 3 },
    ]);
    // [0, 0x80) and [0x80, 0xc0) touch and join; [0x100, 0x140) and [0x400, 0x440) stand alone.
    expect(ranges.map((r) => [r.dpa, r.end])).toEqual([
      [0, 0xc0],
      [0x100, 0x140],
      [0x400, 0x440],
    ]);
  });
});

describe('the General Media event record a poisoned read leaves', () => {
  const hit = {
    kind: 'poison' as const,
    device: 'mem1',
    dpa: 0x1000,
    length: 64,
    hpa: B + 0x2100,
    record: RECORD,
  };

  function recorded() {
    const edited = recordPoisonReads(twoWaySpec([], [RECORD]), [hit]);
    const mem1 = edited?.components.find((c) => c.id === 'mem1') as Type3Spec;
    return { edited, mem1, state: new DeviceState(mem1) };
  }

  it('goes to the Failure log with the offsets of CXL 2.0 §8.2.9.1.1 and §8.2.9.1.1.1', () => {
    const { state } = recorded();
    expect(state.logs.map((l) => l.records.length)).toEqual([0, 0, 1, 0]);
    const b = state.logs[2]?.records[0]?.bytes as Uint8Array;
    expect(b.length).toBe(0x80); // Common Event Record: 128 bytes
    // 0x00 Event Record Identifier (UUID fbcd0a77-c260-417f-85a9-088b1621eba6, bytes in text order).
    expect([...b.subarray(0, 16)]).toEqual([
      0xfb, 0xcd, 0x0a, 0x77, 0xc2, 0x60, 0x41, 0x7f, 0x85, 0xa9, 0x08, 0x8b, 0x16, 0x21, 0xeb, 0xa6,
    ]);
    expect(b[0x10]).toBe(0x80); // Event Record Length
    expect([...b.subarray(0x11, 0x14)]).toEqual([0x02, 0, 0]); // Flags: severity [1:0] = 2 (Failure)
    expect([b[0x14], b[0x15]]).toEqual([0x01, 0x00]); // Event Record Handle 1 (LE), the first handed out
    expect([...b.subarray(0x18, 0x20)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]); // Timestamp: never set → 0
    // 0x30 Physical Address: DPA 0x1000 in bits 63:6, bit 0 Volatile (mem1 is all volatile) → 0x1001 LE.
    expect([...b.subarray(0x30, 0x38)]).toEqual([0x01, 0x10, 0, 0, 0, 0, 0, 0]);
    expect(b[0x38]).toBe(0x01); // Memory Event Descriptor: [0] Uncorrectable Event
    expect(b[0x39]).toBe(0x00); // Memory Event Type: ECC Error
    expect(b[0x3a]).toBe(0x01); // Transaction Type: Host Read
    expect([b[0x3b], b[0x3c]]).toEqual([0, 0]); // Validity Flags: no channel, rank, device, component
  });

  it('one record per 64-byte line read; nothing changes without hits', () => {
    const two = recordPoisonReads(twoWaySpec([], [{ dpa: 0x1000, length: 128, source: 3 }]), [
      { ...hit, length: 128, record: { dpa: 0x1000, length: 128, source: 3 } },
    ]);
    const s = new DeviceState(two?.components.find((c) => c.id === 'mem1') as Type3Spec);
    // Lines 0x1000 and 0x1040 → handles 1 and 2.
    expect(s.logs[2]?.records.map((r) => r.handle)).toEqual([1, 2]);
    expect(s.logs[2]?.records[1]?.bytes[0x30]).toBe(0x41); // 0x1040 | volatile bit → low byte 0x41
    expect(recordPoisonReads(twoWaySpec([], []), [])).toBeNull();
  });

  it('Get Event Records (Failure log) returns it and Clear Event Records removes it', () => {
    const { edited } = recorded();
    const built = createLab(edited as TopologySpec);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const dev = labDevice(built.value.lab, 'mem1');
    if (!dev.ok) throw new Error(dev.error.message);
    const get = runMailbox(dev.value.device, 'get-event-records', Uint8Array.of(2));
    if (!get.ok) throw new Error(get.error.message);
    const out = get.value.output;
    // Output: 0x14 Event Record Count (2 B) = 1, records from 0x20; the record's handle at 0x20 + 0x14.
    expect([out[0x14], out[0x15]]).toEqual([1, 0]);
    expect(out.length).toBe(0x20 + 0x80);
    expect([out[0x34], out[0x35]]).toEqual([1, 0]);
    expect(out[0x20 + 0x3a]).toBe(0x01); // Host Read
    // Clear Event Records: log 2, flags 0, 1 handle, 3 reserved, handle 0x0001.
    const clear = runMailbox(dev.value.device, 'clear-event-records', Uint8Array.of(2, 0, 1, 0, 0, 0, 1, 0));
    expect(clear.ok && clear.value.returnCode).toBe(0); // Success
    const again = runMailbox(dev.value.device, 'get-event-records', Uint8Array.of(2));
    expect(again.ok && [again.value.output[0x14], again.value.output.length]).toEqual([0, 0x20]);
  });
});

describe('the worker: a read of poison is an undoable document change', () => {
  function harness() {
    const replies = new Map<number, unknown>();
    const handler = createHandler({
      post(m: WorkerToMain) {
        if (m.type === 'response') replies.set(m.id, m.result);
      },
    });
    let id = 1;
    return async function call<T>(kind: string, args: unknown): Promise<T> {
      const n = id++;
      handler.onMessage({ type: 'request', id: n, kind, args } as never);
      await handler.idle();
      const r = replies.get(n) as { ok: boolean; value: T; error?: { message: string } };
      if (!r.ok) throw new Error(r.error?.message);
      return r.value;
    };
  }

  it('answers the failed piece with its poison and the lab with the event logged', async () => {
    const call = harness();
    await call<LabState>('lab.load', { document: { spec: twoWaySpec([], [RECORD]), registers: {} } });
    const clean = await call<ResultOf<'mem.read'>>('mem.read', { hpa: B + 0x2000, length: 64 });
    expect(clean.state).toBeUndefined();
    const r = await call<ResultOf<'mem.read'>>('mem.read', { hpa: B + 0x2100, length: 8, trace: true });
    expect(r.errors[0]).toContain('poison at DPA 0x1000 on mem1');
    expect(r.pieces[0]?.poison).toMatchObject({ device: 'mem1', dpa: 0x1000, hpa: B + 0x2100 });
    // The trace fails at the device (the animation's last hop).
    expect(r.trace?.pieces[0]?.failedAt).toBe('mem1');
    expect(r.trace?.pieces[0]?.poison).toBe(true);
    expect(r.trace?.pieces[0]?.hops.at(-1)?.component).toBe('mem1');
    const mem1 = r.state?.document.spec.components.find((c) => c.id === 'mem1') as Type3Spec;
    expect(mem1.device?.state?.events.map((e) => [e.log, e.handle])).toEqual([[2, 1]]);
    expect(mem1.device?.state?.poison).toEqual([RECORD]); // the read does not clear the poison
  });
});

describe('the CLI agrees with the read path', () => {
  const file = serializeLabFile({ spec: twoWaySpec([], [RECORD]), registers: new Map(), memory: new Map() });

  it('list --media-errors gives the HPA the failing read used; route names the record', async () => {
    const list = await runCli(['list', 'l.json', '--media-errors'], { 'l.json': file });
    expect(list.code).toBe(0);
    const mem1 = JSON.parse(list.stdout).find((m: { id: string }) => m.id === 'mem1');
    // DPA 0x1000 on mem1 (way 1) ← HPA B + 0x2100, worked out above.
    expect(mem1.media_errors[0].hpa).toEqual([`0x${(B + 0x2100).toString(16)}`]);
    const poisoned = await runCli(['route', 'l.json', `0x${(B + 0x2110).toString(16)}`, '--no-hops'], {
      'l.json': file,
    });
    const line = JSON.parse(poisoned.stdout);
    expect([line.ok, line.device, line.dpa]).toEqual([true, 'mem1', '0x1010']);
    expect(line.poison).toMatchObject({ offset: '0x1000', length: 64, source: 'Injected' });
    const clean = await runCli(['route', 'l.json', `0x${(B + 0x2140).toString(16)}`], { 'l.json': file });
    expect(JSON.parse(clean.stdout).poison).toBeUndefined();
    // --length: the piece [0x2100, 0x2200) of mem1 holds the record; [0x2000, 0x2100) on mem0 does not.
    const range = await runCli(['route', 'l.json', `0x${(B + 0x2000).toString(16)}`, '--length', '512'], {
      'l.json': file,
    });
    const pieces = JSON.parse(range.stdout).pieces as { device: string; poison?: unknown }[];
    expect(pieces.map((p) => [p.device, p.poison !== undefined])).toEqual([
      ['mem0', false],
      ['mem1', true],
    ]);
  });
});

describe('the store: the read of poison is one undoable step', () => {
  it('records the logged event as a change, and undo takes it back (the poison stays)', async () => {
    const { createLabStore } = await import('../../src/state/store.ts');
    const { createMemoryRepository } = await import('../../src/state/memory-repository.ts');
    const { PRESETS } = await import('../../src/presets/index.ts');
    const { LabClient } = await import('../../src/worker/client.ts');
    const { createInProcessWorker } = await import('./helpers/in-process-worker.ts');
    const repo = createMemoryRepository();
    const store = createLabStore({
      createClient: () => new LabClient(createInProcessWorker),
      repository: async () => repo,
      presets: PRESETS,
      autosaveMs: 5,
      newId: () => `lab-${Math.random().toString(36).slice(2, 8)}`,
    });
    const s = () => store.getState();
    await s().start();
    const spec = structuredClone(s().view?.spec) as TopologySpec;
    const mem0 = spec.components.find((c) => c.id === 'mem0') as Type3Spec;
    mem0.device = { state: { lsa: [], poison: [RECORD], events: [], nextEventHandle: 1 } };
    expect((await s().setTopology(spec)).ok).toBe(true);
    const mem0State = () =>
      (s().document?.spec.components.find((c) => c.id === 'mem0') as Type3Spec | undefined)?.device?.state;
    const steps = s().past.length;
    // The default preset: 4 KiB chunk k of cfmw0 goes to host bridge k mod 2, then to its port
    // ⌊k / 2⌋ mod 2 (HPA bit 13), so mem0 (hb0 port 0) takes k = 0, 4, 8, … and its DPA chunk is ⌊k / 4⌋:
    // DPA 0x1000 (chunk 1) is k = 4, HPA 0x4c00000000 + 4 × 0x1000 = 0x4c00004000.
    expect((await s().readMemory(0x4c00004000, 8)).ok).toBe(true);
    const entry = s().accessLog[0];
    expect(entry?.kind === 'read' && entry.pieces[0]?.poison?.device).toBe('mem0');
    expect(mem0State()?.events).toHaveLength(1);
    expect(s().past.length).toBe(steps + 1);
    expect((await s().undo()).ok).toBe(true);
    expect(mem0State()?.events ?? []).toHaveLength(0);
    expect(mem0State()?.poison).toEqual([RECORD]);
    store.dispose();
  });
});

describe("the DPA hex view marks the device's records", () => {
  it('reads the ranges from the device state, sorted, and finds the one under a byte', () => {
    const dev = withPoison(type3('mem0', 'rp0', GIB, []), [
      { dpa: 0x2000, length: 64, source: 2 },
      { dpa: 0x1000, length: 128, source: 3 },
    ]);
    const ranges = poisonRangesOf(dev);
    expect(ranges).toEqual([
      { dpa: 0x1000, length: 128 },
      { dpa: 0x2000, length: 64 },
    ]);
    // 0x107f is the last byte of [0x1000, 0x1080); 0x1080 is clean; 0x203f the last of the second.
    expect([0xfff, 0x1000, 0x107f, 0x1080, 0x203f, 0x2040].map((d) => poisonAt(ranges, d)?.dpa)).toEqual([
      undefined,
      0x1000,
      0x1000,
      undefined,
      0x2000,
      undefined,
    ]);
    expect(poisonRangesOf(type3('mem1', 'rp1', GIB, []) as Type3Spec)).toEqual([]);
  });
});
