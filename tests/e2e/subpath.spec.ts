/**
 * The built lab must work from any static host and sub-path (Vite `base: './'`): asset URLs in
 * dist/index.html are relative, and the app runs when served under /some/sub/path/.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { watchConsole } from './console';

const DIST = resolve('dist');
const SUB_PATH = '/some/sub/path/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

let server: Server;
let origin: string;

test.beforeAll(async () => {
  // The web server from playwright.config.ts has just built dist/; serve it again, only under SUB_PATH.
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    const rel = normalize(path.slice(SUB_PATH.length) || 'index.html');
    const file = join(DIST, rel);
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((done) => server.close(done));
});

test('dist/index.html references its assets with relative URLs', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  expect(html).toMatch(/<script[^>]+src="\.\/assets\/[^"]+\.js"/);
  expect(html).toMatch(/<link[^>]+href="\.\/assets\/[^"]+\.css"/);
  // No root-relative URLs (src="/…" or href="/…"), which would break under a sub-path.
  expect(html).not.toMatch(/(?:src|href)="\/(?!\/)/);
});

test('the built lab runs from a sub-path', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`${origin}${SUB_PATH}`);
  await expect(page.getByTestId('node-mem3')).toBeVisible();
  await page.getByTestId('node-rp0').click();
  await expect(page.getByTestId('inspector-title')).toContainText('rp0');
  expect(problems).toEqual([]);
});
