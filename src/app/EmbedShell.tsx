// The `?embed` page: only the canvas, the decode animation and a one-field access bar.
import './interop.css';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { formatHex, parseQuantity } from '../lib/format';
import { DecodeBarSlot } from '../panels/DecodeBarSlot';
import { useLabStore } from '../state/hooks';
import { keepProgressInMemory } from '../state/lesson-progress';
import { embedDeps, openInLabUrl } from './embed';
import { LabCanvasArea } from './LabCanvasArea';
import { LabStoreProvider } from './LabStoreProvider';
import { NoticeBanner } from './NoticeBanner';
import { useShareLinkFromLocation } from './share-location';

/** A one-field access bar: trace a read at an HPA and watch it travel (the embed's only control). */
function EmbedAccess() {
  const firstWindow = useLabStore((s) => s.view?.spec.windows[0]?.base ?? null);
  const readMemory = useLabStore((s) => s.readMemory);
  const [hpa, setHpa] = useState<string | null>(null);
  const text = hpa ?? (firstWindow === null ? '' : formatHex(firstWindow));
  const address = parseQuantity(text);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (address !== null) void readMemory(address, 64);
  };
  return (
    <form className="embed-access" onSubmit={submit}>
      <label className="embed-access__label" htmlFor="embed-hpa">
        HPA
      </label>
      <input
        id="embed-hpa"
        className="ui-input embed-access__input"
        value={text}
        onChange={(e) => setHpa(e.target.value)}
        spellCheck={false}
        aria-invalid={text !== '' && address === null}
        data-testid="embed-hpa"
      />
      <button type="submit" className="ui-button" disabled={address === null} data-testid="embed-trace">
        Trace a read
      </button>
    </form>
  );
}

/** Refused links (the only notices an embed shows: "opened" notes would cover the slide). */
function EmbedErrors() {
  const notices = useLabStore((s) => s.notices);
  const crash = useLabStore((s) => s.crash);
  const dismiss = useLabStore((s) => s.dismissNotice);
  const errors = notices.filter((n) => n.tone === 'error');
  if (errors.length === 0 && crash === null) return null;
  return (
    <div className="embed-errors">
      {crash !== null && (
        <div className="banner banner--warning" role="alert">
          <span className="banner__text">{crash.message}</span>
        </div>
      )}
      {errors.map((n) => (
        <NoticeBanner key={n.id} notice={n} onDismiss={dismiss} />
      ))}
    </div>
  );
}

const LessonPanel = lazy(() => import('./LessonPanel').then((m) => ({ default: m.LessonPanel })));

/** An embed link that starts a lesson (`?embed#lesson=…`) shows its panel beside the canvas. */
function EmbedLesson() {
  const open = useLabStore((s) => s.lesson !== null);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <LessonPanel />
    </Suspense>
  );
}

function EmbedShell() {
  useShareLinkFromLocation(false);
  const status = useLabStore((s) => s.status);
  const name = useLabStore((s) => s.view?.fabric?.spec.name ?? s.view?.spec.name ?? '');
  const inLesson = useLabStore((s) => s.lesson !== null);
  return (
    <div
      className={`embed-shell${inLesson ? ' embed-shell--lesson' : ''}`}
      data-status={status}
      data-testid="embed-shell"
    >
      <EmbedErrors />
      <div className="embed-shell__stage">
        <LabCanvasArea />
        <EmbedLesson />
      </div>
      <DecodeBarSlot />
      <div className="embed-bar">
        <span className="embed-bar__name" title={name}>
          {name}
        </span>
        <EmbedAccess />
        <a
          className="embed-bar__open"
          href={openInLabUrl()}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="embed-open"
        >
          Open in the lab ↗
        </a>
      </div>
    </div>
  );
}

/**
 * `?embed`: only the canvas and the decode animation, for slides and blog posts; with `#lab=…`
 * it shows that lab. Its labs live in memory, so an embed never touches the visitor's saved labs.
 */
export function EmbedApp() {
  const [deps] = useState(() => {
    // An embed keeps lesson progress in memory too: it never writes to the visitor's storage.
    keepProgressInMemory();
    return embedDeps();
  });
  return (
    <LabStoreProvider deps={deps}>
      <EmbedShell />
    </LabStoreProvider>
  );
}
