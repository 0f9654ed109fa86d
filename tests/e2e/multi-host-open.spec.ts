/**
 * Issue 18 smoke test: the pool preset file (`cxl-lab/2`, two hosts sharing a switch and two MLDs)
 * opens through File ▸ Open, the canvas shows something, focus moves between hosts through the store
 * (`window.__lab.focusHost`), the access console works on the focused host, a reload brings the lab
 * back from IndexedDB, and no error appears.
 * The canvas's drawing of several hosts is checked by its own tests; this one does not look at it.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, REGION_BASE, readBytes, waitSaved, writeBytes } from './lab';

const POOL = readFileSync('src/presets/multi-host/pool-2h-2mld.cxl-lab.json');
const NAME = (JSON.parse(POOL.toString('utf8')) as { name: string }).name;

test('a cxl-lab/2 file opens, focus switches hosts, and each host reads its own bytes', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'pool-2h-2mld.cxl-lab.json',
    mimeType: 'application/json',
    buffer: POOL,
  });
  await expect(page.getByTestId('lab-name')).toHaveText(NAME);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await waitSaved(page);
  // The Presets menu marks the preset this lab is (by the fabric's name, not a host view's).
  await page.getByTestId('menu-presets').click();
  await expect(page.getByRole('menuitemradio', { checked: true })).toContainText('Pool: 2 hosts × 2 MLDs');
  await page.keyboard.press('Escape');

  // hostA is focused: its region at 0x4c00000000 reaches its own LDs.
  await writeBytes(page, REGION_BASE, 'a1 a2 a3');
  expect(await readBytes(page, REGION_BASE, 3)).toContain('a1 a2 a3');
  expect(await page.evaluate(() => window.__lab?.focusHost('hostB'))).toEqual({ focus: 'hostB' });
  // hostB's same HPA reaches hostB's LDs: hostA's bytes are not there.
  expect(await readBytes(page, REGION_BASE, 3)).toContain('00 00 00');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  expect(await page.evaluate(() => window.__lab?.focusHost('hostA'))).toEqual({ focus: 'hostA' });
  expect(await readBytes(page, REGION_BASE, 3)).toContain('a1 a2 a3');

  // Autosave keeps the multi-host lab in IndexedDB: a reload brings it back with hostA's bytes.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('lab-name')).toHaveText(NAME);
  expect(await readBytes(page, REGION_BASE, 3)).toContain('a1 a2 a3');

  await expect(page.locator('[data-testid="notice"][data-tone="error"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});
