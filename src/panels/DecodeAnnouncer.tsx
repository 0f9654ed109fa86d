// A polite live region that reads out each hop of the decode path and the access's result; always
// mounted (a region added with its text already in it is often not read).
import { useMemo } from 'react';
import { accessAnnouncement } from '../lib/access-announce';
import { decodeSteps } from '../lib/decode-steps';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';

export function DecodeAnnouncer() {
  const animation = useLabStore((s) => s.animation);
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const steps = useMemo(
    () => (animation === null || spec === null ? [] : decodeSteps(animation.trace, spec, decoders)),
    [animation, spec, decoders],
  );
  let text = '';
  if (animation !== null) {
    // The hop the canvas shows: `position` steps are done; while playing, the next one is drawing.
    const hop = Math.min(animation.position + (animation.playing ? 1 : 0), animation.steps);
    text = accessAnnouncement(animation.title, animation.trace, hop, animation.steps, steps[hop - 1]?.label);
  }
  return (
    <p className="ui-visually-hidden" aria-live="polite" data-testid="decode-announce">
      {text}
    </p>
  );
}
