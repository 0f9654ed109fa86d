/**
 * Lessons in the browser (issue 16): the header's Lessons entry opens
 * the catalogue of the 8 built-in lessons; starting one opens its lab as a new lab (lesson 1: the
 * single-device preset with mem0's decoder reset) and its progress shows on the next visit, kept in
 * IndexedDB across a reload. Lessons 1, 2 and 8 are walked to the end in the side panel: wrong
 * answers first, then a hint, then the right answer (worked by hand in the comments); do steps are
 * checked (failing), hinted, solved with "Show me" and checked again. Screenshots of the catalogue, a
 * predict step and a do step with a hint at 1024×700 and 1440×900, light and dark.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab } from './lab';

const SHOTS = 'test-results/lessons';

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the Lessons catalogue lists the lessons, starts one as a new lab and remembers it', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('menu-lessons').click();
  const dialog = page.getByTestId('lessons-dialog');
  await expect(dialog.getByTestId('lessons-list').locator('li')).toHaveCount(8);
  const first = dialog.getByTestId('lesson-hpa-window');
  await expect(first).toContainText('beginner');
  await expect(first.getByTestId('lesson-progress')).toHaveText('Not started');
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shoot(page, `catalogue-${w}x${h}`);
  }
  await first.getByRole('button', { name: /^Start/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText(/^Lesson: /);
  // The single-device preset: one device, mem0, and no mem3.
  await expect(page.getByTestId('node-mem0')).toBeVisible();
  await expect(page.getByTestId('node-mem3')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByTestId('node-mem0')).toBeVisible();
  await page.getByTestId('menu-lessons').click();
  await expect(
    page.getByTestId('lessons-dialog').getByTestId('lesson-hpa-window').getByTestId('lesson-progress'),
  ).toHaveText('0 of 7 steps done');
  await expect(page.getByTestId('lesson-interleave-ways').getByTestId('lesson-progress')).toHaveText(
    'Not started',
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lessons-dialog')).toBeHidden();
  expect(problems).toEqual([]);
});

async function answer(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, v] of Object.entries(values)) await page.getByTestId(`lesson-answer-${name}`).fill(v);
  await page.getByTestId('lesson-submit').click();
}

async function expectVerdict(page: Page, text: RegExp): Promise<void> {
  await expect(page.getByTestId('lesson-verdict')).toContainText(text);
}

test('lesson 1 walked to the end as a learner: wrong answers, hints, then right answers', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByTestId('menu-lessons').click();
  await page
    .getByTestId('lesson-hpa-window')
    .getByRole('button', { name: /^Start/ })
    .click();
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toBeVisible();
  // The panel has its own column: the canvas ends where the panel begins.
  const canvas = await page.locator('.react-flow').boundingBox();
  const side = await panel.boundingBox();
  expect(canvas !== null && side !== null && canvas.x + canvas.width <= side.x + 1).toBe(true);
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 1 of 7 · explain');
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-next').click();
  // Step 3 (predict): mem0 was reset, so 0x4c00003000 reaches no device.
  await answer(page, { device: 'mem0', dpa: '0x3000' });
  await expectVerdict(page, /Not quite/);
  await page.getByTestId('lesson-hint').click();
  await expect(page.getByTestId('lesson-hints').locator('li')).toHaveCount(1);
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shoot(page, `predict-${w}x${h}`);
  }
  await answer(page, { device: 'none' });
  await expectVerdict(page, /Right: no device/);
  await page.getByTestId('lesson-next').click();
  // Step 4 (do): program mem0's decoder 0.
  await page.getByTestId('lesson-check').click();
  await expectVerdict(page, /Not yet/);
  await page.getByTestId('lesson-hint').click();
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shoot(page, `do-hint-${w}x${h}`);
  }
  await page.getByTestId('lesson-show-me').click();
  await expectVerdict(page, /Show me applied these writes/);
  await page.getByTestId('lesson-check').click();
  await expectVerdict(page, /Done: every check holds/);
  await page.getByTestId('lesson-next').click();
  // Step 5: 0x4c80001234 − 0x4c00000000 = 0x80001234 on mem0 (1-way, no skip).
  await answer(page, { device: 'mem0', dpa: '0x1234' });
  await expectVerdict(page, /Not quite/);
  await answer(page, { device: 'mem0', dpa: '0x80001234' });
  await expectVerdict(page, /Right/);
  await page.getByTestId('lesson-next').click();
  // Step 6: DPA 0xfffff000 → 0x4c00000000 + 0xfffff000 = 0x4cfffff000.
  await answer(page, { hpa: '0x4c00000000' });
  await expectVerdict(page, /Not quite/);
  await answer(page, { hpa: '0x4cfffff000' });
  await expectVerdict(page, /Right/);
  await page.getByTestId('lesson-next').click();
  // Step 7: 0x4d00000000 is the window's end (0x4c00000000 + 4 GiB), outside it.
  await answer(page, { device: 'none' });
  await expectVerdict(page, /Right/);
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  // Leave, come back: Continue resumes at the step reached.
  await page.getByTestId('lesson-leave').click();
  await expect(panel).toBeHidden();
  await page.getByTestId('menu-lessons').click();
  await page
    .getByTestId('lesson-hpa-window')
    .getByRole('button', { name: /^Continue/ })
    .click();
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 7 of 7 · predict');
  expect(problems).toEqual([]);
});

type Walk =
  | { explain: true }
  | { wrong: Record<string, string>; right: Record<string, string> }
  | { task: true };

/** Starts built-in lesson `id` from the catalogue and walks `steps` as a learner: wrong, hint, right. */
async function walk(page: Page, id: string, steps: Walk[]): Promise<void> {
  await page.getByTestId('menu-lessons').click();
  await page
    .getByTestId(`lesson-${id}`)
    .getByRole('button', { name: /^Start/ })
    .click();
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  for (const [i, step] of steps.entries()) {
    await expect(page.getByTestId('lesson-position')).toHaveText(
      new RegExp(`^Step ${i + 1} of ${steps.length}`),
    );
    if ('wrong' in step) {
      await answer(page, step.wrong);
      await expectVerdict(page, /Not quite/);
      await page.getByTestId('lesson-hint').click();
      await expect(page.getByTestId('lesson-hints').locator('li')).toHaveCount(1);
      await answer(page, step.right);
      await expectVerdict(page, /Right/);
    } else if ('task' in step) {
      await page.getByTestId('lesson-check').click();
      await expectVerdict(page, /Not yet/);
      await page.getByTestId('lesson-hint').click();
      await page.getByTestId('lesson-show-me').click();
      await expectVerdict(page, /Show me applied these writes/);
      await page.getByTestId('lesson-check').click();
      await expectVerdict(page, /Done: every check holds/);
    }
    if (i < steps.length - 1) await page.getByTestId('lesson-next').click();
  }
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
}

