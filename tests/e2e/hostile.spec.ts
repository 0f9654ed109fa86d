/**
 * Hostile input in the browser (issue 13): a share link carrying a prototype-key component (crash A),
 * a decompression bomb, the same in an embed link, and an opened file with crash A. Each is refused
 * with its reason named and leaves the open lab as it was. Screenshots of the refusal at 1024×700
 * and 1440×900, light and dark, go to test-results/hostile/.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab } from './lab';

const SHOTS = 'test-results/hostile';
const fixture = (name: string): string => readFileSync(`tests/fixtures/regressions/${name}`, 'utf8').trim();
const CRASH_A_LINK = fixture('crash-a-share-link.link.txt');
const BOMB_LINK = fixture('decompression-bomb-64mib.link.txt');
const CRASH_A_FILE = fixture('crash-a-kind-constructor.cxl-lab.json');

/** The component ids on the canvas, sorted. */
async function canvasIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node [data-testid^="node-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.sort();
}

/** The refusal at both sizes, light and dark. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}-${scheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function labCount(page: Page): Promise<number> {
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Labs/ }).click();
  const n = await page.getByTestId('labs-item').count();
  await page.keyboard.press('Escape');
  return n;
}

test('a link with a prototype-key component and a decompression bomb: refused, the lab intact', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  const before = await canvasIds(page);
  const notice = page.getByTestId('notice');

  // Crash A through a link, pasted into the open lab's address bar (a hash change).
  await page.goto(`./${CRASH_A_LINK}`);
  await expect(notice).toContainText('The shared link was not opened; nothing was loaded');
  await expect(notice).toContainText('unknown kind "constructor"');
  expect(await canvasIds(page)).toEqual(before);
  await shoot(page, 'crash-a-link');
  await notice.getByRole('button', { name: 'Dismiss' }).click();

  // A deflate bomb (64 MiB of spaces in 64 KiB): refused at the 8 MiB limit while inflating.
  await page.goto(`./${BOMB_LINK}`);
  await expect(notice).toContainText('The shared link was not opened; nothing was loaded');
  await expect(notice).toContainText('decompresses to more than 8 MiB');
  expect(await canvasIds(page)).toEqual(before);
  await shoot(page, 'bomb-link');
  await notice.getByRole('button', { name: 'Dismiss' }).click();

  expect(await labCount(page)).toBe(1);
  expect(problems).toEqual([]);
});

test('an opened file with a prototype-key component: refused with its reason, the lab intact', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  const before = await canvasIds(page);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'crash-a.cxl-lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(CRASH_A_FILE),
  });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('unknown kind "constructor"');
  expect(await canvasIds(page)).toEqual(before);
  await shoot(page, 'crash-a-file');
  expect(problems).toEqual([]);
});

test('an embed link carrying a hostile lab shows the refusal; nothing from the link is loaded', async ({
  page,
}) => {
  const problems = watchConsole(page);
  for (const [link, reason] of [
    [CRASH_A_LINK, 'unknown kind "constructor"'],
    [BOMB_LINK, 'decompresses to more than 8 MiB'],
  ] as const) {
    await page.goto('about:blank');
    await page.goto(`./?embed${link}`);
    await expect(page.getByTestId('embed-shell')).toBeVisible();
    await expect(page.getByTestId('notice')).toContainText(reason);
  }
  await shoot(page, 'embed-refused');
  expect(problems).toEqual([]);
});
