/**
 * A click on a link's visible line at fit zoom selects the link: every link of the default preset,
 * at 1024×700 (zoom ≈ 0.65, where the handles' targets grow to 24 / zoom canvas px) and 1440×900.
 * Issue 15's 24 px handle targets once took short root port → device links whole, and a "+"
 * handle's target took the middle of the sibling host bridge → root port link (hb0 → rp1) at
 * 1024×700: targets now stop before any link's stroke (src/canvas/link-clearance.ts). Each link is
 * clicked in its middle (and selected), and every point along it, 3 px apart, is checked to be the
 * link's, except the 8 canvas px at each end next to a handle's dot (the dot starts a connection; the
 * notch begins 7 px from its centre). The handle dots themselves still start a connection
 * (tests/e2e/build-tools.spec.ts checks their targets).
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled } from './lab';

/** A link's source handle: links from one handle (a window's two host bridges) share their first run. */
function sourceOf(id: string): string {
  return id.slice(0, id.lastIndexOf('->'));
}

/** Points along a link's visible stroke, in page px: its middle, and every 3 px clear of the ends. */
async function linkPoints(page: Page, id: string) {
  return page
    .locator(`.react-flow__edge[data-id="${id}"] path.lab-link`)
    .first()
    .evaluate((el) => {
      const path = el as SVGPathElement;
      const ctm = path.getScreenCTM() ?? new DOMMatrix();
      const screen = (at: number) => {
        const p = path.getPointAtLength(at);
        const s = new DOMPoint(p.x, p.y).matrixTransform(ctm);
        return { x: s.x, y: s.y, at };
      };
      const length = path.getTotalLength();
      const step = 3 / ctm.a; // 3 screen px, in the path's canvas px
      const along = [];
      for (let at = 8; at <= length - 8; at += step) along.push(screen(at));
      return { middle: screen(length / 2), along, length };
    });
}

/** Every point along link `id` is the link's, and a click in its middle selects it (and no node). */
async function expectLinkClickable(page: Page, id: string): Promise<void> {
  // The targets are measured two frames after the lines change (use-link-clearance.ts): retried.
  let middle = { x: 0, y: 0 };
  await expect(async () => {
    const points = await linkPoints(page, id);
    const along = points.along;
    middle = points.middle;
    expect(along.length, `${id} has points to check`).toBeGreaterThan(3);
    // Every point along the line is this link's (or, on a shared first run, a sibling's from the same handle).
    const owners = await page.evaluate(
      (list) =>
        list.map((p) => {
          const el = document.elementFromPoint(p.x, p.y);
          return (
            el?.closest('.react-flow__edge')?.getAttribute('data-id') ?? el?.className.toString() ?? 'nothing'
          );
        }),
      along,
    );
    const wrong = along
      .map((p, i) => ({ at: Math.round(p.at), owner: owners[i] ?? '' }))
      .filter(({ owner }) => owner !== id && sourceOf(owner) !== sourceOf(id));
    expect(wrong, `${id}: points (canvas px along it) that are not the link's`).toEqual([]);
  }).toPass({ timeout: 5_000 });
  // A click in the middle selects the link and no node.
  await page.mouse.click(middle.x, middle.y);
  await expect(
    page.locator(`.react-flow__edge[data-id="${id}"]`),
    `${id} clicked at ${Math.round(middle.x)},${Math.round(middle.y)}`,
  ).toHaveClass(/selected/);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const) {
  test(`a click anywhere along every link at fit zoom selects it: ${size.width}×${size.height}`, async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    await page.keyboard.press('f');
    await viewportSettled(page);
    const zoom = await page
      .locator('.react-flow__viewport')
      .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    // At 1024×700 the handle targets grow to 24 / zoom canvas px: longer than half of a 47 px link.
    if (size.width === 1024) expect(zoom).toBeLessThan(0.8);
    const ids = await page
      .locator('.react-flow__edge')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    // The default preset: the window's two links, four host bridge → root port, four root port → device.
    expect(ids.sort()).toEqual(
      [
        'hb0->rp0',
        'hb0->rp1',
        'hb1->rp2',
        'hb1->rp3',
        'rp0->mem0',
        'rp1->mem1',
        'rp2->mem2',
        'rp3->mem3',
        'window:cfmw0->hb0',
        'window:cfmw0->hb1',
      ].sort(),
    );
    for (const id of ids) await expectLinkClickable(page, id);
    // After a node moves (rp3 dragged 60 px right and 20 px down), the targets follow the new lines.
    const rp3 = await page.locator('.react-flow__node[data-id="rp3"]').boundingBox();
    if (rp3 === null) throw new Error('no rp3');
    await page.mouse.move(rp3.x + rp3.width / 2, rp3.y + rp3.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(rp3.x + rp3.width / 2 + 6 * i, rp3.y + rp3.height / 2 + 2 * i);
    await page.mouse.up();
    await expect
      .poll(async () =>
        Math.round((await page.locator('.react-flow__node[data-id="rp3"]').boundingBox())?.x ?? 0),
      )
      .toBeGreaterThan(Math.round(rp3.x) + 40);
    for (const id of ['hb1->rp3', 'rp3->mem3', 'hb1->rp2']) await expectLinkClickable(page, id);
    await page.screenshot({ path: `test-results/link-click-${size.width}x${size.height}.png` });
    expect(problems).toEqual([]);
  });
}
