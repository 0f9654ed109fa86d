import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';

const COMPONENT_IDS = ['hb0', 'hb1', 'rp0', 'rp1', 'rp2', 'rp3', 'mem0', 'mem1', 'mem2', 'mem3'];

async function openLab(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('node-mem3')).toBeVisible();
}

/** Computed background colour of the page body (theme tokens resolve there). */
function bodyBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

test('the shell renders header, palette, canvas, inspector and dock without console problems', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openLab(page);

  await expect(page).toHaveTitle('CXL Topology Lab');
  const header = page.getByTestId('header');
  await expect(header.getByRole('heading', { name: 'CXL Topology Lab' })).toBeVisible();
  for (const menu of ['Presets', 'File', 'Share']) {
    await expect(header.getByRole('button', { name: menu })).toBeVisible();
  }
  await expect(header.getByRole('button', { name: 'Help' })).toBeVisible();

  const palette = page.getByTestId('palette');
  for (const kind of ['Host bridge', 'Root port', 'Switch', 'Downstream port', 'Type 3 device']) {
    await expect(palette.getByText(kind, { exact: true })).toBeVisible();
  }

  // React Flow's pane must have a real size (it warns otherwise).
  const canvas = page.getByTestId('canvas');
  const box = await canvas.boundingBox();
  expect(box?.width).toBeGreaterThan(400);
  expect(box?.height).toBeGreaterThan(300);

  await expect(page.getByTestId('inspector-hint')).toHaveText(
    'Select a component on the canvas to see its properties.',
  );

  const dock = page.getByTestId('dock');
  for (const tab of ['Access console', 'HDM decoders', 'CEDT', 'Address map', 'DPA hex']) {
    await expect(dock.getByRole('tab', { name: tab })).toBeVisible();
  }

  expect(problems).toEqual([]);
});

test('the default topology is on the canvas', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);

  await expect(page.getByTestId('node-cxl-root')).toContainText('CXL root');
  await expect(page.getByTestId('window-cfmw0')).toContainText('0x4c00000000');
  await expect(page.getByTestId('window-cfmw0')).toContainText('2-way @ 4 KiB');
  for (const id of COMPONENT_IDS) {
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId('node-hb0')).toContainText('hb0UID 0');
  await expect(page.getByTestId('node-hb0')).toContainText('port1'); // Linux name
  await expect(page.getByTestId('node-rp1')).toContainText('rp1port 1');
  await expect(page.getByTestId('node-mem0')).toContainText('mem0 · endpoint3');
  await expect(page.getByTestId('node-mem0')).toContainText('4 GiB ram');
  // 2 window→host bridge + 4 host bridge→root port + 4 root port→device edges.
  await expect(page.locator('.react-flow__edge')).toHaveCount(10);

  // Top-down tree: host bridges above root ports above devices.
  const top = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())?.y ?? Number.NaN;
  expect(await top('hb0')).toBeLessThan(await top('rp0'));
  expect(await top('rp0')).toBeLessThan(await top('mem0'));

  expect(problems).toEqual([]);
});

test('clicking a node shows it in the Inspector; clicking the background clears it', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const inspector = page.getByTestId('inspector');

  await page.getByTestId('node-hb1').click();
  await expect(inspector.getByTestId('inspector-title')).toContainText('hb1');
  await expect(inspector.getByTestId('inspector-title')).toContainText('Host bridge');
  await expect(inspector).toContainText('UID');
  await expect(inspector).toContainText('0 → rp2, 1 → rp3');
  await expect(page.getByTestId('node-hb1')).toHaveClass(/is-selected/);

  await page.getByTestId('node-mem2').click();
  await expect(inspector.getByTestId('inspector-title')).toContainText('mem2');
  await expect(inspector).toContainText('4-way @ 4 KiB');
  await expect(page.getByTestId('node-hb1')).not.toHaveClass(/is-selected/);

  // The parent link in the Inspector selects the parent on the canvas.
  await inspector.getByRole('button', { name: 'rp2' }).click();
  await expect(inspector.getByTestId('inspector-title')).toContainText('rp2');
  await expect(page.getByTestId('node-rp2')).toHaveClass(/is-selected/);

  await page.getByTestId('node-cxl-root').click();
  await expect(inspector).toContainText('Window cfmw0');

  await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
  await expect(page.getByTestId('inspector-hint')).toBeVisible();

  expect(problems).toEqual([]);
});

test('dock tabs switch panels; menus open and close', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const dock = page.getByTestId('dock');

  await expect(dock.getByTestId('decoder-table')).toContainText('hb0.0');
  await dock.getByRole('tab', { name: 'CEDT' }).click();
  await expect(dock.getByRole('tab', { name: 'CEDT' })).toHaveAttribute('aria-selected', 'true');
  await expect(dock.getByRole('tabpanel')).toContainText('CFMWS');
  await dock.getByRole('tab', { name: 'CEDT' }).press('ArrowRight');
  await expect(dock.getByRole('tab', { name: 'Address map' })).toBeFocused();
  await expect(dock.getByRole('tabpanel')).toContainText('CXL Window 0');

  await page.getByTestId('menu-presets').click();
  const menu = page.getByRole('menu', { name: 'Presets' });
  await expect(menu.getByRole('menuitemradio', { checked: true })).toContainText('2 host bridges');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  await page.getByTestId('help-button').click();
  await expect(page.getByRole('dialog', { name: 'About the lab' })).toBeVisible();
  await page.getByTestId('canvas').click({ position: { x: 12, y: 12 } });
  await expect(page.getByRole('dialog', { name: 'About the lab' })).toBeHidden();

  expect(problems).toEqual([]);
});

test('light and dark themes follow the OS colour scheme', async ({ page }) => {
  const problems = watchConsole(page);
  const nodeBackground = () =>
    page.getByTestId('node-mem0').evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page);
  await page.getByTestId('node-hb0').click();
  const light = { body: await bodyBackground(page), node: await nodeBackground() };
  await page.screenshot({ path: 'test-results/shell.png' });

  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = { body: await bodyBackground(page), node: await nodeBackground() };
  expect(dark.body).not.toBe(light.body);
  expect(dark.node).not.toBe(light.node);
  await page.screenshot({ path: 'test-results/shell-dark.png' });

  expect(problems).toEqual([]);
});
