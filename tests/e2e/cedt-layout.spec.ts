/**
 * The CEDT panel at 1024×700 and 1440×900: the byte grid has its ASCII column (the table starts with
 * the signature "CEDT", ACPI 6.5 §5.2.6 header), and no decoded value in the field tree is clipped
 * (each cell shows all of its text, inside the tree). Screenshots, light and dark.
 */
import { expect, test } from '@playwright/test';
import { openLab } from './lab';

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`CEDT: ASCII column, decoded values unclipped at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openLab(page);
    await page.getByTestId('dock').getByRole('tab', { name: 'CEDT' }).click();
    const ascii = page.getByTestId('cedt-ascii');
    await expect(ascii.first()).toHaveText(/^CEDT/);
    // One ASCII cell per byte: 16 in a full row.
    await expect(ascii.first().locator('span')).toHaveCount(16);
    const values = page.locator('.cedt-field__text');
    await expect(values.first()).toBeVisible();
    const clipped = await page.evaluate(() => {
      const tree = document.querySelector('.cedt-tree')?.getBoundingClientRect();
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.cedt-field__text'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue; // a collapsed structure
        const overflow = el.scrollWidth > el.clientWidth + 1;
        const outside = tree !== undefined && r.right > tree.right + 1;
        if (overflow || outside) out.push(`${el.textContent} (${el.scrollWidth} > ${el.clientWidth})`);
      }
      return out;
    });
    expect(clipped).toEqual([]);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `test-results/cedt-${size.width}x${size.height}-${scheme}.png` });
    }
  });
}
