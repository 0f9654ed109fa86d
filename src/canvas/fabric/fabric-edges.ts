/**
 * The fabric's links on a multi-host canvas (issue 18): host root ports to switch upstream ports and to
 * multi-headed devices' heads, downstream ports to their devices, each vPPB's binding in its host's
 * colour, and the fabric manager's pending bind or unbind; plus which bindings appeared or went since
 * the previous view, so the canvas draws them in or fades them out. Pure.
 */
import { FM_OPCODE } from '../../cxl/spec/fm-api.ts';
import { fabricNodeId, hostNodeId } from '../../lib/fabric-node-ids';
import type { FabricView } from '../../worker/lab-types.ts';
import { ldNodeId, vcsHost, vppbNodeId } from './fabric-node-map.ts';
import type { FabricEdge, FabricEdgeData } from './fabric-types.ts';

type Paint = (host: string | null) => string | null;

function edge(
  id: string,
  source: string,
  sourceHandle: string,
  target: string,
  data: Pick<FabricEdgeData, 'kind' | 'color' | 'label'>,
  ariaLabel: string,
): FabricEdge {
  return {
    id,
    type: 'fabric',
    source,
    sourceHandle,
    target,
    targetHandle: 'in',
    ariaLabel,
    deletable: false,
    selectable: false,
    data: { ...data, entering: false, leaving: false },
  };
}

/** The id of the binding edge of a vPPB bound to LD `ld` of `device` (the target is part of it). */
export function bindingEdgeId(vppbComponent: string, device: string, ld: number): string {
  return `bind:${vppbComponent}->${device}.ld${ld}`;
}

/** Uplinks (root port → upstream port), downstream links (port → device) and heads (root port → LD). */
function physicalLinks(fabric: FabricView, colorOf: Paint): FabricEdge[] {
  const out: FabricEdge[] = [];
  for (const sw of fabric.spec.fabric.switches)
    for (const p of sw.ports) {
      if (p.role !== 'upstream' || p.link === undefined) continue;
      const { host, rootPort } = p.link;
      out.push(
        edge(
          `uplink:${sw.id}:${p.port}`,
          hostNodeId(host, rootPort),
          'out',
          fabricNodeId(sw.id),
          { kind: 'uplink', color: colorOf(host), label: null },
          `${host} ${rootPort} to ${sw.id} upstream port ${p.port}`,
        ),
      );
      const last = out.at(-1);
      if (last !== undefined) last.targetHandle = `usp:${p.port}`;
    }
  for (const d of fabric.spec.fabric.devices) {
    if (d.attach !== undefined)
      out.push(
        edge(
          `dsp:${d.attach.switch}:${d.attach.port}`,
          fabricNodeId(d.attach.switch),
          `dsp:${d.attach.port}`,
          fabricNodeId(d.id),
          { kind: 'dsp', color: null, label: null },
          `${d.attach.switch} downstream port ${d.attach.port} to ${d.id}`,
        ),
      );
    for (const h of d.heads ?? [])
      out.push(
        edge(
          `head:${d.id}:${h.head}`,
          hostNodeId(h.link.host, h.link.rootPort),
          'out',
          ldNodeId(d.id, h.ld),
          { kind: 'head', color: colorOf(h.link.host), label: `head ${h.head}` },
          `${h.link.host} ${h.link.rootPort} to ${d.id} head ${h.head} (LD ${h.ld})`,
        ),
      );
  }
  return out;
}

/** The target node of a binding to a port (an SLD: its LD 0) or to an LD of the MLD on that port. */
function bindingTarget(fabric: FabricView, sw: string, port: number, ld: number | null) {
  const device = fabric.spec.fabric.devices.find((d) => d.attach?.switch === sw && d.attach.port === port);
  if (device === undefined) return null;
  return { device: device.id, ld: ld ?? 0 };
}

