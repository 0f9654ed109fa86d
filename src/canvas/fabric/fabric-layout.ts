/**
 * A multi-host lab on the canvas (issue 18), as React Flow nodes and edges: hosts side by side, each a
 * labelled column with its own CXL root, host bridges and ports; below them the shared fabric: each
 * physical switch as one wide node (upstream ports on top, downstream ports at the bottom, one band
 * per VCS with its vPPBs), and below the switches the fabric devices with their LD slices. Pure.
 */

import { ldComponentId, vcsComponentId, vppbComponentId } from '../../cxl/fabric/ids.ts';
import type { FabricDeviceSpec, FabricSwitchSpec, VcsSpec } from '../../cxl/fabric/model.ts';
import { FM_OPCODE } from '../../cxl/spec/fm-api.ts';
import { fabricNodeId, hostNodeId } from '../../lib/fabric-node-ids';
import { hostColor, hostMark } from '../../lib/host-colors';
import { ROOT_NODE_ID } from '../../lib/ids';
import type { FabricHostView, FabricView } from '../../worker/lab-types.ts';
import { layoutTopology } from '../layout.ts';
import { type BridgeNodeData, LAYOUT, type LabFlow, type LabFlowNode, type LinkEdge } from '../to-flow.ts';
import { fabricEdges, withTransitions } from './fabric-edges.ts';
import {
  fabricComponentIds,
  hostFrameId,
  hostNodeMap,
  ldNodeId,
  vcsHost,
  vcsNodeId,
  vppbNodeId,
} from './fabric-node-map.ts';
import type {
  FabricEdge,
  FabricPartNode,
  FabricSelection,
  LdSliceNode,
  NodePick,
  PhysicalPortView,
  VcsBandNode,
  VppbNode,
} from './fabric-types.ts';
import { type HostFlow, HostFlowCache } from './host-flow-cache.ts';

/** Sizes and gaps of the multi-host drawing, in canvas pixels. */
export const FABRIC_LAYOUT = {
  hostPad: 16,
  hostHeader: 48,
  /** Between a host's rows (tighter than a single-host lab's: the fabric needs the height). */
  hostGapY: 36,
  hostMinWidth: 320,
  hostGap: 40,
  /** Between the host columns and the switches, and between the switches and the devices. */
  rowGap: 64,
  switchGap: 60,
  switchMinWidth: 420,
  portRow: 26,
  switchHeader: 46,
  switchPad: 12,
  bandLabel: 30,
  bandGap: 10,
  bandMinWidth: 300,
  vppbWidth: 104,
  vppbHeight: 34,
  vppbGap: 8,
  vppbsPerRow: 4,
  devicePad: 6,
  sliceHeight: 68,
  sliceMinWidth: 112,
  sliceGap: 4,
  /** LD slices side by side up to this many, then in further rows (a 16-LD MLD is a 4 × 4 grid). */
  slicesPerRow: 4,
  deviceFooter: 46,
  deviceGap: 28,
  deviceMinWidth: 200,
} as const;

const L = FABRIC_LAYOUT;

/** A multi-host lab's flow: nodes, edges, the focused host's regions, and selection both ways. */
export interface FabricFlow extends LabFlow {
  selection: FabricSelection;
}

/** What the phases share. */
interface Ctx {
  fabric: FabricView;
  hostIndex: Map<string, number>;
  fabricIds: Set<string>;
  nodes: LabFlowNode[];
  pick: Record<string, NodePick>;
  /** Host flows (toFlow of each host's view), for decoder lights and region colours. */
  hostFlows: Map<string, HostFlow>;
  colorOf: (host: string | null) => string | null;
  markOf: (host: string | null) => string | null;
}

/** The app's one cache of host flows (one lab is drawn at a time). */
const appHostFlows = new HostFlowCache();

