// The toast shown when another tab changed or deleted the open lab; autosave waits for the user's choice.
import { useEffect, useState } from 'react';
import { useLabStore } from '../state/hooks';

/**
 * Shown when the open lab was changed (or deleted) in another tab since this tab loaded or saved
 * it. Autosave writes nothing until the user picks a version, so neither tab's work is lost. While
 * this tab holds changes that could not be saved, closing or reloading it asks first.
 */
export function SaveConflictBanner() {
  const conflict = useLabStore((s) => s.saveConflict);
  const loadStoredVersion = useLabStore((s) => s.loadStoredVersion);
  const keepMineAsNewLab = useLabStore((s) => s.keepMineAsNewLab);
  const [busy, setBusy] = useState(false);
  const unsaved = conflict?.unsaved === true;
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
  if (conflict === null) return null;

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  const deleted = conflict.kind === 'deleted';
  const title = deleted ? 'This lab was deleted in another tab.' : 'This lab was changed in another tab.';
  const text = deleted
    ? conflict.unsaved
      ? 'Your changes in this tab are not saved. Keep them as a new lab, or they are lost when you leave.'
      : 'Keep this tab’s version as a new lab, or open another lab.'
    : conflict.unsaved
      ? 'Nothing from this tab was saved, so the other tab’s work is safe. Loading the other tab’s version discards your changes in this tab.'
      : 'This tab shows an older version. Nothing from this tab is saved until you choose.';

  return (
    <div
      className="toast toast--warning"
      role="alert"
      data-testid="save-conflict-banner"
      data-kind={conflict.kind}
    >
      <div className="toast__body">
        <strong className="toast__title">{title}</strong> <span>{text}</span>
        <div className="toast__actions">
          {!deleted && (
            <button
              type="button"
              className="ui-button ui-button--small"
              disabled={busy}
              onClick={() => run(loadStoredVersion)}
              data-testid="save-conflict-load"
            >
              Load the other tab’s version
            </button>
          )}
          <button
            type="button"
            className="ui-button ui-button--small ui-button--primary"
            disabled={busy}
            onClick={() => run(keepMineAsNewLab)}
            data-testid="save-conflict-keep"
          >
            Keep mine as a new lab
          </button>
        </div>
      </div>
    </div>
  );
}
