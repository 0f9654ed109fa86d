/**
 * Opens every panel, dialog, menu and inspector view of the lab in turn, and runs a check on each (the
 * contrast audit, axe). Each stop leaves the page as it found it, so stops can run in any order.
 */
import { expect, type Page } from '@playwright/test';
import { openLab, REGION_BASE, readBytes, writeBytes } from './lab';

export type Stop = {
  name: string;
  open: (page: Page) => Promise<void>;
  close?: (page: Page) => Promise<void>;
};

const DOCK_TABS = ['Access console', 'HDM decoders', 'CEDT', 'Address map', 'DPA hex', 'Check'];

async function dockTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('dock').getByRole('tab', { name: label }).click();
  await expect(page.getByTestId('dock').getByRole('tab', { name: label })).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

/** The Device tab's sub-view `view` (issue 17); the Mailbox view after an Identify, so its answer shows. */
async function deviceView(
  page: Page,
  view: 'Config space' | 'Device registers' | 'Mailbox' | 'Linux probe',
): Promise<void> {
  await page.getByTestId('dock').getByRole('tab', { name: 'Device', exact: true }).click();
  await page.getByTestId('device-panel').getByRole('tab', { name: view }).click();
  if (view !== 'Mailbox') {
    await expect(page.getByTestId('device-panel').locator('.dev-tree')).toBeVisible();
    return;
  }
  await page.getByTestId('mbox-send').click();
  await expect(page.getByTestId('mbox-rc')).toContainText('Success');
}

