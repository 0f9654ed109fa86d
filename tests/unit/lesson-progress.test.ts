/** Lesson progress records: advancing through steps, and the Map repository the unit tests use. */
import { describe, expect, it } from 'vitest';
import {
  advance,
  createMemoryProgressRepository,
  isLessonProgress,
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
