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
 * - (issue 18) Pan of the scale multi-host lab, 16 hosts and 256 logical devices (`scaleFabric` in
 *   `topologies.ts`), opened through File ▸ Open (`canvas-fabric.ts`), measured the same way.
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
import { openScaleFabric } from './canvas-fabric.ts';
import { median, panFrames, percentile, viewportScale, zoomToAboutOne } from './canvas-pan.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
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

/** Opens the Scale preset (128 devices) from the Presets menu and collapses the dock. */
async function openScalePreset(page: Page): Promise<void> {
  await page.getByTestId('menu-presets').click();
  await page.getByRole('menuitemradio', { name: /Scale: 128 devices/ }).click();
  await page.getByTestId('node-mem127').waitFor({ state: 'attached', timeout: 30_000 });
  await page.getByTestId('dock-toggle').click();
  await page.waitForTimeout(500);
}

interface PanFigures {
  fitted: number[];
  zoomed: number[];
  /** Nodes on the canvas when fitted (every node is drawn then). */
  nodes: number;
  /** The zoom fitted and the zoom of the "about 100 %" pan. */
  fittedZoom: number;
  zoom: number;
}

/** Opens a lab with `open` in a fresh context, pans it fitted and at about 100 % zoom. */
async function measurePan(
  browser: Browser,
  url: string,
  open: (page: Page) => Promise<void>,
): Promise<PanFigures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('node-mem3').waitFor();
    await open(page);
    await page.getByTestId('canvas-fit').click();
    await page.waitForTimeout(400);
    const fittedZoom = await viewportScale(page);
    const fitted = await panFrames(page);
    const nodes = await page.locator('.react-flow__node').count();
    // About 100 % zoom: wheel up with the pointer on the last node.
    const zoom = await zoomToAboutOne(page);
    const zoomed = await panFrames(page);
    return { fitted, zoomed, nodes, fittedZoom, zoom };
  } finally {
    await context.close();
  }
}

function panRows(what: string, nodesWhat: string, pan: PanFigures): BenchRow[] {
  const row = (zoom: string, scale: number, gaps: number[], shown: string): BenchRow => ({
    suite: 'canvas',
    case: `pan 2 s, ${shown}, ${zoom}: median frame`,
    value: median(gaps),
    unit: 'ms',
    ratio: `p95 ${percentile(gaps, 95).toFixed(1)} ms, ${gaps.length} frames, zoom ${scale.toFixed(2)}`,
    goal: 'goal ≤ 20 ms',
  });
  return [
    row('fitted', pan.fittedZoom, pan.fitted, `${what} (${pan.nodes} ${nodesWhat})`),
    row('at ~100 % zoom', pan.zoom, pan.zoomed, what),
  ];
}

/** The multi-host pan, or one row saying why it was not measured (e.g. the app refused the file). */
async function multiHostRows(browser: Browser, url: string): Promise<BenchRow[]> {
  const what = '16 hosts × 256 LDs';
  try {
    return panRows(what, 'nodes', await measurePan(browser, url, openScaleFabric));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [
      {
        suite: 'canvas',
        case: `pan 2 s, ${what}: not measured (${why})`,
        value: Number.NaN,
        unit: 'ms',
        goal: 'goal ≤ 20 ms',
      },
    ];
  }
}

function staticRows(js: ReturnType<typeof initialJs>, loads: number[]): BenchRow[] {
  return [
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
  ];
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
      const scale = await measurePan(browser, url, openScalePreset);
      return [
        ...staticRows(js, loads),
        ...panRows('128 devices', 'nodes', scale),
        ...(await multiHostRows(browser, url)),
      ];
    } finally {
      await browser.close();
      stopPreview(preview);
    }
  },
};

export default suite;