/**
 * Turns a multi-host view into the canvas's nodes and edges (see the file comment). Hosts whose view
 * has not changed since the last call with the same `hostFlows` cache reuse their single-host flow.
 */
export function fabricFlow(
  fabric: FabricView,
  previous: LabFlow | null = null,
  hostFlows: HostFlowCache = appHostFlows,
): FabricFlow {
  const hostIndex = new Map(fabric.hosts.map((h, i) => [h.id, i]));
  const ctx: Ctx = {
    fabric,
    hostIndex,
    fabricIds: fabricComponentIds(fabric),
    nodes: [],
    pick: {},
    hostFlows: hostFlows.flowsOf(fabric.hosts),
    colorOf: (h) => (h === null || !hostIndex.has(h) ? null : hostColor(hostIndex.get(h) ?? 0)),
    markOf: (h) => (h === null || !hostIndex.has(h) ? null : hostMark(hostIndex.get(h) ?? 0)),
  };
  const hostEdges: LinkEdge[] = [];
  let left = 0;
  let bottom = 0;
  for (const h of fabric.hosts) {
    const col = hostColumn(ctx, h, left);
    hostEdges.push(...col.edges);
    left += col.width + L.hostGap;
    bottom = Math.max(bottom, col.height);
  }
  const hostsWidth = Math.max(0, left - L.hostGap);
  const switchTop = bottom + L.rowGap;
  const switches = switchRow(ctx, switchTop, hostsWidth);
  deviceRow(ctx, switches.bottom + L.rowGap, Math.max(hostsWidth, switches.width), hostsWidth);
  const edges = withTransitions(previous?.edges ?? null, fabricEdges(fabric, ctx.colorOf, ctx.markOf));
  const focused = ctx.hostFlows.get(fabric.focus);
  return {
    nodes: ctx.nodes,
    edges: [...hostEdges, ...edges],
    legend: focused?.legend ?? [],
    selection: { nodeOf: Object.fromEntries(hostNodeMap(fabric, fabric.focus)), pick: ctx.pick },
  };
}

/** One host's column: its frame, then its own components inside it. Returns its size and links. */
function hostColumn(ctx: Ctx, h: FabricHostView, left: number) {
  const flow = ctx.hostFlows.get(h.id) as HostFlow;
  const own = h.spec.components.filter((c) => !ctx.fabricIds.has(c.id));
  const ownIds = new Set([ROOT_NODE_ID, ...own.map((c) => c.id)]);
  const shown = flow.nodes.filter((n) => ownIds.has(n.id));
  const sizes = new Map(shown.map((n) => [n.id, { width: n.width ?? 0, height: n.height ?? 0 }]));
  const layout = layoutTopology(
    ROOT_NODE_ID,
    own.map((c) => ({
      id: c.id,
      kind: c.kind,
      ...(c.kind === 'host-bridge' ? {} : { parent: c.parent }),
      order:
        c.kind === 'host-bridge'
          ? c.uid
          : c.kind === 'root-port' || c.kind === 'downstream-port'
            ? c.port
            : 0,
    })),
    (id) => sizes.get(id) ?? { width: 100, height: 40 },
    { gapX: LAYOUT.gapX, gapY: L.hostGapY },
  );
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = 0;
  for (const n of shown) {
    const p = layout.get(n.id) ?? { x: 0, y: 0 };
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x + (n.width ?? 0));
    maxY = Math.max(maxY, p.y + (n.height ?? 0));
  }
  if (shown.length === 0) minX = maxX = 0;
  const inner = maxX - minX;
  const width = Math.max(L.hostMinWidth, inner + 2 * L.hostPad);
  const height = L.hostHeader + maxY + L.hostPad;
  const shift = (width - inner) / 2 - minX;
  const frame = hostFrameId(h.id);
  const index = ctx.hostIndex.get(h.id) ?? 0;
  ctx.nodes.push({
    id: frame,
    type: 'fabric-host',
    position: { x: left, y: 0 },
    width,
    height,
    ariaLabel: `Host ${h.name}${h.id === ctx.fabric.focus ? ' (focused)' : ''}: select to focus it`,
    data: {
      host: h.id,
      name: h.name,
      color: hostColor(index),
      mark: hostMark(index),
      focused: h.id === ctx.fabric.focus,
    },
    draggable: false,
    deletable: false,
    connectable: false,
  } satisfies FabricPartNode);
  ctx.pick[frame] = { host: h.id, id: null };
  for (const n of shown) {
    const id = hostNodeId(h.id, n.id);
    const p = layout.get(n.id) ?? { x: 0, y: 0 };
    ctx.nodes.push({
      ...n,
      id,
      parentId: frame,
      position: { x: p.x + shift, y: p.y + L.hostHeader },
      ariaLabel: `${h.name}: ${n.ariaLabel ?? n.id}`,
      data: { ...n.data, testId: `node-${h.id}-${n.id}` },
      draggable: false,
      deletable: false,
      connectable: false,
    } as LabFlowNode);
    ctx.pick[id] = { host: h.id, id: n.id };
  }
  const edges: LinkEdge[] = flow.edges
    .filter((e) => ownIds.has(e.source) && ownIds.has(e.target))
    .map((e) => ({
      ...e,
      id: hostNodeId(h.id, e.id),
      source: hostNodeId(h.id, e.source),
      target: hostNodeId(h.id, e.target),
      deletable: false,
    }));
  return { width, height, edges };
}

