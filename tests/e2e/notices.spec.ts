/**
 * Notices, undo and the Regions dialog's defaults (issue 15), at 1024×700 and 1440×900: one toast
 * stack (at most 3 shown, information goes by itself and waits while hovered, errors stay, Esc
 * dismisses, never over the canvas); Undo after deleting hb0; a preset joins the Labs list only once
 * changed; the Regions dialog's mode default, member paths, Order for this window and stated size.
 * Screenshots, light and dark, go to test-results/notices-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, toggleDecoder, waitSaved } from './lab';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

async function shots(page: Page, name: string, target?: Locator): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const size = page.viewportSize();
    const path = `test-results/notices-${name}-${size?.width}x${size?.height}-${scheme}.png`;
    await (target ?? page).screenshot({ path });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openPreset(page: Page, name: RegExp): Promise<void> {
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name }).click();
}

async function openBadFile(page: Page, name: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello":"world"}'),
  });
}

/** axe-core's serious and critical findings inside `selector` (WCAG 2.x A/AA and best practices). */
async function axeFindings(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

function intersects(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function labCount(page: Page): Promise<number> {
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Labs/ }).click();
  await expect(page.getByTestId('labs-dialog')).toBeVisible();
  await expect(page.getByTestId('labs-item').first()).toBeVisible();
  const n = await page.getByTestId('labs-item').count();
  await page.keyboard.press('Escape');
  return n;
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the toast stack: at most 3, info goes (not while hovered), errors stay, Esc dismisses', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const problems = watchConsole(page);
      await openLab(page);
      const stack = page.getByTestId('toast-stack');
      const notices = page.getByTestId('notice');
      await openPreset(page, /Single device/);
      await expect(notices).toHaveCount(1);
      await openPreset(page, /Switch with 4 devices/);
      await openBadFile(page, 'bad-1.json');
      await openBadFile(page, 'bad-2.json');
      await expect(notices.filter({ hasText: 'bad-2.json was not opened' })).toBeVisible();
      // Four notices (two presets, two refused files): three shown, the oldest folded.
      await expect(notices).toHaveCount(3);
      await expect(page.getByTestId('toast-more')).toHaveText('+1 more');
      await expect(page.getByTestId('toast-live')).toHaveText(/Switch with 4 devices/);
      const stackBox = await stack.boundingBox();
      const canvasBox = await page.getByTestId('canvas').boundingBox();
      expect(stackBox !== null && canvasBox !== null && intersects(stackBox, canvasBox)).toBe(false);
      await shots(page, 'stack');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await axeFindings(page, '[data-testid="toast-stack"]')).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });

      // Information leaves by itself; the errors stay.
      const info = notices.and(page.locator('[data-tone="info"]'));
      await expect(info).toHaveCount(0, { timeout: 15_000 });
      await expect(notices.and(page.locator('[data-tone="error"]'))).toHaveCount(2);
      await expect(page.getByTestId('toast-more')).toHaveCount(0);

      // Esc on a focused toast dismisses it.
      await notices.first().getByRole('button', { name: 'Dismiss' }).focus();
      await page.keyboard.press('Escape');
      await expect(notices).toHaveCount(1);
      await notices.first().getByRole('button', { name: 'Dismiss' }).click();
      await expect(notices).toHaveCount(0);

      // While the pointer is on the stack, information waits.
      await openPreset(page, /Two switch levels/);
      await expect(info).toHaveCount(1);
      await info.hover();
      await page.waitForTimeout(7500); // longer than an info toast's 6 s
      await expect(info).toHaveCount(1);
      await page.mouse.move(5, size.height / 2);
      await expect(info).toHaveCount(0, { timeout: 15_000 });
      expect(problems).toEqual([]);
    });

    test('deleting hb0 says what went, and Undo brings back the 5 nodes and the 2-way window', async ({
      page,
    }) => {
      const problems = watchConsole(page);
      await openLab(page);
      await expect(page.getByTestId('window-cfmw0')).toContainText('2-way');
      await page.getByTestId('node-hb0').click();
      await page.keyboard.press('Delete');
      const toast = page.getByTestId('notice').filter({ hasText: 'Deleted hb0' });
      await expect(toast).toHaveText(
        /Deleted hb0 and 4 components below it; cfmw0 now 1-way \(was 2-way\); region0 lost mem0 and mem1/,
      );
      for (const id of ['hb0', 'rp0', 'rp1', 'mem0', 'mem1'])
        await expect(page.getByTestId(`node-${id}`)).toHaveCount(0);
      await expect(page.getByTestId('window-cfmw0')).toContainText('1-way');
      await shots(page, 'undo');
      await toast.getByTestId('notice-undo').click();
      for (const id of ['hb0', 'rp0', 'rp1', 'mem0', 'mem1'])
        await expect(page.getByTestId(`node-${id}`)).toBeVisible();
      await expect(page.getByTestId('window-cfmw0')).toContainText('2-way');
      await expect(toast).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  });
}

