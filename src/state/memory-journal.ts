/**
 * The main thread's copy of device memory, as a journal the worker can replay (`MemoryEntry`):
 * touched pages after writes, and fills as operations. Pure functions over plain data.
 */
import type { MemoryEntry } from '../worker/protocol.ts';

type PagesEntry = Extract<MemoryEntry, { kind: 'pages' | 'media' }>;

function isPages(e: MemoryEntry | undefined): e is PagesEntry {
  return e !== undefined && (e.kind === 'pages' || e.kind === 'media');
}

/** Whether two page entries are of the same memory (device, host, media or not, capacity). */
function sameMemory(a: PagesEntry, b: PagesEntry): boolean {
  const hostOf = (e: PagesEntry) => (e.kind === 'pages' ? e.host : undefined);
  return (
    a.kind === b.kind &&
    a.device === b.device &&
    hostOf(a) === hostOf(b) &&
    a.capacityBytes === b.capacityBytes
  );
}

function mergePages(older: PagesEntry, newer: PagesEntry): PagesEntry {
  const pages = new Map(older.pages);
  for (const [i, bytes] of newer.pages) pages.set(i, bytes);
  return { ...older, pages: [...pages].sort((a, b) => a[0] - b[0]) };
}

/**
 * Appends `entries` to `journal` (a new array; inputs are not changed). A `pages` (or `media`)
 * entry merges into the same memory's entry within the journal's trailing run of page entries:
 * pages of different memories commute, and no fill lies in between, so the replayed result is the
 * same.
 */
export function appendMemory(
  journal: readonly MemoryEntry[],
  entries: readonly MemoryEntry[],
): MemoryEntry[] {
  const out = journal.slice();
  for (const entry of entries) {
    if (!isPages(entry)) {
      out.push(entry);
      continue;
    }
    let same = -1;
    for (let i = out.length - 1; i >= 0; i--) {
      const e = out[i];
      if (!isPages(e)) break;
      if (e.device === entry.device && e.kind === entry.kind) {
        if (sameMemory(e, entry)) same = i;
        break;
      }
    }
    const found = same >= 0 ? out[same] : undefined;
    if (isPages(found)) out[same] = mergePages(found, entry);
    else out.push(entry);
  }
  return out;
}

/** Bytes the journal's page entries hold (for the status line). */
export function journalPageBytes(journal: readonly MemoryEntry[]): number {
  return journal.reduce((n, e) => n + (isPages(e) ? e.pages.length * 4096 : 0), 0);
}
