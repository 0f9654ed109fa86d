/**
 * Header ▸ Lessons: the catalogue of built-in lessons (title, level, minutes, steps) with the
 * learner's progress from IndexedDB; "Start" / "Continue" opens the lesson's lab as a new lab.
 */
import { useEffect, useState } from 'react';
import { useLabStoreApi } from '../state/hooks';
import { type LessonProgress, lessonProgress } from '../state/lesson-progress';
import type { LessonSummary } from '../worker/lesson-types';
import { InteropModal } from './InteropModal';
import { startBuiltinLesson, startLessonFile } from './lesson-actions';
import './lessons.css';

/** 4 × the parser's 2 Mi-character limit (`LESSON_LIMITS.maxChars`): UTF-8 spends at most 4 bytes a character. */
const MAX_FILE_BYTES = 8 * 2 ** 20;

type Catalogue = { ok: true; lessons: LessonSummary[] } | { ok: false; problem: string } | null;

function progressText(l: LessonSummary, p: LessonProgress | undefined): string {
  if (p === undefined) return 'Not started';
  if (p.done.length >= l.steps) return 'Finished';
  return `${p.done.length} of ${l.steps} steps done`;
}

/** Loads the catalogue (from the worker) and the saved progress once the dialog opens. */
function useCatalogue(): { catalogue: Catalogue; progress: Map<string, LessonProgress> } {
  const store = useLabStoreApi();
  const [catalogue, setCatalogue] = useState<Catalogue>(null);
  const [progress, setProgress] = useState(new Map<string, LessonProgress>());
  useEffect(() => {
    let live = true;
    void store
      .client()
      .call('lesson.catalog', {})
      .then(
        (r) =>
          live &&
          setCatalogue(r.ok ? { ok: true, lessons: r.value } : { ok: false, problem: r.error.message }),
      );
    void lessonProgress()
      .then((repo) => repo.all())
      .then((all) => live && setProgress(new Map(all.map((p) => [p.lessonId, p]))));
    return () => {
      live = false;
    };
  }, [store]);
  return { catalogue, progress };
}

/** One lesson in the catalogue: what it is, how far the learner got, Start / Continue. */
function LessonItem({
  lesson: l,
  progress: p,
  busy,
  onStart,
}: {
  lesson: LessonSummary;
  progress: LessonProgress | undefined;
  busy: string | null;
  onStart: () => void;
}) {
  return (
    <li className="lessons__item" data-testid={`lesson-${l.id}`}>
      <div className="lessons__head">
        <span className="lessons__title">{l.title}</span>
        <span className="ui-pill">{l.level}</span>
        <span className="lessons__meta">
          {l.minutes} min · {l.steps} steps
        </span>
      </div>
      <p className="lessons__summary">{l.summary}</p>
      <div className="lessons__foot">
        <span className="lessons__progress" data-testid="lesson-progress">
          {progressText(l, p)}
        </span>
        <button
          type="button"
          className="ui-button ui-button--primary ui-button--small"
          disabled={busy !== null}
          aria-label={`${p === undefined ? 'Start' : 'Continue'} “${l.title}”`}
          onClick={onStart}
        >
          {busy === l.id ? 'Opening…' : p === undefined ? 'Start' : 'Continue'}
        </button>
      </div>
    </li>
  );
}

export function LessonsDialog() {
  const store = useLabStoreApi();
  const { catalogue, progress } = useCatalogue();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string[] | null>(null);
  const close = () => store.getState().setLessonsDialogOpen(false);
  const start = async (id: string) => {
    setBusy(id);
    setProblem(null);
    const r = await startBuiltinLesson(store, id);
    setBusy(null);
    if (r.ok) close();
    else setProblem(r.problems);
  };
  const openFile = async (file: File) => {
    setProblem(null);
    // Only a guard against reading a huge file: the worker's parser enforces the lesson limit itself.
    if (file.size > MAX_FILE_BYTES) return setProblem([`${file.name} is far larger than a lesson may be`]);
    const r = await startLessonFile(store, file.name, await file.text());
    if (r.ok) close();
    else setProblem(r.problems);
  };
  return (
    <InteropModal
      title="Lessons"
      subtitle="guided exercises on CXL interleave"
      testId="lessons-dialog"
      wide
      onClose={close}
    >
      {catalogue === null && <p className="lessons__status">Loading lessons…</p>}
      {catalogue?.ok === false && (
        <p className="lessons__problem" role="alert">
          {catalogue.problem}
        </p>
      )}
      <label className="lessons__file">
        <span>Open a lesson file (cxl-lab-lesson/1):</span>
        <input
          type="file"
          accept=".json,application/json"
          data-testid="lesson-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file !== undefined) void openFile(file);
          }}
        />
      </label>
      {problem !== null && (
        <ul className="lessons__problem" role="alert" data-testid="lessons-problem">
          {problem.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {catalogue?.ok === true && (
        <ol className="lessons__list" data-testid="lessons-list">
          {catalogue.lessons.map((l) => (
            <LessonItem
              key={l.id}
              lesson={l}
              progress={progress.get(l.id)}
              busy={busy}
              onStart={() => void start(l.id)}
            />
          ))}
        </ol>
      )}
    </InteropModal>
  );
}
