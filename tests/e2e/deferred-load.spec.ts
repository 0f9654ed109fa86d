/**
 * Code that loads after the first paint (docs/ARCHITECTURE.md §6), held back on purpose: a press on a
 * header menu's stand-in opens the menu once its code arrives, and canvas edits made before the
 * editing code arrives (a palette drop, a delete) are made once it does. Nothing is lost.
 */
import { expect, type Page, test } from '@playwright/test';
import { openLab, waitSaved } from './lab';

/** Holds back every request for the chunk whose file name starts with `name` until `release()`. */
async function holdChunk(page: Page, name: string): Promise<{ release: () => void; held: Promise<void> }> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let seen: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    seen = resolve;
  });
  await page.route(new RegExp(`/assets/${name}-[\\w-]+\\.js$`), async (route) => {
    seen();
    await gate;
    await route.continue();
  });
  return { release, held };
}

test('a header menu pressed before its code has loaded opens when it arrives', async ({ page }) => {
  const chunk = await holdChunk(page, 'HeaderMenus');
  await openLab(page);
  const presets = page.getByTestId('menu-presets');
  await presets.click();
  await chunk.held; // the press (or the idle prefetch) asked for the menus' code
  await expect(page.getByRole('menu', { name: 'Presets' })).toHaveCount(0);
  chunk.release();
  const menu = page.getByRole('menu', { name: 'Presets' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemradio').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(presets).toBeFocused();
});

test('canvas edits made before the editing code has loaded are made once it arrives', async ({ page }) => {
  const chunk = await holdChunk(page, 'CanvasEdits');
  await openLab(page);
  await expect(page.getByTestId('node-mem3')).toBeVisible();

  // A palette drop onto empty canvas, and a delete of mem3, both before the code is here.
  await page.getByTestId('palette-switch').dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x: 80, y: 80 },
  });
  await page.getByTestId('node-mem3').click();
  await page.keyboard.press('Delete');
  await chunk.held;
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id^="sw"]')).toHaveCount(0);

  chunk.release();
  await expect(page.getByTestId('node-mem3')).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id^="sw"]')).toHaveCount(1);
  await waitSaved(page);
});
