/**
 * Interop in the browser (issue 9): share links (round trip into a new page, tampered links
 * refused with nothing loaded), the `?embed` view, Export to QEMU (default topology; XOR refused
 * with its reason), Import QEMU (the QEMU docs' 4-way example, written by hand) and Import cxl
 * list. Screenshots of each dialog and the embed view, light and dark, go to test-results/.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, readBytes, writeBytes } from './lab';

/** The preview server's origin (playwright.config.ts serves on E2E_PORT, default 4173). */
const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SHOTS = 'test-results/interop';

/** QEMU docs' 4-way example: two pxb-cxl (bus_nr 12, 222), 2 root ports each, 4 persistent type3s. */
const DOC_4WAY = readFileSync('tests/fixtures/qemu-docs-4way.args', 'utf8').trimEnd();

/** Screenshots of the page in the light and the dark scheme. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/${name}-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function menu(page: Page, menuId: 'menu-share' | 'menu-file', item: RegExp): Promise<void> {
  await page.getByTestId(menuId).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** The component ids on the canvas, sorted. */
async function canvasIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node [data-testid^="node-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.sort();
}

async function shareLink(page: Page, includeMemory = false): Promise<string> {
  await menu(page, 'menu-share', /Copy link/);
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  // Written memory is included by default (when it compresses to under 1 MiB): set it either way.
  await dialog.getByTestId('share-include-memory').setChecked(includeMemory);
  await expect(dialog.getByTestId('share-size')).toContainText(
    includeMemory ? /characters · .* compressed .* 1 memory page/ : /characters · .* compressed/,
  );
  return dialog.getByTestId('share-link').inputValue();
}

async function openLabFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

