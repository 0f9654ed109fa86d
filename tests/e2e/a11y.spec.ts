/**
 * Issue 15: axe-core finds no serious or critical violation on any panel (each dock tab, each dialog and
 * menu, the inspector), in the light and the dark theme; keyboard reach of the canvas.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { tour } from './panel-tour';

// WCAG 2.0/2.1/2.2 A and AA rules plus axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violation on any panel: ${scheme}`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    let stops = 0;
    await tour(page, async (stop) => {
      stops++;
      const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const targets = v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ');
        found.push(`${stop}: ${v.id} (${v.impact}, ${v.nodes.length} nodes) ${targets}`);
      }
    });
    expect(stops).toBeGreaterThan(15);
    expect(found).toEqual([]);
  });
}
