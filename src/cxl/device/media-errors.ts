/**
 * `cxl list --media-errors` for a lab: each memdev's poison records as ndctl prints them under the
 * memdev (ndctl cxl/json.c, v80 and later: "offset" = the DPA, "length" in bytes, "source" by name),
 * plus what a real listing cannot show: the HPAs that reach each poisoned 64-byte line through the
 * committed decoders (`hpasForDpa`, the lab's independent DPA → HPA inverse).
 */
import { hpasForDpa } from '../decode/inverse.ts';
import type { LabCore } from '../lab-core.ts';
import { linuxNames } from '../region/names.ts';
import { POISON_SOURCES, POISON_UNIT } from '../spec/mailbox-payloads.ts';
import { hex } from '../units.ts';
import { DeviceState } from './state.ts';

/** Lines per record whose HPAs are listed; a longer record says how many it left out. */
export const MEDIA_ERROR_LINES = 64;

export interface MediaErrorJson {
  offset: string;
  length: number;
  source: string;
  /** HPAs reaching each 64-byte line of the record, in line order (empty when nothing maps it). */
  hpa: string[];
  hpa_lines_left_out?: number;
}

export interface MemdevMediaErrors {
  memdev: string;
  id: string;
  media_errors: MediaErrorJson[];
}

export function mediaErrors(core: LabCore): MemdevMediaErrors[] {
  const names = linuxNames(core.topology);
  const out: MemdevMediaErrors[] = [];
  for (const c of core.topology.spec.components) {
    if (c.kind !== 'type3') continue;
    const state = new DeviceState(c);
    const records = [...state.poison].sort((a, b) => a.dpa - b.dpa);
    out.push({
      memdev: names.memdevs.get(c.id) ?? c.id,
      id: c.id,
      media_errors: records.map((p) => {
        const lines = p.length / POISON_UNIT;
        const shown = Math.min(lines, MEDIA_ERROR_LINES);
        const hpa: string[] = [];
        for (let i = 0; i < shown; i++) {
          for (const h of hpasForDpa(core, c.id, p.dpa + i * POISON_UNIT)) hpa.push(hex(h.hpa));
        }
        const e: MediaErrorJson = {
          offset: hex(p.dpa),
          length: p.length,
          source: POISON_SOURCES[p.source] ?? 'Reserved',
          hpa,
        };
        if (lines > shown) e.hpa_lines_left_out = lines - shown;
        return e;
      }),
    });
  }
  return out;
}
