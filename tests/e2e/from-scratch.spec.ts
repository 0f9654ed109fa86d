/**
 * Building a lab from scratch with the mouse, as a teacher would on a projector (1024×700) and a
 * laptop (1440×900): File ▸ New lab ▸ Blank, a host bridge dropped where the pointer is, a window
 * from the next-step hint, root ports dropped onto the host bridge, two devices dropped on the same
 * spot (the second nudged clear), one re-parented by dragging it onto a root port, the other
 * connected from the keyboard (C), a 2-way region, a write, and the bytes in the DPA hex view at the
 * DPAs the interleave arithmetic gives. Every drag is page.mouse down / move / up. Screenshots go to
 * test-results/scratch-*.png to be looked at.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { openLab, viewportSettled, waitSaved } from './lab';

type Point = { x: number; y: number };

async function centre(locator: Locator): Promise<Point> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real mouse drag: press, move in steps (HTML5 drag and drop needs several moves), release. */
async function mouseDrag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

async function dragFromPalette(page: Page, kind: string, to: Point): Promise<void> {
  await mouseDrag(page, await centre(page.getByTestId(`palette-${kind}`)), to);
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

function edge(page: Page, id: string): Locator {
  return page.locator(`.react-flow__edge[data-id="${id}"]`);
}

function overlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function shots(page: Page, name: string, size: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/scratch-${name}-${size}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Where each byte of a write lands, worked from the interleave arithmetic (CXL r3.1 §8.2.4.20.13,
 * HDM decoder interleave): a 1-way window over hb0, whose decoder interleaves 2 ways at G = 256 B
 * across rp0 (position 0, mem0) and rp1 (position 1, mem1). For the offset o = HPA − region base:
 * position = ⌊o / G⌋ mod 2, and on the device DPA = ⌊o / (2·G)⌋·G + (o mod G) (each device keeps
 * every other 256 B chunk, packed).
 */
function landing(offset: number): { device: string; dpa: number } {
  const G = 256;
  const ways = 2;
  const position = Math.floor(offset / G) % ways;
  return {
    device: position === 0 ? 'mem0' : 'mem1',
    dpa: Math.floor(offset / (G * ways)) * G + (offset % G),
  };
}

const REGION_BASE = 0x4c_0000_0000; // cfmw0's base: Add window places the first window here
const WRITE_OFFSET = 0xf0; // 32 bytes from here cross the 256 B chunk boundary at 0x100
const BYTES = Array.from({ length: 32 }, (_, i) => 0x40 + i);

/** File ▸ New lab… ▸ Blank lab. */
async function newBlankLab(page: Page): Promise<void> {
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /New lab/ }).click();
  await expect(page.getByTestId('new-lab-dialog')).toBeVisible();
  await expect(page.getByTestId('new-lab-blank')).toBeFocused();
  await page.getByTestId('new-lab-blank').click();
  await expect(page.getByTestId('lab-name')).toHaveText('Untitled lab 1');
  await expect(page.locator('.react-flow__node')).toHaveCount(1); // the CXL root only
  await waitSaved(page);
}

/** Host bridge at the pointer, the window from the hint, two root ports dropped onto hb0. */
async function buildUpperTree(page: Page, size: string): Promise<void> {
  const hint = page.getByTestId('next-step');
  await expect(hint).toHaveAttribute('data-step', 'add-host-bridge');
  const root = await page.getByTestId('node-cxl-root').boundingBox();
  if (root === null) throw new Error('no root');
  const at = { x: root.x + root.width / 2, y: root.y + root.height + 90 };
  await dragFromPalette(page, 'host-bridge', at);
  await expect(node(page, 'hb0')).toBeVisible();
  const hb = await centre(node(page, 'hb0'));
  // Dropped where the pointer was: the card is centred on the drop point.
  expect(Math.abs(hb.x - at.x)).toBeLessThan(3);
  expect(Math.abs(hb.y - at.y)).toBeLessThan(3);

  await expect(hint).toHaveAttribute('data-step', 'add-window');
  await expect(hint).toContainText('Add a window to the CXL root to route accesses');
  await shots(page, 'hint-window', size);
  await page.getByTestId('next-step-action').click();
  await expect(page.getByTestId('window-cfmw0')).toContainText('1-way');

  await expect(hint).toHaveAttribute('data-step', 'add-root-port');
  await dragFromPalette(page, 'root-port', await centre(node(page, 'hb0')));
  await expect(node(page, 'rp0')).toContainText('port 0');
  await dragFromPalette(page, 'root-port', await centre(node(page, 'hb0')));
  await expect(node(page, 'rp1')).toContainText('port 1');
  await expect(edge(page, 'hb0->rp1')).toHaveCount(1);
  await page.keyboard.press('f'); // zoom to fit
  await viewportSettled(page);
}

