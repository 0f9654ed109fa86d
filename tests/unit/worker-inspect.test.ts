/**
 * The worker's inspection requests (src/worker/inspect.ts), driven through the real handler: register
 * dumps, per-field and decoded-unit MMIO writes with the commit state machine answering, traced
 * accesses, DPA reads, the reverse map, routed batches and the CEDT.
 *
 * Scenario: a 1 host bridge × 2 root port lab whose decoders start unprogrammed; it is programmed as
 * a 2-way region at 1 KiB granularity, all through the HDM registers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegisterDump } from '../../src/worker/inspect-types.ts';
import type { ArgsOf } from '../../src/worker/protocol.ts';
import { handlerHarness } from './helpers/handler-harness.ts';

const BLANK = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url));
const BASE = 0x4c00000000;
const GIB = 2 ** 30;
/** HDM Decoder Capability Structure at cachemem (0x1000) + 0x128. */
const HDM = 0x1128;
const ctrl = (n: number) => HDM + 0x10 + 0x20 * n + 0x10;

const harness = handlerHarness;

type H = ReturnType<typeof harness>;

async function openBlank(h: H) {
  return h.call('file.open', { bytes: new Uint8Array(BLANK), fileName: 'blank.json' });
}

function reg(dump: RegisterDump, offset: number) {
  const r = dump.registers.find((x) => x.offset === offset);
  if (r === undefined) throw new Error(`no register at 0x${offset.toString(16)}`);
  return r;
}

