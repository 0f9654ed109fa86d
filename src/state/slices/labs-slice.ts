/** The named labs kept in storage: the list, and new / switch / rename / delete. */
import { labSync } from '../lab-sync.ts';
import type { ActionResult, LabRuntime, LabsSlice, SliceCreator } from '../types.ts';

function notFound(id: string): ActionResult {
  return { ok: false, error: { code: 'labs.not-found', message: `no saved lab "${id}"` } };
}

export function createLabsSlice(rt: LabRuntime): SliceCreator<LabsSlice> {
  return (set, get) => {
    const sync = labSync(rt, set, get);

    async function newLab(): Promise<ActionResult> {
      const preset = rt.deps.presets[0];
      if (preset === undefined) return { ok: false, error: { code: 'lab.no-preset', message: 'no presets' } };
      return get().openPreset(preset.id);
    }

    return {
      labs: [],
      newLab,

      async switchLab(id) {
        if (id === get().labId) return { ok: true, value: true };
        await get().flushAutosave();
        const repo = await rt.repository();
        const record = await repo.load(id);
        if (record === undefined) return notFound(id);
        const r = await rt.enqueue(() => sync.restoreRecord(record));
        if (!r.ok) get().notify('error', `The lab "${record.name}" could not be opened`, [r.error.message]);
        return r;
      },

      async renameLab(id, name) {
        const trimmed = name.trim();
        if (trimmed === '')
          return { ok: false, error: { code: 'labs.empty-name', message: 'a lab needs a name' } };
        await get().flushAutosave();
        const repo = await rt.repository();
        await repo.rename(id, trimmed);
        if (id === get().labId) set({ labName: trimmed });
        await get().flushAutosave();
        await sync.refreshLabs();
        return { ok: true, value: true };
      },

      async deleteLab(id) {
        const current = id === get().labId;
        // Forget the open lab first, so a pending autosave cannot write it back.
        if (current) set({ labId: null });
        const repo = await rt.repository();
        await repo.remove(id);
        await sync.refreshLabs();
        if (!current) return { ok: true, value: true };
        // The open lab was deleted: open the most recent other one, or a new lab.
        const next = get().labs[0];
        if (next !== undefined) return get().switchLab(next.id);
        return newLab();
      },
    };
  };
}
