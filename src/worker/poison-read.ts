/**
 * The worker's side of a read that hit poison: the General Media event records the devices log
 * (`recordPoisonReads`) change the lab document, so the lab is reloaded from the edited document
 * and the new state goes back with the read (the store records it as an undoable change).
 */
import type { AccessPiece, PoisonHit } from '../cxl/decode/access.ts';
import { recordPoisonReads } from '../cxl/device/poison-events.ts';
import type { Result } from '../cxl/result.ts';
import type { LabDocument, LabState } from './lab-types.ts';
import type { PoisonHitView } from './protocol.ts';

/** What this needs of the emulator: its document and loading an edited one. */
export interface DocumentHost {
  document(): LabDocument;
  load(document: LabDocument): Result<LabState>;
}

export function poisonView(hit: PoisonHit): PoisonHitView {
  const { device, dpa, length, hpa, record } = hit;
  return { device, dpa, length, hpa, record: { ...record } };
}

/** The lab after the poison hits among `pieces` were logged, or null when there were none. */
export function poisonReadState(host: DocumentHost, pieces: readonly AccessPiece[]): LabState | null {
  const hits: PoisonHit[] = [];
  for (const p of pieces) if (p.poison !== undefined) hits.push(p.poison);
  if (hits.length === 0) return null;
  const document = host.document();
  const spec = recordPoisonReads(document.spec, hits);
  if (spec === null) return null;
  const loaded = host.load({ ...document, spec });
  return loaded.ok ? loaded.value : null;
}
