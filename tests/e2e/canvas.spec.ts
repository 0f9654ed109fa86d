/**
 * The canvas as a person uses it: build a topology from the palette by dragging, connect it by
 * dragging between handles, see refused connections explained, undo and redo, edit in the
 * Inspector, copy/duplicate/delete, load every preset, export images. Screenshots go to
 * test-results/ (canvas-*.png) to be looked at.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled, waitSaved } from './lab';

const PRESET_FILES = [
  'default',
  'single',
  'hb1-x2',
  'switch-x4',
  'switch-2level',
  'x3',
  'x12',
  'xor-x4',
  'rch',
  'farm-32',
  'misprogrammed-alias',
  'scale-128',
];

function presetComponents(id: string): number {
  const file = JSON.parse(readFileSync(`src/presets/${id}.topology.json`, 'utf8')) as {
    components: unknown[];
  };
  return file.components.length;
}

/**
 * The links a preset draws, counted from its file: one above every component but a host bridge,
 * one per window target, and one from the root's bus to each host bridge no window targets.
 */
function presetLinks(id: string): number {
  const file = JSON.parse(readFileSync(`src/presets/${id}.topology.json`, 'utf8')) as {
    components: { id: string; kind: string }[];
    windows: { targets: string[] }[];
  };
  const targeted = new Set(file.windows.flatMap((w) => w.targets));
  const bridges = file.components.filter((c) => c.kind === 'host-bridge');
  return (
    file.components.length -
    bridges.length +
    file.windows.reduce((n, w) => n + w.targets.length, 0) +
    bridges.filter((b) => !targeted.has(b.id)).length
  );
}

/** Centre of an element in page coordinates. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element's centre to another's (React Flow connections). */
async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

