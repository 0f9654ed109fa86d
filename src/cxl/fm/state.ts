/**
 * What the fabric manager's commands run on: the fabric (switches, VCS bindings, devices and their
 * LD allocations) and the one background operation a switch may be running. Bind vPPB and Unbind
 * vPPB always run as background commands (CXL 2.0 §7.6.7.2.2–.3; checked in the CXL r3.2 text): they
 * answer Background Command Started, the vPPB reads "bind or unbind in progress", and the change
 * lands when the operation completes (`stepBackground`). One background operation runs at a time:
 * another background command meanwhile is refused with Busy (Busy is among Bind/Unbind's return codes,
 * CXL r3.2 §7.6.7.2.2; QEMU hw/cxl/cxl-mailbox-utils.c cxl_process_cci_message does the same).
 */
import type { FabricSpec, FabricSwitchSpec, MultiHostSpec, VppbBinding } from '../fabric/model.ts';
import { FM_OPCODE } from '../spec/fm-api.ts';
import { RC } from '../spec/mailbox.ts';

/** A Bind or Unbind vPPB the switch has started and not finished. */
export interface PendingOperation {
  opcode: typeof FM_OPCODE.bindVppb | typeof FM_OPCODE.unbindVppb;
  switch: string;
  vcs: number;
  vppb: number;
  /** Bind: the binding it will make. Unbind: the binding it removes. */
  binding: Exclude<VppbBinding, { state: 'unbound' }>;
  /** Unbind Option (CXL r3.2 Table 7-34), Unbind only. */
  option?: number;
  /** Percentage complete, as the Background Command Status register reports it (0–100). */
  percent: number;
}

export interface FmState {
  /** The whole multi-host lab: the FM changes its fabric; hosts see the result through their views. */
  spec: MultiHostSpec;
  pending: PendingOperation | null;
}

export function fmState(spec: MultiHostSpec): FmState {
  return { spec, pending: null };
}

/** The completed operation, as the background status reports it when percent reaches 100. */
export interface BackgroundCompletion {
  opcode: number;
  returnCode: number;
  message: string;
}

/** Percent a step advances: two steps, so a UI can show the half-way state (the vPPB in progress). */
export const BACKGROUND_STEP = 50;

/**
 * Advances the pending operation by one step; at 100 % the binding change is applied and the
 * completion returned. Without a pending operation nothing changes.
 */
export function stepBackground(state: FmState): { state: FmState; completed: BackgroundCompletion | null } {
  const p = state.pending;
  if (p === null) return { state, completed: null };
  const percent = Math.min(100, p.percent + BACKGROUND_STEP);
  if (percent < 100) return { state: { ...state, pending: { ...p, percent } }, completed: null };
  const spec = cloneSpec(state.spec);
  const vppb = spec.fabric.switches.find((s) => s.id === p.switch)?.vcss.find((v) => v.vcs === p.vcs)?.vppbs[
    p.vppb
  ];
  if (vppb !== undefined)
    vppb.binding = p.opcode === FM_OPCODE.bindVppb ? { ...p.binding } : { state: 'unbound' };
  const what = p.opcode === FM_OPCODE.bindVppb ? 'bound to' : 'unbound from';
  return {
    state: { spec, pending: null },
    completed: {
      opcode: p.opcode,
      returnCode: RC.success,
      message: `${p.switch} VCS ${p.vcs} vPPB ${p.vppb} ${what} ${bindingText(p.binding)}`,
    },
  };
}

/** Runs the pending operation to completion (all remaining steps). */
export function completeBackground(state: FmState): {
  state: FmState;
  completed: BackgroundCompletion | null;
} {
  let s = state;
  for (let i = 0; i < 100 / BACKGROUND_STEP; i++) {
    const r = stepBackground(s);
    if (r.completed !== null || r.state.pending === null) return r;
    s = r.state;
  }
  return { state: s, completed: null };
}

/** "port 3" / "port 3 LD 1". */
export function bindingText(b: Exclude<VppbBinding, { state: 'unbound' }>): string {
  return b.state === 'ld' ? `port ${b.port} LD ${b.ld}` : `port ${b.port}`;
}

/** The pending operation's target vPPB, if `sw`/`vcs`/`vppb` is it. */
export function pendingOn(state: FmState, sw: string, vcs: number, vppb: number): PendingOperation | null {
  const p = state.pending;
  return p !== null && p.switch === sw && p.vcs === vcs && p.vppb === vppb ? p : null;
}

/** A deep copy (the fabric model is plain JSON-safe data), for handlers that return a new state. */
export function cloneSpec(spec: MultiHostSpec): MultiHostSpec {
  return JSON.parse(JSON.stringify(spec)) as MultiHostSpec;
}

export function findSwitch(fabric: FabricSpec, id: string): FabricSwitchSpec | undefined {
  return fabric.switches.find((s) => s.id === id);
}
