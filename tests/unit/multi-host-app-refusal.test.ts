/**
 * The app cannot show several hosts yet (issue 18): the worker refuses a `cxl-lab/2` file with a message
 * that says what it is and what reads it, and the lab is left as it was; share links refuse it too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptLabText } from '../../src/cxl/accept.ts';
import { createHandler } from '../../src/worker/handler.ts';
import type { CxlError, Result, WorkerToMain } from '../../src/worker/protocol.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));

describe('multi-host files in the app', () => {
  it('file.open refuses a cxl-lab/2 file, naming its hosts count and the CLI', async () => {
    let answer: Result<unknown, CxlError> | undefined;
    const handler = createHandler({
      post(message: WorkerToMain) {
        if (message.type === 'response') answer = message.result;
      },
    });
    handler.onMessage({
      type: 'request',
      id: 1,
      kind: 'file.open',
      args: { bytes: new Uint8Array(POOL), fileName: 'pool.json' },
    } as never);
    for (let i = 0; i < 200 && answer === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    expect(answer?.ok).toBe(false);
    if (answer !== undefined && !answer.ok) {
      expect(answer.error.message).toBe(
        'pool.json was not opened: this lab has 2 hosts and a shared fabric (format "cxl-lab/2"): this part of the lab reads single-host labs ("cxl-lab/1") only; the cxl-lab command line reads it (route, region, list and check take --host ID)',
      );
    }
  });

  it('the shared acceptance rule (share links, importers) refuses it with file.multi-host', () => {
    const r = acceptLabText(POOL.toString('utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.code)).toEqual(['file.multi-host']);
  });
});
