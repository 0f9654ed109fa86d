/**
 * Issue 15, large labs: zoom to the decode path, find a component by name, and level-of-detail cards
 * whose visible text is never below 11 px on screen (computed font size × the canvas's scale), at
 * 1024×700 and 1440×900. Screenshots (light and dark) go to test-results/zoom-*.png to be looked at.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openConsole, openLab, viewportSettled, waitSaved } from './lab';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

type TextReport = { scale: number; lod: string; shown: number; small: string[] };

/**
 * Every text node drawn inside the canvas's cards that is visible (CSS visibility, display, opacity)
 * and on screen within the canvas: its computed font size times the viewport's scale. Lists those
 * below 11 px.
 */
async function canvasText(page: Page): Promise<TextReport> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const scale = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const pane = (document.querySelector('.react-flow') as HTMLElement).getBoundingClientRect();
    const root = document.querySelector('.react-flow__nodes') as HTMLElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const small: string[] = [];
    let shown = 0;
    for (let t = walker.nextNode(); t !== null; t = walker.nextNode()) {
      const el = t.parentElement;
      if (el === null || (t.textContent ?? '').trim() === '') continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const r = el.getBoundingClientRect();
      const outside =
        r.right < pane.left || r.left > pane.right || r.bottom < pane.top || r.top > pane.bottom;
      if (r.width === 0 || r.height === 0 || outside) continue;
      shown++;
      const px = Number.parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < 11) small.push(`${(t.textContent ?? '').trim()} ${px.toFixed(2)}px`);
    }
    const lod = (document.querySelector('[data-testid="canvas"]') as HTMLElement).dataset.lod ?? '';
    return { scale, lod, shown, small: small.slice(0, 12) };
  });
}

/** The canvas's rectangle on the page. */
async function paneBox(page: Page) {
  const box = await page.locator('.react-flow').boundingBox();
  if (box === null) throw new Error('no canvas');
  return box;
}

/** Each node's box lies inside the canvas (1 px of rounding allowed). */
async function expectInside(page: Page, ids: readonly string[]) {
  const pane = await paneBox(page);
  const boxes = [];
  for (const id of ids) {
    const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
    expect(box, id).not.toBeNull();
    if (box === null) continue;
    expect(box.x, `${id} left`).toBeGreaterThanOrEqual(pane.x - 1);
    expect(box.y, `${id} top`).toBeGreaterThanOrEqual(pane.y - 1);
    expect(box.x + box.width, `${id} right`).toBeLessThanOrEqual(pane.x + pane.width + 1);
    expect(box.y + box.height, `${id} bottom`).toBeLessThanOrEqual(pane.y + pane.height + 1);
    boxes.push(box);
  }
  return { pane, boxes };
}

/**
 * "Fill the view": the framed boxes span at least 90 % of the room the fit padding leaves (FIT_VIEW_OPTIONS:
 * 72 px top, 84 px bottom, 56 px each side) in width or in height, or the zoom is at its framing
 * maximum (FRAME_MAX_ZOOM = 1.5).
 */
async function expectFilled(page: Page, framed: Awaited<ReturnType<typeof expectInside>>) {
  const { pane, boxes } = framed;
  const left = Math.min(...boxes.map((b) => b.x));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const top = Math.min(...boxes.map((b) => b.y));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const fill = Math.max((right - left) / (pane.width - 112), (bottom - top) / (pane.height - 156));
  const { scale } = await canvasText(page);
  if (scale < 1.499) expect(fill).toBeGreaterThan(0.9);
}

