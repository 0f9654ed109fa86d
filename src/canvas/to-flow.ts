/**
 * Turns the worker's view of the lab into React Flow nodes and edges. Pure: no React, no DOM, so it
 * is unit-tested in Node.
 *
 * - One node per component (and per unconnected draft), plus the CXL root, whose fixed memory
 *   windows are drawn as bars with their regions' colours.
 * - Positions: the component's saved `position` (the user dragged it) or the tree layout
 *   (`layout.ts`): root on top, devices at the bottom, children in port-number order.
 * - Colours (`paint.ts`): nodes and links on a committed region's paths carry its colour; a
 *   component whose decoder failed to commit is marked with the reason.
 * - Linux names (`mem0`, `port1`, `decoder1.0`) come with the view from the core.
 *
 * Node `data` is plain, serializable data (no callbacks): components are memoized on it.
 */
import type { Edge, Node } from '@xyflow/react';
import type { ComponentKind, ComponentSpec, TopologySpec, WindowSpec } from '../cxl/topology/model.ts';
import { formatBytes, formatHex } from '../lib/format';
import { ROOT_NODE_ID } from '../lib/ids';
import { summarizeWindow, type WindowSummary } from '../lib/window-summary';
import type { CxlError, DecoderState, LabView, RegionView } from '../worker/protocol.ts';
import type { DecoderLight, DecoderLightState } from './decoder-light.ts';
import type { FabricEdge, FabricPartNode } from './fabric/fabric-types.ts';
import { type Layout, layoutTopology } from './layout.ts';
import { componentName, linkName, rootName } from './node-names.ts';
import { edgeKey, paintCanvas, type RegionLegendEntry, windowEdgeKey } from './paint.ts';
import { windowHandleId } from './window-handles.ts';

export { ROOT_NODE_ID };

/** Node sizes and gaps in canvas pixels; node sizes reach the DOM as React Flow's width/height. */
export const LAYOUT = {
  rootWidth: 500,
  rootHeaderHeight: 40,
  windowRowHeight: 34,
  rootPadding: 10,
  bridgeMinWidth: 196,
  portSlot: 36,
  bridgeHeight: 74,
  portWidth: 112,
  portHeight: 40,
  deviceWidth: 188,
  deviceHeight: 96,
  gapX: 16,
  gapY: 56,
} as const;

/** A region's share of a window bar, in percent of the window. */
export interface WindowSegment {
  region: string;
  color: string;
  left: number;
  width: number;
  committed: boolean;
}

export interface WindowBar extends WindowSummary {
  /** Linux root decoder: `decoder0.k`. */
  rootDecoder: string;
  arithmetic: string;
  handleId: string;
  segments: WindowSegment[];
  /** Region colours using this window (for its handle). */
  colors: string[];
}

export type { DecoderLight, DecoderLightState };

export interface PortSlot {
  port: number;
  child: string;
  handleId: string;
  colors: string[];
}

interface NodeCommon {
  componentId: string;
  kind: ComponentKind;
  /** Region colours of the regions whose paths include this component. */
  colors: string[];
  regions: string[];
  /** Why a decoder failed to commit; null when none did. */
  error: string | null;
  /** Not connected to the topology yet. */
  draft: boolean;
  /** The card's test id when not `node-<componentId>` (a host's card in a multi-host lab). */
  testId?: string;
}

export interface RootNodeData extends Record<string, unknown> {
  windows: WindowBar[];
  colors: string[];
  /** The card's test id when not `node-cxl-root` (a host's root in a multi-host lab). */
  testId?: string;
}

export interface BridgeNodeData extends NodeCommon, Record<string, unknown> {
  kind: 'host-bridge' | 'switch';
  /** `port1` (Linux), or null when Linux would not enumerate it (no device below). */
  linuxName: string | null;
  /** Host bridge: "UID 0". */
  summary: string | null;
  ports: PortSlot[];
  decoders: DecoderLight[];
  decoderCount: number;
  /** A CXL 1.1 restricted host (RCH): one "out" handle (its downstream port RCRB) instead of ports. */
  restricted: boolean;
}

export interface PortNodeData extends NodeCommon, Record<string, unknown> {
  kind: 'root-port' | 'downstream-port';
  /** Null while a draft port waits for its number. */
  port: number | null;
  hasChild: boolean;
}

export interface DeviceNodeData extends NodeCommon, Record<string, unknown> {
  kind: 'type3';
  memdev: string | null;
  endpoint: string | null;
  volatile: number;
  persistent: number;
  decoders: DecoderLight[];
}