/**
 * Two devices dropped close together on empty canvas: the first centred on the pointer, the second
 * (its pointer beside the first, where a centred card would overlap it) nudged clear, both in view.
 */
async function dropTwoDevices(page: Page): Promise<void> {
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'add-device');
  // Zoomed out a step (the wheel over the canvas), for room below the ports at 1024×700.
  const paneBox = await page.locator('.react-flow__pane').boundingBox();
  if (paneBox === null) throw new Error('no pane');
  await page.mouse.move(paneBox.x + paneBox.width / 2, paneBox.y + paneBox.height / 3);
  await page.mouse.wheel(0, 400);
  await viewportSettled(page);
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const rp0 = await node(page, 'rp0').boundingBox();
  if (pane === null || rp0 === null) throw new Error('no layout');
  const spot = { x: rp0.x + rp0.width / 2, y: Math.min(rp0.y + rp0.height + 110, pane.y + pane.height - 80) };
  await dragFromPalette(page, 'type3', spot);
  await expect(node(page, 'mem0')).toContainText('not connected');
  const first = await node(page, 'mem0').boundingBox();
  if (first === null) throw new Error('no mem0');
  expect(Math.abs(first.x + first.width / 2 - spot.x)).toBeLessThan(3);
  expect(Math.abs(first.y + first.height / 2 - spot.y)).toBeLessThan(3);
  // Three quarters of a card to the right: the pointer is off mem0, a centred card would overlap it.
  await dragFromPalette(page, 'type3', { x: spot.x + first.width * 0.75, y: spot.y });
  await expect(node(page, 'mem1')).toContainText('not connected');
  const second = await node(page, 'mem1').boundingBox();
  if (second === null) throw new Error('no mem1');
  expect(overlap(first, second)).toBe(false);
  for (const box of [first, second]) {
    expect(box.x).toBeGreaterThanOrEqual(pane.x);
    expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
  }
}

