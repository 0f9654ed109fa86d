/**
 * Issue 15: axe-core finds no serious or critical violation on any panel (each dock tab, each dialog and
 * menu, the inspector), in the light and the dark theme; keyboard reach of the canvas.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openConsole, openLab, REGION_BASE } from './lab';
import { STOPS, tour, tourPart } from './panel-tour';

// WCAG 2.0/2.1/2.2 A and AA rules plus axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// The tour runs in three parts per theme (one test each): axe over the whole tour took up to 7 min.
// The parts open their own page, so the two workers may share them out.
const PARTS = 3;
test.describe.configure({ mode: 'parallel' });

test('the tour parts cover every stop once', () => {
  const names = Array.from({ length: PARTS }, (_, k) => tourPart(k, PARTS).map((s) => s.name)).flat();
  expect(names).toEqual(STOPS.map((s) => s.name));
});

for (const scheme of ['light', 'dark'] as const) {
  for (let part = 0; part < PARTS; part++) {
    test(`axe: no serious or critical violation on any panel: ${scheme}, part ${part + 1} of ${PARTS}`, async ({
      page,
    }) => {
      test.setTimeout(300_000); // the last part holds three lesson stops (each opens a lesson link)
      await page.emulateMedia({ colorScheme: scheme });
      const found: string[] = [];
      const stops = tourPart(part, PARTS);
      let visited = 0;
      await tour(
        page,
        async (stop) => {
          visited++;
          const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
          for (const v of result.violations) {
            if (v.impact !== 'serious' && v.impact !== 'critical') continue;
            const targets = v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ');
            found.push(`${stop}: ${v.id} (${v.impact}, ${v.nodes.length} nodes) ${targets}`);
          }
        },
        stops,
      );
      expect(stops.length).toBeGreaterThan(4);
      expect(visited).toBe(stops.length);
      expect(found).toEqual([]);
    });
  }
}

test('nodes have accessible names; links are no Tab stops but E on a focused node selects them', async ({
  page,
}) => {
  await openLab(page);
  // The default preset: mem3 is volatile '4G' = 4 × 2^30 bytes = 4 GiB, persistent 0, under rp3.
  const mem3 = page.locator('.react-flow__node[data-id="mem3"]');
  await expect(mem3).toHaveAttribute('aria-label', 'Type 3 device mem3, 4 GiB ram, below rp3');
  await expect(page.locator('.react-flow__node[data-id="rp3"]')).toHaveAttribute(
    'aria-label',
    'Root port rp3, port 1 of hb1',
  );
  await expect(page.locator('.react-flow__node[data-id="hb0"]')).toHaveAttribute(
    'aria-label',
    'Host bridge hb0, UID 0, target of cfmw0',
  );
  // Links are not Tab stops (issue 15: ~720 on the 128-device preset before).
  await expect(page.locator('.react-flow__edge')).not.toHaveCount(0);
  await expect(page.locator('.react-flow__edge[tabindex="0"]')).toHaveCount(0);

  // rp3 has two links: to hb1 above it (first), to mem3 below it.
  await page.locator('.react-flow__node[data-id="rp3"]').focus();
  await page.keyboard.press('e');
  await expect(page.getByTestId('canvas-live')).toHaveText(
    'Link hb1 to rp3 selected, link 1 of 2 of rp3. Delete disconnects it.',
  );
  await page.keyboard.press('e');
  await expect(page.getByTestId('canvas-live')).toHaveText(
    'Link rp3 to mem3 selected, link 2 of 2 of rp3. Delete disconnects it.',
  );
  await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
  await page.keyboard.press('Shift+E');
  await expect(page.getByTestId('canvas-live')).toContainText('Link hb1 to rp3 selected, link 1 of 2');
  await page.keyboard.press('e');
  // Delete disconnects the selected link: mem3 loses its parent link.
  const before = await page.locator('.react-flow__edge').count();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(before - 1);
  await expect(mem3).not.toHaveAttribute('aria-label', /below rp3/);
  // The help dialog names the key.
  await page.getByTestId('canvas-help').click();
  await expect(page.getByTestId('help-dialog')).toContainText('select its links in turn');
});

test('the 128-device preset has no link among its Tab stops', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Scale: 128 devices/ }).click();
  await expect(page.locator('.react-flow__node[data-id="mem127"]')).toBeAttached();
  const stops = await page
    .getByTestId('canvas')
    .evaluate((el) => Array.from(el.querySelectorAll('[tabindex="0"]')).map((e) => e.className.toString()));
  expect(stops.filter((c) => c.includes('react-flow__edge'))).toEqual([]);
  expect(stops.filter((c) => c.includes('react-flow__node')).length).toBeGreaterThan(128);
});

test('Enter in the HPA field reads; the live region reads each hop and the result', async ({ page }) => {
  await openLab(page);
  await openConsole(page);
  const before = await page.getByTestId('console-log-read').count();
  await page.getByTestId('console-hpa').fill(REGION_BASE);
  await page.getByTestId('console-read-length').fill('8');
  await page.getByTestId('console-hpa').press('Enter');
  await expect(page.getByTestId('console-log-read')).toHaveCount(before + 1);
  const announce = page.getByTestId('decode-announce');
  // Default preset: cfmw0 is 2-way over hb0/hb1 at 4 KiB, hb0 2-way at 8 KiB over rp0/rp1: HPA offset 0
  // goes to way 0 at each level (hb0 → rp0 → mem0), at DPA 0.
  await expect(announce).toHaveText(`Read 8 B at ${REGION_BASE}: done: mem0 DPA 0x0`, { timeout: 20_000 });
  await page.getByTestId('decode-back').click();
  await expect(announce).toContainText(`Read 8 B at ${REGION_BASE}: hop `);
});

test('the CEDT byte grid has an ASCII column', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('dock').getByRole('tab', { name: 'CEDT' }).click();
  // ACPI: every table starts with its 4-byte signature, here "CEDT".
  await expect(page.getByTestId('cedt-ascii').first()).toHaveText(/^CEDT/);
});

test('every Tab stop shows a focus ring', async ({ page }) => {
  test.setTimeout(90_000);
  await openLab(page);
  await page.getByTestId('dock').getByRole('tab', { name: 'Access console' }).click();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen = new Set<string>();
  const missing: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const probe = await page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement) || el === document.body) return null;
      // React Flow focuses the node wrapper; the ring is drawn on the card inside it.
      const ringOn = el.classList.contains('react-flow__node') ? (el.firstElementChild ?? el) : el;
      const s = getComputedStyle(ringOn);
      const outline = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow !== 'none';
      // The dock's resize grip shows focus as a 3 px accent bar (its ::after).
      const bar = Number.parseFloat(getComputedStyle(el, '::after').height) >= 3;
      const id = el.dataset.testid ?? el.getAttribute('aria-label') ?? el.className.toString();
      return { id, ring: outline || shadow || bar };
    });
    if (probe === null) continue;
    if (seen.has(probe.id)) continue;
    seen.add(probe.id);
    if (!probe.ring) missing.push(probe.id);
  }
  expect(seen.size).toBeGreaterThan(20);
  expect(missing).toEqual([]);
});
