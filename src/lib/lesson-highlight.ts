/**
 * What a lesson's inline reference points at on screen (`[[component:…]]`, `[[decoder:ID/N]]`,
 * `[[field:ID/N/NAME]]`), and which HDM register fields a lesson field name stands for.
 */

/** A component, one of its decoders, or one field of that decoder, to highlight. */
export interface LessonHighlight {
  component: string;
  decoder?: number;
  /** A lesson field name: `base size IG IW targets skip commit committed lock error`. */
  field?: string;
}

/** Register field names (CXL r3.1 §8.2.4.20.5–.11, `src/cxl/spec/hdm-decoder.ts`) per lesson field name. */
const REGISTER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  base: ['baseLow', 'baseHigh'],
  size: ['sizeLow', 'sizeHigh'],
  IG: ['ig'],
  IW: ['iw'],
  targets: ['target0', 'target1', 'target2', 'target3', 'target4', 'target5', 'target6', 'target7'],
  skip: ['skipLow', 'skipHigh'],
  commit: ['commit'],
  committed: ['committed'],
  lock: ['lockOnCommit'],
  error: ['errorNotCommitted'],
};

/** The register fields a lesson field name stands for (none for an unknown name). */
export function registerFieldsOf(field: string | undefined): readonly string[] {
  return field === undefined || !Object.hasOwn(REGISTER_FIELDS, field) ? [] : (REGISTER_FIELDS[field] ?? []);
}

/** Reads `[[kind:value]]`'s value as a highlight: `mem0`, `hb0/1`, `hb0/1/IG`; null when malformed. */
export function highlightOf(kind: string, value: string): LessonHighlight | null {
  const [component = '', decoder, field] = value.split('/');
  if (component === '') return null;
  if (kind === 'component') return { component };
  const n = Number(decoder);
  if (!Number.isInteger(n) || n < 0) return null;
  if (kind === 'decoder') return { component, decoder: n };
  if (kind === 'field' && field !== undefined && Object.hasOwn(REGISTER_FIELDS, field))
    return { component, decoder: n, field };
  return null;
}
