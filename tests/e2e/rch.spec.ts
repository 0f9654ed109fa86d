/**
 * CXL 1.1 restricted host (RCH) and device (RCD) in the browser: open the RCH preset, read through
 * it and follow the decode path (window → RCH → RCD by DVSEC Range 1), then build one from the
 * palette. Screenshots at 1024×700 and 1440×900, light and dark, go to test-results/rch-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openConsole, openLab, waitSaved } from './lab';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `test-results/rch-${name}-${size.width}-${scheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('the RCH preset routes a read window → RCH → RCD with the DVSEC arithmetic', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /CXL 1\.1 restricted host/ }).click();
  await waitSaved(page);
  await expect(page.getByTestId('node-rch0')).toContainText('CXL 1.1 · RCRB');
  await expect(page.getByTestId('node-mem0')).toBeVisible();

  // HPA 0x4C_0000_1000 − Range 1 base 0x4C_0000_0000 = DPA 0x1000.
  await openConsole(page);
  await page.getByTestId('console-hpa').fill('0x4c00001000');
  await page.getByTestId('console-read-length').fill('64');
  await page.getByTestId('console-read').click();
  await expect(page.getByTestId('console-log-read').first()).toContainText('mem0 DPA 0x1000');
  await page.getByTestId('decode-speed').selectOption('4');
  await expect(page.getByTestId('decode-animation')).toHaveAttribute('data-state', 'done', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('decode-arrival-mem0')).toContainText('DPA 0x1000');
  await expect(page.getByTestId('decode-hop')).toContainText('DVSEC Range 1');
  await shots(page, 'read');

  // The register panel shows the RCRB of the RCH and the DVSEC ranges of the RCD.
  await page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' }).click();
  await page.getByTestId('hdm-component').selectOption('rch0');
  await expect(page.getByTestId('hdm-restricted')).toContainText('RCRB at 0xfed00000');
  await expect(page.getByTestId('hdm-restricted')).toContainText('RCD upstream port RCRB');
  // MEMBAR0 values: component blocks 0xFED1_0000 (RCH downstream) and 0xFED2_0000 (RCD), 64-bit type 10b.
  await expect(page.getByTestId('rcrb-component-blocks')).toContainText('0xfed10000');
  await expect(page.getByTestId('rcrb-component-blocks')).toContainText('0xfed20000');
  await expect(page.getByTestId('hdm-restricted')).toContainText('0xfed20004');
  await expect(page.getByTestId('hdm-restricted')).toContainText('Memory Space Enable');
  await expect(page.getByTestId('inspector')).toContainText('DSP component regs');
  await expect(page.getByTestId('inspector')).toContainText('0xfed20000');
  await page.getByTestId('rcrb-component-blocks').scrollIntoViewIfNeeded();
  await shots(page, 'rcrb');
  await page.getByTestId('rcrb-reg-1010').scrollIntoViewIfNeeded();
  await shots(page, 'rcrb-upstream');
  await page.getByTestId('hdm-component').selectOption('mem0');
  await expect(page.getByTestId('hdm-restricted')).toContainText('Range 1 Base High');
  await shots(page, 'dvsec');
  expect(problems).toEqual([]);
});

test('build an RCH with its RCD from the palette', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('palette-rch').click();
  await waitSaved(page);
  await expect(page.getByTestId('node-rch0')).toContainText('CXL 1.1');
  // With the RCH selected, a Type 3 device from the palette attaches directly below it.
  await page.getByTestId('node-rch0').click();
  await page.getByTestId('palette-type3').click();
  await waitSaved(page);
  const edge = page
    .locator('.react-flow__edge[data-testid="rf__edge-rch0->mem4"], .react-flow__edge')
    .filter({
      has: page.locator('*'),
    });
  await expect(edge.first()).toBeVisible();
  await shots(page, 'palette');
  expect(problems).toEqual([]);
});
