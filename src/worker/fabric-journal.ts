/**
 * The memory journal of a multi-host lab (issue 18): writes captured as `media` entries (a fabric
 * device's physical media, by media page) or host-owned `pages` entries, and the replay that rebuilds
 * a multi-host lab from its document and journal (reload, lab switch, crash recovery).
 */
import type { MemoryLab } from '../cxl/decode/access.ts';
import type { FabricLab } from '../cxl/fabric/fabric-lab.ts';
import { ldsByComponent } from '../cxl/fabric/views.ts';
import { PAGE_SIZE, SparseMemory } from '../cxl/memory/sparse-memory.ts';
import { err, ok, type Result } from '../cxl/result.ts';
import { type FabricMemories, FabricSession, memoriesOf } from './fabric-session.ts';
import type { FabricDocument, LabDocument, MemoryEntry } from './lab-types.ts';

type Pages = [pageIndex: number, bytes: Uint8Array][];
type FillEntry = Extract<MemoryEntry, { kind: 'fill' }>;

/** Copies of the pages of `m` that `[offset, offset + length)` touches (absent pages as zeros). */
function pagesIn(m: SparseMemory, offset: number, length: number): Pages {
  const pages: Pages = [];
  const first = Math.floor(offset / PAGE_SIZE);
  const last = Math.floor((offset + length - 1) / PAGE_SIZE);
  for (let i = first; i <= last; i++) pages.push([i, m.peekPage(i)?.slice() ?? new Uint8Array(PAGE_SIZE)]);
  return pages;
}

/**
 * The journal entry for bytes `[dpa, dpa + length)` of `device` in the focused host's view: an LD's
 * bytes as media pages of its fabric device (slice base + DPA), a host-own device's as its pages.
 */
export function captureFabricPages(
  session: FabricSession,
  device: string,
  dpa: number,
  length: number,
): MemoryEntry | null {
  if (length <= 0) return null;
  const lab = session.lab;
  const key = ldsByComponent(lab.index).get(session.focus)?.get(device);
  const slice = key === undefined ? undefined : lab.index.slices.get(key);
  if (slice !== undefined) {
    const media = lab.media(slice.device);
    if (media === undefined) return null;
    return {
      kind: 'media',
      device: slice.device,
      capacityBytes: media.capacityBytes,
      pages: pagesIn(media, slice.base + dpa, length),
    };
  }
  const own = lab.hostMemories().get(session.focus)?.get(device);
  if (own === undefined) return null;
  return {
    kind: 'pages',
    host: session.focus,
    device,
    capacityBytes: own.capacityBytes,
    pages: pagesIn(own, dpa, length),
  };
}

/** Journal entries holding every touched page of `lab` (a file just opened). */
export function fabricMemoryEntries(lab: FabricLab): MemoryEntry[] {
  const copy = (m: SparseMemory): Pages =>
    [...m.pages()].map(([i, b]): [number, Uint8Array] => [i, b.slice()]);
  const out: MemoryEntry[] = [];
  for (const [device, m] of lab.medias())
    if (m.touchedPages > 0)
      out.push({ kind: 'media', device, capacityBytes: m.capacityBytes, pages: copy(m) });
  for (const [host, memories] of lab.hostMemories())
    for (const [device, m] of memories)
      if (m.touchedPages > 0)
        out.push({ kind: 'pages', host, device, capacityBytes: m.capacityBytes, pages: copy(m) });
  return out;
}

/** The memories a journal replay fills in, created as entries name them. */
class ReplayMemories {
  readonly media = new Map<string, SparseMemory>();
  readonly hostMemory = new Map<string, Map<string, SparseMemory>>();

  #memory(map: Map<string, SparseMemory>, device: string, capacity: number): SparseMemory {
    const have = map.get(device);
    if (have !== undefined && have.capacityBytes === capacity) return have;
    const fresh = new SparseMemory(capacity);
    map.set(device, fresh);
    return fresh;
  }

  /** Loads a page entry (pages beyond the capacity are ignored, as the single-host bank does). */
  load(entry: Extract<MemoryEntry, { kind: 'pages' | 'media' }>, host: string | undefined): void {
    let map = this.media;
    if (entry.kind === 'pages') {
      if (host === undefined) return;
      map = this.hostMemory.get(host) ?? new Map<string, SparseMemory>();
      this.hostMemory.set(host, map);
    }
    const m = this.#memory(map, entry.device, entry.capacityBytes);
    for (const [index, bytes] of entry.pages) m.loadPage(index, bytes);
  }

  /** Takes over the memories a lab built over these created (devices the journal had not named). */
  adopt(lab: FabricLab): void {
    const built = memoriesOf(lab);
    for (const [id, m] of built.media) this.media.set(id, m);
    for (const [host, memories] of built.hostMemory) {
      const map = this.hostMemory.get(host) ?? new Map<string, SparseMemory>();
      for (const [id, m] of memories) map.set(id, m);
      this.hostMemory.set(host, map);
    }
  }

  get memories(): FabricMemories {
    return { media: this.media, hostMemory: this.hostMemory };
  }
}

/**
 * Rebuilds the multi-host lab of `document` from its journal: page entries into fresh memories,
 * fills replayed (by `replayFill`) through the focused host of their context, then the document's
 * lab built over those memories. Single-host entries (`pages` without a host, `rename`) are not of
 * this lab and are skipped.
 */
export async function replayFabric(
  document: LabDocument,
  fabric: FabricDocument,
  memory: readonly MemoryEntry[],
  replayFill: (lab: MemoryLab, entry: FillEntry) => Promise<void>,
): Promise<Result<FabricSession>> {
  const replay = new ReplayMemories();
  for (const entry of memory) {
    if (entry.kind === 'media') replay.load(entry, undefined);
    else if (entry.kind === 'pages') replay.load(entry, entry.host);
    else if (entry.kind === 'fill') {
      const context = entry.context.fabric;
      if (context === undefined) continue;
      const built = FabricSession.fromDocument(entry.context, context, replay.memories);
      if (!built.ok) return err('lab.restore-failed', `memory journal: ${built.error.message}`);
      replay.adopt(built.value.lab);
      await replayFill(built.value.focused, entry);
    }
  }
  const built = FabricSession.fromDocument(document, fabric, replay.memories);
  return built.ok ? ok(built.value) : built;
}
