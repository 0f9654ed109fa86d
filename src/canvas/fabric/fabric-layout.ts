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
import {
  type BridgeNodeData,
  LAYOUT,
  type LabFlow,
  type LabFlowNode,
  type LinkEdge,
  toFlow,
} from '../to-flow.ts';
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

/** Turns a multi-host view into the canvas's nodes and edges (see the file comment). */
export function fabricFlow(fabric: FabricView, previous: LabFlow | null = null): FabricFlow {
  const hostIndex = new Map(fabric.hosts.map((h, i) => [h.id, i]));
  const ctx: Ctx = {
    fabric,
    hostIndex,
    fabricIds: fabricComponentIds(fabric),
    nodes: [],
    pick: {},
    hostFlows: new Map(fabric.hosts.map((h) => [h.id, hostFlow(h)])),
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
  const switchBottom = switchRow(ctx, switchTop, hostsWidth);
  deviceRow(ctx, switchBottom + L.rowGap, hostsWidth);
  const edges = withTransitions(previous?.edges ?? null, fabricEdges(fabric, ctx.colorOf, ctx.markOf));
  const focused = ctx.hostFlows.get(fabric.focus);
  return {
    nodes: ctx.nodes,
    edges: [...hostEdges, ...edges],
    legend: focused?.legend ?? [],
    selection: { nodeOf: Object.fromEntries(hostNodeMap(fabric, fabric.focus)), pick: ctx.pick },
  };
}

type HostFlow = ReturnType<typeof toFlow>;

/** The single-host flow of one host's whole view (its own parts and its VCSs, vPPBs and LDs). */
function hostFlow(h: FabricHostView): HostFlow {
  return toFlow({ spec: h.spec, decoders: h.decoders, regions: h.regions, findings: [], linux: h.linux });
}

/** One host's column: its frame, then its own components inside it. Returns its size and links. */
function hostColumn(ctx: Ctx, h: FabricHostView, left: number) {
  const flow = ctx.hostFlows.get(h.id) ?? hostFlow(h);
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
  width: number;
  height: number;
  perRow: number;
}

/**
 * The VCS bands of a switch side by side, in the order of their hosts' columns (so each sits under
 * its host and no binding crosses another host's band), each with its vPPB chips in rows.
 */
function bandPlan(ctx: Ctx, sw: FabricSwitchSpec): { bands: BandSlot[]; width: number; height: number } {
  const rank = (v: VcsSpec) => {
    const host = vcsHost(ctx.fabric, sw.id, v.usp);
    return (host === null ? ctx.hostIndex.size : (ctx.hostIndex.get(host) ?? 0)) * 256 + v.vcs;
  };
  const bands: BandSlot[] = [];
  let x = L.switchPad;
  let height = 0;
  for (const vcs of [...sw.vcss].sort((a, b) => rank(a) - rank(b))) {
    const perRow = Math.max(1, Math.min(L.vppbsPerRow, vcs.vppbs.length));
    const rows = Math.max(1, Math.ceil(vcs.vppbs.length / perRow));
    const width = Math.max(L.bandMinWidth, perRow * (L.vppbWidth + L.vppbGap) + L.vppbGap);
    const h = L.bandLabel + rows * (L.vppbHeight + L.vppbGap);
    bands.push({ vcs, host: vcsHost(ctx.fabric, sw.id, vcs.usp), x, width, height: h, perRow });
    x += width + L.bandGap;
    height = Math.max(height, h);
  }
  const up = sw.ports.filter((p) => p.role === 'upstream').length;
  const down = sw.ports.length - up;
  const content = x - L.bandGap + L.switchPad;
  const width = Math.max(L.switchMinWidth, content, (Math.max(up, down) + 1) * 64);
  // Centred in a switch wider than its bands; all as tall as the tallest.
  for (const b of bands) {
    b.x += (width - content) / 2;
    b.height = height;
  }
  return { bands, width, height: 2 * L.portRow + L.switchHeader + height + L.switchPad };
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
        : ((band.x + band.width / 2) / plan.width) * 100;
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

/** The switches side by side, centred under the hosts; returns the row's bottom. */
function switchRow(ctx: Ctx, top: number, hostsWidth: number): number {
  const switches = ctx.fabric.spec.fabric.switches;
  const plans = switches.map((sw) => bandPlan(ctx, sw));
  const total = plans.reduce((a, p) => a + p.width, 0) + L.switchGap * Math.max(0, switches.length - 1);
  let x = (hostsWidth - total) / 2;
  let bottom = top;
  switches.forEach((sw, i) => {
    const plan = plans[i] ?? bandPlan(ctx, sw);
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
  return bottom;
}

/** One band per VCS inside its switch, each with its vPPB chips. */
function vcsBands(ctx: Ctx, sw: FabricSwitchSpec, parentId: string, bands: readonly BandSlot[]): void {
  const y = L.portRow + L.switchHeader;
  for (const { vcs, host, x, width, height, perRow } of bands) {
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
      position: { x, y },
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
  const extra = L.sliceMinWidth * Math.max(1, lds.length);
  return lds.map((ld) =>
    Math.round(L.sliceMinWidth + ((ld.range1 + ld.range2) / Math.max(1, d.capacity)) * extra),
  );
}

function deviceWidth(d: FabricDeviceSpec): number {
  const slices = sliceWidths(d);
  const inner = slices.reduce((a, b) => a + b, 0) + L.sliceGap * Math.max(0, slices.length - 1);
  return Math.max(L.deviceMinWidth, inner + 2 * L.devicePad);
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

/** The fabric devices side by side, centred under the hosts, each with its LD slices. */
function deviceRow(ctx: Ctx, top: number, hostsWidth: number): void {
  const devices = deviceOrder(ctx);
  const widths = devices.map(deviceWidth);
  const total = widths.reduce((a, b) => a + b, 0) + L.deviceGap * Math.max(0, devices.length - 1);
  let x = (hostsWidth - total) / 2;
  const height = L.devicePad * 2 + L.sliceHeight + L.deviceFooter;
  devices.forEach((d, i) => {
    const width = widths[i] ?? L.deviceMinWidth;
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
      position: { x, y: top },
      width,
      height,
      ariaLabel: `${d.kind.toUpperCase()} ${d.name ?? d.id}: ${d.lds.length} logical devices, ${attach}`,
      data: { deviceId: d.id, kind: d.kind, name: d.name ?? d.id, capacity: d.capacity, attach, allocated },
      draggable: false,
      deletable: false,
      connectable: false,
    } satisfies FabricPartNode);
    ctx.pick[id] = { host: null, id };
    ldSlices(ctx, d, id);
    x += width + L.deviceGap;
  });
}

function ldSlices(ctx: Ctx, d: FabricDeviceSpec, parentId: string): void {
  const widths = sliceWidths(d);
  let x = L.devicePad;
  [...d.lds]
    .sort((a, b) => a.ld - b.ld)
    .forEach((ld, i) => {
      const view = ctx.fabric.lds.find((v) => v.device === d.id && v.ld === ld.ld);
      const host = view?.owner?.host ?? null;
      const id = ldNodeId(d.id, ld.ld);
      const width = widths[i] ?? L.sliceMinWidth;
      const componentId = view?.owner?.component ?? ldComponentId(d, ld.ld);
      const head = d.heads?.find((h) => h.ld === ld.ld)?.head ?? null;
      const node: LdSliceNode = {
        id,
        type: 'fabric-ld',
        parentId,
        position: { x, y: L.devicePad },
        width,
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
      x += width + L.sliceGap;
    });
}

export type { FabricEdge };
