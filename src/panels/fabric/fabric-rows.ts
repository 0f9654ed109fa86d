/**
 * The Fabric Manager panel's binding table rows (CXL 2.0 §7.6.7.2.1 Get Virtual CXL Switch Info, one
 * row per vPPB): the core's `BindingRow` plus what the panel shows beside it — the device on the bound
 * port, the LD's component id in its host's view, and the pending Bind or Unbind on that vPPB.
 */
import type { FabricDeviceSpec, MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { PendingOperation } from '../../cxl/fm/state.ts';
import type { BindingRow } from '../../cxl/fm/table.ts';
import { FM_OPCODE } from '../../cxl/spec/fm-api.ts';
import type { FabricView } from '../../worker/lab-types.ts';

export type FabricRowsInput = Pick<FabricView, 'spec' | 'bindings' | 'pending' | 'lds'>;

export interface FabricRow extends BindingRow {
  /** Unique in the table: "sw0/0/1". */
  key: string;
  /** The fabric device on the bound (or being bound) port, if any. */
  device: string | null;
  /** The component the host sees below this vPPB ("mld1.ld0"), or null when nothing is bound. */
  component: string | null;
  /** The Bind or Unbind running on this vPPB. */
  pending: { op: 'Bind vPPB' | 'Unbind vPPB'; percent: number } | null;
}

export function rowKey(r: Pick<BindingRow, 'switch' | 'vcs' | 'vppb'>): string {
  return `${r.switch}/${r.vcs}/${r.vppb}`;
}

/** The fabric device plugged into `port` of switch `sw` (SLD or MLD), if any. */
export function deviceOnPort(spec: MultiHostSpec, sw: string, port: number): FabricDeviceSpec | undefined {
  return spec.fabric.devices.find((d) => d.attach?.switch === sw && d.attach.port === port);
}

export function pendingName(p: Pick<PendingOperation, 'opcode'>): 'Bind vPPB' | 'Unbind vPPB' {
  return p.opcode === FM_OPCODE.bindVppb ? 'Bind vPPB' : 'Unbind vPPB';
}

/** The binding table's rows, in the core's order (switch, VCS, vPPB). */
export function fabricRows(f: FabricRowsInput): FabricRow[] {
  return f.bindings.map((b) => {
    const p = f.pending;
    const here = p !== null && p.switch === b.switch && p.vcs === b.vcs && p.vppb === b.vppb;
    const owner = f.lds.find(
      (l) =>
        l.owner !== null &&
        'switch' in l.owner.via &&
        l.owner.via.switch === b.switch &&
        l.owner.via.vcs === b.vcs &&
        l.owner.via.vppb === b.vppb,
    )?.owner;
    return {
      ...b,
      key: rowKey(b),
      device: b.port === null ? null : (deviceOnPort(f.spec, b.switch, b.port)?.id ?? null),
      component: owner?.component ?? null,
      pending: here && p !== null ? { op: pendingName(p), percent: p.percent } : null,
    };
  });
}

/** "VCS 0 vPPB 1" — how the panel names a row in labels and messages. */
export function rowName(r: Pick<BindingRow, 'switch' | 'vcs' | 'vppb'>): string {
  return `${r.switch} VCS ${r.vcs} vPPB ${r.vppb}`;
}
