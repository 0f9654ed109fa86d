/**
 * A multi-host lab's actions (issue 18): focusing a host (`fabric.focus`, no undo step) and the
 * Fabric Manager API (`fm.run`, `fm.step`: undoable when the document changed). Loaded after the
 * first paint (`lazySlice` in store.ts).
 */
import { labSync } from '../lab-sync.ts';
import type { FabricSlice, LabRuntime, SliceCreator } from '../types.ts';

export function createFabricSlice(rt: LabRuntime): SliceCreator<FabricSlice> {
  return (set, get) => {
    const sync = labSync(rt, set, get);
    return {
      focusHost: (host) =>
        rt.enqueue(async () => {
          const r = await rt.client().call('fabric.focus', { host });
          if (!r.ok) return r;
          sync.applyState(r.value, false);
          return { ok: true, value: true as const };
        }),
      fmRun: (args) => sync.change('fm.run', args, (r) => r.run),
      fmStep: (complete) =>
        sync.change('fm.step', complete === true ? { complete: true } : {}, (r) => ({
          percent: r.percent,
          completed: r.completed,
        })),
    };
  };
}
