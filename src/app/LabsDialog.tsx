// File ▸ Labs: every lab saved in this browser, to open, rename, delete or start anew.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLabStore } from '../state/hooks';

function when(time: number): string {
  return new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The Labs list (File ▸ Labs…): every lab kept in this browser; open, rename, delete, new. */
/** The inline form that renames one lab in the list. */
function RenameForm(props: {
  labName: string;
  name: string;
  onChange: (name: string) => void;
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
}) {
  return (
    <form className="labs-list__rename" onSubmit={props.onSubmit}>
      <input
        className="ui-input"
        value={props.name}
        aria-label={`New name for ${props.labName}`}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid="lab-rename-input"
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this lab
        autoFocus
      />
      <button type="submit" className="ui-button ui-button--small" data-testid="lab-rename-save">
        Save
      </button>
      <button type="button" className="ui-button ui-button--small" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

export function LabsDialog() {
  const open = useLabStore((s) => s.labsDialogOpen);
  const setOpen = useLabStore((s) => s.setLabsDialogOpen);
  const labs = useLabStore((s) => s.labs);
  const currentId = useLabStore((s) => s.labId);
  const switchLab = useLabStore((s) => s.switchLab);
  const renameLab = useLabStore((s) => s.renameLab);
  const deleteLab = useLabStore((s) => s.deleteLab);
  const newLab = useLabStore((s) => s.newLab);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, setOpen]);

  if (!open) return null;

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    if (renaming === null) return;
    void renameLab(renaming.id, renaming.name).then((r) => {
      if (r.ok) setRenaming(null);
    });
  };

  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="labs-dialog-title"
        data-testid="labs-dialog"
        tabIndex={-1}
        ref={dialogRef}
      >
        <div className="modal__header">
          <h2 className="modal__title" id="labs-dialog-title">
            Labs
          </h2>
          <span className="modal__subtitle">kept in this browser, saved as you work</span>
          <button
            type="button"
            className="ui-button ui-button--primary ui-button--small"
            data-testid="labs-new"
            onClick={() => void newLab().then((r) => r.ok && setOpen(false))}
          >
            New lab
          </button>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={() => setOpen(false)}>
            ✕
          </button>
        </div>
        <ul className="labs-list" data-testid="labs-list">
          {labs.map((lab) => {
            const current = lab.id === currentId;
            return (
              <li
                key={lab.id}
                className={current ? 'labs-list__item is-current' : 'labs-list__item'}
                data-testid="labs-item"
                data-lab-id={lab.id}
              >
                {renaming?.id === lab.id ? (
                  <RenameForm
                    labName={lab.name}
                    name={renaming.name}
                    onChange={(name) => setRenaming({ id: lab.id, name })}
                    onSubmit={submitRename}
                    onCancel={() => setRenaming(null)}
                  />
                ) : (
                  <>
                    <button
                      type="button"
                      className="labs-list__name"
                      data-testid="lab-open"
                      aria-current={current ? 'true' : undefined}
                      onClick={() => void switchLab(lab.id).then((r) => r.ok && setOpen(false))}
                    >
                      {lab.name}
                    </button>
                    {current && <span className="ui-pill">open</span>}
                    <span className="labs-list__time">{when(lab.updatedAt)}</span>
                    {confirmDelete === lab.id ? (
                      <>
                        <span className="labs-list__confirm">Delete this lab?</span>
                        <button
                          type="button"
                          className="ui-button ui-button--danger ui-button--small"
                          data-testid="lab-delete-confirm"
                          onClick={() => void deleteLab(lab.id).then(() => setConfirmDelete(null))}
                        >
                          Delete
                        </button>
                        <button
                          type="button"
                          className="ui-button ui-button--small"
                          onClick={() => setConfirmDelete(null)}
                        >
                          Keep
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="ui-button ui-button--small"
                          data-testid="lab-rename"
                          onClick={() => setRenaming({ id: lab.id, name: lab.name })}
                        >
                          Rename
                        </button>
                        <button
                          type="button"
                          className="ui-button ui-button--small"
                          data-testid="lab-delete"
                          onClick={() => setConfirmDelete(lab.id)}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
