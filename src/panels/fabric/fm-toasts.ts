// What a Fabric Manager background operation (Bind or Unbind vPPB, CXL 2.0 §7.6.7.2.2–.3) says in the toast stack: one toast when it starts, none per Step, one when it completes.
import type { PendingOperation } from '../../cxl/fm/state.ts';
import { FM_OPCODE } from '../../cxl/spec/fm-api.ts';
import type { EditIntent } from '../../lib/edit-summary.ts';
import type { ActionResult, UndoableIntent } from '../../state/types.ts';
import type { FmCompletionView, FmRunView } from '../../worker/fabric-types.ts';
import { pendingName } from './fabric-rows';

type FmOpIntent = Extract<EditIntent, { kind: 'fm-op' }>;
type Op = Pick<PendingOperation, 'opcode' | 'switch' | 'vcs' | 'vppb' | 'binding'>;

/** "port 3 LD 0" / "port 2": what the operation binds or unbinds. */
export function bindingText(p: Pick<PendingOperation, 'binding'>): string {
  const b = p.binding;
  return b.state === 'ld' ? `port ${b.port} LD ${b.ld}` : `port ${b.port}`;
}

/** The run's toast: "Unbind vPPB started (sw0 VCS 0 vPPB 1)". */
export function startedIntent(p: Op): FmOpIntent {
  return { kind: 'fm-op', summary: `${pendingName(p)} started (${p.switch} VCS ${p.vcs} vPPB ${p.vppb})` };
}

/**
 * The completing step's toast: "VCS 0 vPPB 1 unbound from port 3 LD 0", "VCS 0 vPPB 1 bound to port 3
 * LD 0", or, when the completion's return code is not Success, the operation and its return code.
 */
export function completedIntent(
  p: Op,
  c: Pick<FmCompletionView, 'returnCode' | 'returnCodeName'>,
): FmOpIntent {
  const vppb = `VCS ${p.vcs} vPPB ${p.vppb}`;
  if (c.returnCode !== 0)
    return { kind: 'fm-op', summary: `${pendingName(p)} ${p.switch} ${vppb} ended: ${c.returnCodeName}` };
  const bind = p.opcode === FM_OPCODE.bindVppb;
  return { kind: 'fm-op', summary: `${vppb} ${bind ? 'bound to' : 'unbound from'} ${bindingText(p)}` };
}

/**
 * The toast of one `fm.run` (`undoable`): a background operation's start names its vPPB; any other
 * command that changed the lab names the command and its switch (→ port).
 */
export function runIntent<E>(command: string, target: string): UndoableIntent<ActionResult<FmRunView, E>> {
  return (res, after) => {
    const pending = after.fabric?.pending;
    return res.ok && res.value.background && pending !== null && pending !== undefined
      ? startedIntent(pending)
      : { kind: 'fm', command, target };
  };
}

/**
 * The toast of one `fm.step` on operation `op`: none for an intermediate Step (still one undo step
 * in the history: the percent is part of the document), one for the completing step, whose Undo
 * returns to the step before the completion.
 */
export function stepIntent<E>(
  op: Op,
): UndoableIntent<ActionResult<{ completed: FmCompletionView | null }, E>> {
  return (res) => (res.ok && res.value.completed !== null ? completedIntent(op, res.value.completed) : null);
}
