/**
 * What File ▸ New lab starts from: the blank template (a CXL root with no windows and no components,
 * the smallest lab the model accepts) or a preset, named "Untitled lab N".
 */

/** The blank template's id (File ▸ New lab ▸ Blank lab). */
export const BLANK_TEMPLATE = 'blank';

/** A `cxl-lab/1` file with only the CXL root: no windows, no components. */
export function blankLabText(name: string): string {
  return `${JSON.stringify({ format: 'cxl-lab/1', name, windows: [], components: [] }, null, 2)}\n`;
}

/** "Untitled lab N" with N the lowest number from 1 that no lab in `taken` uses. */
export function untitledName(taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.trim()));
  for (let n = 1; ; n++) {
    const name = `Untitled lab ${n}`;
    if (!names.has(name)) return name;
  }
}

/** A preset's text with its topology renamed (the lab and its file carry the new lab's name). */
export function renamedText(text: string, name: string): string {
  const file = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify({ ...file, name }, null, 2)}\n`;
}
