/**
 * The lab repository kept in memory: unit tests, embedded views (which never write to the visitor's
 * saved labs) and the fallback when IndexedDB is unavailable. Loaded only when one of those needs it.
 */
import {
  byRecency,
  type LabChange,
  type LabRecord,
  type LabRepository,
  nextRecord,
  revisionOf,
  saveConflict,
  summaryOf,
} from './persistence.ts';

/**
 * An in-memory repository (unit tests; fallback when IndexedDB is unavailable). `seed` records are
 * stored as given (tests use it for records saved before revisions existed).
 */
export function createMemoryRepository(seed: readonly LabRecord[] = []): LabRepository {
  const records = new Map<string, LabRecord>(seed.map((r) => [r.id, structuredClone(r)]));
  const listeners = new Set<(change: LabChange) => void>();
  let current: string | null = null;
  const announce = (change: LabChange) => {
    for (const listener of [...listeners]) listener(change);
  };
  return {
    list: async () => [...records.values()].map(summaryOf).sort(byRecency),
    load: async (id) => {
      const r = records.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    save: async (record, expected) => {
      const stored = records.get(record.id);
      const conflict = saveConflict(stored, expected);
      if (conflict !== null) return { ok: false, conflict };
      const next = nextRecord(record, stored);
      const revision = revisionOf(next);
      records.set(record.id, structuredClone(next));
      announce({ id: record.id, revision, writer: record.writer ?? '' });
      return { ok: true, revision };
    },
    rename: async (id, name, writer) => {
      const r = records.get(id);
      if (r === undefined) return;
      const next = nextRecord({ ...r, name, writer }, r);
      records.set(id, next);
      announce({ id, revision: revisionOf(next), writer });
    },
    remove: async (id, writer) => {
      if (records.delete(id)) announce({ id, revision: null, writer });
    },
    currentId: async () => current,
    setCurrentId: async (id) => {
      current = id;
    },
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
