/**
 * The decode path animation's state: which access is shown, how far its hops have travelled,
 * playing or paused, and the speed. The canvas overlay (`src/canvas/DecodeAnimation.tsx`) draws it
 * and reports each hop's arrival (`advanceAnimation`); the controls step, pause and replay. Also
 * the window or region the address map focuses (drawn on the canvas and in the interleave strip).
 */

import { formatBytes, formatHex } from '../../lib/format';
import { stepShapes } from '../../lib/step-shapes';
import type { AnimationSlice, SliceCreator } from '../types.ts';

export const ANIMATION_SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export function createAnimationSlice(): SliceCreator<AnimationSlice> {
  return (set, get) => ({
    animation: null,
    animationSpeed: 1,
    focus: null,

    animateAccess(id) {
      const entry = get().accessLog.find((e) => e.id === id);
      if (entry === undefined || (entry.kind !== 'read' && entry.kind !== 'write')) return;
      const trace = entry.trace;
      if (trace === undefined) return;
      const verb = entry.kind === 'read' ? 'Read' : 'Write';
      set({
        animation: {
          accessId: id,
          title: `${verb} ${formatBytes(entry.length)} at ${formatHex(entry.hpa)}`,
          trace,
          steps: stepShapes(trace).length,
          position: 0,
          playing: true,
        },
      });
    },

    playAnimation() {
      const a = get().animation;
      if (a === null) return;
      set({ animation: { ...a, playing: true, position: a.position >= a.steps ? 0 : a.position } });
    },

    pauseAnimation() {
      const a = get().animation;
      if (a?.playing) set({ animation: { ...a, playing: false } });
    },

    stepAnimation(delta) {
      const a = get().animation;
      if (a === null) return;
      const position = Math.max(0, Math.min(a.steps, a.position + delta));
      set({ animation: { ...a, playing: false, position } });
    },

    advanceAnimation() {
      const a = get().animation;
      if (a === null || !a.playing) return;
      const position = Math.min(a.steps, a.position + 1);
      set({ animation: { ...a, position, playing: position < a.steps } });
    },

    setAnimationSpeed: (speed) => set({ animationSpeed: speed }),
    closeAnimation: () => set({ animation: null }),
    setFocus: (focus) => set({ focus }),
  });
}
