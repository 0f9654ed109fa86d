/**
 * Undo/redo, autosave to IndexedDB with restore on reload, and the Labs list (new, rename, switch,
 * delete).
 */
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { decoderState, openDecoders, openLab, readBytes, toggleDecoder, waitSaved, writeBytes } from './lab';

test('undo and redo decoder programming: header buttons, Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await expect(page.getByTestId('undo')).toBeDisabled();
  await toggleDecoder(page, 'mem1.0', 'not committed');
  await toggleDecoder(page, 'hb0.0', 'not committed');
  // The canvas's decoder light for hb0's decoder 0: programmed but no longer committed.
  const hb0Light = page.getByTestId('node-hb0').locator('.lab-light').first();
  await expect(hb0Light).toHaveAttribute('data-state', 'programmed');

  await page.getByTestId('undo').click();
  await expect(decoderState(page, 'hb0.0')).toHaveText('committed');
  await expect(hb0Light).toHaveAttribute('data-state', 'committed');
  await page.keyboard.press('Control+z');
  await expect(decoderState(page, 'mem1.0')).toHaveText('committed');
  await expect(page.getByTestId('undo')).toBeDisabled();

  await page.keyboard.press('Control+Shift+z');
  await expect(decoderState(page, 'mem1.0')).toHaveText('not committed');
  await page.keyboard.press('Control+y');
  await expect(decoderState(page, 'hb0.0')).toHaveText('not committed');
  await expect(page.getByTestId('redo')).toBeDisabled();
  await page.getByTestId('undo').click();
  await page.getByTestId('redo').click();
  await expect(decoderState(page, 'hb0.0')).toHaveText('not committed');
  expect(problems).toEqual([]);
});

test('autosave: written bytes and decoder changes survive a reload', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await writeBytes(page, '0x4c00002000', 'ca fe f0 0d');
  await toggleDecoder(page, 'mem2.0', 'not committed');
  await toggleDecoder(page, 'mem2.0', 'committed');
  await toggleDecoder(page, 'mem0.0', 'not committed');
  await waitSaved(page);
  const labId = await page.evaluate(() => window.__lab?.status().labId);

  await page.reload();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  expect(await page.evaluate(() => window.__lab?.status().labId)).toBe(labId);
  await openDecoders(page);
  await expect(decoderState(page, 'mem0.0')).toHaveText('not committed');
  await expect(decoderState(page, 'mem2.0')).toHaveText('committed');
  // 0x4c00002000 is granule 2: hb0 (even granules), then rp1 → mem1 (the host bridge's second way).
  expect(await readBytes(page, '0x4c00002000', 4)).toContain('ca fe f0 0d');
  // Undo history is per session: nothing to undo after a reload.
  await expect(page.getByTestId('undo')).toBeDisabled();
  expect(problems).toEqual([]);
});

test('the Labs list: new lab, rename, switch and delete', async ({ page }) => {
  const problems = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  await toggleDecoder(page, 'mem3.0', 'not committed');
  await waitSaved(page);

  const openLabs = async () => {
    await page.getByTestId('menu-file').click();
    await page.getByRole('menuitem', { name: /Labs…/ }).click();
    await expect(page.getByTestId('labs-dialog')).toBeVisible();
  };
  await openLabs();
  const items = page.getByTestId('labs-item');
  await expect(items).toHaveCount(1);
  await items.first().getByTestId('lab-rename').click();
  await page.getByTestId('lab-rename-input').fill('Uncommitted mem3');
  await page.getByTestId('lab-rename-save').click();
  await expect(items.first()).toContainText('Uncommitted mem3');
  await expect(page.getByTestId('lab-name')).toHaveText('Uncommitted mem3');

  await page.getByTestId('labs-new').click();
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await openDecoders(page);
  await expect(decoderState(page, 'mem3.0')).toHaveText('committed');
  await waitSaved(page);

  await openLabs();
  await expect(items).toHaveCount(2);
  await page.screenshot({ path: 'test-results/labs-list.png' });
  await items.filter({ hasText: 'Uncommitted mem3' }).getByTestId('lab-open').click();
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText('Uncommitted mem3');
  await expect(decoderState(page, 'mem3.0')).toHaveText('not committed');

  // Delete the open lab: the other one opens.
  await openLabs();
  const current = items.filter({ hasText: 'Uncommitted mem3' });
  await current.getByTestId('lab-delete').click();
  await current.getByTestId('lab-delete-confirm').click();
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId('lab-name')).not.toHaveText('Uncommitted mem3');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(decoderState(page, 'mem3.0')).toHaveText('committed');

  // And the list is what was kept: after a reload, one lab.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await openLabs();
  await expect(items).toHaveCount(1);
  expect(problems).toEqual([]);
});