export type RootFlowNode = Node<RootNodeData, 'cxl-root'>;
export type BridgeFlowNode = Node<BridgeNodeData, 'bridge'>;
export type PortFlowNode = Node<PortNodeData, 'port'>;
export type DeviceFlowNode = Node<DeviceNodeData, 'device'>;
export type ComponentFlowNode = BridgeFlowNode | PortFlowNode | DeviceFlowNode;
/** A multi-host lab's host frames and fabric parts (`fabric/fabric-types.ts`). */
export type LabFlowNode = RootFlowNode | ComponentFlowNode | FabricPartNode;

export interface LinkEdgeData extends Record<string, unknown> {
  colors: string[];
  regions: string[];
  /** Every region on it has problems (Linux would not assemble it as programmed): drawn dashed. */
  problem: boolean;
  draft: boolean;
  /** For a window → host bridge link: the window. */
  window: string | null;
}
export type LinkEdge = Edge<LinkEdgeData, 'link'>;
/** Every edge the canvas draws: links, and a multi-host lab's fabric links and bindings. */
export type LabEdge = LinkEdge | FabricEdge;

export interface LabFlow {
  nodes: LabFlowNode[];
  edges: LabEdge[];
  legend: RegionLegendEntry[];
}

/** A single-host lab's flow: links only. */
export interface SingleHostFlow extends LabFlow {
  edges: LinkEdge[];
}

/** The parts of the worker's view the canvas draws. */
export type FlowView = Pick<LabView, 'spec' | 'decoders' | 'regions' | 'findings'> &
  Partial<Pick<LabView, 'drafts' | 'linux'>>;

const EMPTY_VIEW: Required<Pick<FlowView, 'drafts' | 'linux'>> = {
  drafts: [],
  linux: { ports: {}, memdevs: {} },
};

function isPort(c: ComponentSpec): c is Extract<ComponentSpec, { kind: 'root-port' | 'downstream-port' }> {
  return c.kind === 'root-port' || c.kind === 'downstream-port';
}

export function rootHeight(windows: number): number {
  return LAYOUT.rootHeaderHeight + Math.max(1, windows) * LAYOUT.windowRowHeight + LAYOUT.rootPadding;
}

/** Width of a host bridge or switch card: room for one labelled handle per port, plus "+". */
export function bridgeWidth(ports: number): number {
  return Math.max(LAYOUT.bridgeMinWidth, (ports + 1) * LAYOUT.portSlot + 24);
}

export function nodeSize(c: ComponentSpec, portCount: number): { width: number; height: number } {
  switch (c.kind) {
    case 'host-bridge':
    case 'switch':
      return { width: bridgeWidth(portCount), height: LAYOUT.bridgeHeight };
    case 'root-port':
    case 'downstream-port':
      return { width: LAYOUT.portWidth, height: LAYOUT.portHeight };
    case 'type3':
      return { width: LAYOUT.deviceWidth, height: LAYOUT.deviceHeight };
  }
}

function decoderLights(
  componentId: string,
  count: number,
  states: readonly DecoderState[],
  name: (index: number) => string,
): DecoderLight[] {
  const lights: DecoderLight[] = [];
  for (let i = 0; i < count; i++) {
    const d = states.find((s) => s.index === i);
    const label = name(i);
    if (d === undefined) {
      lights.push({ index: i, name: label, state: 'off', title: `${label}: not programmed` });
      continue;
    }
    const range = d.size > 0 ? `${formatHex(d.base)} + ${formatBytes(d.size)}` : 'size 0';
    const interleave =
      d.ways !== null && d.granularity !== null
        ? `${d.ways}-way @ ${formatBytes(d.granularity)}`
        : 'reserved IW/IG';
    let state: DecoderLightState;
    let what: string;
    if (d.errorNotCommitted) {
      state = 'error';
      what = `error, not committed: ${d.errorReason ?? 'the commit was refused'}`;
    } else if (d.committed && d.locked) {
      state = 'locked';
      what = 'committed and locked';
    } else if (d.committed) {
      state = 'committed';
      what = 'committed';
    } else if (d.size > 0) {
      state = 'programmed';
      what = 'programmed, not committed';
    } else {
      state = 'off';
      what = 'not programmed';
    }
    lights.push({
      index: i,
      name: label,
      state,
      title: state === 'off' ? `${label}: ${what}` : `${label}: ${what}\n${range}, ${interleave}`,
    });
  }
  void componentId;
  return lights;
}

