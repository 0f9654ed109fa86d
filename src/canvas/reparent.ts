/**
 * Moving a component below another parent (drag onto a node, keyboard connect, the context menu):
 * the same rules as drawing a link (`connect-rules.ts`), applied as if the component were loose.
 */
import { PARENT_KINDS } from '../cxl/topology/kinds.ts';
import type { ComponentKind } from '../cxl/topology/model.ts';
import {
  connect,
  disconnect,
  type EditDoc,
  type EditResult,
  parentOf,
  UNASSIGNED_PORT,
} from '../lib/topology-edits';
import { type ConnectGraph, type ConnectVerdict, checkConnection, connectGraph } from './connect-rules';
import { windowHandleId } from './window-handles';

/** A parent the component could move below: a component, or one window of the CXL root. */
export interface ParentChoice {
  node: string;
  /** The parent's handle (a window's handle on the root), or null. */
  handle: string | null;
  label: string;
}

/** The graph with `child` loose: no parent, and a port without its number (it gets a free one). */
function looseGraph(graph: ConnectGraph, child: string): ConnectGraph {
  return {
    ...graph,
    components: graph.components.map((c) =>
      c.id !== child ? c : { ...c, parent: null, ...(c.port === undefined ? {} : { port: null }) },
    ),
    // A host bridge keeps its window targets: another window may still take it.
  };
}

/** Whether `child` may move below `parent` (through `handle`), and how. */
export function checkReparent(
  graph: ConnectGraph,
  parent: string,
  handle: string | null,
  child: string,
): ConnectVerdict {
  const current = graph.components.find((c) => c.id === child);
  if (current !== undefined && current.parent === parent) {
    return { ok: false, reason: `${child} is already below ${parent}` };
  }
  return checkConnection(looseGraph(graph, child), { node: parent, handle }, { node: child });
}

/**
 * Moves `child` below `parent`: unhooks it from where it is, then connects it with the rules'
 * verdict. It loses its own position, so the tree layout puts it under its new parent.
 */
export function reparent(
  doc: EditDoc,
  rootId: string,
  parent: string,
  handle: string | null,
  child: string,
): EditResult {
  const verdict = checkReparent(connectGraph(rootId, doc), parent, handle, child);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  let next = doc;
  const component = [...doc.spec.components, ...doc.drafts].find((c) => c.id === child);
  if (component !== undefined && verdict.action === 'attach' && parentOf(component) !== null) {
    const loose = disconnect(doc, child);
    if (!loose.ok) return loose;
    next = loose.doc;
  }
  const connected = connect(next, verdict);
  if (!connected.ok) return connected;
  for (const c of [...connected.doc.spec.components, ...connected.doc.drafts]) {
    if (c.id !== child) continue;
    delete c.position;
    if ((c.kind === 'root-port' || c.kind === 'downstream-port') && verdict.action === 'attach')
      c.port = verdict.port ?? UNASSIGNED_PORT;
  }
  return connected;
}

const KIND_NAME: Record<ComponentKind, string> = {
  'host-bridge': 'host bridge',
  'root-port': 'root port',
  switch: 'switch',
  'downstream-port': 'downstream port',
  type3: 'Type 3 device',
};

/**
 * Every parent `child` could move below, in the canvas's order, with why the others are refused
 * (for a list with no choice in it: the first refusal by a parent of a fitting kind, e.g. "rp0
 * already has a child", else the first refusal).
 */
export function parentChoices(
  graph: ConnectGraph,
  child: string,
): { choices: ParentChoice[]; refusal: string | null } {
  const choices: ParentChoice[] = [];
  let refusal: string | null = null;
  let fittingRefusal: string | null = null;
  const me = graph.components.find((c) => c.id === child);
  const fits = new Set<string>(me === undefined ? [] : PARENT_KINDS[me.kind]);
  const consider = (node: string, handle: string | null, label: string, kind?: ComponentKind) => {
    const verdict = checkReparent(graph, node, handle, child);
    if (verdict.ok) choices.push({ node, handle, label });
    else if (kind !== undefined && fits.has(kind)) fittingRefusal ??= verdict.reason;
    else refusal ??= verdict.reason;
  };
  if (me?.kind === 'host-bridge') {
    for (const w of graph.windows)
      consider(graph.rootId, windowHandleId(w.id), `window ${w.id} on the CXL root`);
    if (graph.windows.length === 0) refusal = 'the CXL root has no window yet: add one first';
  } else {
    for (const c of graph.components) {
      if (c.id === child) continue;
      const where = c.parent === null ? '' : ` (below ${c.parent})`;
      consider(c.id, null, `${c.id}: ${KIND_NAME[c.kind]}${where}`, c.kind);
    }
  }
  return { choices, refusal: fittingRefusal ?? refusal };
}
