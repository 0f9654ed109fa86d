/**
 * Lessons through the store with the real handler behind an in-process worker: a lesson link's step
 * (earlier do steps solved on the way), "Show me" memory in the journal (saved, restored by a new
 * store), and a reload reopening the lesson on its own lab at its step with its hints.
 */
import { describe, expect, it } from 'vitest';
import { resumeOpenLesson, revealHint, startLesson } from '../../src/app/lesson-actions.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { lessonProgress } from '../../src/state/lesson-progress.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import type { LabRepository } from '../../src/state/persistence.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

async function started(repo: LabRepository) {
  let n = 0;
  const store = createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}-${Math.random().toString(36).slice(2, 6)}`,
  });
  await store.getState().start();
  expect(store.getState().status).toBe('ready');
  return store;
}

describe('lessons in the store', () => {
  it('"Show me" memory is journaled and saved; a new store reopens the lesson at its step and hints', async () => {
    const repo = createMemoryRepository();
    const first = await started(repo);
    const s = () => first.getState();
    // A link to lesson 8's step "fix" (step 5): step 3's bad commit is applied on the way.
    const r = await startLesson(first, { builtin: 'vanishing-writes' }, { fresh: true, step: 'fix' });
    expect(r.ok).toBe(true);
    expect(s().lesson?.step).toBe(4);
    await revealHint(first, 4);
    const solved = await s().showLessonSolution(4);
    expect(solved.ok).toBe(true);
    // a5 5a at 0x4c00000100: 2-way at 256 B, granule 0x100 >> 8 = 1, 1 mod 2 = 1 → mem1, DPA (1 div 2) × 256 = 0.
    const page = s().memory.find((e) => e.kind === 'pages' && e.device === 'mem1');
    const bytes = page?.kind === 'pages' ? page.pages.find(([i]) => i === 0)?.[1] : undefined;
    expect(bytes === undefined ? null : [...bytes.subarray(0, 2)]).toEqual([0xa5, 0x5a]);
    await s().flushAutosave();
    const labId = s().labId;
    first.dispose();

    const second = await started(repo);
    const t = () => second.getState();
    expect(t().labId).toBe(labId);
    await resumeOpenLesson(second);
    expect(t().lesson?.view.id).toBe('vanishing-writes');
    expect(t().lesson?.step).toBe(4);
    expect(t().lesson?.hints?.[4]).toBe(1);
    const check = await second.client().call('lesson.check', { step: 4 });
    expect(check.ok && check.value.checks.map((c) => c.pass)).toEqual([true, true, true]);
    await t().readMemory(0x4c00000100, 2);
    const read = t().accessLog[0];
    expect(read?.kind === 'read' && [...read.data]).toEqual([0xa5, 0x5a]);
    const progress = await (await lessonProgress()).get('vanishing-writes');
    expect(progress).toMatchObject({ labId, open: true, step: 4 });
    second.dispose();
  });

  it('a link step the lesson lacks is refused, listing its steps, and nothing opens', async () => {
    const store = await started(createMemoryRepository());
    const before = store.getState().labId;
    const r = await startLesson(store, { builtin: 'hpa-window' }, { fresh: true, step: '12' });
    expect(r.ok ? [] : r.problems[0]).toMatch(/has no step "12" \(steps 1 … 7, or an id: hpa, decoders,/);
    expect(store.getState().labId).toBe(before);
    expect(store.getState().lesson).toBeNull();
    store.dispose();
  });
});
