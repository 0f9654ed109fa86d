/**
 * The state a share link carries beside its lab (issues 15 and 16): the open dock tab, the selection,
 * a pending access (HPA, length, decode step), and a lesson (built-in by id, or a teacher's file)
 * with the step to open. Fragment parameters next to `lab=`, each bounded and checked while reading.
 */
import { strFromU8, strToU8 } from 'fflate';
import { parseLesson } from '../lesson/parse.ts';
import { LESSON_LIMITS } from '../lesson/types.ts';
import { LIMIT_LINK_ACCESS_BYTES, LIMIT_LINK_PARAMS, limitText } from '../limits.ts';
import type { CxlError } from '../result.ts';

/** An access to show when the link opens: read `length` bytes at `hpa`, decode bar at hop `step`. */
export interface ShareAccess {
  hpa: number;
  length: number;
  /** Hops of the decode path already shown (0 = at the start). */
  step: number;
}

/** What the learner was looking at: dock tab id, selected node id, pending access. */
export interface ShareView {
  /**
   * Multi-host labs (issue 18): the focused host, whose view the selection and the access belong to
   * (a selected component is an id of that host's view; an access is that host's HPA).
   */
  host?: string;
  tab?: string;
  selection?: string;
  access?: ShareAccess;
}

/** A lesson a link opens: a built-in one by id, or a teacher's lesson file (its text, validated). */
export type LessonLinkSource = { builtin: string } | { text: string };

/** Everything a link carries besides the lab file. */
export interface LinkState {
  view: ShareView;
  lesson?: LessonLinkSource;
  /** The lesson step to open: a step id, or a 1-based step number. */
  step?: string;
}

/** Parameter names (the lab itself is `lab=`, `SHARE_FRAGMENT_KEY`). */
export const LINK_PARAMS = {
  host: 'host',
  tab: 'tab',
  selection: 'sel',
  access: 'access',
  lesson: 'lesson',
  lessonFile: 'lesson-file',
  step: 'step',
} as const;

const TAB = /^[a-z][a-z0-9-]{0,31}$/;
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A node id in a link: what a component id may hold, bounded. */
const NODE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const HPA = /^0x[0-9a-f]{1,13}$/;
/** Hops shown is at most (pieces × hops); a link never needs more than this many. */
const MAX_STEP = 4096;

/** Compression helpers from the share-link module, passed in to keep one home for them. */
export interface LinkCodec {
  toBase64Url(bytes: Uint8Array): string;
  fromBase64Url(text: string): { ok: true; value: Uint8Array } | { ok: false; error: CxlError };
  deflate(bytes: Uint8Array): Uint8Array;
  inflate(bytes: Uint8Array, limit: number): { ok: true; value: Uint8Array } | { ok: false; error: CxlError };
}

function problem(param: string, code: string, message: string): CxlError {
  return { code: `link.${code}`, field: `link.${param}`, message: `the link's "${param}=": ${message}` };
}

/** The `&…` parameters for `state` (empty when it carries nothing); the lab's `lab=` goes first. */
export function encodeLinkState(state: LinkState, codec: LinkCodec): string {
  const out: string[] = [];
  const { host, tab, selection, access } = state.view;
  if (host !== undefined) out.push(`${LINK_PARAMS.host}=${encodeURIComponent(host)}`);
  if (tab !== undefined) out.push(`${LINK_PARAMS.tab}=${encodeURIComponent(tab)}`);
  if (selection !== undefined) out.push(`${LINK_PARAMS.selection}=${encodeURIComponent(selection)}`);
  if (access !== undefined) {
    out.push(`${LINK_PARAMS.access}=0x${access.hpa.toString(16)},${access.length},${access.step}`);
  }
  const lesson = state.lesson;
  if (lesson !== undefined && 'builtin' in lesson) out.push(`${LINK_PARAMS.lesson}=${lesson.builtin}`);
  if (lesson !== undefined && 'text' in lesson) {
    const data = codec.toBase64Url(codec.deflate(strToU8(lesson.text)));
    out.push(`${LINK_PARAMS.lessonFile}=${data}`);
  }
  if (state.step !== undefined) out.push(`${LINK_PARAMS.step}=${encodeURIComponent(state.step)}`);
  return out.map((p) => `&${p}`).join('');
}