test('a share link carries the lab into a new page, as a new lab, and leaves the address bar clean', async ({
  page,
  context,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await writeBytes(page, '0x4c00000000', 'de ad be ef');
  const ids = await canvasIds(page);
  const link = await shareLink(page, true);
  // The lab, then what was on screen (dock tab, selection, pending access: share-link-state.spec.ts).
  expect(link).toMatch(new RegExp(`^${escapeRe(ORIGIN)}/#lab=[A-Za-z0-9_-]+(&[a-z-]+=[^&]*)*$`));
  await expect(page.getByTestId('share-embed')).toHaveValue(
    new RegExp(`<iframe src="${escapeRe(ORIGIN)}/\\?embed#lab=`),
  );
  await shoot(page, 'share-dialog');
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();

  const other = await context.newPage();
  const otherProblems = watchConsole(other);
  await other.goto(link);
  await expect(other.getByTestId('notice')).toContainText('Opened the shared link as a new lab');
  await expect(other.getByTestId('node-mem3')).toBeVisible();
  expect(await canvasIds(other)).toEqual(ids);
  expect(await readBytes(other, '0x4c00000000', 4)).toContain('de ad be ef');
  expect(other.url()).toBe(`${ORIGIN}/`);
  // The lab the browser had is still there: the link opened beside it.
  await menu(other, 'menu-file', /Labs/);
  await expect(other.getByTestId('labs-item')).toHaveCount(2);
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
});

test('a tampered or cut link says what is wrong and loads nothing', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const link = await shareLink(page);
  const before = await canvasIds(page);
  const at = link.indexOf('#lab=') + 30;
  const tampered = `${link.slice(0, at)}!*${link.slice(at + 2)}`;
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();

  await page.goto('about:blank');
  await page.goto(tampered);
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('The shared link was not opened; nothing was loaded');
  await expect(notice).toContainText('outside base64url');
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  expect(await canvasIds(page)).toEqual(before);
  await shoot(page, 'share-tampered');

  // A link pasted into the address bar of the open lab (a hash change, no reload) is read too.
  await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
  await page.goto(link.slice(0, link.length - 40));
  await expect(page.getByTestId('notice')).toContainText('The shared link was not opened');
  await menu(page, 'menu-file', /Labs/);
  await expect(page.getByTestId('labs-item')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('?embed shows only the canvas and the decode animation, with a link into the lab', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const link = await shareLink(page);
  const fragment = link.slice(link.indexOf('#'));

  await page.goto(`./?embed${fragment}`);
  await expect(page.getByTestId('embed-shell')).toBeVisible();
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  for (const id of ['header', 'palette', 'inspector', 'dock', 'menu-file']) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('embed-open')).toHaveAttribute('href', `${ORIGIN}/${fragment}`);
  expect(page.url()).toContain('#lab='); // an embed keeps its fragment (reloads show the same lab)
  await page.getByTestId('embed-trace').click();
  await expect(page.getByTestId('decode-bar')).toBeVisible();
  await shoot(page, 'embed');

  // An embed never writes to the visitor's labs.
  await page.goto('./');
  await menu(page, 'menu-file', /Labs/);
  await expect(page.getByTestId('labs-item')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('Export to QEMU shows the command line and region commands, and refuses an XOR window', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await menu(page, 'menu-share', /Export to QEMU/);
  const dialog = page.getByTestId('qemu-export-dialog');
  const command = dialog.getByTestId('qemu-command');
  await expect(command).toContainText('qemu-system-x86_64 \\');
  await expect(command).toContainText('-M cxl-fmw.0.targets.0=hb0,cxl-fmw.0.targets.1=hb1');
  await expect(dialog.getByTestId('qemu-guest')).toContainText('cxl create-region -d decoder0.0 -w 4');
  await expect(dialog.getByTestId('qemu-warnings')).toContainText('becomes bus_nr');
  await shoot(page, 'qemu-export');

  const download = page.waitForEvent('download');
  await dialog.getByTestId('qemu-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.qemu\.sh$/);
  expect(readFileSync(await file.path(), 'utf8')).toMatch(/^#!\/bin\/sh/);

  // 7.2 has no volatile-memdev: the default's volatile devices are refused, with the reason.
  await dialog.getByText('QEMU 7.2').click();
  await expect(dialog.getByTestId('qemu-refusals')).toContainText('volatile');
  await dialog.getByText('QEMU 8.0 and later').click();
  await expect(command).toBeVisible();
  await dialog.getByTestId('qemu-uid-buses').check();
  await expect(dialog.getByTestId('qemu-refusals')).toContainText('UID 0 cannot be a pxb-cxl bus_nr');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await openLabFile(page, 'xor.cxl-lab.json', readFileSync('src/presets/xor-x4.topology.json', 'utf8'));
  await expect(page.getByTestId('notice').last()).toContainText('Opened xor.cxl-lab.json as a new lab');
  await menu(page, 'menu-share', /Export to QEMU/);
  const refusals = page.getByTestId('qemu-refusals');
  await expect(refusals).toContainText('QEMU cannot build this lab');
  await expect(refusals).toContainText('XOR interleave arithmetic');
  await expect(page.getByTestId('qemu-command')).toHaveCount(0);
  await shoot(page, 'qemu-export-refused');
  expect(problems).toEqual([]);
});

test('Export to QEMU on a multi-host preset: one tab per host, each with its command line and what QEMU cannot express', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Pool: 2 hosts × 2 MLDs/ }).click();
  await expect(page.getByTestId('notice').last()).toContainText('Pool: 2 hosts × 2 MLDs');
  await menu(page, 'menu-share', /Export to QEMU/);
  const dialog = page.getByTestId('qemu-export-dialog');
  const tabs = dialog.getByRole('tablist', { name: 'Hosts' });
  await expect(tabs.getByRole('tab')).toHaveText(['hostA', 'hostB']);
  // The focused host (hostA) first: its VCS as a switch, its LDs at offset 0 of each MLD's file.
  const command = dialog.getByTestId('qemu-command');
  await expect(command).toContainText('-device cxl-upstream,bus=rp0.0,id=sw0.vcs0');
  await expect(command).toContainText('mem-path=/tmp/cxl-lab/mld0.raw,size=1G \\');
  await expect(dialog.getByTestId('qemu-host-limits')).toContainText('sw0.vcs0: VCS 0 of switch sw0');
  await expect(dialog.getByTestId('qemu-fabric-limits')).toContainText('one host per instance');
  // Arrow keys move between host tabs; hostB's LD 1s are 1 GiB into the same files.
  await tabs.getByRole('tab', { name: 'hostA' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'hostB' })).toHaveAttribute('aria-selected', 'true');
  await expect(command).toContainText('mem-path=/tmp/cxl-lab/mld0.raw,size=1G,offset=1G');
  await expect(dialog.getByTestId('qemu-host-limits')).toContainText('mld0.ld1: LD 1 of MLD mld0');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('qemu-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-hostb\.qemu\.sh$/);
  expect(readFileSync(await file.path(), 'utf8')).toContain('truncate -s 2147483648 /tmp/cxl-lab/mld1.raw');
  await shoot(page, 'qemu-export-hosts');
  expect(problems).toEqual([]);
});

test("Import QEMU opens the QEMU docs' 4-way example as a new lab with 4 devices", async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await menu(page, 'menu-file', /Import QEMU command line/);
  const dialog = page.getByTestId('import-dialog');
  await dialog
    .getByTestId('import-text')
    .fill(DOC_4WAY.replace('cxl-rp,port=1,bus=cxl.1', 'cxl-rp,port=x,bus=cxl.1'));
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('import-errors')).toContainText('(-device cxl-rp,port=x,bus=cxl.1');
  await expect(page.getByTestId('node-mem3')).toBeVisible(); // nothing loaded

  await dialog.getByTestId('import-text').fill(`${DOC_4WAY} \\\n  -device virtio-net-pci,netdev=n0`);
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('import-result')).toContainText('4 Type 3 devices; 1 region assembled');
  await expect(dialog.getByTestId('import-skipped')).toContainText('-device virtio-net-pci,netdev=n0');
  await shoot(page, 'import-qemu');
  await dialog.getByTestId('import-done').click();
  for (const id of ['cxl-pmem0', 'cxl-pmem1', 'cxl-pmem2', 'cxl-pmem3']) {
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId('node-mem3')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('Import cxl list opens a real machine with its decoders, and shows the findings', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await menu(page, 'menu-file', /Import cxl list/);
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-text').fill('{"not": "a listing"');
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('import-errors')).toBeVisible();

  await dialog.getByTestId('import-file-input').setInputFiles('tests/fixtures/cxl-list-2hb-4way.json');
  await expect(dialog.getByTestId('import-text')).toHaveValue(/"bus": "root0"/);
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('import-result')).toContainText('Imported from cxl list');
  await expect(dialog.getByTestId('import-findings')).toContainText('modulo assumed');
  await shoot(page, 'import-cxl-list');
  await dialog.getByTestId('import-done').click();
  await expect(page.getByTestId('node-rp1.1')).toBeVisible();
  expect(problems).toEqual([]);
});
