/**
 * Issue 18: a multi-host lab's share link. The pool preset (`cxl-lab/2`) opened through File ▸ Open,
 * bytes written through each host, Share ▸ Copy link; the link opened in a fresh browser shows both
 * hosts' frames, focuses the host the sharer had focused, and each host reads its own bytes back.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, REGION_BASE, readBytes, waitSaved, writeBytes } from './lab';

const POOL = readFileSync('src/presets/multi-host/pool-2h-2mld.cxl-lab.json');
const NAME = (JSON.parse(POOL.toString('utf8')) as { name: string }).name;
/** Granule 1 of each host's 2-way region: hostA's mld1.ld0 DPA 0, hostB's mld1.ld1 DPA 0 (preset notes). */
const HPA = '0x4c00000100';

test('a multi-host lab travels in a share link with both hosts and their bytes', async ({
  page,
  browser,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'pool-2h-2mld.cxl-lab.json',
    mimeType: 'application/json',
    buffer: POOL,
  });
  await expect(page.getByTestId('lab-name')).toHaveText(NAME);
  await waitSaved(page);
  await writeBytes(page, HPA, 'a1 a2 a3');
  expect(await page.evaluate(() => window.__lab?.focusHost('hostB'))).toEqual({ focus: 'hostB' });
  await writeBytes(page, HPA, 'b1 b2');
  expect(await readBytes(page, REGION_BASE, 2)).toContain('00 00');

  await page.getByTestId('menu-share').click();
  await page.getByRole('menuitem', { name: /Copy link/ }).click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('share-view-text')).toContainText(/^host hostB, /);
  // Both hosts' bytes are in mld1's media, at 0x0 and 0x40000000: two 4 KiB pages.
  await expect(dialog.getByTestId('share-size')).toContainText('2 memory pages');
  await expect(dialog.getByTestId('share-error')).toHaveCount(0);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: 'test-results/multi-host-share/dialog-1024x700.png' });
  const link = await dialog.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#lab=[A-Za-z0-9_-]+&host=hostB&tab=/);

  const context = await browser.newContext();
  const other = await context.newPage();
  const otherProblems = watchConsole(other);
  await other.goto(link);
  await expect(other.getByTestId('lab-name')).toHaveText(NAME);
  await expect(other.getByTestId('host-frame-hostA')).toBeVisible();
  await expect(other.getByTestId('host-frame-hostB')).toBeVisible();
  // The link's host is focused: hostB's granule 1 has hostB's bytes.
  expect(await readBytes(other, HPA, 2)).toContain('b1 b2');
  expect(await other.evaluate(() => window.__lab?.focusHost('hostA'))).toEqual({ focus: 'hostA' });
  expect(await readBytes(other, HPA, 3)).toContain('a1 a2 a3');
  await other.screenshot({ path: 'test-results/multi-host-share/opened.png' });
  await expect(other.locator('[data-testid="notice"][data-tone="error"]')).toHaveCount(0);
  await context.close();
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
});
