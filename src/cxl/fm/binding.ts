/**
 * Bind vPPB (5201h) and Unbind vPPB (5202h), CXL 2.0 §7.6.7.2.2–.3: checked against the fabric, then
 * started as background operations (`state.ts`). Refusals use the codes the spec lists for these
 * commands (CXL r3.2 §7.6.7.2.2–.3): Invalid Input for an out-of-range VCS, vPPB or port, an upstream
 * port, a VCS whose upstream port no host is bound to (VCS State Disabled, Table 7-32), a vPPB, port
 * or LD already bound, or an LD ID that does not fit the port (an LD-ID on an MLD port, FFFFh
 * otherwise, Table 7-33), or an LD with no memory allocated (the FM sets an LD's allocation before
 * binding it, CXL r3.2 §7.2.3.2); Busy while another background operation runs; Invalid Payload
 * Length for a request of the wrong size.
 */
import type { FabricSwitchSpec, VcsSpec, VppbBinding } from '../fabric/model.ts';
import * as F from '../spec/fm-api.ts';
import { type BindVppb, decodeBindVppb, decodeUnbindVppb } from '../spec/fm-payloads.ts';
import { RC } from '../spec/mailbox.ts';
import { bindingText, type FmState, findSwitch } from './state.ts';
import { deviceOnPort, vcsEnabled } from './switch-info.ts';
import { type FmOutcome, type FmTarget, fmOutcome } from './types.ts';

type Refusal = { rc: number; message: string };
type Bound = Exclude<VppbBinding, { state: 'unbound' }>;

function invalid(message: string): Refusal {
  return { rc: RC.invalidInput, message };
}

function range(n: number): string {
  return n === 0 ? 'none' : `0–${n - 1}`;
}

/** The VCS and vPPB a request names, or why not. */
function locate(sw: FabricSwitchSpec, vcsId: number, vppbId: number): Refusal | { vcs: VcsSpec } {
  const vcs = sw.vcss.find((v) => v.vcs === vcsId);
  if (vcs === undefined)
    return invalid(`VCS ${vcsId} does not exist on ${sw.id} (VCS IDs ${range(sw.vcss.length)})`);
  if (!vcs.vppbs.some((v) => v.vppb === vppbId))
    return invalid(`vPPB ${vppbId} is out of range for VCS ${vcsId} (vPPBs ${range(vcs.vppbs.length)})`);
  return { vcs };
}

/** Where `port` (and, on an MLD port, `ld`) is bound in switch `sw`, if anywhere. */
export function boundAt(
  sw: FabricSwitchSpec,
  port: number,
  ld: number | null,
): { vcs: number; vppb: number } | null {
  for (const vcs of sw.vcss)
    for (const v of vcs.vppbs) {
      const b = v.binding;
      if (b.state === 'unbound' || b.port !== port) continue;
      if (ld === null || (b.state === 'ld' && b.ld === ld)) return { vcs: vcs.vcs, vppb: v.vppb };
    }
  return null;
}

function busy(state: FmState): Refusal | null {
  const p = state.pending;
  if (p === null) return null;
  const name = p.opcode === F.FM_OPCODE.bindVppb ? 'Bind vPPB' : 'Unbind vPPB';
  return { rc: RC.busy, message: `${name} on VCS ${p.vcs} vPPB ${p.vppb} is still running (${p.percent} %)` };
}

/** The binding a Bind vPPB request would make on its target port, or why the target refuses it. */
function bindTarget(state: FmState, sw: FabricSwitchSpec, req: BindVppb): Refusal | Bound {
  const dev = deviceOnPort(state.spec.fabric, sw.id, req.portId);
  if (dev?.kind === 'mld') {
    if (req.ldId === F.LD_ID_NONE)
      return invalid(`port ${req.portId} holds MLD ${dev.id}: name the LD-ID to bind`);
    const ld = dev.lds.find((l) => l.ld === req.ldId);
    if (ld === undefined)
      return invalid(
        `LD ${req.ldId} does not exist on ${dev.id} (LD-IDs ${dev.lds.map((l) => l.ld).join(', ')})`,
      );
    if (ld.range1 + ld.range2 === 0)
      return invalid(`LD ${req.ldId} of ${dev.id} has no memory allocated: Set LD Allocations first`);
    const at = boundAt(sw, req.portId, req.ldId);
    if (at !== null)
      return invalid(`LD ${req.ldId} of ${dev.id} is already bound to VCS ${at.vcs} vPPB ${at.vppb}`);
    return { state: 'ld', port: req.portId, ld: req.ldId };
  }
  if (req.ldId !== F.LD_ID_NONE)
    return invalid(`LD ID must be FFFFh for port ${req.portId}, which holds no MLD (got ${req.ldId})`);
  const at = boundAt(sw, req.portId, null);
  if (at !== null) return invalid(`port ${req.portId} is already bound to VCS ${at.vcs} vPPB ${at.vppb}`);
  return { state: 'port', port: req.portId };
}

