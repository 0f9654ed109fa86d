/**
 * Readers for the parts of a lesson step: `do` checks, `predict` answers and reference-solution
 * actions (docs/lessons.md). Each records a located error and returns undefined on bad input.
 */
import { VALID_EIG, VALID_EIW, VALID_GRANULARITIES, VALID_WAYS } from '../spec/interleave.ts';
import {
  describeJson,
  isObject,
  type Json,
  type JsonObject,
  type LessonReader,
  own,
  readAddress,
  readArray,
  readBool,
  readHexBytes,
  readInt,
  readString,
  unknownKeys,
} from './read.ts';
import {
  type DecoderFields,
  LESSON_LIMITS,
  type LessonCheck,
  type PredictAnswer,
  type SolutionAction,
} from './types.ts';

/** Component ids as the lab names them (`hb0`, `rp0.1`, `mem3`). */
export const COMPONENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_DECODER = 31;

function component(r: LessonReader, o: JsonObject, path: string, key = 'component'): string | undefined {
  return readString(r, o, key, path, { pattern: COMPONENT_ID, what: 'a component id' });
}

function oneOf(
  r: LessonReader,
  value: number | undefined,
  allowed: readonly number[],
  field: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value))
    return r.fail('lesson.encoding', field, `${value} is not one of ${allowed.join(', ')}`);
  return value;
}

function ways(r: LessonReader, o: JsonObject, path: string, optional = false): number | undefined {
  return oneOf(r, readInt(r, o, 'ways', path, 1, 16, optional), VALID_WAYS, `${path}.ways`);
}

function granularity(r: LessonReader, o: JsonObject, path: string, optional = false): number | undefined {
  return oneOf(
    r,
    readInt(r, o, 'granularity', path, 256, 16384, optional),
    VALID_GRANULARITIES,
    `${path}.granularity`,
  );
}

function targets(r: LessonReader, o: JsonObject, path: string): number[] | undefined {
  if (own(o, 'targets') === undefined) return undefined;
  return readArray(r, o, 'targets', path, 8, (v, p) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255
      ? v
      : r.fail('lesson.type', p, `expected a port number 0 … 255, found ${describeJson(v)}`),
  );
}

const DECODER_FIELDS = [
  'base',
  'size',
  'ways',
  'granularity',
  'targets',
  'skip',
  'committed',
  'errorNotCommitted',
  'locked',
];

function decoderFields(r: LessonReader, v: Json | undefined, path: string): DecoderFields | undefined {
  if (!isObject(v))
    return r.fail('lesson.type', path, `expected an object of decoder fields, found ${describeJson(v)}`);
  unknownKeys(r, v, path, DECODER_FIELDS);
  const before = r.errors.length;
  const f: DecoderFields = {};
  const set = <K extends keyof DecoderFields>(k: K, x: DecoderFields[K] | undefined) => {
    if (x !== undefined) f[k] = x;
  };
  set('base', readAddress(r, v, 'base', path, { optional: true }));
  set('size', readAddress(r, v, 'size', path, { optional: true, size: true }));
  set('ways', ways(r, v, path, true));
  set('granularity', granularity(r, v, path, true));
  set('targets', targets(r, v, path));
  set('skip', readAddress(r, v, 'skip', path, { optional: true, size: true }));
  set('committed', readBool(r, v, 'committed', path));
  set('errorNotCommitted', readBool(r, v, 'errorNotCommitted', path));
  set('locked', readBool(r, v, 'locked', path));
  if (Object.keys(f).length === 0 && r.errors.length === before)
    return r.fail('lesson.empty', path, 'names no decoder field');
  return r.errors.length === before ? f : undefined;
}

