/**
 * The same lab open in two tabs: revisions and the conditional save (the repository's
 * read-compare-write), and the store's conflict handling on top of it: nothing is overwritten,
 * "Load the other tab's version" and "Keep mine as a new lab". Two lab stores on one repository
 * stand for two tabs.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import { type LabRecord, type LabRepository, saveConflict } from '../../src/state/persistence.ts';
import { copyName } from '../../src/state/slices/labs-slice.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

let ids = 0;

function makeTab(repo: LabRepository, writerId: string) {
  return createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++ids}`,
    writerId,
  });
}

type Tab = ReturnType<typeof makeTab>;

async function openTab(repo: LabRepository, writerId: string): Promise<Tab> {
  const tab = makeTab(repo, writerId);
  await tab.getState().start();
  expect(tab.getState().status).toBe('ready');
  return tab;
}

function committed(tab: Tab, id: string): boolean | undefined {
  return tab.getState().view?.decoders[id]?.[0]?.committed;
}

/** A repository whose writes are not announced (as when BroadcastChannel is unavailable). */
function unannounced(repo: LabRepository): LabRepository {
  return { ...repo, watch: () => () => undefined };
}

function record(id: string, revision?: number): LabRecord {
  const r: LabRecord = {
    id,
    name: id,
    updatedAt: 1,
    document: { spec: { format: 'cxl-lab/1' } as never, registers: {} },
    memory: [],
  };
  return revision === undefined ? r : { ...r, revision };
}

describe('the conditional save', () => {
  it.each([
    ['a new lab, nothing stored', undefined, null, null],
    ['a new lab, but the id is taken', { revision: 3 }, null, 'changed'],
    ['stored revision is the one expected', { revision: 3 }, 3, null],
    ['another tab wrote since', { revision: 4 }, 3, 'changed'],
    ['another tab deleted it', undefined, 3, 'deleted'],
    ['a record saved before revisions (reads as 0)', {}, 0, null],
    ['a record saved before revisions, expected a later one', {}, 2, 'changed'],
  ] as const)('%s', (_what, stored, expected, conflict) => {
    expect(saveConflict(stored, expected)).toBe(conflict);
  });

  it('assigns revisions and refuses stale writes without changing the record', async () => {
    const repo = createMemoryRepository();
    expect(await repo.save(record('a'), null)).toEqual({ ok: true, revision: 1 });
    expect(await repo.save(record('a'), 1)).toEqual({ ok: true, revision: 2 });
    const stale = { ...record('a'), name: 'stale' };
    expect(await repo.save(stale, 1)).toEqual({ ok: false, conflict: 'changed' });
    expect(await repo.load('a')).toMatchObject({ name: 'a', revision: 2 });
    await repo.rename('a', 'renamed', 'tab-x');
    expect(await repo.save(record('a'), 2)).toEqual({ ok: false, conflict: 'changed' });
    await repo.remove('a', 'tab-x');
    expect(await repo.save(record('a'), 3)).toEqual({ ok: false, conflict: 'deleted' });
    expect(await repo.load('a')).toBeUndefined();
  });

  it('a record saved before revisions existed is saved as revision 1', async () => {
    const repo = createMemoryRepository([record('old')]);
    expect(await repo.save(record('old'), 0)).toEqual({ ok: true, revision: 1 });
  });

  it('announces writes, renames and removals with their writer', async () => {
    const repo = createMemoryRepository();
    const heard: unknown[] = [];
    const stop = repo.watch((c) => heard.push(c));
    await repo.save({ ...record('a'), writer: 'tab-1' }, null);
    await repo.save({ ...record('a'), writer: 'tab-1' }, 0); // refused: not announced
    await repo.rename('a', 'b', 'tab-2');
    await repo.remove('a', 'tab-2');
    stop();
    await repo.save(record('c'), null);
    expect(heard).toEqual([
      { id: 'a', revision: 1, writer: 'tab-1' },
      { id: 'a', revision: 2, writer: 'tab-2' },
      { id: 'a', revision: null, writer: 'tab-2' },
    ]);
  });
});

