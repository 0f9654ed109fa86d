// Lesson highlights in the HDM panel: which decoder card, overview row and register fields light up.
import { useEffect, useRef } from 'react';
import { type LessonHighlight, registerFieldsOf } from '../lib/lesson-highlight';

/**
 * The register fields to light up when `highlight` points at decoder `index` of `component` (empty:
 * the whole decoder), or null when it points elsewhere.
 */
export function lit(
  highlight: LessonHighlight | null,
  component: string,
  index: number,
): readonly string[] | null {
  if (highlight === null || highlight.component !== component || highlight.decoder !== index) return null;
  return registerFieldsOf(highlight.field);
}

/** A ref that scrolls its element into view whenever `when` becomes (or changes to) non-null. */
export function useScrollIntoViewWhen<T extends HTMLElement>(when: readonly string[] | null) {
  const ref = useRef<T>(null);
  const key = when === null ? null : when.join(',');
  useEffect(() => {
    if (key === null) return;
    const el = ref.current;
    // The highlighted field when there is one (the register rows are long), else the card.
    const target = el?.querySelector<HTMLElement>('[data-highlighted]') ?? el;
    target?.scrollIntoView?.({ block: 'nearest' });
  }, [key]);
  return ref;
}
