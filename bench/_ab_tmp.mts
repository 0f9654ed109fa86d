import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium.ts';
async function load(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('document.querySelector(\'[data-testid="node-mem3"]\') !== null', undefined, { polling: 'raf', timeout: 30_000 });
  const ms = (await page.evaluate('performance.now()')) as number;
  await context.close();
  return ms;
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function main() {
  const [a, b, n] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 10)];
  const browser = await chromium.launch({ executablePath: findChromium().path, args: CHROMIUM_ARGS });
  const ra: number[] = []; const rb: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) { ra.push(await load(browser, a)); rb.push(await load(browser, b)); }
    else { rb.push(await load(browser, b)); ra.push(await load(browser, a)); }
  }
  console.log('main', Math.round(med(ra)), ra.map(Math.round).join(' '));
  console.log('mine', Math.round(med(rb)), rb.map(Math.round).join(' '));
  await browser.close();
}
main();
