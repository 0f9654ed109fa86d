/**
 * Placing a device from the unplaced tray (a `cxl list` import's `unplaced`) below a free root port
 * or switch downstream port. Pure; the worker (or `createLab`) validates the resulting topology.
 */
import type { TopologySpec, Type3Spec } from '../cxl/topology/model.ts';

export type Placed = { ok: true; spec: TopologySpec } | { ok: false; reason: string };

function memRank(id: string): number {
  const m = /^mem(\d{1,9})$/.exec(id);
  return m === null ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/** `spec` with `device` attached below port `portId`, or why it cannot go there. */
export function placeUnplacedDevice(spec: TopologySpec, device: Type3Spec, portId: string): Placed {
  const port = spec.components.find((c) => c.id === portId);
  if (port === undefined) return { ok: false, reason: `${portId}: no such port in the lab` };
  if (port.kind !== 'root-port' && port.kind !== 'downstream-port') {
    return {
      ok: false,
      reason: `${device.id} goes below a root port or a switch downstream port, not a ${port.kind}`,
    };
  }
  const holder = spec.components.find((c) => 'parent' in c && c.parent === portId);
  if (holder !== undefined) return { ok: false, reason: `${port.name ?? portId} already holds ${holder.id}` };
  if (spec.components.some((c) => c.id === device.id)) {
    return { ok: false, reason: `the lab already has a component named ${device.id}` };
  }
  // The lab numbers memdevs in file order: keep `memN` devices in N order, as the machine listed them.
  const components = [...spec.components];
  const rank = memRank(device.id);
  const at = components.findIndex((c) => c.kind === 'type3' && memRank(c.id) > rank);
  components.splice(at < 0 ? components.length : at, 0, { ...device, parent: portId });
  return { ok: true, spec: { ...spec, components } };
}