/** Where one VCS band goes in its switch (x from the switch's left edge). */
interface BandSlot {
  vcs: VcsSpec;
  host: string | null;
  x: number;
  /** From the top of the switch's first band row. */
  y: number;
  /** Which row of bands (0 first) and how many rows the switch has. */
  row: number;
  rows: number;
  width: number;
  height: number;
  perRow: number;
}

/**
 * The VCS bands of a switch side by side, in the order of their hosts' columns (so each sits under
 * its host and no binding crosses another host's band), each with its vPPB chips in rows. Bands that
 * would make the switch wider than `maxWidth` wrap into further rows (the scale lab's 16 VCSs per
 * switch), so the whole lab still fits the canvas at a readable zoom.
 */
function bandPlan(
  ctx: Ctx,
  sw: FabricSwitchSpec,
  maxWidth: number,
): { bands: BandSlot[]; width: number; height: number } {
  const rank = (v: VcsSpec) => {
    const host = vcsHost(ctx.fabric, sw.id, v.usp);
    return (host === null ? ctx.hostIndex.size : (ctx.hostIndex.get(host) ?? 0)) * 256 + v.vcs;
  };
  const bands: BandSlot[] = [];
  let height = 0;
  for (const vcs of [...sw.vcss].sort((a, b) => rank(a) - rank(b))) {
    const perRow = Math.max(1, Math.min(L.vppbsPerRow, vcs.vppbs.length));
    const rows = Math.max(1, Math.ceil(vcs.vppbs.length / perRow));
    const width = Math.max(L.bandMinWidth, perRow * (L.vppbWidth + L.vppbGap) + L.vppbGap);
    const h = L.bandLabel + rows * (L.vppbHeight + L.vppbGap);
    bands.push({
      vcs,
      host: vcsHost(ctx.fabric, sw.id, vcs.usp),
      x: 0,
      y: 0,
      row: 0,
      rows: 1,
      width,
      height: h,
      perRow,
    });
    height = Math.max(height, h);
  }
  // All as tall as the tallest; rows of bands as wide as `maxWidth` allows (at least one band a row).
  const rows = wrapRows(
    bands.map((b) => b.width),
    maxWidth - 2 * L.switchPad,
    L.bandGap,
  );
  const up = sw.ports.filter((p) => p.role === 'upstream').length;
  const down = sw.ports.length - up;
  const content = Math.max(0, ...rows.map((r) => r.width)) + 2 * L.switchPad;
  const width = Math.max(L.switchMinWidth, content, (Math.max(up, down) + 1) * 64);
  // Each row centred in the switch.
  rows.forEach((row, r) => {
    let x = (width - row.width) / 2;
    for (const i of row.items) {
      const b = bands[i] as BandSlot;
      b.x = x;
      b.y = r * (height + L.bandGap);
      b.row = r;
      b.rows = rows.length;
      b.height = height;
      x += b.width + L.bandGap;
    }
  });
  const bandsHeight = rows.length * (height + L.bandGap) - L.bandGap;
  return { bands, width, height: 2 * L.portRow + L.switchHeader + bandsHeight + L.switchPad };
}

