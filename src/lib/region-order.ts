/**
 * Region member paths ("hb1 › rp3 › mem3") and the member order Linux accepts for a window: the
 * position order `cxl_region_attach` checks and `cxl_calc_interleave_pos` computes.
 *
 * Linux drivers/cxl/core/region.c: `cxl_region_attach` takes position `pos` only from a device below
 * the window's target `pos mod (window ways)`; the position of a device is built walking from it up,
 * `pos = pos × parent ways + index of the downstream port in the parent decoder's target list`
 * (`cxl_calc_interleave_pos`; its comment's example: two host bridges with two devices each order
 * mem0, mem2, mem1, mem3). Read backwards: the window's target index varies fastest, then the host
 * bridge's root port, then each switch's downstream port, the lowest switch slowest. A port's
 * target list is filled in position order (`cxl_port_setup_targets`), so numbering each port's used
 * downstream ports by port number gives one order Linux accepts; every port's used downstream ports
 * must lead to the same number of members, or no order works.
 */
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';

export type OrderResult = { ok: true; order: string[] } | { ok: false; reason: string };

type Parts = Pick<TopologySpec, 'components' | 'windows'>;

function byId(spec: Parts): Map<string, ComponentSpec> {
  return new Map(spec.components.map((c) => [c.id, c]));
}

function parentId(c: ComponentSpec): string | null {
  return c.kind === 'host-bridge' || c.parent === '' ? null : c.parent;
}

/** The component ids from the host bridge down to `id` (just `[id]` when it is not connected). */
export function memberPath(spec: Parts, id: string): string[] {
  const all = byId(spec);
  const path: string[] = [];
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null && !seen.has(at); ) {
    seen.add(at);
    path.unshift(at);
    const c = all.get(at);
    at = c === undefined ? null : parentId(c);
  }
  return path;
}

/** "hb1 › rp3 › mem3". */
export function pathText(path: readonly string[]): string {
  return path.join(' › ');
}

/** Port number of a root port or downstream port (what a decoder's target list names). */
function portNumber(c: ComponentSpec | undefined): number {
  return c?.kind === 'root-port' || c?.kind === 'downstream-port' ? c.port : 0;
}

interface Placed {
  id: string;
  path: string[];
  /** Window target index of its host bridge. */
  root: number;
}

/**
 * Each branching component (host bridge, switch) on the members' paths → its used downstream ports
 * in port-number order, with how many members sit below each.
 */
function usedPorts(
  all: Map<string, ComponentSpec>,
  placed: readonly Placed[],
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const m of placed) {
    m.path.forEach((id, k) => {
      const kind = all.get(id)?.kind;
      const next = m.path[k + 1];
      if ((kind !== 'host-bridge' && kind !== 'switch') || next === undefined) return;
      const ports = out.get(id) ?? new Map<string, number>();
      ports.set(next, (ports.get(next) ?? 0) + 1);
      out.set(id, ports);
    });
  }
  for (const [id, ports] of out) {
    const sorted = [...ports].sort((a, b) => portNumber(all.get(a[0])) - portNumber(all.get(b[0])));
    out.set(id, new Map(sorted));
  }
  return out;
}

/** Why no order works: a port whose used downstream ports lead to different numbers of members. */
function unevenPort(used: Map<string, Map<string, number>>): string | null {
  for (const [id, ports] of used) {
    const counts = [...ports.values()];
    if (counts.some((n) => n !== counts[0])) {
      const each = [...ports].map(([p, n]) => `${p} ${n}`).join(', ');
      return `${id} interleaves across ${[...ports.keys()].join(', ')}, which lead to different numbers of members (${each}); each needs the same`;
    }
  }
  return null;
}

/**
 * The member's position the way `cxl_calc_interleave_pos` computes it, walking from the device up:
 * at each host bridge or switch, pos = pos × (its used downstream ports) + the index of the one on
 * the path (port-number order); at the window, pos × window ways + the host bridge's target index.
 */
function positionOf(m: Placed, used: Map<string, Map<string, number>>, windowWays: number): number {
  let pos = 0;
  for (let k = m.path.length - 2; k >= 0; k--) {
    const ports = used.get(m.path[k] ?? '');
    if (ports === undefined) continue; // a root port or downstream port: no decoder of its own
    pos = pos * ports.size + [...ports.keys()].indexOf(m.path[k + 1] ?? '');
  }
  return pos * windowWays + m.root;
}

/** Places every member below a window target; the first one that is not is the reason. */
function place(spec: Parts, windowId: string, members: readonly string[]): Placed[] | string {
  const window = spec.windows.find((w) => w.id === windowId);
  if (window === undefined) return `no window ${windowId}`;
  const placed: Placed[] = [];
  for (const id of members) {
    const path = memberPath(spec, id);
    const root = window.targets.indexOf(path[0] ?? '');
    if (root < 0 || path.length < 2) {
      return `${id} is not below a host bridge that ${window.id} targets (${window.targets.join(', ')})`;
    }
    placed.push({ id, path, root });
  }
  const perRoot = window.targets.map((hb) => placed.filter((m) => m.path[0] === hb).length);
  if (perRoot.some((n) => n !== perRoot[0])) {
    const each = window.targets.map((hb, i) => `${hb} ${perRoot[i]}`).join(', ');
    return `${window.id} interleaves ${window.ways} ways across ${window.targets.join(', ')}: each needs the same number of members (${each})`;
  }
  return placed;
}

/**
 * `members` in a position order Linux accepts for window `windowId`, or why there is none (a member
 * outside the window, or members spread unevenly across a window's or a port's targets).
 */
export function orderForWindow(spec: Parts, windowId: string, members: readonly string[]): OrderResult {
  const placed = place(spec, windowId, members);
  if (typeof placed === 'string') return { ok: false, reason: placed };
  const all = byId(spec);
  const used = usedPorts(all, placed);
  const uneven = unevenPort(used);
  if (uneven !== null) return { ok: false, reason: uneven };
  const ways = spec.windows.find((w) => w.id === windowId)?.ways ?? 1;
  const positions = placed.map((m) => ({ id: m.id, pos: positionOf(m, used, ways) }));
  positions.sort((a, b) => a.pos - b.pos);
  return { ok: true, order: positions.map((p) => p.id) };
}
