/**
 * The toast stack covers nothing the user is looking at, at 1024×700 and 1440×900 with the DPA hex
 * view open and its reverse map filled: the column under the stack makes room for it (the dock's
 * panel ends above it at 1024×700, where it sits at the dock's foot; the Inspector's body at
 * 1440×900, where it sits beside the canvas), so no visible interactive element, hex row or reverse
 * map line is under a toast, nor is the canvas. Then with a second toast (an error, which stays),
 * and after both go, the panels take their room back. Screenshots, light and dark, go to
 * test-results/toast-room-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab } from './lab';

type Box = { x: number; y: number; width: number; height: number };

/**
 * What of each element matching `selector` shows: its box clipped by every scrolling ancestor and
 * the window. Elements inside the toast stack count only when `toasts` is set (and then only they).
 */
async function visibleBoxes(
  page: Page,
  selector: string,
  toasts = false,
): Promise<{ name: string; box: Box }[]> {
  return page.evaluate(
    ([sel, inStack]) => {
      const stack = document.querySelector('[data-testid="toast-stack"]');
      const out: { name: string; box: Box }[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        if ((stack?.contains(el) ?? false) !== inStack) continue;
        let r = el.getBoundingClientRect();
        let left = Math.max(r.left, 0);
        let top = Math.max(r.top, 0);
        let right = Math.min(r.right, window.innerWidth);
        let bottom = Math.min(r.bottom, window.innerHeight);
        for (let a = el.parentElement; a !== null; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          r = a.getBoundingClientRect();
          left = Math.max(left, r.left);
          top = Math.max(top, r.top);
          right = Math.min(right, r.right);
          bottom = Math.min(bottom, r.bottom);
        }
        if (right - left < 1 || bottom - top < 1 || getComputedStyle(el).visibility === 'hidden') continue;
        const name =
          el.dataset.testid ??
          el.getAttribute('aria-label') ??
          `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 30)}`;
        out.push({ name, box: { x: left, y: top, width: right - left, height: bottom - top } });
      }
      return out;
    },
    [selector, toasts] as const,
  );
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const INTERACTIVE =
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="tab"], .react-flow__node, .react-flow__handle';
/** The dock's hex view: its rows, its reverse map and each of the map's lines; the Inspector's body. */
const CONTENT =
  '[data-testid="dpa-hex"], [data-testid="hex-grid"], [data-testid="hex-reverse"], [data-testid="hex-reverse-hit"], [data-testid^="hex-row-"], .inspector__body';

/** Every toast's box, checked against everything that shows: nothing interactive or read is under one. */
async function expectNothingCovered(page: Page, label: string): Promise<void> {
  const toasts = await visibleBoxes(page, '[data-testid="notice"], [data-testid="toast-more"]', true);
  expect(toasts.length, `${label}: toasts showing`).toBeGreaterThan(0);
  const under = [...(await visibleBoxes(page, INTERACTIVE)), ...(await visibleBoxes(page, CONTENT))];
  const canvas = await visibleBoxes(page, '[data-testid="canvas"]');
  for (const toast of toasts) {
    const covered = [...under, ...canvas].filter((u) => intersects(toast.box, u.box)).map((u) => u.name);
    expect(covered, `${label}: under the toast at ${JSON.stringify(toast.box)}`).toEqual([]);
  }
}

async function shots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({
      path: `test-results/toast-room-${name}-${size?.width}x${size?.height}-${scheme}.png`,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const) {
  test(`a toast covers nothing with the DPA hex view open: ${size.width}×${size.height}`, async ({
    page,
  }) => {
    test.setTimeout(60_000); // two toasts, four screenshots, on a shared 2-core machine
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    const panel = page.getByTestId('dock-panel-dpa-hex');
    // mem1's hex view, with a byte hovered so the reverse map lists the HPAs that reach it.
    await page.getByTestId('node-mem1').click();
    await page.getByTestId('dock').getByRole('tab', { name: 'DPA hex' }).click();
    await expect(page.getByTestId('hex-device')).toHaveValue('mem1');
    const panelBefore = await panel.boundingBox();
    // Deleting mem3 leaves an information toast with Undo (it stays 10 s).
    await page.getByTestId('node-mem3').click();
    await page.keyboard.press('Delete');
    const toast = page.getByTestId('notice').filter({ hasText: 'Deleted mem3' });
    await expect(toast).toBeVisible();
    await page.locator('[data-dpa="1"]').hover();
    await expect(page.getByTestId('hex-reverse-hit').first()).toContainText('HPA 0x4c00000001');
    if (size.width === 1024) {
      // No Inspector column: the stack sits at the dock's foot and the panel ends above it.
      const stack = await page.getByTestId('toast-stack').boundingBox();
      const dock = await page.getByTestId('dock').boundingBox();
      const after = await panel.boundingBox();
      if (stack === null || dock === null || after === null || panelBefore === null)
        throw new Error('no box');
      expect(stack.x).toBeGreaterThanOrEqual(dock.x);
      expect(stack.x + stack.width).toBeLessThanOrEqual(dock.x + dock.width);
      expect(after.y + after.height).toBeLessThanOrEqual(stack.y);
      expect(after.height).toBeLessThan(panelBefore.height);
    } else {
      // The Inspector column is free: the stack sits there (beside the canvas), as before.
      const stack = await page.getByTestId('toast-stack').boundingBox();
      const canvas = await page.getByTestId('canvas').boundingBox();
      if (stack === null || canvas === null) throw new Error('no box');
      expect(stack.x).toBeGreaterThanOrEqual(canvas.x + canvas.width);
      expect(stack.x + stack.width).toBeLessThanOrEqual(size.width - 8);
    }
    // The room is made by a ResizeObserver, before the frame that shows the toast: read after a frame.
    await expect(() => expectNothingCovered(page, 'one toast')).toPass({ timeout: 5_000 });
    await shots(page, 'hex');

    // A second toast: a refused file (an error: it stays until dismissed).
    await page.getByTestId('open-file-input').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":"world"}'),
    });
    await expect(page.locator('[data-testid="notice"][data-tone="error"]')).toBeVisible();
    await expect(() => expectNothingCovered(page, 'two toasts')).toPass({ timeout: 5_000 });
    await shots(page, 'hex-two');

    // Both gone: the panel takes its room back.
    // (The information toast may have gone by itself by now: dismiss whatever is left.)
    const dismiss = page.getByTestId('toast-stack').getByRole('button', { name: 'Dismiss' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect.poll(async () => (await panel.boundingBox())?.height).toBe(panelBefore?.height);
    expect(problems).toEqual([]);
  });
}
