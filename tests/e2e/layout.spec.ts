/**
 * Issue 15, responsive shell: at a projector's 1024 × 700 and a laptop's 1440 × 900 the canvas keeps at
 * least 45 % of the window with the dock open; no overlay (legend, zoom buttons, toolbar, decode bar
 * and label, toasts, banners) lies on a node after an access, after a dock resize, with the legend's key
 * open; side panels collapse by button and key and stay so after a reload; presentation mode; the
 * console's history keeps a usable width. Screenshots of each go to test-results/layout-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openConsole, openLab, REGION_BASE, viewportSettled } from './lab';

type Box = { x: number; y: number; width: number; height: number };

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

/** Everything that could be drawn over the flow. A selector that matches nothing is simply absent. */
const OVERLAYS = [
  '[data-testid="canvas-legend"]',
  '.lab-canvas__bar',
  '.react-flow__controls',
  '.react-flow__minimap',
  '.react-flow__attribution',
  '[data-testid="decode-bar"]',
  '[data-testid="decode-label"]',
  '[data-testid="canvas-toast"]',
  '[role="status"].toast, .toast-stack, .banners',
  '[data-testid="unplaced-tray"]',
];

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxesOf(page: Page, selector: string): Promise<{ name: string; box: Box }[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed')
      .map((el) => {
        const r = el.getBoundingClientRect();
        const id = (el as HTMLElement).dataset.id ?? (el as HTMLElement).dataset.testid ?? el.className;
        return { name: String(id), box: { x: r.x, y: r.y, width: r.width, height: r.height } };
      })
      .filter((b) => b.box.width > 0 && b.box.height > 0),
  );
}

/** Overlay/node pairs that intersect, and nodes not wholly inside the flow's pane ("nothing clips"). */
async function coverings(page: Page): Promise<string[]> {
  await viewportSettled(page);
  const nodes = await boxesOf(page, '.react-flow__node');
  expect(nodes.length).toBeGreaterThan(5);
  const pane = (await page.locator('.lab-canvas > .react-flow').boundingBox()) as Box;
  const found: string[] = [];
  for (const selector of OVERLAYS) {
    for (const overlay of await boxesOf(page, selector)) {
      for (const node of nodes) {
        if (intersects(overlay.box, node.box)) found.push(`${overlay.name} covers ${node.name}`);
      }
    }
  }
  for (const node of nodes) {
    const b = node.box;
    const inside =
      b.x >= pane.x - 1 &&
      b.y >= pane.y - 1 &&
      b.x + b.width <= pane.x + pane.width + 1 &&
      b.y + b.height <= pane.y + pane.height + 1;
    if (!inside) found.push(`${node.name} is cut by the edge of the canvas`);
  }
  return found;
}

async function readAt(page: Page, hpa: string): Promise<void> {
  await openConsole(page);
  await page.getByTestId('console-hpa').fill(hpa);
  await page.getByTestId('console-read-length').fill('64');
  await page.getByTestId('console-read').click();
  await expect(page.getByTestId('decode-bar')).toBeVisible();
}

async function shoot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: `test-results/layout-${name}-${width}x${height}.png` });
}

/** Share of the window the canvas component (its toolbar bar, drawing and legend) takes; and the drawing alone. */
async function canvasShare(page: Page): Promise<{ canvas: number; pane: number }> {
  const { width, height } = page.viewportSize() ?? { width: 1, height: 1 };
  const canvas = (await page.getByTestId('canvas').boundingBox()) as Box;
  const pane = (await page.locator('.lab-canvas > .react-flow').boundingBox()) as Box;
  const area = width * height;
  return { canvas: (canvas.width * canvas.height) / area, pane: (pane.width * pane.height) / area };
}

