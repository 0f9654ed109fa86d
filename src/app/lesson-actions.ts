/**
 * Starting a lesson from the app (built-in, or a teacher's file): the worker opens and validates it, answers its starting
 * lab as `cxl-lab/1` text, and the store opens that as a new lab (the learner's own lab stays saved).
 */
import { PRESET_CATALOG } from '../presets/catalog';
import { lessonProgress } from '../state/lesson-progress';
import type { LabStore } from '../state/store';
import type { LessonView } from '../worker/lesson-types';

export type StartOutcome = { ok: true; lesson: LessonView } | { ok: false; problems: string[] };

/** Opens built-in lesson `id` as a new lab; records the visit in the learner's progress. */
export function startBuiltinLesson(store: LabStore, id: string): Promise<StartOutcome> {
  return startLesson(store, { builtin: id });
}

/** Opens a teacher's lesson file; a refused file answers every problem (step, field, reason). */
export function startLessonFile(store: LabStore, fileName: string, text: string): Promise<StartOutcome> {
  return startLesson(store, { text, fileName });
}

async function startLesson(
  store: LabStore,
  source: { builtin: string } | { text: string; fileName: string },
): Promise<StartOutcome> {
  const client = store.client();
  const opened = await client.call('lesson.open', source);
  if (!opened.ok) {
    const causes = opened.error.causes?.map((c) => c.message) ?? [];
    return { ok: false, problems: [opened.error.message, ...causes.slice(1)] };
  }
  const id = opened.value.id;
  const preset = opened.value.preset;
  const entry = preset === undefined ? undefined : PRESET_CATALOG.find((p) => p.id === preset);
  if (preset !== undefined && entry === undefined) return { ok: false, problems: [`no preset "${preset}"`] };
  const presetText = entry === undefined ? undefined : await entry.load();
  const started = await client.call('lesson.start', presetText === undefined ? {} : { presetText });
  if (!started.ok) return { ok: false, problems: [started.error.message] };
  const lab = await store
    .getState()
    .openFile(started.value.name, new TextEncoder().encode(started.value.text));
  if (!lab.ok) return { ok: false, problems: [lab.error.message] };
  const repo = await lessonProgress();
  const before = await repo.get(id);
  const view = started.value.lesson;
  const step = Math.min(before?.step ?? 0, view.steps.length - 1);
  if (before === undefined) {
    await repo.put({ lessonId: id, step: 0, done: [], steps: view.steps.length, updatedAt: Date.now() });
  }
  // The side panel shows the lesson from the step saved last.
  store.getState().setLesson({ view, step });
  return { ok: true, lesson: view };
}
