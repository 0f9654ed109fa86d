/** Small parts of the lesson panel: the verdict after a check, and hints revealed one at a time (kept). */
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { revealHint } from './lesson-actions';

export type Verdict = { tone: 'good' | 'bad'; text: string; detail?: string[] } | null;

export function VerdictView({ verdict }: { verdict: Verdict }) {
  if (verdict === null) return null;
  return (
    <div
      className={`lesson-verdict lesson-verdict--${verdict.tone}`}
      role="status"
      data-testid="lesson-verdict"
    >
      <p>{verdict.text}</p>
      {verdict.detail?.map((d) => (
        <p key={d}>{d}</p>
      ))}
    </div>
  );
}

/** Step `index`'s hints: those revealed so far (saved with the lesson's progress), and "Hint". */
export function LessonHints({ hints, index }: { hints: string[]; index: number }) {
  const store = useLabStoreApi();
  const shown = useLabStore((s) => s.lesson?.hints?.[index] ?? 0);
  if (hints.length === 0) return null;
  return (
    <div className="lesson-hints">
      <ol className="lesson-hints__list" data-testid="lesson-hints">
        {hints.slice(0, shown).map((h) => (
          <li key={h}>{h}</li>
        ))}
      </ol>
      {shown < hints.length && (
        <button
          type="button"
          className="ui-button ui-button--small"
          onClick={() => void revealHint(store, index)}
          data-testid="lesson-hint"
        >
          {shown === 0 ? 'Hint' : 'Another hint'}
        </button>
      )}
    </div>
  );
}
