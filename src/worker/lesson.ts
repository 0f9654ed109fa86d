/**
 * The lesson requests (`lesson-types.ts`) over the core's lesson module: one current lesson per
 * worker, its starting lab installed in the emulator, checks and answers evaluated on the live lab.
 */
import type { MemoryLab } from '../cxl/decode/access.ts';
import {
  answerMatches,
  answerText,
  applyAction,
  type CheckOutcome,
  type CxlError,
  computeAnswer,
  encodeLessonLink,
  evaluateCheck,
  findLessonStep,
  type Lab,
  type Lesson,
  type LessonCheck,
  type LessonStep,
  lessonLab,
  type PredictAnswer,
  parseLesson,
  type Result,
  serializeLabFile,
} from '../cxl/index.ts';
import { hex } from '../cxl/units.ts';
import { BUILTIN_LESSON_IDS, builtinLessonText } from './builtin-lessons.ts';
import type { LabState, MemoryEntry } from './lab-types.ts';
import type {
  LessonAnswer,
  LessonRequestMap,
  LessonStepView,
  LessonSummary,
  LessonView,
  LessonWriteView,
} from './lesson-types.ts';

type ResultOf<K extends keyof LessonRequestMap> = LessonRequestMap[K]['result'];
type ArgsOf<K extends keyof LessonRequestMap> = LessonRequestMap[K]['args'];

/** What the lesson session needs from the emulator: its live lab and memory, and its document. */
export interface LessonHost {
  readonly inspected: { lab: Lab; mem: MemoryLab };
  state(): LabState;
  /** An ordinary memory write (the bytes land in the worker's bank and its journal entries come back). */
  write(args: { hpa: number; bytes: Uint8Array }): Result<{ written: number; memory: MemoryEntry[] }>;
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

function fail(code: string, message: string, causes?: CxlError[]): { ok: false; error: CxlError } {
  return { ok: false, error: causes === undefined ? { code, message } : { code, message, causes } };
}

function answerKind(a: PredictAnswer): Extract<LessonStepView, { kind: 'predict' }>['answerKind'] {
  if (a.kind === 'decoder') return 'iw' in a.expect ? 'decoder-encoded' : 'decoder';
  return a.kind;
}

/** The lesson as the learner sees it (no expected answers, no solutions). */
export function lessonView(l: Lesson): LessonView {
  const steps = l.steps.map((s): LessonStepView => {
    if (s.kind === 'explain') return { kind: 'explain', id: s.id, text: s.text };
    if (s.kind === 'predict')
      return {
        kind: 'predict',
        id: s.id,
        question: s.question,
        answerKind: answerKind(s.answer),
        hints: [...s.hints],
      };
    return {
      kind: 'do',
      id: s.id,
      task: s.task,
      hints: [...s.hints],
      checks: s.checks.length,
      solutionActions: s.solution.length,
    };
  });
  const view: LessonView = {
    id: l.id,
    title: l.title,
    level: l.level,
    minutes: l.minutes,
    summary: l.summary,
    steps,
  };
  if (l.lab.preset !== undefined) view.preset = l.lab.preset;
  return view;
}

/** The learner's answer as a predict answer of the step's own kind, to compare with the core's. */
function asPredict(step: PredictAnswer, a: LessonAnswer): PredictAnswer | string {
  const wrongKind = `this question asks for ${step.kind === 'route' ? 'a device and DPA' : `a ${step.kind} answer`}`;
  if (step.kind === 'route') {
    if (a.kind === 'unrouted') return { ...step, expect: { unrouted: true } };
    return a.kind === 'route' ? { ...step, expect: { device: a.device, dpa: a.dpa } } : wrongKind;
  }
  if (step.kind === 'hpa-bits')
    return a.kind === 'hpa-bits' ? { ...step, expect: { low: a.low, high: a.high } } : wrongKind;
  if (step.kind === 'hpa') return a.kind === 'hpa' ? { ...step, expect: { hpa: a.hpa } } : wrongKind;
  if (a.kind === 'decoder') return { ...step, expect: { ways: a.ways, granularity: a.granularity } };
  if (a.kind === 'decoder-encoded') return { ...step, expect: { iw: a.iw, ig: a.ig } };
  return wrongKind;
}

/** One worker's lesson: the one opened last, evaluated against the emulator's live lab. */
export class LessonSession {
  #lesson: Lesson | undefined;
  /** Where the current lesson came from (a link names a built-in lesson by id, carries a file's text). */
  #source: { builtin: string } | { text: string } | undefined;
  readonly #host: LessonHost;

