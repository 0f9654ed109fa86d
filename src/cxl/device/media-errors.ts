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
import type { Type3Spec } from '../topology/model.ts';
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

/** One poisoned 64-byte line of a record and the HPAs that reach it (empty: no committed decoder maps it). */
export interface MediaErrorLine {
  dpa: number;
  hpas: number[];
}

/** A device's media error record with the HPAs of its first `MEDIA_ERROR_LINES` lines. */
export interface MediaErrorRecord {
  dpa: number;
  length: number;
  source: string;
  lines: MediaErrorLine[];
  /** Lines of the record past `MEDIA_ERROR_LINES`, whose HPAs are not listed. */
  linesLeftOut: number;
}

/** `device`'s poison records in DPA order, each line with the HPAs that reach it (`hpasForDpa`). */
export function deviceMediaErrors(core: LabCore, device: Type3Spec): MediaErrorRecord[] {
  const records = [...new DeviceState(device).poison].sort((a, b) => a.dpa - b.dpa);
  return records.map((p) => {
    const count = p.length / POISON_UNIT;
    const shown = Math.min(count, MEDIA_ERROR_LINES);
    const lines: MediaErrorLine[] = [];
    for (let i = 0; i < shown; i++) {
      const dpa = p.dpa + i * POISON_UNIT;
      lines.push({ dpa, hpas: hpasForDpa(core, device.id, dpa).map((h) => h.hpa) });
    }
    return {
      dpa: p.dpa,
      length: p.length,
      source: POISON_SOURCES[p.source] ?? 'Reserved',
      lines,
      linesLeftOut: count - shown,
    };
  });
}

/** A record as `cxl-lab list --media-errors` prints it: the HPAs of all its lines, in line order, as hex. */
export function mediaErrorJson(r: MediaErrorRecord): MediaErrorJson {
  const e: MediaErrorJson = {
    offset: hex(r.dpa),
    length: r.length,
    source: r.source,
    hpa: r.lines.flatMap((l) => l.hpas.map((h) => hex(h))),
  };
  if (r.linesLeftOut > 0) e.hpa_lines_left_out = r.linesLeftOut;
  return e;
}

export function mediaErrors(core: LabCore): MemdevMediaErrors[] {
  const names = linuxNames(core.topology);
  const out: MemdevMediaErrors[] = [];
  for (const c of core.topology.spec.components) {
    if (c.kind !== 'type3') continue;
    out.push({
      memdev: names.memdevs.get(c.id) ?? c.id,
      id: c.id,
      media_errors: deviceMediaErrors(core, c).map(mediaErrorJson),
    });
  }
  return out;
}
