/** Panel layout (dock tab, open or collapsed), notices, the crash banner and the Labs dialog. */
import type { PanelsSlice, SliceCreator } from '../types.ts';

const MAX_NOTICES = 4;

export function createPanelsSlice(): SliceCreator<PanelsSlice> {
  let nextNotice = 1;
  return (set) => ({
    dockTab: 'decoders',
    dockOpen: true,
    notices: [],
    crash: null,
    labsDialogOpen: false,
    setDockTab: (tab) => set({ dockTab: tab, dockOpen: true }),
    setDockOpen: (open) => set({ dockOpen: open }),
    notify: (tone, title, details = []) =>
      set((s) => ({
        notices: [...s.notices, { id: nextNotice++, tone, title, details }].slice(-MAX_NOTICES),
      })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    dismissCrash: () => set({ crash: null }),
    setLabsDialogOpen: (open) => set({ labsDialogOpen: open }),
  });
}