async function menuItem(page: Page, menu: string, item: RegExp): Promise<void> {
  await page.getByTestId(menu).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Any open dialog or popover (the `<dialog>` help, the modal dialogs, the header's popover). */
export function openDialogs(page: Page) {
  return page.locator('dialog[open], [role="dialog"]:visible');
}

async function pressEscape(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(openDialogs(page)).toHaveCount(0);
  await expect(page.getByRole('menu')).toHaveCount(0);
}

async function dialogFromMenu(page: Page, menu: string, item: RegExp): Promise<void> {
  await menuItem(page, menu, item);
  await expect(openDialogs(page).first()).toBeVisible();
}

export const STOPS: Stop[] = [
  { name: 'lab', open: async () => {} },
  ...DOCK_TABS.map((label) => ({ name: `dock ${label}`, open: (page: Page) => dockTab(page, label) })),
  ...(['Config space', 'Device registers', 'Mailbox', 'Linux probe'] as const).map((view) => ({
    name: `dock Device › ${view}`,
    open: (page: Page) => deviceView(page, view),
  })),
  {
    name: 'inspector mem3',
    open: async (page) => {
      await page.getByTestId('node-mem3').click();
      await expect(page.getByTestId('inspector-title')).toContainText('mem3');
    },
  },
  {
    name: 'inspector hb0',
    open: async (page) => {
      await page.getByTestId('node-hb0').click();
      await expect(page.getByTestId('inspector-title')).toContainText('hb0');
    },
  },
  {
    name: 'inspector CXL root',
    open: async (page) => {
      await page.getByTestId('node-cxl-root').click({ position: { x: 8, y: 8 } });
      await expect(page.getByTestId('inspector-title')).toBeVisible();
    },
  },
  {
    name: 'after a write and a read (decode bar, console log)',
    open: async (page) => {
      await writeBytes(page, REGION_BASE, 'de ad be ef');
      await readBytes(page, REGION_BASE, 16);
      await expect(page.getByTestId('decode-bar')).toBeVisible();
    },
  },
  {
    name: 'DPA hex with written bytes',
    open: async (page) => {
      // Writes its own bytes, so the stop holds when a tour part starts here.
      await writeBytes(page, REGION_BASE, 'de ad be ef');
      await dockTab(page, 'DPA hex');
    },
  },
  { name: 'Presets menu', open: (page) => page.getByTestId('menu-presets').click(), close: pressEscape },
  { name: 'File menu', open: (page) => page.getByTestId('menu-file').click(), close: pressEscape },
  { name: 'Help popover', open: (page) => page.getByTestId('help-button').click(), close: pressEscape },
  {
    name: 'canvas shortcuts dialog',
    open: async (page) => {
      await page.getByTestId('canvas-help').click();
      await expect(page.getByTestId('help-dialog')).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'regions dialog',
    open: async (page) => {
      await page.getByTestId('canvas-regions').click();
      await expect(page.getByTestId('region-dialog')).toBeVisible();
    },
    close: pressEscape,
  },
  { name: 'labs dialog', open: (page) => dialogFromMenu(page, 'menu-file', /Labs…/), close: pressEscape },
  {
    name: 'share dialog',
    open: (page) => dialogFromMenu(page, 'menu-share', /Copy link/),
    close: pressEscape,
  },
  {
    name: 'QEMU export dialog',
    open: (page) => dialogFromMenu(page, 'menu-share', /Export to QEMU/),
    close: pressEscape,
  },
  {
    name: 'QEMU import dialog',
    open: (page) => dialogFromMenu(page, 'menu-file', /Import QEMU/),
    close: pressEscape,
  },
  {
    name: 'cxl list import dialog',
    open: (page) => dialogFromMenu(page, 'menu-file', /Import cxl list/),
    close: pressEscape,
  },
  {
    name: 'side panels collapsed',
    open: async (page) => {
      await page.getByTestId('side-palette-toggle').click();
      await page.getByTestId('side-inspector-toggle').click();
      await expect(page.getByTestId('side-inspector')).toHaveAttribute('data-collapsed', 'true');
    },
    close: async (page) => {
      await page.getByTestId('side-palette-toggle').click();
      await page.getByTestId('side-inspector-toggle').click();
      await expect(page.getByTestId('side-inspector')).toHaveAttribute('data-collapsed', 'false');
    },
  },
  {
    name: 'presentation mode',
    open: async (page) => {
      await page.getByTestId('present-button').click();
      await expect(page.getByTestId('presentation-bar')).toBeVisible();
    },
    close: async (page) => {
      await page.getByTestId('presentation-leave').click();
      await expect(page.getByTestId('header')).toBeVisible();
    },
  },
  {
    // Findings with every part shown (errors, warnings, sources, behaviours) and a preset's answer.
    name: 'Check tab on the misprogrammed preset, answer shown',
    open: async (page) => {
      await page.getByTestId('menu-presets').click();
      await page.getByRole('menuitemradio', { name: /Misprogrammed/ }).click();
      await expect(page.getByTestId('node-mem3')).toBeVisible();
      await page.keyboard.press('Escape'); // nothing selected: the Inspector shows the notes
      await page.getByTestId('notes-show-answer').click();
      await dockTab(page, 'Check');
      await expect(page.getByTestId('finding-region.alias')).toBeVisible();
    },
    close: async (page) => {
      await page.getByTestId('menu-presets').click();
      await page.getByRole('menuitemradio').first().click();
      await expect(page.getByTestId('node-mem3')).toBeVisible();
    },
  },
  { name: 'lessons catalogue', open: (page) => openLessons(page), close: pressEscape },
  // The lesson stops come last: a lesson opens its own lab (leaving closes the panel; the lab stays).
  {
    name: 'lesson panel: predict step with a wrong answer and a hint',
    open: async (page) => {
      await page.goto('./#lesson=hpa-window&step=3');
      await expect(page.getByTestId('lesson-position')).toHaveText('Step 3 of 7 · predict');
      await page.getByTestId('lesson-answer-device').fill('mem0');
      await page.getByTestId('lesson-answer-dpa').fill('0x3000');
      await page.getByTestId('lesson-submit').click();
      await expect(page.getByTestId('lesson-verdict')).toContainText('Not quite');
      await page.getByTestId('lesson-hint').click();
    },
    close: leaveLesson,
  },
  {
    name: 'lesson panel: do step with a hint, a highlighted decoder field, a step link',
    open: async (page) => {
      await page.goto('./#lesson=vanishing-writes&step=4');
      await expect(page.getByTestId('lesson-position')).toHaveText('Step 4 of 9 · explain');
      await page.getByTestId('lesson-panel').getByRole('button', { name: 'hb0/0/error' }).click();
      await expect(page.locator('.reg-field.is-highlighted').first()).toBeVisible();
      await page.getByTestId('lesson-next').click();
      await page.getByTestId('lesson-check').click();
      await expect(page.getByTestId('lesson-verdict')).toContainText('Not yet');
      await page.getByTestId('lesson-hint').click();
      await page.getByTestId('lesson-link').click();
      await expect(page.getByTestId('lesson-link-text')).toHaveValue(/#lesson=vanishing-writes&step=fix$/);
    },
    close: leaveLesson,
  },
];

async function openLessons(page: Page): Promise<void> {
  await page.getByTestId('menu-lessons').click();
  await expect(page.getByTestId('lessons-dialog')).toBeVisible();
  await expect(page.getByTestId('lessons-list').locator('li')).toHaveCount(8);
}

async function leaveLesson(page: Page): Promise<void> {
  await page.getByTestId('lesson-leave').click();
  await expect(page.getByTestId('lesson-panel')).toHaveCount(0);
}

/**
 * Stops `part` of `parts` consecutive slices of the tour (the slices together are every stop once), so a
 * long check such as axe runs as several tests, each within its own time limit.
 */
export function tourPart(part: number, parts: number): Stop[] {
  const at = (k: number) => Math.floor((k * STOPS.length) / parts);
  return STOPS.slice(at(part), at(part + 1));
}

/** Opens the lab, then visits every stop (or `stops`) in order, calling `check` with the stop's name. */
export async function tour(
  page: Page,
  check: (stop: string) => Promise<void>,
  stops: Stop[] = STOPS,
): Promise<void> {
  await openLab(page);
  for (const stop of stops) {
    await stop.open(page);
    await check(stop.name);
    if (stop.close !== undefined) await stop.close(page);
  }
}
