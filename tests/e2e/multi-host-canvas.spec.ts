/**
 * Issue 18: a multi-host lab on the canvas. The 2-host pool preset opened as a file: both host columns
 * side by side above the switch and the MLDs, a click on a hostB card focuses hostB, an access from
 * hostB travels to its MLD slice, an access to an unbound vPPB stops there (isolation), and the page
 * passes axe in both themes at 1024×700 and 1440×900 (screenshots in test-results/).
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled, writeBytes } from './lab';

const POOL_TEXT = readFileSync('src/presets/multi-host/pool-2h-2mld.cxl-lab.json', 'utf8');

async function openFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(content),
  });
}

async function openPool(page: Page, text = POOL_TEXT): Promise<void> {
  await openLab(page);
  await openFile(page, 'pool-2h-2mld.cxl-lab.json', text);
  await expect(page.getByTestId('host-frame-hostA')).toBeVisible();
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (b === null) throw new Error('not on screen');
  return b;
}

async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('hosts side by side above the fabric; a click focuses hostB; its access reaches its MLD slice', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await openPool(page);
  const a = await box(page.getByTestId('host-frame-hostA'));
  const b = await box(page.getByTestId('host-frame-hostB'));
  const sw = await box(page.getByTestId('fabric-switch-sw0'));
  const mld = await box(page.getByTestId('fabric-device-mld1'));
  expect(a.x + a.width).toBeLessThanOrEqual(b.x);
  expect(sw.y).toBeGreaterThan(Math.max(a.y + a.height, b.y + b.height));
  expect(mld.y).toBeGreaterThan(sw.y + sw.height);
  // Every VCS, vPPB and LD; one binding edge per bound vPPB (the preset binds all four).
  for (const id of ['sw0.vcs0', 'sw0.vcs1']) await expect(page.getByTestId(`vcs-${id}`)).toBeVisible();
  await expect(page.locator('.fabric-vppb')).toHaveCount(4);
  await expect(page.locator('.fabric-ld')).toHaveCount(4);
  await expect(page.locator('.fabric-link--binding')).toHaveCount(4);
  await expect(page.getByTestId('ld-mld1-1')).toHaveAttribute('data-host', 'hostB');
  await expect(page.getByTestId('host-focused-hostA')).toBeVisible();
  await expect(page.getByTestId('host-focused-hostB')).toHaveCount(0);

  // A click on hostB's host bridge focuses hostB, then selects its hb0.
  await page.getByTestId('node-hostB-hb0').click();
  await expect(page.getByTestId('host-focused-hostB')).toBeVisible();
  await expect(page.getByTestId('host-focused-hostA')).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id="host::hostB::hb0"]')).toHaveClass(/selected/);
  await expect(page.getByTestId('legend-host-hostB')).toContainText('focused');

  // hostB's HPA 0x4c00000100: granule 1 of its 2-way 256 B region → position 1 → vPPB 1 → mld1 LD 1,
  // DPA (0x100 / (2 × 0x100)) × 0x100 + 0x100 mod 0x100 = 0x0 (the preset's walkthrough, step 2).
  await writeBytes(page, '0x4c00000100', 'aa bb');
  await expect(page.getByTestId('decode-arrival-fabric::mld1.ld1')).toContainText('DPA 0x0', {
    timeout: 20_000,
  });
  expect(problems).toEqual([]);
});

test('an access to an unbound vPPB stops there, with its reason', async ({ page }) => {
  test.setTimeout(60_000);
  // The pool preset with hostA's vPPB 1 unbound: hostA's granule 1 routes to an empty slot.
  const file = JSON.parse(POOL_TEXT) as {
    fabric: { switches: { vcss: { vppbs: { vppb: number; binding: unknown }[] }[] }[] };
  };
  const vppb1 = file.fabric.switches[0]?.vcss[0]?.vppbs[1];
  if (vppb1 === undefined) throw new Error('preset changed');
  vppb1.binding = 'unbound';
  await openPool(page, JSON.stringify(file));
  await expect(page.getByTestId('vppb-sw0.vcs0.vppb1')).toHaveAttribute('data-bound', 'false');
  await expect(page.locator('.fabric-link--binding')).toHaveCount(3);
  await writeBytes(page, '0x4c00000100', 'aa').catch(() => undefined);
  // The failure badge hangs under hostA's vPPB 1 on the switch, and the decode bar says why.
  const stop = page.getByTestId('decode-failure-fabric::sw0.vcs0.vppb1');
  await expect(stop).toContainText('failed here', { timeout: 20_000 });
  await expect(page.getByTestId('decode-bar')).toContainText(
    '(sw0.vcs0.vppb1) has nothing connected below it',
  );
});

test('unbind and bind: the pending operation is a dashed edge with its progress, then the binding fades out or draws in', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await openPool(page);
  const binding = page.locator('[data-testid="rf__edge-bind:sw0.vcs0.vppb1->mld1.ld0"] .fabric-link');
  await expect(binding).toHaveAttribute('data-kind', 'binding');
  // Unbind vPPB (CXL 2.0 §7.6.7.2.3) runs in the background: the binding reads "in progress".
  const fm = (cmd: string, json: unknown) =>
    page.evaluate(([c, j]) => window.__lab?.fmRun('sw0', c as string, j), [cmd, json] as const);
  const step = (complete = false) => page.evaluate((c) => window.__lab?.fmStep(c), complete);
  expect((await fm('unbind-vppb', { vcs: 0, vppb: 1, option: 0 }))?.error).toBeUndefined();
  await expect(binding).toHaveAttribute('data-kind', 'pending');
  expect(await step()).toEqual({ percent: 50 });
  await expect(binding.locator('text')).toHaveText('unbind in progress 50 %');
  await expect(page.getByTestId('vppb-sw0.vcs0.vppb1')).toContainText('unbind in progress 50 %');
  expect(await step()).toEqual({ percent: 100 });
  // Gone from the binding table: the edge fades out, the vPPB is hollow.
  await expect(binding).toHaveClass(/is-leaving/);
  await expect(page.getByTestId('vppb-sw0.vcs0.vppb1')).toHaveAttribute('data-bound', 'false');
  await expect(page.getByTestId('ld-mld1-0')).toHaveAttribute('data-host', '');

  // Bind hostA's vPPB 1 to mld1 LD 0 again (Bind vPPB, CXL 2.0 §7.6.7.2.2): dashed while pending.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect((await fm('bind-vppb', { vcs: 0, vppb: 1, port: 3, ld: 0 }))?.error).toBeUndefined();
  const pending = page.locator('[data-testid="rf__edge-pending:sw0.vcs0.vppb1->mld1.ld0"] .fabric-link');
  await expect(pending).toHaveAttribute('data-kind', 'pending');
  expect(await step()).toEqual({ percent: 50 });
  await expect(pending.locator('text')).toHaveText('bind in progress 50 %');
  const dashes = await pending.locator('path').evaluate((p) => getComputedStyle(p).strokeDasharray);
  expect(dashes).not.toBe('none');
  expect(await step(true)).toEqual({ percent: 100 });
  await expect(binding).toHaveClass(/is-entering/);
  // prefers-reduced-motion: the new binding is simply there, not drawn in.
  const animation = await binding.locator('path').evaluate((p) => getComputedStyle(p).animationName);
  expect(animation).toBe('none');
  await expect(page.getByTestId('ld-mld1-0')).toHaveAttribute('data-host', 'hostA');
  expect(problems).toEqual([]);
});

// Layout and axe at 1024×700 in both themes; with SCREENSHOTS=1 (README) also at 1440×900, as the device views
// do: the drawing is the same layout at a larger fit, and the 1440×900 run takes over a minute of CI's budget.
const CANVAS_SIZES = process.env.SCREENSHOTS
  ? ([
      [1024, 700],
      [1440, 900],
    ] as const)
  : ([[1024, 700]] as const);

for (const [width, height] of CANVAS_SIZES) {
  test(`multi-host canvas at ${width}×${height}: axe in both themes, legend beside the drawing`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await openPool(page);
    await page.getByTestId('node-hostB-rp0.0').click();
    await expect(page.getByTestId('host-focused-hostB')).toBeVisible();
    // At the fit's low detail the bindings are still drawn (their handles stay measurable).
    await viewportSettled(page);
    const bindings = page.locator('.fabric-link--binding path');
    await expect(bindings).toHaveCount(4);
    for (let i = 0; i < 4; i++) expect((await box(bindings.nth(i))).height).toBeGreaterThan(10);
    const flow = await box(page.locator('.lab-canvas > .react-flow'));
    const legend = await box(page.getByTestId('canvas-legend'));
    // The legend is a strip beside the flow, never over it.
    const over =
      legend.x < flow.x + flow.width &&
      flow.x < legend.x + legend.width &&
      legend.y < flow.y + flow.height &&
      flow.y < legend.y + legend.height;
    expect(over).toBe(false);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `test-results/multi-host-canvas-${width}x${height}-${scheme}.png` });
      expect(await axeProblems(page), `${width}×${height} ${scheme}`).toEqual([]);
    }
    // Close up (every text of the cards shown): the switch and an MLD framed by zoom to selection.
    const device = await box(page.getByTestId('fabric-device-mld1'));
    // Its footer (the LD slices cover its top).
    await page.mouse.click(device.x + 3, device.y + device.height - 3);
    await expect(page.locator('.react-flow__node[data-id="fabric::mld1"]')).toHaveClass(/selected/);
    await page.keyboard.press('z');
    await expect(page.getByTestId('canvas')).toHaveAttribute('data-lod', 'full');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: `test-results/multi-host-canvas-${width}x${height}-${scheme}-close.png`,
      });
      expect(await axeProblems(page), `${width}×${height} ${scheme} close up`).toEqual([]);
    }
    // The switch close up: its ports, VCS bands and vPPBs.
    await page.keyboard.press('f');
    await viewportSettled(page);
    await page.getByTestId('fabric-switch-sw0').locator('.fabric-switch__title').click();
    await page.keyboard.press('z');
    await viewportSettled(page);
    await expect(page.getByTestId('canvas')).toHaveAttribute('data-lod', 'full');
    await expect(page.getByTestId('vcs-sw0.vcs1')).toContainText('hostB');
    await page.screenshot({ path: `test-results/multi-host-canvas-${width}x${height}-switch.png` });
    expect(await axeProblems(page), `${width}×${height} switch close up`).toEqual([]);
  });
}
