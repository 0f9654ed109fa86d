/**
 * The canvas menu's "Rename…": a small dialog that renames a component through the store's
 * `renameComponent` (the Inspector's Name field uses the same action). Enter renames, Esc closes.
 */
import './rename-dialog.css';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { MAX_NAME_LENGTH } from '../lib/rename-component';
import { useLabStoreApi } from '../state/hooks';
import { focusTarget } from './use-canvas-menu';

export function RenameDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const store = useLabStoreApi();
  const [name, setName] = useState(id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const errorId = useId();
  // Closed, the keyboard goes back to the node (under its new name once renamed).
  const renamedTo = useRef(id);
  useEffect(() => {
    input.current?.select();
    return () => focusTarget(renamedTo.current);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = name.trim();
    setBusy(true);
    void store
      .getState()
      .renameComponent(id, next)
      .then((r) => {
        setBusy(false);
        if (!r.ok) {
          setError(r.error.message);
          input.current?.focus();
          return;
        }
        renamedTo.current = next;
        onClose();
      });
  };

  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal rename-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="rename-dialog"
        onKeyDown={(event) => {
          // The canvas's shortcuts (Delete, F, L…) stay out of the dialog.
          event.stopPropagation();
          if (event.key === 'Escape') onClose();
        }}
      >
        <div className="modal__header">
          <h2 className="modal__title" id={titleId}>
            Rename {id}
          </h2>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        <form className="rename-dialog__form" onSubmit={submit}>
          <label className="rename-dialog__label">
            New name
            <input
              ref={input}
              className="ui-input ui-mono"
              value={name}
              maxLength={MAX_NAME_LENGTH}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error !== null}
              aria-describedby={error === null ? undefined : errorId}
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
              }}
              data-testid="rename-input"
            />
          </label>
          {error !== null && (
            <p className="rename-dialog__error" id={errorId} role="alert" data-testid="rename-error">
              {error}
            </p>
          )}
          <div className="rename-dialog__actions">
            <button type="button" className="ui-button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className="ui-button ui-button--primary"
              disabled={busy}
              data-testid="rename-submit"
            >
              Rename
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
