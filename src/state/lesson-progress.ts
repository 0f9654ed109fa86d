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
  /** The saved lab the lesson runs in: "Continue" and a reload go back to it (absent: start afresh). */
  labId?: string;
  /** Hints revealed per step index (0 when absent). */
  hints?: number[];
  /** The panel was open when last saved: a reload that lands on `labId` reopens it. */
  open?: boolean;
  /** A teacher's lesson (opened from a file or a link): its text, to open it again. */
  text?: string;
}

/** The fields a visit keeps from the record before it (the lesson's lab, hints, panel, source). */
function kept(before: LessonProgress | undefined): Partial<LessonProgress> {
  if (before === undefined) return {};
  const out: Partial<LessonProgress> = {};
  if (before.labId !== undefined) out.labId = before.labId;
  if (before.hints !== undefined) out.hints = [...before.hints];
  if (before.open !== undefined) out.open = before.open;
  if (before.text !== undefined) out.text = before.text;
  return out;
}

/** Progress with `hints` hints shown at `step` (other steps unchanged). */
export function withHints(p: LessonProgress, step: number, hints: number): LessonProgress {
  const list = [...(p.hints ?? [])];
  while (list.length <= step) list.push(0);
  list[step] = Math.max(0, Math.min(64, hints));
  return { ...p, hints: list };
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
    ...kept(before),
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
    p.done.every((n) => Number.isInteger(n)) &&
    (p.labId === undefined || typeof p.labId === 'string') &&
    (p.hints === undefined || (Array.isArray(p.hints) && p.hints.every((n) => Number.isInteger(n)))) &&
    (p.open === undefined || typeof p.open === 'boolean') &&
    (p.text === undefined || typeof p.text === 'string')
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

/** An embedded view keeps progress in memory only (an embed never writes to the visitor's storage). */
export function keepProgressInMemory(): void {
  shared ??= Promise.resolve(createMemoryProgressRepository());
}

/** The browser's progress store, opened once; a Map when IndexedDB is unavailable (private mode). */
export function lessonProgress(): Promise<LessonProgressRepository> {
  shared ??= (
    typeof indexedDB === 'undefined' ? Promise.reject(new Error('no IndexedDB')) : openIndexedDbProgress()
  ).catch(() => createMemoryProgressRepository());
  return shared;
}
