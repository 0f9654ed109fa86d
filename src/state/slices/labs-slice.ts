/**
 * The named labs kept in storage: the list, and new / switch / rename / delete; and the two ways out
 * of a save conflict (another tab changed the open lab): load the stored version, or keep this
 * tab's version as a new lab.
 */
import { labSync } from '../lab-sync.ts';
import { BLANK_TEMPLATE, blankLabText, renamedText, untitledName } from '../new-lab.ts';
import type { ActionResult, LabRuntime, LabsSlice, SliceCreator } from '../types.ts';

function notFound(id: string): ActionResult {
  return { ok: false, error: { code: 'labs.not-found', message: `no saved lab "${id}"` } };
}

/** "<name> (copy)", or "(copy 2)", "(copy 3)"… when that name is taken. */
export function copyName(name: string, taken: readonly string[]): string {
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
    if (!taken.includes(candidate)) return candidate;
  }
}

export function createLabsSlice(rt: LabRuntime): SliceCreator<LabsSlice> {
  return (set, get) => {
    const sync = labSync(rt, set, get);

    /** A new lab from the blank template or a preset, named "Untitled lab N". */
    async function newLab(template: string = BLANK_TEMPLATE): Promise<ActionResult> {
      const preset = rt.deps.presets.find((p) => p.id === template);
      if (template !== BLANK_TEMPLATE && preset === undefined) {
        return { ok: false, error: { code: 'lab.no-preset', message: `no preset "${template}"` } };
      }
      const repo = await rt.repository();
      const name = untitledName((await repo.list()).map((l) => l.name));
      const text = preset === undefined ? blankLabText(name) : renamedText(await preset.load(), name);
      return get().openNewLab(`${template}.json`, new TextEncoder().encode(text));
    }

    return {
      labs: [],
      newLab,

      async switchLab(id) {
        if (id === get().labId) return { ok: true, value: true };
        await sync.leaveLab();
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
        if (id === get().labId) {
          // The open lab is renamed by autosave, which checks that no other tab changed it.
          set({ labName: trimmed });
          await get().flushAutosave();
        } else {
          const repo = await rt.repository();
          await repo.rename(id, trimmed, rt.writerId);
        }
        await sync.refreshLabs();
        return { ok: true, value: true };
      },

      async deleteLab(id) {
        const current = id === get().labId;
        // Forget the open lab first, so a pending autosave cannot write it back.
        if (current) set({ labId: null });
        const repo = await rt.repository();
        await repo.remove(id, rt.writerId);
        await sync.refreshLabs();
        if (!current) return { ok: true, value: true };
        // The open lab was deleted: open the most recent other one, or a new lab.
        const next = get().labs[0];
        if (next !== undefined) return get().switchLab(next.id);
        return newLab();
      },

      loadStoredVersion() {
        return rt.enqueue(async () => {
          const id = get().labId;
          if (id === null) return notFound('(none open)');
          const repo = await rt.repository();
          const record = await repo.load(id);
          if (record === undefined) {
            set((s) => ({
              saveStatus: 'conflict',
              saveConflict: { kind: 'deleted', unsaved: s.saveConflict?.unsaved ?? true },
            }));
            return notFound(id);
          }
          const r = await sync.restoreRecord(record);
          if (!r.ok)
            get().notify('error', `The saved lab "${record.name}" could not be opened`, [r.error.message]);
          return r;
        });
      },

      async keepMineAsNewLab() {
        const { labId, labName, document } = get();
        if (labId === null || document === null) return notFound('(none open)');
        const repo = await rt.repository();
        const name = copyName(
          labName,
          (await repo.list()).map((l) => l.name),
        );
        const id = rt.newLabId();
        // A new lab with this tab's state: autosave creates its record.
        rt.stored(id, null);
        set({ labId: id, labName: name, saveConflict: null });
        await repo.setCurrentId(id);
        await get().flushAutosave();
        await sync.refreshLabs();
        if (get().saveStatus !== 'saved')
          return { ok: false, error: { code: 'labs.not-saved', message: `"${name}" could not be saved` } };
        get().notify('info', `Your version was saved as a new lab: ${name}`);
        return { ok: true, value: true };
      },
    };
  };
}
