// Keeps the Check findings current (rerun after every change of the lab) and names the dock tab.
import { useEffect } from 'react';
import { useLabStore } from '../../state/hooks';

/** The stable id of the Check dock tab (share links may name it). */
export const CHECK_TAB_ID = 'check';

/** Quiet time after a change before the check runs (a burst of edits runs it once). */
const CHECK_DELAY_MS = 150;

/**
 * Reruns `check.run` after every change of the configuration: each topology edit, register write,
 * region create or destroy, import, lab switch and undo answers with a new document (memory
 * accesses do not, and the check does not read memory). A large lab takes the worker a while to
 * check (every region is routed chunk by chunk), so a burst of changes is checked once, after it.
 * Mounted by the dock, so the tab's counts are current even while another tab is shown.
 */
export function useCheckUpdates(): void {
  const document = useLabStore((s) => s.document);
  const runCheck = useLabStore((s) => s.runCheck);
  useEffect(() => {
    if (document === null) return;
    const timer = setTimeout(() => void runCheck(), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [document, runCheck]);
}

/** "Check", then the counts: "Check · 5 errors · 1 warning" (singular where one). */
export function checkTabLabel(counts: { errors: number; warnings: number } | null): string {
  if (counts === null) return 'Check';
  if (counts.errors === 0 && counts.warnings === 0) return 'Check · ok';
  const parts = ['Check'];
  if (counts.errors > 0) parts.push(`${counts.errors} error${counts.errors === 1 ? '' : 's'}`);
  if (counts.warnings > 0) parts.push(`${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** The Check tab's label with the current counts; keeps the findings current while mounted. */
export function useCheckTabLabel(): string {
  useCheckUpdates();
  const run = useLabStore((s) => s.checkResult.run);
  return checkTabLabel(run === null ? null : { errors: run.errors, warnings: run.warnings });
}