function bindRefusal(state: FmState, sw: FabricSwitchSpec, req: BindVppb): Refusal | Bound {
  const b = busy(state);
  if (b !== null) return b;
  const where = locate(sw, req.vcsId, req.vppbId);
  if ('rc' in where) return where;
  const port = sw.ports.find((p) => p.port === req.portId);
  if (port === undefined) return invalid(`physical port ${req.portId} does not exist on ${sw.id}`);
  if (port.role === 'upstream')
    return invalid(`port ${req.portId} is an upstream port: only downstream ports bind to vPPBs`);
  if (!vcsEnabled(sw, where.vcs))
    return invalid(`VCS ${req.vcsId} is disabled: no host is bound to its upstream port ${where.vcs.usp}`);
  const current = where.vcs.vppbs.find((v) => v.vppb === req.vppbId)?.binding;
  if (current !== undefined && current.state !== 'unbound')
    return invalid(
      `vPPB ${req.vppbId} of VCS ${req.vcsId} is already bound to ${bindingText(current)}: unbind it first`,
    );
  return bindTarget(state, sw, req);
}

function sizeRefusal(state: FmState, name: string, got: number, need: number): FmOutcome {
  return fmOutcome(state, RC.invalidPayloadLength, `${name} takes ${need} bytes of input, got ${got}`);
}

export function runBindVppb(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome {
  if (input.length !== F.BIND_VPPB_SIZE)
    return sizeRefusal(state, 'Bind vPPB', input.length, F.BIND_VPPB_SIZE);
  const req = decodeBindVppb(input);
  const sw = findSwitch(state.spec.fabric, target.switch);
  if (!req.ok || sw === undefined) return fmOutcome(state, RC.internalError, `no switch ${target.switch}`);
  const r = bindRefusal(state, sw, req.value);
  if ('rc' in r) return fmOutcome(state, r.rc, r.message);
  const { vcsId: vcs, vppbId: vppb } = req.value;
  const pending = { opcode: F.FM_OPCODE.bindVppb, switch: sw.id, vcs, vppb, binding: r, percent: 0 };
  return fmOutcome(
    { ...state, pending },
    RC.backgroundStarted,
    `binding VCS ${vcs} vPPB ${vppb} to ${bindingText(r)} (background operation started)`,
  );
}

export function runUnbindVppb(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome {
  if (input.length !== F.UNBIND_VPPB_SIZE)
    return sizeRefusal(state, 'Unbind vPPB', input.length, F.UNBIND_VPPB_SIZE);
  const req = decodeUnbindVppb(input);
  const sw = findSwitch(state.spec.fabric, target.switch);
  if (!req.ok || sw === undefined) return fmOutcome(state, RC.internalError, `no switch ${target.switch}`);
  const { vcsId: vcs, vppbId: vppb, option } = req.value;
  const b = busy(state);
  if (b !== null) return fmOutcome(state, b.rc, b.message);
  const where = locate(sw, vcs, vppb);
  if ('rc' in where) return fmOutcome(state, where.rc, where.message);
  if (F.UNBIND_OPTION_NAMES[option] === undefined)
    return fmOutcome(state, RC.invalidInput, `Unbind Option ${option} is reserved (0–2 are defined)`);
  const binding = where.vcs.vppbs.find((v) => v.vppb === vppb)?.binding;
  if (binding === undefined || binding.state === 'unbound')
    return fmOutcome(state, RC.invalidInput, `vPPB ${vppb} of VCS ${vcs} is not bound`);
  const pending = { opcode: F.FM_OPCODE.unbindVppb, switch: sw.id, vcs, vppb, binding, option, percent: 0 };
  return fmOutcome(
    { ...state, pending },
    RC.backgroundStarted,
    `unbinding VCS ${vcs} vPPB ${vppb} from ${bindingText(binding)} (${F.UNBIND_OPTION_NAMES[option]}; background operation started)`,
  );
}
