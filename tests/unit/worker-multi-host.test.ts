/**
 * Multi-host labs in the worker (issue 18), through the real handler: opening the pool preset
 * (`cxl-lab/2`), focusing each host, writes through one host landing in the shared media at offsets
 * worked by hand, Bind/Unbind vPPB through `fm.run` + `fm.step` moving an LD between hosts, and
 * refusals answered with the spec's return code and the lab unchanged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabState } from '../../src/worker/protocol.ts';
import { handlerHarness } from './helpers/handler-harness.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));

/**
 * The preset (src/presets/multi-host/pool-2h-2mld.cxl-lab.json): each host's window and host bridge
 * decoder start at HPA 0x4c_0000_0000; its VCS interleaves 2 ways at 256 B over vPPB 0 (mld0's LD)
 * and vPPB 1 (mld1's LD); every LD decoder is 2-way, 256 B, base 0x4c_0000_0000, skip 0. hostA has
 * LD 0 of each MLD, hostB LD 1. Each MLD is 2 GiB split into two 1 GiB LDs, laid out in LD-ID order
 * (docs/multi-host.md "Media layout"): LD 0 at media offset 0, LD 1 at 0x4000_0000.
 */
const BASE = 0x4c_0000_0000;
const GIB = 2 ** 30;
/** Mailbox return codes (CXL 2.0 §8.2.8.4.5.1, Table 150): Success, Background Command Started, Invalid Input. */
const RC_SUCCESS = 0;
const RC_BACKGROUND = 1;
const RC_INVALID_INPUT = 2;

/**
 * HPA → (interleave position, DPA) for a 2-way, 256 B interleave with the decoder at BASE
 * (CXL 2.0 §8.2.5.12 HDM decoders; the device's DPA drops the way-selecting bits):
 *   offset = HPA − BASE; position = (offset / 256) mod 2; DPA = ⌊offset / 512⌋ × 256 + offset mod 256.
 */
function twoWay(hpa: number): { position: number; dpa: number } {
  const offset = hpa - BASE;
  return { position: Math.floor(offset / 256) % 2, dpa: Math.floor(offset / 512) * 256 + (offset % 256) };
}

async function openPool() {
  const h = handlerHarness();
  const opened = await h.call('file.open', { bytes: new Uint8Array(POOL), fileName: 'pool.json' });
  return { h, opened };
}

function typeThrees(state: LabState): string[] {
  return state.view.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id);
}

