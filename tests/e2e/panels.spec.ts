/**
 * The panels end to end: program a 2-way region by typing into the HDM decoder registers, commit,
 * write through the access console, watch the decode path reach the device the spec predicts, find
 * the bytes in that device's DPA hex view at the predicted DPA, and read the CEDT field by field.
 * Screenshots of every panel, light and dark, go to test-results/.
 *
 * Lab: tests/fixtures/hb1-x2-blank.cxl-lab.json — one 8 GiB 1-way window at 0x4c00000000 on hb0,
 * whose root ports rp0.0 (port 0) and rp0.1 (port 1) lead to mem0 and mem1 (4 GiB each); every
 * decoder starts unprogrammed.
 */
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab } from './lab';

const FIXTURE = 'tests/fixtures/hb1-x2-blank.cxl-lab.json';
const BASE = 0x4c00000000;

// The HDM Decoder Capability Structure sits at cache/mem (0x1000) + 0x128 in each component's
// register block; decoder 0's registers start 0x10 further (CXL r3.1 §8.2.4.20).
const HDM = 0x1000 + 0x128;
const DEC0 = HDM + 0x10;
const REG = {
  baseHigh: DEC0 + 0x04,
  sizeHigh: DEC0 + 0x0c,
  control: DEC0 + 0x10,
  targetListLow: DEC0 + 0x14,
};
const hex = (n: number) => `0x${n.toString(16)}`;

// The region: 2 ways at 1 KiB granularity (IW = 1, IG = 2), 8 GiB from the window base.
const WAYS_ENC = 1;
const GRAN_ENC = 2;
const GRAN = 256 << GRAN_ENC;

// The access, and what the spec's decode arithmetic predicts for it (CXL r3.1 §8.2.4.20.13):
// host bridge way = (HPA >> (IG + 8)) & (ways - 1); Target List entry `way` names the root port;
// the device removes the interleave bit: DPA = ((off >> (IG + 8 + IW)) << (IG + 8)) | (off & (gran - 1)).
const OFFSET = 0x1434;
const HPA = BASE + OFFSET;
const WAY = (OFFSET >> (GRAN_ENC + 8)) & 1;
const DPA = ((OFFSET >> (GRAN_ENC + 8 + WAYS_ENC)) << (GRAN_ENC + 8)) | (OFFSET & (GRAN - 1));
const DEVICE = WAY === 1 ? 'mem1' : 'mem0';
const BYTES = [0xde, 0xad, 0xbe, 0xef];

function field(page: Page, component: string, offset: number, name: string) {
  return page.getByTestId(`reg-${component}-${offset.toString(16)}-field-${name}`);
}

async function type(page: Page, component: string, offset: number, name: string, value: string) {
  const input = field(page, component, offset, name);
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

async function tab(page: Page, name: string) {
  await page.getByTestId('dock').getByRole('tab', { name }).click();
}

async function openFixture(page: Page) {
  await page.getByTestId('open-file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('lab-name')).toContainText('decoders not programmed');
  await expect(page.getByTestId('node-mem1')).toBeVisible();
}

/** Selects `component` and programs decoder 0 field by field (Base, Size, IG, IW, targets). */
async function programDecoder0(page: Page, component: string, targets: number[] | null) {
  await page.getByTestId(`node-${component}`).click();
  await tab(page, 'HDM decoders');
  await expect(page.getByTestId('hdm-component')).toHaveValue(component);
  await type(page, component, REG.baseHigh, 'baseHigh', hex(BASE / 2 ** 32));
  await type(page, component, REG.sizeHigh, 'sizeHigh', hex((8 * 2 ** 30) / 2 ** 32));
  await type(page, component, REG.control, 'ig', String(GRAN_ENC));
  await type(page, component, REG.control, 'iw', String(WAYS_ENC));
  for (const [way, port] of (targets ?? []).entries()) {
    await type(page, component, REG.targetListLow, `target${way}`, hex(port));
  }
  await expect(page.getByTestId('hdm-decoder-0')).toContainText('0x4c00000000–0x4dffffffff');
  await expect(page.getByTestId('hdm-decoder-0')).toContainText('2-way × 1 KiB');
}

async function shot(page: Page, name: string, scheme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: scheme });
  await page.screenshot({ path: `test-results/panels-${name}-${scheme}.png` });
}

