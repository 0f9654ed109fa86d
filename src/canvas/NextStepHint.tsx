/**
 * The next-step strip above the canvas (`next-step.ts` says what): it takes its own height, so it
 * never covers a node, and offers the step as a button where one click can do it. Its stylesheet,
 * `build.css`, comes with `NextStepSlot.tsx`, which holds the strip's room until this loads.
 */
import { useMemo } from 'react';
import { useLabStore } from '../state/hooks';
import { type NextAction, nextStep } from './next-step';

const NO_DRAFTS: never[] = [];

export function NextStepHint({ onAction }: { onAction: (action: NextAction) => void }) {
  const view = useLabStore((s) => s.view);
  const written = useLabStore((s) => s.memory.length > 0);
  // A lesson is the learner's guide: its steps, not the builder's next step (which could give away a
  // predict step's answer or undo what a step set up).
  const inLesson = useLabStore((s) => s.lesson !== null);
  const step = useMemo(
    () =>
      view === null
        ? null
        : nextStep({ spec: view.spec, drafts: view.drafts ?? NO_DRAFTS, regions: view.regions, written }),
    [view, written],
  );
  if (step === null || inLesson) return null;
  return (
    <div className="next-step" data-testid="next-step" data-step={step.id}>
      <span className="next-step__label">Next</span>
      <p className="next-step__text" role="status" aria-live="polite">
        {step.text}
      </p>
      {step.action !== null && (
        <button
          type="button"
          className="ui-button ui-button--small ui-button--primary next-step__action"
          data-testid="next-step-action"
          onClick={() => step.action !== null && onAction(step.action.do)}
        >
          {step.action.label}
        </button>
      )}
    </div>
  );
}
