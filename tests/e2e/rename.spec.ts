/**
 * Renaming a component, at 1024×700 and 1440×900: Rename… in the canvas's right-click menu and by
 * Shift+F10, and the Inspector's Name field, one action. A taken name is refused in the dialog; the
 * renamed device keeps the bytes written to it (its memory follows the name), and undo brings the
 * old name back with them. Screenshots, light and dark: test-results/rename-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, REGION_BASE, readBytes, viewportSettled, writeBytes } from './lab';

async function shots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({
      path: `test-results/rename-${name}-${size?.width}x${size?.height}-${scheme}.png`,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const flowNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const) {
  test(`rename from the canvas menu and the Inspector; memory follows: ${size.width}×${size.height}`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    // HPA 0x4c00000000 is granule 0 of region0: hb0 → rp0 → mem0 at DPA 0.
    await writeBytes(page, REGION_BASE, 'ca fe');
    await page.getByTestId('dock-toggle').click();
    await page.keyboard.press('f');
    await viewportSettled(page);

    // Mouse: right-click mem0, Rename mem0…; a taken name is refused, in the dialog.
    await page.getByTestId('node-mem0').click({ button: 'right', position: { x: 30, y: 16 } });
    await page.getByTestId('canvas-menu-rename').click();
    const dialog = page.getByTestId('rename-dialog');
    const input = dialog.getByTestId('rename-input');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('mem0');
    await input.fill('mem1');
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('rename-error')).toHaveText(/mem1 is already taken/);
    await shots(page, 'refused');
    await input.fill('disk0');
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('node-disk0')).toBeVisible();
    await expect(page.getByTestId('node-mem0')).toHaveCount(0);
    await expect(flowNode(page, 'disk0')).toBeFocused();
    // Still selected, under its new name, in the Inspector.
    await expect(page.getByTestId('edit-name')).toHaveValue('disk0');
    await page.getByTestId('dock-toggle').click();
    expect(await readBytes(page, REGION_BASE, 2)).toContain('ca fe');

    // Undo: the old name, with the bytes.
    await flowNode(page, 'disk0').focus();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('node-mem0')).toBeVisible();
    expect(await readBytes(page, REGION_BASE, 2)).toContain('ca fe');

    // Keyboard: Shift+F10 on a focused node, End to Delete, ↑ to Rename, Enter, type, Enter.
    await flowNode(page, 'hb1').focus();
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('canvas-menu-rename')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('rename-input')).toBeFocused();
    await page.keyboard.type('hostB');
    await shots(page, 'dialog');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('node-hostB')).toBeVisible();
    // Its ports and the window over it follow: rp2 sits below hostB, cfmw0 still 2-way.
    await expect(flowNode(page, 'rp2')).toHaveAttribute('aria-label', /port \d+ of hostB/);
    await expect(page.getByTestId('window-cfmw0')).toContainText('2-way');

    // The Inspector's Name field renames through the same action (at 1024 px the Inspector starts
    // collapsed: show it).
    if ((await page.getByTestId('side-inspector').getAttribute('data-collapsed')) === 'true')
      await page.getByTestId('side-inspector-toggle').click();
    await page.getByTestId('node-mem2').click();
    const name = page.getByTestId('edit-name');
    await name.fill('fast2');
    await name.press('Enter');
    await expect(page.getByTestId('node-fast2')).toBeVisible();
    await shots(page, 'inspector');
    expect(problems).toEqual([]);
  });
}
