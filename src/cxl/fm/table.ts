/**
 * The fabric manager's binding table (issue 18's Fabric Manager panel): one row per vPPB of every
 * VCS — switch, VCS, vPPB, binding status as Get Virtual CXL Switch Info reports it (CXL 2.0
 * §7.6.7.2.1: a pending Bind or Unbind reads "in progress"), physical port, LD-ID and the host whose
 * VCS it is.
 */
import * as F from '../spec/fm-api.ts';
import type { FmState } from './state.ts';
import { vcsInfo } from './switch-info.ts';

export interface BindingRow {
  switch: string;
  vcs: number;
  vppb: number;
  /** Binding Status code (CXL r3.2 Table 7-32) and its name. */
  status: number;
  statusName: string;
  /** Bound (or being bound) physical port; null when unbound. */
  port: number | null;
  /** Bound LD-ID; null unless bound (or being bound) to an LD. */
  ld: number | null;
  /** The host linked to the VCS's upstream port; null when none (the VCS is disabled). */
  host: string | null;
}

export function bindingTable(state: FmState): BindingRow[] {
  const rows: BindingRow[] = [];
  for (const sw of state.spec.fabric.switches)
    for (const vcs of sw.vcss) {
      const host = sw.ports.find((p) => p.port === vcs.usp)?.link?.host ?? null;
      const info = vcsInfo(state, sw, vcs.vcs, 0, vcs.vppbs.length);
      info.entries.forEach((e, vppb) => {
        const bound = e.status !== F.BINDING_STATUS.unbound;
        rows.push({
          switch: sw.id,
          vcs: vcs.vcs,
          vppb,
          status: e.status,
          statusName: F.BINDING_STATUS_NAMES[e.status] ?? 'reserved',
          port: bound ? e.portId : null,
          ld: bound && e.ldId !== F.VPPB_NO_LD ? e.ldId : null,
          host,
        });
      });
    }
  return rows;
}
