/**
 * Issue 18's Fabric Manager panel in the browser, on the pool preset (2 hosts × 1 switch × 2 MLDs):
 * unbind VCS 0 vPPB 1 from the binding table, step the background operation to completion, see the
 * row unbound and hostA lose mld1.ld0; bind it again; a refused bind shows its return code by name;
 * the host switcher and the console's host target; any command (tunnelled Get LD Allocations, fields ↔
 * hex, Replay); a Set LD Allocations on a bound LD refused by the MLD; axe at 1024×700 and 1440×900,
 * light and dark (PNGs with SCREENSHOTS=1).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, waitSaved } from './lab';

const PRESET = 'src/presets/multi-host/pool-2h-2mld.cxl-lab.json';
/** The row of VCS 0 vPPB 1 of switch sw0 (the panel's row key: switch/VCS/vPPB). */
const ROW = 'fm-row-sw0/0/1';

async function openPool(page: Page) {
  await openLab(page);
  // A single-host lab has neither a host switcher nor a Fabric tab.
  await expect(page.getByTestId('host-switcher')).toHaveCount(0);
  await expect(page.getByTestId('dock').getByRole('tab', { name: 'Fabric' })).toHaveCount(0);
  await page.getByTestId('open-file-input').setInputFiles(PRESET);
  await expect(page.getByTestId('host-switcher-select')).toHaveValue('hostA');
  await waitSaved(page);
}

async function openFabric(page: Page) {
  await page.getByTestId('dock').getByRole('tab', { name: 'Fabric' }).click();
  await expect(page.getByTestId('fabric-panel')).toBeVisible();
}

/** The focused host's components as the Device tab's picker lists them (its view of the fabric). */
async function hostComponents(page: Page): Promise<string[]> {
  await page.getByTestId('dock').getByRole('tab', { name: 'Device' }).click();
  const options = page.getByTestId('device-component').locator('option');
  await expect(options.first()).toBeAttached();
  const texts = await options.allTextContents();
  await openFabric(page);
  return texts.map((t) => t.split(' · ')[0] ?? '');
}

