/**
 * Colours of the hosts of a multi-host lab (issue 18): a host's VCS bands, bindings and LD slices
 * carry its colour, always next to its name or mark (never colour alone). Each colour keeps at least
 * 3:1 against the light and the dark canvas and panel (WCAG 2.2 SC 1.4.11, non-text contrast);
 * text is never drawn in these colours.
 */
export const HOST_COLORS = [
  '#1c7ed6', // blue
  '#d9480f', // orange
  '#2f9e44', // green
  '#ae3ec9', // grape
  '#0c8599', // teal
  '#e64980', // pink
  '#b07d00', // ochre
  '#4263eb', // indigo
] as const;

/** The colour of the host at `index` in the lab's host list. */
export function hostColor(index: number): string {
  return (
    HOST_COLORS[((index % HOST_COLORS.length) + HOST_COLORS.length) % HOST_COLORS.length] ?? HOST_COLORS[0]
  );
}

/** The host's short mark, shown beside its colour: "H1" for the first host. */
export function hostMark(index: number): string {
  return `H${index + 1}`;
}
