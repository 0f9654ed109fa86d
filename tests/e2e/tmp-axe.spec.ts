import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openLab } from './lab';
import { auditText } from './text-audit';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
for (const scheme of ['light', 'dark'] as const) {
  test(`tmp axe ${scheme}`, async ({ page }) => {
    test.setTimeout(200_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openLab(page);
    const found: string[] = [];
    const check = async (stop: string) => {
      const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const v of r.violations)
        if (v.impact === 'serious' || v.impact === 'critical')
          found.push(`${stop}: ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    };
    await check('lab with hint');
    await page.getByTestId('node-mem0').click({ button: 'right', position: { x: 30, y: 16 } });
    await expect(page.getByTestId('canvas-menu')).toBeVisible();
    await check('context menu');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('connect-dialog')).toBeVisible();
    await check('connect dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('lab-name').click();
    await check('rename');
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-file').click();
    await page.getByRole('menuitem', { name: /New lab/ }).click();
    await expect(page.getByTestId('new-lab-dialog')).toBeVisible();
    await check('new lab dialog');
    await page.getByTestId('new-lab-blank').click();
    await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
    await check('blank lab');
    await page.getByTestId('node-cxl-root').click();
    await check('blank root inspector');
    console.log(found.join('\n'));
    expect(found).toEqual([]);
  });
}
