/** The lesson core: `cxl-lab-lesson/1` parsing, the check language and verification (docs/lessons.md). */
export * from './evaluate.ts';
export { type LessonResult, lessonReferences, parseLesson, readLesson } from './parse.ts';
export * from './types.ts';
export * from './verify.ts';
