// Playback controls for the decode animation (access, piece, hop label, step, speed), under the canvas.
import './decode-bar.css';
import { useMemo } from 'react';
import { decodeSteps, pathNodeIds, pieceSummary } from '../lib/decode-steps';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';
import { ANIMATION_SPEEDS } from '../state/slices/animation-slice';

function Icon({ d, label }: { d: string; label: string }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <title>{label}</title>
      <path d={d} fill="currentColor" />
    </svg>
  );
}

const ICONS = {
  replay: 'M8 2.5a5.5 5.5 0 1 1-5.2 3.7l1.4.5A4 4 0 1 0 8 4v2L4.5 3.25 8 .5z',
  back: 'M3 3h1.6v10H3zM13 3v10L5.5 8z',
  play: 'M4 2.5v11L13 8z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  step: 'M11.4 3H13v10h-1.6zM3 3v10l7.5-5z',
  frame:
    'M1 1h4.5v1.6H2.6v2.9H1zM15 1v4.5h-1.6V2.6h-2.9V1zM1 15v-4.5h1.6v2.9h2.9V15zM15 15h-4.5v-1.6h2.9v-2.9H15zM5 5h6v6H5z',
  close: 'M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z',
} as const;

/**
 * The decode path's controls, between the canvas and the dock while an access is shown: which
 * access and piece, the current hop's label (DecodeAnnouncer reads hops and the result out), replay, back one hop,
 * play / pause, forward one hop, speed, close. The drawing itself is the canvas overlay.
 */
export function DecodeBar() {
  const animation = useLabStore((s) => s.animation);
  const speed = useLabStore((s) => s.animationSpeed);
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const play = useLabStore((s) => s.playAnimation);
  const pause = useLabStore((s) => s.pauseAnimation);
  const step = useLabStore((s) => s.stepAnimation);
  const setSpeed = useLabStore((s) => s.setAnimationSpeed);
  const close = useLabStore((s) => s.closeAnimation);
  const animate = useLabStore((s) => s.animateAccess);
  const frameNodes = useLabStore((s) => s.frameNodes);
  const steps = useMemo(
    () => (animation === null || spec === null ? [] : decodeSteps(animation.trace, spec, decoders)),
    [animation, spec, decoders],
  );
  if (animation === null) return null;
  const { position, playing } = animation;
  const activeIndex = playing
    ? Math.min(position, steps.length - 1)
    : Math.max(0, Math.min(position, steps.length) - 1);
  const active = steps[activeIndex];
  const done = position >= animation.steps;
  const hop = Math.min(position + (playing ? 1 : 0), animation.steps);
  return (
    <section className="decode-bar" aria-label="Decode path" data-testid="decode-bar">
      <span className="decode-bar__badge">Decode path</span>
      <div className="decode-bar__text">
        <div className="decode-bar__title">
          {animation.title}
          <span className="decode-bar__piece">
            {' '}
            · {pieceSummary(animation.trace, active?.piece ?? 0)} · hop {hop} of {animation.steps}
          </span>
        </div>
        <div className="decode-bar__hop" data-testid="decode-hop" title={active?.label}>
          {active?.label ?? ''}
        </div>
      </div>
      <div className="decode-bar__buttons">
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Replay from the first hop"
          title="Replay"
          onClick={() => animate(animation.accessId)}
          data-testid="decode-replay"
        >
          <Icon d={ICONS.replay} label="Replay" />
        </button>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Back one hop"
          title="Back one hop"
          disabled={position === 0}
          onClick={() => step(-1)}
          data-testid="decode-back"
        >
          <Icon d={ICONS.back} label="Back" />
        </button>
        <button
          type="button"
          className="ui-icon-button decode-bar__play"
          aria-label={playing ? 'Pause' : done ? 'Play again' : 'Play'}
          title={playing ? 'Pause' : 'Play'}
          onClick={() => (playing ? pause() : play())}
          data-testid="decode-play"
        >
          <Icon d={playing ? ICONS.pause : ICONS.play} label={playing ? 'Pause' : 'Play'} />
        </button>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Forward one hop"
          title="Forward one hop"
          disabled={done}
          onClick={() => step(1)}
          data-testid="decode-step"
        >
          <Icon d={ICONS.step} label="Step" />
        </button>
        <label className="decode-bar__speed" title="Speed">
          <span className="ui-visually-hidden">Speed</span>
          <select
            className="ui-input"
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            data-testid="decode-speed"
          >
            {ANIMATION_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Zoom to the decode path"
          title="Zoom to path (P)"
          onClick={() => frameNodes(pathNodeIds(steps))}
          data-testid="decode-zoom-path"
        >
          <Icon d={ICONS.frame} label="Zoom to path" />
        </button>
        <button
          type="button"
          className="ui-icon-button"
          aria-label="Close the decode path"
          title="Close"
          onClick={close}
          data-testid="decode-close"
        >
          <Icon d={ICONS.close} label="Close" />
        </button>
      </div>
    </section>
  );
}
