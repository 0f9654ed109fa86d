/**
 * The browser search order of tests/e2e/chromium.ts, with a fake file system (no browser launched): a
 * unit test, so it runs without building the app or starting a browser.
 */
import { expect, test } from 'vitest';
import { type ChromiumProbe, findChromium, INSTALL_HINT } from '../e2e/chromium.ts';

function probe(executables: string[], playwright?: string): ChromiumProbe {
  return { isExecutable: (path) => executables.includes(path), playwrightBrowser: () => playwright };
}

const PATH = '/opt/bin:/usr/local/bin';

test('CHROMIUM_PATH wins, and must be executable', () => {
  const all = probe(['/x/chrome', '/usr/bin/chromium'], '/pw/chrome');
  expect(findChromium({ CHROMIUM_PATH: '/x/chrome', PATH }, all)).toEqual({
    path: '/x/chrome',
    source: 'CHROMIUM_PATH',
  });
  expect(() => findChromium({ CHROMIUM_PATH: '/y/chrome', PATH }, all)).toThrow(
    'CHROMIUM_PATH=/y/chrome is not an executable file.',
  );
});

test('then /usr/bin/chromium, chromium-browser and chromium on PATH, google-chrome, Playwright’s own', () => {
  const order = [
    '/usr/bin/chromium',
    '/usr/local/bin/chromium-browser',
    '/opt/bin/chromium',
    '/usr/bin/google-chrome',
  ];
  for (let i = 0; i < order.length; i++) {
    expect(findChromium({ PATH }, probe(order.slice(i), '/pw/chrome')).path).toBe(order[i]);
  }
  expect(findChromium({ PATH }, probe([], '/pw/chrome'))).toEqual({
    path: '/pw/chrome',
    source: 'playwright',
  });
});

test('no browser at all fails with the commands that install one', () => {
  expect(() => findChromium({ PATH }, probe([]))).toThrow(INSTALL_HINT);
  expect(INSTALL_HINT).toContain('apt-get install -y chromium');
  expect(INSTALL_HINT).toContain('npx playwright install chromium');
});