function windowBars(
  windows: readonly WindowSpec[],
  regions: readonly RegionView[],
  colorOf: ReadonlyMap<string, string>,
): WindowBar[] {
  return windows.map((w, k) => {
    const segments: WindowSegment[] = regions
      .filter((r) => r.window === w.id && w.size > 0)
      .map((r) => ({
        region: r.name,
        color: colorOf.get(r.name) ?? '#888',
        left: ((r.base - w.base) / w.size) * 100,
        width: (r.size / w.size) * 100,
        committed: r.committed,
      }));
    return {
      ...summarizeWindow(w),
      rootDecoder: `decoder0.${k}`,
      arithmetic: w.arithmetic,
      handleId: windowHandleId(w.id),
      segments,
      colors: segments.filter((s) => s.committed).map((s) => s.color),
    };
  });
}

/** What the phases of `toFlow` share: the view, its paint, sizes, layout and names. */
interface FlowContext {
  view: Required<FlowView>;
  spec: TopologySpec;
  all: ComponentSpec[];
  draftIds: Set<string>;
  paint: ReturnType<typeof paintCanvas>;
  portsOf: Map<string, Extract<ComponentSpec, { kind: 'root-port' | 'downstream-port' }>[]>;
  childOf: Map<string, string>;
  sizeOf: (id: string) => { width: number; height: number };
  positionOf: (c: ComponentSpec) => { x: number; y: number };
  colorsOf: (regions: readonly string[] | undefined) => string[];
  isProblem: (regions: readonly string[]) => boolean;
  decoderName: (id: string) => (index: number) => string;
}

/** Ports of each host bridge / switch (in port-number order), and the one child of every other parent. */
function portsAndChildren(all: readonly ComponentSpec[]) {
  const portsOf = new Map<string, Extract<ComponentSpec, { kind: 'root-port' | 'downstream-port' }>[]>();
  const childOf = new Map<string, string>();
  for (const c of all) {
    if (c.kind === 'host-bridge' || c.parent === '') continue;
    if (isPort(c)) {
      const list = portsOf.get(c.parent);
      if (list === undefined) portsOf.set(c.parent, [c]);
      else list.push(c);
    } else childOf.set(c.parent, c.id);
  }
  for (const list of portsOf.values()) list.sort((a, b) => a.port - b.port);
  return { portsOf, childOf };
}

/**
 * Where each component goes. A component without a saved position sits where the tree layout puts
 * it, moved along with its nearest ancestor that the user placed: subtrees follow the parent they
 * hang from.
 */
function placement(all: readonly ComponentSpec[], layout: Layout) {
  const byId = new Map(all.map((c) => [c.id, c]));
  const anchored = new Map<string, { x: number; y: number }>();
  return (c: ComponentSpec): { x: number; y: number } => {
    if (c.position !== undefined) return c.position;
    const known = anchored.get(c.id);
    if (known !== undefined) return known;
    const own = layout.get(c.id) ?? { x: 0, y: 0 };
    let shift = { x: 0, y: 0 };
    const seen = new Set<string>([c.id]);
    for (let up = byId.get(c.kind === 'host-bridge' ? '' : c.parent); up !== undefined; ) {
      if (seen.has(up.id)) break;
      seen.add(up.id);
      if (up.position !== undefined) {
        const base = layout.get(up.id) ?? up.position;
        shift = { x: up.position.x - base.x, y: up.position.y - base.y };
        break;
      }
      up = byId.get(up.kind === 'host-bridge' ? '' : up.parent);
    }
    const at = { x: own.x + shift.x, y: own.y + shift.y };
    anchored.set(c.id, at);
    return at;
  };
}

