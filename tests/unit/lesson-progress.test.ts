/** Lesson progress records: advancing through steps, and the Map repository the unit tests use. */
import { describe, expect, it } from 'vitest';
import {
  advance,
  createMemoryProgressRepository,
  isLessonProgress,
  withHints,
} from '../../src/state/lesson-progress.ts';

describe('lesson progress', () => {
  it('adds completed steps once, in order, and clamps the current step to the lesson', () => {
    let p = advance(undefined, 'hpa-window', 7, 2, true, 1);
    p = advance(p, 'hpa-window', 7, 0, true, 2);
    p = advance(p, 'hpa-window', 7, 2, true, 3);
    expect(p.done).toEqual([0, 2]);
    expect(p.step).toBe(2);
    expect(advance(p, 'hpa-window', 7, 99, false, 4).step).toBe(6);
    expect(advance(p, 'hpa-window', 7, 3, false, 4).done).toEqual([0, 2]);
  });

  it('drops steps a shorter lesson no longer has', () => {
    const p = advance({ lessonId: 'x', step: 8, done: [1, 8], steps: 9, updatedAt: 0 }, 'x', 5, 4, false, 1);
    expect(p.done).toEqual([1]);
  });

  it('stores and returns copies; rejects malformed records', async () => {
    const repo = createMemoryProgressRepository();
    const p = advance(undefined, 'a', 3, 1, true, 5);
    await repo.put(p);
    p.done.push(2);
    expect((await repo.get('a'))?.done).toEqual([1]);
    expect(await repo.all()).toHaveLength(1);
    expect(isLessonProgress({ lessonId: 'a', step: 0, steps: 1, updatedAt: 0, done: ['x'] })).toBe(false);
    expect(isLessonProgress(null)).toBe(false);
  });
});

describe('lesson progress for Continue (lab, hints, open panel, a teacher file)', () => {
  it('a visit keeps the lesson lab, hints, panel state and teacher text of the record before it', () => {
    const before = {
      ...advance(undefined, 'x', 5, 1, false, 1),
      labId: 'lab-7',
      hints: [0, 2],
      open: true,
      text: '{"format":"cxl-lab-lesson/1"}',
    };
    const after = advance(before, 'x', 5, 3, true, 2);
    expect(after).toEqual({ ...before, step: 3, done: [3], updatedAt: 2 });
    expect(after.hints).not.toBe(before.hints);
  });

  it('withHints sets one step, padding with zeros, clamped to 0 … 64', () => {
    const p = advance(undefined, 'x', 5, 0, false, 1);
    expect(withHints(p, 3, 2).hints).toEqual([0, 0, 0, 2]);
    expect(withHints(withHints(p, 1, 1), 0, -4).hints).toEqual([0, 1]);
    expect(withHints(p, 0, 1000).hints).toEqual([64]);
  });

  it('rejects records whose optional fields have the wrong type', () => {
    const p = advance(undefined, 'x', 5, 0, false, 1);
    expect(isLessonProgress({ ...p, labId: 'a', hints: [1], open: false, text: 't' })).toBe(true);
    expect(isLessonProgress({ ...p, labId: 3 })).toBe(false);
    expect(isLessonProgress({ ...p, hints: [0.5] })).toBe(false);
    expect(isLessonProgress({ ...p, open: 'yes' })).toBe(false);
    expect(isLessonProgress({ ...p, text: null })).toBe(false);
  });
});
