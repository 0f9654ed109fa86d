/**
 * Where labs are kept between visits: a `LabRepository`, backed by IndexedDB in the browser
 * (`openIndexedDbRepository`) and by a Map in unit tests and embeds (`memory-repository.ts`). A record is
 * the lab document plus its memory journal and its undo/redo history (capped by size, see
 * `saved-history.ts`); summaries (id, name, time) are stored apart so the Labs list never loads
 * memory pages.
 *
 * Several tabs can have the same lab open. So that one tab never overwrites another's work, every
 * record carries a `revision` that each write bumps, and `save` is conditional: it writes only when
 * the stored revision is still the one the tab last loaded or saved (read, compare and write in one
 * readwrite transaction). Otherwise it writes nothing and reports the conflict. Writes and removals
 * are also announced to the other tabs (`watch`, over a BroadcastChannel), so a tab can show the
 * conflict at once instead of at its next save.
 */
import type { LabDocument, MemoryEntry } from '../worker/protocol.ts';

export interface LabSummary {
  id: string;
  name: string;
  updatedAt: number;
}

/** Undo/redo steps: the last of each stack is the one nearest the current document. */
export interface SavedHistory {
  past: LabDocument[];
  future: LabDocument[];
}

export interface LabRecord extends LabSummary {
  document: LabDocument;
  memory: MemoryEntry[];
  /**
   * Undo/redo history (the most recent steps that fit the size cap). Records saved before history
   * was kept have none, and a malformed one is dropped on load: either opens with an empty history.
   */
  history?: SavedHistory;
  /** Bumped by every write. Records saved before revisions existed have none: they read as 0. */
  revision?: number;
  /** The tab (lab store) that wrote this revision. */
  writer?: string;
}

/**
 * What a tab expects to find stored before it writes: the revision it last loaded or saved, or
 * null when the lab was never stored (a new lab: the record must not exist yet).
 */
export type ExpectedRevision = number | null;

/** Why a conditional save wrote nothing. */
export type SaveConflictKind = 'changed' | 'deleted';

export type SaveOutcome = { ok: true; revision: number } | { ok: false; conflict: SaveConflictKind };

/** A write (`revision`) or removal (`revision: null`) of a lab, by the tab `writer`. */
export interface LabChange {
  id: string;
  revision: number | null;
  writer: string;
}

export interface LabRepository {
  /** Every saved lab, most recently updated first. */
  list(): Promise<LabSummary[]>;
  load(id: string): Promise<LabRecord | undefined>;
  /**
   * Writes `record` (its `revision` is ignored: the next one is assigned and returned) only when the
   * stored revision is still `expected`; otherwise writes nothing and says why.
   */
  save(record: LabRecord, expected: ExpectedRevision): Promise<SaveOutcome>;
  /** Renames a lab (a write: bumps its revision). */
  rename(id: string, name: string, writer: string): Promise<void>;
  remove(id: string, writer: string): Promise<void>;
  currentId(): Promise<string | null>;
  setCurrentId(id: string): Promise<void>;
  /** Calls `listener` on every write and removal (from any tab); returns the unsubscribe. */
  watch(listener: (change: LabChange) => void): () => void;
}

/** The revision of a stored record; 0 for records saved before revisions existed. */
export function revisionOf(record: { revision?: number }): number {
  return record.revision ?? 0;
}

/** The compare of the conditional save: null when the write may go ahead. */
export function saveConflict(
  stored: { revision?: number } | undefined,
  expected: ExpectedRevision,
): SaveConflictKind | null {
  if (stored === undefined) return expected === null ? null : 'deleted';
  if (expected === null) return 'changed'; // a new lab's id is already taken
  return revisionOf(stored) === expected ? null : 'changed';
}

/** The record as written over `stored`: the next revision. */
export function nextRecord(record: LabRecord, stored: { revision?: number } | undefined): LabRecord {
  return { ...record, revision: stored === undefined ? 1 : revisionOf(stored) + 1 };
}

/** Most recently changed first. */
export function byRecency(a: LabSummary, b: LabSummary): number {
  return b.updatedAt - a.updatedAt;
}

/** The record's summary (what the Labs list shows). */
export function summaryOf(r: LabSummary): LabSummary {
  return { id: r.id, name: r.name, updatedAt: r.updatedAt };
}

const DB_NAME = 'cxl-topology-lab';
const DB_VERSION = 1;
const LABS = 'labs';
const SUMMARIES = 'summaries';
const META = 'meta';
const CURRENT_KEY = 'currentLabId';
/** Where tabs announce their writes (`LabChange`) to one another. */
const CHANGES_CHANNEL = 'cxl-topology-lab:changes';

function isLabChange(data: unknown): data is LabChange {
  if (typeof data !== 'object' || data === null) return false;
  const c = data as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.writer === 'string' &&
    (c.revision === null || typeof c.revision === 'number')
  );
}

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
  // Other tabs hear about writes through the channel; this tab's own listeners are called directly
  // (a BroadcastChannel does not deliver to the object that posted).
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANGES_CHANNEL) : null;
  const listeners = new Set<(change: LabChange) => void>();
  const announce = (change: LabChange) => {
    channel?.postMessage(change);
    for (const listener of [...listeners]) listener(change);
  };
  channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isLabChange(event.data)) return;
    for (const listener of [...listeners]) listener(event.data);
  });

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
    async save(record, expected) {
      // Read, compare and write in one readwrite transaction: IndexedDB runs readwrite transactions
      // over the same store one at a time, so no other tab can write between the read and the put.
      // The put is issued from the read's success callback, while the transaction is still active.
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      const labs = tx.objectStore(LABS);
      const result: { outcome: SaveOutcome } = { outcome: { ok: false, conflict: 'changed' } };
      const read = labs.get(record.id);
      read.onsuccess = () => {
        const stored = read.result as LabRecord | undefined;
        const conflict = saveConflict(stored, expected);
        if (conflict !== null) {
          result.outcome = { ok: false, conflict };
          return;
        }
        const next = nextRecord(record, stored);
        labs.put(next);
        tx.objectStore(SUMMARIES).put(summaryOf(next));
        result.outcome = { ok: true, revision: revisionOf(next) };
      };
      await done(tx);
      const { outcome } = result;
      if (outcome.ok) announce({ id: record.id, revision: outcome.revision, writer: record.writer ?? '' });
      return outcome;
    },
    async rename(id, name, writer) {
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      const labs = tx.objectStore(LABS);
      const result: { revision: number | null } = { revision: null };
      const read = labs.get(id);
      read.onsuccess = () => {
        const record = read.result as LabRecord | undefined;
        if (record === undefined) return;
        const next = nextRecord({ ...record, name, writer }, record);
        labs.put(next);
        tx.objectStore(SUMMARIES).put(summaryOf(next));
        result.revision = revisionOf(next);
      };
      await done(tx);
      if (result.revision !== null) announce({ id, revision: result.revision, writer });
    },
    async remove(id, writer) {
      const tx = db.transaction([LABS, SUMMARIES], 'readwrite');
      tx.objectStore(LABS).delete(id);
      tx.objectStore(SUMMARIES).delete(id);
      await done(tx);
      announce({ id, revision: null, writer });
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
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