function flowContext(input: FlowView): { ctx: FlowContext; layout: Layout } {
  const view = { ...EMPTY_VIEW, ...input };
  const spec: TopologySpec = view.spec;
  const all = [...spec.components, ...view.drafts];
  const paint = paintCanvas(spec, view.regions, view.decoders, view.findings as CxlError[]);
  const { portsOf, childOf } = portsAndChildren(all);
  const sizes = new Map<string, { width: number; height: number }>();
  sizes.set(ROOT_NODE_ID, { width: LAYOUT.rootWidth, height: rootHeight(spec.windows.length) });
  for (const c of all) sizes.set(c.id, nodeSize(c, portsOf.get(c.id)?.length ?? 0));
  const sizeOf = (id: string) => sizes.get(id) ?? { width: 100, height: 40 };
  const layout: Layout = layoutTopology(
    ROOT_NODE_ID,
    all.map((c) => ({
      id: c.id,
      kind: c.kind,
      ...(c.kind === 'host-bridge' ? {} : { parent: c.parent }),
      order: c.kind === 'host-bridge' ? c.uid : isPort(c) ? c.port : 0,
    })),
    sizeOf,
    { gapX: LAYOUT.gapX, gapY: LAYOUT.gapY },
  );
  const linux = view.linux;
  const ctx: FlowContext = {
    view,
    spec,
    all,
    draftIds: new Set(view.drafts.map((c) => c.id)),
    paint,
    portsOf,
    childOf,
    sizeOf,
    positionOf: placement(all, layout),
    colorsOf: (regions) => (regions ?? []).map((r) => paint.colors.get(r) ?? '#888'),
    isProblem: (regions) => regions.length > 0 && regions.every((r) => paint.problems.has(r)),
    decoderName: (id) => (index) => {
      const port = linux.ports[id];
      return port === undefined ? `${id} decoder ${index}` : `decoder${port.id}.${index}`;
    },
  };
  return { ctx, layout };
}

/** The root node; it follows its host bridges when they were moved: centred above them. */
function rootNode(ctx: FlowContext, layout: Layout): LabFlowNode {
  const { spec, sizeOf, positionOf } = ctx;
  const hostBridges = spec.components.filter((c) => c.kind === 'host-bridge');
  let rootPosition = layout.get(ROOT_NODE_ID) ?? { x: 0, y: 0 };
  if (hostBridges.some((c) => c.position !== undefined)) {
    const lefts = hostBridges.map((c) => positionOf(c).x);
    const rights = hostBridges.map((c) => positionOf(c).x + sizeOf(c.id).width);
    const top = Math.min(...hostBridges.map((c) => positionOf(c).y));
    rootPosition = {
      x: (Math.min(...lefts) + Math.max(...rights)) / 2 - LAYOUT.rootWidth / 2,
      y: top - LAYOUT.gapY - rootHeight(spec.windows.length),
    };
  }
  return {
    id: ROOT_NODE_ID,
    type: 'cxl-root',
    position: rootPosition,
    ariaLabel: rootName(spec.windows),
    data: {
      windows: windowBars(spec.windows, ctx.view.regions, ctx.paint.colors),
      colors: ctx.colorsOf(ctx.paint.nodeRegions.get(ROOT_NODE_ID)),
    },
    ...sizeOf(ROOT_NODE_ID),
    draggable: false,
    deletable: false,
  };
}

/** A component's node: bridge (host bridge, switch), port, or device. */
function componentNode(ctx: FlowContext, c: ComponentSpec): LabFlowNode {
  const { paint, colorsOf, view } = ctx;
  const linux = view.linux;
  const regions = paint.nodeRegions.get(c.id) ?? [];
  const common = {
    componentId: c.id,
    colors: colorsOf(regions),
    regions,
    error: paint.errors.get(c.id) ?? null,
    draft: ctx.draftIds.has(c.id),
  };
  const base = {
    id: c.id,
    position: ctx.positionOf(c),
    ariaLabel: componentName(c, ctx.spec.windows),
    ...ctx.sizeOf(c.id),
  };
  if (c.kind === 'host-bridge' || c.kind === 'switch') {
    const ports: PortSlot[] = (ctx.portsOf.get(c.id) ?? []).map((p) => ({
      port: p.port,
      child: p.id,
      handleId: `port:${p.port}`,
      colors: colorsOf(paint.edgeRegions.get(edgeKey(c.id, p.id))),
    }));
    return {
      ...base,
      type: 'bridge',
      data: {
        ...common,
        kind: c.kind,
        linuxName: linux.ports[c.id]?.name ?? null,
        summary: c.kind === 'host-bridge' ? `UID ${c.uid}` : null,
        ports,
        decoders: decoderLights(c.id, c.decoderCount, view.decoders[c.id] ?? [], ctx.decoderName(c.id)),
        decoderCount: c.decoderCount,
        restricted: c.kind === 'host-bridge' && c.restricted === true,
      },
    };
  }
  if (isPort(c)) {
    return {
      ...base,
      type: 'port',
      data: { ...common, kind: c.kind, port: c.port < 0 ? null : c.port, hasChild: ctx.childOf.has(c.id) },
    };
  }
  return {
    ...base,
    type: 'device',
    data: {
      ...common,
      kind: 'type3',
      memdev: linux.memdevs[c.id] ?? null,
      endpoint: linux.ports[c.id]?.name ?? null,
      volatile: c.volatile,
      persistent: c.persistent,
      decoders: decoderLights(
        c.id,
        // An RCD has no HDM decoders: its lights are the decoders Linux emulates from the DVSEC.
        c.dvsec === undefined ? c.decoderCount : (view.decoders[c.id] ?? []).length,
        view.decoders[c.id] ?? [],
        ctx.decoderName(c.id),
      ),
    },
  };
}

