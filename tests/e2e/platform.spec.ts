/**
 * The platform profile control in the Inspector: choosing Linux 6.1 + QEMU 7.2 is applied by the
 * worker (the selects keep the value after the round trip, the hints change) and survives a reload;
 * screenshots at 1024×700 and 1440×900, light and dark, go to test-results/.
 */
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, waitSaved } from './lab';

test('the Inspector sets the platform profile, which the lab keeps', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  const control = page.getByTestId('inspector').getByTestId('platform-control');
  await expect(control).toBeVisible();
  const linux = control.getByLabel('Linux CXL driver');
  const qemu = control.getByLabel('QEMU CXL emulation');
  await expect(linux).toHaveValue('current');
  await expect(qemu).toHaveValue('current');
  await linux.selectOption('6.1');
  await expect(linux).toHaveValue('6.1');
  await expect(control).toContainText('software passthrough decoder');
  await qemu.selectOption('7.2');
  await expect(qemu).toHaveValue('7.2');
  await expect(control).toContainText('only through a committed HDM decoder 0');
  await waitSaved(page);
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await control.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/platform-${width}x${height}-${scheme}.png` });
    }
  }
  await page.reload();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await expect(page.getByTestId('inspector').getByLabel('Linux CXL driver')).toHaveValue('6.1');
  await expect(page.getByTestId('inspector').getByLabel('QEMU CXL emulation')).toHaveValue('7.2');
  expect(problems).toEqual([]);
});
