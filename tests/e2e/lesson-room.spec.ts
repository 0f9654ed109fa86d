/**
 * A lesson's room, at 1024×700 and 1440×900: a toast never covers the lesson panel (its Previous /
 * Next / Check buttons) nor the canvas, and the next-step strip stays away while a lesson is open
 * (it could give away a predict step's answer) and comes back when the lesson is left. Screenshots,
 * light and dark, go to test-results/lesson-room-*.png.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab } from './lab';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

type Box = { x: number; y: number; width: number; height: number };

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (b === null) throw new Error(`${locator} has no box`);
  return b;
}

async function shots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({
      path: `test-results/lesson-room-${name}-${size?.width}x${size?.height}-${scheme}.png`,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('an info toast during a lesson covers neither the lesson panel nor the canvas', async ({ page }) => {
      const problems = watchConsole(page);
      await openLab(page);
      // Lesson 1, step 3 (a predict step): its panel shows Submit, Previous and Next.
      await page.goto('./#lesson=hpa-window&step=3');
      await expect(page.getByTestId('lesson-position')).toHaveText('Step 3 of 7 · predict');
      await expect(page.getByTestId('node-mem0')).toBeVisible();
      // Deleting a device leaves an information toast with Undo.
      await page.getByTestId('node-mem0').click();
      await page.keyboard.press('Delete');
      const toast = page.getByTestId('notice').filter({ hasText: 'Deleted mem0' });
      await expect(toast).toBeVisible();
      await expect(toast).toHaveAttribute('data-tone', 'info');
      const stack = await box(page.getByTestId('toast-stack'));
      const toastBox = await box(toast);
      const panel = page.getByTestId('lesson-panel');
      for (const id of ['lesson-prev', 'lesson-next', 'lesson-submit']) {
        const button = panel.getByTestId(id);
        await expect(button).toBeVisible();
        expect(intersects(toastBox, await box(button)), `toast over ${id}`).toBe(false);
      }
      expect(intersects(stack, await box(panel)), 'stack over the lesson panel').toBe(false);
      expect(intersects(stack, await box(page.getByTestId('canvas'))), 'stack over the canvas').toBe(false);
      await shots(page, 'toast');
      expect(problems).toEqual([]);
    });

    test('the next-step strip stays away during a lesson and comes back after it', async ({ page }) => {
      const problems = watchConsole(page);
      await openLab(page);
      await page.goto('./#lesson=hpa-window&step=3');
      await expect(page.getByTestId('lesson-position')).toHaveText('Step 3 of 7 · predict');
      await expect(page.getByTestId('node-mem0')).toBeVisible();
      await expect(page.getByTestId('next-step')).toHaveCount(0);
      await shots(page, 'no-strip');
      // The lesson's lab (mem0's decoder reset) has a next step once the lesson is left.
      await page.getByTestId('lesson-leave').click();
      await expect(page.getByTestId('lesson-panel')).toHaveCount(0);
      await expect(page.getByTestId('next-step')).toBeVisible();
      expect(problems).toEqual([]);
    });
  });
}
