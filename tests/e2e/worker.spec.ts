/**
 * The emulator runs in a Web Worker: a long fill keeps the page responsive and can be cancelled,
 * and a dead or hung worker is restarted with the lab restored.
 */
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { openConsole, openLab, REGION_BASE, readBytes, toggleDecoder, writeBytes } from './lab';

test('a 1 GiB fill runs in the worker while the canvas stays usable; it can be cancelled', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  await openConsole(page);
  await page.getByTestId('console-hpa').fill(REGION_BASE);
  await page.getByTestId('console-fill-length').fill('1G');
  await page.getByTestId('console-pattern').selectOption('tag');
  await page.getByTestId('console-fill').click();

  const bar = page.getByTestId('operation-bar');
  await expect(bar).toBeVisible();
  await expect(bar).toContainText('Filling address tag');
  await expect(page.getByTestId('operation-progress')).toContainText('of 1 GiB');

  // While the worker fills, the main thread answers: select a node and see it in the Inspector.
  await page.getByTestId('node-mem2').click();
  await expect(page.getByTestId('inspector-title')).toContainText('mem2');
  await expect(bar).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await page.screenshot({ path: 'test-results/fill-progress.png' });

  await page.getByTestId('operation-cancel').click();
  await expect(bar).toBeHidden({ timeout: 30_000 });
  const entry = page.getByTestId('console-log-fill').first();
  await expect(entry).toContainText(/Cancelled fill|Filled 1 GiB/);

  // What was filled before the cancel is there: the first word holds its own address.
  const dump = await readBytes(page, REGION_BASE, 8);
  expect(dump).toContain('00 00 00 00 4c 00 00 00');
  expect(problems).toEqual([]);
});

test('a full fill with verify completes and reports every byte matching', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await openLab(page);
  await openConsole(page);
  await page.getByTestId('console-fill-length').fill('64M');
  await page.getByTestId('console-pattern').selectOption('inc');
  await page.getByTestId('console-fill').click();
  await expect(page.getByTestId('console-log-verify').first()).toContainText('every byte matches', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('console-log-fill').first()).toContainText('Filled 64 MiB');
  await expect(page.getByTestId('operation-bar')).toBeHidden();
  expect(problems).toEqual([]);
});

test('when the worker dies, the banner says so and topology, registers and bytes come back', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  await writeBytes(page, '0x4c00000010', 'de ad be ef');
  await toggleDecoder(page, 'mem3.0', 'not committed');

  await page.evaluate(() => window.__lab?.killWorker());
  const banner = page.getByTestId('crash-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-restored', 'true');
  await expect(banner).toContainText('restarted and your lab was restored');
  expect(await page.evaluate(() => window.__lab?.status().workerStarts)).toBe(2);
  await page.screenshot({ path: 'test-results/crash-banner.png' });

  // Topology and live registers.
  for (const id of ['hb0', 'hb1', 'rp0', 'mem0', 'mem3'])
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('decoder-state-mem3.0')).toHaveText('not committed');
  await expect(page.getByTestId('decoder-state-mem0.0')).toHaveText('committed');
  // Written bytes.
  const dump = await readBytes(page, '0x4c00000010', 4);
  expect(dump).toContain('de ad be ef');

  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
  expect(problems).toEqual([]);
});

test('an uncaught error in the worker is a crash too: restarted and restored', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await writeBytes(page, REGION_BASE, '01 02 03');
  await page.evaluate(() => window.__lab?.throwInWorker());
  await expect(page.getByTestId('crash-banner')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('crash-banner')).toContainText('test error from window.__lab.throwInWorker');
  expect(await readBytes(page, REGION_BASE, 3)).toContain('01 02 03');
  expect(problems).toEqual([]);
});

test('when the worker hangs, the watchdog notices, restarts it and the lab comes back', async ({ page }) => {
  const problems = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  await writeBytes(page, '0x4c00000010', 'de ad be ef');
  await toggleDecoder(page, 'mem3.0', 'not committed');

  // 2 s instead of 15 s of silence, then a request that spins forever without yielding.
  await page.evaluate(() => {
    window.__lab?.setHangThreshold(2000);
    window.__lab?.hangWorker();
  });
  const banner = page.getByTestId('crash-banner');
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(banner).toHaveAttribute('data-restored', 'true');
  await expect(banner).toContainText('did not answer for 2 s');
  await expect(banner).toContainText('restarted and your lab was restored');
  expect(await page.evaluate(() => window.__lab?.status().workerStarts)).toBe(2);
  await page.screenshot({ path: 'test-results/worker-hung.png' });

  // Topology and live registers.
  for (const id of ['hb0', 'hb1', 'rp0', 'mem0', 'mem3'])
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('decoder-state-mem3.0')).toHaveText('not committed');
  await expect(page.getByTestId('decoder-state-mem0.0')).toHaveText('committed');
  // Written bytes.
  expect(await readBytes(page, '0x4c00000010', 4)).toContain('de ad be ef');

  // The restarted worker is watched the same way, and a healthy one is left alone: the watchdog pings
  // while a call is pending, so keep the worker busy with reads for longer than the 2 s threshold.
  const busySince = Date.now();
  await expect(async () => {
    expect(await readBytes(page, '0x4c00000010', 4)).toContain('de ad be ef');
    expect(Date.now() - busySince).toBeGreaterThan(3000);
  }).toPass({ intervals: [0], timeout: 20_000 });
  expect(await page.evaluate(() => window.__lab?.status().workerStarts)).toBe(2);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
  expect(problems).toEqual([]);
});
