/** Page helpers for the lab's browser tests: open the lab, use the access console and decoder table. */
import { expect, type Page } from '@playwright/test';
import type {} from '../../src/lib/test-hook.ts';

export const REGION_BASE = '0x4c00000000';

export async function openLab(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
}

export async function openConsole(page: Page): Promise<void> {
  await page.getByTestId('dock').getByRole('tab', { name: 'Access console' }).click();
  await expect(page.getByTestId('access-console')).toBeVisible();
}

export async function writeBytes(page: Page, hpa: string, bytes: string): Promise<void> {
  await openConsole(page);
  await page.getByTestId('console-hpa').fill(hpa);
  await page.getByTestId('console-bytes').fill(bytes);
  await page.getByTestId('console-write').click();
  await expect(page.getByTestId('console-log-write').first()).toContainText(`at ${hpa}`);
}

/** Reads `length` bytes at `hpa` through the console; returns the hex dump text. */
export async function readBytes(page: Page, hpa: string, length: number): Promise<string> {
  await openConsole(page);
  const before = await page.getByTestId('console-log-read').count();
  await page.getByTestId('console-hpa').fill(hpa);
  await page.getByTestId('console-read-length').fill(String(length));
  await page.getByTestId('console-read').click();
  await expect(page.getByTestId('console-log-read')).toHaveCount(before + 1);
  return (await page.getByTestId('console-read-data').first().textContent()) ?? '';
}

export async function openDecoders(page: Page): Promise<void> {
  await page.getByTestId('dock').getByRole('tab', { name: 'HDM decoders' }).click();
  await expect(page.getByTestId('decoder-table')).toBeVisible();
}

export function decoderState(page: Page, name: string) {
  return page.getByTestId(`decoder-state-${name}`);
}

export async function toggleDecoder(page: Page, name: string, expected: string): Promise<void> {
  await openDecoders(page);
  await page.getByTestId(`decoder-toggle-${name}`).click();
  await expect(decoderState(page, name)).toHaveText(expected);
}

export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
}

/**
 * Waits until the canvas viewport stops moving (a fit or zoom animates its transform): two reads of the
 * viewport's transform 100 ms apart agree.
 */
export async function viewportSettled(page: Page): Promise<void> {
  const viewport = page.locator('.react-flow__viewport');
  let previous: string | null = null;
  await expect(async () => {
    const now = await viewport.evaluate((el) => (el as HTMLElement).style.transform);
    const before = previous;
    previous = now;
    expect(now).toBe(before);
  }).toPass({ intervals: [100], timeout: 10_000 });
}
