/**
 * Per-host views (issue 18): for each host, the ordinary single-host `TopologySpec` it sees. Its own
 * components, plus, below each root port linked to the fabric:
 * - a VCS as a switch (its upstream port's HDM decoders) whose downstream ports are all its vPPBs
 *   (port number = vPPB ID); an unbound vPPB is a downstream port with nothing below it, the lab's
 *   model of an empty hot-plug slot (CXL 2.0 §7.1 describes binding as hot-adding the device below
 *   the vPPB, and unbinding as removing it);
 * - below a bound vPPB, the SLD or the bound LD as a Type 3 device of the LD's capacity with the LD's
 *   own HDM decoders (volatile: the media is volatile);
 * - below a root port linked to a head of a multi-headed device, that head's LD the same way.
 * Nothing bound to another host appears, so isolation holds by construction.
 */
import type { ComponentSpec, TopologySpec, Type3Spec } from '../topology/model.ts';
import { ldComponentId, portKey, vcsComponentId, vppbComponentId } from './ids.ts';
import type { FabricDeviceSpec, LogicalDeviceSpec } from './model.ts';
import type { FabricIndex } from './validate.ts';

/** The topology host `hostId` sees. `hostId` must be a host of `index` (programmer bug otherwise). */
export function hostView(index: FabricIndex, hostId: string): TopologySpec {
  const host = index.hosts.get(hostId);
  if (host === undefined) throw new RangeError(`hostView: no host "${hostId}"`);
  // Deep copies: the host's lab owns its view, and nothing it does may reach the fabric spec.
  const components = JSON.parse(JSON.stringify(host.components)) as ComponentSpec[];
  for (const s of index.spec.fabric.switches) {
    for (const vcs of s.vcss) {
      const link = s.ports.find((p) => p.port === vcs.usp)?.link;
      if (link === undefined || link.host !== hostId) continue;
      const vcsId = vcsComponentId(s.id, vcs.vcs);
      components.push({
        id: vcsId,
        kind: 'switch',
        name: `${s.name ?? s.id} VCS ${vcs.vcs}`,
        parent: link.rootPort,
        decoderCount: vcs.decoderCount,
        decoders: vcs.decoders.map((d) => ({ ...d })),
      });
      for (const b of [...vcs.vppbs].sort((x, y) => x.vppb - y.vppb)) {
        const portId = vppbComponentId(s.id, vcs.vcs, b.vppb);
        components.push({ id: portId, kind: 'downstream-port', parent: vcsId, port: b.vppb });
        if (b.binding.state === 'unbound') continue;
        const device = index.deviceAtPort.get(portKey(s.id, b.binding.port));
        const ld = device?.lds.find((l) => l.ld === (b.binding.state === 'ld' ? b.binding.ld : 0));
        if (device !== undefined && ld !== undefined) components.push(ldDevice(device, ld, portId));
      }
    }
  }
  for (const d of index.spec.fabric.devices) {
    for (const h of d.heads ?? []) {
      const ld = d.lds.find((l) => l.ld === h.ld);
      if (h.link.host === hostId && ld !== undefined) components.push(ldDevice(d, ld, h.link.rootPort));
    }
  }
  const view: TopologySpec = {
    name: `${index.spec.name} — ${host.name ?? host.id}`,
    windows: JSON.parse(JSON.stringify(host.windows)) as TopologySpec['windows'],
    components,
  };
  const platform = host.platform ?? index.spec.platform;
  if (platform !== undefined) view.platform = { ...platform };
  return view;
}

/** One LD as the Type 3 device its host sees. */
function ldDevice(device: FabricDeviceSpec, ld: LogicalDeviceSpec, parent: string): Type3Spec {
  const t: Type3Spec = {
    id: ldComponentId(device, ld.ld),
    kind: 'type3',
    name: device.kind === 'sld' ? (device.name ?? device.id) : `${device.name ?? device.id} LD ${ld.ld}`,
    parent,
    volatile: ld.range1 + ld.range2,
    persistent: 0,
    decoderCount: ld.decoderCount,
    serial: device.serial,
    decoders: ld.decoders.map((d) => ({ ...d })),
  };
  if (ld.device !== undefined) t.device = JSON.parse(JSON.stringify(ld.device)) as Type3Spec['device'];
  return t;
}

/** For each host, its view's component id of each LD it reaches → the LD (`ldKey`). */
export function ldsByComponent(index: FabricIndex): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const h of index.hosts.keys()) out.set(h, new Map());
  for (const [key, owner] of index.owners) out.get(owner.host)?.set(owner.component, key);
  return out;
}
