/**
 * Field readers for the lesson parser: each reads one JSON value by own property, records a
 * located `LessonError` (step, field path, reason) when it is missing or wrong, and never throws.
 */
import { parseAddress, parseSize } from '../units.ts';
import { LESSON_LIMITS, type LessonError } from './types.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Collects errors while reading; `step` names the step being read. */
export class LessonReader {
  readonly errors: LessonError[] = [];
  step: { index: number; id?: string } | undefined;

  fail(code: string, field: string, message: string): undefined {
    const e: LessonError = { code, field, message: this.#where(field, message) };
    if (this.step !== undefined) {
      e.step = this.step.index;
      if (this.step.id !== undefined) e.stepId = this.step.id;
    }
    // Bounded: a hostile file cannot grow the list without end.
    if (this.errors.length < 200) this.errors.push(e);
    return undefined;
  }

  #where(field: string, message: string): string {
    const s = this.step;
    const at = s === undefined ? '' : `step ${s.index + 1}${s.id === undefined ? '' : ` ("${s.id}")`}: `;
    return `${at}${field}: ${message}`;
  }
}

export function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function describeJson(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The own property `key` of `o` (never an inherited one such as `__proto__` or `toString`). */
export function own(o: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Keys of `o` outside `allowed`, each an error ("unknown field"). */
export function unknownKeys(r: LessonReader, o: JsonObject, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k))
      r.fail('lesson.unknown-field', `${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

export function readString(
  r: LessonReader,
  o: JsonObject,
  key: string,
  path: string,
  opts: { optional?: boolean; max?: number; pattern?: RegExp; what?: string } = {},
): string | undefined {
  const v = own(o, key);
  const field = `${path}.${key}`;
  if (v === undefined)
    return opts.optional ? undefined : r.fail('lesson.missing', field, 'required, missing');
  if (typeof v !== 'string')
    return r.fail('lesson.type', field, `expected a string, found ${describeJson(v)}`);
  const max = opts.max ?? LESSON_LIMITS.lineChars;
  if (v.length > max) return r.fail('lesson.too-long', field, `${v.length} characters; at most ${max}`);
  if (v.trim() === '') return r.fail('lesson.empty', field, 'is empty');
  if (opts.pattern !== undefined && !opts.pattern.test(v)) {
    return r.fail('lesson.format', field, `${JSON.stringify(v)} is not ${opts.what ?? 'well formed'}`);
  }
  return v;
}

/** A non-negative integer (JSON number) in [min, max]. */
export function readInt(
  r: LessonReader,
  o: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number,
  optional = false,
): number | undefined {
  const v = own(o, key);
  const field = `${path}.${key}`;
  if (v === undefined) return optional ? undefined : r.fail('lesson.missing', field, 'required, missing');
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    return r.fail('lesson.type', field, `expected an integer, found ${describeJson(v)}`);
  }
  if (v < min || v > max) return r.fail('lesson.range', field, `${v} is outside ${min} … ${max}`);
  return v;
}

export function readBool(r: LessonReader, o: JsonObject, key: string, path: string): boolean | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean')
    return r.fail('lesson.type', `${path}.${key}`, `expected true or false, found ${describeJson(v)}`);
  return v;
}

/** An address (hex text `0x…` or a number), via the core's one address parser. */
export function readAddress(
  r: LessonReader,
  o: JsonObject,
  key: string,
  path: string,
  opts: { optional?: boolean; size?: boolean } = {},
): number | undefined {
  const v = own(o, key);
  const field = `${path}.${key}`;
  if (v === undefined)
    return opts.optional ? undefined : r.fail('lesson.missing', field, 'required, missing');
  if (typeof v !== 'string' && typeof v !== 'number') {
    return r.fail(
      'lesson.type',
      field,
      `expected an address (hex text or a number), found ${describeJson(v)}`,
    );
  }
  const parsed = opts.size ? parseSize(v, field) : parseAddress(v, field);
  if (!parsed.ok) return r.fail('lesson.address', field, parsed.error.message.replace(`${field}: `, ''));
  return parsed.value;
}

/** An array of at most `max` items; each must satisfy `item` (errors are recorded by it). */
export function readArray<T>(
  r: LessonReader,
  o: JsonObject,
  key: string,
  path: string,
  max: number,
  item: (v: Json, path: string, index: number) => T | undefined,
  optional = false,
): T[] | undefined {
  const v = own(o, key);
  const field = `${path}.${key}`;
  if (v === undefined) return optional ? [] : r.fail('lesson.missing', field, 'required, missing');
  if (!Array.isArray(v)) return r.fail('lesson.type', field, `expected an array, found ${describeJson(v)}`);
  if (v.length > max) return r.fail('lesson.too-many', field, `${v.length} entries; at most ${max}`);
  const out: T[] = [];
  let bad = false;
  v.forEach((x, i) => {
    const t = item(x, `${field}[${i}]`, i);
    if (t === undefined) bad = true;
    else out.push(t);
  });
  return bad ? undefined : out;
}

/** Bytes as hex text ("deadbeef", optional 0x, spaces allowed), at most `max` bytes. */
export function readHexBytes(
  r: LessonReader,
  o: JsonObject,
  key: string,
  path: string,
  max: number,
): Uint8Array | undefined {
  const text = readString(r, o, key, path, { max: max * 3 + 2 });
  if (text === undefined) return undefined;
  const field = `${path}.${key}`;
  const digits = text.replace(/^0x/i, '').replaceAll(' ', '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(digits))
    return r.fail('lesson.format', field, 'expected bytes as hex digit pairs, e.g. "a5a5"');
  if (digits.length / 2 > max)
    return r.fail('lesson.too-long', field, `${digits.length / 2} bytes; at most ${max}`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
