/**
 * Issue 18's browser test: build the two-host pool from the "bind it yourself" preset (2 hosts × 1
 * switch × 2 MLDs, every vPPB unbound), bind the LDs with the Fabric Manager panel, make each host's
 * 2-way region, write from both hosts through the access console, and find each host's bytes in the
 * MLD hex view at the media offsets worked out below; the reverse map names the host and HPA, and an
 * HPA goes to that host's access console. Layout, axe and text contrast at 1024×700 and 1440×900, light
 * and dark (PNGs in test-results/).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, waitSaved, writeBytes } from './lab';
import { auditText, contrastFailures } from './text-audit';

const hex = (n: number) => `0x${n.toString(16)}`;
const GIB = 2 ** 30;

/** Both hosts' window and region start at 0x4c00000000 (the preset's cfmw0, Linux's first region). */
const REGION = 0x4c_0000_0000;
/** 2-way interleave at 256 B: members mld0.ldN (position 0) then mld1.ldN (position 1). */
const WAYS = 2;
const GRAN = 256;
/** Each LD is 1 GiB; LDs sit in their MLD's media in LD-ID order (docs/multi-host.md "Media layout"). */
const LD_SIZE = GIB;

/**
 * Where an HPA offset lands (CXL 2.0 §8.2.5.12 modulo interleave, as the decoders program it): the
 * granule's position picks the member, the device drops the way bits (DPA = granule row × 256 +
 * offset in granule), and the byte sits at the LD's base in the MLD's media (LD n's base = n × 1 GiB).
 */
function land(hpaOffset: number, ld: number): { device: string; dpa: number; media: number } {
  const granule = Math.floor(hpaOffset / GRAN);
  const position = granule % WAYS;
  const dpa = Math.floor(granule / WAYS) * GRAN + (hpaOffset % GRAN);
  return { device: ['mld0', 'mld1'][position] ?? '?', dpa, media: ld * LD_SIZE + dpa };
}

// HPA offset 0x200: granule 2, position 0 → mld0, DPA 1 × 256 + 0 = 0x100.
// HPA offset 0x310: granule 3, position 1 → mld1, DPA 1 × 256 + 0x10 = 0x110.
// hostA owns LD 0 of each MLD (base 0): media 0x100 and 0x110.
// hostB owns LD 1 (base 1 GiB = 0x40000000): media 0x40000100 and 0x40000110.
const WRITES = [
  { host: 'hostA', ld: 0, offset: 0x200, bytes: [0xa0, 0xa1, 0xa2, 0xa3] },
  { host: 'hostA', ld: 0, offset: 0x310, bytes: [0xa4, 0xa5, 0xa6, 0xa7] },
  { host: 'hostB', ld: 1, offset: 0x200, bytes: [0xb0, 0xb1, 0xb2, 0xb3] },
  { host: 'hostB', ld: 1, offset: 0x310, bytes: [0xb4, 0xb5, 0xb6, 0xb7] },
] as const;

async function focusHost(page: Page, host: string) {
  await page.getByTestId('host-switcher-select').selectOption(host);
  await expect(page.getByTestId('host-switcher-select')).toHaveValue(host);
}

async function dockTab(page: Page, name: string) {
  await page.getByTestId('dock').getByRole('tab', { name, exact: true }).click();
}

/** Bind VCS `vcs` vPPB `vppb` to LD `ld` of the MLD on port `port`, and run the bind to its end. */
async function bind(page: Page, vcs: number, vppb: number, port: number, ld: number) {
  const row = page.getByTestId(`fm-row-sw0/${vcs}/${vppb}`);
  await expect(row.getByTestId('fm-row-status')).toHaveText('Unbound');
  await row.getByTestId('fm-row-bind').click();
  await page.getByTestId(`fm-bind-choice-${port}-${ld}`).check();
  await page.getByTestId('fm-bind-send').click();
  await expect(page.getByTestId('fm-last-rc')).toHaveText('Background Command Started (0x01)');
  await page.getByTestId('fm-complete').click();
  await expect(page.getByTestId('fm-completion')).toContainText('Bind vPPB completed → Success (0x00)');
  await expect(row.getByTestId('fm-row-status')).toHaveText('Bound LD');
}

