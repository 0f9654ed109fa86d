import type { Page } from '@playwright/test';

/**
 * Records console errors and warnings and uncaught page errors from the moment it is called. Tests assert
 * the list is empty at the end: React and React Flow report misuse (a container without a size, a
 * `nodeTypes` object recreated per render, missing keys) through these channels.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' || type === 'warning') problems.push(`console.${type}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'unknown';
    // The page itself abandoned the request (a reload, a navigation or closing the tab while a chunk
    // prefetched after the first paint was still loading): not a failure of the app.
    if (error === 'net::ERR_ABORTED') return;
    problems.push(`requestfailed: ${request.url()} (${error})`);
  });
  return problems;
}
