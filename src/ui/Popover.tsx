// A button toggling a small non-modal dialog anchored below it.
import { type ReactNode, useCallback, useId, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';

/** A button that toggles a small non-modal dialog anchored below it (help, about, details). */
export function Popover({
  buttonLabel,
  buttonContent,
  title,
  children,
  testId,
  defaultOpen = false,
}: {
  /** Accessible name of the button. */
  buttonLabel: string;
  buttonContent: ReactNode;
  title: string;
  children: ReactNode;
  testId?: string;
  /** Open on mount (a stand-in button was clicked while the popover's code loaded). */
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const rootRef = useRef<HTMLDivElement>(null);
  const dialogId = useId();
  const titleId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, rootRef, close);

  return (
    <div className="ui-popover" ref={rootRef}>
      <button
        type="button"
        className="ui-menubar-button ui-menubar-button--icon"
        aria-label={buttonLabel}
        title={buttonLabel}
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {buttonContent}
      </button>
      {open && (
        <div className="ui-popover__panel" role="dialog" id={dialogId} aria-labelledby={titleId}>
          <h2 className="ui-popover__title" id={titleId}>
            {title}
          </h2>
          {children}
        </div>
      )}
    </div>
  );
}
