/**
 * The toast notices' store side: undoable destructive edits (what the toast says, and Undo restoring
 * the lab exactly) and presets that join the Labs list only once changed. Real handler in-process.
 */
import { describe, expect, it } from 'vitest';
import { removeComponents } from '../../src/lib/topology-edits.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const BASE = 0x4c00000000;

async function started() {
  let n = 0;
  const repo = createMemoryRepository();
  const store = createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}`,
  });
  await store.getState().start();
  expect(store.getState().status).toBe('ready');
  return { store, repo, s: () => store.getState() };
}

type Started = Awaited<ReturnType<typeof started>>;

/** Deletes `ids` the way the canvas does: removeComponents, then one undoable topology.set. */
async function deleteIds({ s }: Started, ids: string[]) {
  const doc = s().document;
  if (doc === null) throw new Error('no lab');
  const edit = removeComponents({ spec: doc.spec, drafts: doc.drafts ?? [] }, ids);
  if (!edit.ok) throw new Error(edit.reason);
  return s().undoable({ kind: 'delete', ids }, () => s().setTopology(edit.doc.spec, edit.doc.drafts));
}

async function lastBytes({ s }: Started, hpa: number, length: number): Promise<number[]> {
  await s().readMemory(hpa, length);
  const entry = s().accessLog[0]; // newest first
  if (entry?.kind !== 'read') throw new Error('no read');
  return [...entry.data];
}

describe('undoable destructive edits', () => {
  it('deleting hb0 says what went with it, and Undo restores topology, registers, region and memory', async () => {
    const lab = await started();
    const { s, store } = lab;
    // The default lab: cfmw0 2-way over hb0, hb1; hb0 has rp0, rp1 with mem0, mem1 (5 components in all).
    await s().writeMemory(BASE, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    const before = s().document;
    await deleteIds(lab, ['hb0']);
    expect(s().view?.spec.components.map((c) => c.id)).toEqual(['hb1', 'rp2', 'rp3', 'mem2', 'mem3']);
    expect(s().view?.spec.windows[0]?.ways).toBe(1);
    const toast = s().notices.at(-1);
    // 5 removed: hb0 (chosen) + rp0, rp1, mem0, mem1 below it; the window lost one of its 2 targets;
    // region0 was 4-way across all four devices: mem0 and mem1 leave it, 2 of its 4 remain.
    expect(toast?.title).toBe(
      'Deleted hb0 and 4 components below it; cfmw0 now 1-way (was 2-way); region0 lost mem0 and mem1 (2 of 4 members left)',
    );
    expect(toast?.tone).toBe('info');
    expect(toast?.undo).toBeDefined();

    expect((await s().undoNotice(toast?.id ?? -1)).ok).toBe(true);
    expect(JSON.stringify(s().document)).toBe(JSON.stringify(before));
    expect(s().view?.spec.components).toHaveLength(10);
    expect(s().view?.spec.windows[0]?.ways).toBe(2);
    expect(s().view?.regions.map((r) => [r.name, r.ways, r.members])).toEqual([
      ['region0', 4, ['mem0', 'mem2', 'mem1', 'mem3']],
    ]);
    expect(await lastBytes(lab, BASE, 4)).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(s().notices.some((n) => n.id === toast?.id)).toBe(false);
    // Undo went back in the history, so Redo deletes again.
    expect(s().future).toHaveLength(1);
    store.dispose();
  });

  it('deleting a root port inside a region names the device it takes', async () => {
    const lab = await started();
    await deleteIds(lab, ['rp1']);
    expect(lab.s().notices.at(-1)?.title).toBe(
      'Deleted rp1 and mem1 below it; region0 lost mem1 (3 of 4 members left)',
    );
    lab.store.dispose();
  });

  it('Undo after later changes restores the snapshot as a new step, keeping them undoable', async () => {
    const lab = await started();
    const { s, store } = lab;
    const before = s().document;
    await deleteIds(lab, ['mem3']);
    const toast = s().notices.at(-1);
    expect(toast?.title).toBe('Deleted mem3; region0 lost mem3 (3 of 4 members left)');
    await s().uncommitDecoder('mem2', 0);
    const later = s().document;
    expect((await s().undoNotice(toast?.id ?? -1)).ok).toBe(true);
    expect(JSON.stringify(s().document)).toBe(JSON.stringify(before));
    expect(s().past.at(-1)).toBe(later);
    store.dispose();
  });

  it('a change that changes nothing leaves no toast', async () => {
    const { s, store } = await started();
    const n = s().notices.length;
    await s().undoable({ kind: 'uncommit', component: 'mem0', index: 3 }, async () => undefined);
    expect(s().notices).toHaveLength(n);
    store.dispose();
  });
});

describe('presets join the Labs list when changed', () => {
  it('an untouched preset leaves the Labs list and the reopened lab as they were', async () => {
    const { s, store, repo } = await started();
    const first = s().labId;
    expect(s().labs).toHaveLength(1);
    expect((await s().openPreset('single')).ok).toBe(true);
    await s().flushAutosave();
    expect(s().labs.map((l) => l.id)).toEqual([first]);
    expect(await repo.list()).toHaveLength(1);
    expect(await repo.currentId()).toBe(first);
    expect(s().notices.at(-1)?.title).toMatch(
      /^Opened the preset "Single device"\. It joins your labs when you change it$/,
    );

    // The first change saves it as a new lab, which becomes the one reopened.
    await s().uncommitDecoder('mem0', 0);
    await s().flushAutosave();
    const opened = s().labId;
    expect((await repo.list()).map((l) => l.id).sort()).toEqual([first, opened].sort());
    expect(s().labs).toHaveLength(2);
    expect(await repo.currentId()).toBe(opened);
    store.dispose();
  });

  it('New lab is saved at once', async () => {
    const { s, store, repo } = await started();
    expect((await s().newLab()).ok).toBe(true);
    expect(await repo.list()).toHaveLength(2);
    expect(await repo.currentId()).toBe(s().labId);
    store.dispose();
  });
});