/**
 * As `wrapRows`, in as few rows, but as even as they can be (16 devices in 2 rows are 8 and 8, not
 * 14 and 2): the narrowest limit that needs no more rows than `max` does.
 */
function balancedRows(widths: readonly number[], max: number, gap: number) {
  const rows = wrapRows(widths, max, gap);
  const total = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, widths.length - 1);
  for (let limit = total / rows.length; limit < max; limit += gap) {
    const even = wrapRows(widths, limit, gap);
    if (even.length <= rows.length) return even;
  }
  return rows;
}

/** Items of `widths` in order, in rows no wider than `max` (each row holds at least one item). */
export function wrapRows(
  widths: readonly number[],
  max: number,
  gap: number,
): { items: number[]; width: number }[] {
  const rows: { items: number[]; width: number }[] = [];
  let row: { items: number[]; width: number } | null = null;
  widths.forEach((w, i) => {
    if (row !== null && row.width + gap + w <= max) {
      row.items.push(i);
      row.width += gap + w;
      return;
    }
    row = { items: [i], width: w };
    rows.push(row);
  });
  return rows;
}

/** Upstream ports above their VCS bands (others spread evenly), downstream ports in port order. */
function physicalPorts(
  ctx: Ctx,
  sw: FabricSwitchSpec,
  plan: ReturnType<typeof bandPlan>,
): PhysicalPortView[] {
  const deviceAt = (port: number) =>
    ctx.fabric.spec.fabric.devices.find((d) => d.attach?.switch === sw.id && d.attach.port === port)?.id ??
    null;
  const up = sw.ports.filter((p) => p.role === 'upstream');
  const down = sw.ports.filter((p) => p.role === 'downstream').sort((a, b) => a.port - b.port);
  const out: PhysicalPortView[] = [];
  const loose = up.filter((p) => !plan.bands.some((b) => b.vcs.usp === p.port));
  for (const p of up) {
    const band = plan.bands.find((b) => b.vcs.usp === p.port);
    const left =
      band === undefined
        ? ((loose.indexOf(p) + 1) / (loose.length + 1)) * 100
        : // Bands in rows share columns: each row's port at its own fraction of the band (one row: the middle).
          ((band.x + (band.width * (band.row + 1)) / (band.rows + 1)) / plan.width) * 100;
    const host = p.link?.host ?? null;
    out.push({
      port: p.port,
      role: 'upstream',
      handleId: `usp:${p.port}`,
      left,
      peer: host,
      color: ctx.colorOf(host),
    });
  }
  for (const [i, p] of down.entries())
    out.push({
      port: p.port,
      role: 'downstream',
      handleId: `dsp:${p.port}`,
      left: ((i + 1) / (down.length + 1)) * 100,
      peer: deviceAt(p.port),
      color: null,
    });
  return out;
}

/**
 * The switches side by side, centred under the hosts, each at most its share of the hosts' width
 * (its VCS bands wrap beyond it); returns the row's bottom and width.
 */