/** Every stored vPPB binding, and the pending bind or unbind (CXL 2.0 §7.6.7.2.2–.3). */
function bindingLinks(fabric: FabricView, colorOf: Paint, markOf: Paint): FabricEdge[] {
  const out: FabricEdge[] = [];
  const p = fabric.pending;
  for (const sw of fabric.spec.fabric.switches)
    for (const vcs of sw.vcss) {
      const host = vcsHost(fabric, sw.id, vcs.usp);
      const label = host === null ? null : `${markOf(host) ?? ''} ${host}`.trim();
      for (const b of vcs.vppbs) {
        const source = vppbNodeId(sw.id, vcs.vcs, b.vppb);
        const component = `${sw.id}.vcs${vcs.vcs}.vppb${b.vppb}`;
        const isPending = p !== null && p.switch === sw.id && p.vcs === vcs.vcs && p.vppb === b.vppb;
        if (b.binding.state !== 'unbound') {
          const t = bindingTarget(
            fabric,
            sw.id,
            b.binding.port,
            b.binding.state === 'ld' ? b.binding.ld : null,
          );
          if (t === null) continue;
          const pendingLabel = isPending ? `unbind in progress ${p.percent} %` : null;
          out.push(
            edge(
              bindingEdgeId(component, t.device, t.ld),
              source,
              'out',
              ldNodeId(t.device, t.ld),
              { kind: isPending ? 'pending' : 'binding', color: colorOf(host), label: pendingLabel ?? label },
              `${component} bound to ${t.device} LD ${t.ld}${host === null ? '' : ` for ${host}`}${pendingLabel === null ? '' : `: ${pendingLabel}`}`,
            ),
          );
        } else if (isPending && p.opcode === FM_OPCODE.bindVppb) {
          // Bind vPPB (CXL 2.0 §7.6.7.2.2) still running: the binding it will make.
          const t = bindingTarget(
            fabric,
            sw.id,
            p.binding.port,
            p.binding.state === 'ld' ? p.binding.ld : null,
          );
          if (t === null) continue;
          const text = `bind in progress ${p.percent} %`;
          out.push(
            edge(
              `pending:${component}->${t.device}.ld${t.ld}`,
              source,
              'out',
              ldNodeId(t.device, t.ld),
              { kind: 'pending', color: colorOf(host), label: text },
              `${component} to ${t.device} LD ${t.ld}: ${text}`,
            ),
          );
        }
      }
    }
  return out;
}

/** Every fabric link of the view. */
export function fabricEdges(fabric: FabricView, colorOf: Paint, markOf: Paint): FabricEdge[] {
  return [...physicalLinks(fabric, colorOf), ...bindingLinks(fabric, colorOf, markOf)];
}

function isBinding(e: { type?: string; data?: unknown }): e is FabricEdge {
  const kind = (e.data as Partial<FabricEdgeData> | undefined)?.kind;
  return e.type === 'fabric' && (kind === 'binding' || kind === 'pending');
}

/**
 * Marks the bindings that appeared since `previous` as entering, and keeps the ones that went as
 * leaving (drawn fading out until the next view drops them). Without a previous flow (a lab just
 * opened) nothing is animated.
 */
export function withTransitions(
  previous: readonly { id: string; type?: string; data?: unknown }[] | null,
  next: FabricEdge[],
): FabricEdge[] {
  if (previous === null) return next;
  const before = new Map<string, FabricEdge>();
  for (const e of previous) if (isBinding(e) && !e.data?.leaving) before.set(e.id, e);
  const out = next.map((e) =>
    isBinding(e) && !before.has(e.id) && e.data !== undefined
      ? { ...e, data: { ...e.data, entering: true } }
      : e,
  );
  const now = new Set(next.map((e) => e.id));
  for (const [id, e] of before)
    if (!now.has(id) && e.data !== undefined)
      out.push({
        ...e,
        ariaLabel: `${e.ariaLabel ?? id} (removed)`,
        data: { ...e.data, entering: false, leaving: true },
      });
  return out;
}
