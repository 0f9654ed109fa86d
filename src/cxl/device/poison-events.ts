/**
 * What a host read of poison leaves on the device: one General Media event record per poisoned
 * 64-byte line read (CXL 2.0 §8.2.9.1.1.1: uncorrectable ECC error, transaction Host Read) in the
 * Failure log, saved in the device's state in the lab document, where Get Event Records returns it
 * and Clear Event Records removes it. QEMU logs nothing on such a read (hw/mem/cxl_type3.c
 * cxl_type3_read); its General Media records come only from QMP (qmp_cxl_inject_general_media_event).
 */
import type { PoisonHit } from '../decode/access.ts';
import { POISON_UNIT } from '../spec/mailbox-payloads.ts';
import type { TopologySpec } from '../topology/model.ts';
import { addEventRecord, generalMediaPoisonRead } from './commands/events.ts';
import { DeviceState } from './state.ts';

/** The event log a poisoned read's record goes to (Get Event Records' log 2, Failure). */
export const POISON_READ_LOG = 2;

/** The 64-byte lines of DPA [dpa, dpa + length), by their aligned start. */
function linesOf(dpa: number, length: number): number[] {
  const out: number[] = [];
  const first = dpa - (dpa % POISON_UNIT);
  for (let line = first; line < dpa + length; line += POISON_UNIT) out.push(line);
  return out;
}

/**
 * `spec` with a General Media record added to each hit device's Failure log for every poisoned
 * line read, or null when `hits` is empty (the document does not change). A full log counts
 * overflows instead (`addEventRecord`).
 */
export function recordPoisonReads(spec: TopologySpec, hits: readonly PoisonHit[]): TopologySpec | null {
  if (hits.length === 0) return null;
  const byDevice = new Map<string, PoisonHit[]>();
  for (const h of hits) byDevice.set(h.device, [...(byDevice.get(h.device) ?? []), h]);
  const components = spec.components.map((c) => {
    const mine = c.kind === 'type3' ? byDevice.get(c.id) : undefined;
    if (c.kind !== 'type3' || mine === undefined) return c;
    const state = new DeviceState(c);
    for (const h of mine) {
      for (const line of linesOf(h.dpa, h.length)) {
        addEventRecord(state, POISON_READ_LOG, generalMediaPoisonRead(line, line < state.volatile));
      }
    }
    return state.applyTo(c);
  });
  return { ...spec, components };
}
