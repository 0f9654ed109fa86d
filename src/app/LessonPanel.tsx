/**
 * The lesson side panel beside the canvas: the step's text (references highlight what they name), a
 * predict step's answer form (`LessonPredict.tsx`), a do step's Check, hints and "Show me", next /
 * previous, a link to the step, and progress (step, hints, the lesson's lab) saved as the learner goes.
 */
import { useState } from 'react';
import { highlightOf } from '../lib/lesson-highlight';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { LabStore } from '../state/store';
import type { LessonCheckView, LessonStepView } from '../worker/lesson-types';
import { shareUrl } from './embed';
import { CopyButton } from './InteropModal';
import { LessonHints, type Verdict, VerdictView } from './LessonParts';
import { demonstrate, PredictStep } from './LessonPredict';
import { LessonText, type ReferenceHandler } from './LessonText';
import { leaveLesson, saveLessonStep } from './lesson-actions';
import './lessons.css';

/**
 * A reference button: a component is selected and highlighted; a decoder or field also opens the HDM
 * panel with that decoder card (and field) lit; an address is read, and the read plays on the canvas.
 */
function referenceHandler(store: LabStore): ReferenceHandler {
  return (kind, value) => {
    if (kind === 'address') {
      const hpa = Number(value.replace(/_/g, ''));
      if (Number.isSafeInteger(hpa)) void demonstrate(store, hpa);
      return;
    }
    const h = highlightOf(kind, value);
    if (h === null) return;
    const s = store.getState();
    s.select(h.component);
    if (h.decoder !== undefined) s.setDockTab('decoders');
    s.setHighlight(h);
  };
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
      <LessonHints hints={step.hints} index={index} />
    </div>
  );
}

/** "Link to this step": a link that opens this lesson at this step (a teacher's file travels in it). */
function StepLink({ step }: { step: number }) {
  const store = useLabStoreApi();
  const [link, setLink] = useState<{ step: number; text: string; error?: string } | null>(null);
  const make = async () => {
    const r = await store.client().call('lesson.link', { step });
    setLink(r.ok ? { step, text: shareUrl(r.value.fragment) } : { step, text: '', error: r.error.message });
  };
  const shown = link?.step === step ? link : null;
  return (
    <div className="lesson-link">
      <button
        type="button"
        className="ui-button ui-button--small"
        onClick={() => void make()}
        data-testid="lesson-link"
      >
        Link to this step
      </button>
      {shown?.error !== undefined && <p className="lesson-link__error">{shown.error}</p>}
      {shown !== null && shown.error === undefined && (
        <div className="lesson-link__row">
          <input
            className="ui-input ui-mono"
            readOnly
            value={shown.text}
            aria-label="Link to this lesson step"
            data-testid="lesson-link-text"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton text={shown.text} testId="lesson-link-copy" />
        </div>
      )}
    </div>
  );
}

function StepNav({ step, steps, onGo }: { step: number; steps: number; onGo: (n: number) => void }) {
  return (
    <footer className="lesson-panel__nav">
      <button
        type="button"
        className="ui-button ui-button--small"
        disabled={step === 0}
        onClick={() => onGo(step - 1)}
        data-testid="lesson-prev"
      >
        Previous
      </button>
      <button
        type="button"
        className="ui-button ui-button--primary ui-button--small"
        disabled={step >= steps - 1}
        onClick={() => onGo(step + 1)}
        data-testid="lesson-next"
      >
        Next
      </button>
    </footer>
  );
}

export function LessonPanel() {
  const store = useLabStoreApi();
  const lesson = useLabStore((s) => s.lesson);
  if (lesson === null) return null;
  const { view, step } = lesson;
  const s = view.steps[step];
  const go = (n: number) => {
    if (n > step && s?.kind === 'explain') void saveLessonStep(store, view, step, true);
    store.getState().setHighlight(null);
    store.getState().setLesson({ ...lesson, step: n });
    void saveLessonStep(store, view, n, false);
  };
  const done = () => void saveLessonStep(store, view, step, true);
  const onRef = referenceHandler(store);
  return (
    <aside className="lesson-panel" aria-label={`Lesson: ${view.title}`} data-testid="lesson-panel">
      <header className="lesson-panel__head">
        <h2 className="lesson-panel__title">{view.title}</h2>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Leave the lesson"
          onClick={() => void leaveLesson(store)}
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
      <StepLink step={step} />
      <StepNav step={step} steps={view.steps.length} onGo={go} />
    </aside>
  );
}
