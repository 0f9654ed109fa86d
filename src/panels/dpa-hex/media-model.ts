/**
 * The MLD hex view's arithmetic and words (issue 18), pure and unit-tested: which LD slice holds a media
 * byte, the slices a byte range crosses, the legend, the reverse map's lines and an LD's place in its media.
 */
import type { LdOwner } from '../../cxl/fabric/model.ts';
import type { ComponentSpec } from '../../cxl/topology/model.ts';
import { formatBytes, formatHex, formatRange } from '../../lib/format';
import type { AccessLogEntry } from '../../state/types';
import type { MediaByteOwnerView } from '../../worker/fabric-types.ts';
import type { FabricLdView } from '../../worker/lab-types.ts';
import { type ByteRange, poisonRangesOf } from './hex-model';

/** Slice colours (`dpa-hex.css` `.is-ld-0` … `.is-ld-7`); LD-IDs 8–15 reuse them, their label differs. */
export const LD_COLOURS = 8;

export function ldColour(ld: number): number {
  return ld % LD_COLOURS;
}

/** The LD slice holding media byte `offset`, or null when no LD is allocated it. */
export function sliceAt(slices: readonly FabricLdView[], offset: number): FabricLdView | null {
  return slices.find((s) => offset >= s.base && offset < s.base + s.size) ?? null;
}

/** A run of media bytes `[start, end)` inside one LD slice, or outside every slice (`slice` null). */
export interface MediaSegment {
  start: number;
  end: number;
  slice: FabricLdView | null;
}

/** The runs media bytes `[offset, offset + length)` split into at LD slice boundaries, in order. */
export function segmentsFor(slices: readonly FabricLdView[], offset: number, length: number): MediaSegment[] {
  const end = offset + length;
  const out: MediaSegment[] = [];
  const sorted = [...slices].filter((s) => s.size > 0).sort((a, b) => a.base - b.base);
  let at = offset;
  while (at < end) {
    const inside = sorted.find((s) => at >= s.base && at < s.base + s.size);
    if (inside !== undefined) {
      const stop = Math.min(end, inside.base + inside.size);
      out.push({ start: at, end: stop, slice: inside });
      at = stop;
      continue;
    }
    const next = sorted.find((s) => s.base > at);
    const stop = Math.min(end, next === undefined ? end : next.base);
    out.push({ start: at, end: stop, slice: null });
    at = stop;
  }
  return out;
}

/** "sw0 VCS 1 vPPB 1" or "head 2": how the owner reaches its LD. */
export function viaText(owner: LdOwner): string {
  return 'head' in owner.via
    ? `head ${owner.via.head}`
    : `${owner.via.switch} VCS ${owner.via.vcs} vPPB ${owner.via.vppb}`;
}

/** "hostB" or "not bound". */
export function ownerText(owner: LdOwner | null): string {
  return owner === null ? 'not bound' : owner.host;
}

/** The ruler's words for a run: "LD 1 · hostB · DPA 0x100" (the DPA of the run's first byte), or "no LD". */
export function segmentLabel(segment: MediaSegment): string {
  const s = segment.slice;
  if (s === null) return `no LD · ${formatBytes(segment.end - segment.start)} not allocated`;
  return `LD ${s.ld} · ${ownerText(s.owner)} · DPA ${formatHex(segment.start - s.base)}`;
}

/** One legend row: an LD slice, or media allocated to no LD (`ld` null). */
export interface LegendRow {
  ld: number | null;
  colour: number | null;
  /** First media offset. */
  start: number;
  size: number;
  range: string;
  sizeText: string;
  owner: string;
  /** The owner's component and path ("mld0.ld1 via sw0 VCS 1 vPPB 1"), "" when not bound. */
  via: string;
}

/** The legend of a device of `capacity` bytes: each LD by media offset, and the unallocated gaps. */
export function legendRows(slices: readonly FabricLdView[], capacity: number): LegendRow[] {
  return segmentsFor(slices, 0, capacity).map((seg): LegendRow => {
    const size = seg.end - seg.start;
    const s = seg.slice;
    return {
      ld: s?.ld ?? null,
      colour: s === null ? null : ldColour(s.ld),
      start: seg.start,
      size,
      range: formatRange(seg.start, size),
      sizeText: formatBytes(size),
      owner: s === null ? 'no LD' : ownerText(s.owner),
      via: s?.owner == null ? '' : `${s.owner.component} via ${viaText(s.owner)}`,
    };
  });
}

