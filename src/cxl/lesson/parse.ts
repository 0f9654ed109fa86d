/**
 * Parses and validates a `cxl-lab-lesson/1` file (docs/lessons.md): bounded size and depth, own
 * properties only, every problem reported with its step, field path and reason; never throws.
 */
import { jsonNestingDepth } from '../json-depth.ts';
import { parseAddress } from '../units.ts';
import { COMPONENT_ID, readAction, readAnswer, readCheck } from './parse-parts.ts';
import {
  describeJson,
  isObject,
  type Json,
  type JsonObject,
  LessonReader,
  own,
  readArray,
  readInt,
  readString,
  unknownKeys,
} from './read.ts';
import {
  LESSON_FORMAT,
  LESSON_LIMITS,
  type Lesson,
  type LessonError,
  type LessonLab,
  type LessonLevel,
  type LessonReference,
  type LessonStep,
} from './types.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LEVELS: readonly LessonLevel[] = ['beginner', 'intermediate', 'advanced'];
const TEXT = { max: LESSON_LIMITS.textChars };

export type LessonResult = { ok: true; value: Lesson } | { ok: false; error: LessonError[] };

function single(code: string, message: string): LessonResult {
  return { ok: false, error: [{ code, field: '(file)', message }] };
}

/** Parses lesson text. */
export function parseLesson(text: unknown): LessonResult {
  if (typeof text !== 'string') return single('lesson.type', 'expected the lesson as text');
  if (text.length > LESSON_LIMITS.maxChars) {
    return single(
      'lesson.too-large',
      `${text.length} characters; a lesson is at most ${LESSON_LIMITS.maxChars}`,
    );
  }
  if (jsonNestingDepth(text, LESSON_LIMITS.maxDepth) > LESSON_LIMITS.maxDepth) {
    return single('lesson.too-deep', `nests deeper than ${LESSON_LIMITS.maxDepth} levels`);
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    return single(
      'lesson.json',
      `not valid JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}`,
    );
  }
  return readLesson(root);
}

/** Validates an already parsed JSON value as a lesson. */
export function readLesson(root: Json): LessonResult {
  if (!isObject(root)) return single('lesson.type', `expected a JSON object, found ${describeJson(root)}`);
  if (own(root, 'format') !== LESSON_FORMAT) {
    return single(
      'lesson.format',
      `"format" must be "${LESSON_FORMAT}", found ${describeJson(own(root, 'format'))}`,
    );
  }
  const r = new LessonReader();
  const p = '$';
  unknownKeys(r, root, p, ['format', 'id', 'title', 'level', 'minutes', 'summary', 'lab', 'steps']);
  const id = readString(r, root, 'id', p, { pattern: ID, what: 'a lesson id (a-z, 0-9, -)' });
  const title = readString(r, root, 'title', p);
  const levelText = readString(r, root, 'level', p);
  const level = LEVELS.find((l) => l === levelText);
  if (levelText !== undefined && level === undefined)
    r.fail('lesson.level', `${p}.level`, `must be one of ${LEVELS.join(', ')}`);
  const minutes = readInt(r, root, 'minutes', p, 1, 120);
  const summary = readString(r, root, 'summary', p, TEXT);
  const lab = readLab(r, own(root, 'lab'), `${p}.lab`);
  const steps = readArray(r, root, 'steps', p, LESSON_LIMITS.steps, (v, path, i) => readStep(r, v, path, i));
  r.step = undefined;
  if (steps !== undefined && steps.length === 0)
    r.fail('lesson.empty', `${p}.steps`, 'a lesson needs at least one step');
  duplicateIds(r, own(root, 'steps'));
  if (r.errors.length > 0) return { ok: false, error: r.errors };
  if (
    id === undefined ||
    title === undefined ||
    level === undefined ||
    minutes === undefined ||
    summary === undefined ||
    lab === undefined ||
    steps === undefined
  ) {
    return single('lesson.invalid', 'lesson is incomplete');
  }
  return { ok: true, value: { format: LESSON_FORMAT, id, title, level, minutes, summary, lab, steps } };
}