test('lesson 2 walked to the end: 2-way then 4-way interleave at 256 B', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  // HPA offset 0x1234: granule 0x1234 >> 8 = 18, byte 0x34 within it.
  await walk(page, 'interleave-ways', [
    { explain: true },
    { task: true },
    // 2-way at 256 B: one way bit, log2(256) = 8.
    { wrong: { high: '9', low: '8' }, right: { high: '8', low: '8' } },
    // 18 mod 2 = 0 → mem0; DPA = (18 div 2) × 256 + 0x34 = 0x900 + 0x34 = 0x934.
    { wrong: { device: 'mem1', dpa: '0x934' }, right: { device: 'mem0', dpa: '0x934' } },
    { explain: true },
    { task: true },
    // 4-way: two way bits, 9:8.
    { wrong: { high: '8', low: '8' }, right: { high: '9', low: '8' } },
    // 18 mod 4 = 2 → mem2; DPA = (18 div 4) × 256 + 0x34 = 0x400 + 0x34 = 0x434.
    { wrong: { device: 'mem2', dpa: '0x934' }, right: { device: 'mem2', dpa: '0x434' } },
    // mem1 DPA 0x434: device granule 4, way 1 → HPA granule 4 × 4 + 1 = 17 = 0x11 → 0x4c00001134.
    { wrong: { hpa: '0x4c00001434' }, right: { hpa: '0x4c00001134' } },
  ]);
  expect(problems).toEqual([]);
});

test('lesson 8 walked to the end: Error Not Committed, the fix, and the lock', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await walk(page, 'vanishing-writes', [
    { explain: true },
    // hb0 decoder 0 was reset: the window claims 0x4c00000100 but nothing below decodes it.
    { wrong: { device: 'mem1', dpa: '0x0' }, right: { device: 'none' } },
    { task: true },
    { explain: true },
    { task: true },
    // 2-way at 256 B: granule 0x300 >> 8 = 3, 3 mod 2 = 1 → mem1; DPA = (3 div 2) × 256 = 0x100.
    { wrong: { device: 'mem0', dpa: '0x100' }, right: { device: 'mem1', dpa: '0x100' } },
    { explain: true },
    { task: true },
    { explain: true },
  ]);
  expect(problems).toEqual([]);
});

test("a teacher's lesson file: refused with step, field and reason, then a fixed one runs", async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  const lesson = JSON.parse(readFileSync('src/lessons/01-hpa-window.lesson.json', 'utf8'));
  lesson.id = 'my-lesson';
  lesson.title = 'My own lesson';
  lesson.steps[3].checks[1].hpa = 'not-an-address';
  await page.getByTestId('menu-lessons').click();
  const input = page.getByTestId('lesson-file-input');
  await input.setInputFiles({
    name: 'mine.lesson.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(lesson)),
  });
  await expect(page.getByTestId('lessons-problem')).toContainText('mine.lesson.json');
  await expect(page.getByTestId('lessons-problem')).toContainText('steps[3].checks[1].hpa');
  lesson.steps[3].checks[1].hpa = '0x4c00003000';
  await input.setInputFiles({
    name: 'mine.lesson.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(lesson)),
  });
  await expect(page.getByTestId('lesson-panel')).toContainText('My own lesson');
  await expect(page.getByTestId('lab-name')).toHaveText('Lesson: My own lesson');
  expect(problems).toEqual([]);
});

