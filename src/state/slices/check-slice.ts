/**
 * The Check panel's side of the store: the findings of `check.run` (the same check as `cxl-lab
 * check`), rerun by the panel after every change, and what a clicked finding points at (nodes to
 * frame on the canvas, a decoder for the HDM panel to open).
 */
import type { CheckSlice, LabRuntime, SliceCreator } from '../types.ts';

export function createCheckSlice(rt: LabRuntime): SliceCreator<CheckSlice> {
  return (set, get) => {
    // Only the newest run's answer is kept: answers of older runs (the lab changed since) are dropped.
    let latest = 0;
    let seq = 0;
    return {
      checkResult: { run: null, error: null, running: false },
      frameRequest: null,
      decoderFocus: null,
      runCheck: async () => {
        const mine = ++latest;
        set({ checkResult: { ...get().checkResult, running: true } });
        const r = await rt.client().call('check.run', {});
        if (mine !== latest) return;
        set({
          checkResult: r.ok
            ? { run: r.value, error: null, running: false }
            : { run: get().checkResult.run, error: r.error.message, running: false },
        });
      },
      frameNodes: (ids) => set({ frameRequest: { ids: [...ids], seq: ++seq } }),
      focusDecoder: (component, index) => set({ decoderFocus: { component, index, seq: ++seq } }),
    };
  };
}
