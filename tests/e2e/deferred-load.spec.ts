/**
 * Code that loads after the first paint (docs/ARCHITECTURE.md §6), held back on purpose: a press on a
 * header menu's stand-in opens the menu once its code arrives, and canvas edits made before the
 * editing code arrives (a palette drop, a delete) are made once it does. Nothing is lost. Find and
 * zoom to selection pressed early act on arrival; the next-step strip's stand-in holds its place;
 * zooms before d3's animation code jump to their end, and animate once it has arrived.
 */
import { expect, type Page, test } from '@playwright/test';
import { openLab, viewportSettled, waitSaved } from './lab';

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

/** The canvas's viewport transform, as React Flow writes it. */
function viewport(page: Page): Promise<string> {
  return page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
}

test('Find pressed before its code has loaded opens once it arrives', async ({ page }) => {
  const chunk = await holdChunk(page, 'ZoomLayer');
  await openLab(page);
  await page.keyboard.press('Control+f');
  await chunk.held;
  await expect(page.getByTestId('canvas-search-input')).toHaveCount(0);
  chunk.release();
  await expect(page.getByTestId('canvas-search-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('canvas-find')).toBeFocused();
});

test('zoom to selection pressed before the framing code has loaded frames once it arrives', async ({
  page,
}) => {
  const chunk = await holdChunk(page, 'ZoomLayer');
  await openLab(page);
  await page.getByTestId('node-mem3').click();
  await expect(page.getByTestId('canvas-zoom-selection')).toBeEnabled();
  await viewportSettled(page);
  const before = await viewport(page);
  await page.keyboard.press('z');
  await chunk.held;
  expect(await viewport(page)).toBe(before);
  chunk.release();
  await expect.poll(() => viewport(page)).not.toBe(before);
  // Framed: mem3 is drawn larger than at the fit of the whole lab.
  await expect
    .poll(async () => (await page.getByTestId('node-mem3').boundingBox())?.width ?? 0)
    .toBeGreaterThan(188);
});

test('the next-step strip holds its place until its code arrives: nothing below it moves', async ({
  page,
}) => {
  const chunk = await holdChunk(page, 'NextStepHint');
  await page.goto('./');
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await chunk.held;
  const pending = page.getByTestId('next-step-pending');
  await expect(pending).toBeVisible();
  const strip = await pending.boundingBox();
  const flow = await page.locator('.react-flow').boundingBox();
  chunk.release();
  await expect(page.getByTestId('next-step')).toBeVisible();
  await expect(pending).toHaveCount(0);
  expect(await page.getByTestId('next-step').boundingBox()).toEqual(strip);
  expect(await page.locator('.react-flow').boundingBox()).toEqual(flow);
});

test("zooms before d3's animation code has loaded jump to their end; after it, they animate", async ({
  page,
}) => {
  const chunk = await holdChunk(page, 'd3-transition');
  await openLab(page);
  await chunk.held;
  await viewportSettled(page);
  const fitted = await viewport(page);
  // Controls' zoom in does not animate; Fit (F) asks for a 200 ms animation.
  await page.locator('.react-flow__controls-zoomin').click();
  await expect.poll(() => viewport(page)).not.toBe(fitted);
  await page.getByTestId('canvas-fit').click();
  await expect.poll(() => viewport(page)).toBe(fitted);

  chunk.release();
  // Zoom in, then Fit: how many frames showed a transform between the two ends, and where it ended.
  const fitFrames = async () => {
    await page.locator('.react-flow__controls-zoomin').click();
    const zoomed = await viewport(page);
    const frames = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const el = document.querySelector('.react-flow__viewport') as HTMLElement;
          const seen: string[] = [];
          const start = performance.now();
          const tick = () => {
            seen.push(el.style.transform);
            if (performance.now() - start < 600) requestAnimationFrame(tick);
            else resolve(seen);
          };
          requestAnimationFrame(tick);
        }),
    );
    await page.getByTestId('canvas-fit').click();
    const seen = await frames;
    expect(seen.at(-1)).toBe(fitted);
    return new Set(seen.filter((t) => t !== zoomed && t !== fitted)).size;
  };
  // Once d3's code has arrived and run (its chunk is released above), the fit animates again.
  await expect.poll(fitFrames, { timeout: 15_000 }).toBeGreaterThan(0);
});
