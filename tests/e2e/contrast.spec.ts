/**
 * Issue 15: every text style in use, in every panel, dialog and inspector view, meets WCAG 2.2 AA
 * contrast (SC 1.4.3) and is at least 12 px, in the light and the dark theme; and the header's theme
 * switch is remembered.
 */
import { expect, test } from '@playwright/test';
import { openLab } from './lab';
import { tour } from './panel-tour';
import { auditText, contrastFailures, type TextSample } from './text-audit';

const MIN_FONT_PX = 12;

for (const scheme of ['light', 'dark'] as const) {
  test(`every text style meets 4.5:1 (3:1 large) and 12 px: ${scheme}`, async ({ page }) => {
    test.setTimeout(270_000); // the tour ends with three lesson stops (each opens a lesson link)
    await page.emulateMedia({ colorScheme: scheme });
    // One line per failing style, named by the first stop that shows it.
    const failures = new Map<string, string>();
    const fail = (key: string, line: string) => {
      if (!failures.has(key)) failures.set(key, line);
    };
    let measured = 0;
    await tour(page, async (stop) => {
      const { samples, unmeasured } = await auditText(page);
      measured += samples.length;
      const style = (s: TextSample) => `${s.where} ${s.fg} on ${s.bg} ${s.fontPx}px/${s.weight}`;
      const show = (s: TextSample) =>
        `${stop}: "${s.text}" (${s.where}) ${s.fg} on ${s.bg} = ${s.ratio}:1 at ${s.fontPx}px/${s.weight}`;
      for (const s of contrastFailures(samples)) fail(`c ${style(s)}`, `contrast ${show(s)}`);
      for (const s of samples.filter((x) => x.fontPx < MIN_FONT_PX)) fail(`s ${style(s)}`, `size ${show(s)}`);
      for (const u of unmeasured) if (!u.startsWith('background image')) fail(u, `${stop}: unmeasured ${u}`);
    });
    // A walk that finds nothing would pass anything: the lab shows well over a hundred text styles.
    expect(measured).toBeGreaterThan(100);
    expect([...failures.values()]).toEqual([]);
  });
}

test('the theme switch forces light or dark, follows the system otherwise, and is remembered', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  const bodyBg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // --bg is #eef0f3 light, #141518 dark (src/ui/theme.css).
  await expect.poll(bodyBg).toBe('rgb(238, 240, 243)');
  await page.getByTestId('theme-switch').selectOption('dark');
  await expect.poll(bodyBg).toBe('rgb(20, 21, 24)');
  await page.reload();
  await expect(page.getByTestId('theme-switch')).toHaveValue('dark');
  await expect.poll(bodyBg).toBe('rgb(20, 21, 24)');
  await page.getByTestId('theme-switch').selectOption('system');
  await expect.poll(bodyBg).toBe('rgb(238, 240, 243)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(bodyBg).toBe('rgb(20, 21, 24)');
  await page.getByTestId('theme-switch').selectOption('light');
  await expect.poll(bodyBg).toBe('rgb(238, 240, 243)');
  await page.reload();
  await expect.poll(bodyBg).toBe('rgb(238, 240, 243)');
});