/** The link above a component (none for a host bridge or an unconnected draft). */
function linkAbove(ctx: FlowContext, c: ComponentSpec): LinkEdge | null {
  if (c.kind === 'host-bridge') return null;
  if (c.parent === '') return null;
  const regionsHere = ctx.paint.edgeRegions.get(edgeKey(c.parent, c.id)) ?? [];
  return {
    id: edgeKey(c.parent, c.id),
    type: 'link',
    ariaLabel: linkName(c.parent, c.id, null),
    source: c.parent,
    target: c.id,
    sourceHandle: isPort(c) ? `port:${c.port}` : 'out',
    targetHandle: 'in',
    data: {
      colors: ctx.colorsOf(regionsHere),
      regions: regionsHere,
      problem: ctx.isProblem(regionsHere),
      draft: ctx.draftIds.has(c.id),
      window: null,
    },
  };
}

/**
 * Window → host bridge links (one per window target), and a grey link from the root's bus handle
 * for each host bridge no window targets.
 */
function rootLinks(ctx: FlowContext): LinkEdge[] {
  const { spec, paint } = ctx;
  const edges: LinkEdge[] = [];
  const present = new Set(spec.components.map((c) => c.id));
  for (const w of spec.windows) {
    for (const hb of w.targets) {
      if (!present.has(hb)) continue;
      const regionsHere = paint.edgeRegions.get(windowEdgeKey(w.id, hb)) ?? [];
      edges.push({
        id: windowEdgeKey(w.id, hb),
        type: 'link',
        ariaLabel: linkName(ROOT_NODE_ID, hb, w.id),
        source: ROOT_NODE_ID,
        target: hb,
        sourceHandle: windowHandleId(w.id),
        targetHandle: 'in',
        data: {
          colors: ctx.colorsOf(regionsHere),
          regions: regionsHere,
          problem: ctx.isProblem(regionsHere),
          draft: false,
          window: w.id,
        },
      });
    }
  }
  const targeted = new Set(spec.windows.flatMap((w) => w.targets));
  for (const hb of spec.components) {
    if (hb.kind !== 'host-bridge' || targeted.has(hb.id)) continue;
    edges.push({
      id: edgeKey(ROOT_NODE_ID, hb.id),
      type: 'link',
      ariaLabel: linkName('the CXL root', hb.id, null),
      source: ROOT_NODE_ID,
      target: hb.id,
      sourceHandle: 'bus',
      targetHandle: 'in',
      deletable: false,
      data: { colors: [], regions: [], problem: false, draft: false, window: null },
    });
  }
  return edges;
}

/** React Flow nodes and edges for the lab (see the file comment), in phases over one context. */
export function toFlow(input: FlowView): SingleHostFlow {
  const { ctx, layout } = flowContext(input);
  const nodes: LabFlowNode[] = [rootNode(ctx, layout)];
  const edges: LinkEdge[] = [];
  for (const c of ctx.all) {
    nodes.push(componentNode(ctx, c));
    const link = linkAbove(ctx, c);
    if (link !== null) edges.push(link);
  }
  edges.push(...rootLinks(ctx));
  return { nodes, edges, legend: ctx.paint.legend };
}

/** The component id of a node or the root (for selection and the Inspector). */
export function isComponentNode(node: LabFlowNode): node is ComponentFlowNode {
  return node.type === 'bridge' || node.type === 'port' || node.type === 'device';
}

/**
 * The handles a node draws, in order (ids only: their positions follow from the count). React Flow
 * measures handle positions when a node's size changes; a node whose handles changed at the same
 * size must be re-measured explicitly, and this is what tells the canvas so.
 */
export function handleSignature(node: LabFlowNode): string {
  switch (node.type) {
    case 'cxl-root':
      return node.data.windows.map((w) => w.handleId).join(' ');
    case 'bridge':
      return node.data.restricted ? 'out' : node.data.ports.map((p) => p.handleId).join(' ');
    default:
      return '';
  }
}