/** Step ids must be unique (a share link names a step by id); read from the raw steps, valid or not. */
function duplicateIds(r: LessonReader, steps: Json | undefined): void {
  if (!Array.isArray(steps) || steps.length > LESSON_LIMITS.steps) return;
  const seen = new Map<string, number>();
  steps.forEach((s, i) => {
    const id = isObject(s) ? own(s, 'id') : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    r.step = { index: i, id };
    if (first !== undefined)
      r.fail('lesson.duplicate-id', `$.steps[${i}].id`, `"${id}" is also step ${first + 1}'s id`);
    else seen.set(id, i);
  });
  r.step = undefined;
}

function readLab(r: LessonReader, v: Json | undefined, path: string): LessonLab | undefined {
  if (!isObject(v))
    return r.fail(
      v === undefined ? 'lesson.missing' : 'lesson.type',
      path,
      v === undefined ? 'required, missing' : `expected an object, found ${describeJson(v)}`,
    );
  unknownKeys(r, v, path, ['preset', 'inline', 'reset']);
  const preset = readString(r, v, 'preset', path, { optional: true, pattern: ID, what: 'a preset id' });
  const inline = own(v, 'inline');
  if ((preset === undefined) === (inline === undefined)) {
    return r.fail(
      'lesson.lab',
      path,
      'give exactly one of "preset" (a preset id) or "inline" (a cxl-lab/1 file object)',
    );
  }
  if (inline !== undefined && !isObject(inline))
    return r.fail(
      'lesson.type',
      `${path}.inline`,
      `expected a cxl-lab/1 file object, found ${describeJson(inline)}`,
    );
  const reset = readArray(
    r,
    v,
    'reset',
    path,
    LESSON_LIMITS.resets,
    (x, p) =>
      typeof x === 'string' && COMPONENT_ID.test(x)
        ? x
        : r.fail('lesson.type', p, `expected a component id, found ${describeJson(x)}`),
    true,
  );
  if (reset === undefined) return undefined;
  const lab: LessonLab = { reset };
  if (preset !== undefined) lab.preset = preset;
  if (inline !== undefined) lab.inlineText = JSON.stringify(inline);
  return lab;
}

function hints(r: LessonReader, o: JsonObject, path: string): string[] | undefined {
  return readArray(
    r,
    o,
    'hints',
    path,
    LESSON_LIMITS.hintsPerStep,
    (x, p) =>
      typeof x === 'string' && x.trim() !== '' && x.length <= LESSON_LIMITS.textChars
        ? x
        : r.fail(
            'lesson.type',
            p,
            `expected a hint text of 1 … ${LESSON_LIMITS.textChars} characters, found ${describeJson(x)}`,
          ),
    true,
  );
}

