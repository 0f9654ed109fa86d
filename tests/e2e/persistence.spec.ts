/**
 * Undo/redo (kept across a reload), autosave to IndexedDB with restore on reload, and the Labs list
 * (new, rename, switch, delete).
 */
import { expect, type Page, test } from '@playwright/test';
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
  // The undo history was saved with the lab (the next test undoes across a reload).
  await expect(page.getByTestId('undo')).toBeEnabled();
  expect(problems).toEqual([]);
});

test('undo history survives a reload: Ctrl+Z undoes changes made before it, Ctrl+Shift+Z redoes', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await toggleDecoder(page, 'mem1.0', 'not committed');
  await toggleDecoder(page, 'hb0.0', 'not committed');
  await waitSaved(page);

  await page.reload();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await openDecoders(page);
  await expect(decoderState(page, 'mem1.0')).toHaveText('not committed');
  await expect(decoderState(page, 'hb0.0')).toHaveText('not committed');
  await expect(page.getByTestId('undo')).toBeEnabled();
  await expect(page.getByTestId('redo')).toBeDisabled();

  await page.keyboard.press('Control+z');
  await expect(decoderState(page, 'hb0.0')).toHaveText('committed');
  await page.keyboard.press('Control+z');
  await expect(decoderState(page, 'mem1.0')).toHaveText('committed');
  await expect(page.getByTestId('undo')).toBeDisabled();

  await page.keyboard.press('Control+Shift+z');
  await expect(decoderState(page, 'mem1.0')).toHaveText('not committed');
  await expect(decoderState(page, 'hb0.0')).toHaveText('committed');
  await expect(page.getByTestId('undo')).toBeEnabled();
  await expect(page.getByTestId('redo')).toBeEnabled();
  // Undo and redo are changes too: they are saved, history and all.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await openDecoders(page);
  await expect(decoderState(page, 'mem1.0')).toHaveText('not committed');
  await expect(decoderState(page, 'hb0.0')).toHaveText('committed');
  await page.keyboard.press('Control+Shift+z');
  await expect(decoderState(page, 'hb0.0')).toHaveText('not committed');
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

  // A new lab is blank (the CXL root only) and named "Untitled lab 1".
  await page.getByTestId('labs-new').click();
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
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
  await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(page.getByTestId('node-mem3')).toHaveCount(0);

  // And the list is what was kept: after a reload, one lab.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
  await openLabs();
  await expect(items).toHaveCount(1);
  expect(problems).toEqual([]);
});

/** The labs database as the app stores it: how many labs, and the stored revision of one. */
async function storedLabs(page: Page, labId: string): Promise<{ count: number; revision: unknown }> {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('cxl-topology-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('labs', 'readonly');
          const labs = tx.objectStore('labs');
          const count = labs.count();
          const record = labs.get(id);
          tx.oncomplete = () => {
            open.result.close();
            resolve({ count: count.result, revision: (record.result as { revision?: number }).revision });
          };
        };
      }),
    labId,
  );
}

for (const broadcast of [true, false]) {
  test(`the same lab in two tabs: the second tab does not overwrite the first and keeps its change as a new lab${
    broadcast ? '' : ' (no BroadcastChannel: found when saving)'
  }`, async ({ context }) => {
    // Without BroadcastChannel, tab B learns of A's save only from its own conditional write.
    if (!broadcast) await context.addInitScript(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
    const a = await context.newPage();
    const b = await context.newPage();
    const problemsA = watchConsole(a);
    const problemsB = watchConsole(b);
    // Like switching browser tabs: the front page is the one in use (a background page gets no
    // animation frames, which slows Playwright's clicks there).
    await openLab(a);
    await b.bringToFront();
    await openLab(b);
    const labId = (await a.evaluate(() => window.__lab?.status().labId)) ?? '';
    expect(await b.evaluate(() => window.__lab?.status().labId)).toBe(labId);
    const name = (await a.getByTestId('lab-name').textContent()) ?? '';

    await a.bringToFront();
    await toggleDecoder(a, 'mem0.0', 'not committed');
    await waitSaved(a);
    const afterA = await storedLabs(a, labId);
    expect(afterA.count).toBe(1);

    await b.bringToFront();
    await toggleDecoder(b, 'mem3.0', 'not committed');
    const banner = b.getByTestId('save-conflict-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('This lab was changed in another tab.');
    await expect(banner).toContainText('Loading the other tab’s version discards your changes in this tab.');
    await expect(b.getByTestId('save-status')).toHaveText('Not saved: changed in another tab');
    await b.screenshot({ path: `test-results/two-tabs-conflict${broadcast ? '' : '-no-broadcast'}.png` });
    // B wrote nothing: the stored lab is still A's, at the revision A saved.
    expect(await storedLabs(b, labId)).toEqual(afterA);
    await a.bringToFront();
    await a.reload();
    await expect(a.getByTestId('node-mem3')).toBeVisible();
    await expect(decoderState(a, 'mem0.0')).toHaveText('not committed');
    await expect(decoderState(a, 'mem3.0')).toHaveText('committed');

    await b.bringToFront();
    await b.getByRole('button', { name: 'Keep mine as a new lab' }).click();
    await expect(banner).toBeHidden();
    await expect(b.getByTestId('lab-name')).toHaveText(`${name} (copy)`);
    await waitSaved(b);
    await expect(decoderState(b, 'mem3.0')).toHaveText('not committed');
    await expect(decoderState(b, 'mem0.0')).toHaveText('committed');

    // Both labs are stored. A reload opens the lab last opened in any tab (B's copy); the
    // original still holds A's change.
    await a.bringToFront();
    await a.reload();
    await expect(a.getByTestId('node-mem3')).toBeVisible();
    await expect(a.getByTestId('lab-name')).toHaveText(`${name} (copy)`);
    await openDecoders(a);
    await expect(decoderState(a, 'mem3.0')).toHaveText('not committed');
    await expect(decoderState(a, 'mem0.0')).toHaveText('committed');
    await a.getByTestId('menu-file').click();
    await a.getByRole('menuitem', { name: /Labs…/ }).click();
    const items = a.getByTestId('labs-item');
    await expect(items).toHaveCount(2);
    await items.filter({ hasNotText: '(copy)' }).getByTestId('lab-open').click();
    await expect(a.getByTestId('lab-name')).toHaveText(name);
    await expect(decoderState(a, 'mem0.0')).toHaveText('not committed');
    await expect(decoderState(a, 'mem3.0')).toHaveText('committed');
    expect([...problemsA, ...problemsB]).toEqual([]);
  });
}
