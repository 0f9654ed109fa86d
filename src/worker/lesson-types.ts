/**
 * The lesson part of the worker protocol (issue 16): open a `cxl-lab-lesson/1` lesson, start its lab,
 * check a step, answer a predict step and "show me". Types only; the logic is in `lesson.ts`.
 */
import type { LabState, MemoryEntry } from './lab-types.ts';

/** What a predict step asks for, so the UI can offer the right fields (never the expected answer). */
export type LessonAnswerKind = 'route' | 'hpa-bits' | 'decoder' | 'decoder-encoded' | 'hpa';

/** A learner's typed answer, in the shape of its step's `LessonAnswerKind`. */
export type LessonAnswer =
  | { kind: 'route'; device: string; dpa: number }
  | { kind: 'unrouted' }
  | { kind: 'hpa-bits'; low: number; high: number }
  | { kind: 'decoder'; ways: number; granularity: number }
  | { kind: 'decoder-encoded'; iw: number; ig: number }
  | { kind: 'hpa'; hpa: number };

/** One step as the learner sees it: its text and hints, never a predict step's expected answer. */
export type LessonStepView =
  | { kind: 'explain'; id: string; text: string }
  | { kind: 'predict'; id: string; question: string; answerKind: LessonAnswerKind; hints: string[] }
  | { kind: 'do'; id: string; task: string; hints: string[]; checks: number; solutionActions: number };

export interface LessonView {
  id: string;
  title: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  summary: string;
  /** Preset the lesson's lab starts from (the caller sends its text to `lesson.start`). */
  preset?: string;
  steps: LessonStepView[];
}

/** One check of a do step as evaluated against the live lab. */
export interface LessonCheckView {
  pass: boolean;
  detail: string;
}

/** One MMIO write "show me" made, for the learner to read. */
export interface LessonWriteView {
  component: string;
  offset: number;
  value: number;
  /** Register written, e.g. "decoder0 Control". */
  register: string;
}

/** A built-in lesson in the catalogue. */
export interface LessonSummary {
  id: string;
  title: string;
  level: LessonView['level'];
  minutes: number;
  summary: string;
  steps: number;
}

export interface LessonRequestMap {
  /**
   * Parses and validates a lesson (a built-in one by id, or a teacher's file text) and keeps it as
   * the worker's current lesson; the lab is untouched. A refused file's `causes` name step, field and reason.
   */
  'lesson.open': {
    /** `step`: a link's step (an id or a 1-based number), answered as `startStep` or refused naming it. */
    args: ({ builtin: string } | { text: string; fileName?: string }) & { step?: string };
    result: LessonView & { startStep?: number };
  };
  /**
   * The current lesson's starting lab as `cxl-lab/1` text (the preset or inline lab, then its resets),
   * for the UI to open with `file.open` as a new lab, like an import: the learner's own lab stays saved.
   */
  'lesson.start': {
    args: { presetText?: string };
    result: { text: string; name: string; lesson: LessonView };
  };
  /** The built-in lessons' summaries for the catalogue (title, level, minutes, steps). */
  'lesson.catalog': { args: Record<string, never>; result: LessonSummary[] };
  /** Evaluates a do step's checks against the live lab. */
  'lesson.check': { args: { step: number }; result: { pass: boolean; checks: LessonCheckView[] } };
  /**
   * Checks a predict answer against what the core computes from the live lab. A right answer comes
   * back with the step's explanation and, for an address question, the HPA to demonstrate.
   */
  'lesson.answer': {
    args: { step: number; answer: LessonAnswer };
    result:
      | { correct: false }
      | { correct: true; answer: string; explanation: string; demonstrate?: { hpa: number } };
  };
  /**
   * A link that opens the current lesson for a learner at `step` (0-based): `#lesson=ID` for a
   * built-in lesson, `#lesson-file=…` (the teacher's file, compressed) for one opened from a file.
   */
  'lesson.link': { args: { step: number }; result: { fragment: string; builtin: boolean } };
  /**
   * "Show me": applies a do step's reference solution to the live lab (an undoable change, like
   * any MMIO write) and answers the MMIO writes it made, in order, for the learner to read.
   */
  'lesson.solve': {
    args: { step: number };
    result: LabState & { writes: LessonWriteView[]; notes: string[]; memory: MemoryEntry[] };
  };
}