describe('a multi-host lab in the worker', () => {
  it('opens the pool preset focused on its first host, with every host and LD in view.fabric', async () => {
    const { opened } = await openPool();
    const fabric = opened.view.fabric;
    expect(fabric?.focus).toBe('hostA');
    expect(fabric?.hosts.map((h) => h.id)).toEqual(['hostA', 'hostB']);
    expect(typeThrees(opened)).toEqual(['mld0.ld0', 'mld1.ld0']);
    expect(opened.document.fabric?.focus).toBe('hostA');
    expect(opened.document.spec.components.map((c) => c.id)).toContain('sw0.vcs0');
    // Four LDs of 1 GiB: LD 1 of each MLD starts after LD 0's 1 GiB.
    expect(fabric?.lds.map((l) => [l.device, l.ld, l.base, l.size, l.owner?.host])).toEqual([
      ['mld0', 0, 0, GIB, 'hostA'],
      ['mld0', 1, GIB, GIB, 'hostB'],
      ['mld1', 0, 0, GIB, 'hostA'],
      ['mld1', 1, GIB, GIB, 'hostB'],
    ]);
    expect(fabric?.bindings.map((b) => [b.vcs, b.vppb, b.port, b.ld, b.host])).toEqual([
      [0, 0, 2, 0, 'hostA'],
      [0, 1, 3, 0, 'hostA'],
      [1, 0, 2, 1, 'hostB'],
      [1, 1, 3, 1, 'hostB'],
    ]);
    expect(fabric?.media).toEqual({
      mld0: { capacityBytes: 2 * GIB, touchedPages: 0 },
      mld1: { capacityBytes: 2 * GIB, touchedPages: 0 },
    });
    expect(fabric?.hosts[1]?.regions).toHaveLength(1);
  });

  it('focus switches the single-host fields to the other host without changing the fabric', async () => {
    const { h, opened } = await openPool();
    const b = await h.call('fabric.focus', { host: 'hostB' });
    expect(b.view.fabric?.focus).toBe('hostB');
    expect(typeThrees(b)).toEqual(['mld0.ld1', 'mld1.ld1']);
    expect(b.view.spec.components.map((c) => c.id)).toContain('sw0.vcs1');
    expect(b.document.fabric?.spec).toEqual(opened.document.fabric?.spec);
    const a = await h.call('fabric.focus', { host: 'hostA' });
    expect(typeThrees(a)).toEqual(['mld0.ld0', 'mld1.ld0']);
    const refused = await h.refuse('fabric.focus', { host: 'hostC' });
    expect(refused.code).toBe('fabric.no-host');
  });

  it('writes through each host land in its own LD slice of the shared media', async () => {
    const { h } = await openPool();
    const hpa = BASE + 0x110;
    // Worked by hand: offset 0x110 → granule 1 → position 1 (vPPB 1: the host's LD of mld1);
    // DPA = ⌊0x110 / 512⌋ × 256 + 0x110 mod 256 = 0 + 0x10 = 0x10.
    expect(twoWay(hpa)).toEqual({ position: 1, dpa: 0x10 });
    const w = await h.call('mem.write', { hpa, bytes: Uint8Array.of(0xa1, 0xa2) });
    expect(w.pieces.map((p) => [p.device, p.dpa])).toEqual([['mld1.ld0', 0x10]]);
    // The journal keeps mld1's media page 0 (media offset 0x10 is in page 0).
    expect(
      w.memory.map((e) => [e.kind, 'device' in e ? e.device : '', 'pages' in e ? e.pages[0]?.[0] : -1]),
    ).toEqual([['media', 'mld1', 0]]);
    // The focused host's memory summary: its LD of 1 GiB with one touched 4 KiB page.
    expect(w.view.memory['mld1.ld0']).toEqual({ capacityBytes: GIB, touchedPages: 1 });
    expect(w.view.memory['mld0.ld0']).toEqual({ capacityBytes: GIB, touchedPages: 0 });
    await h.call('fabric.focus', { host: 'hostB' });
    const wb = await h.call('mem.write', { hpa, bytes: Uint8Array.of(0xb1, 0xb2) });
    expect(wb.view.fabric?.media.mld1).toEqual({ capacityBytes: 2 * GIB, touchedPages: 2 });
    // hostA's mld1 LD 0 starts at media offset 0: DPA 0x10 → media 0x10.
    const a = await h.call('fabric.media', { device: 'mld1', offset: 0x10, length: 2 });
    expect([...a.bytes]).toEqual([0xa1, 0xa2]);
    // hostB's mld1 LD 1 starts at media offset 1 GiB: DPA 0x10 → media 0x4000_0010.
    const b = await h.call('fabric.media', { device: 'mld1', offset: GIB + 0x10, length: 2 });
    expect([...b.bytes]).toEqual([0xb1, 0xb2]);
    // Each host reads its own bytes at the same HPA (isolation).
    expect([...(await h.call('mem.read', { hpa, length: 2 })).data]).toEqual([0xb1, 0xb2]);
    await h.call('fabric.focus', { host: 'hostA' });
    expect([...(await h.call('mem.read', { hpa, length: 2 })).data]).toEqual([0xa1, 0xa2]);
    const reverse = await h.call('fabric.reverse', { device: 'mld1', offset: GIB + 0x10 });
    expect(reverse.owner?.owner?.host).toBe('hostB');
    expect(reverse.owner?.hpas.map((x) => x.hpa)).toEqual([hpa]);
  });

  it('Unbind and Bind vPPB move mld1 LD 0 from hostA to hostB, whose LD then reads hostA’s bytes', async () => {
    const { h } = await openPool();
    const hpa = BASE + 0x110; // → mld1.ld0 DPA 0x10 in hostA (worked above)
    await h.call('mem.write', { hpa, bytes: Uint8Array.of(0x5a, 0xa5) });
    // hostB gives up its vPPB 1 (mld1 LD 1), hostA its vPPB 1 (mld1 LD 0): background operations.
    const unbindB = await h.call('fm.run', {
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 1, vppb: 1, option: 0 } },
    });
    expect(unbindB.run.returnCode).toBe(RC_BACKGROUND);
    expect(unbindB.view.fabric?.pending?.vppb).toBe(1);
    const half = await h.call('fm.step', {});
    expect(half.percent).toBe(50);
    expect(half.completed).toBeNull();
    const done = await h.call('fm.step', {});
    expect(done.completed?.returnCode).toBe(RC_SUCCESS);
    expect(done.view.fabric?.pending).toBeNull();
    expect(done.view.fabric?.hosts[1]?.spec.components.some((c) => c.id === 'mld1.ld1')).toBe(false);
    await h.call('fm.run', {
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 0, vppb: 1, option: 0 } },
    });
    const unboundA = await h.call('fm.step', { complete: true });
    expect(typeThrees(unboundA)).toEqual(['mld0.ld0']); // hostA is focused: its view lost mld1.ld0
    const bind = await h.call('fm.run', {
      switch: 'sw0',
      command: 'bind-vppb',
      input: { json: { vcs: 1, vppb: 1, port: 3, ld: 0 } },
    });
    expect(bind.run.returnCode).toBe(RC_BACKGROUND);
    const bound = await h.call('fm.step', { complete: true });
    expect(
      bound.view.fabric?.hosts[1]?.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id),
    ).toEqual(['mld0.ld1', 'mld1.ld0']);
    expect(bound.view.fabric?.lds.find((l) => l.device === 'mld1' && l.ld === 0)?.owner?.host).toBe('hostB');
    // hostA's access now stops at its empty vPPB 1.
    const lost = await h.call('mem.read', { hpa, length: 2 });
    expect(lost.pieces[0]?.ok).toBe(false);
    // hostB reads mld1.ld0 at DPA 0x10 (hand-worked above) and, since the LD kept its decoder
    // programming and sits on hostB's vPPB 1 (position 1), at the same HPA.
    await h.call('fabric.focus', { host: 'hostB' });
    const dpa = await h.call('dpa.read', { device: 'mld1.ld0', dpa: 0x10, length: 2 });
    expect([...dpa.bytes]).toEqual([0x5a, 0xa5]);
    expect([...(await h.call('mem.read', { hpa, length: 2 })).data]).toEqual([0x5a, 0xa5]);
  });

  it('binding an already-bound LD is refused with Invalid Input and the lab unchanged', async () => {
    const { h, opened } = await openPool();
    await h.call('fm.run', {
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 0, vppb: 1, option: 0 } },
    });
    const freed = await h.call('fm.step', { complete: true });
    // mld0 LD 1 is bound to hostB's VCS 1 vPPB 0.
    const r = await h.call('fm.run', {
      switch: 'sw0',
      command: 'bind-vppb',
      input: { json: { vcs: 0, vppb: 1, port: 2, ld: 1 } },
    });
    expect(r.run.returnCode).toBe(RC_INVALID_INPUT);
    expect(r.run.returnCodeName).toBe('Invalid Input (0x02)');
    expect(r.document).toEqual(freed.document);
    expect(r.view.fabric?.pending).toBeNull();
    expect(opened.document).not.toEqual(freed.document);
  });

  it('MLD commands go through a Tunnel Management Command with port, and the reply comes back', async () => {
    const { h } = await openPool();
    const r = await h.call('fm.run', {
      switch: 'sw0',
      command: 'get-ld-allocations',
      input: { json: { start: 0, limit: 16 } },
      port: 3,
    });
    expect(r.run.command).toBe('Tunnel Management Command');
    expect(r.run.returnCode).toBe(RC_SUCCESS);
    expect(r.run.tunnelled?.port).toBe(3);
    expect(r.run.tunnelled?.returnCode).toBe(RC_SUCCESS);
    expect(r.run.tunnelled?.outputFields.length).toBeGreaterThan(0);
  });

  it('topology.set on a multi-host lab is refused, naming the Fabric Manager panel and the file', async () => {
    const { h, opened } = await openPool();
    const e = await h.refuse('topology.set', { spec: opened.view.spec });
    expect(e.code).toBe('fabric.edit-unsupported');
    expect(e.message).toContain('Fabric Manager panel');
    expect(e.message).toContain('cxl-lab/2 file');
  });

  it('file.save writes cxl-lab/2 with the media bytes, which opens again', async () => {
    const { h } = await openPool();
    await h.call('mem.write', { hpa: BASE + 0x110, bytes: Uint8Array.of(0x77) });
    const saved = await h.call('file.save', {});
    expect(JSON.parse(saved.text).format).toBe('cxl-lab/2');
    const again = handlerHarness();
    await again.call('file.open', { bytes: new TextEncoder().encode(saved.text), fileName: 'again.json' });
    const m = await again.call('fabric.media', { device: 'mld1', offset: 0x10, length: 1 });
    expect([...m.bytes]).toEqual([0x77]);
  });

  it('regions, decoders and check act on the focused host only', async () => {
    const { h } = await openPool();
    await h.call('fabric.focus', { host: 'hostB' });
    const name = (await h.call('fabric.focus', { host: 'hostB' })).view.regions[0]?.name ?? '';
    const destroyed = await h.call('region.destroy', { region: name });
    expect(destroyed.view.regions).toEqual([]);
    // hostA's region is untouched; hostB's in view.fabric is gone too.
    expect(destroyed.view.fabric?.hosts.map((x) => x.regions.length)).toEqual([1, 0]);
    // Destroying the region uncommitted hostB's VCS decoder, written back into the fabric spec.
    const vcs1 = destroyed.document.fabric?.spec.fabric.switches[0]?.vcss[1];
    expect(vcs1?.decoders.some((d) => d.commit === true)).toBe(false);
    const vcs0 = destroyed.document.fabric?.spec.fabric.switches[0]?.vcss[0];
    expect(vcs0?.decoders[0]?.commit).toBe(true);
    const a = await h.call('fabric.focus', { host: 'hostA' });
    expect(a.view.decoders['sw0.vcs0']?.[0]?.committed).toBe(true);
    const unc = await h.call('hdm.uncommit', { component: 'mld0.ld0', index: 0 });
    expect(unc.view.decoders['mld0.ld0']?.[0]?.committed).toBe(false);
    expect(unc.document.fabric?.spec.fabric.devices[0]?.lds[0]?.decoders[0]?.commit).toBe(false);
    const check = await h.call('check.run', {});
    expect(check.findings.length).toBeGreaterThan(0);
  });

  it("a mailbox state change of an LD is written back into the fabric spec's LD", async () => {
    const { h } = await openPool();
    // Inject Poison (4301h) on hostA's mld1.ld0 at DPA 0x40: 8-byte DPA, little-endian
    // (CXL 2.0 §8.2.9.5.4.2): 0x40 → 40 00 00 00 00 00 00 00.
    const input = Uint8Array.from([0x40, 0, 0, 0, 0, 0, 0, 0]);
    const r = await h.call('device.mbox', { device: 'mld1.ld0', command: 'Inject Poison', input });
    expect(r.run.returnCodeName).toBe('Success (0x00)');
    const ld = r.state?.document.fabric?.spec.fabric.devices[1]?.lds[0];
    expect(JSON.stringify(ld?.device)).toContain('poison');
    const again = await h.call('device.poison', { device: 'mld1.ld0' });
    expect(again.records.map((x) => x.dpa)).toEqual([0x40]);
    // Reading it from hostA logs a General Media event in the LD's state (an edit of the document,
    // poison-read.ts): DPA 0x40 of position 1 is HPA offset ⌊0x40 / 256⌋ × 512 + 1 × 256 + 0x40 = 0x140.
    const read = await h.call('mem.read', { hpa: BASE + 0x140, length: 1 });
    expect(read.pieces[0]?.poison?.dpa).toBe(0x40);
    const logged = read.state?.document.fabric?.spec.fabric.devices[1]?.lds[0]?.device;
    expect(JSON.stringify(logged)).not.toBe(JSON.stringify(ld?.device));
    expect(read.state?.view.fabric?.focus).toBe('hostA');
    // hostB's LD 1 of the same device has no poison.
    await h.call('fabric.focus', { host: 'hostB' });
    expect((await h.call('device.poison', { device: 'mld1.ld1' })).records).toEqual([]);
  });

  it('bad FM input is a located error, never a crash; an unknown opcode answers Unsupported', async () => {
    const { h, opened } = await openPool();
    const missing = await h.refuse('fm.run', {
      switch: 'sw0',
      command: 'bind-vppb',
      input: { json: { vcs: 0 } },
    });
    expect(missing.message).toMatch(/^input fields: "vppb"/);
    const wrong = await h.refuse('fm.run', { switch: 'sw0', command: 'bind-vppb', input: null } as never);
    expect(wrong.code).toBe('fm.bad-argument');
    expect(
      (await h.refuse('fm.run', { switch: 'sw9', command: 'identify-switch', input: new Uint8Array() })).code,
    ).toBe('fm.no-switch');
    expect((await h.refuse('fm.step', {})).code).toBe('fm.nothing-pending');
    // Opcode 5999h is not an FM API command the switch implements: Unsupported (CXL 2.0 Table 150: 0003h).
    const unknown = await h.call('fm.run', { switch: 'sw0', command: '0x5999', input: new Uint8Array() });
    expect(unknown.run.returnCode).toBe(3);
    expect(unknown.document).toEqual(opened.document);
    // Bind vPPB as raw bytes (CXL 2.0 §7.6.7.2.2: VCS ID, vPPB ID, Port ID, reserved, LD ID as 2 bytes
    // little-endian): VCS 0, vPPB 0, port 2, LD 1 → 00 00 02 00 01 00, refused as mld0 LD 1 is bound.
    const raw = await h.call('fm.run', {
      switch: 'sw0',
      command: 'bind-vppb',
      input: Uint8Array.of(0, 0, 2, 0, 1, 0),
    });
    expect(raw.run.inputFields.map((f) => f.name)).toContain('LD ID');
    expect(raw.run.returnCode).toBe(RC_INVALID_INPUT);
    expect(raw.run.message).toContain('already bound');
  });

  it('single-host labs answer the multi-host requests with fabric.single-host', async () => {
    const h = handlerHarness();
    const preset = readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url));
    await h.call('file.open', { bytes: new Uint8Array(preset), fileName: 'default.json' });
    expect((await h.refuse('fabric.focus', { host: 'hostA' })).code).toBe('fabric.single-host');
    expect((await h.refuse('fm.step', {})).code).toBe('fabric.single-host');
  });

  it("a host's own device: journaled with its host, kept across a fabric change, restored from the journal", async () => {
    // hostA gets a second window at 0x50_0000_0000 → hb1 → rp1.0 → its own 256 MiB device mem9,
    // every decoder 1-way over the whole device: HPA 0x50_0000_0000 + x is mem9's DPA x.
    const doc = JSON.parse(POOL.toString('utf8')) as {
      hosts: { id: string; windows: unknown[]; components: unknown[] }[];
    };
    const own = 0x50_0000_0000;
    const decoder = { base: `0x${own.toString(16)}`, size: '256M', ways: 1, granularity: 256, commit: true };
    const hostA = doc.hosts[0];
    if (hostA === undefined) throw new Error('no hostA');
    hostA.windows.push({
      ...(hostA.windows[0] as object),
      id: 'cfmw1',
      base: decoder.base,
      size: '256M',
      targets: ['hb1'],
    });
    hostA.components.push(
      {
        id: 'hb1',
        kind: 'host-bridge',
        uid: 1,
        componentRegBase: '0x100010000',
        decoders: [{ ...decoder, targets: [0] }],
      },
      { id: 'rp1.0', kind: 'root-port', parent: 'hb1', port: 0 },
      {
        id: 'mem9',
        kind: 'type3',
        parent: 'rp1.0',
        volatile: '256M',
        decoders: [{ ...decoder, skip: '0x0' }],
      },
    );
    const h = handlerHarness();
    const opened = await h.call('file.open', {
      bytes: new TextEncoder().encode(JSON.stringify(doc)),
      fileName: 'own.json',
    });
    const w = await h.call('mem.write', { hpa: own + 0x10, bytes: Uint8Array.of(0x99) });
    expect(w.pieces.map((p) => [p.device, p.dpa])).toEqual([['mem9', 0x10]]);
    const entry = w.memory[0];
    expect(entry?.kind === 'pages' && [entry.host, entry.device, entry.pages.map(([i]) => i)]).toEqual([
      'hostA',
      'mem9',
      [0],
    ]);
    // A fabric change rebuilds the lab; the host's own memory is kept.
    await h.call('fm.run', {
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 1, vppb: 0, option: 0 } },
    });
    const after = await h.call('fm.step', { complete: true });
    expect([...(await h.call('dpa.read', { device: 'mem9', dpa: 0x10, length: 1 })).bytes]).toEqual([0x99]);
    // A fresh worker restores the lab from its document and journal (the file's pages, then the write).
    const fresh = handlerHarness();
    const restored = await fresh.call('lab.restore', {
      document: after.document,
      memory: [...opened.memory, ...w.memory],
    });
    expect(restored.view.fabric?.bindings.find((b) => b.vcs === 1 && b.vppb === 0)?.port).toBeNull();
    expect([...(await fresh.call('dpa.read', { device: 'mem9', dpa: 0x10, length: 1 })).bytes]).toEqual([
      0x99,
    ]);
    // hostB has no mem9; its own devices are apart from hostA's.
    await fresh.call('fabric.focus', { host: 'hostB' });
    expect((await fresh.refuse('dpa.read', { device: 'mem9', dpa: 0x10, length: 1 })).message).toContain(
      'mem9',
    );
  });

  it('trace, registers, MMIO, CEDT and the DPA reverse map answer for the focused host', async () => {
    const { h } = await openPool();
    await h.call('fabric.focus', { host: 'hostB' });
    // hostB, HPA BASE + 0x110 → position 1 (vPPB 1: mld1.ld1), DPA 0x10 (worked above); the trace
    // walks hostB's window, host bridge, its VCS and the LD.
    const r = await h.call('mem.read', { hpa: BASE + 0x110, length: 1, trace: true });
    expect(r.trace?.pieces[0]?.device).toBe('mld1.ld1');
    expect(r.trace?.pieces[0]?.dpa).toBe(0x10);
    const hops = JSON.stringify(r.trace?.pieces[0]?.hops);
    expect(hops).toContain('sw0.vcs1');
    expect(hops).not.toContain('sw0.vcs0');
    const dump = await h.call('registers.dump', { component: 'sw0.vcs1' });
    expect(dump.kind).toBe('switch');
    expect(dump.decoders[0]?.state.committed).toBe(true);
    expect((await h.refuse('registers.dump', { component: 'sw0.vcs0' })).message).toContain('sw0.vcs0');
    // The HDM Decoder Capability register (CXL 2.0 §8.2.5.12.1) reads through MMIO on hostB's VCS.
    const cap = await h.call('mmio.read32', { component: 'sw0.vcs1', offset: dump.hdmOffset ?? 0 });
    expect(cap.value).toBeGreaterThan(0);
    // hostB's CEDT (CXL 2.0 §9.14.1): its one host bridge (CHBS) and its one window (CFMWS).
    const cedt = await h.call('cedt.build', {});
    expect(cedt.table.subtables.map((t) => t.kind)).toEqual(['chbs', 'cfmws']);
    // Which hostB HPAs reach mld1.ld1 DPA 0x10: BASE + 0x110 only (the inverse of the arithmetic above).
    const rev = await h.call('dpa.reverse', { device: 'mld1.ld1', dpa: 0x10 });
    expect(rev.hits.map((x) => x.hpa)).toEqual([BASE + 0x110]);
    expect(rev.hits[0]?.path.join(' ')).toContain('sw0.vcs1');
  });
});
