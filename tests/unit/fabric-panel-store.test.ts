/**
 * The Fabric Manager panel's edits through the real store (issue 18): an FM command run through
 * `undoable` leaves a toast naming it when it changed the lab, and none when the switch refused it or
 * only read (the worker answers the same document then).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/presets/index.ts';
import { createMemoryRepository } from '../../src/state/memory-repository.ts';
import { createLabStore } from '../../src/state/store.ts';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const POOL = readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url));

async function openPool() {
  let n = 0;
  const repo = createMemoryRepository();
  const store = createLabStore({
    createClient: () => new LabClient(createInProcessWorker),
    repository: async () => repo,
    presets: PRESETS,
    autosaveMs: 5,
    newId: () => `lab-${++n}`,
  });
  await store.getState().start();
  expect((await store.getState().openFile('pool.cxl-lab.json', new Uint8Array(POOL))).ok).toBe(true);
  return { store, s: () => store.getState() };
}

const titles = (notices: readonly { title: string }[]) => notices.map((n) => n.title);

describe('FM commands as undoable edits with a toast', () => {
  it('names Unbind vPPB in its toast; a refused bind and a read leave no toast', async () => {
    const { store, s } = await openPool();
    const before = titles(s().notices);
    const fm = (command: string, json: unknown, port?: number) =>
      s().undoable({ kind: 'fm', command, target: 'sw0' }, () =>
        s().fmRun({ switch: 'sw0', command, input: { json }, ...(port === undefined ? {} : { port }) }),
      );

    // Refused: LD 1 of mld1 (port 3) is bound to VCS 1 vPPB 1 in the preset, and vPPB 1 of VCS 0 is bound.
    const refused = await fm('bind-vppb', { vcs: 0, vppb: 1, port: 3, ld: 1 });
    expect(refused.ok && refused.value.returnCodeName).toBe('Invalid Input (0x02)');
    // A read of the MLD through the tunnel.
    const read = await fm('get-ld-allocations', { start: 0, limit: 16 }, 2);
    expect(read.ok && read.value.tunnelled?.returnCodeName).toBe('Success (0x00)');
    expect(titles(s().notices)).toEqual(before);

    const started = await fm('Unbind vPPB', { vcs: 0, vppb: 1, option: 0 });
    expect(started.ok && started.value.returnCodeName).toBe('Background Command Started (0x01)');
    expect(titles(s().notices)).toEqual([...before, 'Fabric Manager: Unbind vPPB (sw0)']);
    store.dispose();
  });
});
