// The row of HDM decoder state lights shown on component cards.
import { memo } from 'react';
import type { DecoderLight } from '../to-flow';

const STATE_TEXT: Record<DecoderLight['state'], string> = {
  committed: 'committed',
  locked: 'locked',
  error: 'error',
  programmed: 'uncommitted',
  off: 'unused',
};

/** One light per HDM decoder: committed (green), locked (green, ringed), error (red), uncommitted (amber ring), unused (hollow). */
export const DecoderLights = memo(function DecoderLights({ lights }: { lights: readonly DecoderLight[] }) {
  if (lights.length === 0) return <span className="lab-lights lab-lights--none">passthrough</span>;
  return (
    <ul className="lab-lights" aria-label="HDM decoders">
      {lights.map((d) => (
        <li
          key={d.index}
          className={`lab-light lab-light--${d.state}`}
          title={d.title}
          aria-label={`${d.name} ${STATE_TEXT[d.state]}`}
          data-state={d.state}
        />
      ))}
    </ul>
  );
});
