/**
 * The lesson side panel beside the canvas: the step's text, a predict step's answer form (checked by
 * the worker, hints one at a time, a right answer demonstrated on the canvas), a do step's Check,
 * hints and "Show me", next / previous, and progress saved as the learner goes.
 */
import { useState } from 'react';
import { ANSWER_FIELDS, toAnswer } from '../lib/lesson-answer';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { advance, lessonProgress } from '../state/lesson-progress';
import type { LabStore } from '../state/store';
import type { LessonCheckView, LessonStepView, LessonView } from '../worker/lesson-types';
import { LessonText, type ReferenceHandler } from './LessonText';
import './lessons.css';

async function saveProgress(view: LessonView, step: number, completed: boolean): Promise<void> {
  const repo = await lessonProgress();
  await repo.put(advance(await repo.get(view.id), view.id, view.steps.length, step, completed, Date.now()));
}

/** A reference button: components and decoders select their component; addresses run a read. */
function referenceHandler(store: LabStore): ReferenceHandler {
  return (kind, value) => {
    if (kind === 'component' || kind === 'decoder') store.getState().select(value.split('/')[0] ?? null);
    if (kind === 'address') {
      const hpa = Number(value.replace(/_/g, ''));
      if (Number.isSafeInteger(hpa)) void demonstrate(store, hpa);
    }
  };
}

/** Reads 64 bytes at `hpa` and plays the access on the canvas. */
async function demonstrate(store: LabStore, hpa: number): Promise<void> {
  const r = await store.getState().readMemory(hpa, 64);
  const last = store.getState().accessLog.at(-1);
  if (r.ok && last !== undefined) store.getState().animateAccess(last.id);
}

function Hints({ hints, shown, onMore }: { hints: string[]; shown: number; onMore: () => void }) {
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
          onClick={onMore}
          data-testid="lesson-hint"
        >
          {shown === 0 ? 'Hint' : 'Another hint'}
        </button>
      )}
    </div>
  );
}

type Verdict = { tone: 'good' | 'bad'; text: string; detail?: string[] } | null;

function PredictStep({
  step,
  index,
  onDone,
}: {
  step: Extract<LessonStepView, { kind: 'predict' }>;
  index: number;
  onDone: () => void;
}) {
  const store = useLabStoreApi();
  const [values, setValues] = useState<Record<string, string>>({});
  const [hints, setHints] = useState(0);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const submit = async () => {
    const answer = toAnswer(step.answerKind, values);
    if (typeof answer === 'string') return setVerdict({ tone: 'bad', text: answer });
    const r = await store.client().call('lesson.answer', { step: index, answer });
    if (!r.ok) return setVerdict({ tone: 'bad', text: r.error.message });
    if (!r.value.correct) return setVerdict({ tone: 'bad', text: 'Not quite. Try again, or take a hint.' });
    setVerdict({ tone: 'good', text: `Right: ${r.value.answer}.`, detail: [r.value.explanation] });
    onDone();
    if (r.value.demonstrate !== undefined) await demonstrate(store, r.value.demonstrate.hpa);
  };
  return (
    <form
      className="lesson-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {ANSWER_FIELDS[step.answerKind].map((f) => (
        <label key={f.name} className="lesson-form__field">
          <span>{f.label}</span>
          <input
            className="ui-input"
            value={values[f.name] ?? ''}
            placeholder={f.placeholder}
            data-testid={`lesson-answer-${f.name}`}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          />
        </label>
      ))}
      <button
        type="submit"
        className="ui-button ui-button--primary ui-button--small"
        data-testid="lesson-submit"
      >
        Check answer
      </button>
      <VerdictView verdict={verdict} />
      <Hints hints={step.hints} shown={hints} onMore={() => setHints(hints + 1)} />
    </form>
  );
}

