/**
 * `lesson verify` in the core: loads a lesson's starting lab, then walks its steps in order —
 * explain references must name what exists, each predict's expected answer must equal what the core
 * computes, each do step's checks must not all hold before its reference solution and must all hold after.
 */
import { createLab, type Lab } from '../lab.ts';
import { err, ok, type Result } from '../result.ts';
import { parseLabFile } from '../topology/file.ts';
import { answerMatches, answerText, applyAction, computeAnswer, evaluateCheck } from './evaluate.ts';
import { lessonReferences } from './parse.ts';
import type { Lesson, LessonStep } from './types.ts';

/** Text of a preset by id, or undefined when there is none (the caller owns the presets). */
export type PresetResolver = (id: string) => string | undefined;

export interface StepReport {
  index: number;
  id: string;
  kind: LessonStep['kind'];
  ok: boolean;
  /** What was verified, and every problem, one line each. */
  lines: string[];
}

export interface LessonReport {
  id: string;
  ok: boolean;
  /** Problem loading the starting lab (then no step ran). */
  labError?: string;
  steps: StepReport[];
}

/** Builds a lesson's starting lab: the preset or inline file, then the listed resets. */
export function lessonLab(lesson: Lesson, presets: PresetResolver): Result<Lab> {
  const where = lesson.lab.preset === undefined ? 'inline lab' : `preset "${lesson.lab.preset}"`;
  const text = lesson.lab.preset === undefined ? lesson.lab.inlineText : presets(lesson.lab.preset);
  if (text === undefined)
    return err('lesson.preset', `no preset "${lesson.lab.preset ?? ''}"`, { field: 'lab.preset' });
  const parsed = parseLabFile(text);
  if (!parsed.ok)
    return err('lesson.lab', `${where}: ${parsed.error.map((e) => e.message).join('; ')}`, { field: 'lab' });
  const created = createLab(parsed.value);
  if (!created.ok) return err('lesson.lab', `${where}: ${created.error.message}`, { field: 'lab' });
  const lab = created.value.lab;
  for (const id of lesson.lab.reset) {
    const r = lab.resetComponent(id);
    if (!r.ok) return err('lesson.lab', `lab.reset: ${r.error.message}`, { field: 'lab.reset' });
  }
  return ok(lab);
}

function explainStep(lab: Lab, text: string, lines: string[]): boolean {
  let good = true;
  for (const ref of lessonReferences(text).refs) {
    if (ref.component === undefined) continue;
    const isWindow = lab.topology.windows.some((w) => w.id === ref.component);
    if (!isWindow && lab.topology.byId.get(ref.component) === undefined) {
      lines.push(`[[${ref.raw}]]: no component "${ref.component}" in the lab`);
      good = false;
    } else if (ref.decoder !== undefined && lab.decoders(ref.component)[ref.decoder] === undefined) {
      lines.push(`[[${ref.raw}]]: ${ref.component} has no decoder ${ref.decoder}`);
      good = false;
    }
  }
  if (good) lines.push('references resolve');
  return good;
}

function doStep(lab: Lab, step: Extract<LessonStep, { kind: 'do' }>, lines: string[]): boolean {
  const before = step.checks.map((c) => evaluateCheck(lab, c));
  let good = true;
  if (before.every((o) => o.pass)) {
    lines.push('every check already holds before the solution: the task asks for nothing');
    good = false;
  }
  for (const [i, a] of step.solution.entries()) {
    const r = applyAction(lab, a);
    if (!r.ok) {
      lines.push(`solution[${i}] (${a.kind}) failed: ${r.error.message}`);
      return false;
    }
  }
  step.checks.forEach((c, i) => {
    const after = evaluateCheck(lab, c);
    const was = before[i]?.pass === true ? 'held before' : 'failed before';
    if (!after.pass) good = false;
    lines.push(
      `checks[${i}] ${c.kind}: ${was}, ${after.pass ? 'holds after' : 'STILL FAILS after'} — ${after.detail}`,
    );
  });
  return good;
}

function runStep(lab: Lab, step: LessonStep, index: number): StepReport {
  const lines: string[] = [];
  let good: boolean;
  if (step.kind === 'explain') good = explainStep(lab, step.text, lines);
  else if (step.kind === 'do') good = doStep(lab, step, lines);
  else {
    const got = computeAnswer(lab, step.answer);
    if (!got.ok) {
      good = false;
      lines.push(`the core cannot answer: ${got.error.message}`);
    } else {
      good = answerMatches(step.answer, got.value);
      lines.push(`expected ${answerText(step.answer.expect)}; the core computes ${answerText(got.value)}`);
    }
  }
  return { index, id: step.id, kind: step.kind, ok: good, lines };
}

/** Verifies a parsed lesson against a fresh lab. */
export function verifyLesson(lesson: Lesson, presets: PresetResolver): LessonReport {
  const lab = lessonLab(lesson, presets);
  if (!lab.ok) return { id: lesson.id, ok: false, labError: lab.error.message, steps: [] };
  const steps = lesson.steps.map((s, i) => runStep(lab.value, s, i));
  return { id: lesson.id, ok: steps.every((s) => s.ok), steps };
}
