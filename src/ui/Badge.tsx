// A small coloured text mark (e.g. "HB") in one of the theme's tones.
import type { Tone } from '../lib/component-kinds';

export type { Tone };

/** A small two- or three-letter mark in one of the theme's tones (e.g. "HB" for a host bridge). */
export function Badge({ text, tone, title }: { text: string; tone: Tone; title?: string }) {
  return (
    <span className={`ui-badge ui-badge--${tone}`} title={title} aria-hidden={title === undefined}>
      {text}
    </span>
  );
}