/** The focused host's 2-way region at 256 B over mld0.ldN then mld1.ldN, from the Regions dialog. */
async function makeRegion(page: Page, ld: number) {
  await page.getByTestId('canvas-regions').click();
  await page.getByTestId(`region-add-mld0.ld${ld}`).click();
  await page.getByTestId(`region-add-mld1.ld${ld}`).click();
  await expect(page.getByTestId('region-member-0')).toContainText(`mld0.ld${ld}`);
  await page.getByTestId('region-granularity').fill('256');
  await page.getByTestId('region-size').fill('2G');
  await page.getByTestId('region-plan-button').click();
  // 2 × 1 GiB from the window's base: 0x4c00000000–0x4c7fffffff.
  await expect(page.getByTestId('region-plan-summary')).toContainText(
    `${hex(REGION)}–${hex(REGION + 2 * GIB - 1)}`,
  );
  await page.getByTestId('region-create').click();
  await expect(page.getByTestId('region-message')).toHaveText('Created region0');
  await page.getByTestId('region-dialog').getByRole('button', { name: 'Close' }).click();
}

/** The MLD hex view of `device` with the cursor on media offset `offset` (the Go to field shows it). */
async function mediaAt(page: Page, device: string, offset: number) {
  await dockTab(page, 'DPA hex');
  const picker = page.getByTestId('hex-device');
  if ((await picker.inputValue()) !== `fabric::${device}`) await picker.selectOption(`fabric::${device}`);
  await expect(page.getByTestId('dpa-hex')).toHaveAttribute('data-mode', 'media');
  const goTo = page.getByTestId('hex-goto');
  await goTo.fill('');
  await goTo.fill(hex(offset));
  await goTo.press('Enter');
  await expect(goTo).toHaveValue(hex(offset));
}

function byteAt(page: Page, offset: number) {
  return page.getByTestId('hex-grid').locator(`[data-dpa="${offset}"]`);
}

test('two hosts bind, write and find their own bytes in the MLD hex view; the reverse map names host and HPA', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  // The arithmetic above, checked by hand once more: 0x200 → mld0 DPA 0x100; 0x310 → mld1 DPA 0x110.
  expect(land(0x200, 1)).toEqual({ device: 'mld0', dpa: 0x100, media: 0x4000_0100 });
  expect(land(0x310, 0)).toEqual({ device: 'mld1', dpa: 0x110, media: 0x110 });

  await openLab(page);
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /bind it yourself/ }).click();
  await expect(page.getByTestId('host-switcher-select')).toHaveValue('hostA');
  await waitSaved(page);

  // The fabric manager binds hostA's VCS 0 to LD 0 of mld0 (port 2) and mld1 (port 3), hostB's VCS 1 to the LD 1s.
  await dockTab(page, 'Fabric');
  await bind(page, 0, 0, 2, 0);
  await bind(page, 0, 1, 3, 0);
  await bind(page, 1, 0, 2, 1);
  await bind(page, 1, 1, 3, 1);

  for (const [host, ld] of [
    ['hostA', 0],
    ['hostB', 1],
  ] as const) {
    await focusHost(page, host);
    await makeRegion(page, ld);
  }

  // Each host writes at the same HPAs of its own region; the console says where each piece went.
  for (const w of WRITES) {
    await focusHost(page, w.host);
    const at = land(w.offset, w.ld);
    await writeBytes(page, hex(REGION + w.offset), w.bytes.map((b) => b.toString(16)).join(' '));
    await expect(page.getByTestId('console-log-write').first()).toContainText(
      `→ ${at.device}.ld${w.ld} DPA ${hex(at.dpa)}`,
    );
  }

  // Each host's bytes at its media offset; the other host's slice holds its own bytes, never these.
  for (const w of WRITES) {
    const at = land(w.offset, w.ld);
    await mediaAt(page, at.device, at.media);
    for (const [i, b] of w.bytes.entries())
      await expect(byteAt(page, at.media + i)).toHaveText(b.toString(16).padStart(2, '0'));
    await expect(page.getByTestId('hex-ruler')).toContainText(`LD ${w.ld} · ${w.host}`);
  }

  // The reverse map of hostB's first byte in mld1 (media 0x40000110): LD 1, DPA 0x110, hostB, HPA 0x4c00000310.
  await focusHost(page, 'hostA');
  await mediaAt(page, 'mld1', 0x4000_0110);
  await expect(page.getByTestId('hex-media-where')).toHaveText('LD 1 · DPA 0x110');
  // The keyboard moves the cursor; the pointer shows the byte under it.
  await page.getByTestId('hex-grid').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('hex-media-where')).toHaveText('LD 1 · DPA 0x111');
  await page.keyboard.press('ArrowLeft');
  await byteAt(page, 0x4000_0112).hover();
  await expect(page.getByTestId('hex-media-where')).toHaveText('LD 1 · DPA 0x112');
  await page.mouse.move(0, 0);
  const reverse = page.getByTestId('hex-reverse');
  await expect(page.getByTestId('hex-media-where')).toHaveText('LD 1 · DPA 0x110');
  await expect(page.getByTestId('hex-media-reach')).toContainText('hostB reaches it as mld1.ld1');
  const hpa = reverse.getByTestId('hex-media-hpa');
  await expect(hpa).toHaveCount(1);
  await expect(hpa).toContainText(`HPA ${hex(REGION + 0x310)}`);
  await expect(page.getByTestId('hex-legend-row')).toHaveCount(2);
  await expect(page.getByTestId('hex-legend-row').nth(1)).toContainText('0x40000000–0x7fffffff');
  await expect(page.getByTestId('hex-legend-row').nth(1)).toContainText('hostB');

  await layoutChecks(page, 0x4000_0110);

  // The HPA button focuses hostB and puts the HPA in its access console's read form.
  await page.getByTestId('hex-grid').focus();
  await hpa.getByRole('button').click();
  await expect(page.getByTestId('host-switcher-select')).toHaveValue('hostB');
  await expect(page.getByTestId('console-hpa')).toHaveValue(hex(REGION + 0x310));
  await expect(page.getByTestId('console-host')).toHaveText('hostB');

  // hostB's LD in its own DPA view says where it lies in mld0's media, and links to that media view.
  await dockTab(page, 'DPA hex');
  await page.getByTestId('hex-device').selectOption('mld0.ld1');
  await expect(page.getByTestId('dpa-hex')).toHaveAttribute('data-mode', 'dpa');
  await expect(page.getByTestId('hex-ld-media')).toContainText(
    'LD 1 of mld0: media offset 0x40000000–0x7fffffff',
  );
  await page.getByTestId('hex-ld-media-link').click();
  await expect(page.getByTestId('hex-device')).toHaveValue('fabric::mld0');
  expect(problems).toEqual([]);
});

