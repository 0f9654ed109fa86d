/**
 * The canvas bench's multi-host case (issue 18): opens the scale lab (16 hosts, 256 logical devices,
 * `bench/topologies.ts` `scaleFabric`) in the built app through File ▸ Open and waits until the canvas
 * has drawn every host and every MLD.
 */
import type { Page } from '@playwright/test';
import { SCALE_HOSTS, SCALE_MLDS, scaleFabricText, scaleHostId } from './topologies.ts';

/** How long the app may take to open the lab and draw it (2 cores shared with other work). */
const OPEN_TIMEOUT_MS = 60_000;

/**
 * Canvas node ids drawn for a multi-host lab (`src/lib/fabric-node-ids.ts`): a host's components are
 * `host::ID::component`, fabric switches and devices `fabric::ID`. React Flow puts the id in `data-id`.
 */
const LAST_HOST = `.react-flow__node[data-id^="host::${scaleHostId(SCALE_HOSTS - 1)}::"]`;
const LAST_MLD = `.react-flow__node[data-id="fabric::mld${SCALE_MLDS - 1}"]`;

/** The toasts on screen, to say why the lab did not open. */
async function toastText(page: Page): Promise<string> {
  const stack = page.getByTestId('toast-stack');
  if ((await stack.count()) === 0) return '(no toast)';
  const text = ((await stack.textContent()) ?? '').replace(/×/g, '').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Waits until the canvas's node count has not changed for half a second (the drawing is complete). */
async function nodeCountSettled(page: Page): Promise<void> {
  const nodes = page.locator('.react-flow__node');
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const n = await nodes.count();
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 500) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Opens the scale lab in a page already showing the app (default preset loaded), collapses the dock,
 * and returns once the last host's and the last MLD's nodes are on the canvas. Throws with the
 * app's message when it refuses the file or does not draw it in time.
 */
export async function openScaleFabric(page: Page): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'scale-16h-256ld.cxl-lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(scaleFabricText()),
  });
  // Drawn, or refused (the worker's refusal reads "NAME was not opened: …", src/worker/handler.ts).
  const refused = page.getByTestId('toast-stack').getByText('was not opened');
  const drawn = page.locator(LAST_HOST).first();
  try {
    await drawn.or(refused).first().waitFor({ state: 'attached', timeout: OPEN_TIMEOUT_MS });
    if ((await drawn.count()) === 0) throw new Error('refused');
    await page.locator(LAST_MLD).waitFor({ state: 'attached', timeout: OPEN_TIMEOUT_MS });
  } catch {
    const toast = await toastText(page);
    const said =
      toast === '' || toast === '(no toast)' ? `no ${LAST_HOST} or ${LAST_MLD} on the canvas` : toast;
    throw new Error(`the app did not draw the 16-host lab: ${said}`);
  }
  await nodeCountSettled(page);
  const dock = page.getByTestId('dock-toggle');
  if ((await dock.getAttribute('aria-expanded')) === 'true') await dock.click();
  await page.waitForTimeout(500);
}