function switchRow(ctx: Ctx, top: number, hostsWidth: number): { bottom: number; width: number } {
  const switches = ctx.fabric.spec.fabric.switches;
  const share = (hostsWidth - L.switchGap * Math.max(0, switches.length - 1)) / Math.max(1, switches.length);
  const maxWidth = Math.max(L.switchMinWidth, share);
  const plans = switches.map((sw) => bandPlan(ctx, sw, maxWidth));
  const total = plans.reduce((a, p) => a + p.width, 0) + L.switchGap * Math.max(0, switches.length - 1);
  let x = (hostsWidth - total) / 2;
  let bottom = top;
  switches.forEach((sw, i) => {
    const plan = plans[i] ?? bandPlan(ctx, sw, maxWidth);
    const id = fabricNodeId(sw.id);
    ctx.nodes.push({
      id,
      type: 'fabric-switch',
      position: { x, y: top },
      width: plan.width,
      height: plan.height,
      ariaLabel: `Physical switch ${sw.name ?? sw.id}: ${sw.ports.length} ports, ${sw.vcss.length} virtual CXL switches`,
      data: { switchId: sw.id, name: sw.name ?? sw.id, ports: physicalPorts(ctx, sw, plan) },
      draggable: false,
      deletable: false,
      connectable: false,
    } satisfies FabricPartNode);
    ctx.pick[id] = { host: null, id };
    vcsBands(ctx, sw, id, plan.bands);
    x += plan.width + L.switchGap;
    bottom = Math.max(bottom, top + plan.height);
  });
  return { bottom, width: total };
}

/** One band per VCS inside its switch, each with its vPPB chips. */
function vcsBands(ctx: Ctx, sw: FabricSwitchSpec, parentId: string, bands: readonly BandSlot[]): void {
  const y = L.portRow + L.switchHeader;
  for (const { vcs, host, x, y: rowY, width, height, perRow } of bands) {
    const componentId = vcsComponentId(sw.id, vcs.vcs);
    const id = vcsNodeId(sw.id, vcs.vcs);
    const lights = ctx.hostFlows
      .get(host ?? '')
      ?.nodes.find(
        (n): n is Extract<LabFlowNode, { type: 'bridge' }> => n.id === componentId && n.type === 'bridge',
      );
    const band: VcsBandNode = {
      id,
      type: 'fabric-vcs',
      parentId,
      position: { x, y: y + rowY },
      width,
      height,
      ariaLabel: `VCS ${vcs.vcs} of ${sw.id} (upstream port ${vcs.usp}): ${host === null ? 'no host' : `host ${host}`}`,
      data: {
        switchId: sw.id,
        vcs: vcs.vcs,
        usp: vcs.usp,
        componentId,
        host,
        hostMark: ctx.markOf(host),
        color: ctx.colorOf(host),
        decoders: (lights?.data as BridgeNodeData | undefined)?.decoders ?? [],
      },
      draggable: false,
      deletable: false,
      connectable: false,
    };
    ctx.nodes.push(band);
    ctx.pick[id] = host === null ? { host: null, id: parentId } : { host, id: componentId };
    const rowWidth = Math.min(perRow, vcs.vppbs.length) * (L.vppbWidth + L.vppbGap) - L.vppbGap;
    const chipsLeft = (width - rowWidth) / 2;
    [...vcs.vppbs]
      .sort((a, b) => a.vppb - b.vppb)
      .forEach((b, i) => {
        vppbNode(ctx, sw, vcs, b.vppb, host, id, {
          x: chipsLeft + (i % perRow) * (L.vppbWidth + L.vppbGap),
          y: L.bandLabel + Math.floor(i / perRow) * (L.vppbHeight + L.vppbGap),
        });
      });
  }
}

