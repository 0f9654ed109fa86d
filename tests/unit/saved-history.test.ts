/**
 * Undo/redo history saved with the lab: kept across a new store (a reload) and a lab switch, fresh
 * for a new lab, capped by size when stored, and dropped (not fatal) when a stored one is malformed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import type { LabRecord, LabRepository } from '../../src/state/persistence.ts';
import {
  HISTORY_STORED_CHARS,
  historyOf,
  historyToStore,
  jsonLength,
} from '../../src/state/saved-history.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import type { LabDocument } from '../../src/worker/protocol.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

let ids = 0;

async function started(repo: LabRepository) {
  const store = createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++ids}`,
  });
  await store.getState().start();
  expect(store.getState().status).toBe('ready');
  return store;
}

type Store = Awaited<ReturnType<typeof started>>;

function committed(store: Store, id: string): boolean | undefined {
  return store.getState().view?.decoders[id]?.[0]?.committed;
}

/**
 * A document whose JSON is exactly `chars` long: `{"spec":{"name":"` (17) + the name +
 * `"},"registers":{}}` (18). Not a lab the worker would load; only its size matters here.
 */
function sized(chars: number, fill = 'x'): LabDocument {
  return { spec: { name: fill.repeat(chars - 35) } as never, registers: {} };
}

/** A stored lab (the default preset with mem0.0 uncommitted, history and all) and its repository. */
async function savedLab(): Promise<LabRecord> {
  const repo = createMemoryRepository();
  const store = await started(repo);
  await store.getState().uncommitDecoder('mem0', 0);
  await store.getState().flushAutosave();
  const record = await repo.load(store.getState().labId as string);
  store.dispose();
  if (record === undefined) throw new Error('the lab was not saved');
  return record;
}