/** With SCREENSHOTS=1: the page at 1024×700 and 1440×900, light and dark, as test-results/fm-NAME-….png. */
async function shots(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `test-results/fm-${name}-${width}x${height}-${scheme}.png` });
    }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function axe(page: Page, scheme: string, width: number) {
  const result = await new AxeBuilder({ page })
    .include('[data-testid="fabric-panel"]')
    .include('[data-testid="host-switcher"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(result.violations.map((v) => `${v.id} ${scheme} ${width}: ${v.nodes[0]?.target}`)).toEqual([]);
}

test('unbind VCS 0 vPPB 1, step it through, bind it again; a refused bind names its return code', async ({
  page,
}) => {
  // Four axe runs (and, with SCREENSHOTS=1, eight PNGs): more than the default 30 s on 2 shared cores.
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openPool(page);
  // The console says whose HPAs it reads.
  await page.getByTestId('dock').getByRole('tab', { name: 'Access console' }).click();
  await expect(page.getByTestId('console-host')).toHaveText('hostA');
  expect(await hostComponents(page)).toContain('mld1.ld0');

  const row = page.getByTestId(ROW);
  await expect(row.getByTestId('fm-row-status')).toHaveText('Bound LD');
  await expect(row).toContainText('mld1.ld0');

  // Unbind with Unbind Option 1 (CXL r3.2 Table 7-34: Simulate Managed Hot-Remove).
  await row.getByTestId('fm-row-unbind').click();
  await page.getByTestId('fm-unbind-option-1').check();
  await page.getByTestId('fm-unbind-send').click();
  await expect(page.getByTestId('fm-last-rc')).toHaveText('Background Command Started (0x01)');
  // An undoable edit: its toast names the operation and the vPPB.
  await expect(
    page.getByTestId('notice').filter({ hasText: 'Unbind vPPB started (sw0 VCS 0 vPPB 1)' }),
  ).toBeVisible();
  await expect(page.getByTestId('fm-pending-what')).toContainText('Unbind vPPB sw0 VCS 0 vPPB 1');
  await expect(page.getByTestId('fm-pending-what')).toContainText('0 %');
  // Binding Status 01h while it runs (CXL r3.2 Table 7-32).
  await expect(row.getByTestId('fm-row-status')).toContainText('Bind or unbind in progress');

  await page.getByTestId('fm-step').click();
  await expect(page.getByTestId('fm-pending-what')).toContainText('50 %');
  await expect(row.getByTestId('fm-row-pending')).toContainText('Unbind vPPB 50 %');
  await shots(page, 'pending');
  // The row in progress and the pending bar keep their contrast in both themes.
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, scheme, 1440);
  }
  await page.getByTestId('fm-step').click();
  await expect(page.getByTestId('fm-completion')).toContainText('Unbind vPPB completed → Success (0x00)');
  await expect(row.getByTestId('fm-row-status')).toHaveText('Unbound');
  await expect(page.getByTestId('fm-announce')).toContainText('Unbind vPPB completed');
  expect(await hostComponents(page)).not.toContain('mld1.ld0');

  // A refused bind: LD 1 of mld1 (port 3) is hostB's (VCS 1 vPPB 1). The form says so before sending.
  await row.getByTestId('fm-row-bind').click();
  const refused = page.getByTestId('fm-bind-choice-3-1');
  await expect(refused.locator('xpath=..')).toContainText('refused: already bound to VCS 1 vPPB 1');
  await refused.check();
  await page.getByTestId('fm-bind-send').click();
  await expect(page.getByTestId('fm-last-rc')).toHaveText('Invalid Input (0x02)');
  await expect(page.getByTestId('fm-last')).toContainText('LD 1 of mld1 is already bound to VCS 1 vPPB 1');
  await shots(page, 'refused-bind');
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, scheme, 1440);
  }
  // Refused: the lab did not change, so no toast offers to undo it.
  await expect(page.getByTestId('notice').filter({ hasText: 'Fabric Manager: Bind vPPB' })).toHaveCount(0);

  // Bind it again to LD 0 (free), completed in one go.
  await page.getByTestId('fm-bind-choice-3-0').check();
  await page.getByTestId('fm-bind-send').click();
  await expect(page.getByTestId('fm-last-rc')).toHaveText('Background Command Started (0x01)');
  await page.getByTestId('fm-complete').click();
  await expect(page.getByTestId('fm-completion')).toContainText('Bind vPPB completed → Success (0x00)');
  await expect(row.getByTestId('fm-row-status')).toHaveText('Bound LD');
  expect(await hostComponents(page)).toContain('mld1.ld0');

  // The host switcher focuses hostB: the console now reads hostB's HPAs.
  await page.getByTestId('host-switcher-select').selectOption('hostB');
  await page.getByTestId('dock').getByRole('tab', { name: 'Access console' }).click();
  await expect(page.getByTestId('console-host')).toHaveText('hostB');
  expect(problems).toEqual([]);
});