function readStep(r: LessonReader, v: Json, path: string, index: number): LessonStep | undefined {
  r.step = { index };
  if (!isObject(v)) return r.fail('lesson.type', path, `expected a step object, found ${describeJson(v)}`);
  const id = readString(r, v, 'id', path, { pattern: ID, what: 'a step id (a-z, 0-9, -)' });
  if (id !== undefined) r.step = { index, id };
  const kind = readString(r, v, 'kind', path);
  const before = r.errors.length;
  if (kind === 'explain') {
    unknownKeys(r, v, path, ['kind', 'id', 'text']);
    const text = readString(r, v, 'text', path, TEXT);
    if (text !== undefined) {
      const refs = lessonReferences(text);
      for (const bad of refs.errors) r.fail('lesson.reference', `${path}.text`, bad);
    }
    return id === undefined || text === undefined || r.errors.length > before
      ? undefined
      : { kind, id, text };
  }
  if (kind === 'predict') {
    unknownKeys(r, v, path, ['kind', 'id', 'question', 'answer', 'explanation', 'hints']);
    const question = readString(r, v, 'question', path, TEXT);
    const answer = readAnswer(r, own(v, 'answer'), `${path}.answer`);
    const explanation = readString(r, v, 'explanation', path, TEXT);
    const h = hints(r, v, path);
    if (
      id === undefined ||
      question === undefined ||
      answer === undefined ||
      explanation === undefined ||
      h === undefined
    )
      return undefined;
    return r.errors.length > before ? undefined : { kind, id, question, answer, explanation, hints: h };
  }
  if (kind === 'do') {
    unknownKeys(r, v, path, ['kind', 'id', 'task', 'checks', 'hints', 'solution']);
    const task = readString(r, v, 'task', path, TEXT);
    const checks = readArray(r, v, 'checks', path, LESSON_LIMITS.checksPerStep, (x, p) => readCheck(r, x, p));
    const h = hints(r, v, path);
    const solution = readArray(r, v, 'solution', path, LESSON_LIMITS.actionsPerStep, (x, p) =>
      readAction(r, x, p),
    );
    if (checks !== undefined && checks.length === 0)
      r.fail('lesson.empty', `${path}.checks`, 'a do step needs at least one check');
    if (solution !== undefined && solution.length === 0)
      r.fail('lesson.empty', `${path}.solution`, 'a do step needs a reference solution');
    if (
      id === undefined ||
      task === undefined ||
      checks === undefined ||
      h === undefined ||
      solution === undefined
    )
      return undefined;
    return r.errors.length > before ? undefined : { kind, id, task, checks, hints: h, solution };
  }
  if (kind === undefined) return undefined;
  return r.fail(
    'lesson.kind',
    `${path}.kind`,
    `unknown step kind ${JSON.stringify(kind)} (explain, predict, do)`,
  );
}

const REF = /\[\[([a-z]+):([^\]]{1,120})\]\]/g;
const FIELD_NAMES = ['base', 'size', 'IG', 'IW', 'targets', 'skip', 'commit', 'committed', 'lock', 'error'];

/** The inline references of explain markdown, and a message for each malformed one. */
export function lessonReferences(text: string): { refs: LessonReference[]; errors: string[] } {
  const refs: LessonReference[] = [];
  const errors: string[] = [];
  for (const m of text.matchAll(REF)) {
    if (refs.length + errors.length >= 256) break;
    const kind = m[1] ?? '';
    const arg = m[2] ?? '';
    const raw = `${kind}:${arg}`;
    const parts = arg.split('/');
    const [c, d, f] = parts;
    const decoder = d === undefined ? undefined : /^[0-9]{1,2}$/.test(d) ? Number(d) : Number.NaN;
    if (kind === 'address') {
      const a = parseAddress(arg, raw);
      if (a.ok) refs.push({ kind, address: a.value, raw });
      else errors.push(`[[${raw}]]: ${a.error.message}`);
    } else if (kind !== 'component' && kind !== 'decoder' && kind !== 'field') {
      errors.push(`[[${raw}]]: unknown reference kind "${kind}" (component, decoder, field, address)`);
    } else if (c === undefined || !COMPONENT_ID.test(c)) {
      errors.push(`[[${raw}]]: "${c ?? ''}" is not a component id`);
    } else if (parts.length !== { component: 1, decoder: 2, field: 3 }[kind]) {
      errors.push(
        `[[${raw}]]: write ${kind === 'component' ? 'component:ID' : kind === 'decoder' ? 'decoder:ID/N' : 'field:ID/N/NAME'}`,
      );
    } else if (decoder !== undefined && Number.isNaN(decoder)) {
      errors.push(`[[${raw}]]: decoder "${d}" is not a number`);
    } else if (f !== undefined && !FIELD_NAMES.includes(f)) {
      errors.push(`[[${raw}]]: field "${f}" is not one of ${FIELD_NAMES.join(', ')}`);
    } else {
      const ref: LessonReference = { kind, component: c, raw };
      if (decoder !== undefined) ref.decoder = decoder;
      if (f !== undefined) ref.field = f;
      refs.push(ref);
    }
  }
  return { refs, errors };
}