test('a preset joins the Labs list only once it is changed', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  expect(await labCount(page)).toBe(1);
  await openPreset(page, /Single device/);
  await expect(page.getByTestId('lab-name')).toContainText('Single device');
  await waitSaved(page);
  expect(await labCount(page)).toBe(1);
  await toggleDecoder(page, 'mem0.0', 'not committed');
  await waitSaved(page);
  expect(await labCount(page)).toBe(2);
  // Reloading opens the changed preset, now a saved lab.
  await page.reload();
  await expect(page.getByTestId('lab-name')).toContainText('Single device');
  expect(problems).toEqual([]);
});

for (const size of SIZES) {
  test(`Regions dialog at ${size.width}×${size.height}: ram by default, member paths, Order for this window, Plan`, async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    await page.getByTestId('canvas-regions').click();
    const dialog = page.getByTestId('region-dialog');
    await expect(dialog).toBeVisible();
    // The default lab's region uses every device: destroy it first (its toast offers Undo).
    await page.getByTestId('region-destroy-region0').click();
    await expect(page.getByTestId('region-list')).toContainText('No regions');
    // cfmw0 allows ram and pmem; the devices have 4 GiB ram and 0 B pmem each.
    for (const id of ['mem0', 'mem1', 'mem2', 'mem3']) await page.getByTestId(`region-add-${id}`).click();
    await expect(page.getByTestId('region-mode').getByRole('radio', { name: /volatile/ })).toBeChecked();
    await expect(page.getByTestId('region-mode-default')).toHaveText(
      'Default ram: the members have only volatile capacity (no pmem on mem0)',
    );
    await expect(page.getByTestId('region-member-path-mem3')).toHaveText('hb1 › rp3');
    await expect(page.getByTestId('region-member-path-mem0')).toHaveText('hb0 › rp0');
    // cxl-cli's default: the smallest member's ram (4 GiB) × 4 ways = 16 GiB, more than cfmw0's 8 GiB
    // (all free once region0 is gone), so capped to 8 GiB (a multiple of 256 MiB × 4).
    await expect(page.getByTestId('region-size-statement')).toHaveText(
      "Uses 8 GiB: 4 × 4 GiB ram (the smallest member's, mem0) is 16 GiB, capped to cfmw0's largest free extent",
    );
    // Picked in id order, position 1 (mem1) is below hb0, not the window's target 1 mod 2 = hb1.
    await page.getByTestId('region-plan-button').click();
    await expect(page.getByTestId('region-refusal')).toContainText('-ENXIO');
    await page.getByTestId('region-order').click();
    const order = ['mem0', 'mem2', 'mem1', 'mem3'];
    for (const [i, id] of order.entries())
      await expect(page.getByTestId(`region-member-${i}`)).toContainText(id);
    await page.getByTestId('region-plan-button').click();
    await expect(page.getByTestId('region-plan-summary')).toContainText('4-way');
    await expect(page.getByTestId('region-refusal')).toHaveCount(0);
    await shots(page, 'regions', dialog);
    expect(await axeFindings(page, '[data-testid="region-dialog"]')).toEqual([]);
    await page.getByTestId('region-create').click();
    await expect(page.getByTestId('region-message')).toHaveText('Created region0');
    expect(problems).toEqual([]);
  });
}