test("an unbind and two Steps read as one action: the run's toast and one completion toast; Undo goes back one Step", async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openPool(page);
  await openFabric(page);
  const row = page.getByTestId(ROW);
  const notices = page.getByTestId('notice');
  await row.getByTestId('fm-row-unbind').click();
  await page.getByTestId('fm-unbind-send').click();
  await expect(notices.filter({ hasText: 'Unbind vPPB started (sw0 VCS 0 vPPB 1)' })).toBeVisible();

  // The first Step updates the pending bar and the live region, and leaves no toast.
  await page.getByTestId('fm-step').click();
  await expect(page.getByTestId('fm-pending-what')).toContainText('50 %');
  await expect(page.getByTestId('fm-announce')).toHaveText('Unbind vPPB sw0 VCS 0 vPPB 1: 50 %');
  await expect(notices.filter({ hasText: 'VCS 0 vPPB 1' })).toHaveCount(1);
  // The second completes it (50 % per Step): one toast saying what happened, with Undo.
  await page.getByTestId('fm-step').click();
  await expect(row.getByTestId('fm-row-status')).toHaveText('Unbound');
  const done = notices.filter({ hasText: 'VCS 0 vPPB 1 unbound from port 3 LD 0' });
  await expect(done).toHaveCount(1);
  // From the Steps at most one toast; with the run's, two name the vPPB.
  await expect(notices.filter({ hasText: 'VCS 0 vPPB 1' })).toHaveCount(2);
  await expect(notices.filter({ hasText: /step/i })).toHaveCount(0);

  // Undo restores the lab as before the completion: the unbind pending again at 50 %.
  await done.getByTestId('notice-undo').click();
  await expect(done).toHaveCount(0);
  await expect(page.getByTestId('fm-pending-what')).toContainText('Unbind vPPB sw0 VCS 0 vPPB 1');
  await expect(page.getByTestId('fm-pending-what')).toContainText('50 %');
  await expect(row.getByTestId('fm-row-status')).toContainText('Bind or unbind in progress');
  await expect(row).toContainText('mld1.ld0');
  // Each Step is an undo step: Ctrl+Z goes back to 0 %, and once more to before the unbind.
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('fm-pending-what')).toContainText(' 0 %');
  await page.locator('body').press('Control+z');
  await expect(row.getByTestId('fm-row-status')).toHaveText('Bound LD');
  await expect(page.getByTestId('fm-pending-what')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('any command: Get LD Allocations tunnelled to mld0 shows the MLD reply; layout, axe, screenshots', async ({
  page,
}) => {
  // Three views × two sizes × two themes, each checked by axe: more than the default 30 s on 2 shared cores.
  test.setTimeout(150_000);
  const problems = watchConsole(page);
  await openPool(page);
  await openFabric(page);
  await page.getByRole('tab', { name: 'Any command' }).click();
  await page.getByTestId('fm-command-text').fill('0x5401');
  await expect(page.getByTestId('fm-command-info')).toContainText('Tunnel Management Command (0x5300)');
  // Start LD ID 0, limit 16 (CXL r3.2 Table 7-45) as fields and as hex.
  await expect(page.getByTestId('fm-in-hex')).toHaveValue('00 10');
  await page.getByTestId('fm-in-field-1').fill('0x1');
  await page.getByTestId('fm-in-field-1').press('Enter');
  await expect(page.getByTestId('fm-in-hex')).toHaveValue('00 01');
  await page.getByTestId('fm-run').click();
  await expect(page.getByTestId('fm-tunnelled')).toContainText('Success (0x00)');
  // One 16-byte entry after the 4-byte header (CXL r3.2 Table 7-46): LD 0, Range 1 = 1 GiB / 256 MiB = 4.
  await expect(page.getByTestId('fm-tunnel-out-field-LD[0] Range 1 Allocation Multiplier')).toContainText(
    '1 GiB',
  );
  await expect(page.getByTestId('fm-history-entry')).toHaveCount(1);
  await page.getByRole('button', { name: /^Replay Tunnel Management Command/ }).click();
  await expect(page.getByTestId('fm-history-entry')).toHaveCount(2);

  // Changing a bound LD's allocation is refused by the MLD (LD 0 of mld0 is hostA's): 2 granules, not 4.
  await page.getByRole('tab', { name: 'LD allocations' }).click();
  await page.getByTestId('fm-alloc-mld0-0-1').fill('2');
  await page.getByTestId('fm-alloc-set-mld0').click();
  await expect(page.getByTestId('fm-tunnelled').getByTestId('fm-rc')).toContainText('Invalid Input (0x02)');
  await expect(page.getByTestId('fm-tunnel-message')).toContainText('is bound to VCS 0 vPPB 0');
  await expect(page.getByTestId('fm-alloc-row-mld0-0')).toContainText('1 GiB');

  const shots = Boolean(process.env.SCREENSHOTS);
  const views = ['Bindings', 'Any command', 'LD allocations'] as const;
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      for (const view of views) {
        await page.getByRole('tab', { name: view }).click();
        await expect(page.getByTestId('host-switcher')).toBeInViewport();
        if (shots)
          await page.screenshot({
            path: `test-results/fm-panel-${view.replace(/ /g, '-').toLowerCase()}-${width}x${height}-${scheme}.png`,
          });
        await axe(page, scheme, width);
      }
    }
  }
  expect(problems).toEqual([]);
});
