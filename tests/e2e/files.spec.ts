/**
 * cxl-lab/1 files: save (download), open (file picker, drag-and-drop), and refusal of malformed or
 * hostile files with the current lab untouched. Parsing happens in the worker with the core's parser.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { watchConsole } from './console';
import { decoderState, openDecoders, openLab, readBytes, toggleDecoder, waitSaved, writeBytes } from './lab';

const PRESET = JSON.parse(readFileSync('src/presets/default.topology.json', 'utf8')) as {
  name: string;
  components: { id: string; decoders?: { commit?: boolean }[] }[];
};

function validFile(): string {
  const file = structuredClone(PRESET);
  file.name = 'Opened from a file';
  const mem1 = file.components.find((c) => c.id === 'mem1');
  const decoder = mem1?.decoders?.[0];
  if (decoder !== undefined) decoder.commit = false;
  return JSON.stringify(file);
}

async function openFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: typeof content === 'string' ? Buffer.from(content) : content,
  });
}

test('Save file downloads cxl-lab/1 text with registers and memory', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await writeBytes(page, '0x4c00000000', '11 22 33');
  await toggleDecoder(page, 'mem2.0', 'not committed');
  await page.getByTestId('menu-file').click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /Save file/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('2-host-bridges-x-2-devices-4-way-at-4-kib.cxl-lab.json');
  const text = readFileSync(await file.path(), 'utf8');
  const saved = JSON.parse(text) as {
    format: string;
    components: { id: string; memory?: unknown[]; decoders?: { commit: boolean }[] }[];
  };
  expect(saved.format).toBe('cxl-lab/1');
  const mem0 = saved.components.find((c) => c.id === 'mem0');
  expect(mem0?.memory).toHaveLength(1);
  expect(saved.components.find((c) => c.id === 'mem2')?.decoders?.[0]?.commit).toBe(false);

  // Opening the saved file gives the same lab back, as a new lab.
  await openFile(page, 'saved.cxl-lab.json', text);
  await expect(page.getByTestId('notice').filter({ hasText: 'Opened saved.cxl-lab.json' })).toContainText(
    'Opened saved.cxl-lab.json as a new lab',
  );
  await openDecoders(page);
  await expect(decoderState(page, 'mem2.0')).toHaveText('not committed');
  expect(await readBytes(page, '0x4c00000000', 3)).toContain('11 22 33');
  expect(problems).toEqual([]);
});

test('Open file: a valid file opens as a new lab showing the core-validated topology', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  await openFile(page, 'mine.json', validFile());
  await expect(page.getByTestId('lab-name')).toHaveText('Opened from a file');
  await openDecoders(page);
  await expect(decoderState(page, 'mem1.0')).toHaveText('not committed');
  await expect(page.getByTestId('node-mem1')).not.toContainText('1 decoder');
  await waitSaved(page);
  await page.getByTestId('menu-file').click();
  await page.getByRole('menuitem', { name: /Labs…/ }).click();
  await expect(page.getByTestId('labs-item')).toHaveCount(2);
  expect(problems).toEqual([]);
});

const MALFORMED: [string, string | Buffer, RegExp][] = [
  [
    'wrong types',
    '{"format":"cxl-lab/1","windows":[],"components":[{"id":"hb0","kind":"host-bridge","uid":"zero"}]}',
    /components\[0\]\.uid: expected an integer/,
  ],
  [
    'huge sizes',
    '{"format":"cxl-lab/1","windows":[{"id":"w","base":0,"size":"9999999T","ways":1,"granularity":256,"targets":[]}],"components":[]}',
    /windows\[0\]\.size/,
  ],
  ['deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, /nests deeper than 32 levels/],
  ['50 MB of junk', Buffer.alloc(50_000_000, 0x6a), /not valid JSON/],
  ['not a lab file', '{"hello":"world"}', /not a cxl-lab file/],
];

for (const [name, content, message] of MALFORMED) {
  test(`Open file refuses ${name} with a message, and the lab stays as it was`, async ({ page }) => {
    test.setTimeout(60_000);
    const problems = watchConsole(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await openLab(page);
    await toggleDecoder(page, 'mem0.0', 'not committed');
    await waitSaved(page);
    const before = await page.evaluate(() => window.__lab?.status().labId);
    await openFile(page, 'bad.json', content);
    // The decoder toggle above left its own (Undo) toast: pick the file's.
    const notice = page.getByTestId('notice').filter({ hasText: 'bad.json' });
    await expect(notice).toHaveAttribute('data-tone', 'error', { timeout: 30_000 });
    await expect(notice).toContainText('bad.json was not opened');
    await expect(notice).toContainText(message);
    if (name === 'wrong types') await page.screenshot({ path: 'test-results/file-refused.png' });
    expect(await page.evaluate(() => window.__lab?.status().labId)).toBe(before);
    await expect(decoderState(page, 'mem0.0')).toHaveText('not committed');
    await expect(page.getByTestId('node-mem3')).toBeVisible();
    await expect(page.getByTestId('undo')).toBeEnabled();
    expect(problems).toEqual([]);
  });
}

test('a file dropped on the page opens as a lab', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const text = validFile();
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.dispatchEvent('.react-flow__pane', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('.react-flow__pane', 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText('Opened from a file');
  expect(problems).toEqual([]);
});
