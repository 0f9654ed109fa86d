// Share ▸ Copy link: the lab compressed into a link fragment, its size, and an `?embed` snippet.
import { useEffect, useState } from 'react';
import { formatBytes } from '../lib/format';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { ResultOf } from '../worker/protocol';
import { embedSnippet, shareUrl } from './embed';
import { CopyButton, InteropModal, NoteList } from './InteropModal';
import { problemsOf } from './interop-actions';
import { shareViewOf, shareViewText } from './share-view';

/** A read-only text (selected on focus) with its Copy button. */
function CopyRow(props: {
  text: string;
  rows: number;
  label: string;
  testId: string;
  copyTestId: string;
  primary?: boolean;
}) {
  return (
    <div className="interop-field__row">
      <textarea
        className="interop-code interop-code--link"
        readOnly
        rows={props.rows}
        value={props.text}
        aria-label={props.label}
        data-testid={props.testId}
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton text={props.text} testId={props.copyTestId} primary={props.primary === true} />
    </div>
  );
}

type Encoded =
  | { ok: true; value: ResultOf<'share.encode'>; lesson: string | null }
  | { ok: false; problems: string[] }
  | null;

/** Encodes the link in the worker: the lab, written memory ('auto'), the view, and the running lesson's step. */
function useEncodedLink(includeMemory: boolean, includeView: boolean): Encoded {
  const store = useLabStoreApi();
  const version = useLabStore((s) => s.document);
  const lessonStep = useLabStore((s) => (s.lesson === null ? null : s.lesson.step));
  const [encoded, setEncoded] = useState<Encoded>(null);
  useEffect(() => {
    let live = true;
    // `version` (the document) re-encodes the link after every change while the dialog is open.
    void version;
    const client = store.client();
    const view = includeView ? shareViewOf(store.getState()) : undefined;
    void (async () => {
      const r = await client.call('share.encode', {
        includeMemory: includeMemory ? 'auto' : false,
        ...(view === undefined ? {} : { view }),
      });
      const lesson = lessonStep === null ? null : await client.call('lesson.link', { step: lessonStep });
      if (!live) return;
      if (!r.ok) return setEncoded({ ok: false, problems: problemsOf(r.error) });
      // A link made during a lesson also opens the lesson at this step, on this lab.
      const lessonParams = lesson?.ok === true ? lesson.value.fragment.replace(/^#/, '&') : null;
      setEncoded({ ok: true, value: r.value, lesson: lessonParams });
    })();
    return () => {
      live = false;
    };
  }, [store, includeMemory, includeView, version, lessonStep]);
  return encoded;
}

function sizeText(link: string, v: ResultOf<'share.encode'>): string {
  const pages =
    v.pagesIncluded > 0 ? ` · ${v.pagesIncluded} memory page${v.pagesIncluded === 1 ? '' : 's'}` : '';
  return `${link.length.toLocaleString('en-US')} characters · ${formatBytes(v.compressedBytes)} compressed from ${formatBytes(v.jsonBytes)} of JSON${pages}`;
}

/**
 * Share ▸ Copy link: the whole lab (topology, decoder programming, registers and written memory
 * when it compresses to under 1 MiB) compressed into the link's fragment, with what the user is
 * looking at (dock tab, selection, pending access) and, during a lesson, the lesson and step; plus an
 * `?embed` snippet for slides and blog posts. Encoded in the worker whenever the lab changes.
 */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const touchedPages = useLabStore((s) =>
    Object.values(s.view?.memory ?? {}).reduce((n, m) => n + m.touchedPages, 0),
  );
  const viewText = useLabStore((s) => shareViewText(shareViewOf(s)));
  const [includeMemory, setIncludeMemory] = useState(true);
  const [includeView, setIncludeView] = useState(true);
  const encoded = useEncodedLink(includeMemory, includeView);
  // The worker counts every written page (a multi-host lab's fabric media and every host's own).
  const writtenPages =
    encoded?.ok === true ? encoded.value.pagesIncluded + encoded.value.pagesOmitted : touchedPages;
  const fragment = encoded?.ok === true ? `${encoded.value.fragment}${encoded.lesson ?? ''}` : '';
  const link = fragment === '' ? '' : shareUrl(fragment);
  const snippet = fragment === '' ? '' : embedSnippet(fragment);
  const leftOut = encoded?.ok === true ? encoded.value.memoryLeftOut : undefined;

  return (
    <InteropModal
      title="Share this lab"
      subtitle="the lab travels in the link's #fragment, which is never sent to a server"
      testId="share-dialog"
      onClose={onClose}
    >
      <label className="interop-check">
        <input
          type="checkbox"
          checked={includeMemory}
          onChange={(e) => setIncludeMemory(e.target.checked)}
          data-testid="share-include-memory"
        />
        Include written memory (when it compresses to under 1 MiB)
        <span className="interop-muted">
          {writtenPages === 0
            ? 'no memory written yet'
            : `${writtenPages} written page${writtenPages === 1 ? '' : 's'} of 4 KiB`}
        </span>
      </label>
      <label className="interop-check">
        <input
          type="checkbox"
          checked={includeView}
          onChange={(e) => setIncludeView(e.target.checked)}
          data-testid="share-include-view"
        />
        Include what you are looking at
        <span className="interop-muted" data-testid="share-view-text">
          {viewText}
        </span>
      </label>

      {encoded?.ok === false ? (
        <NoteList title="No link" items={encoded.problems} tone="error" testId="share-error" />
      ) : (
        <>
          <div className="interop-field">
            <div className="interop-field__head">
              <span className="interop-field__label">Link</span>
              <span className="interop-muted" data-testid="share-size">
                {encoded === null ? 'encoding…' : sizeText(link, encoded.value)}
              </span>
            </div>
            <CopyRow
              text={link}
              rows={3}
              label="Share link"
              testId="share-link"
              copyTestId="share-copy"
              primary
            />
          </div>
          <NoteList
            title="Written memory left out"
            items={leftOut === undefined ? [] : [`${leftOut.reason}.`]}
            tone="warning"
            testId="share-memory-left-out"
          />
          {encoded?.ok === true && (
            <NoteList
              title="Left out"
              items={encoded.value.warnings.filter(
                (w) => leftOut === undefined || !w.includes(leftOut.reason),
              )}
              tone="warning"
              testId="share-warnings"
            />
          )}
          <div className="interop-field">
            <div className="interop-field__head">
              <span className="interop-field__label">Embed</span>
              <span className="interop-muted">
                only the canvas and the decode animation (and the lesson, during one), for slides and posts
              </span>
            </div>
            <CopyRow
              text={snippet}
              rows={2}
              label="Embed snippet"
              testId="share-embed"
              copyTestId="share-embed-copy"
            />
          </div>
        </>
      )}
    </InteropModal>
  );
}
