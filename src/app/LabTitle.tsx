/**
 * The open lab's name in the header, renamable in place: click it (or Enter on it) to edit; Enter
 * saves, Esc cancels. The name is saved with the lab, so it survives a reload.
 */
import './lab-title.css';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLabStore } from '../state/hooks';

export function LabTitle() {
  const labId = useLabStore((s) => s.labId);
  const labName = useLabStore((s) => s.labName);
  const renameLab = useLabStore((s) => s.renameLab);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Esc ends editing before the field's blur (which saves) can run.
  const editing = useRef(false);
  // After Enter or Esc the keyboard goes back to the name (after a blur it stays where it went).
  const refocus = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (draft !== null || !refocus.current) return;
    refocus.current = false;
    button.current?.focus();
  }, [draft]);

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    if (event !== undefined) refocus.current = true;
    if (!editing.current || draft === null || labId === null) return;
    if (draft.trim() === labName) {
      editing.current = false;
      return setDraft(null);
    }
    void renameLab(labId, draft).then((r) => {
      if (r.ok) {
        editing.current = false;
        setDraft(null);
        setError(null);
      } else setError(r.error.message);
    });
  };

  if (draft === null) {
    return (
      <button
        ref={button}
        type="button"
        className="app-header__lab lab-title"
        data-testid="lab-name"
        title="Rename this lab"
        aria-label={`Lab name: ${labName}. Rename`}
        onClick={() => {
          editing.current = true;
          setDraft(labName);
        }}
      >
        {labName}
      </button>
    );
  }
  return (
    <form className="lab-title__form" onSubmit={save}>
      <input
        className="ui-input lab-title__input"
        aria-label="Lab name"
        aria-invalid={error !== null || undefined}
        aria-describedby={error === null ? undefined : 'lab-title-error'}
        data-testid="lab-name-input"
        value={draft}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename the lab
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => save()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            editing.current = false;
            refocus.current = true;
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error !== null && (
        <span className="lab-title__error" id="lab-title-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