for (const size of SIZES) {
  const at = `${size.width}x${size.height}`;
  test.describe(`at ${at}`, () => {
    test.use({ viewport: size });

    test(`the canvas keeps at least 45 % of the window with the dock open (${at})`, async ({ page }) => {
      const problems = watchConsole(page);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await openLab(page);
        await openConsole(page);
        await expect(page.getByTestId('dock-panel-console')).toBeVisible();
        const share = await canvasShare(page);
        console.log(
          `${at} ${scheme}: canvas ${(share.canvas * 100).toFixed(1)} %, drawing ${(share.pane * 100).toFixed(1)} %`,
        );
        expect(share.canvas).toBeGreaterThanOrEqual(0.45);
        await shoot(page, `dock-open-${scheme}`);
      }
      expect(problems).toEqual([]);
    });

    test(`no overlay covers a node after an access, a dock resize or the legend's key (${at})`, async ({
      page,
    }) => {
      const problems = watchConsole(page);
      await openLab(page);
      expect(await coverings(page)).toEqual([]);

      await readAt(page, REGION_BASE);
      expect(await coverings(page)).toEqual([]);
      await shoot(page, 'after-access-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shoot(page, 'after-access-dark');

      // Drag the dock's top edge 120 px up (the canvas shrinks), then 200 px down (it grows).
      for (const dy of [-120, 200]) {
        const edge = (await page.getByTestId('dock-resize').boundingBox()) as Box;
        const x = edge.x + edge.width / 2;
        const y = edge.y + edge.height / 2;
        await page.mouse.move(x, y);
        await page.mouse.down();
        await page.mouse.move(x, y + dy / 2);
        await page.mouse.move(x, y + dy);
        await page.mouse.up();
        expect(await coverings(page)).toEqual([]);
        await shoot(page, `dock-resized-${dy < 0 ? 'up' : 'down'}`);
      }

      // The legend's key opens in its strip: the drawing moves up, nothing hides a device.
      await page.getByTestId('canvas-legend').getByText('What the marks mean').click();
      await expect(page.getByTestId('canvas-legend').getByText('decoder failed to commit')).toBeVisible();
      expect(await coverings(page)).toEqual([]);
      await shoot(page, 'legend-key-open');
      expect(problems).toEqual([]);
    });

    test(`palette and Inspector collapse by button and key, and stay so after a reload (${at})`, async ({
      page,
    }) => {
      const problems = watchConsole(page);
      await openLab(page);
      const palette = page.getByTestId('side-palette');
      const inspector = page.getByTestId('side-inspector');
      const canvasWidth = async () => ((await page.getByTestId('canvas').boundingBox()) as Box).width;
      // A window under 1200 px starts with both collapsed; a wider one with both open.
      const narrow = size.width < 1200;
      await expect(palette).toHaveAttribute('data-collapsed', String(narrow));
      await expect(inspector).toHaveAttribute('data-collapsed', String(narrow));
      if (narrow) {
        // Collapsed, the palette is still a column of its badges, each one still adds.
        await expect(page.getByTestId('palette-type3')).toBeVisible();
        await expect(page.getByTestId('palette-type3')).toHaveAccessibleName(/Type 3 device/);
        await shoot(page, 'sides-collapsed-default');
        await page.getByTestId('side-palette-toggle').click();
        await page.getByTestId('side-inspector-toggle').click();
      }
      await expect(palette).toHaveAttribute('data-collapsed', 'false');
      await expect(inspector).toHaveAttribute('data-collapsed', 'false');
      await expect(page.getByTestId('inspector')).toBeVisible();
      const open = await canvasWidth();

      // The button: aria-expanded tells its state.
      const toggle = page.getByTestId('side-palette-toggle');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await toggle.click();
      await expect(palette).toHaveAttribute('data-collapsed', 'true');
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(toggle).toHaveAccessibleName('Show the Components panel ([)');
      // The key: ] on the canvas (not in a text field) collapses the Inspector.
      await page.getByTestId('node-mem3').click();
      await page.keyboard.press(']');
      await expect(inspector).toHaveAttribute('data-collapsed', 'true');
      await expect(page.getByTestId('inspector')).toBeHidden();
      await expect.poll(canvasWidth).toBeGreaterThan(open + 300);
      // The drawing re-fitted to the wider canvas: every node inside it, nothing over one.
      expect(await coverings(page)).toEqual([]);
      // Typing [ or ] in a text field types it.
      await openConsole(page);
      await page.getByTestId('console-hpa').fill('');
      await page.getByTestId('console-hpa').press('[');
      await expect(page.getByTestId('console-hpa')).toHaveValue('[');
      await expect(palette).toHaveAttribute('data-collapsed', 'true');
      await shoot(page, 'sides-collapsed');

      await page.reload();
      await expect(page.getByTestId('node-mem3')).toBeVisible();
      await expect(palette).toHaveAttribute('data-collapsed', 'true');
      await expect(inspector).toHaveAttribute('data-collapsed', 'true');
      expect(await coverings(page)).toEqual([]);

      // Expanded again by key and by the rail's button; remembered too.
      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('[');
      await expect(palette).toHaveAttribute('data-collapsed', 'false');
      await page.getByTestId('side-inspector-toggle').click();
      await expect(inspector).toHaveAttribute('data-collapsed', 'false');
      await page.reload();
      await expect(page.getByTestId('node-mem3')).toBeVisible();
      await expect(palette).toHaveAttribute('data-collapsed', 'false');
      await expect(inspector).toHaveAttribute('data-collapsed', 'false');

      // The Help dialog lists the keys.
      await page.getByTestId('canvas-help').click();
      const help = page.getByTestId('help-dialog');
      await expect(help).toContainText('Collapse or expand the Components palette');
      await expect(help).toContainText('Collapse or expand the Inspector');
      await expect(help).toContainText('Presentation mode');
      expect(problems).toEqual([]);
    });

    test(`presentation mode: canvas and decode bar only, larger type; Esc leaves (${at})`, async ({
      page,
    }) => {
      const problems = watchConsole(page);
      await openLab(page);
      await readAt(page, REGION_BASE);
      const titleSize = () =>
        page.locator('.decode-bar__title').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      const before = await titleSize();

      await page.getByTestId('present-button').click();
      await expect(page.getByTestId('presentation-bar')).toBeVisible();
      for (const id of ['header', 'palette', 'dock']) await expect(page.getByTestId(id)).toBeHidden();
      await expect(page.getByTestId('inspector')).toBeHidden();
      await expect(page.getByTestId('decode-bar')).toBeVisible();
      expect(await titleSize()).toBeGreaterThan(before);
      // Whether the browser granted full screen or not, the page shows canvas and decode bar only.
      const granted = await page.evaluate(() => document.fullscreenElement !== null);
      await expect(page.getByTestId('presentation-bar')).toHaveAttribute('data-fullscreen', String(granted));
      expect((await canvasShare(page)).canvas).toBeGreaterThan(0.75);
      expect(await coverings(page)).toEqual([]);
      await shoot(page, 'presentation-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shoot(page, 'presentation-dark');

      await page.keyboard.press('Escape');
      await expect(page.getByTestId('presentation-bar')).toHaveCount(0);
      await expect(page.getByTestId('header')).toBeVisible();
      await expect(page.getByTestId('dock')).toBeVisible();
      expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();

      // Shift+P toggles it from the keyboard; the Leave button leaves.
      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Shift+P');
      await expect(page.getByTestId('presentation-bar')).toBeVisible();
      await page.getByTestId('presentation-leave').click();
      await expect(page.getByTestId('presentation-bar')).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  });
}

test('zoomed in, a dock resize keeps the selected node in view', async ({ page }) => {
  await openLab(page);
  const mem3 = page.getByTestId('node-mem3');
  await mem3.click();
  // Zoom in around mem3 (the wheel zooms about the pointer), so the drawing no longer fits.
  const at = (await mem3.boundingBox()) as Box;
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
  await viewportSettled(page);
  expect((await coverings(page)).some((c) => c.endsWith('is cut by the edge of the canvas'))).toBe(true);
  // Drag the dock's edge up until it reaches past where mem3 is: mem3 would be under the dock.
  const edge = (await page.getByTestId('dock-resize').boundingBox()) as Box;
  const before = (await mem3.boundingBox()) as Box;
  const up = edge.y - before.y + 40;
  await page.mouse.move(edge.x + 200, edge.y + 3);
  await page.mouse.down();
  await page.mouse.move(edge.x + 200, edge.y + 3 - up / 2);
  await page.mouse.move(edge.x + 200, edge.y + 3 - up);
  await page.mouse.up();
  await viewportSettled(page);
  const pane = (await page.locator('.lab-canvas > .react-flow').boundingBox()) as Box;
  const after = (await mem3.boundingBox()) as Box;
  expect(pane.y + pane.height).toBeLessThan(before.y + before.height);
  expect(after.y).toBeGreaterThanOrEqual(pane.y);
  expect(after.y + after.height).toBeLessThanOrEqual(pane.y + pane.height);
  // Same zoom: the card keeps its size.
  expect(Math.round(after.width)).toBe(Math.round(before.width));
  await shoot(page, 'selection-kept');
});

test('presentation mode works without the Fullscreen API', async ({ page }) => {
  await page.addInitScript(() => {
    // A browser without the API (or one that refuses it, as an iframe without allowfullscreen does).
    Object.defineProperty(Element.prototype, 'requestFullscreen', { value: undefined, configurable: true });
    Object.defineProperty(Document.prototype, 'fullscreenEnabled', { get: () => false, configurable: true });
  });
  await openLab(page);
  await page.getByTestId('present-button').click();
  await expect(page.getByTestId('presentation-bar')).toHaveAttribute('data-fullscreen', 'false');
  await expect(page.getByTestId('header')).toBeHidden();
  expect((await canvasShare(page)).canvas).toBeGreaterThan(0.85);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('header')).toBeVisible();
});

test('the console history keeps a usable width in a narrow dock, and Clear is not clipped', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.addInitScript(() =>
    localStorage.setItem('cxl-lab:layout', JSON.stringify({ palette: false, inspector: false })),
  );
  await openLab(page);
  await readAt(page, REGION_BASE);
  const history = page.getByRole('region', { name: 'Access history' });
  const box = (await history.boundingBox()) as Box;
  // Side by side it needs 280 px; in a narrower dock it goes under the forms at full width.
  expect(box.width).toBeGreaterThanOrEqual(280);
  const clear = (await history.getByRole('button', { name: 'Clear' }).boundingBox()) as Box;
  expect(clear.x + clear.width).toBeLessThanOrEqual(box.x + box.width);
  const clipped = await history.evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>('*'))
      .filter((c) => getComputedStyle(c).overflowX === 'hidden' || getComputedStyle(c).overflowX === 'clip')
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => c.className),
  );
  expect(clipped).toEqual([]);
  await history.scrollIntoViewIfNeeded();
  await shoot(page, 'console-narrow-dock');
});

test('1366 × 768 and 1920 × 1080: canvas share with the dock open, no overlay on a node after an access', async ({
  page,
}) => {
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openLab(page);
      await openConsole(page);
      const share = await canvasShare(page);
      expect(share.canvas).toBeGreaterThanOrEqual(0.45);
      await readAt(page, REGION_BASE);
      expect(await coverings(page)).toEqual([]);
      const withBar = await canvasShare(page);
      const pc = (n: number) => `${(n * 100).toFixed(1)} %`;
      console.log(
        `${size.width}x${size.height} ${scheme}: canvas ${pc(share.canvas)} (drawing ${pc(share.pane)}); with the decode bar ${pc(withBar.canvas)}`,
      );
      await shoot(page, `after-access-${scheme}`);
    }
  }
});
