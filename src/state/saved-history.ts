/**
 * Undo/redo history kept with a saved lab, so Ctrl+Z still works after a reload or a lab switch.
 *
 * What is stored is capped by size, so a big lab cannot bloat IndexedDB: the steps nearest the
 * current document are kept (past trimmed from its oldest end, future from its farthest end) while
 * their JSON totals at most `HISTORY_STORED_CHARS`. Documents are immutable, so each one's JSON length
 * is measured once and cached by object: an autosave measures only the steps it has not seen.
 *
 * A stored history is untrusted data: anything that is not two arrays of objects loads as an empty
 * history. Each step's document is checked when it is used: undo and redo go through the worker's
 * `lab.load`, which validates the document and refuses a bad one.
 */
import type { LabDocument } from '../worker/protocol.ts';
import type { SavedHistory } from './persistence.ts';

/** Undo keeps at least this many steps (in memory; storage may keep fewer, see below). */
export const HISTORY_LIMIT = 200;

/**
 * The most history stored with a lab: 4 MiB of JSON, counted as the sum of each step's
 * `JSON.stringify` length (UTF-16 code units, one per byte for the ASCII a document holds).
 */
export const HISTORY_STORED_CHARS = 4 * 1024 * 1024;

const jsonLengths = new WeakMap<LabDocument, number>();

/** The length of `document`'s JSON, measured once per document object. */
export function jsonLength(document: LabDocument): number {
  let length = jsonLengths.get(document);
  if (length === undefined) {
    length = JSON.stringify(document).length;
    jsonLengths.set(document, length);
  }
  return length;
}

/**
 * The history to store: the steps nearest the current document whose JSON totals at most `budget`.
 * Steps are taken alternately from the past and the future, nearest first; a side stops at its first
 * step that does not fit, so what is kept is always an unbroken run next to the current document.
 * Arrays are returned as given when nothing is trimmed.
 */
export function historyToStore(
  past: readonly LabDocument[],
  future: readonly LabDocument[],
  budget: number = HISTORY_STORED_CHARS,
): SavedHistory {
  let total = 0;
  /** Takes `step` into the total when it fits; false at the end of its stack. */
  const fits = (step: LabDocument | undefined): boolean => {
    if (step === undefined) return false;
    const length = jsonLength(step);
    if (total + length > budget) return false;
    total += length;
    return true;
  };
  // Steps kept from the near (last) end of each stack.
  let pastKept = 0;
  let futureKept = 0;
  let pastOpen = true;
  let futureOpen = true;
  while (pastOpen || futureOpen) {
    if (pastOpen) {
      if (fits(past[past.length - 1 - pastKept])) pastKept++;
      else pastOpen = false;
    }
    if (futureOpen) {
      if (fits(future[future.length - 1 - futureKept])) futureKept++;
      else futureOpen = false;
    }
  }
  const keep = (stack: readonly LabDocument[], count: number): LabDocument[] =>
    count === stack.length ? (stack as LabDocument[]) : stack.slice(stack.length - count);
  return { past: keep(past, pastKept), future: keep(future, futureKept) };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStack(value: unknown): value is LabDocument[] {
  return Array.isArray(value) && value.every(isObject);
}

/**
 * The history stored in a record, or an empty one when there is none or it is malformed (not
 * `{ past, future }` arrays of objects). At most `HISTORY_LIMIT` steps each way.
 */
export function historyOf(record: { history?: unknown }): SavedHistory {
  const history = record.history;
  if (!isObject(history)) return { past: [], future: [] };
  const { past, future } = history as { past?: unknown; future?: unknown };
  if (!isStack(past) || !isStack(future)) return { past: [], future: [] };
  return { past: past.slice(-HISTORY_LIMIT), future: future.slice(-HISTORY_LIMIT) };
}