test('Continue goes back to the lesson’s own lab, step and hints, also after a reload', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('menu-lessons').click();
  await page
    .getByTestId('lesson-hpa-window')
    .getByRole('button', { name: /^Start/ })
    .click();
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-next').click();
  // Step 3: one hint revealed; step 4: "Show me" programs mem0 decoder 0 (1-way over the window).
  await page.getByTestId('lesson-hint').click();
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-show-me').click();
  await expectVerdict(page, /Show me applied these writes/);
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 5 of 7 · predict');
  await page.getByTestId('lesson-leave').click();
  // Somewhere else: the learner's own lab (the default preset, mem3 and all).
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Labs/ }).click();
  await page.getByTestId('labs-item').filter({ hasNotText: 'Lesson:' }).getByTestId('lab-open').click();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await page.getByTestId('menu-lessons').click();
  await page
    .getByTestId('lesson-hpa-window')
    .getByRole('button', { name: /^Continue/ })
    .click();
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 5 of 7 · predict');
  await expect(page.getByTestId('node-mem3')).toHaveCount(0);
  // The lesson's own lab came back, decoder programmed: 0x4c80001234 − 0x4c00000000 = 0x80001234 on mem0.
  await answer(page, { device: 'mem0', dpa: '0x80001234' });
  await expectVerdict(page, /Right/);
  await page.getByTestId('lesson-prev').click();
  await page.getByTestId('lesson-prev').click();
  await expect(page.getByTestId('lesson-hints').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  // The progress is its own IndexedDB write (state/lesson-progress.ts), not the lab's save: wait until
  // it holds step 3 (index 2) before reloading, or a busy machine reloads before the write lands.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number | null>((resolve) => {
            const open = indexedDB.open('cxl-topology-lab-lessons');
            open.onerror = () => resolve(null);
            open.onsuccess = () => {
              const get = open.result
                .transaction('progress', 'readonly')
                .objectStore('progress')
                .get('hpa-window');
              get.onsuccess = () => {
                const row = get.result as { step?: number } | undefined;
                open.result.close();
                resolve(row?.step ?? null);
              };
              get.onerror = () => resolve(null);
            };
          }),
      ),
    )
    .toBe(2);
  await page.reload();
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 3 of 7 · predict');
  await expect(page.getByTestId('lesson-hints').locator('li')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('memory written by "Show me" is in the saved lab: a reload keeps it, and the lesson resumes', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto('./#lesson=vanishing-writes&step=fix');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 5 of 9 · do');
  // The fix: Target List [0, 1], committed with Lock On Commit, then a5 5a written at 0x4c00000100:
  // granule 0x100 >> 8 = 1, 1 mod 2 = 1 → mem1, DPA (1 div 2) × 256 = 0.
  await page.getByTestId('lesson-show-me').click();
  await expectVerdict(page, /wrote 2 bytes at 0x4c00000100: 2 reached a device/);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 5 of 9 · do');
  await page.getByTestId('lesson-check').click();
  await expectVerdict(page, /Done: every check holds/);
  await expect(page.getByTestId('lesson-verdict')).toContainText('mem1 DPA 0x0: holds the expected bytes');
  expect(problems).toEqual([]);
});

test('a field reference opens the HDM panel with that decoder and field outlined', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('./#lesson=vanishing-writes&step=error-not-committed');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 4 of 9 · explain');
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'hb0/0/error' }).click();
  await expect(page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('node-hb0')).toHaveClass(/is-selected/);
  const card = page.getByTestId('hdm-decoder-0');
  await expect(card).toHaveClass(/is-highlighted/);
  await expect(page.getByTestId('decoder-row-hb0.0')).toHaveClass(/is-highlighted/);
  // Error Not Committed is Control bit 11 (CXL r3.1 §8.2.4.20.7): the only field outlined.
  const lit = card.locator('.reg-field.is-highlighted');
  await expect(lit).toHaveCount(1);
  await expect(lit).toContainText('Error Not Committed');
  await expect(lit).toBeInViewport();
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shoot(page, `field-highlight-${w}x${h}`);
  }
  // A decoder reference outlines the whole card and no field.
  await page.getByTestId('lesson-prev').click();
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'hb0/0/committed' }).click();
  await expect(card.locator('.reg-field.is-highlighted')).toContainText('Committed');
  expect(problems).toEqual([]);
});
