/**
 * Notices for the toast stack (newest last), and undoable destructive edits: a change run through
 * `undoable` leaves a toast saying what it changed, whose Undo restores the lab as it was.
 */
import { labSync, sameDocument } from '../lab-sync.ts';
import type { ActionResult, LabRuntime, Notice, NoticeSlice, SliceCreator } from '../types.ts';

/** Notices kept (the stack shows the newest few; older ones are dropped first). */
export const MAX_NOTICES = 20;

export function createNoticeSlice(rt: LabRuntime): SliceCreator<NoticeSlice> {
  return (set, get) => {
    const sync = labSync(rt, set, get);
    let nextNotice = 1;
    const dismiss = (id: number) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));

    return {
      notices: [],
      notify: (tone, title, details = [], undo) =>
        set((s) => {
          const notice: Notice = { id: nextNotice++, tone, title, details };
          if (undo !== undefined) notice.undo = undo;
          return { notices: [...s.notices, notice].slice(-MAX_NOTICES) };
        }),
      dismissNotice: dismiss,

      async undoable(intent, run) {
        const { view: beforeView, document: before } = get();
        const result = await run();
        const { view: afterView, document: after } = get();
        if (
          beforeView === null ||
          afterView === null ||
          before === null ||
          after === null ||
          after === before ||
          // A request answering the same document (a refused or read-only FM command) changed nothing.
          sameDocument(before, after)
        )
          return result;
        const chosen = typeof intent === 'function' ? intent(result, afterView) : intent;
        if (chosen === null) return result;
        // The summary's code loads with the first destructive edit (it is not needed for the first paint).
        const { summarizeEdit } = await import('../../lib/edit-summary.ts');
        get().notify('info', summarizeEdit(beforeView, afterView, chosen), [], { before, after });
        return result;
      },

      async undoNotice(id): Promise<ActionResult> {
        const notice = get().notices.find((n) => n.id === id);
        if (notice?.undo === undefined) {
          return { ok: false, error: { code: 'notice.no-undo', message: 'nothing to undo here' } };
        }
        const { before, after } = notice.undo;
        const { document, past } = get();
        const top = past[past.length - 1];
        // Nothing changed since the edit: step back in the history (Redo then does the edit again).
        // Otherwise restore the snapshot as a new step, so the later changes stay undoable too.
        const r =
          document !== null && sameDocument(document, after) && top !== undefined && sameDocument(top, before)
            ? await get().undo()
            : await sync.change('lab.load', { document: before }, () => true as const);
        dismiss(id);
        if (!r.ok) get().notify('error', 'The edit could not be undone', [r.error.message]);
        return r.ok ? { ok: true, value: true } : r;
      },
    };
  };
}
