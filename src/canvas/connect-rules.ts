/**
 * Which connections the canvas accepts, and why it refuses the others. Pure: the canvas asks while
 * a connection is dragged (to mark handles valid or invalid) and again when it is dropped (to say
 * why it was refused).
 *
 * A connection runs from a parent's source handle (bottom) to a child's target handle (top). The
 * structure rules are the core's (`validateTopology`, as QEMU and Linux build CXL hierarchies):
 * root port below a host bridge; switch and Type 3 device below a root port or downstream port;
 * downstream port below a switch; one child per port; port numbers unique under one parent; no
 * loops. Host bridges always hang off the CXL root: dragging from a window's handle on the root to a
 * host bridge adds the host bridge to that window's targets.
 *
 * The refusal texts match the core's validation messages where they overlap, so the canvas and the
 * Inspector say the same thing.
 */

import { VALID_WAYS } from '../cxl/spec/interleave.ts';
import { childKinds, KIND_PHRASE, PARENT_KINDS, parentPhrase } from '../cxl/topology/kinds.ts';
import type { ComponentKind } from '../cxl/topology/model.ts';
import { type ConnectAction, type EditDoc, parentOf, UNASSIGNED_PORT } from '../lib/topology-edits';
import { rchVerdict } from './rch-connect';

/** The part of a component the rules look at (spec components and unattached drafts alike). */
export interface GraphComponent {
  id: string;
  kind: ComponentKind;
  /** Parent id; null for host bridges and for unattached drafts. */
  parent: string | null;
  /** Root / downstream ports: their port number, or null while unassigned (a fresh draft). */
  port?: number | null;
  /** Host bridges: a CXL 1.1 restricted host (RCH), which takes one Type 3 device directly below it. */
  restricted?: boolean;
}

export interface GraphWindow {
  id: string;
  targets: readonly string[];
}

export interface ConnectGraph {
  /** Node id of the CXL root (host). */
  rootId: string;
  components: readonly GraphComponent[];
  windows: readonly GraphWindow[];
}

/** An accepted connection (what `connect` in topology-edits applies) or why it is refused. */
export type ConnectVerdict = ({ ok: true } & ConnectAction) | { ok: false; reason: string };

/** Components as the rules see them: the topology's and the drafts together. */
export function graphComponents(doc: EditDoc): GraphComponent[] {
  return [...doc.spec.components, ...doc.drafts].map((c) => ({
    id: c.id,
    kind: c.kind,
    parent: parentOf(c),
    ...(c.kind === 'root-port' || c.kind === 'downstream-port'
      ? { port: c.port === UNASSIGNED_PORT ? null : c.port }
      : {}),
    ...(c.kind === 'host-bridge' && c.restricted === true ? { restricted: true } : {}),
  }));
}

/** The rules' view of a document. */
export function connectGraph(rootId: string, doc: EditDoc): ConnectGraph {
  return { rootId, components: graphComponents(doc), windows: doc.spec.windows };
}

const MAX_PORT = 255;

/** "a Type 3 device must sit below a root port or downstream port" (the core's wording). */
export function placementRule(kind: ComponentKind): string {
  return `${KIND_PHRASE[kind]} ${parentPhrase(kind, 'sits at the top, below the CXL root')}`;
}

export { childKinds };

function isPort(kind: ComponentKind): boolean {
  return kind === 'root-port' || kind === 'downstream-port';
}

import { windowOfHandle } from './window-handles';

export { windowHandleId, windowOfHandle } from './window-handles';

/** The lowest port number not used by `parent`'s children (ignoring `except`), or null if all 256 are. */
export function freePort(graph: ConnectGraph, parent: string, except?: string): number | null {
  const used = new Set<number>();
  for (const c of graph.components) {
    if (c.parent === parent && c.id !== except && typeof c.port === 'number') used.add(c.port);
  }
  for (let p = 0; p <= MAX_PORT; p++) if (!used.has(p)) return p;
  return null;
}

/**
 * Decides a connection from `source` (the parent side, with the handle it was dragged from) to
 * `target` (the child side).
 */
