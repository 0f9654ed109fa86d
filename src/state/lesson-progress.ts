/**
 * A learner's progress per lesson (step reached, steps done), kept between visits: in IndexedDB in
 * the browser (its own database next to the labs', `persistence.ts`) and in a Map in unit tests.
 */

export interface LessonProgress {
  lessonId: string;
  /** The step the learner was on (0-based), where the lesson resumes. */
  step: number;
  /** Steps completed (explain read, predict answered right, do checks passed), ascending. */
  done: number[];
  /** Steps in the lesson when last saved (so the catalogue shows "3 / 7" without loading it). */
  steps: number;
  updatedAt: number;
}

export interface LessonProgressRepository {
  all(): Promise<LessonProgress[]>;
  get(lessonId: string): Promise<LessonProgress | undefined>;
  put(progress: LessonProgress): Promise<void>;
}

/** Progress after finishing step `step` (or just visiting it, with `completed` false). */
export function advance(
  before: LessonProgress | undefined,
  lessonId: string,
  steps: number,
  step: number,
  completed: boolean,
  now: number,
): LessonProgress {
  const done = new Set(before?.done ?? []);
  if (completed) done.add(step);
  return {
    lessonId,
    step: Math.max(0, Math.min(step, steps - 1)),
    done: [...done].filter((n) => n >= 0 && n < steps).sort((a, b) => a - b),
    steps,
    updatedAt: now,
  };
}

/** Whether a stored value is a progress record (anything else in the store is ignored). */
export function isLessonProgress(v: unknown): v is LessonProgress {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.lessonId === 'string' &&
    Number.isInteger(p.step) &&
    Number.isInteger(p.steps) &&
    typeof p.updatedAt === 'number' &&
    Array.isArray(p.done) &&
    p.done.every((n) => Number.isInteger(n))
  );
}

export function createMemoryProgressRepository(): LessonProgressRepository {
  const map = new Map<string, LessonProgress>();
  return {
    all: async () => [...map.values()].map((p) => structuredClone(p)),
    get: async (id) => {
      const p = map.get(id);
      return p === undefined ? undefined : structuredClone(p);
    },
    put: async (p) => {
      map.set(p.lessonId, structuredClone(p));
    },
  };
}

const DB_NAME = 'cxl-topology-lab-lessons';
const DB_VERSION = 1;
const STORE = 'progress';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (creating on first use) the lesson progress database. */
export async function openIndexedDbProgress(
  factory: IDBFactory = indexedDB,
): Promise<LessonProgressRepository> {
  const open = factory.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'lessonId' });
  };
  const db = await promised(open);
  return {
    async all() {
      const rows = await promised(db.transaction(STORE, 'readonly').objectStore(STORE).getAll());
      return rows.filter(isLessonProgress);
    },
    async get(id) {
      const row: unknown = await promised(db.transaction(STORE, 'readonly').objectStore(STORE).get(id));
      return isLessonProgress(row) ? row : undefined;
    },
    async put(p) {
      await promised(db.transaction(STORE, 'readwrite').objectStore(STORE).put(p));
    },
  };
}

let shared: Promise<LessonProgressRepository> | undefined;

/** The browser's progress store, opened once; a Map when IndexedDB is unavailable (private mode). */
export function lessonProgress(): Promise<LessonProgressRepository> {
  shared ??= (
    typeof indexedDB === 'undefined' ? Promise.reject(new Error('no IndexedDB')) : openIndexedDbProgress()
  ).catch(() => createMemoryProgressRepository());
  return shared;
}
