/**
 * Issue 18 at scale: the 16-host × 256-LD lab (bench/topologies.ts `scaleFabric`) fits the canvas at
 * 1024×700, and panning it at close zoom (React Flow then mounts only on-screen nodes) mounts every
 * vPPB inside its VCS band (screenshots in test-results/multi-host-scale-*.png).
 */
import { expect, type Page, test } from '@playwright/test';
import { openScaleFabric } from '../../bench/canvas-fabric';
import { viewportScale } from '../../bench/canvas-pan';
import { openLab, viewportSettled } from './lab';

type Rect = { x: number; y: number; width: number; height: number };

/** Every mounted vPPB whose box is not inside its (mounted) VCS band's box. */
async function strayVppbs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const rectOf = (el: Element): Rect => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>('.react-flow__node[data-id*=".vppb"]'),
    )) {
      const id = el.dataset.id ?? '';
      const bandId = id.replace(/\.vppb\d+$/, '');
      const band = document.querySelector(`.react-flow__node[data-id="${bandId}"]`);
      if (band === null) continue;
      const a = rectOf(el);
      const b = rectOf(band);
      const inside =
        a.x >= b.x - 1 &&
        a.y >= b.y - 1 &&
        a.x + a.width <= b.x + b.width + 1 &&
        a.y + a.height <= b.y + b.height + 1;
      if (!inside)
        out.push(
          `${id} at ${Math.round(a.x)},${Math.round(a.y)} outside ${bandId} at ${Math.round(b.x)},${Math.round(b.y)}`,
        );
    }
    return out;
  });
}

test('the scale lab fits at 1024×700, and panning it close up mounts each vPPB in its band', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openLab(page);
  await openScaleFabric(page);
  await page.keyboard.press('f');
  await viewportSettled(page);
  await page.screenshot({ path: 'test-results/multi-host-scale-fit.png' });
  // The whole drawing fits above the minimum zoom (0.02), at 0.05 or closer.
  expect(await viewportScale(page)).toBeGreaterThanOrEqual(0.05);
  // Close up (about 100 %, where React Flow mounts only the nodes on screen) on the first switch's
  // left end, then pan along its VCS bands so vPPBs mount as they scroll in.
  const sw = await page.locator('.react-flow__node[data-id="fabric::sw0"]').boundingBox();
  if (sw === null) throw new Error('no switch sw0');
  await page.mouse.move(sw.x + sw.width * 0.1, sw.y + sw.height / 2);
  for (let i = 0; i < 60 && (await viewportScale(page)) < 0.9; i++) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
  expect(await viewportScale(page)).toBeGreaterThanOrEqual(0.5);
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no canvas');
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  const seen: string[] = [];
  let mounted = 0;
  for (let step = 0; step < 8; step++) {
    await page.mouse.move(cx + 150, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 150, cy, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    if (step % 3 === 0) await page.screenshot({ path: `test-results/multi-host-scale-pan-${step}.png` });
    seen.push(...(await strayVppbs(page)));
    mounted += await page.locator('.react-flow__node[data-id*=".vppb"]').count();
  }
  // The pan did pass vPPBs (else the check above proves nothing).
  expect(mounted).toBeGreaterThan(0);
  expect(seen).toEqual([]);
});