function vppbNode(
  ctx: Ctx,
  sw: FabricSwitchSpec,
  vcs: VcsSpec,
  vppb: number,
  host: string | null,
  parentId: string,
  position: { x: number; y: number },
): void {
  const binding = vcs.vppbs.find((b) => b.vppb === vppb)?.binding ?? { state: 'unbound' };
  const device =
    binding.state === 'unbound'
      ? undefined
      : ctx.fabric.spec.fabric.devices.find(
          (d) => d.attach?.switch === sw.id && d.attach.port === binding.port,
        );
  const boundTo =
    binding.state === 'unbound'
      ? null
      : binding.state === 'ld'
        ? `${device?.id ?? `port ${binding.port}`} LD ${binding.ld}`
        : `${device?.id ?? '?'} (port ${binding.port})`;
  const p = ctx.fabric.pending;
  const pending =
    p !== null && p.switch === sw.id && p.vcs === vcs.vcs && p.vppb === vppb
      ? pendingText(p.opcode, p.percent)
      : null;
  const componentId = vppbComponentId(sw.id, vcs.vcs, vppb);
  const id = vppbNodeId(sw.id, vcs.vcs, vppb);
  const node: VppbNode = {
    id,
    type: 'fabric-vppb',
    parentId,
    position,
    width: L.vppbWidth,
    height: L.vppbHeight,
    ariaLabel: `vPPB ${vppb} of ${sw.id} VCS ${vcs.vcs}: ${boundTo === null ? 'unbound' : `bound to ${boundTo}`}${pending === null ? '' : `, ${pending}`}`,
    data: { componentId, vppb, host, color: ctx.colorOf(host), boundTo, pending },
    draggable: false,
    deletable: false,
    connectable: false,
  };
  ctx.nodes.push(node);
  ctx.pick[id] = host === null ? { host: null, id: fabricNodeId(sw.id) } : { host, id: componentId };
}

/** "bind in progress 50 %": Bind vPPB or Unbind vPPB (CXL 2.0 §7.6.7.2.2–.3) still running. */
export function pendingText(opcode: number, percent: number): string {
  return `${opcode === FM_OPCODE.bindVppb ? 'bind' : 'unbind'} in progress ${percent} %`;
}

/** Slice widths: at least `sliceMinWidth`, larger LDs wider in proportion to their share. */
function sliceWidths(d: FabricDeviceSpec): number[] {
  const lds = [...d.lds].sort((a, b) => a.ld - b.ld);
  const extra = L.sliceMinWidth * Math.max(1, Math.min(L.slicesPerRow, lds.length));
  return lds.map((ld) =>
    Math.round(L.sliceMinWidth + ((ld.range1 + ld.range2) / Math.max(1, d.capacity)) * extra),
  );
}

/** Where a device's LD slices go (from its top left) and its size: up to `slicesPerRow` a row. */
interface SliceGrid {
  at: { x: number; y: number; width: number }[];
  width: number;
  height: number;
}

function sliceGrid(d: FabricDeviceSpec): SliceGrid {
  const widths = sliceWidths(d);
  const at: SliceGrid['at'] = [];
  let inner = 0;
  const rows = Math.max(1, Math.ceil(widths.length / L.slicesPerRow));
  for (let r = 0; r < rows; r++) {
    let x = L.devicePad;
    for (const width of widths.slice(r * L.slicesPerRow, (r + 1) * L.slicesPerRow)) {
      at.push({ x, y: L.devicePad + r * (L.sliceHeight + L.sliceGap), width });
      x += width + L.sliceGap;
    }
    inner = Math.max(inner, x - L.sliceGap - L.devicePad);
  }
  return {
    at,
    width: Math.max(L.deviceMinWidth, inner + 2 * L.devicePad),
    height: L.devicePad * 2 + rows * (L.sliceHeight + L.sliceGap) - L.sliceGap + L.deviceFooter,
  };
}

/** Devices in the order of the ports they are plugged into, switch by switch; multi-headed ones last. */
function deviceOrder(ctx: Ctx): FabricDeviceSpec[] {
  const switchRank = new Map(ctx.fabric.spec.fabric.switches.map((s, i) => [s.id, i]));
  const key = (d: FabricDeviceSpec) =>
    d.attach === undefined
      ? Number.MAX_SAFE_INTEGER
      : (switchRank.get(d.attach.switch) ?? 0) * 1024 + d.attach.port;
  return [...ctx.fabric.spec.fabric.devices].sort((a, b) => key(a) - key(b));
}