describe('the same lab in two tabs', () => {
  it('opening a lab writes nothing, so a second tab does not look like a change', async () => {
    const repo = createMemoryRepository();
    const a = await openTab(repo, 'tab-a');
    const id = a.getState().labId as string;
    const before = await repo.load(id);
    const b = await openTab(repo, 'tab-b');
    expect(b.getState().labId).toBe(id);
    expect((await repo.load(id))?.revision).toBe(before?.revision);
    expect(a.getState().saveConflict).toBeNull();
    a.dispose();
    b.dispose();
  });

  it.each([
    ['told at once by the other tab', (repo: LabRepository) => repo],
    ['found by the conditional save', unannounced],
  ])('does not overwrite the other tab (%s); "Keep mine" makes a second lab', async (_how, view) => {
    const repo = createMemoryRepository();
    const a = await openTab(view(repo), 'tab-a');
    const b = await openTab(view(repo), 'tab-b');
    const id = a.getState().labId as string;
    const name = a.getState().labName;

    await a.getState().uncommitDecoder('mem0', 0);
    await a.getState().flushAutosave();
    expect(a.getState().saveStatus).toBe('saved');
    const stored = await repo.load(id);

    await b.getState().uncommitDecoder('mem3', 0);
    await b.getState().flushAutosave();
    expect(b.getState().saveStatus).toBe('conflict');
    expect(b.getState().saveConflict).toEqual({ kind: 'changed', unsaved: true });
    // Nothing written: the stored lab is still tab A's.
    expect(await repo.load(id)).toEqual(stored);

    // More changes in B while the conflict stands are not written either.
    await b.getState().uncommitDecoder('mem2', 0);
    await b.getState().flushAutosave();
    expect(await repo.load(id)).toEqual(stored);

    expect((await b.getState().keepMineAsNewLab()).ok).toBe(true);
    const s = b.getState();
    expect(s.labName).toBe(`${name} (copy)`);
    expect(s.labId).not.toBe(id);
    expect(s.saveConflict).toBeNull();
    expect(s.saveStatus).toBe('saved');
    expect(s.labs.map((l) => l.name).sort()).toEqual([name, `${name} (copy)`].sort());
    expect(s.notices.at(-1)?.title).toBe(`Your version was saved as a new lab: ${name} (copy)`);
    const copy = await repo.load(s.labId as string);
    expect(copy?.document).toEqual(s.document);
    expect(copy?.document).not.toEqual(stored?.document);
    expect(await repo.load(id)).toEqual(stored);
    expect(await repo.currentId()).toBe(s.labId);

    // B goes on saving its own lab; A goes on saving the original.
    await b.getState().uncommitDecoder('mem1', 0);
    await b.getState().flushAutosave();
    expect(b.getState().saveStatus).toBe('saved');
    await a.getState().uncommitDecoder('mem1', 0);
    await a.getState().flushAutosave();
    expect(a.getState().saveStatus).toBe('saved');
    a.dispose();
    b.dispose();
  });

  it('shows the conflict as soon as the other tab saves, before this tab changes anything', async () => {
    const repo = createMemoryRepository();
    const a = await openTab(repo, 'tab-a');
    const b = await openTab(repo, 'tab-b');
    await a.getState().uncommitDecoder('mem0', 0);
    await a.getState().flushAutosave();
    expect(b.getState().saveStatus).toBe('conflict');
    expect(b.getState().saveConflict).toEqual({ kind: 'changed', unsaved: false });
    await b.getState().uncommitDecoder('mem3', 0);
    expect(b.getState().saveConflict).toEqual({ kind: 'changed', unsaved: true });
    a.dispose();
    b.dispose();
  });

  it('"Load the other tab\'s version" drops this tab\'s changes; saving then works again', async () => {
    const repo = createMemoryRepository();
    const a = await openTab(unannounced(repo), 'tab-a');
    const b = await openTab(unannounced(repo), 'tab-b');
    const id = a.getState().labId as string;
    await a.getState().uncommitDecoder('mem0', 0);
    await a.getState().flushAutosave();
    await b.getState().uncommitDecoder('mem3', 0);
    await b.getState().flushAutosave();
    expect(b.getState().saveStatus).toBe('conflict');

    expect((await b.getState().loadStoredVersion()).ok).toBe(true);
    expect(b.getState().saveConflict).toBeNull();
    expect(b.getState().saveStatus).toBe('saved');
    expect(b.getState().labId).toBe(id);
    expect(committed(b, 'mem0')).toBe(false);
    expect(committed(b, 'mem3')).toBe(true);
    expect(b.getState().document).toEqual((await repo.load(id))?.document);

    // B now holds the latest revision: its next change saves, and A is the one in conflict.
    await b.getState().uncommitDecoder('mem2', 0);
    await b.getState().flushAutosave();
    expect(b.getState().saveStatus).toBe('saved');
    await a.getState().uncommitDecoder('mem1', 0);
    await a.getState().flushAutosave();
    expect(a.getState().saveStatus).toBe('conflict');
    a.dispose();
    b.dispose();
  });

  it('a lab deleted in another tab is not written back; "Keep mine" saves it as a new lab', async () => {
    const repo = createMemoryRepository();
    const a = await openTab(repo, 'tab-a');
    const b = await openTab(repo, 'tab-b');
    const id = a.getState().labId as string;
    await a.getState().newLab();
    await a.getState().deleteLab(id);
    expect(b.getState().saveConflict).toEqual({ kind: 'deleted', unsaved: false });
    await b.getState().uncommitDecoder('mem3', 0);
    await b.getState().flushAutosave();
    expect(await repo.load(id)).toBeUndefined();
    expect((await b.getState().loadStoredVersion()).ok).toBe(false);
    expect((await b.getState().keepMineAsNewLab()).ok).toBe(true);
    expect(committed(b, 'mem3')).toBe(false);
    expect((await repo.load(b.getState().labId as string))?.document).toEqual(b.getState().document);
    a.dispose();
    b.dispose();
  });

  it("switching to another lab during a conflict keeps this tab's changes as a new lab", async () => {
    const repo = createMemoryRepository();
    const a = await openTab(repo, 'tab-a');
    const id = a.getState().labId as string;
    const name = a.getState().labName;
    await a.getState().newLab();
    const other = a.getState().labId as string;
    await a.getState().switchLab(id);
    const b = await openTab(repo, 'tab-b');
    expect(b.getState().labId).toBe(id);

    await a.getState().uncommitDecoder('mem0', 0);
    await a.getState().flushAutosave();
    await b.getState().uncommitDecoder('mem3', 0);
    expect(b.getState().saveConflict?.unsaved).toBe(true);
    await b.getState().switchLab(other);
    expect(b.getState().labId).toBe(other);
    const copy = b.getState().labs.find((l) => l.name === `${name} (copy)`);
    expect(copy).toBeDefined();
    const kept = await repo.load(copy?.id ?? '');
    expect(kept?.document).not.toEqual((await repo.load(id))?.document);
    a.dispose();
    b.dispose();
  });

  it("renaming another tab's open lab is a change that tab is told about", async () => {
    const repo = createMemoryRepository();
    const a = await openTab(repo, 'tab-a');
    const b = await openTab(repo, 'tab-b');
    const id = a.getState().labId as string;
    await a.getState().renameLab(id, 'Renamed in A');
    expect(b.getState().saveConflict).toEqual({ kind: 'changed', unsaved: false });
    expect(b.getState().labs.map((l) => l.name)).toEqual(['Renamed in A']);
    expect((await b.getState().loadStoredVersion()).ok).toBe(true);
    expect(b.getState().labName).toBe('Renamed in A');
    a.dispose();
    b.dispose();
  });

  it('restores and then saves a lab stored before revisions existed', async () => {
    const seedRepo = createMemoryRepository();
    const first = await openTab(seedRepo, 'tab-seed');
    await first.getState().uncommitDecoder('mem0', 0);
    await first.getState().flushAutosave();
    const id = first.getState().labId as string;
    const saved = (await seedRepo.load(id)) as LabRecord;
    first.dispose();
    const { revision: _r, writer: _w, ...old } = saved;
    const repo = createMemoryRepository([old]);
    await repo.setCurrentId(id);

    const tab = await openTab(repo, 'tab-a');
    expect(tab.getState().labId).toBe(id);
    expect(committed(tab, 'mem0')).toBe(false);
    await tab.getState().uncommitDecoder('mem1', 0);
    await tab.getState().flushAutosave();
    expect(tab.getState().saveStatus).toBe('saved');
    expect(await repo.load(id)).toMatchObject({ revision: 1, writer: 'tab-a' });
    tab.dispose();
  });
});

describe('copyName', () => {
  it.each([
    ['Lab', [], 'Lab (copy)'],
    ['Lab', ['Lab (copy)'], 'Lab (copy 2)'],
    ['Lab (copy)', ['Lab', 'Lab (copy)'], 'Lab (copy 2)'],
    ['Lab (copy 2)', ['Lab (copy)', 'Lab (copy 2)'], 'Lab (copy 3)'],
  ] as const)('%s with %j taken → %s', (name, taken, expected) => {
    expect(copyName(name, taken)).toBe(expected);
  });
});