/** One `do` check. */
export function readCheck(r: LessonReader, v: Json, path: string): LessonCheck | undefined {
  if (!isObject(v)) return r.fail('lesson.type', path, `expected a check object, found ${describeJson(v)}`);
  const kind = readString(r, v, 'kind', path);
  const before = r.errors.length;
  const done = <T>(x: T): T | undefined => (r.errors.length === before ? x : undefined);
  switch (kind) {
    case 'decoder': {
      unknownKeys(r, v, path, ['kind', 'component', 'decoder', 'expect']);
      const c = component(r, v, path);
      const d = readInt(r, v, 'decoder', path, 0, MAX_DECODER);
      const e = decoderFields(r, own(v, 'expect'), `${path}.expect`);
      return c === undefined || d === undefined || e === undefined
        ? undefined
        : done({ kind, component: c, decoder: d, expect: e });
    }
    case 'region': {
      unknownKeys(r, v, path, ['kind', 'ways', 'granularity', 'base', 'size']);
      const w = ways(r, v, path);
      const g = granularity(r, v, path);
      const base = readAddress(r, v, 'base', path, { optional: true });
      const size = readAddress(r, v, 'size', path, { optional: true, size: true });
      if (w === undefined || g === undefined) return undefined;
      const c: LessonCheck = { kind, ways: w, granularity: g };
      if (base !== undefined) c.base = base;
      if (size !== undefined) c.size = size;
      return done(c);
    }
    case 'route': {
      unknownKeys(r, v, path, ['kind', 'hpa', 'device', 'dpa']);
      const hpa = readAddress(r, v, 'hpa', path);
      const device = component(r, v, path, 'device');
      const dpa = readAddress(r, v, 'dpa', path);
      return hpa === undefined || device === undefined || dpa === undefined
        ? undefined
        : done({ kind, hpa, device, dpa });
    }
    case 'unrouted': {
      unknownKeys(r, v, path, ['kind', 'hpa']);
      const hpa = readAddress(r, v, 'hpa', path);
      return hpa === undefined ? undefined : done({ kind, hpa });
    }
    case 'memory': {
      unknownKeys(r, v, path, ['kind', 'device', 'dpa', 'bytes']);
      const device = component(r, v, path, 'device');
      const dpa = readAddress(r, v, 'dpa', path);
      const bytes = readHexBytes(r, v, 'bytes', path, LESSON_LIMITS.writeBytes);
      return device === undefined || dpa === undefined || bytes === undefined
        ? undefined
        : done({ kind, device, dpa, bytes });
    }
    case 'finding-absent': {
      unknownKeys(r, v, path, ['kind', 'code', 'component']);
      const code = readString(r, v, 'code', path, {
        optional: true,
        pattern: /^[a-z0-9.-]+$/,
        what: 'a finding code',
      });
      const comp = own(v, 'component') === undefined ? undefined : component(r, v, path);
      const c: LessonCheck = { kind };
      if (code !== undefined) c.code = code;
      if (comp !== undefined) c.component = comp;
      return done(c);
    }
    case undefined:
      return undefined;
    default:
      return r.fail(
        'lesson.kind',
        `${path}.kind`,
        `unknown check kind ${JSON.stringify(kind)} (decoder, region, route, unrouted, memory, finding-absent)`,
      );
  }
}

function expectObject(r: LessonReader, v: JsonObject, path: string): JsonObject | undefined {
  const e = own(v, 'expect');
  return isObject(e)
    ? e
    : r.fail(
        e === undefined ? 'lesson.missing' : 'lesson.type',
        `${path}.expect`,
        e === undefined ? 'required, missing' : `expected an object, found ${describeJson(e)}`,
      );
}

/** A predict step's answer: what is asked and the author's expected value. */
export function readAnswer(r: LessonReader, v: Json | undefined, path: string): PredictAnswer | undefined {
  if (!isObject(v))
    return r.fail(
      v === undefined ? 'lesson.missing' : 'lesson.type',
      path,
      v === undefined ? 'required, missing' : `expected an answer object, found ${describeJson(v)}`,
    );
  const kind = readString(r, v, 'kind', path);
  const e = kind === undefined ? undefined : expectObject(r, v, path);
  const ep = `${path}.expect`;
  const before = r.errors.length;
  if (kind !== undefined && !['route', 'hpa-bits', 'decoder', 'hpa'].includes(kind)) {
    return r.fail(
      'lesson.kind',
      `${path}.kind`,
      `unknown answer kind ${JSON.stringify(kind)} (route, hpa-bits, decoder, hpa)`,
    );
  }
  if (e === undefined) return undefined;
  if (kind === 'route') {
    unknownKeys(r, v, path, ['kind', 'hpa', 'expect']);
    const hpa = readAddress(r, v, 'hpa', path);
    if (own(e, 'unrouted') === true)
      return hpa === undefined ? undefined : { kind, hpa, expect: { unrouted: true } };
    const device = component(r, e, ep, 'device');
    const dpa = readAddress(r, e, 'dpa', ep);
    if (hpa === undefined || device === undefined || dpa === undefined) return undefined;
    return r.errors.length === before ? { kind, hpa, expect: { device, dpa } } : undefined;
  }
  if (kind === 'hpa-bits') {
    unknownKeys(r, v, path, ['kind', 'component', 'decoder', 'expect']);
    const c = component(r, v, path);
    const d = readInt(r, v, 'decoder', path, 0, MAX_DECODER, true);
    const low = readInt(r, e, 'low', ep, 0, 51);
    const high = readInt(r, e, 'high', ep, 0, 51);
    if (c === undefined || low === undefined || high === undefined) return undefined;
    if (high < low) return r.fail('lesson.range', `${ep}.high`, `${high} is below low ${low}`);
    const a: PredictAnswer = { kind, component: c, expect: { low, high } };
    if (d !== undefined) a.decoder = d;
    return r.errors.length === before ? a : undefined;
  }
  if (kind === 'decoder') {
    unknownKeys(r, v, path, ['kind', 'component', 'decoder', 'expect']);
    const c = component(r, v, path);
    const d = readInt(r, v, 'decoder', path, 0, MAX_DECODER);
    if (own(e, 'iw') !== undefined || own(e, 'ig') !== undefined) {
      unknownKeys(r, e, ep, ['iw', 'ig']);
      const iw = oneOf(r, readInt(r, e, 'iw', ep, 0, 15), VALID_EIW, `${ep}.iw`);
      const ig = oneOf(r, readInt(r, e, 'ig', ep, 0, 15), VALID_EIG, `${ep}.ig`);
      if (c === undefined || d === undefined || iw === undefined || ig === undefined) return undefined;
      return r.errors.length === before ? { kind, component: c, decoder: d, expect: { iw, ig } } : undefined;
    }
    unknownKeys(r, e, ep, ['ways', 'granularity']);
    const w = ways(r, e, ep);
    const g = granularity(r, e, ep);
    if (c === undefined || d === undefined || w === undefined || g === undefined) return undefined;
    return r.errors.length === before
      ? { kind, component: c, decoder: d, expect: { ways: w, granularity: g } }
      : undefined;
  }
  unknownKeys(r, v, path, ['kind', 'device', 'dpa', 'expect']);
  const device = component(r, v, path, 'device');
  const dpa = readAddress(r, v, 'dpa', path);
  const hpa = readAddress(r, e, 'hpa', ep);
  if (device === undefined || dpa === undefined || hpa === undefined) return undefined;
  return r.errors.length === before ? { kind: 'hpa', device, dpa, expect: { hpa } } : undefined;
}

