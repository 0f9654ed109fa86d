/**
 * The host physical address map as `/proc/iomem` shows it: top-level resources (host bridge
 * register blocks, CXL windows) in address order with the unmapped holes between them, and inside
 * each window its regions and the free space around them. Pure; unit-tested.
 */
import { formatBytes } from '../../lib/format';
import type { RegionView, TopologySpec } from '../../worker/protocol.ts';

export type MapEntryKind = 'window' | 'region' | 'free' | 'hole' | 'registers';

export interface MapEntry {
  kind: MapEntryKind;
  start: number;
  /** Exclusive end. */
  end: number;
  /** 0 = top level, 1 = inside a window. */
  depth: 0 | 1;
  /** "CXL Window 0", "region0", "hb0 component registers (CHBCR)". */
  label: string;
  /** Window id, region name or host bridge id to select; null for holes and free space. */
  target: string | null;
  /** Region details: "4-way · 4 KiB · mem0, mem1, …"; problems; window of a free range. */
  detail: string;
  committed?: boolean;
  problems?: string[];
}

const CHBCR_SIZE = 0x10000;

/** The map, top-level entries in address order, each window followed by its contents. */
export function addressMap(spec: TopologySpec, regions: readonly RegionView[]): MapEntry[] {
  type Top = { start: number; end: number; entries: MapEntry[] };
  const tops: Top[] = [];
  spec.windows.forEach((w, i) => {
    const start = w.base;
    const end = w.base + w.size;
    const head: MapEntry = {
      kind: 'window',
      start,
      end,
      depth: 0,
      label: `CXL Window ${i}`,
      target: w.id,
      detail: `${w.id} · ${w.ways}-way · HBIG ${formatBytes(w.granularity)} · targets ${w.targets.join(', ')}`,
    };
    const inside = regions
      .filter((r) => r.window === w.id || (r.window === null && r.base >= start && r.base < end))
      .sort((a, b) => a.base - b.base);
    const children: MapEntry[] = [];
    let at = start;
    for (const r of inside) {
      if (r.base > at) children.push(free(at, r.base, w.id));
      children.push(regionEntry(r, 1));
      at = Math.max(at, r.base + r.size);
    }
    if (at < end) children.push(free(at, end, w.id));
    tops.push({ start, end, entries: [head, ...children] });
  });
  for (const c of spec.components) {
    if (c.kind !== 'host-bridge' || c.componentRegBase <= 0) continue;
    tops.push({
      start: c.componentRegBase,
      end: c.componentRegBase + CHBCR_SIZE,
      entries: [
        {
          kind: 'registers',
          start: c.componentRegBase,
          end: c.componentRegBase + CHBCR_SIZE,
          depth: 0,
          label: `${c.id} CHBCR`,
          target: c.id,
          detail: `host bridge component registers (CEDT CHBS, UID ${c.uid})`,
        },
      ],
    });
  }
  // Regions outside every window (a misprogrammed lab) are listed at the top level.
  for (const r of regions) {
    const inWindow = spec.windows.some(
      (w) => r.window === w.id || (r.base >= w.base && r.base < w.base + w.size),
    );
    if (!inWindow) tops.push({ start: r.base, end: r.base + r.size, entries: [regionEntry(r, 0)] });
  }
  tops.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MapEntry[] = [];
  let last: number | null = null;
  for (const t of tops) {
    if (last !== null && t.start > last) {
      out.push({
        kind: 'hole',
        start: last,
        end: t.start,
        depth: 0,
        label: 'unmapped',
        target: null,
        detail: '',
      });
    }
    out.push(...t.entries);
    last = Math.max(last ?? t.end, t.end);
  }
  return out;
}

function free(start: number, end: number, window: string): MapEntry {
  return {
    kind: 'free',
    start,
    end,
    depth: 1,
    label: 'free',
    target: null,
    detail: `no region yet in ${window}`,
  };
}

function regionEntry(r: RegionView, depth: 0 | 1): MapEntry {
  return {
    kind: 'region',
    start: r.base,
    end: r.base + r.size,
    depth,
    label: r.name,
    target: r.name,
    detail: `${r.ways}-way · ${formatBytes(r.granularity)} granules · ${r.members.join(', ')}`,
    committed: r.committed,
    problems: [...r.problems],
  };
}

/** `4c00000000-4dffffffff`, as /proc/iomem prints a range: inclusive end, no 0x, each side ≥ 8 digits. */
export function iomemRange(start: number, end: number): string {
  const side = (n: number) => n.toString(16).padStart(8, '0');
  return `${side(start)}-${side(Math.max(start, end - 1))}`;
}

/** The interleave strip's unit and first granules for a window or a region. */
export function stripPlan(
  spec: TopologySpec,
  regions: readonly RegionView[],
  focus: { kind: 'window' | 'region'; id: string },
): { base: number; granularity: number; count: number; ways: number; title: string } | null {
  if (focus.kind === 'region') {
    const r = regions.find((x) => x.name === focus.id);
    if (r === undefined) return null;
    const count = Math.min(64, Math.max(16, r.ways * 4), Math.floor(r.size / r.granularity));
    return { base: r.base, granularity: r.granularity, count, ways: r.ways, title: `${r.name}` };
  }
  const w = spec.windows.find((x) => x.id === focus.id);
  if (w === undefined) return null;
  const inside = regions.filter((r) => r.window === w.id);
  const granularity = Math.min(w.granularity, ...inside.map((r) => r.granularity));
  const ways = Math.max(w.ways, ...inside.map((r) => r.ways));
  const count = Math.min(64, Math.max(16, ways * 4), Math.floor(w.size / granularity));
  return { base: w.base, granularity, count, ways, title: w.id };
}
