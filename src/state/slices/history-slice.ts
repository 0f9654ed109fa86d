/**
 * Undo and redo over the lab document (configuration: topology, decoder programming, regions).
 * Memory contents are not undone: they belong to the devices, like real DRAM. Each step asks the
 * worker to load the document; the store moves only when it has. The history is saved with the lab
 * (autosave, capped by size) and comes back when a saved lab is opened; a new lab starts without.
 * A multi-host lab stays on the host it is focused on (`keepingFocus`).
 */
import { type LabDocument, type Reply, WORKER_ERROR } from '../../worker/protocol.ts';
import { keepSelection } from '../lab-sync.ts';
import type { ActionResult, HistorySlice, LabRuntime, SliceCreator } from '../types.ts';

/**
 * A multi-host lab's focused host is not part of its history (focusing is no edit): after a step
 * loaded a document focused elsewhere, focus goes back to the host that was focused before, if the
 * lab still has it.
 */
async function keepingFocus(
  rt: LabRuntime,
  before: LabDocument,
  loaded: Reply<'lab.load'>,
): Promise<Reply<'lab.load'>> {
  const focus = before.fabric?.focus;
  if (!loaded.ok || focus === undefined) return loaded;
  const fabric = loaded.value.view.fabric;
  if (fabric === undefined || fabric.focus === focus || !fabric.hosts.some((h) => h.id === focus))
    return loaded;
  const refocused = await rt.client().call('fabric.focus', { host: focus });
  return refocused.ok ? refocused : loaded;
}

export function createHistorySlice(rt: LabRuntime): SliceCreator<HistorySlice> {
  return (set, get) => {
    function step(direction: 'undo' | 'redo'): Promise<ActionResult> {
      return rt.enqueue(async () => {
        const { past, future, document } = get();
        const stack = direction === 'undo' ? past : future;
        const target: LabDocument | undefined = stack[stack.length - 1];
        if (target === undefined || document === null) {
          return { ok: false, error: { code: 'history.empty', message: `nothing to ${direction}` } };
        }
        const r = await keepingFocus(rt, document, await rt.client().call('lab.load', { document: target }));
        if (!r.ok) {
          // A crash has its own banner; anything else (a stored step the worker refuses) is said here.
          if (r.error.code !== WORKER_ERROR.crashed) {
            get().notify('error', `This step cannot be ${direction === 'undo' ? 'undone' : 'redone'}`, [
              r.error.message,
            ]);
          }
          return r;
        }
        set((s) => ({
          view: r.value.view,
          document: r.value.document,
          selectedId: keepSelection(s.selectedId, r.value.view),
          ...(direction === 'undo'
            ? { past: s.past.slice(0, -1), future: [...s.future, document] }
            : { future: s.future.slice(0, -1), past: [...s.past, document] }),
        }));
        return { ok: true, value: true };
      });
    }
    return {
      past: [],
      future: [],
      undo: () => step('undo'),
      redo: () => step('redo'),
    };
  };
}
