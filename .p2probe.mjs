import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
for (const size of [{width:1024,height:700},{width:1440,height:900}]) {
  const page = await browser.newPage({ viewport: size });
  await page.goto('http://localhost:4317/');
  await page.getByTestId('node-mem3').waitFor();
  await page.keyboard.press('f');
  await page.waitForTimeout(1500);
  const res = await page.evaluate(() => {
    const out = [];
    for (const edge of document.querySelectorAll('.react-flow__edge')) {
      const id = edge.getAttribute('data-id');
      const path = edge.querySelector('path.lab-link') ?? edge.querySelector('path');
      const len = path.getTotalLength();
      const bad = [];
      for (let f = 0.02; f < 0.99; f += 0.04) {
        const p = path.getPointAtLength(len * f);
        const at = new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM());
        const el = document.elementFromPoint(at.x, at.y);
        const e = el?.closest('.react-flow__edge');
        if (e?.getAttribute('data-id') !== id) bad.push(`${f.toFixed(2)}:${el?.className?.baseVal ?? el?.className}:${el?.closest('[data-handleid]')?.dataset.handleid ?? ''}`);
      }
      out.push(`${id} ${bad.length ? 'BAD ' + bad.join(' ') : 'ok'}`);
    }
    const vars = [...document.querySelectorAll('.lab-handle')].filter((h) => h.style.getPropertyValue('--hit-far') || h.style.getPropertyValue('--hit-left') || h.style.getPropertyValue('--hit-right')).map((h) => `${h.closest('.react-flow__node').dataset.id}/${h.dataset.handleid}: far=${h.style.getPropertyValue('--hit-far')} l=${h.style.getPropertyValue('--hit-left')} r=${h.style.getPropertyValue('--hit-right')}`);
    return [...out, ...vars];
  });
  console.log(size.width, '\n' + res.join('\n'));
  await page.close();
}
await browser.close();