function VerdictView({ verdict }: { verdict: Verdict }) {
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

function checkLines(checks: LessonCheckView[]): string[] {
  return checks.map((c) => `${c.pass ? '✓' : '✗'} ${c.detail}`);
}

function DoStep({
  step,
  index,
  onDone,
}: {
  step: Extract<LessonStepView, { kind: 'do' }>;
  index: number;
  onDone: () => void;
}) {
  const store = useLabStoreApi();
  const [hints, setHints] = useState(0);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const check = async () => {
    const r = await store.client().call('lesson.check', { step: index });
    if (!r.ok) return setVerdict({ tone: 'bad', text: r.error.message });
    setVerdict({
      tone: r.value.pass ? 'good' : 'bad',
      text: r.value.pass ? 'Done: every check holds.' : 'Not yet:',
      detail: checkLines(r.value.checks),
    });
    if (r.value.pass) onDone();
  };
  const showMe = async () => {
    const r = await store.getState().showLessonSolution(index);
    if (!r.ok) return setVerdict({ tone: 'bad', text: r.error.message });
    const writes = r.value.writes.map(
      (w) => `${w.component} +0x${w.offset.toString(16)} ${w.register} ← 0x${w.value.toString(16)}`,
    );
    setVerdict({
      tone: 'good',
      text: 'Show me applied these writes:',
      detail: [...writes, ...r.value.notes],
    });
  };
  return (
    <div className="lesson-form">
      <div className="lesson-form__buttons">
        <button
          type="button"
          className="ui-button ui-button--primary ui-button--small"
          onClick={() => void check()}
          data-testid="lesson-check"
        >
          Check
        </button>
        <button
          type="button"
          className="ui-button ui-button--small"
          onClick={() => void showMe()}
          data-testid="lesson-show-me"
        >
          Show me
        </button>
      </div>
      <VerdictView verdict={verdict} />
      <Hints hints={step.hints} shown={hints} onMore={() => setHints(hints + 1)} />
    </div>
  );
}

export function LessonPanel() {
  const store = useLabStoreApi();
  const lesson = useLabStore((s) => s.lesson);
  if (lesson === null) return null;
  const { view, step } = lesson;
  const s = view.steps[step];
  const go = (n: number) => {
    store.getState().setLesson({ view, step: n });
    void saveProgress(view, n, false);
  };
  const done = () => void saveProgress(view, step, true);
  const onRef = referenceHandler(store);
  return (
    <aside className="lesson-panel" aria-label={`Lesson: ${view.title}`} data-testid="lesson-panel">
      <header className="lesson-panel__head">
        <h2 className="lesson-panel__title">{view.title}</h2>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Leave the lesson"
          onClick={() => store.getState().setLesson(null)}
          data-testid="lesson-leave"
        >
          ×
        </button>
      </header>
      <p className="lesson-panel__pos" data-testid="lesson-position">
        Step {step + 1} of {view.steps.length}
        {s === undefined ? '' : ` · ${s.kind}`}
      </p>
      {s !== undefined && (
        <div className="lesson-panel__body" key={`${view.id}-${step}`}>
          <LessonText
            text={s.kind === 'explain' ? s.text : s.kind === 'predict' ? s.question : s.task}
            onRef={onRef}
          />
          {s.kind === 'predict' && <PredictStep step={s} index={step} onDone={done} />}
          {s.kind === 'do' && <DoStep step={s} index={step} onDone={done} />}
        </div>
      )}
      <footer className="lesson-panel__nav">
        <button
          type="button"
          className="ui-button ui-button--small"
          disabled={step === 0}
          onClick={() => go(step - 1)}
          data-testid="lesson-prev"
        >
          Previous
        </button>
        <button
          type="button"
          className="ui-button ui-button--primary ui-button--small"
          disabled={step >= view.steps.length - 1}
          onClick={() => {
            if (s?.kind === 'explain') void saveProgress(view, step, true);
            go(step + 1);
          }}
          data-testid="lesson-next"
        >
          Next
        </button>
      </footer>
    </aside>
  );
}
