/**
 * Lessons in the browser (issue 16), as far as the UI goes so far: the header's Lessons entry opens
 * the catalogue of the 8 built-in lessons; starting one opens its lab as a new lab (lesson 1: the
 * single-device preset with mem0's decoder reset) and its progress shows on the next visit, kept in
 * IndexedDB across a reload. Screenshots of the catalogue at 1024×700 and 1440×900, light and dark.
 */
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