async function reopened(record: LabRecord): Promise<Store> {
  const repo = createMemoryRepository([record]);
  await repo.setCurrentId(record.id);
  return started(repo);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('undo history saved with the lab', () => {
  it('comes back in a new store (a reload): undo and redo go on where they were', async () => {
    const repo = createMemoryRepository();
    const first = await started(repo);
    const s = () => first.getState();
    expect((await s().uncommitDecoder('mem0', 0)).ok).toBe(true);
    expect((await s().uncommitDecoder('mem1', 0)).ok).toBe(true);
    await s().flushAutosave();
    // Undo is a change like any other: it marks the lab dirty and is saved.
    expect((await s().undo()).ok).toBe(true);
    expect(s().saveStatus).toBe('pending');
    await s().flushAutosave();
    expect(s().saveStatus).toBe('saved');
    const stored = await repo.load(s().labId as string);
    expect(stored?.history?.past).toEqual(s().past);
    expect(stored?.history?.future).toEqual(s().future);
    first.dispose();

    const second = await started(repo);
    const t = () => second.getState();
    expect(t().labId).toBe(s().labId);
    expect(t().past).toHaveLength(1);
    expect(t().future).toHaveLength(1);
    expect(committed(second, 'mem0')).toBe(false);
    expect(committed(second, 'mem1')).toBe(true);
    expect((await t().undo()).ok).toBe(true);
    expect(committed(second, 'mem0')).toBe(true);
    expect((await t().redo()).ok).toBe(true);
    expect((await t().redo()).ok).toBe(true);
    expect(committed(second, 'mem0')).toBe(false);
    expect(committed(second, 'mem1')).toBe(false);
    expect((await t().redo()).ok).toBe(false);
    second.dispose();
  });

  it('a new lab starts with no history; switching back to a saved lab brings its history', async () => {
    const repo = createMemoryRepository();
    const store = await started(repo);
    const s = () => store.getState();
    await s().uncommitDecoder('mem2', 0);
    const saved = s().labId as string;
    expect((await s().newLab()).ok).toBe(true);
    expect(s().labId).not.toBe(saved);
    expect(s().past).toEqual([]);
    expect(s().future).toEqual([]);
    expect((await s().switchLab(saved)).ok).toBe(true);
    expect(s().past).toHaveLength(1);
    expect((await s().undo()).ok).toBe(true);
    expect(committed(store, 'mem2')).toBe(true);
    store.dispose();
  });

  it('"Load the other tab\'s version" takes that version\'s history', async () => {
    const repo = createMemoryRepository();
    const a = await started(repo);
    const b = await started(repo);
    expect(b.getState().labId).toBe(a.getState().labId);
    await a.getState().uncommitDecoder('mem0', 0);
    await a.getState().flushAutosave();
    expect(b.getState().past).toEqual([]);
    expect((await b.getState().loadStoredVersion()).ok).toBe(true);
    expect(committed(b, 'mem0')).toBe(false);
    expect(b.getState().past).toHaveLength(1);
    expect((await b.getState().undo()).ok).toBe(true);
    expect(committed(b, 'mem0')).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('a lab saved without history opens with an empty history', async () => {
    const { history: _, ...old } = await savedLab();
    const store = await reopened(old);
    expect(committed(store, 'mem0')).toBe(false);
    expect(store.getState().past).toEqual([]);
    expect(store.getState().future).toEqual([]);
    expect(store.getState().notices).toEqual([]);
    store.dispose();
  });

  it('a corrupt stored history is dropped: the lab opens with an empty history', async () => {
    const record = await savedLab();
    expect(record.history?.past).toHaveLength(1);
    const corrupt: unknown[] = [
      'undo',
      null,
      [],
      { past: 3, future: [] },
      { past: [], future: 'x' },
      { past: [null], future: [] },
      { past: [record.document, [1, 2]], future: [] },
      { future: [] },
    ];
    for (const history of corrupt) {
      const store = await reopened({ ...record, history } as unknown as LabRecord);
      expect(store.getState().status).toBe('ready');
      expect(committed(store, 'mem0')).toBe(false);
      expect(store.getState().past).toEqual([]);
      expect(store.getState().future).toEqual([]);
      expect(store.getState().notices).toEqual([]);
      store.dispose();
    }
  });

  it('a stored step the worker refuses is refused by undo, and the lab stays as it is', async () => {
    const record = await savedLab();
    const store = await reopened({ ...record, history: { past: [{ bogus: true } as never], future: [] } });
    const before = store.getState().document;
    const r = await store.getState().undo();
    expect(r.ok).toBe(false);
    expect(store.getState().document).toBe(before);
    expect(store.getState().past).toHaveLength(1);
    // And it says so, with the worker's reason.
    const notice = store.getState().notices.at(-1);
    expect(notice?.tone).toBe('error');
    expect(notice?.title).toBe('This step cannot be undone');
    expect(notice?.details?.[0]).toBe(r.ok ? '' : r.error.message);
    store.dispose();
  });
});

describe('historyToStore: the size cap', () => {
  const MiB = 1024 * 1024;

  it('measures documents by their JSON length', () => {
    expect(jsonLength(sized(MiB))).toBe(MiB);
    expect(JSON.stringify(sized(100)).length).toBe(100);
    expect(HISTORY_STORED_CHARS).toBe(4 * MiB);
  });

  it('keeps the newest past steps that fit 4 MiB, dropping the oldest', () => {
    // Six 1 MiB steps, oldest first: 4 MiB holds exactly four, the newest four.
    const past = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => sized(MiB, c));
    const stored = historyToStore(past, []);
    expect(stored.past).toEqual(past.slice(2));
    expect(stored.future).toEqual([]);
    // One character more in the newest step: only three fit (1 MiB + 1 + 2 MiB, the next would
    // make 4 MiB + 1).
    const bigger = [...past.slice(0, 5), sized(MiB + 1, 'g')];
    expect(historyToStore(bigger, []).past).toEqual(bigger.slice(3));
  });

  it('keeps the steps nearest the current document on both sides', () => {
    // Past and future of three 1 MiB steps each; the nearest step of each is the last. Taken
    // alternately, nearest first: past 1, future 1, past 2, future 2 = 4 MiB.
    const past = ['a', 'b', 'c'].map((c) => sized(MiB, c));
    const future = ['x', 'y', 'z'].map((c) => sized(MiB, c));
    const stored = historyToStore(past, future);
    expect(stored.past).toEqual(past.slice(1));
    expect(stored.future).toEqual(future.slice(1));
    // A side stops at its first step that does not fit; the other side goes on. After the nearest
    // past step (1 MiB), a 3 MiB + 1 future step would make 4 MiB + 1: the past takes the rest.
    const hugeFuture = [sized(3 * MiB + 1, 'y')];
    const kept = historyToStore(past, hugeFuture);
    expect(kept.future).toEqual([]);
    expect(kept.past).toEqual(past);
  });

  it('stores everything (the same arrays) when it fits', () => {
    const past = [sized(1000, 'a'), sized(2000, 'b')];
    const future = [sized(3000, 'c')];
    const stored = historyToStore(past, future);
    expect(stored.past).toBe(past);
    expect(stored.future).toBe(future);
    expect(historyToStore(past, future, 5999)).toEqual({ past: [past[1]], future });
  });

  it('serializes each document once, however many autosaves measure it', () => {
    const past = Array.from({ length: 200 }, (_, i) => sized(200 + i));
    const stringify = vi.spyOn(JSON, 'stringify');
    historyToStore(past, []);
    expect(stringify).toHaveBeenCalledTimes(200);
    historyToStore([...past, sized(500)], []);
    expect(stringify).toHaveBeenCalledTimes(201);
  });
});

describe('historyOf', () => {
  it('reads a stored history, at most 200 steps each way', () => {
    const docs = Array.from({ length: 250 }, (_, i) => sized(50 + i));
    const h = historyOf({ history: { past: docs, future: docs.slice(0, 2) } });
    expect(h.past).toEqual(docs.slice(50));
    expect(h.future).toEqual(docs.slice(0, 2));
    expect(historyOf({})).toEqual({ past: [], future: [] });
  });
});