async function openPreset(page: Page, name: RegExp, lastNode: string): Promise<void> {
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name }).click();
  await waitSaved(page);
  await page.getByTestId(`node-${lastNode}`).waitFor({ state: 'attached', timeout: 30_000 });
  await page.getByTestId('canvas-fit').click();
  await viewportSettled(page);
}

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;

  test(`zoom to path frames every hop and the text is ≥ 11 px: ${tag}`, async ({ page }) => {
    test.setTimeout(60_000);
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    // Before any access there is no path to zoom to.
    await expect(page.getByTestId('canvas-zoom-path')).toBeDisabled();
    // Default preset: cfmw0 is 2-way at 4 KiB granularity over hb0, hb1; each host bridge decodes
    // 2-way at 8 KiB over its root ports. HPA 0x4c00003000 is window offset 0x3000 = 12288:
    // window way = (12288 / 4096) mod 2 = 3 mod 2 = 1 → hb1; hb1 target = (12288 / 8192) mod 2 =
    // 1 → port 1 = rp3 → mem3.
    const hops = ['cxl-root', 'hb1', 'rp3', 'mem3'];
    await openConsole(page);
    await page.getByTestId('console-hpa').fill('0x4c00003000');
    await page.getByTestId('console-read-length').fill('4');
    await page.getByTestId('console-read').click();
    await expect(page.getByTestId('decode-bar')).toBeVisible();
    await page.getByTestId('canvas-fit').click();
    await viewportSettled(page);
    await page.getByTestId('canvas-zoom-path').click();
    await viewportSettled(page);
    await expectFilled(page, await expectInside(page, hops));
    const framed = await canvasText(page);
    expect(framed.shown).toBeGreaterThan(0);
    expect(framed.small).toEqual([]);
    await page.screenshot({ path: `test-results/zoom-path-${tag}.png` });

    // The same from the decode bar, and with the P key, after fitting again.
    for (const how of ['bar', 'key'] as const) {
      await page.getByTestId('canvas-fit').click();
      await viewportSettled(page);
      if (how === 'bar') await page.getByTestId('decode-zoom-path').click();
      else await page.keyboard.press('p');
      await viewportSettled(page);
      await expectInside(page, hops);
      expect((await canvasText(page)).small).toEqual([]);
    }

    // The 32-device farm: cfmw0 is 4-way at 256 B over hb0…hb3; HPA 0x4c00000000 is offset 0, so
    // every level picks target 0: hb0 → rp0.0 (hb0 decoder 0, port 0) → sw0 → dsp0.0 (sw0 decoder 0,
    // port 0) → mem0. Its CXL root is centred over all four host bridges, far right of hb0: framing
    // it too would leave the cards unreadable, so the path below it is framed.
    await openPreset(page, /Test farm: 32 devices/, 'mem31');
    const farFit = await canvasText(page);
    await openConsole(page);
    await page.getByTestId('console-hpa').fill('0x4c00000000');
    await page.getByTestId('console-read').click();
    await expect(page.getByTestId('decode-bar')).toBeVisible();
    // At 1024×700 the open dock leaves the canvas about 315 px tall: six hops (about 700 canvas px
    // from hb0 to mem0) would fit only as glyphs, so the dock is collapsed first, as on a projector.
    if (size.width === 1024) await page.getByTestId('dock-toggle').click();
    await page.getByTestId('canvas-zoom-path').click();
    await viewportSettled(page);
    await expectFilled(page, await expectInside(page, ['hb0', 'rp0.0', 'sw0', 'dsp0.0', 'mem0']));
    const farm = await canvasText(page);
    expect(farm.scale).toBeGreaterThan(farFit.scale * 2);
    expect(farm.shown).toBeGreaterThan(0);
    expect(farm.small).toEqual([]);
    await page.screenshot({ path: `test-results/zoom-path-farm-${tag}.png` });
    expect(problems).toEqual([]);
  });

  test(`find "mem3" by keyboard selects and frames it: ${tag}`, async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    await page.keyboard.press('Control+f');
    const input = page.getByTestId('canvas-search-input');
    await expect(input).toBeFocused();
    await input.fill('mem');
    // mem0…mem3 match by their ids (prefix), in canvas order; the arrows walk down to mem3.
    await expect(page.getByTestId('canvas-search').getByRole('option')).toHaveText([
      /^mem0/,
      /^mem1/,
      /^mem2/,
      /^mem3/,
    ]);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('canvas-search').getByRole('option', { selected: true })).toHaveText(
      /^mem3/,
    );
    await page.screenshot({ path: `test-results/zoom-find-${tag}.png` });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('canvas-search')).toHaveCount(0);
    await expect(page.getByTestId('node-mem3')).toHaveClass(/is-selected/);
    await viewportSettled(page);
    await expectInside(page, ['mem3']);
    const box = await page.getByTestId('node-mem3').boundingBox();
    const pane = await paneBox(page);
    // Framed: the card is drawn larger than at 100 % (its layout width is 188 px).
    expect(box?.width ?? 0).toBeGreaterThan(188);
    expect(box?.width ?? 0).toBeLessThanOrEqual(pane.width);
    expect((await canvasText(page)).small).toEqual([]);
    // Keyboard focus moved to the found card.
    await expect(page.locator('.react-flow__node[data-id="mem3"]')).toBeFocused();

    // "/" opens it too; a Linux name finds its component (mem3's endpoint is an endpointN port);
    // Escape closes it and gives focus back to the Find button.
    await page.keyboard.press('/');
    await expect(input).toBeFocused();
    await input.fill('decoder0.0');
    await expect(page.getByTestId('canvas-search').getByRole('option').first()).toContainText('CXL root');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('canvas-search')).toHaveCount(0);
    await expect(page.getByTestId('canvas-find')).toBeFocused();
    expect(problems).toEqual([]);
  });

  for (const preset of [
    { name: /Test farm: 32 devices/, last: 'mem31', id: 'farm-32' },
    { name: /Scale: 128 devices/, last: 'mem127', id: 'scale-128' },
  ]) {
    test(`${preset.id} at fit zoom shows no text below 11 px: ${tag}`, async ({ page }) => {
      test.setTimeout(90_000);
      const problems = watchConsole(page);
      await page.setViewportSize(size);
      await openLab(page);
      await openPreset(page, preset.name, preset.last);
      const fit = await canvasText(page);
      expect(fit.small).toEqual([]);
      // Hovering a card at low detail names it beside the card, at the page's own 12 px.
      const card = page.getByTestId(`node-${preset.last}`);
      await card.hover({ force: true });
      const peek = page.getByTestId('lod-peek');
      await expect(peek).toContainText(preset.last);
      const peekPx = await peek.evaluate((el) =>
        Number.parseFloat(getComputedStyle(el.lastElementChild as Element).fontSize),
      );
      expect(peekPx).toBeGreaterThanOrEqual(11);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `test-results/zoom-${preset.id}-${tag}-${scheme}.png` });
      }
      // Zooming in step by step (through every level) never shows text below 11 px.
      await page.mouse.move((await paneBox(page)).x + 300, (await paneBox(page)).y + 300);
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, -200);
        await viewportSettled(page);
        const now = await canvasText(page);
        expect(now.small, `scale ${now.scale.toFixed(3)} lod ${now.lod}`).toEqual([]);
      }
      expect(problems).toEqual([]);
    });
  }
}

