// Step-through of the probe's register accesses on a map of the device register block: Prev / Next / Play, arrow keys and Space.
import { type KeyboardEvent, useEffect } from 'react';
import type { ProbeStepView, RegisterMapRow } from '../../worker/device-labels-types.ts';
import type { MmioAccessView } from '../../worker/device-types.ts';

export interface FlatAccess {
  step: number;
  title: string;
  index: number;
  access: MmioAccessView;
}

/** Every register access of the timeline, in order, with the step it belongs to. */
export function flatten(steps: readonly ProbeStepView[]): FlatAccess[] {
  return steps.flatMap((s) => s.mmio.map((access, index) => ({ step: s.n, title: s.title, index, access })));
}

const hits = (r: RegisterMapRow, a: MmioAccessView) => a.offset >= r.offset && a.offset < r.offset + r.size;

export function ProbeStepper({
  accesses,
  registers,
  at,
  playing,
  onMove,
  onPlay,
}: {
  accesses: readonly FlatAccess[];
  registers: readonly RegisterMapRow[];
  at: number;
  playing: boolean;
  onMove: (at: number) => void;
  onPlay: (playing: boolean) => void;
}) {
  const last = accesses.length - 1;
  const cur = accesses[at];
  useEffect(() => {
    if (!playing) return;
    if (at >= last) {
      onPlay(false);
      return;
    }
    const t = setTimeout(() => onMove(at + 1), 650);
    return () => clearTimeout(t);
  }, [playing, at, last, onMove, onPlay]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter') return;
    if (e.key === 'ArrowRight') onMove(Math.min(last, at + 1));
    else if (e.key === 'ArrowLeft') onMove(Math.max(0, at - 1));
    else if (e.key === 'Home') onMove(0);
    else if (e.key === 'End') onMove(last);
    else if (e.key === ' ') onPlay(!playing);
    else return;
    e.preventDefault();
  };

  return (
    <section className="probe-stepper" aria-label="Register access step-through" data-testid="probe-stepper">
      <div
        className="probe-stepper__bar"
        role="toolbar"
        aria-label="Step through the register accesses: Left and Right step, Home and End jump, Space plays or pauses"
        onKeyDown={onKeyDown}
      >
        <button
          type="button"
          className="ui-button"
          onClick={() => onMove(Math.max(0, at - 1))}
          disabled={at <= 0}
        >
          ◀ Prev
        </button>
        <button
          type="button"
          className="ui-button"
          onClick={() => onPlay(!playing)}
          aria-pressed={playing}
          data-testid="probe-play"
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          className="ui-button"
          onClick={() => onMove(Math.min(last, at + 1))}
          disabled={at >= last}
          data-testid="probe-next"
        >
          Next ▶
        </button>
        <span className="probe-stepper__pos" aria-live="polite" data-testid="probe-pos">
          {cur === undefined
            ? 'no accesses'
            : `access ${at + 1} of ${accesses.length} · step ${cur.step}: ${cur.title}`}
        </span>
      </div>
      {cur !== undefined && (
        <p className="probe-stepper__now ui-mono" data-testid="probe-now">
          {cur.access.line}
        </p>
      )}
      <ul className="probe-regmap" aria-label="Device register block">
        {registers.map((r) => {
          const on = cur !== undefined && hits(r, cur.access);
          return (
            <li
              key={r.offset}
              className={`probe-reg${on ? ` is-${cur?.access.op}` : ''}`}
              aria-current={on ? 'true' : undefined}
              data-testid={on ? 'probe-reg-on' : undefined}
            >
              <span className="ui-mono probe-reg__off">{r.offsetText}</span>
              <span className="probe-reg__name">{r.name}</span>
              <span className="probe-reg__op">
                {on ? (cur?.access.op === 'write' ? 'write ←' : 'read →') : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
