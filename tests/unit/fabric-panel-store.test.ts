/**
 * The Fabric Manager panel's edits through the real store (issue 18): an FM command run through
 * `undoable` leaves a toast naming it when it changed the lab, and none when the switch refused it or
 * only read (the worker answers the same document then).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runIntent, stepIntent } from '../../src/panels/fabric/fm-toasts.ts';
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

describe('a background operation reads as one action', () => {
  it('start: one toast; Steps: undo steps without toasts; completion: one toast whose Undo goes back one Step', async () => {
    const { store, s } = await openPool();
    const before = titles(s().notices);
    const pastAtStart = s().past.length;
    const run = await s().undoable(runIntent('Unbind vPPB', 'sw0'), () =>
      s().fmRun({ switch: 'sw0', command: 'unbind-vppb', input: { json: { vcs: 0, vppb: 1, option: 0 } } }),
    );
    expect(run.ok && run.value.returnCodeName).toBe('Background Command Started (0x01)');
    expect(titles(s().notices)).toEqual([...before, 'Unbind vPPB started (sw0 VCS 0 vPPB 1)']);
    const op = s().view?.fabric?.pending;
    if (op === null || op === undefined) throw new Error('no pending operation after Unbind vPPB');
    // The preset binds VCS 0 vPPB 1 to LD 0 of mld1 on port 3.
    expect(op.binding).toEqual({ state: 'ld', port: 3, ld: 0 });

    // Each Step is a document change, so an undo step; neither leaves a toast.
    const step = () => s().undoable(stepIntent(op), () => s().fmStep());
    const first = await step();
    expect(first.ok && first.value.completed).toBe(null);
    const beforeCompletion = s().document;
    const second = await step();
    expect(second.ok && second.value.completed?.returnCodeName).toBe('Success (0x00)');
    // run + 2 steps = 3 history entries; toasts: the run's and the completion's only.
    expect(s().past.length).toBe(pastAtStart + 3);
    expect(titles(s().notices)).toEqual([
      ...before,
      'Unbind vPPB started (sw0 VCS 0 vPPB 1)',
      // hostA's region0 interleaves mld0.ld0 and mld1.ld0 in the preset: the summary says what it lost.
      'VCS 0 vPPB 1 unbound from port 3 LD 0; region0 lost mld1.ld0 (1 of 2 members left)',
    ]);
    expect(s().view?.fabric?.pending).toBe(null);

    // The completion's Undo: back to the step before it (the operation pending again), one history step.
    const completion = s().notices.at(-1);
    if (completion === undefined) throw new Error('no completion toast');
    expect((await s().undoNotice(completion.id)).ok).toBe(true);
    expect(s().document).toEqual(beforeCompletion);
    expect(s().view?.fabric?.pending?.vppb).toBe(1);
    expect(s().past.length).toBe(pastAtStart + 2);
    store.dispose();
  });
});