export function checkConnection(
  graph: ConnectGraph,
  source: { node: string; handle?: string | null },
  target: { node: string },
): ConnectVerdict {
  const byId = new Map(graph.components.map((c) => [c.id, c]));
  const refuse = (reason: string): ConnectVerdict => ({ ok: false, reason });
  if (source.node === target.node) return refuse('a component cannot connect to itself');
  const child = byId.get(target.node);

  // From the CXL root: a window gains a host-bridge target.
  if (source.node === graph.rootId) {
    if (child === undefined) return refuse('the CXL root cannot connect to itself');
    if (child.kind !== 'host-bridge') {
      return refuse(`${placementRule(child.kind)}, not directly below the CXL root`);
    }
    const windowId = windowOfHandle(source.handle) ?? graph.windows[0]?.id;
    const window = graph.windows.find((w) => w.id === windowId);
    if (window === undefined) {
      return refuse(
        'the CXL root has no fixed memory window yet: add one first (Add window, in the next step above or the Inspector)',
      );
    }
    if (window.targets.includes(child.id)) return refuse(`${child.id} is already a target of ${window.id}`);
    const ways = window.targets.length + 1;
    if (!VALID_WAYS.includes(ways)) {
      return refuse(
        `${window.id} would interleave ${ways} ways; a window interleaves 1, 2, 3, 4, 6, 8, 12 or 16 ways`,
      );
    }
    return { ok: true, action: 'window-target', window: window.id, hostBridge: child.id };
  }

  const parent = byId.get(source.node);
  if (parent === undefined || child === undefined)
    return refuse('one end of the connection no longer exists');
  if (target.node === graph.rootId) return refuse('the CXL root sits at the top: connect from it, not to it');
  if (parent.kind === 'type3') return refuse(`${parent.id} is a Type 3 device: nothing can sit below it`);
  if (child.kind === 'host-bridge') {
    return refuse(`${placementRule('host-bridge')}: connect it from a window on the CXL root`);
  }
  const rch = rchVerdict(graph.components, parent, child);
  if (rch !== null) return rch;
  if (!PARENT_KINDS[child.kind].includes(parent.kind)) {
    return refuse(`${placementRule(child.kind)}, not below ${KIND_PHRASE[parent.kind]}`);
  }
  if (child.parent === parent.id) return refuse(`${parent.id} and ${child.id} are already connected`);
  if (child.parent !== null && byId.has(child.parent)) {
    return refuse(
      `${child.id} is already below ${child.parent}: delete that link first (select it, press Delete)`,
    );
  }
  if (isPort(parent.kind)) {
    const occupant = graph.components.find((c) => c.parent === parent.id);
    if (occupant !== undefined) {
      return refuse(`${parent.id} already has a child (${occupant.id}): one device or switch per port`);
    }
  }
  // No loops: the child must not be the parent or one of the parent's ancestors.
  const seen = new Set<string>();
  for (let at: GraphComponent | undefined = parent; at !== undefined; at = byId.get(at.parent ?? '')) {
    if (seen.has(at.id)) break;
    seen.add(at.id);
    if (at.id === child.id)
      return refuse(`${child.id} is above ${parent.id}: connecting them would make a loop`);
  }
  if (isPort(child.kind)) {
    const own = child.port ?? null;
    if (own !== null) {
      const clash = graph.components.find((c) => c.parent === parent.id && c.port === own);
      if (clash !== undefined) {
        return refuse(
          `port numbers must be unique under ${parent.id}: port ${own} is ${clash.id}'s (change ${child.id}'s port number first)`,
        );
      }
      return { ok: true, action: 'attach', parent: parent.id, child: child.id, port: own };
    }
    const port = freePort(graph, parent.id, child.id);
    if (port === null) return refuse(`${parent.id} has no free port number (0 … ${MAX_PORT} are all used)`);
    return { ok: true, action: 'attach', parent: parent.id, child: child.id, port };
  }
  return { ok: true, action: 'attach', parent: parent.id, child: child.id };
}
