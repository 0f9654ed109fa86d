/**
 * Finds the Chromium that Playwright drives. Order: $CHROMIUM_PATH, the system's Chromium
 * (/usr/bin/chromium, then chromium-browser or chromium on PATH, then /usr/bin/google-chrome), then the
 * browser `npx playwright install chromium` downloaded. No browser is an error, never a skip: the e2e
 * tests are part of `npm test`.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from '@playwright/test';

/**
 * Flags for headless runs as root in CI. The background-networking group stops Chromium's own traffic
 * (updates, sync, field trials), which otherwise floods a closed network with failing requests.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INSTALL_HINT = [
  'No Chromium found for the Playwright tests. Install one with:',
  '  sudo apt-get install -y chromium     # Debian/Ubuntu (as root, without sudo)',
  '  npx playwright install chromium      # or Playwright’s own build',
  'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
].join('\n');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightBrowser(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path !== '' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export type ChromiumFound = { path: string; source: string };

/** The file-system look-ups `findChromium` makes; tests replace them. */
export type ChromiumProbe = {
  isExecutable: (path: string) => boolean;
  playwrightBrowser: () => string | undefined;
};

const SYSTEM: ChromiumProbe = { isExecutable, playwrightBrowser };

/** Returns the Chromium to use, or throws with install instructions. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  probe: ChromiumProbe = SYSTEM,
): ChromiumFound {
  const { isExecutable } = probe;
  const onPath = (name: string): string | undefined => {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir === '') continue;
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
    return undefined;
  };
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file.\n${INSTALL_HINT}`);
    }
    return { path: fromEnv, source: 'CHROMIUM_PATH' };
  }
  const at = (path: string) => (isExecutable(path) ? path : undefined);
  // Tried lazily, in order: the first hit wins.
  const candidates: [() => string | undefined, string][] = [
    [() => at('/usr/bin/chromium'), 'system'],
    [() => onPath('chromium-browser'), 'PATH'],
    [() => onPath('chromium'), 'PATH'],
    [() => at('/usr/bin/google-chrome'), 'system'],
    [probe.playwrightBrowser, 'playwright'],
  ];
  for (const [look, source] of candidates) {
    const path = look();
    if (path !== undefined) return { path, source };
  }
  throw new Error(INSTALL_HINT);
}
