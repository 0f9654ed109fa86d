/**
 * After a worker crash: restart the worker and restore the lab from the store's document and
 * memory journal (the lab slice's `recover`, which loads this module on first use).
 */
import { restoreProgress } from './lab-sync.ts';
import type { ActionResult, LabRuntime, LabSlice, SliceCreator } from './types.ts';

type SetState = Parameters<SliceCreator<LabSlice>>[0];
type GetState = Parameters<SliceCreator<LabSlice>>[1];

/**
 * After a worker crash: restart it and restore the lab from the store's document and journal; a
 * crash during that restore starts over from the default preset.
 */
export function crashRecoverer(
  rt: LabRuntime,
  set: SetState,
  get: GetState,
  openDefault: () => Promise<ActionResult>,
) {
  let recovering = false;
  return async function recover(reason: string): Promise<void> {
    const { document, memory } = get();
    if (recovering || document === null) {
      // Crashed again while restoring (or before any lab): start over from the default preset.
      set({
        crash: {
          reason,
          restored: false,
          message: `The emulator stopped again while restoring (${reason}). It was restarted on the default topology; the last saved copy of your lab is still in the Labs list.`,
        },
      });
      rt.client().restart();
      recovering = false;
      await openDefault();
      return;
    }
    recovering = true;
    rt.abort = null;
    set({
      status: 'recovering',
      operation: null,
      crash: { reason, restored: null, message: `${sentence(reason)} Restarting it…` },
    });
    rt.client().restart();
    const r = await rt
      .client()
      .call('lab.restore', { document, memory }, { onProgress: restoreProgress(set) });
    recovering = false;
    if (r.ok) {
      set({
        view: r.value.view,
        document: r.value.document,
        status: 'ready',
        operation: null,
        crash: {
          reason,
          restored: true,
          message: `${sentence(reason)} It was restarted and your lab was restored (topology, registers and memory).`,
        },
      });
      return;
    }
    set({
      operation: null,
      crash: {
        reason,
        restored: false,
        message: `${sentence(reason)} Restoring the lab failed (${r.error.message}).`,
      },
    });
    if (r.error.code === 'worker.crashed') return; // the next crash report handles it
    set({ status: 'failed' });
  };
}

/** A crash reason as a sentence under the banner's title ("the emulator …" → "The emulator ….") */
function sentence(reason: string): string {
  const text = reason.trim().replace(/\.$/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
