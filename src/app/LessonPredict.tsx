/**
 * A lesson's predict step: the answer typed, or given by a click on a device node, a DPA hex byte or
 * an interleave-strip granule; checked by the worker, hints one at a time, a right answer demonstrated.
 */
import { useEffect, useRef, useState } from 'react';
import { ANSWER_FIELDS, type AnswerPick, applyPick, toAnswer } from '../lib/lesson-answer';
import { useLabStoreApi } from '../state/hooks';
import type { LabStore } from '../state/store';
import type { LessonStepView } from '../worker/lesson-types';
import { LessonHints, type Verdict, VerdictView } from './LessonParts';

/** Reads 64 bytes at `hpa`: the read plays on the canvas (the store animates every read). */
export async function demonstrate(store: LabStore, hpa: number): Promise<void> {
  await store.getState().readMemory(hpa, 64);
}

/** Calls `onPick` for every answer click (node selection, hex byte, granule) after the step mounts. */
function useAnswerClicks(onPick: (pick: AnswerPick) => void) {
  const store = useLabStoreApi();
  const handler = useRef(onPick);
  handler.current = onPick;
  useEffect(() => {
    let seq = store.getState().answerPick?.seq ?? 0;
    let selected = store.getState().selectedId;
    return store.subscribe((s) => {
      const pick = s.answerPick;
      if (pick !== null && pick.seq !== seq) {
        seq = pick.seq;
        handler.current(pick);
      }
      if (s.selectedId !== selected) {
        selected = s.selectedId;
        const node = s.view?.spec.components.find((c) => c.id === selected);
        if (node?.kind === 'type3') handler.current({ source: 'node', device: node.id });
      }
    });
  }, [store]);
}

export function PredictStep({
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
  const [verdict, setVerdict] = useState<Verdict>(null);
  const clickable = step.answerKind === 'route' || step.answerKind === 'hpa';
  const submit = async (given: Record<string, string>) => {
    const answer = toAnswer(step.answerKind, given);
    if (typeof answer === 'string') return setVerdict({ tone: 'bad', text: answer });
    const r = await store.client().call('lesson.answer', { step: index, answer });
    if (!r.ok) return setVerdict({ tone: 'bad', text: r.error.message });
    if (!r.value.correct) return setVerdict({ tone: 'bad', text: 'Not quite. Try again, or take a hint.' });
    setVerdict({ tone: 'good', text: `Right: ${r.value.answer}.`, detail: [r.value.explanation] });
    onDone();
    if (r.value.demonstrate !== undefined) await demonstrate(store, r.value.demonstrate.hpa);
  };
  useAnswerClicks((pick) => {
    const next = applyPick(step.answerKind, values, pick);
    if (next === null) return;
    setValues(next.values);
    if (next.complete) void submit(next.values);
  });
  return (
    <form
      className="lesson-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(values);
      }}
    >
      {clickable && (
        <p className="lesson-form__tip" data-testid="lesson-click-tip">
          {step.answerKind === 'route'
            ? 'Type the answer, or click the device on the canvas and its byte in DPA hex.'
            : 'Type the HPA, or click a granule in the address map to start from its HPA.'}
        </p>
      )}
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
      <LessonHints hints={step.hints} index={index} />
    </form>
  );
}