/** What the reverse map says about one media byte. */
export interface ReverseLines {
  /** "mld1 media offset 0x40000100". */
  title: string;
  /** "LD 1 · DPA 0x100", or null outside every LD. */
  where: string | null;
  /** Who reaches it, or why nobody does. */
  reach: string;
  /** The host whose HPAs these are (focused before an HPA goes to the console). */
  host: string | null;
  hpas: { hpa: number; text: string; decoder: number }[];
}

export function reverseLines(device: string, offset: number, r: MediaByteOwnerView | null): ReverseLines {
  const title = `${device} media offset ${formatHex(offset)}`;
  if (r === null)
    return {
      title,
      where: null,
      reach: 'No LD holds this byte: it is outside every LD allocation, so no host reaches it.',
      host: null,
      hpas: [],
    };
  const where = `LD ${r.ld} · DPA ${formatHex(r.dpa)}`;
  if (r.owner === null)
    return {
      title,
      where,
      reach: `LD ${r.ld} is bound to no host: no HPA reaches it.`,
      host: null,
      hpas: [],
    };
  const via = `as ${r.owner.component} through ${viaText(r.owner)}`;
  const hpas = r.hpas.map((h) => ({ hpa: h.hpa, text: formatHex(h.hpa), decoder: h.decoder }));
  const reach =
    hpas.length === 0
      ? `${r.owner.host} reaches LD ${r.ld} ${via}, but no committed decoder path of ${r.owner.host} maps this byte.`
      : `${r.owner.host} reaches it ${via}, at ${hpas.length === 1 ? 'HPA' : `${hpas.length} HPAs`}:`;
  return { title, where, reach, host: r.owner.host, hpas };
}

/** The LD slice behind component `component` of the focused host's view (`mld0.ld1`), if it is one. */
export function ldOfComponent(
  lds: readonly FabricLdView[],
  focus: string,
  component: string,
): FabricLdView | null {
  return lds.find((l) => l.owner?.host === focus && l.owner.component === component) ?? null;
}

/** "LD 1 of mld0: media offset 0x40000000–0x7fffffff". */
export function ldMediaText(slice: FabricLdView): string {
  return `LD ${slice.ld} of ${slice.device}: media offset ${formatRange(slice.base, slice.size)}`;
}

/**
 * The media byte ranges of `device` the newest read or write touched: each piece that reached an LD of
 * `device` in the focused host, at the LD's base + the piece's DPA (the media layout, docs/multi-host.md).
 */
export function mediaAccessRanges(
  log: readonly AccessLogEntry[],
  lds: readonly FabricLdView[],
  focus: string,
  device: string,
): ByteRange[] {
  const last = log.find((e) => e.kind === 'read' || e.kind === 'write');
  if (last === undefined || (last.kind !== 'read' && last.kind !== 'write')) return [];
  const out: ByteRange[] = [];
  for (const p of last.pieces) {
    if (!p.ok || p.device === undefined || p.dpa === undefined) continue;
    const slice = ldOfComponent(lds, focus, p.device);
    if (slice?.device === device) out.push({ dpa: slice.base + p.dpa, length: p.length });
  }
  return out;
}

/**
 * The poisoned media ranges of a fabric device: each bound LD's media error records (kept with the LD's
 * device state in its host's view, CXL 2.0 §8.2.9.5.4.1 Get Poison List) at the LD's base + DPA.
 */
export function mediaPoison(
  hosts: readonly { id: string; spec: { components: readonly ComponentSpec[] } }[],
  slices: readonly FabricLdView[],
): ByteRange[] {
  const out: ByteRange[] = [];
  for (const s of slices) {
    if (s.owner === null) continue;
    const { host, component } = s.owner;
    const c = hosts.find((h) => h.id === host)?.spec.components.find((x) => x.id === component);
    if (c?.kind !== 'type3') continue;
    for (const p of poisonRangesOf(c)) out.push({ dpa: s.base + p.dpa, length: p.length });
  }
  return out.sort((a, b) => a.dpa - b.dpa);
}
