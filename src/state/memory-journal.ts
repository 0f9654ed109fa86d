/**
 * The main thread's copy of device memory, as a journal the worker can replay (`MemoryEntry`):
 * touched pages after writes, and fills as operations. Pure functions over plain data.
 */
import type { MemoryEntry } from '../worker/protocol.ts';

type PagesEntry = Extract<MemoryEntry, { kind: 'pages' }>;

function mergePages(older: PagesEntry, newer: PagesEntry): PagesEntry {
  const pages = new Map(older.pages);
  for (const [i, bytes] of newer.pages) pages.set(i, bytes);
  return { ...older, pages: [...pages].sort((a, b) => a[0] - b[0]) };
}

/**
 * Appends `entries` to `journal` (a new array; inputs are not changed). A `pages` entry merges into
 * the same device's entry within the journal's trailing run of `pages` entries: pages of different
 * devices commute, and no fill lies in between, so the replayed result is the same.
 */
export function appendMemory(
  journal: readonly MemoryEntry[],
  entries: readonly MemoryEntry[],
): MemoryEntry[] {
  const out = journal.slice();
  for (const entry of entries) {
    if (entry.kind !== 'pages') {
      out.push(entry);
      continue;
    }
    let i = out.length - 1;
    for (; i >= 0; i--) {
      const e = out[i];
      if (e === undefined || e.kind !== 'pages') {
        i = -1;
        break;
      }
      if (e.device === entry.device) break;
    }
    const same = i >= 0 ? out[i] : undefined;
    if (same !== undefined && same.kind === 'pages' && same.capacityBytes === entry.capacityBytes) {
      out[i] = mergePages(same, entry);
    } else out.push(entry);
  }
  return out;
}

/** Bytes the journal's page entries hold (for the status line). */
export function journalPageBytes(journal: readonly MemoryEntry[]): number {
  return journal.reduce((n, e) => n + (e.kind === 'pages' ? e.pages.length * 4096 : 0), 0);
}
