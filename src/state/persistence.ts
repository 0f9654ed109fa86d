/**
 * Where labs are kept between visits: a `LabRepository`, backed by IndexedDB in the browser
 * (`openIndexedDbRepository`) and by a Map in unit tests (`createMemoryRepository`). A record is
 * the lab document plus its memory journal; summaries (id, name, time) are stored apart so the
 * Labs list never loads memory pages.
 */
import type { LabDocument, MemoryEntry } from '../worker/protocol.ts';

export interface LabSummary {
  id: string;
  name: string;
  updatedAt: number;
}

export interface LabRecord extends LabSummary {
  document: LabDocument;
  memory: MemoryEntry[];
}

export interface LabRepository {
  /** Every saved lab, most recently updated first. */
  list(): Promise<LabSummary[]>;
  load(id: string): Promise<LabRecord | undefined>;
  save(record: LabRecord): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  currentId(): Promise<string | null>;
  setCurrentId(id: string): Promise<void>;
}

function byRecency(a: LabSummary, b: LabSummary): number {
  return b.updatedAt - a.updatedAt;
}

function summaryOf(r: LabSummary): LabSummary {
  return { id: r.id, name: r.name, updatedAt: r.updatedAt };
}

/** An in-memory repository (unit tests; fallback when IndexedDB is unavailable). */
export function createMemoryRepository(): LabRepository {
  const records = new Map<string, LabRecord>();
  let current: string | null = null;
  return {
    list: async () => [...records.values()].map(summaryOf).sort(byRecency),
    load: async (id) => {
      const r = records.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    save: async (record) => {
      records.set(record.id, structuredClone(record));
    },
    rename: async (id, name) => {
      const r = records.get(id);
      if (r !== undefined) records.set(id, { ...r, name });
    },
    remove: async (id) => {
      records.delete(id);
    },
    currentId: async () => current,
    setCurrentId: async (id) => {
      current = id;
    },
  };
}

const DB_NAME = 'cxl-topology-lab';
const DB_VERSION = 1;
const LABS = 'labs';
const SUMMARIES = 'summaries';
const META = 'meta';
const CURRENT_KEY = 'currentLabId';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens (creating on first use) the lab database. */
export async function openIndexedDbRepository(factory: IDBFactory = indexedDB): Promise<LabRepository> {
  const open = factory.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(LABS)) db.createObjectStore(LABS, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(SUMMARIES)) db.createObjectStore(SUMMARIES, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
  };
  const db = await promised(open);

  return {
    async list() {
      const tx = db.transaction(SUMMARIES, 'readonly');
      const all = await promised(tx.objectStore(SUMMARIES).getAll() as IDBRequest<LabSummary[]>);
      return all.sort(byRecency);
    },
    async load(id) {
      const tx = db.transaction(LABS, 'readonly');
      return (await promised(tx.objectStore(LABS).get(id))) as LabRecord | undefined;
    },
    async save(record) {
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      tx.objectStore(LABS).put(record);
      tx.objectStore(SUMMARIES).put(summaryOf(record));
      await done(tx);
    },
    async rename(id, name) {
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      const labs = tx.objectStore(LABS);
      const record = (await promised(labs.get(id))) as LabRecord | undefined;
      if (record !== undefined) {
        labs.put({ ...record, name });
        tx.objectStore(SUMMARIES).put(summaryOf({ ...record, name }));
      }
      await done(tx);
    },
    async remove(id) {
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      tx.objectStore(LABS).delete(id);
      tx.objectStore(SUMMARIES).delete(id);
      await done(tx);
    },
    async currentId() {
      const tx = db.transaction(META, 'readonly');
      const id = await promised(tx.objectStore(META).get(CURRENT_KEY));
      return typeof id === 'string' ? id : null;
    },
    async setCurrentId(id) {
      const tx = db.transaction(META, 'readwrite');
      tx.objectStore(META).put(id, CURRENT_KEY);
      await done(tx);
    },
  };
}
