/**
 * Canvas node ids of a multi-host lab's parts, and the map from the focused host's component ids
 * (what the store selects and what an access trace names) to them. Pure; small, so the decode
 * animation and the selection mirror can use it without the drawing's code.
 */
import { vcsComponentId, vppbComponentId } from '../../cxl/fabric/ids.ts';
import { fabricNodeId, fabricPartOf, hostNodeId } from '../../lib/fabric-node-ids';
import { ROOT_NODE_ID } from '../../lib/ids';
import type { FabricView } from '../../worker/lab-types.ts';
import type { NodePick } from './fabric-types.ts';

/** The component id a host's column frame takes in `hostNodeId` (`~` is in no component id). */
export const HOST_FRAME = '~host';

export const hostFrameId = (host: string): string => hostNodeId(host, HOST_FRAME);
export const vcsNodeId = (sw: string, vcs: number): string => fabricNodeId(vcsComponentId(sw, vcs));
export const vppbNodeId = (sw: string, vcs: number, vppb: number): string =>
  fabricNodeId(vppbComponentId(sw, vcs, vppb));
/** One LD slice of a fabric device (an SLD's one LD too: `fabric::sld0.ld0`). */
export const ldNodeId = (device: string, ld: number): string => fabricNodeId(`${device}.ld${ld}`);

/** The host whose VCS it is: the host linked to the VCS's upstream port, or null. */
export function vcsHost(fabric: Pick<FabricView, 'spec'>, sw: string, usp: number): string | null {
  const s = fabric.spec.fabric.switches.find((x) => x.id === sw);
  return s?.ports.find((p) => p.port === usp)?.link?.host ?? null;
}

/**
 * Component id in host `host`'s view → canvas node, for every component that view has: its own
 * (host bridges, ports, its own devices, the CXL root) in its column, its VCSs, vPPBs and LDs on the
 * fabric row. Fabric switches and devices map their `fabricNodeId` to itself.
 */
export function hostNodeMap(fabric: FabricView, host: string): Map<string, string> {
  const out = new Map<string, string>();
  out.set(ROOT_NODE_ID, hostNodeId(host, ROOT_NODE_ID));
  const fabricIds = new Map<string, string>();
  for (const sw of fabric.spec.fabric.switches) {
    out.set(fabricNodeId(sw.id), fabricNodeId(sw.id));
    for (const vcs of sw.vcss) {
      if (vcsHost(fabric, sw.id, vcs.usp) !== host) continue;
      fabricIds.set(vcsComponentId(sw.id, vcs.vcs), vcsNodeId(sw.id, vcs.vcs));
      for (const b of vcs.vppbs)
        fabricIds.set(vppbComponentId(sw.id, vcs.vcs, b.vppb), vppbNodeId(sw.id, vcs.vcs, b.vppb));
    }
  }
  for (const d of fabric.spec.fabric.devices) out.set(fabricNodeId(d.id), fabricNodeId(d.id));
  for (const ld of fabric.lds)
    if (ld.owner?.host === host) fabricIds.set(ld.owner.component, ldNodeId(ld.device, ld.ld));
  const view = fabric.hosts.find((h) => h.id === host);
  for (const c of view?.spec.components ?? []) out.set(c.id, fabricIds.get(c.id) ?? hostNodeId(host, c.id));
  return out;
}

/** Every fabric component id (VCS, vPPB, LD) that some host's view may hold: not a host's own. */
export function fabricComponentIds(fabric: FabricView): Set<string> {
  const ids = new Set<string>();
  for (const sw of fabric.spec.fabric.switches)
    for (const vcs of sw.vcss) {
      ids.add(vcsComponentId(sw.id, vcs.vcs));
      for (const b of vcs.vppbs) ids.add(vppbComponentId(sw.id, vcs.vcs, b.vppb));
    }
  for (const ld of fabric.lds) if (ld.owner !== null) ids.add(ld.owner.component);
  return ids;
}

const HOST_PREFIX = hostNodeId('', '').slice(0, 'host::'.length);

/**
 * What selecting canvas node `nodeId` means (as `fabricFlow`'s `selection.pick`, from the id alone):
 * a host's node selects its component in that host; a VCS, vPPB or LD the component in its owner's
 * view (the switch or device when it has none); a switch or device its fabric id. Null: not a node of
 * a multi-host lab.
 */
export function pickOf(fabric: FabricView, nodeId: string): NodePick | null {
  if (nodeId.startsWith(HOST_PREFIX)) {
    const rest = nodeId.slice(HOST_PREFIX.length);
    const at = rest.indexOf('::');
    if (at < 0) return null;
    const host = rest.slice(0, at);
    const id = rest.slice(at + 2);
    return { host, id: id === HOST_FRAME ? null : id };
  }
  const part = fabricPartOf(nodeId);
  if (part === null) return null;
  for (const sw of fabric.spec.fabric.switches) {
    if (sw.id === part) return { host: null, id: nodeId };
    for (const vcs of sw.vcss) {
      const host = vcsHost(fabric, sw.id, vcs.usp);
      const ids: string[] = [
        vcsComponentId(sw.id, vcs.vcs),
        ...vcs.vppbs.map((b) => vppbComponentId(sw.id, vcs.vcs, b.vppb)),
      ];
      if (ids.includes(part))
        return host === null ? { host: null, id: fabricNodeId(sw.id) } : { host, id: part };
    }
  }
  for (const d of fabric.spec.fabric.devices) {
    if (d.id === part) return { host: null, id: nodeId };
    for (const ld of d.lds) {
      if (ldNodeId(d.id, ld.ld) !== nodeId) continue;
      const owner = fabric.lds.find((v) => v.device === d.id && v.ld === ld.ld)?.owner ?? null;
      return owner === null
        ? { host: null, id: fabricNodeId(d.id) }
        : { host: owner.host, id: owner.component };
    }
  }
  return null;
}
