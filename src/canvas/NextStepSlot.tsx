/**
 * The next-step strip's place above the canvas from the first paint: the strip (`NextStepHint.tsx`,
 * with its rules) loads after it, and until then an empty strip of the same height holds its room.
 */
// The strip's styles (and the build layer's) are here from the first paint, so the stand-in has its height.
import './build.css';
import { deferred } from '../lib/deferred';
import { useLabStore } from '../state/hooks';
import { useDeferred } from '../ui/use-deferred';
import type { NextAction } from './next-step';

export const nextStepHint = deferred(() => import('./NextStepHint'));

/** Starts loading the strip (once); on idle after the first paint. */
export const loadNextStepHint = (): Promise<unknown> => nextStepHint.load();

export function NextStepSlot({ onAction }: { onAction: (action: NextAction) => void }) {
  const mod = useDeferred(nextStepHint);
  // Hidden in a lesson, as the strip itself is (NextStepHint.tsx), so nothing jumps when it arrives.
  const shown = useLabStore((s) => s.view !== null && s.lesson === null);
  if (mod !== null) return <mod.NextStepHint onAction={onAction} />;
  if (!shown) return null;
  // The strip's frame and label without its text: `.next-step` has a fixed height.
  return (
    <div className="next-step" aria-hidden="true" data-testid="next-step-pending">
      <span className="next-step__label">Next</span>
    </div>
  );
}