  constructor(host: LessonHost) {
    this.#host = host;
  }

  async open(args: ArgsOf<'lesson.open'>): Promise<Result<ResultOf<'lesson.open'>>> {
    let text: string;
    let what: string;
    if ('builtin' in args) {
      const t = await builtinLessonText(args.builtin);
      if (t === undefined) return fail('lesson.unknown', `there is no built-in lesson "${args.builtin}"`);
      text = t;
      what = `built-in lesson "${args.builtin}"`;
    } else {
      text = args.text;
      what = args.fileName ?? 'the lesson file';
    }
    const parsed = parseLesson(text);
    if (!parsed.ok) {
      // The core's messages already name step (number and id), field path and reason.
      const causes = parsed.error.map((e) => ({ code: e.code, message: e.message }));
      const first = causes[0]?.message ?? 'unknown problem';
      const more = causes.length > 1 ? ` (and ${causes.length - 1} more)` : '';
      return fail(
        'lesson.invalid',
        `${what} is not a valid cxl-lab-lesson/1 lesson: ${first}${more}`,
        causes,
      );
    }
    let startStep: number | undefined;
    if (args.step !== undefined) {
      const at = findLessonStep(parsed.value.steps, args.step);
      if (typeof at === 'string') return fail('lesson.step', `${what}: ${at}`);
      startStep = at;
    }
    this.#lesson = parsed.value;
    this.#source = 'builtin' in args ? { builtin: args.builtin } : { text };
    const view = lessonView(parsed.value);
    return ok(startStep === undefined ? view : { ...view, startStep });
  }

  start(args: ArgsOf<'lesson.start'>): Result<ResultOf<'lesson.start'>> {
    const lesson = this.#lesson;
    if (lesson === undefined) return fail('lesson.none', 'no lesson is open');
    const built = lessonLab(lesson, (id) => (id === lesson.lab.preset ? args.presetText : undefined));
    if (!built.ok) return fail(built.error.code, `lesson "${lesson.id}": ${built.error.message}`);
    const file = built.value.toFile();
    const spec = { ...file.spec, name: `Lesson: ${lesson.title}`.slice(0, 200) };
    return ok({ text: serializeLabFile({ ...file, spec }), name: spec.name, lesson: lessonView(lesson) });
  }

  async catalog(): Promise<Result<ResultOf<'lesson.catalog'>>> {
    const out: LessonSummary[] = [];
    for (const id of BUILTIN_LESSON_IDS) {
      const parsed = parseLesson(await builtinLessonText(id));
      if (!parsed.ok)
        return fail('lesson.builtin', `built-in lesson "${id}": ${parsed.error[0]?.message ?? ''}`);
      const l = parsed.value;
      out.push({
        id: l.id,
        title: l.title,
        level: l.level,
        minutes: l.minutes,
        summary: l.summary,
        steps: l.steps.length,
      });
    }
    return ok(out);
  }

  #step<K extends LessonStep['kind']>(n: number, kind: K): Extract<LessonStep, { kind: K }> | string {
    const lesson = this.#lesson;
    if (lesson === undefined) return 'no lesson is open';
    const s = lesson.steps[n];
    if (s === undefined) return `lesson "${lesson.id}" has no step ${n + 1}`;
    if (s.kind !== kind) return `step ${n + 1} "${s.id}" is a ${s.kind} step, not a ${kind} step`;
    return s as Extract<LessonStep, { kind: K }>;
  }