function field(dump: RegisterDump, offset: number, name: string) {
  const f = reg(dump, offset).fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no field ${name}`);
  return f;
}

/** Programs decoder 0 of `component` as the 2-way, 1 KiB region over the window, then commits it. */
async function program2Way(h: H, component: string, targets?: number[]) {
  const set = (change: ArgsOf<'hdm.setDecoder'>['change']) =>
    h.call('hdm.setDecoder', { component, index: 0, change });
  await set({ field: 'base', value: BASE });
  await set({ field: 'size', value: 8 * GIB });
  await set({ field: 'ways', value: 2 });
  await set({ field: 'granularity', value: 1024 });
  for (const [way, port] of (targets ?? []).entries()) await set({ field: 'target', way, value: port });
  return h.call('mmio.writeField', { component, offset: ctrl(0), field: 'commit', value: 1 });
}

describe('worker inspection requests', () => {
  it('dumps a register block at its real offsets with every field decoded', async () => {
    const h = harness();
    await openBlank(h);
    const dump = await h.call('registers.dump', { component: 'hb0' });
    expect(dump.kind).toBe('host-bridge');
    expect(dump.hdmOffset).toBe(HDM);
    expect(dump.blockBase).toBe(0x100000000);
    // CXL Capability Header at cachemem offset 0, then the capability headers.
    expect(reg(dump, 0x1000).name).toBe('CXL Capability Header');
    expect(reg(dump, 0x1008).name).toBe('CXL Capability Header: HDM Decoder');
    expect(field(dump, 0x1008, 'pointer').meaning).toBe('cache/mem + 0x128 = block 0x1128');
    // HDM Decoder Capability: 4 decoders (encoding 2), 8 targets.
    expect(field(dump, HDM, 'decoderCount')).toMatchObject({
      value: 2,
      meaning: '4 decoders',
      writable: false,
    });
    expect(field(dump, HDM, 'targetCount').meaning).toBe('8 targets per decoder');
    const control = reg(dump, ctrl(0));
    expect(control.name).toBe('Decoder 0 Control');
    expect(control.spec).toBe('CXL r3.1 §8.2.4.20.7');
    expect(control.fields.map((f) => f.title)).toContain('Error Not Committed');
    expect(control.fields.find((f) => f.name === 'committed')?.writable).toBe(false);
    expect(control.fields.find((f) => f.name === 'lockOnCommit')?.writable).toBe(true);
    // The fields tile all 32 bits.
    expect(control.fields.reduce((n, f) => n + f.width, 0)).toBe(32);
    expect(reg(dump, HDM + 0x10 + 0x14).name).toBe('Decoder 0 Target List Low');
    const mem = await h.call('registers.dump', { component: 'mem0' });
    expect(reg(mem, HDM + 0x10 + 0x14).name).toBe('Decoder 0 DPA Skip Low');
    expect(await h.refuse('registers.dump', { component: 'rp0.0' })).toMatchObject({
      code: 'registers.none',
    });
  });

  it('programs a 2-way region through the registers and traces an access to the predicted DPA', async () => {
    const h = harness();
    await openBlank(h);
    const hb = await program2Way(h, 'hb0', [0, 1]);
    expect(hb.write.commit).toMatchObject({ decoder: 0, outcome: 'committed' });
    await program2Way(h, 'mem0');
    const last = await program2Way(h, 'mem1');
    expect(last.view.decoders.mem1?.[0]).toMatchObject({ committed: true, ways: 2, granularity: 1024 });

    const dump = await h.call('registers.dump', { component: 'hb0' });
    // Base High holds bits 63:32 of 0x4c00000000 = 0x4c; IW = 1 (2 ways), IG = 2 (1 KiB).
    expect(reg(dump, HDM + 0x10 + 0x04).value).toBe(0x4c);
    expect(field(dump, ctrl(0), 'iw')).toMatchObject({ value: 1, meaning: '2 ways' });
    expect(field(dump, ctrl(0), 'ig')).toMatchObject({ value: 2, meaning: '1 KiB granules' });
    expect(field(dump, HDM + 0x10 + 0x14, 'target1').meaning).toBe('way 1: port 1 → rp0.1');
    expect(field(dump, HDM + 0x10 + 0x14, 'target2').meaning).toBe('way 2 unused (2-way)');

    // HPA offset 0x1434: host bridge way = HPA bit 10 = 1 → port 1 → rp0.1 → mem1; the device removes
    // bit 10: DPA = (0x1434 >> 11) << 10 | (0x1434 & 0x3ff) = 0x800 | 0x34 = 0x834.
    const hpa = BASE + 0x1434;
    const w = await h.call('mem.write', {
      hpa,
      bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
      trace: true,
    });
    expect(w.written).toBe(4);
    const piece = w.trace?.pieces[0];
    expect(piece).toMatchObject({ ok: true, device: 'mem1', dpa: 0x834 });
    expect(piece?.hops.map((x) => x.component)).toEqual(['cfmw0', 'hb0', 'mem1']);
    expect(piece?.hops[1]).toMatchObject({ decoder: 0, way: 1, target: 1, port: 'rp0.1', next: 'mem1' });
    expect(piece?.hops[1]?.arithmetic).toContain('HPA bits [10] = 1');

    const page = await h.call('dpa.read', { device: 'mem1', dpa: 0x800, length: 0x100 });
    expect([...page.bytes.subarray(0x34, 0x38)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(page.touchedPages).toEqual([0]);
    const far = await h.call('dpa.read', { device: 'mem1', dpa: 3 * GIB, length: 64 });
    expect(far.touchedPages).toEqual([]);
    expect([...far.bytes].every((b) => b === 0)).toBe(true);

    const back = await h.call('dpa.reverse', { device: 'mem1', dpa: 0x834 });
    expect(back.hits).toEqual([
      {
        hpa,
        decoder: 0,
        window: 'cfmw0',
        path: ['cfmw0 way 0 → hb0', 'hb0 decoder 0 way 1 → rp0.1', 'mem1 decoder 0 → DPA 0x834'],
      },
    ]);
    // Beyond the 4 GiB the region uses of each device, nothing reaches the byte.
    expect((await h.call('dpa.reverse', { device: 'mem1', dpa: 4 * GIB - 1 })).hits).toHaveLength(1);

    // An access crossing a granule boundary is traced piece by piece: mem1, then mem0.
    const r = await h.call('mem.read', { hpa: BASE + 0x7f0, length: 0x20, trace: true });
    expect(r.trace?.pieces.map((p) => [p.device, p.dpa, p.length])).toEqual([
      ['mem1', 0x3f0, 0x10],
      ['mem0', 0x400, 0x10],
    ]);

    const batch = await h.call('route.batch', { hpas: [BASE, BASE + 1024, BASE + 2048, 0x1000] });
    expect(batch.routes.map((x) => x.device ?? null)).toEqual(['mem0', 'mem1', 'mem0', null]);
    expect(batch.routes[2]?.dpa).toBe(1024);
  });

  it('a failed access names the hop that failed', async () => {
    const h = harness();
    await openBlank(h);
    // Programmed but not committed: the host bridge's decoder covers the HPA and refuses it.
    await h.call('hdm.setDecoder', { component: 'hb0', index: 0, change: { field: 'base', value: BASE } });
    await h.call('hdm.setDecoder', { component: 'hb0', index: 0, change: { field: 'size', value: 8 * GIB } });
    const r = await h.call('mem.read', { hpa: BASE, length: 8, trace: true });
    const piece = r.trace?.pieces[0];
    expect(piece).toMatchObject({ ok: false, failedAt: 'hb0' });
    expect(piece?.error).toContain('hb0: decoder 0');
    expect(piece?.error).toContain('not committed');
    expect(piece?.hops.at(-1)).toMatchObject({ component: 'hb0', decoder: 0, next: null });
  });

  it('a bad commit shows Error Not Committed with the failed spec check', async () => {
    const h = harness();
    await openBlank(h);
    // Decoder 1 with Lock On Commit while decoder 0 is not committed: CXL r3.1 §8.2.4.20.12 check 5.
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(1), field: 'lockOnCommit', value: 1 });
    const w = await h.call('mmio.writeField', {
      component: 'mem0',
      offset: ctrl(1),
      field: 'commit',
      value: 1,
    });
    expect(w.write.commit).toMatchObject({ decoder: 1, outcome: 'error' });
    const dump = await h.call('registers.dump', { component: 'mem0' });
    expect(field(dump, ctrl(1), 'errorNotCommitted')).toMatchObject({
      value: 1,
      meaning: 'programming rejected',
    });
    expect(field(dump, ctrl(1), 'committed').value).toBe(0);
    expect(dump.decoders[1]?.failures).toEqual([
      {
        check: 'spec.previous-committed',
        origin: 'spec',
        spec: 'CXL r3.1 §8.2.4.20.12',
        title: 'decoder m is Committed before decoder m+1 commits',
        message: 'decoder 0 is not committed',
      },
    ]);
    // A reserved IW encoding fails the lab's encoding check (not a spec Lock On Commit check).
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(1), field: 'commit', value: 0 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(2), field: 'iw', value: 5 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(2), field: 'commit', value: 1 });
    const again = await h.call('registers.dump', { component: 'mem0' });
    expect(again.decoders[2]?.failures.map((f) => [f.check, f.origin])).toEqual([
      ['encoding.iw-reserved', 'lab'],
    ]);
  });

  it('a raw write keeps read-only bits and a locked decoder refuses field writes', async () => {
    const h = harness();
    await openBlank(h);
    const raw = await h.call('mmio.write32', { component: 'mem0', offset: ctrl(0), value: 0xffffffff });
    // Writable: IG, IW, Lock On Commit, Commit, Target Range Type (bits 0–9, 12); Commit with Lock On
    // Commit and reserved IW 0xf → Error Not Committed (bit 11).
    expect(raw.write.stored.toString(16)).toBe('1bff');
    await h.call('mmio.write32', { component: 'mem0', offset: ctrl(0), value: 0 });
    await program2Way(h, 'mem0');
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(0), field: 'commit', value: 0 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(0), field: 'lockOnCommit', value: 1 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(0), field: 'commit', value: 1 });
    const dump = await h.call('registers.dump', { component: 'mem0' });
    expect(reg(dump, ctrl(0)).locked).toBe(true);
    expect(field(dump, ctrl(0), 'ig').writable).toBe(false);
    const baseLow = HDM + 0x10;
    expect(reg(dump, baseLow).locked).toBe(true);
    await h.call('hdm.setDecoder', { component: 'mem0', index: 0, change: { field: 'base', value: 0 } });
    const after = await h.call('registers.dump', { component: 'mem0' });
    expect(reg(after, baseLow + 4).value).toBe(0x4c);
  });

  it('refuses what the registers cannot hold', async () => {
    const h = harness();
    await openBlank(h);
    const set = (change: ArgsOf<'hdm.setDecoder'>['change'], component = 'hb0') =>
      h.refuse('hdm.setDecoder', { component, index: 0, change });
    expect((await set({ field: 'base', value: BASE + 4096 })).message).toContain('not a multiple of 256 MiB');
    expect((await set({ field: 'ways', value: 5 })).message).toContain('hb0 decoder 0');
    expect((await set({ field: 'skip', value: 0 })).message).toContain('Type 3 devices only');
    expect((await set({ field: 'target', way: 0, value: 1 }, 'mem0')).message).toContain('no target list');
    expect(
      (await h.refuse('mmio.writeField', { component: 'hb0', offset: ctrl(0), field: 'ig', value: 16 }))
        .message,
    ).toContain('4 bits wide');
    expect((await h.refuse('dpa.read', { device: 'mem0', dpa: 0, length: 0 })).code).toBe('dpa.bad-argument');
    expect((await h.refuse('dpa.read', { device: 'hb0', dpa: 0, length: 16 })).code).toBe('dpa.no-device');
  });

  it('builds the CEDT and decodes foreign bytes without failing', async () => {
    const h = harness();
    await openBlank(h);
    const cedt = await h.call('cedt.build', {});
    // Header (36) + one CHBS (32) + one 1-way CFMWS (36 + 4).
    expect(cedt.bytes.length).toBe(36 + 32 + 40);
    expect(cedt.table.header?.signature.text).toContain('CEDT');
    expect(cedt.table.subtables.map((s) => s.kind)).toEqual(['chbs', 'cfmws']);
    const cfmws = cedt.table.subtables[1];
    expect(cfmws?.offset).toBe(68);
    const junk = await h.call('cedt.decode', { bytes: new Uint8Array([0x43, 0x45, 0x44]) });
    expect(junk.table.findings[0]?.code).toBe('cedt.truncated-header');
    const again = await h.call('cedt.decode', { bytes: cedt.bytes });
    expect(again.table.findings).toEqual([]);
  });

  it('keeps failures the checks no longer give (the document carries them; a file keeps the text)', async () => {
    const h = harness();
    await openBlank(h);
    // Decoder 1 (Lock On Commit) fails "decoder 0 is not committed"; then decoder 0 is programmed and
    // committed, so re-running decoder 1's checks would now pass: only the saved objects can say why.
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(1), field: 'lockOnCommit', value: 1 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(1), field: 'commit', value: 1 });
    const after = await program2Way(h, 'mem0');
    const checks = async () =>
      (await h.call('registers.dump', { component: 'mem0' })).decoders[1]?.failures.map((f) => f.check);
    expect(await checks()).toEqual(['spec.previous-committed']);
    expect(
      after.document.registers.mem0?.commitFailures?.map(([n, list]) => [n, list.map((f) => f.check)]),
    ).toEqual([[1, ['spec.previous-committed']]]);
    await h.call('lab.load', { document: after.document });
    expect(await checks()).toEqual(['spec.previous-committed']);
    // From a cxl-lab/1 file only the reason text comes back (the panel shows it as text).
    const saved = await h.call('file.save', {});
    await h.call('file.open', { bytes: new TextEncoder().encode(saved.text), fileName: 'saved.json' });
    const dump = await h.call('registers.dump', { component: 'mem0' });
    expect(dump.decoders[1]?.failures).toEqual([]);
    expect(dump.decoders[1]?.state.errorReason).toContain('decoder 0 is not committed');
  });

  it('keeps the failed checks as objects through a document reload and a cxl-lab/1 file', async () => {
    const h = harness();
    await openBlank(h);
    // Decoder 1 with Lock On Commit, base 0 below decoder 0's end, while decoder 0 is not committed:
    // two CXL r3.1 §8.2.4.20.12 checks fail (base order: 0 < 0x4c00000000 + 8 GiB; decoder 0 not committed).
    await program2Way(h, 'mem0');
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(0), field: 'commit', value: 0 });
    await h.call('mmio.writeField', { component: 'mem0', offset: ctrl(1), field: 'lockOnCommit', value: 1 });
    const w = await h.call('mmio.writeField', {
      component: 'mem0',
      offset: ctrl(1),
      field: 'commit',
      value: 1,
    });
    expect(w.write.commit?.failures?.map((f) => [f.check, f.spec])).toEqual([
      ['spec.base-order', 'CXL r3.1 §8.2.4.20.12'],
      ['spec.previous-committed', 'CXL r3.1 §8.2.4.20.12'],
    ]);
    const checks = async () =>
      (await h.call('registers.dump', { component: 'mem0' })).decoders[1]?.failures.map((f) => f.check);
    expect(await checks()).toEqual(['spec.base-order', 'spec.previous-committed']);
    // Undo, autosave and recovery rebuild the lab from the document.
    await h.call('lab.load', { document: w.document });
    expect(await checks()).toEqual(['spec.base-order', 'spec.previous-committed']);
    // A cxl-lab/1 file keeps the reason text only: opening it re-runs the checks on the same registers.
    const saved = await h.call('file.save', {});
    await h.call('file.open', { bytes: new TextEncoder().encode(saved.text), fileName: 'saved.json' });
    expect(await checks()).toEqual(['spec.base-order', 'spec.previous-committed']);
  });
});
