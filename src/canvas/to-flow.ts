/**
 * Turns the core's validated topology (from the worker's view) into React Flow nodes and edges, laid out as a top-down tree: the CXL root (with
 * its fixed memory windows) on top, host bridges below it, then ports, switches and devices, each parent
 * centred over its children. Pure: no React, no DOM, so it is unit-tested in Node.
 */
import type { Edge, Node } from '@xyflow/react';
import type { ComponentSpec, TopologySpec, WindowSpec } from '../cxl/topology/model.ts';
import { type ComponentKind, KIND_INFO } from '../lib/component-kinds';
import { formatBytes, formatHex } from '../lib/format';
import { ROOT_NODE_ID } from '../lib/ids';
import type { DecoderState } from '../worker/protocol.ts';

export { ROOT_NODE_ID };

export type WindowSummary = {
  id: string;
  base: string;
  size: string;
  interleave: string;
  targets: string;
};

export type RootNodeData = { windows: WindowSummary[] };

export type ComponentNodeData = {
  componentId: string;
  kind: ComponentKind;
  /** Shown after the id, e.g. "UID 0" makes `hb0 · UID 0`; null when the id says it all. */
  summary: string | null;
  /** Second line, e.g. "Host bridge · 1 decoder". */
  detail: string;
};

export type RootFlowNode = Node<RootNodeData, 'cxl-root'>;
export type ComponentFlowNode = Node<ComponentNodeData, 'component'>;
export type LabFlowNode = RootFlowNode | ComponentFlowNode;
export type LabFlow = { nodes: LabFlowNode[]; edges: Edge[] };

/** Layout metrics in canvas pixels. Node sizes reach the DOM as React Flow's node width/height. */
export const LAYOUT = {
  nodeWidth: 196,
  rootWidth: 420,
  gapX: 20,
  rowGap: 64,
  nodeHeight: 52,
  /** Root card: title bar plus one line per window. */
  rootBaseHeight: 40,
  rootWindowHeight: 26,
} as const;

export function componentSummary(c: ComponentSpec): string | null {
  switch (c.kind) {
    case 'host-bridge':
      return `UID ${c.uid}`;
    case 'root-port':
    case 'downstream-port':
      return `port ${c.port}`;
    case 'switch':
      return null;
    case 'type3': {
      const parts: string[] = [];
      if (c.volatile > 0) parts.push(`${formatBytes(c.volatile)} ram`);
      if (c.persistent > 0) parts.push(`${formatBytes(c.persistent)} pmem`);
      return parts.length > 0 ? parts.join(' + ') : 'no capacity';
    }
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

/** "Type 3 · 1 decoder": the kind and how many HDM decoders are committed right now. */
function componentDetail(c: ComponentSpec, live: readonly DecoderState[]): string {
  const n = live.filter((d) => d.committed).length;
  const decoders = n === 0 ? '' : ` · ${n} decoder${n === 1 ? '' : 's'}`;
  return `${KIND_INFO[c.kind].shortLabel}${decoders}`;
}

export function summarizeWindow(w: WindowSpec): WindowSummary {
  return {
    id: w.id,
    base: formatHex(w.base),
    size: formatBytes(w.size),
    interleave: `${w.ways}-way @ ${formatBytes(w.granularity)}`,
    targets: w.targets.join(', '),
  };
}

type TreeNode = { id: string; width: number; height: number; children: TreeNode[]; span: number };

function parentOf(c: ComponentSpec): string | undefined {
  return c.kind === 'host-bridge' ? undefined : c.parent;
}

export function toFlow(
  lab: TopologySpec,
  decoders: Readonly<Record<string, readonly DecoderState[]>> = {},
): LabFlow {
  const childrenOf = new Map<string | undefined, ComponentSpec[]>();
  for (const c of lab.components) {
    const key = parentOf(c);
    const siblings = childrenOf.get(key);
    if (siblings) siblings.push(c);
    else childrenOf.set(key, [c]);
  }

  // Build the tree from the root down. `seen` keeps a malformed file (a parent cycle) from recursing
  // forever; the core's validation already rejects cycles, so this is only a guard.
  const seen = new Set<string>();
  const build = (c: ComponentSpec): TreeNode => {
    seen.add(c.id);
    const children = (childrenOf.get(c.id) ?? []).filter((k) => !seen.has(k.id)).map(build);
    return withSpan({ id: c.id, width: LAYOUT.nodeWidth, height: LAYOUT.nodeHeight, children, span: 0 });
  };
  const rootHeight = LAYOUT.rootBaseHeight + Math.max(1, lab.windows.length) * LAYOUT.rootWindowHeight;
  const root = withSpan({
    id: ROOT_NODE_ID,
    width: LAYOUT.rootWidth,
    height: rootHeight,
    children: (childrenOf.get(undefined) ?? []).map(build),
    span: 0,
  });

  const positions = new Map<string, { x: number; y: number }>();
  const place = (t: TreeNode, left: number, top: number): void => {
    positions.set(t.id, { x: left + (t.span - t.width) / 2, y: top });
    const childTop = top + t.height + LAYOUT.rowGap;
    let x = left + (t.span - childrenSpan(t.children)) / 2;
    for (const child of t.children) {
      place(child, x, childTop);
      x += child.span + LAYOUT.gapX;
    }
  };
  place(root, 0, 0);

  const nodes: LabFlowNode[] = [
    {
      id: ROOT_NODE_ID,
      type: 'cxl-root',
      position: positions.get(ROOT_NODE_ID) ?? { x: 0, y: 0 },
      data: { windows: lab.windows.map(summarizeWindow) },
      width: LAYOUT.rootWidth,
      draggable: false,
      connectable: false,
    },
  ];
  const edges: Edge[] = [];
  for (const c of lab.components) {
    const position = positions.get(c.id);
    if (!position) continue;
    nodes.push({
      id: c.id,
      type: 'component',
      position,
      data: {
        componentId: c.id,
        kind: c.kind,
        summary: componentSummary(c),
        detail: componentDetail(c, decoders[c.id] ?? []),
      },
      width: LAYOUT.nodeWidth,
      height: LAYOUT.nodeHeight,
      draggable: false,
      connectable: false,
    });
    // Host bridges hang off the CXL root; anything else without a parent is drawn there unconnected.
    const source = parentOf(c) ?? (c.kind === 'host-bridge' ? ROOT_NODE_ID : undefined);
    if (source !== undefined) {
      edges.push({ id: `${source}->${c.id}`, source, target: c.id, type: 'smoothstep', focusable: false });
    }
  }
  return { nodes, edges };
}

function childrenSpan(children: readonly TreeNode[]): number {
  if (children.length === 0) return 0;
  return children.reduce((sum, c) => sum + c.span, 0) + LAYOUT.gapX * (children.length - 1);
}

function withSpan(t: TreeNode): TreeNode {
  return { ...t, span: Math.max(t.width, childrenSpan(t.children)) };
}
