import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/e2e/chromium';

// E2E_PORT lets several checkouts run their browser suites at once on one machine.
const PORT = Number(process.env.E2E_PORT ?? 4173);

// Throws (failing the run with install instructions) when no Chromium is available.
const browser = findChromium();

/**
 * End-to-end tests against the production build: the web server builds the app and serves it with
 * `vite preview`, and is stopped when the run ends.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  // Two spec files at a time: the suite's browser tests wait for states, not for time, and the CI
  // machine has 2 cores (one run of the whole suite took 13.6 min with one worker).
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 30_000,
  // A state waited for (a lazy panel's chunk, the worker's answer) can take more than the default
  // 5 s while two workers share 2 busy cores; a passing check returns as soon as it holds.
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}/`,
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: browser.path, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  webServer: {
    command: `npx vite build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