/** `name=value` pairs of a fragment, %-decoded; a broken escape or a repeated name is an error. */
export function fragmentParams(fragment: string): { params: Map<string, string>; errors: CxlError[] } {
  const params = new Map<string, string>();
  const errors: CxlError[] = [];
  const parts = fragment.split('&').filter((p) => p !== '');
  if (parts.length > LIMIT_LINK_PARAMS.value) {
    errors.push({
      code: 'link.too-many',
      field: 'link',
      message: `the link has ${parts.length} parameters; it may have ${limitText(LIMIT_LINK_PARAMS)}`,
    });
    return { params, errors };
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    if (params.has(name)) {
      errors.push(problem(name, 'repeated', 'appears more than once'));
      continue;
    }
    try {
      value = decodeURIComponent(value);
    } catch {
      errors.push(problem(name, 'escape', 'has a broken %-escape'));
      continue;
    }
    params.set(name, value);
  }
  return { params, errors };
}

function readAccess(text: string, errors: CxlError[]): ShareAccess | undefined {
  const p = LINK_PARAMS.access;
  const parts = text.split(',');
  if (parts.length !== 3) {
    errors.push(problem(p, 'access', `expected HPA,LENGTH,STEP (e.g. 0x4c00000000,64,0), got ${clip(text)}`));
    return undefined;
  }
  const [hpaText = '', lengthText = '', stepText = ''] = parts;
  const hpa = HPA.test(hpaText) ? Number.parseInt(hpaText.slice(2), 16) : Number.NaN;
  const length = /^[0-9]{1,6}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  const step = /^[0-9]{1,4}$/.test(stepText) ? Number(stepText) : Number.NaN;
  if (!Number.isSafeInteger(hpa)) {
    errors.push(problem(p, 'access', `the HPA ${clip(hpaText)} is not lower-case hex 0x… below 2^52`));
  } else if (!(length >= 1 && length <= LIMIT_LINK_ACCESS_BYTES.value)) {
    errors.push(
      problem(
        p,
        'access',
        `the length ${clip(lengthText)} is not 1 … ${LIMIT_LINK_ACCESS_BYTES.value} bytes (limit "${LIMIT_LINK_ACCESS_BYTES.name}")`,
      ),
    );
  } else if (!(step >= 0 && step <= MAX_STEP)) {
    errors.push(problem(p, 'access', `the step ${clip(stepText)} is not 0 … ${MAX_STEP}`));
  } else return { hpa, length, step };
  return undefined;
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The teacher's lesson in `lesson-file=`: inflated within the lesson limit and parsed (step, field, reason). */
function readLessonFile(data: string, codec: LinkCodec, errors: CxlError[]): string | undefined {
  const p = LINK_PARAMS.lessonFile;
  if (!/^[A-Za-z0-9_-]+$/.test(data)) {
    errors.push(problem(p, 'base64', 'the lesson data is not base64url; was the link cut or altered?'));
    return undefined;
  }
  const bytes = codec.fromBase64Url(data);
  const raw = bytes.ok ? codec.inflate(bytes.value, LESSON_LIMITS.maxChars) : bytes;
  if (!raw.ok) {
    errors.push(problem(p, 'lesson-data', raw.error.message));
    return undefined;
  }
  let text: string;
  try {
    text = strFromU8(raw.value);
  } catch {
    errors.push(problem(p, 'utf8', 'the lesson data is not UTF-8 text'));
    return undefined;
  }
  const parsed = parseLesson(text);
  if (!parsed.ok) {
    for (const e of parsed.error.slice(0, 20)) {
      // The parser's messages already name the step (number and id), the field path and the reason.
      errors.push({
        code: e.code,
        field: `${p}${e.field.startsWith('$') ? e.field.slice(1) : `.${e.field}`}`,
        message: `the linked lesson: ${e.message}`,
      });
    }
    return undefined;
  }
  return text;
}

/** The lesson step named by `step=` in a parsed lesson's steps, or an error message. */
export function findLessonStep(steps: readonly { id: string }[], step: string): number | string {
  const byId = steps.findIndex((s) => s.id === step);
  if (byId >= 0) return byId;
  const n = /^[0-9]{1,3}$/.test(step) ? Number(step) : Number.NaN;
  if (n >= 1 && n <= steps.length) return n - 1;
  return `the lesson has no step ${clip(step)} (steps 1 … ${steps.length}, or an id: ${steps
    .slice(0, 12)
    .map((s) => s.id)
    .join(', ')}${steps.length > 12 ? ', …' : ''})`;
}

/** Reads the view and lesson parameters; unknown names are ignored (newer links, other tools). */
export function readLinkState(
  params: ReadonlyMap<string, string>,
  codec: LinkCodec,
): { state: LinkState; errors: CxlError[] } {
  const errors: CxlError[] = [];
  const view: ShareView = {};
  const state: LinkState = { view };
  const host = params.get(LINK_PARAMS.host);
  if (host !== undefined) {
    if (NODE_ID.test(host)) view.host = host;
    else errors.push(problem(LINK_PARAMS.host, 'host', `${clip(host)} is not a host id`));
  }
  const tab = params.get(LINK_PARAMS.tab);
  if (tab !== undefined) {
    if (TAB.test(tab)) view.tab = tab;
    else errors.push(problem(LINK_PARAMS.tab, 'tab', `${clip(tab)} is not a dock tab id`));
  }
  const sel = params.get(LINK_PARAMS.selection);
  if (sel !== undefined) {
    if (NODE_ID.test(sel)) view.selection = sel;
    else errors.push(problem(LINK_PARAMS.selection, 'selection', `${clip(sel)} is not a component id`));
  }
  const access = params.get(LINK_PARAMS.access);
  if (access !== undefined) {
    const a = readAccess(access, errors);
    if (a !== undefined) view.access = a;
  }
  const builtin = params.get(LINK_PARAMS.lesson);
  const file = params.get(LINK_PARAMS.lessonFile);
  if (builtin !== undefined && file !== undefined) {
    errors.push(
      problem(LINK_PARAMS.lesson, 'lesson', `a link names one lesson, not "lesson=" and "lesson-file=" both`),
    );
  } else if (builtin !== undefined) {
    if (LESSON_ID.test(builtin)) state.lesson = { builtin };
    else errors.push(problem(LINK_PARAMS.lesson, 'lesson', `${clip(builtin)} is not a lesson id`));
  } else if (file !== undefined) {
    const text = readLessonFile(file, codec, errors);
    if (text !== undefined) state.lesson = { text };
  }
  const step = params.get(LINK_PARAMS.step);
  if (step !== undefined) {
    if (builtin === undefined && file === undefined) {
      errors.push(problem(LINK_PARAMS.step, 'step', 'names a step but the link has no lesson'));
    } else if (!LESSON_ID.test(step)) {
      errors.push(problem(LINK_PARAMS.step, 'step', `${clip(step)} is not a step id or number`));
    } else state.step = step;
  }
  const lessonText = state.lesson !== undefined && 'text' in state.lesson ? state.lesson.text : undefined;
  if (lessonText !== undefined && state.step !== undefined) {
    const parsed = parseLesson(lessonText);
    const at = parsed.ok ? findLessonStep(parsed.value.steps, state.step) : 0;
    if (typeof at === 'string') errors.push(problem(LINK_PARAMS.step, 'step', at));
  }
  return { state, errors };
}
