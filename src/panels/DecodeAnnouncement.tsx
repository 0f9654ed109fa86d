// The text of the decode path's live region (`DecodeAnnouncer.tsx`): loaded with the first animation.
import { useMemo } from 'react';
import { accessAnnouncement } from '../lib/access-announce';
import { decodeSteps } from '../lib/decode-steps';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';

/** The hop the canvas shows, read out; the access's result once the last hop is shown. */
export function DecodeAnnouncement() {
  const animation = useLabStore((s) => s.animation);
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const steps = useMemo(
    () => (animation === null || spec === null ? [] : decodeSteps(animation.trace, spec, decoders)),
    [animation, spec, decoders],
  );
  if (animation === null) return null;
  // The hop the canvas shows: `position` steps are done; while playing, the next one is drawing.
  const hop = Math.min(animation.position + (animation.playing ? 1 : 0), animation.steps);
  return accessAnnouncement(animation.title, animation.trace, hop, animation.steps, steps[hop - 1]?.label);
}