test('program a 2-way region through the registers, write, follow the decode path, find the bytes', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await openLab(page);
  await openFixture(page);

  // Host bridge: targets way 0 → port 0 (rp0.0), way 1 → port 1 (rp0.1); commit with the field.
  await programDecoder0(page, 'hb0', [0, 1]);
  await expect(field(page, 'hb0', REG.targetListLow, 'target1')).toHaveValue('0x1');
  // Checkboxes show the register: they change when the write has gone through the emulator.
  await field(page, 'hb0', REG.control, 'commit').click();
  await expect(field(page, 'hb0', REG.control, 'commit')).toBeChecked();
  await expect(page.getByTestId('hdm-state-0')).toContainText('Committed');
  await expect(field(page, 'hb0', REG.control, 'committed')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('hdm-message')).toContainText('Committed');

  // mem0: the same range; committed by a raw 32-bit write of the whole Control register:
  // IG 2 | IW 1 << 4 | Commit (bit 9) | Target Range Type host-only (bit 12) = 0x1212.
  await programDecoder0(page, 'mem0', null);
  const control = GRAN_ENC | (WAYS_ENC << 4) | (1 << 9) | (1 << 12);
  const raw = page.getByTestId(`reg-mem0-${REG.control.toString(16)}-raw`);
  await raw.fill(hex(control));
  await raw.press('Enter');
  await expect(page.getByTestId('hdm-state-0')).toContainText('Committed');
  // Committed (bit 10) came on: the register now reads 0x1612.
  await expect(raw).toHaveValue('0x00001612');

  // mem1: first a bad commit, the way hardware refuses it — decoder 1 with Lock On Commit while
  // decoder 0 is not committed fails the spec's check (CXL r3.1 §8.2.4.20.12) with Error Not Committed.
  await programDecoder0(page, 'mem1', null);
  const dec1Control = REG.control + 0x20;
  await page.getByTestId('hdm-decoder-1').evaluate((d) => {
    (d as HTMLDetailsElement).open = true;
  });
  await field(page, 'mem1', dec1Control, 'lockOnCommit').click();
  await expect(field(page, 'mem1', dec1Control, 'lockOnCommit')).toBeChecked();
  await page.getByTestId('hdm-commit-1').click();
  await expect(page.getByTestId('hdm-state-1')).toContainText('Error Not Committed');
  await expect(field(page, 'mem1', dec1Control, 'errorNotCommitted')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('hdm-failures-1')).toContainText('spec check');
  await expect(page.getByTestId('hdm-failures-1')).toContainText('decoder 0 is not committed');
  // The canvas shows it too: mem1's card is red, and its mark's hover text is the reason.
  const mem1Card = page.getByTestId('node-mem1');
  await expect(mem1Card).toHaveClass(/\bhas-error\b/);
  await expect(page.getByTestId('node-mem0')).not.toHaveClass(/\bhas-error\b/);
  const mark = mem1Card.getByRole('img', { name: /^Decoder error:/ });
  await expect(mark).toHaveAttribute('title', /decoder 0 is not committed/);
  await shot(page, 'hdm-error', 'light');
  await page.getByTestId('hdm-commit-1').click(); // Clear Commit
  await expect(page.getByTestId('hdm-state-1')).not.toContainText('Error');
  await expect(mem1Card).not.toHaveClass(/\bhas-error\b/);
  await field(page, 'mem1', dec1Control, 'lockOnCommit').click();
  await expect(field(page, 'mem1', dec1Control, 'lockOnCommit')).not.toBeChecked();
  await page.getByTestId('hdm-commit-0').click();
  await expect(page.getByTestId('hdm-state-0')).toContainText('Committed');
  await expect(page.getByTestId('decoder-state-mem1.0')).toHaveText('committed');
  await shot(page, 'hdm', 'light');
  await shot(page, 'hdm', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Write through the console; the decode path travels to the predicted device.
  expect(DEVICE).toBe('mem1');
  expect(DPA).toBe(0x834);
  await tab(page, 'Access console');
  await page.getByTestId('console-hpa').fill(hex(HPA));
  await page.getByTestId('console-bytes').fill(BYTES.map((b) => b.toString(16)).join(' '));
  await page.getByTestId('console-write').click();
  await expect(page.getByTestId('console-log-write').first()).toContainText(`→ ${DEVICE} DPA ${hex(DPA)}`);
  await expect(page.getByTestId('decode-bar')).toContainText(`Write 4 B at ${hex(HPA)}`);
  await page.getByTestId('decode-speed').selectOption('4');
  await expect(page.getByTestId(`decode-arrival-${DEVICE}`)).toContainText(`DPA ${hex(DPA)}`, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('decode-animation')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('decode-arrival-mem0')).toHaveCount(0);
  await expect(page.getByTestId('decode-hop')).toContainText(`${DEVICE} decoder 0`);
  await expect(page.getByTestId('decode-hop')).toContainText(`DPA = DPABase 0x0 + ${hex(DPA)}`);
  await shot(page, 'console', 'light');
  await shot(page, 'console', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Step back to the host bridge hop (4 hops: window, hb0 → root port, root port → device, decode).
  await page.getByTestId('decode-back').click();
  await expect(page.getByTestId('decode-animation')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId(`decode-arrival-${DEVICE}`)).toHaveCount(0);
  await expect(page.getByTestId('decode-hop')).toHaveText(`rp0.${WAY} → ${DEVICE}`);
  await page.getByTestId('decode-back').click();
  await expect(page.getByTestId('decode-hop')).toHaveText(
    `hb0 decoder 0 · IW 2-way · IG 1 KiB · HPA bits [10] = ${WAY} → target ${WAY} → rp0.${WAY} (port ${WAY})`,
  );
  await page.getByTestId('decode-step').click();
  await page.getByTestId('decode-step').click();
  await expect(page.getByTestId(`decode-arrival-${DEVICE}`)).toBeVisible();
  // Replay from the history: it plays from the first hop again.
  await page.getByTestId('console-replay').first().click();
  await expect(page.getByTestId('decode-animation')).toHaveAttribute('data-state', 'playing');
  await expect(page.getByTestId(`decode-arrival-${DEVICE}`)).toBeVisible({ timeout: 15_000 });

  // The bytes, in mem1's DPA hex view at the predicted DPA, highlighted as the last access.
  await page.getByTestId(`node-${DEVICE}`).click();
  await tab(page, 'DPA hex');
  await expect(page.getByTestId('hex-device')).toHaveValue(DEVICE);
  await page.getByTestId('hex-goto').fill(hex(DPA));
  await page.getByTestId('hex-goto').press('Enter');
  for (const [i, b] of BYTES.entries()) {
    const cell = page.locator(`[data-dpa="${DPA + i}"]`);
    await expect(cell).toHaveText(b.toString(16));
    await expect(cell).toHaveClass(/is-hit/);
  }
  // The reverse map: hovering the byte names the HPA that reaches it and the decoders on the way.
  await page.locator(`[data-dpa="${DPA + 1}"]`).hover();
  const hit = page.getByTestId('hex-reverse-hit');
  await expect(hit).toContainText(`HPA ${hex(HPA + 1)}`);
  await expect(hit).toContainText(`hb0 decoder 0 way ${WAY} → rp0.${WAY}`);
  await expect(hit).toContainText(`${DEVICE} decoder 0 → DPA ${hex(DPA + 1)}`);
  // Beyond the 4 GiB the region maps on each device… there is nothing; but no HPA reaches a byte of
  // mem1 that belongs to the other half of an interleave line either: every byte of mem1 is reached once.
  await shot(page, 'dpa-hex', 'light');
  await shot(page, 'dpa-hex', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Scroll to the end of the device with the keyboard: the last row is DPA 4 GiB − 16.
  await page.getByTestId('hex-grid').focus();
  await page.keyboard.press('Control+End');
  await expect(page.getByTestId(`hex-row-${(4 * 2 ** 30 - 16).toString(16)}`)).toBeVisible();

  // CEDT: the CFMWS Base HPA field is 8 bytes at 36 (header) + 32 (one CHBS) + 8 = 76.
  await tab(page, 'CEDT');
  const cfmwsBase = 36 + 32 + 8;
  await page.getByTestId(`cedt-field-${cfmwsBase}`).hover();
  for (let i = cfmwsBase; i < cfmwsBase + 8; i++) {
    await expect(page.getByTestId(`cedt-byte-${i}`)).toHaveClass(/is-lit/);
  }
  await expect(page.getByTestId(`cedt-byte-${cfmwsBase + 8}`)).not.toHaveClass(/is-lit/);
  // Base 0x4c00000000, little-endian: 00 00 00 00 4c 00 00 00.
  await expect(page.getByTestId(`cedt-byte-${cfmwsBase + 4}`)).toHaveText('4c');
  // And the other way: hovering a byte lights its field.
  await page.getByTestId(`cedt-byte-${cfmwsBase + 3}`).hover();
  await expect(page.getByTestId(`cedt-field-${cfmwsBase}`)).toHaveClass(/is-lit/);
  await shot(page, 'cedt', 'light');
  await shot(page, 'cedt', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Download cedt.dat, then open it as a table "from a real machine": the same fields come back.
  const download = page.waitForEvent('download');
  await page.getByTestId('cedt-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('cedt.dat');
  await page.getByTestId('cedt-file-input').setInputFiles(await file.path());
  await expect(page.getByTestId('cedt-source')).toContainText('Opened');
  await expect(page.getByTestId('cedt-source')).toContainText('108 bytes · 2 subtables');
  await expect(page.getByTestId(`cedt-byte-${cfmwsBase + 4}`)).toHaveText('4c');

  // Address map: the window and the region the registers now describe; the strip alternates devices
  // every 1 KiB granule, and clicking a granule reads it and animates the read.
  await tab(page, 'Address map');
  await expect(page.getByTestId('amap-window-cfmw0')).toContainText('4c00000000-4dffffffff');
  await expect(page.getByTestId('amap-region-region0')).toContainText('region0');
  await page.getByTestId('amap-region-region0').getByRole('button').click();
  const cells = page.getByTestId('interleave-strip');
  await expect(cells.getByTestId('strip-cell-0')).toHaveAttribute('data-device', 'mem0');
  await expect(cells.getByTestId('strip-cell-1')).toHaveAttribute('data-device', 'mem1');
  await expect(cells.getByTestId('strip-cell-5')).toContainText(`mem1${hex(2 * GRAN)}`);
  await cells.getByTestId('strip-cell-5').click();
  await expect(page.getByTestId('decode-bar')).toContainText(`Read 8 B at ${hex(BASE + 5 * GRAN)}`);
  await expect(page.getByTestId('decode-arrival-mem1')).toContainText(`DPA ${hex(2 * GRAN)}`, {
    timeout: 15_000,
  });
  await shot(page, 'address-map', 'light');
  await shot(page, 'address-map', 'dark');

  expect(problems).toEqual([]);
});

test('a failed access names the hop that failed; reduced motion still shows every hop', async ({ page }) => {
  const problems = watchConsole(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLab(page);
  await openFixture(page);
  // hb0 decoder 0 covers the window but is not committed: the access fails at hb0.
  await programDecoder0(page, 'hb0', [0, 1]);
  await tab(page, 'Access console');
  await page.getByTestId('console-hpa').fill(hex(BASE + 0x40));
  await page.getByTestId('console-read-8').click();
  const entry = page.getByTestId('console-log-read').first();
  await expect(entry.getByTestId('console-failure')).toContainText('Failed at hb0 decoder 0');
  await expect(entry.getByTestId('console-failure')).toContainText('not committed');
  await expect(page.getByTestId('decode-failure-hb0')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('decode-hop')).toContainText(
    '✕ read 0x4c00000040+0x8 returns all-ones: hb0: decoder 0',
  );
  await page.screenshot({ path: 'test-results/panels-failed-access-light.png' });
  expect(problems).toEqual([]);
});

test('the dock resizes from its top edge and collapses, by mouse and keyboard', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const dock = page.getByTestId('dock');
  const height = async () => (await dock.boundingBox())?.height ?? 0;
  const before = await height();
  const edge = await page.getByTestId('dock-resize').boundingBox();
  if (edge === null) throw new Error('no resize edge');
  await page.mouse.move(edge.x + 200, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 200, edge.y - 120, { steps: 5 });
  await page.mouse.up();
  expect(await height()).toBeGreaterThan(before + 100);
  await page.getByTestId('dock-resize').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await height()).toBeLessThan(before + 100);
  await page.getByTestId('dock-toggle').click();
  await expect(page.getByTestId('dock').getByRole('tabpanel')).toHaveCount(0);
  await page.getByTestId('dock-toggle').press('Enter');
  await expect(page.getByTestId('dock').getByRole('tabpanel')).toBeVisible();
  expect(problems).toEqual([]);
});
