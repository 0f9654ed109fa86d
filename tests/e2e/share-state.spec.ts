/**
 * Share links with state (issues 15 and 16) in the browser: a link to lesson 2 step 3 lands there (the
 * do step before it solved, so the question can be answered); an embed link starts lesson 1; a predict
 * step answered by clicking a device node and by clicking a DPA hex byte; a link carrying the dock tab,
 * the selection, a pending access and written memory restores all of it in a fresh browser; 8 MiB of
 * written memory is left out of a link, and the dialog says why and how much.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, readBytes, writeBytes } from './lab';

const SHOTS = 'test-results/share-state';

async function shareDialog(page: Page) {
  await page.getByTestId('menu-share').click();
  await page.getByRole('menuitem', { name: /Copy link/ }).click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function answer(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, v] of Object.entries(values)) await page.getByTestId(`lesson-answer-${name}`).fill(v);
  await page.getByTestId('lesson-submit').click();
}

test('a link to lesson 2 step 3 lands on that step, with the steps before it done', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('./#lesson=interleave-ways&step=3');
  await expect(page.getByTestId('lesson-panel')).toContainText('2-way and 4-way interleave');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 3 of 9 · predict');
  // Step 2 (do: the 2-way region) was solved on the way, so hb0 decoder 0 is 2-way at 256 B:
  // one way bit, log2(256) = 8, so bit 8 chooses the root port.
  await answer(page, { high: '9', low: '8' });
  await expect(page.getByTestId('lesson-verdict')).toContainText('Not quite');
  await answer(page, { high: '8', low: '8' });
  await expect(page.getByTestId('lesson-verdict')).toContainText('Right');
  await expect(page).toHaveURL(/\/$/);
  // A step named by its id works too; an unknown step says which steps there are.
  await page.goto('./#lesson=interleave-ways&step=four-way');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 5 of 9 · explain');
  await page.goto('./#lesson=interleave-ways&step=nope');
  await expect(page.getByTestId('notice').last()).toContainText('has no step "nope" (steps 1 … 9');
  expect(problems).toEqual([]);
});

test('an embed link starts lesson 1 beside the canvas', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('./?embed#lesson=hpa-window');
  const shell = page.getByTestId('embed-shell');
  await expect(shell).toBeVisible();
  const panel = shell.getByTestId('lesson-panel');
  await expect(panel).toContainText('What an HPA is and how a window maps it');
  await expect(panel.getByTestId('lesson-position')).toHaveText('Step 1 of 7 · explain');
  await expect(page.getByTestId('node-mem0')).toBeVisible();
  // The panel sits beside the canvas, not over it.
  const canvas = await page.locator('.react-flow').boundingBox();
  const side = await panel.boundingBox();
  expect(canvas !== null && side !== null && canvas.x + canvas.width <= side.x + 1).toBe(true);
  await page.screenshot({ path: `${SHOTS}/embed-lesson-1024x700.png` });
  await panel.getByTestId('lesson-next').click();
  await expect(panel.getByTestId('lesson-position')).toHaveText('Step 2 of 7 · explain');
  expect(problems).toEqual([]);
});

test('a predict step takes a click on a device node, or on a byte in DPA hex, as its answer', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto('./#lesson=interleave-ways&step=4');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 4 of 9 · predict');
  // HPA offset 0x1234: granule 18, 18 mod 2 = 0 → mem0, DPA = 9 × 256 + 0x34 = 0x934. A wrong device
  // first: the DPA typed, then a click on mem1's node answers (and is wrong).
  await page.getByTestId('lesson-answer-dpa').fill('0x934');
  await page.getByTestId('node-mem1').click();
  await expect(page.getByTestId('lesson-answer-device')).toHaveValue('mem1');
  await expect(page.getByTestId('lesson-verdict')).toContainText('Not quite');
  await page.getByTestId('node-mem0').click();
  await expect(page.getByTestId('lesson-answer-device')).toHaveValue('mem0');
  await expect(page.getByTestId('lesson-verdict')).toContainText('Right: mem0 DPA 0x934');
  await page.screenshot({ path: `${SHOTS}/answer-by-node-1440x900.png` });

  // Step 8 (after the 4-way region of step 6): 0x4c00001234 → granule 18, 18 mod 4 = 2 → mem2,
  // DPA = (18 div 4) × 256 + 0x34 = 0x434. Answered by clicking that byte of mem2 in DPA hex.
  await page.goto('./#lesson=interleave-ways&step=8');
  await expect(page.getByTestId('lesson-position')).toHaveText('Step 8 of 9 · predict');
  await page.getByTestId('node-mem2').click();
  await page.getByTestId('dock').getByRole('tab', { name: 'DPA hex' }).click();
  await page.getByTestId('hex-goto').fill('0x434');
  await page.getByTestId('hex-goto').press('Enter');
  await page.locator('[data-dpa="1076"]').click();
  await expect(page.getByTestId('lesson-answer-dpa')).toHaveValue('0x434');
  await expect(page.getByTestId('lesson-verdict')).toContainText('Right: mem2 DPA 0x434');
  expect(problems).toEqual([]);
});

test('a share link restores the dock tab, the selection, the pending access and written memory', async ({
  page,
  browser,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await writeBytes(page, '0x4c00000100', 'de ad be ef');
  await readBytes(page, '0x4c00000100', 64);
  const bar = page.getByTestId('decode-bar');
  await expect(bar).toContainText('Read 64 B at 0x4c00000100');
  // Wait for the read to arrive, then step back one hop: the shared view is paused mid-path.
  await expect(bar).toContainText(/hop (\d+) of \1/);
  await page.getByTestId('decode-back').click();
  const hop = /hop \d+ of \d+/.exec((await bar.textContent()) ?? '')?.[0] ?? '';
  expect(hop).not.toBe('');
  await page.getByTestId('node-mem1').click();
  await page.getByTestId('dock').getByRole('tab', { name: 'DPA hex' }).click();
  const dialog = await shareDialog(page);
  await expect(dialog.getByTestId('share-view-text')).toHaveText(
    /^the DPA hex tab, mem1 selected, the access at 0x4c00000100 \(64 B\) at hop \d+$/,
  );
  await expect(dialog.getByTestId('share-size')).toContainText(/1 memory page/);
  const link = await dialog.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#lab=[A-Za-z0-9_-]+&tab=dpa-hex&sel=mem1&access=0x4c00000100,64,\d+$/);

  // A fresh browser (no saved labs): everything comes back.
  const context = await browser.newContext();
  const other = await context.newPage();
  const otherProblems = watchConsole(other);
  await other.goto(link);
  await expect(other.getByTestId('dock').getByRole('tab', { name: 'DPA hex' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(other.getByTestId('node-mem1')).toHaveClass(/is-selected/);
  await expect(other.getByTestId('decode-bar')).toContainText('Read 64 B at 0x4c00000100');
  await expect(other.getByTestId('decode-bar')).toContainText(hop);
  await other.screenshot({ path: `${SHOTS}/restored-view-1440x900.png` });
  expect(await readBytes(other, '0x4c00000100', 4)).toContain('de ad be ef');
  await context.close();
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
});

test('8 MiB of written memory is left out of a link, and the dialog says why and how much', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('dock').getByRole('tab', { name: 'Access console' }).click();
  await page.getByTestId('console-hpa').fill('0x4c00000000');
  await page.getByTestId('console-fill-length').fill('8M');
  await page.getByTestId('console-fill').click();
  await expect(page.getByTestId('console-log-fill').first()).toBeVisible({ timeout: 20_000 });
  const dialog = await shareDialog(page);
  // 8 MiB / 4 KiB = 2048 pages; as base64 in the lab file they alone are over the 8 MiB a link holds.
  const leftOut = dialog.getByTestId('share-memory-left-out');
  await expect(leftOut).toContainText('Written memory left out', { timeout: 20_000 });
  await expect(leftOut).toContainText(
    '2048 written pages (8 MiB) would make the lab data larger than the 8 MiB a link carries',
  );
  await expect(dialog.getByTestId('share-size')).not.toContainText('memory page');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/memory-left-out-${scheme}.png` });
  }
  expect(problems).toEqual([]);
});

test("a teacher's lesson file shared as a link opens for a learner; a broken one names step, field, reason", async ({
  page,
  browser,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  const lesson = JSON.parse(readFileSync('src/lessons/01-hpa-window.lesson.json', 'utf8'));
  lesson.id = 'my-lesson';
  lesson.title = 'My own lesson';
  await page.getByTestId('menu-lessons').click();
  await page.getByTestId('lesson-file-input').setInputFiles({
    name: 'mine.lesson.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(lesson)),
  });
  await expect(page.getByTestId('lesson-panel')).toContainText('My own lesson');
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-link').click();
  const link = await page.getByTestId('lesson-link-text').inputValue();
  expect(link).toMatch(/\/#lesson-file=[A-Za-z0-9_-]+&step=decoders$/);

  const context = await browser.newContext();
  const learner = await context.newPage();
  const learnerProblems = watchConsole(learner);
  await learner.goto(link);
  await expect(learner.getByTestId('lesson-panel')).toContainText('My own lesson');
  await expect(learner.getByTestId('lesson-position')).toHaveText('Step 2 of 7 · explain');
  await expect(learner.getByTestId('lab-name')).toHaveText('Lesson: My own lesson');

  // The same link with a broken step inside (a teacher's typo): refused, naming step, field and reason.
  lesson.steps[2].answer.hpa = 'not-an-address';
  const bad = await page.evaluate(async (text) => {
    const data = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(data).arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  }, JSON.stringify(lesson));
  await learner.goto(`./#lesson-file=${bad}`);
  const notice = learner.getByTestId('notice').last();
  await expect(notice).toContainText('The shared link was not opened');
  await expect(notice).toContainText('step 3 ("before")');
  await expect(notice).toContainText('steps[2].answer.hpa');
  await context.close();
  expect(problems).toEqual([]);
  expect(learnerProblems).toEqual([]);
});
