/**
 * What a share link compresses: a lab file of either format (`cxl-lab/1`, or `cxl-lab/2` for a
 * multi-host lab, issue 18) as compact JSON with the first n of its written 4 KiB pages.
 */
import { strToU8 } from 'fflate';
import type { FabricLabFile } from '../fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../fabric/file-write.ts';
import { type LabFile, serializeLabFile } from '../topology/file.ts';

type Page = readonly [number, Uint8Array];
type Pages = ReadonlyMap<string, readonly Page[]>;

/**
 * A lab for a link. Its written pages have one order, the order a memory limit keeps them in:
 * single-host, by component in the topology; multi-host, each host's own devices (hosts in file
 * order), then each fabric device's media (devices in file order), a media page counted like a
 * device page.
 */
export interface SharePayload {
  /** Written pages of the whole lab. */
  readonly pages: number;
  /** The lab as compact JSON with its first `firstPages` pages (all of them with `Infinity`). */
  json(firstPages: number): Uint8Array;
}

/** The first `n` pages of `lists` (in order), keyed as they were; `taken.n` counts down. */
function firstOf(lists: Pages, order: readonly string[], taken: { n: number }): Map<string, Page[]> {
  const out = new Map<string, Page[]>();
  for (const id of order) {
    const pages = lists.get(id) ?? [];
    if (taken.n <= 0 || pages.length === 0) continue;
    const kept = pages.slice(0, taken.n);
    taken.n -= kept.length;
    out.set(id, [...kept]);
  }
  return out;
}

function countOf(lists: Pages | undefined, order: readonly string[]): number {
  let n = 0;
  for (const id of order) n += lists?.get(id)?.length ?? 0;
  return n;
}

function compact(pretty: string): Uint8Array {
  return strToU8(JSON.stringify(JSON.parse(pretty)));
}

/** A `cxl-lab/1` lab. */
export function singleHostPayload(file: LabFile): SharePayload {
  const order = file.spec.components.map((c) => c.id);
  return {
    pages: countOf(file.memory, order),
    json: (firstPages) =>
      compact(
        serializeLabFile({
          spec: file.spec,
          registers: file.registers,
          memory: firstOf(file.memory, order, { n: firstPages }),
        }),
      ),
  };
}

/** A `cxl-lab/2` lab (`FabricLab.toFile()`). */
export function multiHostPayload(file: FabricLabFile): SharePayload {
  const hosts = file.spec.hosts.map((h) => ({ id: h.id, order: h.components.map((c) => c.id) }));
  const devices = file.spec.fabric.devices.map((d) => d.id);
  const pages =
    hosts.reduce((n, h) => n + countOf(file.hostMemory.get(h.id), h.order), 0) + countOf(file.media, devices);
  return {
    pages,
    json(firstPages) {
      const taken = { n: firstPages };
      const hostMemory = new Map<string, Map<string, Page[]>>();
      for (const h of hosts) {
        const kept = firstOf(file.hostMemory.get(h.id) ?? new Map(), h.order, taken);
        if (kept.size > 0) hostMemory.set(h.id, kept);
      }
      const media = firstOf(file.media, devices, taken);
      return compact(serializeMultiHostFile({ ...file, hostMemory, media }));
    },
  };
}
