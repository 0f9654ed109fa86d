/**
 * The lab: what the worker last reported (`view`), the document it came from, the memory journal,
 * and every action that changes the emulator. Each action is one worker call; the store changes
 * only when the call succeeds (no optimistic state).
 */
import { labSync, restoreProgress } from '../lab-sync.ts';
import type { ActionResult, LabRuntime, LabSlice, SliceCreator } from '../types.ts';

type SetState = Parameters<SliceCreator<LabSlice>>[0];
type GetState = Parameters<SliceCreator<LabSlice>>[1];

function fileNameOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'lab'}.cxl-lab.json`;
}

function labNameOf(fileName: string, specName: string): string {
  if (specName.trim() !== '') return specName;
  return fileName.replace(/\.(cxl-lab\.)?json$/i, '') || 'Untitled lab';
}

/** Opens a `cxl-lab/1` file's bytes as a new lab, with progress and Cancel in the operation bar. */
function newLabOpener(rt: LabRuntime, set: SetState, get: GetState, sync: ReturnType<typeof labSync>) {
  return async function openAsNewLab(
    fileName: string,
    bytes: Uint8Array,
    origin: string,
    pristine = false,
  ): Promise<ActionResult> {
    return rt.enqueue(async () => {
      // Opening shows in the operation bar with progress and Cancel, like a fill.
      const abort = new AbortController();
      const busy = get().operation !== null;
      if (!busy) {
        rt.abort = abort;
        const label = `Opening ${origin === '' ? 'the preset' : origin}`;
        set({
          operation: {
            kind: 'open',
            label,
            done: 0,
            total: bytes.length,
            cancellable: true,
            cancelling: false,
          },
        });
      }
      const onProgress = (done: number, total: number) =>
        set((s) => (s.operation?.kind === 'open' ? { operation: { ...s.operation, done, total } } : {}));
      const r = await rt
        .client()
        .call(
          'file.open',
          { bytes, fileName },
          { transfer: [bytes.buffer as ArrayBuffer], signal: abort.signal, onProgress },
        )
        .finally(() => {
          if (!busy) {
            rt.abort = null;
            set({ operation: null });
          }
        });
      if (!r.ok) {
        if (r.error.code === 'file.cancelled') get().notify('info', r.error.message);
        else if (r.error.code !== 'worker.crashed') {
          // One cause is already in the message; several are listed under it.
          const causes = r.error.causes ?? [];
          const details = causes.length > 1 ? causes.slice(0, 12).map((c) => c.message) : [];
          get().notify('error', r.error.message, details);
        }
        return r;
      }
      await sync.leaveLab();
      const name = labNameOf(fileName, r.value.view.fabric?.spec.name ?? r.value.view.spec.name);
      await sync.adopt(rt.newLabId(), name, r.value, r.value.memory, null, undefined, pristine);
      if (origin !== '')
        get().notify(
          'info',
          pristine
            ? `Opened ${origin}. It joins your labs when you change it`
            : `Opened ${origin} as a new lab: ${name}`,
        );
      return { ok: true, value: true };
    });
  };
}

/**
 * After a worker crash: restart it and restore the lab from the store's document and journal; a
 * crash during that restore starts over from the default preset.
 */
function crashRecoverer(
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

export function createLabSlice(rt: LabRuntime): SliceCreator<LabSlice> {
  return (set, get) => {
    const sync = labSync(rt, set, get);
    const { change } = sync;
    let started = false;

    const openAsNewLab = newLabOpener(rt, set, get, sync);

    async function openDefault(): Promise<ActionResult> {
      const preset = rt.deps.presets[0];
      if (preset === undefined) return { ok: false, error: { code: 'lab.no-preset', message: 'no presets' } };
      return openAsNewLab(`${preset.id}.json`, new TextEncoder().encode(await preset.load()), '');
    }

    return {
      status: 'starting',
      labId: null,
      labName: '',
      view: null,
      document: null,
      memory: [],
      saveStatus: 'saved',
      saveConflict: null,

      async start() {
        if (started) return;
        started = true;
        const repo = await rt.repository();
        set({ labs: await repo.list() });
        const id = await repo.currentId();
        const record = id === null ? undefined : await repo.load(id);
        if (record !== undefined) {
          const restored = await rt.enqueue(() => sync.restoreRecord(record));
          if (restored.ok) return;
          get().notify('error', `The saved lab "${record.name}" could not be restored`, [
            restored.error.message,
          ]);
        }
        const opened = await openDefault();
        if (!opened.ok) set({ status: 'failed' });
      },

      programDecoder: (component, index, program, commit) =>
        change('hdm.program', { component, index, program, commit }, (r) => r.outcome),
      uncommitDecoder: (component, index) =>
        change('hdm.uncommit', { component, index }, () => true as const),
      createRegion: (request) => change('region.create', request, (r) => r.region),
      planRegion: (request) => rt.enqueue(() => rt.client().call('region.plan', request)),
      destroyRegion: (region) => change('region.destroy', { region }, () => true as const),
      setTopology: (spec, drafts) =>
        change('topology.set', drafts === undefined ? { spec } : { spec, drafts }, () => true as const),

      openFile: (fileName, bytes) => openAsNewLab(fileName, bytes, fileName),
      openNewLab: (fileName, bytes) => openAsNewLab(fileName, bytes, ''),

      async openPreset(presetId, options) {
        const preset = rt.deps.presets.find((p) => p.id === presetId);
        if (preset === undefined) {
          return { ok: false, error: { code: 'lab.no-preset', message: `no preset "${presetId}"` } };
        }
        return openAsNewLab(
          `${preset.id}.json`,
          new TextEncoder().encode(await preset.load()),
          `the preset "${preset.name}"`,
          options?.save !== true,
        );
      },

      saveFile() {
        return rt.enqueue(async () => {
          const r = await rt.client().call('file.save', {});
          if (!r.ok) {
            get().notify('error', r.error.message);
            return r;
          }
          return { ok: true, value: { text: r.value.text, fileName: fileNameOf(get().labName) } };
        });
      },

      recover: crashRecoverer(rt, set, get, openDefault),

      // Replaced by the store factory, which owns the autosave timer.
      flushAutosave: async () => {},
    };
  };
}

/** A crash reason as a sentence under the banner's title ("the emulator …" → "The emulator ….") */
function sentence(reason: string): string {
  const text = reason.trim().replace(/\.$/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
