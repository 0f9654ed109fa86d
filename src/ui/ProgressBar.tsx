// An accessible determinate progress bar.

/** A determinate progress bar (`role="progressbar"`); `value` and `max` in any unit. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      className="ui-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(percent)}
    >
      <div className="ui-progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