/** At 1024×700 and 1440×900, light and dark: nothing covers the grid or the reverse map; axe; text contrast. */
async function layoutChecks(page: Page, offset: number) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      // The pointer away from the grid: the reverse map shows the cursor's byte.
      await page.mouse.move(0, 0);
      await expect(page.getByTestId('hex-goto')).toHaveValue(hex(offset));
      await expect(page.getByTestId('hex-media-where')).toHaveText('LD 1 · DPA 0x110');
      await page.screenshot({ path: `test-results/mld-hex-${width}x${height}-${scheme}.png` });
      for (const id of ['hex-grid', 'hex-reverse']) {
        // The element at the box's centre is the grid (or the reverse map) or inside it: nothing on top.
        const box = await page.getByTestId(id).boundingBox();
        if (box === null) throw new Error(`${id} has no box`);
        expect(box.y + box.height, `${id} inside the window`).toBeLessThanOrEqual(height);
        const on = await page.evaluate(
          ([x, y, testId]) => {
            const hit = document.elementFromPoint(x, y);
            return hit?.closest(`[data-testid="${testId}"]`) !== null;
          },
          [box.x + box.width / 2, box.y + Math.min(box.height / 2, 20), id] as const,
        );
        expect(on, `${id} uncovered at ${width}×${height} ${scheme}`).toBe(true);
      }
      const axe = await new AxeBuilder({ page })
        .include('[data-testid="dpa-hex"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      expect(axe.violations.map((v) => `${v.id} ${scheme} ${width}: ${v.nodes[0]?.target}`)).toEqual([]);
      const { samples } = await auditText(page);
      const inHex = samples.filter((s) => /hex|dpa/i.test(s.where));
      expect(contrastFailures(inHex).map((s) => `${s.where} "${s.text}" ${s.ratio}:1 ${scheme}`)).toEqual([]);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}
