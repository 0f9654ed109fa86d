/**
 * Starting, resuming and leaving a lesson (built-in, a teacher's file, or a link): the worker opens and
 * validates it and answers its starting lab as `cxl-lab/1` text, which the store opens as a new lab (the
 * learner's own lab stays saved). "Continue" and a reload go back to the lesson's own saved lab.
 */
import { PRESET_CATALOG } from '../presets/catalog';
import { advance, type LessonProgress, lessonProgress, withHints } from '../state/lesson-progress';
import type { LabStore } from '../state/store';
import type { LessonView } from '../worker/lesson-types';

export type StartOutcome = { ok: true; lesson: LessonView } | { ok: false; problems: string[] };

/** Where a lesson comes from: a built-in lesson's id, or a teacher's lesson text. */
export type LessonSource = { builtin: string } | { text: string; fileName?: string };

export interface StartOptions {
  /** Start afresh from the lesson's starting lab, at `step` (a link): ignores a saved lab. */
  fresh?: boolean;
  /** A link's step: a step id or a 1-based number (the worker resolves it or says why not). */
  step?: string;
  /** A link's lab (`cxl-lab/1` text): the lesson runs on it instead of its starting lab. */
  labText?: string;
}

/** Opens built-in lesson `id`: back to its saved lab and step when there is one, else afresh. */
export function startBuiltinLesson(store: LabStore, id: string): Promise<StartOutcome> {
  return startLesson(store, { builtin: id });
}

/** Opens a teacher's lesson file; a refused file answers every problem (step, field, reason). */
export function startLessonFile(store: LabStore, fileName: string, text: string): Promise<StartOutcome> {
  return startLesson(store, { text, fileName }, { fresh: true });
}

function problemsOf(error: { message: string; causes?: { message: string }[] }): string[] {
  const causes = error.causes?.map((c) => c.message) ?? [];
  return [error.message, ...causes.slice(1)];
}

/** Back to the lesson's saved lab (Continue); false when it is gone. */
async function resumeSavedLab(store: LabStore, before: LessonProgress | undefined): Promise<boolean> {
  const labId = before?.labId;
  if (labId === undefined) return false;
  if (store.getState().labId === labId) return true;
  if (!store.getState().labs.some((l) => l.id === labId)) return false;
  const r = await store.getState().switchLab(labId);
  return r.ok;
}

/** Opens the lesson's starting lab as a new lab. */
async function openStartingLab(store: LabStore, view: LessonView): Promise<string[] | null> {
  const client = store.client();
  const entry = view.preset === undefined ? undefined : PRESET_CATALOG.find((p) => p.id === view.preset);
  if (view.preset !== undefined && entry === undefined) return [`no preset "${view.preset}"`];
  const presetText = entry === undefined ? undefined : await entry.load();
  const started = await client.call('lesson.start', presetText === undefined ? {} : { presetText });
  if (!started.ok) return [started.error.message];
  const lab = await store
    .getState()
    .openFile(started.value.name, new TextEncoder().encode(started.value.text));
  return lab.ok ? null : [lab.error.message];
}

/**
 * Brings a fresh starting lab to `step`: every earlier do step's reference solution is applied, as
 * `lesson verify` runs the steps in order on one lab (what a do step built is there for the next).
 */
async function catchUp(store: LabStore, view: LessonView, step: number): Promise<string[] | null> {
  for (let i = 0; i < step; i++) {
    if (view.steps[i]?.kind !== 'do') continue;
    const r = await store.getState().showLessonSolution(i);
    if (!r.ok) return [`step ${i + 1} ("${view.steps[i]?.id}"): ${r.error.message}`];
  }
  return null;
}

