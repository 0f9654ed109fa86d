/** Panel layout (dock tab, open or collapsed), the crash notice, the Labs and Lessons dialogs. */
import type { PanelsSlice, SliceCreator } from '../types.ts';

/** The dock's height limits in CSS pixels (the canvas keeps the rest). */
export const DOCK_MIN_HEIGHT = 120;
export const DOCK_DEFAULT_HEIGHT = 300;
/** The dock's first height: 26 % of the window (the canvas keeps most of a 700 px projector), at most the default. */
export function initialDockHeight(windowHeight = globalThis.innerHeight ?? 0): number {
  if (!(windowHeight > 0)) return DOCK_DEFAULT_HEIGHT;
  return Math.max(DOCK_MIN_HEIGHT + 40, Math.min(DOCK_DEFAULT_HEIGHT, Math.round(windowHeight * 0.26)));
}

export function createPanelsSlice(): SliceCreator<PanelsSlice> {
  return (set) => ({
    dockTab: 'decoders',
    dockOpen: true,
    dockHeight: initialDockHeight(),
    crash: null,
    labsDialogOpen: false,
    lessonsDialogOpen: false,
    lesson: null,
    highlight: null,
    answerPick: null,
    consoleHpa: null,
    setDockTab: (tab) => set({ dockTab: tab, dockOpen: true }),
    setDockOpen: (open) => set({ dockOpen: open }),
    setDockHeight: (height) => set({ dockHeight: Math.max(DOCK_MIN_HEIGHT, Math.round(height)) }),
    dismissCrash: () => set({ crash: null }),
    setLabsDialogOpen: (open) => set({ labsDialogOpen: open }),
    setLessonsDialogOpen: (open) => set({ lessonsDialogOpen: open }),
    setLesson: (lesson) => set(lesson === null ? { lesson, highlight: null } : { lesson }),
    setHighlight: (highlight) => set({ highlight }),
    sendToConsole: (hpa) =>
      set((s) => ({
        consoleHpa: { hpa, seq: (s.consoleHpa?.seq ?? 0) + 1 },
        dockTab: 'console',
        dockOpen: true,
      })),
    takeConsoleHpa: () => set({ consoleHpa: null }),
    pickAnswer: (pick) => set((s) => ({ answerPick: { ...pick, seq: (s.answerPick?.seq ?? 0) + 1 } })),
  });
}
