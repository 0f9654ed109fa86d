/**
 * The fields a predict step's answer form shows, per answer kind, and turning what the learner typed
 * (hex `0x…` or decimal) into a typed `LessonAnswer`, or a message saying which field is not a number.
 */
import type { LessonAnswer, LessonAnswerKind } from '../worker/lesson-types';

export interface AnswerField {
  name: string;
  label: string;
  placeholder: string;
}

export const ANSWER_FIELDS: Readonly<Record<LessonAnswerKind, readonly AnswerField[]>> = {
  route: [
    { name: 'device', label: 'Device (or “none”)', placeholder: 'mem0' },
    { name: 'dpa', label: 'DPA', placeholder: '0x0' },
  ],
  'hpa-bits': [
    { name: 'high', label: 'Highest HPA bit', placeholder: '9' },
    { name: 'low', label: 'Lowest HPA bit', placeholder: '8' },
  ],
  decoder: [
    { name: 'ways', label: 'Ways', placeholder: '2' },
    { name: 'granularity', label: 'Granularity (bytes)', placeholder: '256' },
  ],
  'decoder-encoded': [
    { name: 'iw', label: 'IW (encoded)', placeholder: '1' },
    { name: 'ig', label: 'IG (encoded)', placeholder: '0' },
  ],
  hpa: [{ name: 'hpa', label: 'HPA', placeholder: '0x4c00000000' }],
};

/** A non-negative integer written in hex (`0x…`, `_` allowed) or decimal, or null. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const n = /^0x[0-9a-f]{1,13}$/.test(t)
    ? Number.parseInt(t.slice(2), 16)
    : /^[0-9]{1,16}$/.test(t)
      ? Number(t)
      : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** The typed answer, or the problem with the first field that is not usable. */
export function toAnswer(kind: LessonAnswerKind, values: Record<string, string>): LessonAnswer | string {
  const num: Record<string, number> = {};
  const device = (values.device ?? '').trim();
  if (kind === 'route' && /^(none|no device|unrouted|-)$/i.test(device)) return { kind: 'unrouted' };
  for (const f of ANSWER_FIELDS[kind]) {
    if (f.name === 'device') {
      if (device === '') return 'Device: name a device, or “none”';
      continue;
    }
    const n = parseNumber(values[f.name] ?? '');
    if (n === null) return `${f.label}: enter a number (hex 0x… or decimal)`;
    num[f.name] = n;
  }
  const v = (k: string) => num[k] ?? 0;
  switch (kind) {
    case 'route':
      return { kind, device, dpa: v('dpa') };
    case 'hpa-bits':
      return { kind, low: v('low'), high: v('high') };
    case 'decoder':
      return { kind, ways: v('ways'), granularity: v('granularity') };
    case 'decoder-encoded':
      return { kind, iw: v('iw'), ig: v('ig') };
    case 'hpa':
      return { kind, hpa: v('hpa') };
  }
}

/**
 * An answer given by a click instead of typing: a node on the canvas (a device), a byte in the DPA hex
 * view (device and exact DPA), or a granule in the address map's interleave strip (device, granule HPA).
 */
export interface AnswerPick {
  source: 'node' | 'byte' | 'granule';
  device?: string;
  dpa?: number;
  hpa?: number;
}

/**
 * The form's values after a click on `pick`, and whether the click completes the answer (then it is
 * checked straight away); null when the click says nothing this question asks. A granule's DPA and HPA
 * are its first byte's, so they only fill a field to edit, never complete an answer.
 */
export function applyPick(
  kind: LessonAnswerKind,
  values: Record<string, string>,
  pick: AnswerPick,
): { values: Record<string, string>; complete: boolean } | null {
  const hex = (n: number) => `0x${n.toString(16)}`;
  if (kind === 'route') {
    if (pick.device === undefined) return null;
    const next: Record<string, string> = { ...values, device: pick.device };
    if (pick.source === 'byte' && pick.dpa !== undefined) next.dpa = hex(pick.dpa);
    const complete = pick.source !== 'granule' && (next.dpa ?? '').trim() !== '';
    return { values: next, complete };
  }
  if (kind === 'hpa' && pick.hpa !== undefined) {
    return { values: { ...values, hpa: hex(pick.hpa) }, complete: false };
  }
  return null;
}
