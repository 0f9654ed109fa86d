/**
 * Share links and importers still take single-host labs only (issue 18): the shared acceptance rule
 * refuses a `cxl-lab/2` file with `file.multi-host`, and the worker refuses to encode a share link
 * of an open multi-host lab, saying to save it as a file. (The worker opens `cxl-lab/2` files:
 * worker-multi-host.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptLabText } from '../../src/cxl/accept.ts';
import { handlerHarness } from './helpers/handler-harness.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));

describe('multi-host files where single-host labs are expected', () => {
  it('the shared acceptance rule (share links, importers) refuses it with file.multi-host', () => {
    const r = acceptLabText(POOL.toString('utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.code)).toEqual(['file.multi-host']);
  });

  it('share.encode of an open multi-host lab is refused, naming the file to save instead', async () => {
    const h = handlerHarness();
    await h.call('file.open', { bytes: new Uint8Array(POOL), fileName: 'pool.json' });
    const e = await h.refuse('share.encode', { includeMemory: false });
    expect(e.code).toBe('share.multi-host');
    expect(e.message).toContain('cxl-lab/2 file');
  });
});
