/**
 * The panels' side of the store: read-only questions to the worker (register dumps, the CEDT, DPA
 * pages, the reverse map, routed batches) and register writes. Every write is an MMIO write in the
 * worker and an undoable configuration change here, like the lab slice's actions.
 */
import { renameComponent } from '../../lib/rename-component.ts';
import { labSync } from '../lab-sync.ts';
import { appendMemory } from '../memory-journal.ts';
import type { ActionResult, InspectSlice, LabRuntime, SliceCreator } from '../types.ts';

export function createInspectSlice(rt: LabRuntime): SliceCreator<InspectSlice> {
  return (set, get) => {
    const { change, applyState } = labSync(rt, set, get);

    /** One mailbox command; its new lab state (if it changed the device) is applied as an undoable change. */
    const mailbox = (device: string, command: string, input: Uint8Array) =>
      rt.enqueue(async () => {
        const r = await rt.client().call('device.mbox', { device, command, input });
        if (!r.ok) return r;
        if (r.value.state !== null) applyState(r.value.state, true);
        if (r.value.memory.length > 0) set((s) => ({ memory: appendMemory(s.memory, r.value.memory) }));
        return { ok: true as const, value: r.value.run };
      });

    /** One `topology.set` with the renamed document; the journal and the selection follow the name. */
    async function rename(id: string, name: string): Promise<ActionResult> {
      const document = get().document;
      if (document === null)
        return { ok: false, error: { code: 'lab.not-ready', message: 'no lab is open' } };
      const edit = renameComponent({ spec: document.spec, drafts: document.drafts ?? [] }, id, name);
      if (!edit.ok) return { ok: false, error: { code: 'topology.rename', message: edit.reason } };
      if (name === id) return { ok: true, value: true };
      const selected = get().selectedId === id;
      const r = await change(
        'topology.set',
        { spec: edit.doc.spec, drafts: edit.doc.drafts, renamed: { from: id, to: name } },
        () => true as const,
      );
      if (!r.ok) return r;
      set((s) => ({
        memory: appendMemory(s.memory, [{ kind: 'rename', from: id, to: name }]),
        ...(selected ? { selectedId: name } : {}),
      }));
      return r;
    }

    return {
      query: (kind, args) => rt.client().call(kind, args),
      writeRegister32: (component, offset, value) =>
        change('mmio.write32', { component, offset, value }, (r) => r.write),
      writeRegisterField: (component, offset, field, value) =>
        change('mmio.writeField', { component, offset, field, value }, (r) => r.write),
      setDecoder: (component, index, change_) =>
        change('hdm.setDecoder', { component, index, change: change_ }, (r) => r.writes),
      sendMailbox: (device, command, input) =>
        get().undoable({ kind: 'mailbox', command, device }, () => mailbox(device, command, input)),
      // "Show me" writes memory like the console does: its pages go into the journal (autosave, reload).
      showLessonSolution: (step) =>
        change('lesson.solve', { step }, (r) => {
          if (r.memory.length > 0) set((s) => ({ memory: appendMemory(s.memory, r.memory) }));
          return { writes: r.writes, notes: r.notes };
        }),
      renameComponent: rename,
    };
  };
}
