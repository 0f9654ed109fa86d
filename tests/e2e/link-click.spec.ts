/**
 * A click on a short link at fit zoom selects the link (issue 15's 24 px handle targets once took
 * it): the default preset's root port → device links, clicked in the middle of their visible stroke
 * at 1024×700 (zoom ≈ 0.65, where the device's top-handle target reaches over the whole link) and
 * 1440×900. The handle dots themselves still start a connection (tests/e2e/build-tools.spec.ts checks
 * their 24 px targets).
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled } from './lab';

/** The middle of a link's visible stroke, in page px. */
async function linkMiddle(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page
    .locator(`.react-flow__edge[data-id="${id}"] path.lab-link`)
    .first()
    .evaluate((el) => {
      const path = el as SVGPathElement;
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      const at = new DOMPoint(mid.x, mid.y).matrixTransform(path.getScreenCTM() ?? new DOMMatrix());
      return { x: at.x, y: at.y };
    });
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const) {
  test(`a click in the middle of a short link at fit zoom selects it: ${size.width}×${size.height}`, async ({
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
    for (const [parent, child] of [
      ['rp0', 'mem0'],
      ['rp3', 'mem3'],
    ] as const) {
      const id = `${parent}->${child}`;
      const edge = page.locator(`.react-flow__edge[data-id="${id}"]`);
      const at = await linkMiddle(page, id);
      await page.mouse.click(at.x, at.y);
      await expect(edge, `${id} clicked at ${Math.round(at.x)},${Math.round(at.y)}`).toHaveClass(/selected/);
      // Selecting the link selects no node.
      await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
    }
    await page.screenshot({ path: `test-results/link-click-${size.width}x${size.height}.png` });
    expect(problems).toEqual([]);
  });
}
