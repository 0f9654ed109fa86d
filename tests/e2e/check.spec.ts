/**
 * The Check dock tab on the "Misprogrammed: aliasing" preset, at 1024×700 and 1440×900: the preset's
 * notes keep their answer back until asked; the Check tab warns of the alias with its sources and
 * what the hardware, Linux and QEMU do; the warning selects and frames mem0 and opens its decoder 0
 * in the HDM panel; fixing both host bridges' granularity (256 B → 512 B, as Linux derives it:
 * window granularity 256 × window ways 2) through the decoder registers clears the check.
 * Screenshots, light and dark, go to test-results/check-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled } from './lab';
import { auditText, contrastFailures } from './text-audit';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
];

function checkTab(page: Page) {
  return page.getByTestId('dock').getByRole('tab', { name: /^Check/ });
}

async function openMisprogrammed(page: Page): Promise<void> {
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Misprogrammed/ }).click();
  await expect(page.getByTestId('inspector-notes')).toContainText('Deliberately misprogrammed');
}

/** Serious or critical axe violations (WCAG 2.2 AA and best practices) on the page as it is. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Screenshots in both themes; with `axe`, each theme is also checked by axe-core and the text audit. */
async function shots(page: Page, name: string, axe = false): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/check-${name}-${scheme}.png` });
    if (axe) {
      expect(await axeProblems(page), `${name} ${scheme}`).toEqual([]);
      // Every text style shown: WCAG 2.2 AA contrast and at least 12 px (tests/e2e/text-audit.ts).
      const { samples } = await auditText(page);
      const bad = [...contrastFailures(samples), ...samples.filter((x) => x.fontPx < 12)];
      expect(
        bad.map((x) => `"${x.text}" ${x.fg} on ${x.bg} ${x.ratio}:1 ${x.fontPx}px`),
        `${name} ${scheme}`,
      ).toEqual([]);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Uncommits decoder 0 of `hb`, sets its granularity to `granularity` and commits it again. */
async function setHostBridgeGranularity(page: Page, hb: string, granularity: string): Promise<void> {
  await page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' }).click();
  await page.getByTestId('hdm-component').selectOption(hb);
  const commit = page.getByTestId('hdm-commit-0');
  await expect(commit).toHaveText('Clear Commit');
  await commit.click();
  await expect(commit).toHaveText('Commit');
  await page.getByTestId('hdm-0-granularity').selectOption(granularity);
  await expect(page.getByTestId('hdm-0-granularity')).toHaveValue(granularity);
  await commit.click();
  await expect(page.getByTestId('hdm-state-0')).toContainText('Committed');
}

for (const size of SIZES) {
  test(`Check tab: the aliasing preset's warning, its sources, its decoder, and the fix at ${size.width}×${size.height}`, async ({
    page,
  }) => {
    test.setTimeout(120_000); // axe runs four times
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    const tag = `${size.width}x${size.height}`;
    await openLab(page);
    await openMisprogrammed(page);

    // The notes state the puzzle; the answer waits for "Show the answer".
    const notes = page.getByTestId('inspector-notes');
    await expect(notes).toContainText('Check tab');
    await expect(notes).not.toContainText('Answer:');
    await expect(page.getByTestId('notes-answer')).toHaveCount(0);

    // The Check tab: counts in its label, the alias among the warnings with its sources.
    await expect(checkTab(page)).toHaveText(/Check · \d+ errors? · \d+ warnings?/);
    await checkTab(page).click();
    const warnings = page.getByTestId('check-warnings');
    const alias = warnings.getByTestId('finding-region.alias');
    await expect(alias).toContainText('both reach mem0 DPA 0x0');
    await expect(alias).toContainText('mem0 · decoder 0');
    await expect(alias).toContainText('CXL r3.1 §8.2.4.20.12');
    const behaviour = alias.getByTestId('finding-behaviour');
    await expect(behaviour).toContainText('Hardware');
    await expect(behaviour).toContainText('Linux');
    await expect(behaviour).toContainText('cxl_port_setup_targets');
    await expect(behaviour).toContainText('QEMU');
    await expect(behaviour).toContainText('cxl_hdm_find_target');
    await expect(page.getByTestId('check-errors').getByTestId('finding-region.port-interleave')).toHaveCount(
      2,
    );
    await shots(page, `panel-${tag}`);
    await alias.scrollIntoViewIfNeeded();
    await shots(page, `warning-${tag}`, true);

    // "Show the answer" reveals the explanation. Below 1200 px wide the Inspector starts collapsed
    // (the shell's default on a projector); its button opens it.
    const inspector = page.getByTestId('side-inspector');
    if ((await inspector.getAttribute('data-collapsed')) === 'true') {
      await page.getByTestId('side-inspector-toggle').click();
      await expect(inspector).toHaveAttribute('data-collapsed', 'false');
    }
    await page.getByTestId('notes-show-answer').click();
    await expect(page.getByTestId('notes-answer')).toContainText('granularity 256 B');
    await expect(page.getByTestId('notes-answer')).toContainText('512 B');
    await shots(page, `answer-${tag}`, true);

    // The warning (keyboard: focus its button, Enter) selects and frames mem0 and opens decoder 0.
    await alias.getByTestId('finding-open-region.alias').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('inspector-title')).toContainText('mem0');
    await expect(page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const card = page.getByTestId('hdm-decoder-0');
    await expect(card).toHaveAttribute('data-focused', 'true');
    await expect(card).toHaveAttribute('open', '');
    await expect(card).toBeInViewport();
    await expect(page.getByTestId('hdm-component')).toHaveValue('mem0');
    await viewportSettled(page);
    const canvas = await page.locator('.react-flow').boundingBox();
    const node = await page.getByTestId('node-mem0').boundingBox();
    expect(canvas).not.toBeNull();
    expect(node).not.toBeNull();
    if (canvas !== null && node !== null) {
      // Framed: the whole card inside the canvas.
      expect(node.x).toBeGreaterThanOrEqual(canvas.x);
      expect(node.y).toBeGreaterThanOrEqual(canvas.y);
      expect(node.x + node.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(node.y + node.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    }
    await shots(page, `decoder-${tag}`);

    // The fix, as register edits: both host bridges at 512 B. The check follows each edit.
    await setHostBridgeGranularity(page, 'hb0', '512');
    await setHostBridgeGranularity(page, 'hb1', '512');
    await checkTab(page).click();
    await expect(page.getByTestId('check-summary')).toHaveText(/^0 errors, 0 warnings/);
    await expect(page.getByTestId('finding-region.alias')).toHaveCount(0);
    await expect(checkTab(page)).toHaveText('Check · ok');
    await shots(page, `fixed-${tag}`);
    expect(problems).toEqual([]);
  });
}
