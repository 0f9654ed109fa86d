/**
 * The lab store with the real handler behind an in-process worker port: undo/redo, autosave and
 * restore, crash recovery, refused files, the Labs list, and a cancelled fill.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import type { LabRepository } from '../../src/state/persistence.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const BASE = 0x4c00000000;

function makeStore(repo: LabRepository = createMemoryRepository()) {
  let n = 0;
  const store = createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}-${Math.random().toString(36).slice(2, 6)}`,
  });
  return { store, repo };
}

async function started(repo?: LabRepository) {
  const made = makeStore(repo);
  await made.store.getState().start();
  expect(made.store.getState().status).toBe('ready');
  return made;
}

function committed(store: ReturnType<typeof makeStore>['store'], id: string, index = 0): boolean | undefined {
  return store.getState().view?.decoders[id]?.[index]?.committed;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('lab store', () => {
  it('starts on the default preset as a new, saved lab', async () => {
    const { store, repo } = await started();
    const s = store.getState();
    expect(s.view?.spec.components).toHaveLength(10);
    expect(s.labName).toBe(PRESETS[0]?.specName);
    expect(s.labs.map((l) => l.id)).toEqual([s.labId]);
    expect(await repo.currentId()).toBe(s.labId);
    store.dispose();
  });

  it('undoes and redoes decoder programming, at least 100 steps deep', async () => {
    const { store } = await started();
    const s = () => store.getState();
    expect((await s().uncommitDecoder('mem0', 0)).ok).toBe(true);
    expect(committed(store, 'mem0')).toBe(false);
    expect(s().past).toHaveLength(1);
    await s().undo();
    expect(committed(store, 'mem0')).toBe(true);
    expect(s().future).toHaveLength(1);
    await s().redo();
    expect(committed(store, 'mem0')).toBe(false);

    // 120 more changes: commit / uncommit mem1.0 alternately.
    for (let i = 0; i < 120; i++) {
      const r =
        i % 2 === 0
          ? await s().uncommitDecoder('mem1', 0)
          : await s().programDecoder(
              'mem1',
              0,
              { base: BASE, size: 0x200000000, ways: 4, granularity: 4096, skip: 0 },
              true,
            );
      expect(r.ok).toBe(true);
    }
    expect(s().past).toHaveLength(121);
    for (let i = 0; i < 121; i++) expect((await s().undo()).ok).toBe(true);
    expect(committed(store, 'mem0')).toBe(true);
    expect(committed(store, 'mem1')).toBe(true);
    expect((await s().undo()).ok).toBe(false);
    store.dispose();
  });

  it('undoes region destruction and creation', async () => {
    const { store } = await started();
    const s = () => store.getState();
    expect((await s().destroyRegion('region0')).ok).toBe(true);
    expect(s().view?.regions).toEqual([]);
    const created = await s().createRegion({
      window: 'cfmw0',
      members: ['mem0', 'mem2', 'mem1', 'mem3'],
      size: 2 ** 30,
      mode: 'volatile',
    });
    expect(created.ok).toBe(true);
    expect(s().view?.regions.map((r) => r.size)).toEqual([2 ** 30]);
    await s().undo();
    expect(s().view?.regions).toEqual([]);
    await s().undo();
    expect(s().view?.regions.map((r) => r.size)).toEqual([8 * 2 ** 30]);
    await s().redo();
    await s().redo();
    expect(s().view?.regions.map((r) => r.size)).toEqual([2 ** 30]);
    store.dispose();
  });

  it('a refused change leaves state and history alone', async () => {
    const { store } = await started();
    const before = store.getState().document;
    const r = await store
      .getState()
      .programDecoder('mem0', 1, { base: 3, size: 1, ways: 1, granularity: 256 }, true);
    expect(r.ok).toBe(false);
    expect(store.getState().document).toBe(before);
    expect(store.getState().past).toHaveLength(0);
    store.dispose();
  });

  it('autosaves document and memory, and a new store restores both', async () => {
    const repo = createMemoryRepository();
    const first = await started(repo);
    const s = () => first.store.getState();
    await s().writeMemory(BASE + 0x40, new Uint8Array([0xca, 0xfe]));
    await s().uncommitDecoder('mem3', 0);
    await s().fillMemory(BASE + 0x100000, 2 * 2 ** 20, { kind: 'byte', value: 0x5a });
    await s().flushAutosave();
    expect(s().saveStatus).toBe('saved');
    first.store.dispose();

    const second = await started(repo);
    const t = () => second.store.getState();
    expect(t().labId).toBe(first.store.getState().labId);
    expect(committed(second.store, 'mem3')).toBe(false);
    await t().readMemory(BASE + 0x40, 2);
    await t().readMemory(BASE + 0x100000, 4);
    const [fillRead, writeRead] = t().accessLog;
    expect(writeRead?.kind === 'read' && [...writeRead.data]).toEqual([0xca, 0xfe]);
    expect(fillRead?.kind === 'read' && [...fillRead.data]).toEqual([0x5a, 0x5a, 0x5a, 0x5a]);
    second.store.dispose();
  });

  it('recovers from a worker crash: topology, registers and memory come back', async () => {
    const { store } = await started();
    const s = () => store.getState();
    await s().uncommitDecoder('mem2', 0);
    await s().writeMemory(BASE, new Uint8Array([1, 2, 3, 4]));
    const before = s().view;
    store.client().kill('killed by the test');
    expect(s().crash).toMatchObject({ restored: null });
    await until(() => s().crash?.restored === true, 'the restore');
    expect(s().view?.decoders).toEqual(before?.decoders);
    expect(s().view?.registers).toEqual(before?.registers);
    expect(store.client().starts).toBe(2);
    await s().readMemory(BASE, 4);
    const read = s().accessLog[0];
    expect(read?.kind === 'read' && [...read.data]).toEqual([1, 2, 3, 4]);
    expect(s().crash?.message).toBe(
      'Killed by the test. It was restarted and your lab was restored (topology, registers and memory).',
    );
    store.dispose();
  });

  it('treats an uncaught worker error as a crash', async () => {
    const { store } = await started();
    await store.client().call('debug.throw', { message: 'boom' });
    await until(() => store.getState().crash?.restored === true, 'the restore');
    expect(store.getState().crash?.reason).toMatch(/boom/);
    store.dispose();
  });

  it('refuses a malformed file with a notice and keeps the current lab', async () => {
    const { store } = await started();
    const { labId, document, labs } = store.getState();
    const r = await store
      .getState()
      .openFile('broken.json', new TextEncoder().encode('{"format":"cxl-lab/1"}'));
    expect(r.ok).toBe(false);
    const s = store.getState();
    expect(s.labId).toBe(labId);
    expect(s.document).toBe(document);
    expect(s.labs).toEqual(labs);
    expect(s.notices.at(-1)).toMatchObject({ tone: 'error' });
    expect(s.notices.at(-1)?.title).toMatch(/broken\.json was not opened/);
    expect(s.notices.at(-1)?.details.join('\n')).toMatch(/missing required field "windows"/);
    store.dispose();
  });

  it('keeps several named labs: new, rename, switch, delete', async () => {
    const { store } = await started();
    const s = () => store.getState();
    const firstId = s().labId as string;
    await s().uncommitDecoder('mem0', 0);
    await s().renameLab(firstId, 'First');
    expect(s().labName).toBe('First');

    await s().newLab('default');
    const secondId = s().labId as string;
    expect(secondId).not.toBe(firstId);
    expect(committed(store, 'mem0')).toBe(true);
    expect(s().past).toEqual([]);
    expect(
      s()
        .labs.map((l) => l.id)
        .sort(),
    ).toEqual([firstId, secondId].sort());

    await s().switchLab(firstId);
    expect(s().labId).toBe(firstId);
    expect(s().labName).toBe('First');
    expect(committed(store, 'mem0')).toBe(false);

    await s().deleteLab(firstId);
    expect(s().labId).toBe(secondId);
    expect(s().labs.map((l) => l.id)).toEqual([secondId]);
    store.dispose();
  });

  it('File ▸ New lab: blank by default, "Untitled lab N" with the lowest free N, renamable', async () => {
    const { store } = await started();
    const s = () => store.getState();
    expect((await s().newLab()).ok).toBe(true);
    // Blank: the CXL root only, nothing to route to.
    expect(s().view?.spec.windows).toEqual([]);
    expect(s().view?.spec.components).toEqual([]);
    expect(s().labName).toBe('Untitled lab 1');
    const first = s().labId as string;
    // From a preset: its topology, under the next free name.
    expect((await s().newLab('single')).ok).toBe(true);
    expect(s().view?.spec.components.map((c) => c.id)).toEqual(['hb0', 'rp0.0', 'mem0']);
    expect(s().labName).toBe('Untitled lab 2');
    // Renaming the first frees its number: the next new lab takes 1 again.
    expect((await s().renameLab(first, 'Bench setup')).ok).toBe(true);
    expect((await s().newLab()).ok).toBe(true);
    expect(s().labName).toBe('Untitled lab 1');
    expect(
      s()
        .labs.map((l) => l.name)
        .sort(),
    ).toEqual(
      [
        '2 host bridges x 2 devices, 4-way at 4 KiB',
        'Bench setup',
        'Untitled lab 1',
        'Untitled lab 2',
      ].sort(),
    );
    expect((await s().newLab('no-such-preset')).ok).toBe(false);
    store.dispose();
  });

  it('shows fill progress and cancels the fill', async () => {
    const { store } = await started();
    const s = () => store.getState();
    const running = s().fillMemory(BASE, 512 * 2 ** 20, { kind: 'tag' }, { verify: true });
    await until(() => (s().operation?.done ?? 0) > 0, 'progress');
    expect(s().operation).toMatchObject({ kind: 'fill', total: 512 * 2 ** 20, cancellable: true });
    s().cancelOperation();
    await running;
    expect(s().operation).toBeNull();
    const entry = s().accessLog[0];
    expect(entry?.kind).toBe('fill');
    if (entry?.kind === 'fill') {
      expect(entry.result.cancelled).toBe(true);
      expect(entry.result.done).toBeLessThan(512 * 2 ** 20);
    }
    expect(s().memory.at(-1)).toMatchObject({ kind: 'fill' });
    store.dispose();
  });
});