/**
 * The fabric devices side by side, centred under the hosts, each with its LD slices; rows wrap at
 * `maxWidth` (the wider of the hosts and the switches) so a lab of many devices stays fittable.
 */
function deviceRow(ctx: Ctx, top: number, maxWidth: number, hostsWidth: number): void {
  const devices = deviceOrder(ctx);
  const grids = devices.map(sliceGrid);
  const rows = balancedRows(
    grids.map((g) => g.width),
    maxWidth,
    L.deviceGap,
  );
  let y = top;
  for (const row of rows) {
    let x = (hostsWidth - row.width) / 2;
    let rowHeight = 0;
    for (const i of row.items) {
      const d = devices[i] as FabricDeviceSpec;
      const grid = grids[i] as SliceGrid;
      deviceNode(ctx, d, grid, { x, y });
      x += grid.width + L.deviceGap;
      rowHeight = Math.max(rowHeight, grid.height);
    }
    y += rowHeight + L.deviceGap;
  }
}

function deviceNode(ctx: Ctx, d: FabricDeviceSpec, grid: SliceGrid, position: { x: number; y: number }) {
  const id = fabricNodeId(d.id);
  const allocated = d.lds.reduce((sum, ld) => sum + ld.range1 + ld.range2, 0);
  const attach =
    d.kind === 'mhd'
      ? `${d.heads?.length ?? 0} heads`
      : d.attach === undefined
        ? 'not attached'
        : `${d.attach.switch} port ${d.attach.port}`;
  ctx.nodes.push({
    id,
    type: 'fabric-device',
    position,
    width: grid.width,
    height: grid.height,
    ariaLabel: `${d.kind.toUpperCase()} ${d.name ?? d.id}: ${d.lds.length} logical devices, ${attach}`,
    data: { deviceId: d.id, kind: d.kind, name: d.name ?? d.id, capacity: d.capacity, attach, allocated },
    draggable: false,
    deletable: false,
    connectable: false,
  } satisfies FabricPartNode);
  ctx.pick[id] = { host: null, id };
  ldSlices(ctx, d, id, grid);
}

function ldSlices(ctx: Ctx, d: FabricDeviceSpec, parentId: string, grid: SliceGrid): void {
  [...d.lds]
    .sort((a, b) => a.ld - b.ld)
    .forEach((ld, i) => {
      const view = ctx.fabric.lds.find((v) => v.device === d.id && v.ld === ld.ld);
      const host = view?.owner?.host ?? null;
      const id = ldNodeId(d.id, ld.ld);
      const at = grid.at[i] ?? { x: L.devicePad, y: L.devicePad, width: L.sliceMinWidth };
      const componentId = view?.owner?.component ?? ldComponentId(d, ld.ld);
      const head = d.heads?.find((h) => h.ld === ld.ld)?.head ?? null;
      const node: LdSliceNode = {
        id,
        type: 'fabric-ld',
        parentId,
        position: { x: at.x, y: at.y },
        width: at.width,
        height: L.sliceHeight,
        ariaLabel: `${d.id} LD ${ld.ld}: ${host === null ? 'bound to no host' : `host ${host}`}`,
        data: {
          device: d.id,
          ld: ld.ld,
          componentId,
          size: ld.range1 + ld.range2,
          host,
          hostMark: ctx.markOf(host),
          color: ctx.colorOf(host),
          head,
        },
        draggable: false,
        deletable: false,
        connectable: false,
      };
      ctx.nodes.push(node);
      ctx.pick[id] = host === null ? { host: null, id: parentId } : { host, id: componentId };
    });
}

export type { FabricEdge };