  /** A check on the emulator's memory bank (where the learner's writes land), else on the lab. */
  #evaluate(c: LessonCheck): CheckOutcome {
    const { lab, mem } = this.#host.inspected;
    if (c.kind !== 'memory') return evaluateCheck(lab, c);
    const dev = lab.topology.byId.get(c.device);
    const m = dev?.kind === 'type3' ? mem.memory(c.device) : undefined;
    if (m === undefined) return { pass: false, detail: `"${c.device}" is not a Type 3 device` };
    const got = m.read(c.dpa, c.bytes.length);
    if (!got.ok) return { pass: false, detail: got.error.message };
    const same = got.value.every((b, i) => b === c.bytes[i]);
    return {
      pass: same,
      detail: `${c.device} DPA ${hex(c.dpa)}: ${same ? 'holds' : 'does not hold'} the expected bytes`,
    };
  }

  check(args: ArgsOf<'lesson.check'>): Result<ResultOf<'lesson.check'>> {
    const s = this.#step(args.step, 'do');
    if (typeof s === 'string') return fail('lesson.step', s);
    const checks = s.checks.map((c) => this.#evaluate(c));
    return ok({ pass: checks.every((c) => c.pass), checks });
  }

  answer(args: ArgsOf<'lesson.answer'>): Result<ResultOf<'lesson.answer'>> {
    const s = this.#step(args.step, 'predict');
    if (typeof s === 'string') return fail('lesson.step', s);
    const given = asPredict(s.answer, args.answer);
    if (typeof given === 'string') return fail('lesson.answer-kind', given);
    const got = computeAnswer(this.#host.inspected.lab, s.answer);
    if (!got.ok) return fail(got.error.code, `the lab cannot answer this question now: ${got.error.message}`);
    if (!answerMatches(given, got.value)) return ok({ correct: false });
    const demo =
      s.answer.kind === 'route'
        ? { hpa: s.answer.hpa }
        : 'hpa' in got.value
          ? { hpa: got.value.hpa }
          : undefined;
    return ok({
      correct: true,
      answer: answerText(got.value),
      explanation: s.explanation,
      ...(demo === undefined ? {} : { demonstrate: demo }),
    });
  }

  link(args: ArgsOf<'lesson.link'>): Result<ResultOf<'lesson.link'>> {
    const lesson = this.#lesson;
    const source = this.#source;
    if (lesson === undefined || source === undefined) return fail('lesson.none', 'no lesson is open');
    const step = lesson.steps[args.step];
    if (step === undefined) return fail('lesson.step', `lesson "${lesson.id}" has no step ${args.step + 1}`);
    const r = encodeLessonLink(source, step.id);
    if (!r.ok) return fail(r.error.code, `no lesson link: ${r.error.message}`);
    return ok({ fragment: r.value, builtin: 'builtin' in source });
  }

  /** "Show me": applies the reference solution to the live lab, answering the MMIO writes it made. */
  solve(args: ArgsOf<'lesson.solve'>): Result<ResultOf<'lesson.solve'>> {
    const s = this.#step(args.step, 'do');
    if (typeof s === 'string') return fail('lesson.step', s);
    const writes: LessonWriteView[] = [];
    const notes: string[] = [];
    const memory: MemoryEntry[] = [];
    for (const [i, a] of s.solution.entries()) {
      if (a.kind === 'write') {
        // Through the emulator, so the bytes land in its memory bank like the learner's own writes.
        const w = this.#host.write({ hpa: a.hpa, bytes: a.bytes });
        if (!w.ok) return w;
        memory.push(...w.value.memory);
        notes.push(`wrote ${a.bytes.length} bytes at ${hex(a.hpa)}: ${w.value.written} reached a device`);
        continue;
      }
      const r = applyAction(this.#host.inspected.lab, a);
      if (!r.ok) return fail(r.error.code, `show me, action ${i + 1} (${a.kind}): ${r.error.message}`);
      for (const w of r.value.writes)
        writes.push({ component: w.componentId, offset: w.offset, value: w.value, register: w.register });
      notes.push(r.value.note);
    }
    return ok({ ...this.#host.state(), writes, notes, memory });
  }
}