/** mem0 dragged onto rp0; mem1 refused on hb0 (stays put), then connected with C ▸ rp1 ▸ Enter. */
async function connectDevices(page: Page, size: string): Promise<void> {
  const hint = page.getByTestId('next-step');
  await expect(hint).toHaveAttribute('data-step', 'connect-draft');
  await expect(hint).toContainText('Connect mem0 to a root port or downstream port');
  const mem0 = await node(page, 'mem0').boundingBox();
  if (mem0 === null) throw new Error('no mem0');
  await mouseDrag(page, { x: mem0.x + 30, y: mem0.y + 16 }, await centre(node(page, 'rp0')));
  await expect(edge(page, 'rp0->mem0')).toHaveCount(1);

  const before = await node(page, 'mem1').boundingBox();
  if (before === null) throw new Error('no mem1');
  await mouseDrag(page, { x: before.x + 30, y: before.y + 16 }, await centre(node(page, 'hb0')));
  const toast = page.getByTestId('toast-stack');
  await expect(toast).toContainText(
    'mem1 stays where it was: a Type 3 device must sit below a root port or downstream port, not below a host bridge',
  );
  await expect.poll(async () => (await node(page, 'mem1').boundingBox())?.x ?? 0).toBeCloseTo(before.x, 0);
  await toast.getByRole('button', { name: 'Dismiss' }).click();

  await node(page, 'mem1').click({ position: { x: 40, y: 50 } });
  await page.keyboard.press('c');
  const dialog = page.getByTestId('connect-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^rp/ })).toHaveCount(1); // rp0 is taken by mem0
  await expect(page.getByTestId('connect-to-rp1')).toBeFocused();
  await shots(page, 'connect-dialog', size);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(edge(page, 'rp1->mem1')).toHaveCount(1);
}

/** The hint's Regions… button; a 2-way ram region at 256 B over mem0, mem1. */
async function createRegion(page: Page): Promise<void> {
  const hint = page.getByTestId('next-step');
  await expect(hint).toHaveAttribute('data-step', 'create-region');
  await hint.getByTestId('next-step-action').click();
  const dialog = page.getByTestId('region-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('region-add-mem0').click();
  await page.getByTestId('region-add-mem1').click();
  await page.getByTestId('region-granularity').fill('256');
  await page.getByTestId('region-size').fill('8G');
  await page.getByTestId('region-mode').getByText('volatile (ram)').click();
  await page.getByTestId('region-plan-button').click();
  await expect(page.getByTestId('region-plan-summary')).toContainText('2-way × 256 B');
  await page.getByTestId('region-create').click();
  await expect(page.getByTestId('region-message')).toHaveText('Created region0');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** The write from the hint's console button, and each byte in DPA hex where the arithmetic says. */
async function writeAndCheckBytes(page: Page): Promise<void> {
  const hint = page.getByTestId('next-step');
  await expect(hint).toHaveAttribute('data-step', 'write');
  await expect(hint).toContainText('Write to region0 at 0x4c00000000');
  await hint.getByTestId('next-step-action').click();
  const hpa = `0x${(REGION_BASE + WRITE_OFFSET).toString(16)}`;
  await page.getByTestId('console-hpa').fill(hpa);
  await page.getByTestId('console-bytes').fill(BYTES.map((b) => b.toString(16)).join(' '));
  await page.getByTestId('console-write').click();
  await expect(page.getByTestId('console-log-write').first()).toContainText(`at ${hpa}`);
  await expect(hint).toHaveAttribute('data-step', 'done');

  // By hand: offsets 0xf0…0xff are chunk 0 (mem0, DPA 0xf0…0xff); 0x100…0x10f are chunk 1
  // (mem1, DPA 0x00…0x0f). The function above gives the same for every byte.
  expect(landing(0xf0)).toEqual({ device: 'mem0', dpa: 0xf0 });
  expect(landing(0x10f)).toEqual({ device: 'mem1', dpa: 0x0f });
  // The console's own account of the write agrees with the arithmetic below.
  await expect(page.getByTestId('console-log-write').first()).toContainText(
    '→ mem0 DPA 0xf0 (16 B), mem1 DPA 0x0 (16 B)',
  );
  await page.getByTestId('dock').getByRole('tab', { name: 'DPA hex' }).click();
  for (const device of ['mem0', 'mem1']) {
    // The hex view shows the selected device, else the one picked: clear the selection (Esc), pick.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await page.getByTestId('hex-device').selectOption(device);
    await expect(page.getByTestId('hex-device')).toHaveValue(device);
    const mine = BYTES.map((b, i) => ({ b, ...landing(WRITE_OFFSET + i) })).filter(
      (x) => x.device === device,
    );
    expect(mine).toHaveLength(16);
    await page.getByTestId('hex-goto').fill(`0x${(mine[0]?.dpa ?? 0).toString(16)}`);
    await page.getByTestId('hex-goto').press('Enter');
    for (const { b, dpa } of mine) {
      await expect(page.locator(`[data-dpa="${dpa}"]`)).toHaveText(b.toString(16).padStart(2, '0'));
    }
  }
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  const name = `${size.width}x${size.height}`;
  test(`from scratch with the mouse at ${name}: blank → host bridge → window → ports → devices → 2-way region → write → hex`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await openLab(page);
    await newBlankLab(page);
    await page.getByTestId('dock-toggle').click(); // room for the canvas while building
    await shots(page, 'blank', name);
    await buildUpperTree(page, name);
    await dropTwoDevices(page);
    await shots(page, 'drafts', name);
    await connectDevices(page, name);
    await createRegion(page);
    await writeAndCheckBytes(page);
    await shots(page, 'done', name);
    expect(problems).toEqual([]);
  });
}
