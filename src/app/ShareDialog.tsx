// Share ▸ Copy link: the lab compressed into a link fragment, its size, and an `?embed` snippet.
import { useEffect, useState } from 'react';
import { formatBytes } from '../lib/format';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { ResultOf } from '../worker/protocol';
import { embedSnippet, shareUrl } from './embed';
import { CopyButton, InteropModal, NoteList } from './InteropModal';
import { problemsOf } from './interop-actions';

/** Memory a link carries when "include memory" is on (the core caps it at 1 MiB). */
const SHARE_MEMORY_BYTES = 64 * 1024;

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

type Encoded = { ok: true; value: ResultOf<'share.encode'> } | { ok: false; problems: string[] } | null;

/**
 * Share ▸ Copy link: the whole lab (topology, decoder programming, registers and, when asked,
 * touched memory up to 64 KiB) compressed into the link's fragment, with its size, plus an
 * `?embed` snippet for slides and blog posts. Encoded in the worker whenever the lab changes.
 */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const store = useLabStoreApi();
  const version = useLabStore((s) => s.document);
  const touchedPages = useLabStore((s) =>
    Object.values(s.view?.memory ?? {}).reduce((n, m) => n + m.touchedPages, 0),
  );
  const [includeMemory, setIncludeMemory] = useState(false);
  const [encoded, setEncoded] = useState<Encoded>(null);

  useEffect(() => {
    let live = true;
    // `version` (the document) re-encodes the link after every change while the dialog is open.
    void version;
    void store
      .client()
      .call('share.encode', { includeMemory, memoryLimitBytes: SHARE_MEMORY_BYTES })
      .then((r) => {
        if (!live) return;
        setEncoded(r.ok ? { ok: true, value: r.value } : { ok: false, problems: problemsOf(r.error) });
      });
    return () => {
      live = false;
    };
  }, [store, includeMemory, version]);

  const link = encoded?.ok === true ? shareUrl(encoded.value.fragment) : '';
  const snippet = encoded?.ok === true ? embedSnippet(encoded.value.fragment) : '';

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
        Include touched memory (up to {formatBytes(SHARE_MEMORY_BYTES)})
        <span className="interop-muted">
          {touchedPages === 0
            ? 'no memory written yet'
            : `${touchedPages} touched page${touchedPages === 1 ? '' : 's'} of 4 KiB`}
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
                {encoded === null
                  ? 'encoding…'
                  : `${link.length.toLocaleString('en-US')} characters · ${formatBytes(encoded.value.compressedBytes)} compressed from ${formatBytes(encoded.value.jsonBytes)} of JSON${encoded.value.pagesIncluded > 0 ? ` · ${encoded.value.pagesIncluded} memory page${encoded.value.pagesIncluded === 1 ? '' : 's'}` : ''}`}
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
          {encoded?.ok === true && (
            <NoteList
              title="Left out"
              items={encoded.value.warnings}
              tone="warning"
              testId="share-warnings"
            />
          )}
          <div className="interop-field">
            <div className="interop-field__head">
              <span className="interop-field__label">Embed</span>
              <span className="interop-muted">
                only the canvas and the decode animation, for slides and posts
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
