/**
 * The Regions dialog end to end: plan a 2-way region the way `cxl create-region` would (the derived
 * decoders and the MMIO writes in Linux's commit order), see a refused request with Linux's reason,
 * create it, read through the access console and land on the device the interleave arithmetic
 * predicts, destroy it, and bring it back with Ctrl+Z. Screenshots, light and dark, go to test-results/.
 *
 * Lab: tests/fixtures/hb1-x2-blank.cxl-lab.json — one 8 GiB 1-way window (cfmw0, decoder0.0) at
 * 0x4c00000000 on hb0, whose root ports rp0.0 (port 0) and rp0.1 (port 1) lead to mem0 and mem1
 * (4 GiB volatile each); every decoder starts unprogrammed.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, readBytes } from './lab';

const FIXTURE = 'tests/fixtures/hb1-x2-blank.cxl-lab.json';
const BASE = 0x4c00000000;
const hex = (n: number) => `0x${n.toString(16)}`;

// The region: members mem0 (target0), mem1 (target1), 2 ways at 1 KiB granularity.
const WAYS = 2;
const GRAN = 1024;
// Arithmetic (CXL r3.1 §8.2.4.20, modulo interleave): the way is (offset / gran) mod ways; the device
// drops the way bits: DPA = (offset / (gran × ways)) × gran + offset mod gran.
const OFFSET = 0x1434;
const HPA = BASE + OFFSET;
const WAY = Math.floor(OFFSET / GRAN) % WAYS; // 0x1434 / 0x400 = 5 → way 1
const DPA = Math.floor(OFFSET / (GRAN * WAYS)) * GRAN + (OFFSET % GRAN); // 2 × 0x400 + 0x34 = 0x834
const DEVICE = ['mem0', 'mem1'][WAY];

async function shot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('region-dialog').screenshot({ path: `test-results/region-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openFixture(page: Page) {
  await page.getByTestId('open-file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('lab-name')).toContainText('decoders not programmed');
  await expect(page.getByTestId('node-mem1')).toBeVisible();
}

test('plan, refuse, create, route, destroy and undo a 2-way region from the Regions dialog', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  expect([WAY, DPA, DEVICE]).toEqual([1, 0x834, 'mem1']);
  await openLab(page);
  await openFixture(page);

  await page.getByTestId('canvas-regions').click();
  const dialog = page.getByTestId('region-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('region-list')).toContainText('No regions');
  await expect(page.getByTestId('region-window')).toHaveValue('cfmw0');

  // Members in position order: add mem1 then mem0, then move mem0 up to target0.
  await page.getByTestId('region-add-mem1').click();
  await page.getByTestId('region-add-mem0').click();
  await expect(page.getByTestId('region-member-0')).toContainText('mem1');
  await page.getByTestId('region-member-up-mem0').click();
  await expect(page.getByTestId('region-member-0')).toContainText('target0mem0');
  await expect(page.getByTestId('region-member-1')).toContainText('target1mem1');

  // Refused: 4 ways over 2 members, as cxl-cli refuses it.
  await page.getByTestId('region-ways').fill('4');
  await page.getByTestId('region-plan-button').click();
  const refusal = page.getByTestId('region-refusal');
  await expect(refusal).toContainText('-EINVAL');
  await expect(refusal).toContainText('decoder0.0');
  await expect(refusal).toContainText('4 interleave ways need exactly 4 memdevs, 2 given');
  await expect(page.getByTestId('region-create')).toBeDisabled();
  await shot(page, 'refusal');

  // The plan: ways default to the member count; granularity 1K.
  await page.getByTestId('region-ways').fill('');
  await page.getByTestId('region-granularity').fill('1K');
  await page.getByTestId('region-size').fill('4G');
  await page.getByTestId('region-plan-button').click();
  await expect(page.getByTestId('region-plan-summary')).toContainText('region0');
  await expect(page.getByTestId('region-plan-summary')).toContainText('0x4c00000000–0x4cffffffff');
  await expect(page.getByTestId('region-plan-summary')).toContainText('2-way × 1 KiB');
  const hb = page.getByTestId('region-plan-decoder-decoder1.0');
  await expect(hb).toContainText('hb0');
  await expect(hb).toContainText('rp0.0 (0), rp0.1 (1)');
  await expect(page.getByTestId('region-plan-decoder-decoder2.0')).toContainText('skip 0x0');
  // Linux commits endpoint decoder of target0, then the host bridge, then target1's endpoint;
  // 7 writes for each endpoint (base, size, skip, control) and the host bridge (targets instead of skip).
  const writes = page.getByTestId('region-plan-write');
  await expect(writes).toHaveCount(21);
  await expect(writes.first()).toContainText('decoder2.0');
  await expect(writes.first()).toContainText('Decoder 0 Base High');
  await expect(writes.nth(6)).toContainText('Decoder 0 Control');
  await expect(writes.nth(7)).toContainText('decoder1.0');
  // Target List Low: way 0 → port 0, way 1 → port 1 (byte per way): 0x100. Control last: IG=2, IW=1.
  await expect(writes.nth(12)).toContainText('Target List Low0x114c0x100');
  await expect(writes.nth(13)).toContainText('Decoder 0 Control');
  await expect(writes.nth(13)).toContainText('IG=2 (1024 B), IW=1 (2 ways)');
  await expect(writes.nth(20)).toContainText('decoder3.0');
  await shot(page, 'plan');

  await page.getByTestId('region-create').click();
  await expect(page.getByTestId('region-message')).toHaveText('Created region0');
  await expect(page.getByTestId('region-item-region0')).toContainText('mem0, mem1');
  await page.getByTestId('region-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // The canvas shows the region; a read lands where the arithmetic says.
  const legend = page.getByTestId('canvas-legend-toggle');
  if ((await legend.getAttribute('aria-pressed')) !== 'true') await legend.click();
  await expect(page.getByTestId('legend-region0')).toBeVisible();
  await readBytes(page, hex(HPA), 4);
  await expect(page.getByTestId('console-log-read').first()).toContainText(`→ ${DEVICE} DPA ${hex(DPA)}`);

  // A second region above it (next decoders, next 2 GiB); Linux resets decoders top down only, so
  // destroying region0 first is refused (-EBUSY, out of order reset).
  await page.getByTestId('canvas-regions').click();
  await page.getByTestId('region-add-mem0').click();
  await page.getByTestId('region-add-mem1').click();
  await page.getByTestId('region-size').fill('2G');
  await page.getByTestId('region-plan-button').click();
  await expect(page.getByTestId('region-plan-summary')).toContainText('region1');
  await expect(page.getByTestId('region-plan-summary')).toContainText('0x4d00000000–0x4d7fffffff');
  await page.getByTestId('region-create').click();
  await expect(page.getByTestId('region-item-region1')).toBeVisible();
  await page.getByTestId('region-destroy-region0').click();
  const outOfOrder = page.getByTestId('region-destroy-refusal');
  await expect(outOfOrder).toContainText('-EBUSY');
  await expect(outOfOrder).toContainText('decoder1.0');
  await expect(outOfOrder).toContainText('out of order reset, expected decoder1.1');
  await expect(page.getByTestId('region-item-region0')).toBeVisible();
  await shot(page, 'destroy-refusal');

  // Top down works; then undo brings region0 back.
  await page.getByTestId('region-destroy-region1').click();
  await expect(page.getByTestId('region-item-region1')).toHaveCount(0);
  await page.getByTestId('region-destroy-region0').click();
  await expect(page.getByTestId('region-list')).toContainText('No regions');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('region-item-region0')).toContainText('mem0, mem1');
  await shot(page, 'list');
  expect(problems).toEqual([]);
});
