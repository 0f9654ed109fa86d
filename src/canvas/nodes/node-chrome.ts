// Class list and style shared by every component card (region colour, error, draft, selection).
import type { CSSProperties } from 'react';

/** Class list and style shared by component cards: region colour, error, draft and selection. */
export function chrome(
  base: string,
  d: { colors: readonly string[]; error: string | null; draft: boolean },
  selected: boolean | undefined,
): { className: string; style: CSSProperties | undefined } {
  const classes = [base];
  if (selected) classes.push('is-selected');
  if (d.error !== null) classes.push('has-error');
  else if (d.colors.length > 0) classes.push('in-region');
  if (d.draft) classes.push('is-draft');
  const first = d.colors[0];
  return {
    className: classes.join(' '),
    style: first === undefined ? undefined : ({ '--region': first } as CSSProperties),
  };
}
