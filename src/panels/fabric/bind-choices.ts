/**
 * What the Bind… form offers for one vPPB: every downstream port of its switch and, on an MLD port,
 * each LD, marked free or with the reason the switch will refuse it — the rules of Bind vPPB
 * (CXL 2.0 §7.6.7.2.2; return codes CXL r3.2 §7.6.7.2.2) as the core applies them
 * (`src/cxl/fm/binding.ts`). A refused choice can still be sent, to see the switch's answer.
 */
import type { FabricSwitchSpec, MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { PendingOperation } from '../../cxl/fm/state.ts';
import type { BindingRow } from '../../cxl/fm/table.ts';
import { FM_OPCODE, LD_ID_NONE } from '../../cxl/spec/fm-api.ts';
import { formatBytes } from '../../cxl/units.ts';
import { deviceOnPort, pendingName } from './fabric-rows.ts';

export interface BindChoice {
  port: number;
  /** LD-ID on an MLD port; null for a port bound as a whole (SLD) or with nothing on it. */
  ld: number | null;
  /** "port 3 · mld1 LD 0 · 1 GiB". */
  label: string;
  /** Why the switch will refuse this choice; null when it is free. */
  refusal: string | null;
}

export interface BindForm {
  /** Why the switch will refuse any bind of this vPPB (VCS disabled, vPPB bound, busy); null if none. */
  vppbRefusal: string | null;
  choices: BindChoice[];
}

function boundAt(sw: FabricSwitchSpec, port: number, ld: number | null): string | null {
  for (const vcs of sw.vcss)
    for (const v of vcs.vppbs) {
      const b = v.binding;
      if (b.state === 'unbound' || b.port !== port) continue;
      if (ld === null || (b.state === 'ld' && b.ld === ld)) return `VCS ${vcs.vcs} vPPB ${v.vppb}`;
    }
  return null;
}

function pendingOn(p: PendingOperation | null, port: number, ld: number | null): boolean {
  if (p === null || p.opcode !== FM_OPCODE.bindVppb || p.binding.port !== port) return false;
  return ld === null || (p.binding.state === 'ld' && p.binding.ld === ld);
}

function portChoices(
  spec: MultiHostSpec,
  sw: FabricSwitchSpec,
  port: number,
  pending: PendingOperation | null,
): BindChoice[] {
  const dev = deviceOnPort(spec, sw.id, port);
  if (dev?.kind === 'mld')
    return dev.lds.map((l) => {
      const at = boundAt(sw, port, l.ld);
      const size = l.range1 + l.range2;
      return {
        port,
        ld: l.ld,
        label: `port ${port} · ${dev.id} LD ${l.ld} · ${formatBytes(size)}`,
        refusal:
          at !== null
            ? `already bound to ${at}`
            : pendingOn(pending, port, l.ld)
              ? 'being bound by the pending Bind vPPB'
              : size === 0
                ? 'no memory allocated: Set LD Allocations first'
                : null,
      };
    });
  const at = boundAt(sw, port, null);
  return [
    {
      port,
      ld: null,
      label:
        dev === undefined ? `port ${port} · empty` : `port ${port} · ${dev.id} (${dev.kind.toUpperCase()})`,
      refusal: at !== null ? `already bound to ${at}` : null,
    },
  ];
}

/** The Bind… form of `row`: its refusal as a whole, and one choice per port or LD. */
export function bindForm(
  spec: MultiHostSpec,
  pending: PendingOperation | null,
  row: Pick<BindingRow, 'switch' | 'vcs' | 'vppb'>,
): BindForm {
  const sw = spec.fabric.switches.find((s) => s.id === row.switch);
  if (sw === undefined) return { vppbRefusal: `no switch ${row.switch}`, choices: [] };
  const vcs = sw.vcss.find((v) => v.vcs === row.vcs);
  const usp = sw.ports.find((p) => p.port === vcs?.usp);
  const current = vcs?.vppbs.find((v) => v.vppb === row.vppb)?.binding;
  const vppbRefusal =
    pending !== null
      ? `Busy: ${pendingName(pending)} on VCS ${pending.vcs} vPPB ${pending.vppb} is still running`
      : usp?.link === undefined
        ? `VCS ${row.vcs} is disabled: no host is bound to its upstream port ${vcs?.usp ?? '?'}`
        : current !== undefined && current.state !== 'unbound'
          ? `vPPB ${row.vppb} is already bound: unbind it first`
          : null;
  const choices = sw.ports
    .filter((p) => p.role === 'downstream')
    .flatMap((p) => portChoices(spec, sw, p.port, pending));
  return { vppbRefusal, choices };
}

/** The Bind vPPB request as `fm.run` takes it (`cxl-lab fm --in-json` fields). */
export function bindRequest(
  row: Pick<BindingRow, 'vcs' | 'vppb'>,
  choice: Pick<BindChoice, 'port' | 'ld'>,
): { vcs: number; vppb: number; port: number; ld: number } {
  return { vcs: row.vcs, vppb: row.vppb, port: choice.port, ld: choice.ld ?? LD_ID_NONE };
}
