/**
 * The `cxl-lab-lesson/1` format as typed data (what `parseLesson` returns) and its input limits.
 * Described for authors in docs/lessons.md; addresses and sizes are plain numbers once parsed.
 */

export const LESSON_FORMAT = 'cxl-lab-lesson/1';

/** Input limits, enforced while reading (docs/lessons.md "Limits"). */
export const LESSON_LIMITS = {
  /** Characters of lesson text (an inline lab included). */
  maxChars: 2 * 2 ** 20,
  /** JSON nesting depth. */
  maxDepth: 32,
  steps: 64,
  checksPerStep: 32,
  hintsPerStep: 8,
  actionsPerStep: 128,
  /** Characters in one markdown / question / hint text. */
  textChars: 8000,
  /** Characters in a title or other one-line string. */
  lineChars: 200,
  /** Bytes one `write` action may carry. */
  writeBytes: 4096,
  /** Components a starting lab may reset. */
  resets: 64,
} as const;

export type LessonLevel = 'beginner' | 'intermediate' | 'advanced';

/** Where the lesson starts: a shipped preset by id, or an inline `cxl-lab/1` file; then resets. */
export interface LessonLab {
  /** Preset id (resolved by the caller: the core does not hold the presets). */
  preset?: string;
  /** Inline `cxl-lab/1` file, re-serialized as text for `parseLabFile`. */
  inlineText?: string;
  /** Components whose registers are reset after loading (decoders the learner will program). */
  reset: string[];
}

/** Decoder fields a check or answer may name, in decoded units. */
export interface DecoderFields {
  base?: number;
  size?: number;
  ways?: number;
  granularity?: number;
  targets?: number[];
  skip?: number;
  committed?: boolean;
  errorNotCommitted?: boolean;
  locked?: boolean;
}

/** A declarative check against the live lab (docs/lessons.md "Checks"). */
export type LessonCheck =
  | { kind: 'decoder'; component: string; decoder: number; expect: DecoderFields }
  | { kind: 'region'; ways: number; granularity: number; base?: number; size?: number }
  | { kind: 'route'; hpa: number; device: string; dpa: number }
  | { kind: 'unrouted'; hpa: number }
  | { kind: 'memory'; device: string; dpa: number; bytes: Uint8Array }
  | { kind: 'finding-absent'; code?: string; component?: string };

/** What a predict step asks, and the author's expected answer. */
export type PredictAnswer =
  | { kind: 'route'; hpa: number; expect: { device: string; dpa: number } | { unrouted: true } }
  | { kind: 'hpa-bits'; component: string; decoder?: number; expect: { low: number; high: number } }
  | {
      kind: 'decoder';
      component: string;
      decoder: number;
      /** Decoded (`ways`, `granularity` in bytes) or as the Control register encodes them (`iw`, `ig`). */
      expect: { ways: number; granularity: number } | { iw: number; ig: number };
    }
  | { kind: 'hpa'; device: string; dpa: number; expect: { hpa: number } };

/** One step of a reference solution: an MMIO write, a whole decoder program, a memory write, a reset. */
export type SolutionAction =
  | { kind: 'mmio'; component: string; offset: number; value: number }
  | {
      kind: 'program';
      component: string;
      decoder: number;
      base: number;
      size: number;
      ways: number;
      granularity: number;
      targets?: number[];
      skip?: number;
      lock: boolean;
      commit: boolean;
    }
  | { kind: 'write'; hpa: number; bytes: Uint8Array }
  | { kind: 'reset'; component: string };

export type LessonStep =
  | { kind: 'explain'; id: string; text: string }
  | {
      kind: 'predict';
      id: string;
      question: string;
      answer: PredictAnswer;
      explanation: string;
      hints: string[];
    }
  | {
      kind: 'do';
      id: string;
      task: string;
      checks: LessonCheck[];
      hints: string[];
      solution: SolutionAction[];
    };

export interface Lesson {
  format: typeof LESSON_FORMAT;
  id: string;
  title: string;
  level: LessonLevel;
  minutes: number;
  summary: string;
  lab: LessonLab;
  steps: LessonStep[];
}

/** A problem in a lesson file: where (step index and id, field path) and why. */
export interface LessonError {
  code: string;
  /** Step index (0-based), when the problem is inside a step. */
  step?: number;
  stepId?: string;
  /** JSON path of the field, e.g. `steps[2].checks[0].hpa`. */
  field: string;
  message: string;
}

/** An inline reference in explain markdown: `[[component:hb0]]`, `[[decoder:hb0/0]]`, … */
export interface LessonReference {
  kind: 'component' | 'decoder' | 'field' | 'address';
  component?: string;
  decoder?: number;
  field?: string;
  address?: number;
  /** The text as written, e.g. `decoder:hb0/0`. */
  raw: string;
}
