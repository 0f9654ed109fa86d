// The Linux probe timeline: one expandable entry per step (command, return code, the function that sends it, payload fields and hex, register accesses).

import type { ProbeStepView } from '../../worker/device-labels-types.ts';
import type { PayloadFieldView } from '../../worker/device-types.ts';

function hexText(b: Uint8Array | undefined, max = 64): string {
  if (b === undefined || b.length === 0) return '(empty)';
  const shown = [...b.subarray(0, max)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  return b.length > max ? `${shown} … (${b.length} bytes)` : shown;
}

function Fields({ title, fields }: { title: string; fields: readonly PayloadFieldView[] }) {
  if (fields.length === 0) return null;
  return (
    <table className="probe-fields">
      <caption>{title}</caption>
      <tbody>
        {fields.slice(0, 24).map((f) => (
          <tr key={`${f.offset}-${f.name}`}>
            <td className="ui-mono">+{f.offset.toString(16)}</td>
            <th scope="row">{f.name}</th>
            <td className="ui-mono">{f.value}</td>
            <td>{f.meaning ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StepDetail({ s }: { s: ProbeStepView }) {
  return (
    <div className="probe-step__detail">
      <p>{s.why}</p>
      {s.kind === 'mailbox' && (
        <>
          <p className="ui-mono probe-hex">in: {hexText(s.input)}</p>
          <Fields title="Input fields" fields={s.inputFields} />
          <p className="ui-mono probe-hex">out: {hexText(s.output)}</p>
          <Fields title="Output fields" fields={s.outputFields} />
        </>
      )}
      {s.mmio.length > 0 && (
        <ol className="probe-mmio ui-mono" aria-label="Register accesses">
          {s.mmio.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: accesses are a fixed ordered list
            <li key={i}>{a.line}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ProbeTimeline({
  steps,
  open,
  current,
  onToggle,
}: {
  steps: readonly ProbeStepView[];
  open: ReadonlySet<number>;
  /** The step the stepper is on (highlighted). */
  current: number | null;
  onToggle: (n: number) => void;
}) {
  return (
    <ol className="probe-steps" aria-label="Probe timeline" data-testid="probe-steps">
      {steps.map((s) => (
        <li
          key={s.n}
          className={`probe-step${s.n === current ? ' is-current' : ''}`}
          data-testid={`probe-step-${s.n}`}
        >
          <button
            type="button"
            className="probe-step__head"
            aria-expanded={open.has(s.n)}
            onClick={() => onToggle(s.n)}
          >
            <span className="probe-step__n ui-mono">{s.n}</span>
            <span className="probe-step__title">
              {s.title}
              {s.returnCodeName !== undefined && (
                <span className={s.ok ? 'probe-rc' : 'probe-rc probe-rc--bad'}> → {s.returnCodeName}</span>
              )}
            </span>
            <span className="probe-step__fn ui-mono">{s.fn}</span>
          </button>
          {open.has(s.n) && <StepDetail s={s} />}
        </li>
      ))}
    </ol>
  );
}
