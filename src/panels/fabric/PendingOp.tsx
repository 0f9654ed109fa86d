// The Fabric Manager panel's pending background operation (Bind or Unbind vPPB, CXL 2.0 §7.6.7.2.2–.3): its percent, Step and Complete, and the completion's return code.
import { useState } from 'react';
import type { PendingOperation } from '../../cxl/fm/state.ts';
import { FM_OPCODE } from '../../cxl/spec/fm-api.ts';
import { useLabStore } from '../../state/hooks';
import { ProgressBar } from '../../ui/ProgressBar';
import { pendingName } from './fabric-rows';
import { useFmSession } from './fm-session';
import { bindingText, stepIntent } from './fm-toasts';

export function PendingOp({ pending }: { pending: PendingOperation | null }) {
  const fmStep = useLabStore((s) => s.fmStep);
  const undoable = useLabStore((s) => s.undoable);
  const announce = useFmSession((s) => s.announce);
  const completion = useFmSession((s) => s.completion);
  const setCompletion = useFmSession((s) => s.setCompletion);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const step = async (complete: boolean) => {
    if (pending === null) return;
    const name = pendingName(pending);
    setBusy(true);
    const op = pending;
    // Every Step changes the document (the percent is saved with the lab), so each is one undo step
    // in the history (Undo / Ctrl+Z goes back one Step). Only the completing step leaves a toast: its
    // Undo returns to the step before the completion, the operation still pending (the run's own
    // toast, "… started", undoes the whole operation).
    const r = await undoable(stepIntent(pending), () => fmStep(complete));
    setBusy(false);
    setFailure(r.ok ? null : r.error.message);
    if (!r.ok) return;
    const c = r.value.completed;
    if (c !== null) {
      setCompletion({ name, returnCode: c.returnCode, returnCodeName: c.returnCodeName, message: c.message });
      announce(`${name} completed: ${c.returnCodeName}. ${c.message}`);
    } else announce(`${name} ${op.switch} VCS ${op.vcs} vPPB ${op.vppb}: ${r.value.percent} %`);
  };

  if (pending === null && completion === null) return null;
  return (
    <section className="fm-pending" aria-label="Background operation" data-testid="fm-pending">
      {pending !== null ? (
        <>
          <span className="fm-pending__what" data-testid="fm-pending-what">
            {pendingName(pending)} {pending.switch} VCS {pending.vcs} vPPB {pending.vppb}{' '}
            {pending.opcode === FM_OPCODE.bindVppb ? '→' : 'from'} {bindingText(pending)} · {pending.percent}{' '}
            %
          </span>
          <ProgressBar value={pending.percent} max={100} label={`${pendingName(pending)} progress`} />
          <button
            type="button"
            className="ui-button ui-button--small"
            disabled={busy}
            onClick={() => void step(false)}
            data-testid="fm-step"
          >
            Step
          </button>
          <button
            type="button"
            className="ui-button ui-button--small ui-button--primary"
            disabled={busy}
            onClick={() => void step(true)}
            data-testid="fm-complete"
          >
            Complete
          </button>
        </>
      ) : completion !== null ? (
        <span className="fm-pending__what" data-testid="fm-completion">
          {completion.name} completed →{' '}
          <strong className={completion.returnCode === 0 ? 'mbox-ok' : 'mbox-bad'}>
            {completion.returnCodeName}
          </strong>
          : {completion.message}
        </span>
      ) : null}
      {failure !== null && (
        <span className="mbox-problem" role="alert">
          {failure}
        </span>
      )}
    </section>
  );
}