/** A node's handle: `in`, `out`, `new`, `port:0`, `window:cfmw0`. */
function handle(page: Page, id: string, handleId: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle[data-handleid="${handleId}"]`);
}

async function dropFromPalette(
  page: Page,
  kind: string,
  target: Locator,
  position?: { x: number; y: number },
) {
  await page
    .getByTestId(`palette-${kind}`)
    .dragTo(target, position === undefined ? {} : { targetPosition: position });
}

async function emptyTheLab(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(1); // the CXL root stays
  await waitSaved(page);
}

async function openPreset(page: Page, name: RegExp): Promise<void> {
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
}

test('build a 2-host-bridge topology from the palette, connect it, undo and redo', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('dock-toggle').click(); // room for the canvas
  await emptyTheLab(page);
  const pane = page.locator('.react-flow__pane');
  const toast = page.getByTestId('notice').last(); // the newest toast

  // Two host bridges dropped on the canvas join the topology at once (they need no parent).
  await dropFromPalette(page, 'host-bridge', pane, { x: 260, y: 170 });
  await expect(node(page, 'hb0')).toBeVisible();
  await dropFromPalette(page, 'host-bridge', pane, { x: 560, y: 170 });
  await expect(node(page, 'hb1')).toBeVisible();
  await expect(node(page, 'hb1')).toContainText('UID 1');

  // Root ports dropped onto a host bridge attach there with the next free port number.
  for (const hb of ['hb0', 'hb0', 'hb1', 'hb1']) {
    await dropFromPalette(page, 'root-port', node(page, hb));
  }
  await expect(node(page, 'rp1')).toContainText('port 1');
  await expect(node(page, 'rp3')).toContainText('port 1');
  // 4 host bridge → root port links, and each host bridge on the root's bus (no window yet).
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);
  await page.getByTestId('canvas-fit').click();
  await viewportSettled(page); // the fit animates for 200 ms

  // Devices dropped on empty canvas are drafts until connected by dragging handle to handle.
  const paneBox = await pane.boundingBox();
  for (const rp of ['rp0', 'rp1', 'rp2', 'rp3']) {
    const box = await node(page, rp).boundingBox();
    if (box === null || paneBox === null) throw new Error('no layout');
    await dropFromPalette(page, 'type3', pane, {
      x: box.x - paneBox.x + box.width / 2,
      y: box.y - paneBox.y + box.height + 90,
    });
  }
  await expect(node(page, 'mem3')).toContainText('not connected');
  await page.screenshot({ path: 'test-results/canvas-build-drafts.png' });

  // A refused connection says why: a host bridge cannot take a device directly.
  await dragBetween(page, handle(page, 'hb0', 'new'), handle(page, 'mem0', 'in'));
  await expect(toast).toContainText('a Type 3 device must sit below a root port or downstream port');
  await page.screenshot({ path: 'test-results/canvas-refused.png' });
  await toast.getByRole('button', { name: 'Dismiss' }).click();

  for (const [rp, mem] of [
    ['rp0', 'mem0'],
    ['rp1', 'mem1'],
    ['rp2', 'mem2'],
    ['rp3', 'mem3'],
  ] as const) {
    await dragBetween(page, handle(page, rp, 'out'), handle(page, mem, 'in'));
    await expect(page.locator(`.react-flow__edge[data-id="${rp}->${mem}"]`)).toHaveCount(1);
  }
  await expect(node(page, 'mem3')).not.toContainText('not connected');

  // One device per port: a second child is refused, with the reason.
  const last = await node(page, 'mem3').boundingBox();
  if (last === null || paneBox === null) throw new Error('no layout');
  // Below mem3, on empty canvas: to its right may already be under the Inspector at 1440 px wide.
  await dropFromPalette(page, 'type3', pane, {
    x: last.x - paneBox.x + last.width / 2,
    y: Math.min(last.y - paneBox.y + last.height + 50, paneBox.height - 60),
  });
  await dragBetween(page, handle(page, 'rp0', 'out'), handle(page, 'mem4', 'in'));
  await expect(toast).toContainText('rp0 already has a child (mem0)');
  await page.keyboard.press('Control+z'); // takes the extra device away again
  await expect(node(page, 'mem4')).toHaveCount(0);

  // A window over hb0 (Inspector), then dragged from its handle to hb1: 2-way.
  await page.getByTestId('node-cxl-root').click();
  await page.getByTestId('add-window').click();
  await expect(page.getByTestId('window-cfmw0')).toContainText('1-way');
  await dragBetween(page, handle(page, 'cxl-root', 'window:cfmw0'), handle(page, 'hb1', 'in'));
  await expect(page.getByTestId('window-cfmw0')).toContainText('2-way @ 256 B');
  const hb1Link = page.locator('.react-flow__edge[data-id="window:cfmw0->hb1"]');
  await expect(hb1Link).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(10);
  await waitSaved(page);
  await page.getByTestId('canvas-layout').click(); // tidy: forget the drop positions
  await waitSaved(page);
  await page.screenshot({ path: 'test-results/canvas-built.png' });

  // Undo takes the layout back, then the window target; redo puts them back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('window-cfmw0')).toContainText('2-way');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('window-cfmw0')).toContainText('1-way');
  await expect(hb1Link).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('window-cfmw0')).toContainText('2-way');
  await expect(hb1Link).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('Inspector edits are validated by the core, inline', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await node(page, 'mem0').click();
  const volatile = page.getByTestId('edit-volatile');
  await volatile.fill('100M');
  await volatile.press('Enter');
  await expect(page.getByTestId('prop-error')).toContainText('not a multiple of 256 MiB');
  await page.screenshot({ path: 'test-results/canvas-inspector-error.png' });
  await volatile.fill('8G');
  await volatile.press('Enter');
  await expect(page.getByTestId('prop-error')).toHaveCount(0);
  await expect(node(page, 'mem0')).toContainText('8 GiB ram');

  await node(page, 'rp1').click();
  const port = page.getByTestId('edit-port');
  await port.fill('0');
  await port.press('Enter');
  await expect(page.getByTestId('prop-error')).toContainText('port number 0 is also used by rp0');
  expect(problems).toEqual([]);
});

test('help, selection, duplicate, copy/paste, delete and auto layout from the keyboard', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await openPreset(page, /Switch with 4 devices/);
  await expect(node(page, 'mem3')).toBeVisible();

  await page.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Duplicate the selected subtree');
  await page.screenshot({ path: 'test-results/canvas-help.png' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const before = await page.locator('.react-flow__node').count();
  await node(page, 'sw0').click();
  await page.keyboard.press('Control+d');
  // sw0 with its 4 downstream ports and 4 devices: 9 new (unconnected) nodes.
  await expect(page.locator('.react-flow__node')).toHaveCount(before + 9);
  await expect(node(page, 'sw1')).toContainText('not connected');
  await page.keyboard.press('f'); // zoom to fit: the duplicate sits to the right of the tree
  await page.screenshot({ path: 'test-results/canvas-duplicate.png' });

  // Multi-select with Ctrl+click, copy and paste.
  await node(page, 'mem0').click();
  await node(page, 'mem1').click({ modifiers: ['Control'] });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node')).toHaveCount(before + 11);
  await page.keyboard.press('f');

  // Delete the duplicate subtree; Backspace deletes too.
  await node(page, 'sw1').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(before + 2);
  await node(page, 'mem8').click();
  await page.keyboard.press('Backspace');
  await expect(page.locator('.react-flow__node')).toHaveCount(before + 1);

  // A link deleted disconnects what is below it; undo connects it again. The link is clicked in
  // the middle of its stroke: at this fit zoom the short link lies inside the handles' 24 px pointer
  // targets, whose notch along the link lets the click through (build.css).
  const link = page.locator('.react-flow__edge[data-id="dsp0.3->mem3"]');
  const middle = await link
    .locator('path.lab-link')
    .first()
    .evaluate((el) => {
      const path = el as SVGPathElement;
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      const at = new DOMPoint(mid.x, mid.y).matrixTransform(path.getScreenCTM() ?? new DOMMatrix());
      return { x: at.x, y: at.y };
    });
  await page.mouse.click(middle.x, middle.y);
  await expect(link).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(node(page, 'mem3')).toContainText('not connected');
  await page.keyboard.press('Control+z');
  await expect(node(page, 'mem3')).not.toContainText('not connected');

  // Drag a node: its position is kept (and saved); auto layout puts it back in the tree.
  const x0 = (await node(page, 'mem2').boundingBox())?.x ?? 0;
  await dragBetween(page, node(page, 'mem2').locator('.lab-node__id'), page.getByTestId('canvas-legend'));
  await waitSaved(page);
  const x1 = (await node(page, 'mem2').boundingBox())?.x ?? 0;
  expect(Math.abs(x1 - x0)).toBeGreaterThan(50);
  await page.keyboard.press('l');
  await waitSaved(page);
  await expect
    .poll(async () => Math.round((await node(page, 'mem2').boundingBox())?.x ?? 0))
    .not.toBe(Math.round(x1));
  expect(problems).toEqual([]);
});

test('every preset loads with committed decoders and region colours', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await openLab(page);
  const menuNames = await (async () => {
    await page.getByTestId('menu-presets').click();
    await page.screenshot({ path: 'test-results/canvas-presets-menu.png' });
    const names = await page.getByRole('menuitemradio').allTextContents();
    await page.keyboard.press('Escape');
    return names;
  })();
  // The single-host presets, then the four multi-host ones ("memory pooling", cxl-lab/2: their
  // drawing is tested with the multi-host canvas).
  expect(menuNames).toHaveLength(PRESET_FILES.length + 4);
  expect(menuNames.slice(PRESET_FILES.length).every((n) => n.startsWith('Pool:'))).toBe(true);
  for (const [i, id] of PRESET_FILES.entries()) {
    await page.getByTestId('menu-presets').click();
    await page.getByRole('menuitemradio').nth(i).click();
    await waitSaved(page);
    await expect(page.locator('.react-flow__node')).toHaveCount(presetComponents(id) + 1, {
      timeout: 15_000,
    });
    // Decoders arrive committed: no grey paths from root to devices, every device lit.
    await expect(page.locator('.lab-node.in-region').first()).toBeVisible();
    await expect(page.getByTestId('canvas-legend')).toContainText('region0');
    if (['default', 'farm-32', 'misprogrammed-alias', 'scale-128', 'xor-x4'].includes(id)) {
      await page.screenshot({ path: `test-results/canvas-preset-${id}.png` });
    }
  }
  // The misprogrammed one is flagged in the legend.
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Misprogrammed/ }).click();
  await waitSaved(page);
  await expect(page.getByTestId('legend-region0')).toContainText('⚠');
  // Its notes keep the answer back until asked (issue 15).
  await expect(page.getByTestId('inspector-notes')).toContainText('Check tab');
  await expect(page.getByTestId('inspector-notes')).not.toContainText('granularity');
  await page.getByTestId('notes-show-answer').click();
  await expect(page.getByTestId('inspector-notes')).toContainText('granularity');
  await page.screenshot({ path: 'test-results/canvas-misprogrammed-notes.png' });
  // Zoomed in on the farm, the region colours read at card level.
  await openPreset(page, /Test farm/);
  await node(page, 'hb0').click();
  await page.keyboard.press('Escape');
  await page.evaluate(() => undefined);
  const flow = page.locator('.react-flow__pane');
  await flow.hover();
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240);
  await page.screenshot({ path: 'test-results/canvas-farm-zoomed.png' });
  expect(problems).toEqual([]);
});

test('exports the canvas as SVG and PNG', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('canvas-export').click();
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /SVG/ }).click();
  const svg = await svgDownload;
  await svg.saveAs('test-results/canvas-export.svg');
  const text = readFileSync('test-results/canvas-export.svg', 'utf8');
  expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const label of ['CXL root', 'cfmw0', 'hb1', 'rp3', 'mem2', 'endpoint']) expect(text).toContain(label);

  await page.getByTestId('canvas-export').click();
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /PNG/ }).click();
  const png = await pngDownload;
  await png.saveAs('test-results/canvas-export.png');
  const bytes = readFileSync('test-results/canvas-export.png');
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(10_000);
  expect(problems).toEqual([]);
});

test('links survive undo and redo pressed faster than the worker answers', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await openPreset(page, /Two switch levels/);
  const edges = page.locator('.react-flow__edge');
  const links = presetLinks('switch-2level');
  await expect(edges).toHaveCount(links);
  // One undoable step (auto layout forgets nothing here, so delete everything instead), then
  // twenty undo/redo presses without waiting for any answer, ending on undo.
  await page.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+Shift+z');
  }
  await page.keyboard.press('Control+z');
  await waitSaved(page);
  // Every link of the restored topology is drawn, not just present in the data.
  await expect(edges).toHaveCount(links);
  expect(problems).toEqual([]);
});
