// Runs one FM API command from any part of the Fabric Manager panel: the store's `fmRun` (an undoable edit when it changes the fabric), then the session's history, last answer and announcement.
import { useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { type FmRunArgs, fmAccepted, useFmSession } from './fm-session';
import { runIntent } from './fm-toasts';

export interface FmRunner {
  busy: boolean;
  /** Why the last run could not be sent (not a return code: those are answers). */
  failure: string | null;
  run(args: FmRunArgs): Promise<boolean>;
}

export function useFmRun(): FmRunner {
  const fmRun = useLabStore((s) => s.fmRun);
  const undoable = useLabStore((s) => s.undoable);
  const catalog = useFmSession((s) => s.catalog);
  const record = useFmSession((s) => s.record);
  const announce = useFmSession((s) => s.announce);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return {
    busy,
    failure,
    async run(args) {
      setBusy(true);
      // A command that changes the fabric is an undoable edit whose toast names it; a background
      // operation's start says which vPPB ("Unbind vPPB started (sw0 VCS 0 vPPB 1)"): its Steps
      // leave no toast, its completion one (PendingOp).
      const name = catalog.find((c) => c.cli === args.command)?.name ?? args.command;
      const target = args.port === undefined ? args.switch : `${args.switch} → port ${args.port}`;
      const r = await undoable(runIntent(name, target), () => fmRun(args));
      setBusy(false);
      setFailure(r.ok ? null : r.error.message);
      if (!r.ok) {
        announce(`Not sent: ${r.error.message}`);
        return false;
      }
      record(args, r.value);
      const t = r.value.tunnelled;
      const rc =
        t === undefined
          ? r.value.returnCodeName
          : `${r.value.returnCodeName}; the MLD answered ${t.returnCodeName}`;
      announce(`${r.value.command} on ${r.value.switch}: ${rc}. ${t?.message ?? r.value.message}`);
      return fmAccepted(r.value.returnCode) && (t === undefined || fmAccepted(t.returnCode));
    },
  };
}
