/**
 * Canvas benchmarks in headless Chromium (Playwright): the production build served by
 * `vite preview` on a free port.
 *
 * - Page load → interactive canvas with the default preset: from navigation start until the last
 *   device node is on the canvas (the worker has answered and React Flow has rendered), median of
 *   5 fresh browser contexts (empty storage, so the lab opens on the default preset).
 * - Pan of the 128-device topology (the Scale preset): the mouse drags the canvas back and forth
 *   for 2 seconds while the page records requestAnimationFrame timestamps; the figure is the median
 *   gap between frames (p95 alongside). Measured fitted to the view (every node visible, the worst
 *   case) and at 100 % zoom.
 *
 * - Initial JavaScript: what `index.html` loads before the app renders (entry + preloads), gzip.
 *
 * Reuses `dist/` when it is newer than every source file, else runs `vite build` first.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium.ts';
import { initialJs } from './bundle-size.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAN_MS = 2000;
const LOAD_RUNS = 5;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuild(): void {
  const index = join(ROOT, 'dist', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  process.stderr.write('canvas bench: building the app (vite build)…\n');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on port ${port}`);
}

function stopPreview(child: ChildProcess): void {
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGTERM'); // the npx process group we started
    } catch {
      child.kill('SIGTERM');
    }
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Milliseconds from navigation start until the default preset's last device is rendered. */
async function loadToInteractive(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('document.querySelector(\'[data-testid="node-mem3"]\') !== null', undefined, {
    polling: 'raf',
    timeout: 30_000,
  });
  const ms = (await page.evaluate('performance.now()')) as number;
  await context.close();
  return ms;
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
async function panFrames(page: Page): Promise<number[]> {
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

/** From the fitted view, zooms towards the last device until the canvas is at about 100 %. */
async function zoomToAboutOne(page: Page): Promise<void> {
  const last = await page.locator('.react-flow__node').last().boundingBox();
  if (last === null) throw new Error('no nodes');
  await page.mouse.move(last.x + last.width / 2, last.y);
  for (let i = 0; i < 40; i++) {
    if (((await page.evaluate(VIEWPORT_SCALE)) as number) >= 0.9) break;
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
}

async function openScalePreset(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('node-mem3').waitFor();
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Scale: 128 devices/ }).click();
  await page.getByTestId('node-mem127').waitFor({ state: 'attached', timeout: 30_000 });
  await page.getByTestId('dock-toggle').click();
  await page.waitForTimeout(500);
}

const suite: BenchSuite = {
  name: 'canvas',
  async run(): Promise<BenchRow[]> {
    ensureBuild();
    const js = initialJs(join(ROOT, 'dist'));
    const port = await freePort();
    const preview = await startPreview(port);
    const url = `http://127.0.0.1:${port}/`;
    const browser = await chromium.launch({ executablePath: findChromium().path, args: CHROMIUM_ARGS });
    try {
      const loads: number[] = [];
      for (let i = 0; i < LOAD_RUNS; i++) loads.push(await loadToInteractive(browser, url));

      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await openScalePreset(page, url);
      await page.getByTestId('canvas-fit').click();
      await page.waitForTimeout(400);
      const fitted = await panFrames(page);
      const nodes = await page.locator('.react-flow__node').count();
      // About 100 % zoom over the device row: wheel up with the pointer on the last device.
      await zoomToAboutOne(page);
      const zoomed = await panFrames(page);
      await context.close();

      const rows: BenchRow[] = [
        {
          suite: 'canvas',
          case: `initial JavaScript (index.html entry + ${js.files - 1} preloads), gzip, 1 kB = 1000 B`,
          value: js.gzipBytes / 1000,
          unit: 'kB',
          ratio: `${(js.bytes / 1000).toFixed(0)} kB raw; worker ${js.workerGzipBytes === null ? '?' : (js.workerGzipBytes / 1000).toFixed(1)} kB gzip`,
          goal: 'goal ≤ 150 kB',
        },
        {
          suite: 'canvas',
          case: 'page load → interactive canvas, default preset (median of 5)',
          value: median(loads),
          unit: 'ms',
          ratio: `min ${Math.round(Math.min(...loads))} / max ${Math.round(Math.max(...loads))} ms`,
          goal: 'goal ≤ 1500 ms',
        },
        {
          suite: 'canvas',
          case: `pan 2 s, 128 devices (${nodes} nodes), fitted: median frame`,
          value: median(fitted),
          unit: 'ms',
          ratio: `p95 ${percentile(fitted, 95).toFixed(1)} ms, ${fitted.length} frames`,
          goal: 'goal ≤ 20 ms',
        },
        {
          suite: 'canvas',
          case: 'pan 2 s, 128 devices, at ~100 % zoom: median frame',
          value: median(zoomed),
          unit: 'ms',
          ratio: `p95 ${percentile(zoomed, 95).toFixed(1)} ms, ${zoomed.length} frames`,
          goal: 'goal ≤ 20 ms',
        },
      ];
      return rows;
    } finally {
      await browser.close();
      stopPreview(preview);
    }
  },
};

export default suite;
