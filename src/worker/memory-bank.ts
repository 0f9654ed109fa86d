/**
 * Device memory owned by the worker, independent of any one `Lab` object.
 *
 * The core's `Lab` keeps registers and, by default, its own memory per device. The worker rebuilds
 * labs often (undo, redo, topology edits, crash recovery) and must not lose or copy gigabytes of
 * device memory each time, so memory lives here, keyed by device id, and each lab is paired with
 * the bank through a `MemoryLab` adapter that the core's access functions accept. A device removed
 * from the topology keeps its memory in the bank (detached), so undoing the removal brings its
 * bytes back; a device whose capacity changed starts empty.
 */
import type { MemoryLab } from '../cxl/decode/access.ts';
import type { Lab } from '../cxl/lab.ts';
import { PAGE_SIZE, SparseMemory } from '../cxl/memory/sparse-memory.ts';
import type { TopologySpec } from '../cxl/topology/model.ts';
import type { DeviceMemoryView, MemoryEntry } from './protocol.ts';

export class MemoryBank {
  readonly #memories = new Map<string, SparseMemory>();
  /** Old id → new id of each renamed device, so undoing a rename brings the memory back too. */
  readonly #renamed = new Map<string, string>();

  /** The memory of device `id` with `capacityBytes`, created (empty) when absent or resized. */
  device(id: string, capacityBytes: number): SparseMemory {
    const have = this.#memories.get(id);
    if (have !== undefined && have.capacityBytes === capacityBytes) return have;
    const fresh = new SparseMemory(capacityBytes);
    this.#memories.set(id, fresh);
    return fresh;
  }

  /** Takes over `other`'s memories (after a journal replayed into a fresh bank succeeded). */
  replaceWith(other: MemoryBank): void {
    this.#memories.clear();
    for (const [id, m] of other.#memories) this.#memories.set(id, m);
    this.#renamed.clear();
    for (const [from, to] of other.#renamed) this.#renamed.set(from, to);
  }

  /**
   * Device `from` is now called `to`: its memory moves with it (whatever `to` held before is
   * replaced). The move is remembered, so a topology that names the device `from` again while no
   * device is called `to` (an undone rename) takes the memory back (`attach`).
   */
  rename(from: string, to: string): void {
    if (from === to) return;
    const m = this.#memories.get(from);
    this.#memories.delete(from);
    if (m === undefined) this.#memories.delete(to);
    else this.#memories.set(to, m);
    this.#renamed.delete(to);
    this.#renamed.set(from, to);
  }

  /** Makes sure every Type 3 device of `spec` has memory of its capacity (taking back renamed ones). */
  attach(spec: TopologySpec): void {
    const ids = new Set(spec.components.map((c) => c.id));
    for (const c of spec.components) {
      if (c.kind !== 'type3') continue;
      const to = this.#renamed.get(c.id);
      if (!this.#memories.has(c.id) && to !== undefined && !ids.has(to)) this.rename(to, c.id);
      this.device(c.id, c.volatile + c.persistent);
    }
  }

  /** A `MemoryLab` view of `lab` whose memory is this bank (only devices of the lab's topology). */
  adapter(lab: Lab): MemoryLab {
    this.attach(lab.topology.spec);
    const memories = this.#memories;
    const devices = new Set(lab.topology.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id));
    return {
      topology: lab.topology,
      decoders: (id: string) => lab.decoders(id),
      get version() {
        return lab.version;
      },
      memory: (id: string) => (devices.has(id) ? memories.get(id) : undefined),
    };
  }

  /** Summary of the memory of `spec`'s devices. */
  view(spec: TopologySpec): Record<string, DeviceMemoryView> {
    const out: Record<string, DeviceMemoryView> = {};
    for (const c of spec.components) {
      if (c.kind !== 'type3') continue;
      const m = this.#memories.get(c.id);
      out[c.id] = { capacityBytes: c.volatile + c.persistent, touchedPages: m?.touchedPages ?? 0 };
    }
    return out;
  }

  /** Copies of the touched pages of `spec`'s devices (for saving a file). */
  pagesOf(spec: TopologySpec): Map<string, [number, Uint8Array][]> {
    const out = new Map<string, [number, Uint8Array][]>();
    for (const c of spec.components) {
      if (c.kind !== 'type3') continue;
      const m = this.#memories.get(c.id);
      if (m === undefined || m.touchedPages === 0) continue;
      out.set(
        c.id,
        [...m.pages()].map(([i, bytes]): [number, Uint8Array] => [i, bytes.slice()]),
      );
    }
    return out;
  }

  /**
   * A `pages` journal entry holding the current contents of the pages that `[dpa, dpa+length)` of
   * `device` touches (pages still absent read as zeros and are recorded as such).
   */
  capturePages(device: string, dpa: number, length: number): MemoryEntry | null {
    const m = this.#memories.get(device);
    if (m === undefined || length <= 0) return null;
    const first = Math.floor(dpa / PAGE_SIZE);
    const last = Math.floor((dpa + length - 1) / PAGE_SIZE);
    const pages: [number, Uint8Array][] = [];
    for (let i = first; i <= last; i++) {
      pages.push([i, m.peekPage(i)?.slice() ?? new Uint8Array(PAGE_SIZE)]);
    }
    return { kind: 'pages', device, capacityBytes: m.capacityBytes, pages };
  }

  /** Loads a `pages` entry (pages beyond the capacity are ignored: the device was resized since). */
  loadPages(entry: Extract<MemoryEntry, { kind: 'pages' }>): void {
    const m = this.device(entry.device, entry.capacityBytes);
    for (const [index, bytes] of entry.pages) m.loadPage(index, bytes);
  }
}
