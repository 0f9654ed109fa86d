// Search of the canvas's nodes by name: the lab's ids (mem3, hb1, rp3, sw0), their Linux names
// (port1, mem3, endpoint7), their decoders (decoder5.0) and the root's windows (cfmw0). Pure.
import { KIND_INFO, ROOT_INFO } from '../lib/component-kinds';
import type { LabFlowNode } from './to-flow';

/** One node and every name it can be found by (the first is the one shown). */
export interface SearchEntry {
  id: string;
  /** "Type 3 device", "Host bridge", "CXL root". */
  kind: string;
  names: readonly string[];
}

export interface SearchMatch {
  id: string;
  kind: string;
  /** The node's own name (its id, or "CXL root"). */
  label: string;
  /** The name that matched when it is not the label (e.g. "decoder5.0"), else null. */
  via: string | null;
  /** 0 exact, 1 prefix, 2 inside a name. */
  rank: number;
}

/** Most matches listed at once. */
export const SEARCH_LIMIT = 12;

/** Every node's names, in canvas order. */
export function searchEntries(nodes: readonly LabFlowNode[]): SearchEntry[] {
  return nodes.map((n): SearchEntry => {
    switch (n.type) {
      case 'cxl-root':
        return {
          id: n.id,
          kind: ROOT_INFO.label,
          names: [ROOT_INFO.label, 'root0', ...n.data.windows.flatMap((w) => [w.id, w.rootDecoder])],
        };
      case 'bridge':
        return {
          id: n.id,
          kind: KIND_INFO[n.data.kind].label,
          names: [
            n.data.componentId,
            ...(n.data.linuxName === null ? [] : [n.data.linuxName]),
            ...n.data.decoders.map((d) => d.name),
          ],
        };
      case 'port':
        return { id: n.id, kind: KIND_INFO[n.data.kind].label, names: [n.data.componentId] };
      case 'device':
        return {
          id: n.id,
          kind: KIND_INFO.type3.label,
          names: [
            n.data.componentId,
            ...(n.data.memdev === null ? [] : [n.data.memdev]),
            ...(n.data.endpoint === null ? [] : [n.data.endpoint]),
            ...n.data.decoders.map((d) => d.name),
          ],
        };
      case 'fabric-host':
        return { id: n.id, kind: 'Host', names: [n.data.name, n.data.host] };
      case 'fabric-switch':
        return { id: n.id, kind: 'Physical switch', names: [n.data.switchId] };
      case 'fabric-vcs':
        return { id: n.id, kind: 'Virtual CXL switch', names: [n.data.componentId] };
      case 'fabric-vppb':
        return { id: n.id, kind: 'vPPB', names: [n.data.componentId] };
      case 'fabric-device':
        return { id: n.id, kind: `Fabric ${n.data.kind.toUpperCase()}`, names: [n.data.deviceId] };
      case 'fabric-ld':
        return {
          id: n.id,
          kind: 'Logical device',
          names: [`${n.data.device} LD ${n.data.ld}`, n.data.componentId],
        };
      default: {
        const never: never = n;
        return never;
      }
    }
  });
}

function rankOf(name: string, q: string): number | null {
  const n = name.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  return n.includes(q) ? 2 : null;
}

/**
 * Nodes whose names contain `query` (case-insensitive, surrounding spaces ignored), best first: an
 * exact name before a name that starts with the query before one that contains it; then the node's
 * own name before another of its names; then shorter names; then canvas order. At most `limit`.
 */
export function searchNodes(
  entries: readonly SearchEntry[],
  query: string,
  limit = SEARCH_LIMIT,
): SearchMatch[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const found: { m: SearchMatch; own: number; length: number; order: number }[] = [];
  entries.forEach((e, order) => {
    let best: { rank: number; name: string; own: number } | null = null;
    e.names.forEach((name, i) => {
      const rank = rankOf(name, q);
      if (rank === null) return;
      const own = i === 0 ? 0 : 1;
      if (best === null || rank < best.rank || (rank === best.rank && own < best.own)) {
        best = { rank, name, own };
      }
    });
    if (best === null) return;
    const b: { rank: number; name: string; own: number } = best;
    const label = e.names[0] ?? e.id;
    found.push({
      m: { id: e.id, kind: e.kind, label, via: b.own === 0 ? null : b.name, rank: b.rank },
      own: b.own,
      length: b.name.length,
      order,
    });
  });
  found.sort((a, b) => a.m.rank - b.m.rank || a.own - b.own || a.length - b.length || a.order - b.order);
  return found.slice(0, limit).map((f) => f.m);
}