/** One reference-solution action. */
export function readAction(r: LessonReader, v: Json, path: string): SolutionAction | undefined {
  if (!isObject(v)) return r.fail('lesson.type', path, `expected an action object, found ${describeJson(v)}`);
  const kind = readString(r, v, 'kind', path);
  const before = r.errors.length;
  if (kind === 'mmio') {
    unknownKeys(r, v, path, ['kind', 'component', 'offset', 'value']);
    const c = component(r, v, path);
    const offset = readAddress(r, v, 'offset', path);
    const value = readAddress(r, v, 'value', path);
    if (offset !== undefined && (offset >= 0x10000 || offset % 4 !== 0))
      return r.fail(
        'lesson.range',
        `${path}.offset`,
        'must be a 4-byte aligned offset in the 64 KiB component register block',
      );
    if (value !== undefined && value > 0xffff_ffff)
      return r.fail('lesson.range', `${path}.value`, 'a 32-bit register value is at most 0xffffffff');
    if (c === undefined || offset === undefined || value === undefined) return undefined;
    return r.errors.length === before ? { kind, component: c, offset, value } : undefined;
  }
  if (kind === 'program') {
    unknownKeys(r, v, path, [
      'kind',
      'component',
      'decoder',
      'base',
      'size',
      'ways',
      'granularity',
      'targets',
      'skip',
      'lock',
      'commit',
    ]);
    const c = component(r, v, path);
    const d = readInt(r, v, 'decoder', path, 0, MAX_DECODER);
    const base = readAddress(r, v, 'base', path);
    const size = readAddress(r, v, 'size', path, { size: true });
    const w = ways(r, v, path);
    const g = granularity(r, v, path);
    const t = targets(r, v, path);
    const skip = readAddress(r, v, 'skip', path, { optional: true, size: true });
    const lock = readBool(r, v, 'lock', path) ?? false;
    const commit = readBool(r, v, 'commit', path) ?? true;
    if (
      c === undefined ||
      d === undefined ||
      base === undefined ||
      size === undefined ||
      w === undefined ||
      g === undefined
    )
      return undefined;
    const a: SolutionAction = {
      kind,
      component: c,
      decoder: d,
      base,
      size,
      ways: w,
      granularity: g,
      lock,
      commit,
    };
    if (t !== undefined) a.targets = t;
    if (skip !== undefined) a.skip = skip;
    return r.errors.length === before ? a : undefined;
  }
  if (kind === 'write') {
    unknownKeys(r, v, path, ['kind', 'hpa', 'bytes']);
    const hpa = readAddress(r, v, 'hpa', path);
    const bytes = readHexBytes(r, v, 'bytes', path, LESSON_LIMITS.writeBytes);
    return hpa === undefined || bytes === undefined ? undefined : { kind, hpa, bytes };
  }
  if (kind === 'reset') {
    unknownKeys(r, v, path, ['kind', 'component']);
    const c = component(r, v, path);
    return c === undefined ? undefined : { kind, component: c };
  }
  if (kind === undefined) return undefined;
  return r.fail(
    'lesson.kind',
    `${path}.kind`,
    `unknown action kind ${JSON.stringify(kind)} (mmio, program, write, reset)`,
  );
}
