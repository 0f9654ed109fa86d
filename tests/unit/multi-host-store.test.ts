/**
 * A multi-host lab (issue 18) through the lab store with the real handler behind an in-process
 * worker: focusing a host without an undo step, FM runs and steps as undoable changes, undo/redo
 * keeping the shared media's bytes, and the lab coming back from storage (reload, crash) with the
 * bytes each host wrote, from its document and memory journal.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fabricNodeId } from '../../src/lib/fabric-node-ids.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import type { LabRepository } from '../../src/state/persistence.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));
/** Each host's region starts at HPA 0x4c_0000_0000, 2 ways × 256 B (see worker-multi-host.test.ts). */
const BASE = 0x4c_0000_0000;
const GIB = 2 ** 30;

function makeStore(repo: LabRepository) {
  let n = 0;
  return createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}`,
  });
}

async function openPool(repo: LabRepository = createMemoryRepository()) {
  const store = makeStore(repo);
  await store.getState().start();
  const opened = await store.getState().openFile('pool.cxl-lab.json', new Uint8Array(POOL));
  expect(opened.ok).toBe(true);
  return { store, repo, s: () => store.getState() };
}

/** Media bytes of `device` at `offset`, read through the worker. */
async function media(store: ReturnType<typeof makeStore>, device: string, offset: number, length: number) {
  const r = await store.client().call('fabric.media', { device, offset, length });
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value.bytes];
}

describe('a multi-host lab in the store', () => {
  it('focusHost changes the single-host view without an undo step', async () => {
    const { store, s } = await openPool();
    expect(s().view?.fabric?.focus).toBe('hostA');
    expect((await s().focusHost('hostB')).ok).toBe(true);
    expect(s().view?.fabric?.focus).toBe('hostB');
    expect(s().document?.fabric?.focus).toBe('hostB');
    expect(s().view?.spec.components.some((c) => c.id === 'mld1.ld1')).toBe(true);
    expect(s().past).toHaveLength(0);
    expect((await s().focusHost('nobody')).ok).toBe(false);
    expect(s().view?.fabric?.focus).toBe('hostB');
    // A fabric device's node stays selected across a focus change; hostB's LD does not (not in hostA).
    s().select(fabricNodeId('mld0'));
    await s().focusHost('hostA');
    expect(s().selectedId).toBe('fabric::mld0');
    await s().focusHost('hostB');
    s().select('mld1.ld1');
    await s().focusHost('hostA');
    expect(s().selectedId).toBeNull();
    store.dispose();
  });

  it('fmRun and fmStep are undoable changes; a refused run adds no step; undo keeps media bytes', async () => {
    const { store, s } = await openPool();
    // hostA writes at BASE + 0x110: position 1 → mld1.ld0, DPA 0x10, media offset 0x10 (LD 0 at 0).
    expect((await s().writeMemory(BASE + 0x110, Uint8Array.of(0xc3))).ok).toBe(true);
    const run = await s().fmRun({
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 0, vppb: 1, option: 0 } },
    });
    expect(run.ok && run.value.background).toBe(true);
    expect(s().past).toHaveLength(1);
    const step = await s().fmStep(true);
    expect(step.ok && step.value.completed?.returnCode).toBe(0); // Success (CXL 2.0 Table 150)
    expect(s().past).toHaveLength(2);
    expect(s().view?.spec.components.some((c) => c.id === 'mld1.ld0')).toBe(false);
    // Binding mld0 LD 1 (bound to hostB) is refused: Invalid Input, nothing recorded.
    const refused = await s().fmRun({
      switch: 'sw0',
      command: 'bind-vppb',
      input: { json: { vcs: 0, vppb: 1, port: 2, ld: 1 } },
    });
    expect(refused.ok && refused.value.returnCode).toBe(2);
    expect(s().past).toHaveLength(2);
    await s().undo();
    await s().undo();
    expect(s().view?.spec.components.some((c) => c.id === 'mld1.ld0')).toBe(true);
    expect(s().view?.fabric?.pending).toBeNull();
    expect(await media(store, 'mld1', 0x10, 1)).toEqual([0xc3]);
    await s().redo();
    expect(s().view?.fabric?.pending?.opcode).toBe(0x5202); // Unbind vPPB (CXL 2.0 §7.6.7.2.3)
    store.dispose();
  });

  it('comes back from storage with each host’s bytes (pages and fills) and its focus', async () => {
    const repo = createMemoryRepository();
    const { store, s } = await openPool(repo);
    expect((await s().writeMemory(BASE + 0x110, Uint8Array.of(0xaa))).ok).toBe(true); // mld1 media 0x10
    await s().focusHost('hostB');
    // hostB fills its first 512 bytes with 0x5b: granule 0 → mld0.ld1 DPA 0–0xff (media 1 GiB + 0 …),
    // granule 1 → mld1.ld1 DPA 0–0xff (media 1 GiB + 0 …).
    expect((await s().fillMemory(BASE, 512, { kind: 'byte', value: 0x5b })).ok).toBe(true);
    await s().flushAutosave();
    const id = s().labId;
    store.dispose();

    const again = makeStore(repo);
    await again.getState().start();
    expect(again.getState().labId).toBe(id);
    expect(again.getState().view?.fabric?.focus).toBe('hostB');
    expect(await media(again, 'mld1', 0x10, 1)).toEqual([0xaa]);
    expect(await media(again, 'mld0', GIB, 2)).toEqual([0x5b, 0x5b]);
    expect(await media(again, 'mld1', GIB + 0xff, 2)).toEqual([0x5b, 0]);
    expect(await media(again, 'mld0', 0, 1)).toEqual([0]); // hostA's mld0 LD 0 untouched
    again.dispose();
  });

  it('recovers from a worker crash with the fabric, the focus and the media bytes', async () => {
    const { store, s } = await openPool();
    await s().focusHost('hostB');
    // hostB writes at BASE + 0x110: position 1 → mld1.ld1, DPA 0x10 → media offset 1 GiB + 0x10.
    expect((await s().writeMemory(BASE + 0x110, Uint8Array.of(0xe7))).ok).toBe(true);
    await s().fmRun({
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 0, vppb: 0, option: 0 } },
    });
    store.client().kill('killed by the test');
    for (let i = 0; i < 400 && s().crash?.restored !== true; i++) await new Promise((r) => setTimeout(r, 5));
    expect(s().crash?.restored).toBe(true);
    expect(s().view?.fabric?.focus).toBe('hostB');
    expect(s().view?.fabric?.pending?.vppb).toBe(0); // the Unbind vPPB still in progress
    expect(await media(store, 'mld1', GIB + 0x10, 1)).toEqual([0xe7]);
    store.dispose();
  });

  it('switching to another lab and back brings the multi-host lab back with its bytes', async () => {
    const { store, s } = await openPool();
    const pool = s().labId ?? '';
    const first = s().labs.find((l) => l.id !== pool)?.id ?? '';
    expect((await s().writeMemory(BASE + 0x110, Uint8Array.of(0x3c))).ok).toBe(true); // mld1 media 0x10
    expect((await s().switchLab(first)).ok).toBe(true);
    expect(s().view?.fabric).toBeUndefined();
    expect((await s().switchLab(pool)).ok).toBe(true);
    expect(s().view?.fabric?.focus).toBe('hostA');
    expect(await media(store, 'mld1', 0x10, 1)).toEqual([0x3c]);
    store.dispose();
  });

  it('undo and redo stay on the focused host (focusing is no edit)', async () => {
    const { store, s } = await openPool();
    await s().fmRun({
      switch: 'sw0',
      command: 'unbind-vppb',
      input: { json: { vcs: 0, vppb: 1, option: 0 } },
    });
    expect(s().view?.fabric?.pending).not.toBeNull();
    await s().focusHost('hostB');
    expect((await s().undo()).ok).toBe(true);
    expect(s().view?.fabric?.pending).toBeNull();
    expect(s().view?.fabric?.focus).toBe('hostB');
    expect(s().view?.spec.components.some((c) => c.id === 'mld1.ld1')).toBe(true);
    expect((await s().redo()).ok).toBe(true);
    expect(s().view?.fabric?.pending?.vppb).toBe(1);
    expect(s().view?.fabric?.focus).toBe('hostB');
    store.dispose();
  });
});
