/**
 * The one place notices appear: a stack of toasts at the bottom right (at the Inspector's foot, or
 * side by side at the dock's foot when no column is free; never over the canvas, and the column
 * under it makes room), newest at the bottom (on the right), at most three shown.
 */
import './toast-stack.css';
import { type KeyboardEvent, lazy, Suspense, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useLabStore } from '../state/hooks';
import type { CrashState, Notice } from '../state/types';
import { useAutoDismiss } from './use-auto-dismiss';
import { useToastRoom } from './use-toast-room';

/** Toasts shown at once; older ones fold into "+N more". */
export const MAX_VISIBLE_TOASTS = 3;

const SaveConflictToast = lazy(() =>
  import('./SaveConflictBanner').then((m) => ({ default: m.SaveConflictBanner })),
);

/** Escape on a focused toast dismisses it (its buttons keep their own keys). */
function onEscape(dismiss: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    dismiss();
  };
}

function DismissButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      className="toast__dismiss"
      aria-label="Dismiss"
      title="Dismiss (Esc)"
      onClick={onClick}
    >
      ×
    </button>
  );
}

function NoticeToast({
  notice,
  onDismiss,
  onUndo,
}: {
  notice: Notice;
  onDismiss: () => void;
  onUndo: () => void;
}) {
  const error = notice.tone === 'error';
  return (
    <div
      className={`toast toast--${notice.tone}`}
      // Errors announce themselves; information is read by the stack's live region.
      role={error ? 'alert' : undefined}
      data-notice-id={notice.id}
      data-testid="notice"
      data-tone={notice.tone}
      tabIndex={-1}
    >
      <div className="toast__body">
        <strong className="toast__title">{notice.title}</strong>
        {notice.details.length > 0 && (
          <ul className="toast__details">
            {notice.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      {notice.undo !== undefined && (
        <button
          type="button"
          className="ui-button ui-button--small"
          data-testid="notice-undo"
          onClick={onUndo}
        >
          Undo
        </button>
      )}
      <DismissButton onClick={onDismiss} />
    </div>
  );
}

function CrashToast({ crash, onDismiss }: { crash: CrashState; onDismiss: () => void }) {
  return (
    <div
      className={`toast ${crash.restored === false ? 'toast--error' : 'toast--warning'}`}
      role="alert"
      data-testid="crash-banner"
      data-restored={crash.restored === null ? 'pending' : String(crash.restored)}
      onKeyDown={onEscape(onDismiss)}
    >
      <div className="toast__body">
        {/* "Stopped", not "crashed": the worker may have died, thrown, or hung and been stopped. */}
        <strong className="toast__title">
          {crash.restored === true ? 'The emulator was restarted' : 'The emulator stopped'}
        </strong>{' '}
        <span>{crash.message}</span>
      </div>
      <DismissButton onClick={onDismiss} />
    </div>
  );
}

/**
 * Notices as toasts: information leaves by itself (its clock stops while the pointer or focus is in
 * the stack), errors, the crash notice and a save conflict stay until dealt with. At most three
 * show; older ones fold into "+N more", which expands them. A destructive edit's toast has Undo.
 * The newest notice is read out through a polite live region. Placed by `.toast-stack`
 * (`--toast-stack-right` / `--toast-stack-bottom` let the shell move it).
 */
export function ToastStack() {
  const notices = useLabStore((s) => s.notices);
  const crash = useLabStore((s) => s.crash);
  const conflict = useLabStore((s) => s.saveConflict !== null);
  const dismissNotice = useLabStore((s) => s.dismissNotice);
  const dismissCrash = useLabStore((s) => s.dismissCrash);
  const undoNotice = useLabStore((s) => s.undoNotice);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const dismiss = useCallback((id: number) => dismissNotice(id), [dismissNotice]);
  const ref = useRef<HTMLElement>(null);
  // A dismissed toast takes the focus with it without a blur event: check again after each change.
  useLayoutEffect(() => {
    if (focused && notices && !ref.current?.contains(document.activeElement)) setFocused(false);
  }, [focused, notices]);
  useAutoDismiss(notices, hovered || focused, dismiss);
  useToastRoom(ref);

  const pinned = (crash === null ? 0 : 1) + (conflict ? 1 : 0);
  const room = Math.max(0, MAX_VISIBLE_TOASTS - pinned);
  const hidden = expanded ? 0 : Math.max(0, notices.length - room);
  const shown = notices.slice(hidden);
  // Errors announce themselves (role=alert); the live region reads the newest information.
  const latest = [...notices].reverse().find((n) => n.tone !== 'error');
  const empty = pinned === 0 && notices.length === 0;

  return (
    <section
      ref={ref}
      className="toast-stack"
      aria-label="Notifications"
      data-testid="toast-stack"
      data-empty={empty}
      onKeyDown={(event) => {
        // Esc on a focused notice dismisses it (the stack's other items have their own handlers).
        const id = (event.target as HTMLElement).closest('[data-notice-id]')?.getAttribute('data-notice-id');
        if (id !== null && id !== undefined) onEscape(() => dismissNotice(Number(id)))(event);
      }}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <p className="ui-visually-hidden" aria-live="polite" data-testid="toast-live">
        {latest?.title ?? ''}
      </p>
      {(hidden > 0 || (expanded && notices.length > room)) && (
        <div className="toast-stack__more">
          <button
            type="button"
            className="ui-button ui-button--small"
            aria-expanded={expanded}
            data-testid="toast-more"
            onClick={() => setExpanded((v) => !v)}
          >
            {expanded ? 'Show fewer' : `+${hidden} more`}
          </button>
          <button
            type="button"
            className="ui-button ui-button--small"
            data-testid="toast-dismiss-all"
            onClick={() => {
              for (const n of notices) dismissNotice(n.id);
              setExpanded(false);
            }}
          >
            Dismiss all
          </button>
        </div>
      )}
      <div className={`toast-stack__list${expanded ? ' is-expanded' : ''}`}>
        {conflict && (
          <Suspense fallback={null}>
            <SaveConflictToast />
          </Suspense>
        )}
        {crash !== null && <CrashToast crash={crash} onDismiss={dismissCrash} />}
        {shown.map((n) => (
          <NoticeToast
            key={n.id}
            notice={n}
            onDismiss={() => dismissNotice(n.id)}
            onUndo={() => void undoNotice(n.id)}
          />
        ))}
      </div>
    </section>
  );
}
