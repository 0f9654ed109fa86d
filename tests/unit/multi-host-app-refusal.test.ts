/**
 * Importers and the single-host CLI commands still take single-host labs only (issue 18): their
 * acceptance rule (`acceptLabText`) refuses a `cxl-lab/2` file with `file.multi-host`. (The worker
 * opens `cxl-lab/2` files: worker-multi-host.test.ts; share links carry them: share-link-multi-host.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptLabText } from '../../src/cxl/accept.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));

describe('multi-host files where single-host labs are expected', () => {
  it('the single-host acceptance rule (importers, single-host CLI) refuses it with file.multi-host', () => {
    const r = acceptLabText(POOL.toString('utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.code)).toEqual(['file.multi-host']);
  });
});
