/**
 * The unplaced tray (issue 12): a `cxl list` from ndctl ≤ v76 (no `parent_dport`) with nothing
 * else naming the ports opens with its devices in a strip on the canvas; one is dragged onto its
 * root port, the other placed from the keyboard, and both then route. Screenshots of the Import
 * dialog and the tray at 1024×700 and 1440×900, light and dark, go to test-results/unplaced/.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, waitSaved } from './lab';

const SHOTS = 'test-results/unplaced';

/** The v76 listing of 1 HB × 2 RP without its region (-R): nothing says which port holds which device. */
const LISTING = JSON.stringify(
  JSON.parse(readFileSync('tests/fixtures/cxl-list-1hb-2rp-2way.v76.json', 'utf8')),
  (k, v) => (k === 'regions:decoder0.0' ? undefined : v),
  1,
);

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${size.width}-${scheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('devices the listing does not place wait in the tray until dragged or placed', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Import cxl list/ }).click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-hint')).toContainText('cxl list -BDMPTERvvv');
  await expect(dialog.getByTestId('import-hint')).toContainText('lspci -tv');
  await dialog.getByTestId('import-text').fill(LISTING);
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('import-unplaced')).toContainText('2 devices');
  await shoot(page, 'import-dialog');
  await dialog.getByTestId('import-done').click();

  const tray = page.getByTestId('unplaced-tray');
  await expect(tray).toBeVisible();
  await expect(tray.getByTestId('tray-item-mem0')).toContainText('endpoint2');
  await expect(tray.getByTestId('tray-item-mem1')).toContainText('256 MiB pmem');
  await shoot(page, 'tray');

  // The flow got shorter: fit it (F) so the root ports show, then drag mem0 onto the first.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('f');
  // Wait for the fit animation to settle: the port's box stops moving.
  const port = page.getByTestId('node-rp0.0');
  let last = '';
  await expect
    .poll(async () => {
      const box = JSON.stringify(await port.boundingBox());
      const still = box === last;
      last = box;
      return still;
    })
    .toBe(true);
  await tray.getByTestId('tray-item-mem0').dragTo(page.getByTestId('node-rp0.0'));
  await expect(page.getByTestId('node-mem0')).toBeVisible();
  await expect(tray.getByTestId('tray-item-mem0')).toHaveCount(0);

  // mem1 from the keyboard: its port is the only free one left.
  const place = tray.getByRole('button', { name: 'Place mem1' });
  await place.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-mem1')).toBeVisible();
  await expect(tray).toHaveCount(0);

  // Reloading keeps the placed devices (the lab autosaves) and brings back no tray.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('node-mem1')).toBeVisible();
  await expect(page.getByTestId('unplaced-tray')).toHaveCount(0);
  expect(problems).toEqual([]);
});
