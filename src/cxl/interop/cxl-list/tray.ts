/**
 * Placing a device from the unplaced tray (`importCxlList`'s `unplaced`): below a free root port or
 * switch downstream port of a topology, checked by the same validation every lab passes.
 */
import { type CxlError, err, ok, type Result } from '../../result.ts';
import type { TopologySpec, Type3Spec } from '../../topology/model.ts';
import { validateTopology } from '../../topology/validate.ts';

/** `spec` with `device` attached below port `dportId`; refused (naming why) when it cannot go there. */
export function placeUnplacedDevice(
  spec: TopologySpec,
  device: Type3Spec,
  dportId: string,
): Result<TopologySpec, CxlError> {
  const port = spec.components.find((c) => c.id === dportId);
  if (port === undefined) return err('tray.no-port', `${dportId}: no such port in the lab`);
  if (port.kind !== 'root-port' && port.kind !== 'downstream-port') {
    return err(
      'tray.not-a-port',
      `${device.id} goes below a root port or switch downstream port, not a ${port.kind}`,
    );
  }
  const holder = spec.components.find((c) => 'parent' in c && c.parent === dportId);
  if (holder !== undefined) return err('tray.occupied', `${port.name ?? dportId} already holds ${holder.id}`);
  if (spec.components.some((c) => c.id === device.id)) {
    return err('tray.duplicate', `the lab already has a component ${device.id}`);
  }
  // The lab numbers memdevs in file order: keep `memN` devices in N order, as the machine listed them.
  const components = [...spec.components];
  const rank = memRank(device.id);
  const at = components.findIndex((c) => c.kind === 'type3' && memRank(c.id) > rank);
  components.splice(at < 0 ? components.length : at, 0, { ...device, parent: dportId });
  const next: TopologySpec = { ...spec, components };
  const valid = validateTopology(next);
  if (!valid.ok) {
    const first = valid.error[0];
    return err(
      first?.code ?? 'tray.invalid',
      `${device.id} cannot go below ${dportId}: ${first?.message ?? 'invalid'}`,
    );
  }
  return ok(next);
}

function memRank(id: string): number {
  const m = /^mem(\d{1,9})$/.exec(id);
  return m === null ? Number.POSITIVE_INFINITY : Number(m[1]);
}