/** Opens a lesson: its saved lab (Continue) or a fresh lab at the saved or linked step; records the visit. */
export async function startLesson(
  store: LabStore,
  source: LessonSource,
  options: StartOptions = {},
): Promise<StartOutcome> {
  const opened = await store
    .client()
    .call('lesson.open', options.step === undefined ? source : { ...source, step: options.step });
  if (!opened.ok) return { ok: false, problems: problemsOf(opened.error) };
  const { startStep, ...view } = opened.value;
  const repo = await lessonProgress();
  const before = await repo.get(view.id);
  const last = view.steps.length - 1;
  let step = Math.min(startStep ?? before?.step ?? 0, last);
  let hints = before?.hints;
  if (options.fresh !== true && (await resumeSavedLab(store, before))) {
    step = Math.min(before?.step ?? 0, last);
  } else {
    hints = undefined;
    const labText = options.labText;
    const problem =
      labText === undefined
        ? ((await openStartingLab(store, view)) ?? (await catchUp(store, view, step)))
        : await openLinkedLab(store, view, labText);
    if (problem !== null) return { ok: false, problems: problem };
  }
  const labId = store.getState().labId;
  const record: LessonProgress = {
    ...advance(before, view.id, view.steps.length, step, false, Date.now()),
    open: true,
    ...(labId === null ? {} : { labId }),
    ...(hints === undefined ? { hints: [] } : { hints }),
  };
  if ('text' in source) record.text = source.text;
  else delete record.text;
  await repo.put(record);
  // The side panel shows the lesson from the step saved last (or linked).
  store.getState().setLesson({ view, step, hints: record.hints ?? [] });
  return { ok: true, lesson: view };
}

async function openLinkedLab(store: LabStore, view: LessonView, text: string): Promise<string[] | null> {
  const r = await store.getState().openFile(`Lesson: ${view.title}`, new TextEncoder().encode(text));
  return r.ok ? null : [r.error.message];
}

/** Saves the panel's step (and whether it was completed) with the lesson's lab. */
export async function saveLessonStep(store: LabStore, view: LessonView, step: number, completed: boolean) {
  const repo = await lessonProgress();
  const before = await repo.get(view.id);
  const labId = store.getState().labId;
  await repo.put({
    ...advance(before, view.id, view.steps.length, step, completed, Date.now()),
    ...(labId === null ? {} : { labId }),
    open: store.getState().lesson !== null,
  });
}

/** One more hint revealed at `step`: shown now and kept for Continue and reloads. */
export async function revealHint(store: LabStore, step: number): Promise<void> {
  const run = store.getState().lesson;
  if (run === null) return;
  const hints = [...(run.hints ?? [])];
  while (hints.length <= step) hints.push(0);
  hints[step] = (hints[step] ?? 0) + 1;
  store.getState().setLesson({ ...run, hints });
  const repo = await lessonProgress();
  const before = await repo.get(run.view.id);
  if (before !== undefined) await repo.put(withHints(before, step, hints[step] ?? 0));
}

/** Leaves the lesson: the panel closes; its lab, step and hints stay saved for Continue. */
export async function leaveLesson(store: LabStore): Promise<void> {
  const run = store.getState().lesson;
  store.getState().setLesson(null);
  if (run === null) return;
  const repo = await lessonProgress();
  const before = await repo.get(run.view.id);
  if (before !== undefined) await repo.put({ ...before, open: false });
}

/**
 * After a reload: when the lab the app restored is the lab of a lesson whose panel was open, reopens
 * that lesson at its step with its hints (the worker opens the lesson again; the lab is untouched).
 */
export async function resumeOpenLesson(store: LabStore): Promise<void> {
  const labId = store.getState().labId;
  if (labId === null || store.getState().lesson !== null) return;
  const repo = await lessonProgress();
  const open = (await repo.all()).find((p) => p.open === true && p.labId === labId);
  if (open === undefined) return;
  const source = open.text === undefined ? { builtin: open.lessonId } : { text: open.text };
  const r = await store.client().call('lesson.open', source);
  if (!r.ok || store.getState().labId !== labId) return;
  const { startStep: _unused, ...view } = r.value;
  const step = Math.min(open.step, view.steps.length - 1);
  store.getState().setLesson({ view, step, hints: open.hints ?? [] });
}
