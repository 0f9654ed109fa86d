// The modal frame and small parts (note list, copy button) shared by the interop dialogs.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { copyText } from './interop-actions';

/**
 * The modal frame of the interop dialogs (share, QEMU export, imports): title, optional subtitle,
 * close button, Escape and a click on the backdrop close it; focus moves into it when it opens.
 */
export function InteropModal({
  title,
  subtitle,
  testId,
  wide,
  onClose,
  children,
  footer,
}: {
  title: string;
  subtitle?: string;
  testId: string;
  wide?: boolean;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={wide ? 'modal interop-modal interop-modal--wide' : 'modal interop-modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        ref={ref}
      >
        <div className="modal__header">
          <h2 className="modal__title" id={titleId}>
            {title}
          </h2>
          <span className="modal__subtitle">{subtitle}</span>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        <div className="interop-modal__body">{children}</div>
        {footer !== undefined && <div className="interop-modal__footer">{footer}</div>}
      </div>
    </div>
  );
}

/** A list of problems or notes under a heading (refusals, warnings, skipped arguments, findings). */
export function NoteList({
  title,
  items,
  tone,
  testId,
}: {
  title: string;
  items: readonly string[];
  tone: 'error' | 'warning' | 'info';
  testId: string;
}) {
  if (items.length === 0) return null;
  return (
    <section className={`interop-notes interop-notes--${tone}`} data-testid={testId}>
      <h3 className="interop-notes__title">
        {title} <span className="interop-notes__count">{items.length}</span>
      </h3>
      <ul className="interop-notes__list">
        {items.map((item, i) => (
          // Messages can repeat (the same note for two devices); the index keeps keys unique.
          // biome-ignore lint/suspicious/noArrayIndexKey: a static list, rebuilt whole each time
          <li key={i}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

/** A button that copies `text` and says so for a moment. */
export function CopyButton({
  text,
  label = 'Copy',
  testId,
  primary,
}: {
  text: string;
  label?: string;
  testId?: string;
  primary?: boolean;
}) {
  const [state, setState] = useStateTimed();
  return (
    <button
      type="button"
      className={primary ? 'ui-button ui-button--primary' : 'ui-button'}
      data-testid={testId}
      disabled={text === ''}
      onClick={() => void copyText(text).then((copied) => setState(copied ? 'Copied' : 'Select and copy'))}
    >
      {state ?? label}
    </button>
  );
}

function useStateTimed(): [string | null, (s: string) => void] {
  const [state, setState] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return [
    state,
    (s: string) => {
      setState(s);
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => setState(null), 1500);
    },
  ];
}
