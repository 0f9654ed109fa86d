/**
 * Keyboard connect (C on a selected component, or "Connect to…"): every parent the component may
 * move below, as a list the arrow keys walk; Enter connects, Esc closes.
 */
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useRovingFocus } from '../ui/use-roving-focus';
import type { ConnectRequest } from './menu-types';
import type { ParentChoice } from './reparent';
import { focusTarget } from './use-canvas-menu';

export function ConnectDialog({
  request,
  onChoose,
  onClose,
}: {
  request: ConnectRequest;
  onChoose: (choice: ParentChoice) => void;
  onClose: () => void;
}) {
  const list = useRef<HTMLUListElement>(null);
  const modal = useRef<HTMLDivElement>(null);
  // Closed, the keyboard goes back to the component (its node on the canvas).
  const child = request.child;
  useEffect(() => {
    (list.current?.querySelector('button') ?? modal.current)?.focus();
    return () => focusTarget(child);
  }, [child]);

  const roving = useRovingFocus(list, 'button');
  const onKeyDown = (event: KeyboardEvent) => {
    // The canvas's shortcuts (Delete, F, L…) stay out of the dialog.
    event.stopPropagation();
    if (event.key === 'Escape') onClose();
    else roving(event);
  };

  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={modal}
        className="modal connect-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="connect-dialog-title"
        data-testid="connect-dialog"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="modal__header">
          <h2 className="modal__title" id="connect-dialog-title">
            Connect {request.child} below…
          </h2>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        {request.choices.length === 0 ? (
          <p className="connect-dialog__none" data-testid="connect-none">
            Nothing can take {request.child} now
            {request.refusal === null ? '' : `: ${request.refusal}`}.
          </p>
        ) : (
          <>
            <p className="connect-dialog__help">↑ ↓ to choose, Enter to connect, Esc to close.</p>
            <ul className="connect-dialog__list" ref={list} aria-label={`Parents for ${request.child}`}>
              {request.choices.map((c) => (
                <li key={`${c.node}:${c.handle ?? ''}`}>
                  <button
                    type="button"
                    className="connect-dialog__choice"
                    data-testid={`connect-to-${c.node}`}
                    onClick={() => onChoose(c)}
                  >
                    {c.label}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
