/**
 * A lab's notes split into what is shown and the answer kept back: a paragraph starting "Answer:"
 * and every paragraph after it are the answer (the misprogrammed presets' explanation), shown only
 * when the user asks.
 */

export interface SplitNotes {
  /** Paragraphs shown at once. */
  shown: string[];
  /** Paragraphs hidden until "Show the answer" (empty when the notes hold no answer). */
  answer: string[];
}

const ANSWER_MARK = /^Answer:\s*/;

/** Splits notes into paragraphs (blank lines) and the answer from the first "Answer:" paragraph on. */
export function splitNotes(notes: string): SplitNotes {
  const paragraphs = notes
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const at = paragraphs.findIndex((p) => ANSWER_MARK.test(p));
  if (at < 0) return { shown: paragraphs, answer: [] };
  return { shown: paragraphs.slice(0, at), answer: paragraphs.slice(at) };
}
