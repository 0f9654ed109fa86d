/**
 * The building tools around the canvas: the right-click menu (mouse, Shift+F10, the context-menu
 * key; arrows, Enter, Esc), keyboard connect with nothing to connect to, handles' 24 px hit areas,
 * the Inspector's Add window reason, and renaming the lab from the header (Enter saves, Esc
 * cancels, the name survives a reload). Screenshots: test-results/build-*.png.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled, waitSaved } from './lab';

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

function flowNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** A point on the bare canvas with no node within a device card's size around it. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    if (pane === undefined) throw new Error('no pane');
    const nodes = Array.from(document.querySelectorAll('.react-flow__node, .react-flow__panel')).map((n) =>
      n.getBoundingClientRect(),
    );
    for (let y = pane.top + 80; y < pane.bottom - 80; y += 10) {
      for (let x = pane.left + 140; x < pane.right - 140; x += 10) {
        const clear = nodes.every(
          (r) => x + 130 < r.left || x - 130 > r.right || y + 80 < r.top || y - 80 > r.bottom,
        );
        if (clear && document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    throw new Error('no empty spot');
  });
}

async function shots(page: Page, name: string, size: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/build-${name}-${size}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  const name = `${size.width}x${size.height}`;

  test(`right-click menu by mouse and keyboard at ${name}`, async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    await page.getByTestId('dock-toggle').click();
    await page.keyboard.press('f');
    await viewportSettled(page);

    // Mouse: right-click a device; its actions, the first focused; Esc closes and gives focus back.
    await node(page, 'mem0').click({ button: 'right', position: { x: 30, y: 16 } });
    const menu = page.getByTestId('canvas-menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Connect to…',
      /^Disconnect from rp/,
      'Open HDM decoders',
      'Zoom to mem0',
      'Rename mem0…',
      'Delete mem0',
    ]);
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await shots(page, 'menu', name);
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(flowNode(page, 'mem0')).toBeFocused();

    // Keyboard: Shift+F10 on the focused node, arrows to "Open HDM decoders", Enter.
    await flowNode(page, 'mem1').focus();
    await page.keyboard.press('Shift+F10');
    await expect(menu).toHaveAttribute('aria-label', 'Actions for mem1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('canvas-menu-decoders')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveCount(0);
    await expect(page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('inspector')).toContainText('mem1');

    // The context-menu key opens it too; "Connect to…" says why nothing can take mem1 (every port
    // has its device), in the dialog, not only in a tooltip.
    await flowNode(page, 'mem1').focus();
    await page.keyboard.press('ContextMenu');
    await expect(menu).toHaveAttribute('aria-label', 'Actions for mem1');
    await page.keyboard.press('Enter'); // the first item: Connect to…
    await expect(page.getByTestId('connect-none')).toHaveText(
      /^Nothing can take mem1 now: rp\S+ already has a child \(mem\d\): one device or switch per port\.$/,
    );
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('connect-dialog')).toHaveCount(0);

    // The background: add a device where the pointer is (an empty spot with room for a card).
    await page.getByTestId('dock-toggle').click(); // Open HDM decoders opened the dock
    for (let i = 0; i < 2; i++) await page.locator('.react-flow__controls-zoomout').click();
    await viewportSettled(page);
    const at = await emptySpot(page);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await expect(menu).toHaveAttribute('aria-label', 'Canvas');
    await page.getByTestId('canvas-menu-add-type3').click();
    await expect(node(page, 'mem4')).toContainText('not connected');
    const added = await node(page, 'mem4').boundingBox();
    if (added === null) throw new Error('no mem4');
    expect(Math.abs(added.x + added.width / 2 - at.x)).toBeLessThan(3);
    expect(Math.abs(added.y + added.height / 2 - at.y)).toBeLessThan(3);
    await waitSaved(page);
    expect(problems).toEqual([]);
  });
}

test('handles: a pointer target of at least 24 × 24 CSS px around each small dot', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByTestId('dock-toggle').click();
  await page.keyboard.press('f');
  await viewportSettled(page);
  const zoom = await page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  expect(zoom).toBeGreaterThanOrEqual(0.6); // the hit area keeps 24 px on screen down to 0.6
  for (const [id, handle, side] of [
    ['mem0', 'in', 'top'],
    ['hb0', 'port:0', 'bottom'],
    ['cxl-root', 'window:cfmw0', 'bottom'],
  ] as const) {
    const el = page.locator(
      `.react-flow__node[data-id="${id}"] .react-flow__handle[data-handleid="${handle}"]`,
    );
    const box = await el.boundingBox();
    if (box === null) throw new Error(`no handle ${id} ${handle}`);
    expect(Math.min(box.width, box.height)).toBeLessThan(20); // the dot itself stays small
    const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // The target reaches 8 canvas px into the card and the rest outward (up for a top handle, down
    // for a bottom one): the corners of a 23 px square there are all still the handle.
    const inner = 8 * zoom;
    const [top, bottom] =
      side === 'bottom' ? [c.y - inner + 0.5, c.y - inner + 23.5] : [c.y + inner - 23.5, c.y + inner - 0.5];
    for (const [x, y] of [
      [c.x - 11.5, top],
      [c.x + 11.5, top],
      [c.x - 11.5, bottom],
      [c.x + 11.5, bottom],
    ] as const) {
      const hit = await page.evaluate(
        (p) =>
          document.elementFromPoint(p.x, p.y)?.closest<HTMLElement>('.react-flow__handle')?.dataset
            .handleid ?? null,
        { x, y },
      );
      expect(hit, `${id} ${handle} at ${x - c.x},${y - c.y}`).toBe(handle);
    }
  }
});

test('the Inspector says why Add window is disabled, visibly, with the button that fixes it', async ({
  page,
}) => {
  await openLab(page);
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /New lab/ }).click();
  await page.getByTestId('new-lab-blank').click();
  await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
  await page.getByTestId('node-cxl-root').click();
  await expect(page.getByTestId('add-window')).toBeDisabled();
  const reason = page.getByTestId('add-window-reason');
  await expect(reason).toBeVisible();
  await expect(reason).toContainText('Add a host bridge first: a window routes to at least one host bridge');
  await expect(page.getByTestId('add-window')).toHaveAttribute('aria-describedby', 'add-window-reason');
  await page.getByTestId('add-window-host-bridge').click();
  await expect(node(page, 'hb0')).toBeVisible();
  await expect(page.getByTestId('add-window')).toBeEnabled();
  await expect(reason).toHaveCount(0);
});

test('rename the lab from the header: Enter saves, Esc cancels, the name survives a reload', async ({
  page,
}) => {
  await openLab(page);
  const title = page.getByTestId('lab-name');
  await title.click();
  const input = page.getByTestId('lab-name-input');
  await expect(input).toBeFocused();
  await input.fill('Interleave demo');
  await input.press('Enter');
  await expect(title).toHaveText('Interleave demo');
  await expect(title).toBeFocused();
  await waitSaved(page);

  await title.press('Enter'); // a button: Enter starts editing too
  await input.fill('Something else');
  await input.press('Escape');
  await expect(title).toHaveText('Interleave demo');
  await expect(title).toBeFocused();
  await page.screenshot({ path: 'test-results/build-renamed-1440x900-light.png' });

  await page.reload();
  await expect(page.getByTestId('lab-name')).toHaveText('Interleave demo');
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Labs/ }).click();
  await expect(page.getByTestId('labs-list')).toContainText('Interleave demo');
});
