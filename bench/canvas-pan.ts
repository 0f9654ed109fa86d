/**
 * Pan measurement for the canvas bench: drag the canvas for 2 s while the page records animation
 * frames, zoom to about 100 %, and the median / p95 of the frame gaps. Shared by every pan case.
 */
import type { Page } from '@playwright/test';

const PAN_MS = 2000;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

// In-page scripts as text: the bench runs under tsx, whose transform would add helpers that do not
// exist in the page to a function passed to `evaluate`.
const START_RECORDING = `(() => {
  window.__frames = [];
  window.__recording = true;
  const tick = (t) => {
    if (!window.__recording) return;
    window.__frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = '(() => { window.__recording = false; return window.__frames; })()';

/** Drags the canvas back and forth for `PAN_MS`; returns the gaps between animation frames. */
export async function panFrames(page: Page): Promise<number[]> {
  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  if (box === null) throw new Error('no canvas');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(START_RECORDING);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const start = Date.now();
  while (Date.now() - start < PAN_MS) {
    const phase = ((Date.now() - start) / 1000) * Math.PI * 2;
    await page.mouse.move(cx + Math.sin(phase) * box.width * 0.3, cy + Math.cos(phase) * box.height * 0.15);
  }
  await page.mouse.up();
  const stamps = (await page.evaluate(STOP_RECORDING)) as number[];
  const gaps: number[] = [];
  for (let i = 1; i < stamps.length; i++) gaps.push((stamps[i] ?? 0) - (stamps[i - 1] ?? 0));
  return gaps;
}

const VIEWPORT_SCALE =
  "Number(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1] ?? 0)";

/** The canvas's zoom (the React Flow viewport's scale). */
export async function viewportScale(page: Page): Promise<number> {
  return (await page.evaluate(VIEWPORT_SCALE)) as number;
}

const NODE_CENTRES = `[...document.querySelectorAll('.react-flow__node')].map((el) => {
  const r = el.getBoundingClientRect();
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
})`;

/** The centre of the last node whose centre is inside the canvas pane (else the pane's centre). */
async function lastVisibleNodeCentre(page: Page): Promise<{ x: number; y: number }> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no canvas');
  const boxes = (await page.evaluate(NODE_CENTRES)) as { x: number; y: number }[];
  const inside = boxes.filter(
    (b) => b.x > pane.x && b.x < pane.x + pane.width && b.y > pane.y && b.y < pane.y + pane.height,
  );
  return inside[inside.length - 1] ?? { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
}

/**
 * From the fitted view, zooms towards the last node on screen until the canvas is at about 100 %;
 * returns the zoom reached.
 */
export async function zoomToAboutOne(page: Page): Promise<number> {
  const at = await lastVisibleNodeCentre(page);
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < 60; i++) {
    if ((await viewportScale(page)) >= 0.9) break;
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
  return viewportScale(page);
}