test('the new controls have names and pass axe, light and dark', async ({ page }) => {
  test.setTimeout(60_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openLab(page);
    await openConsole(page);
    await page.getByTestId('console-hpa').fill('0x4c00003000');
    await page.getByTestId('console-read').click();
    await expect(page.getByTestId('decode-bar')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Zoom to decode path' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Zoom to the decode path' })).toBeVisible();
    await page.getByTestId('canvas-find').click();
    await page.getByRole('combobox', { name: 'Find a component by name' }).fill('hb');
    await expect(page.getByRole('listbox', { name: 'Matching components' })).toBeVisible();
    await page.screenshot({ path: `test-results/zoom-find-open-${scheme}.png` });
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    expect(bad).toEqual([]);
    await page.keyboard.press('Escape');
    // Visible focus on the toolbar's zoom buttons.
    await page.getByTestId('canvas-zoom-selection').focus();
    await page.getByTestId('canvas-zoom-path').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page
      .getByTestId('canvas-zoom-path')
      .evaluate((el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`);
    expect(outline).toMatch(/^solid [1-9]/);
  }
});

test('an image exported at low detail still has full cards', async ({ page }) => {
  test.setTimeout(60_000);
  await openLab(page);
  await openPreset(page, /Test farm: 32 devices/, 'mem31');
  // Fitted, the farm's cards are glyphs with no text…
  expect((await canvasText(page)).lod).toBe('glyph');
  await page.getByTestId('canvas-export').click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /SVG/ }).click();
  await (await download).saveAs('test-results/zoom-export-farm.svg');
  const svg = readFileSync('test-results/zoom-export-farm.svg', 'utf8');
  // …but the drawing has every card's text: names, Linux names, capacities, window facts.
  for (const label of ['CXL root', 'cfmw4', 'hb3', 'sw7', 'dsp7.3', 'mem31', 'endpoint', ' pmem']) {
    expect(svg).toContain(label);
  }
  // And the canvas is back at its own level of detail.
  expect((await canvasText(page)).lod).toBe('glyph');
});
