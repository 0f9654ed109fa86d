/**
 * The panels' side of the store: read-only questions to the worker (register dumps, the CEDT, DPA
 * pages, the reverse map, routed batches) and register writes. Every write is an MMIO write in the
 * worker and an undoable configuration change here, like the lab slice's actions.
 */
import { labSync } from '../lab-sync.ts';
import { appendMemory } from '../memory-journal.ts';
import type { InspectSlice, LabRuntime, SliceCreator } from '../types.ts';

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
    };
  };
}
