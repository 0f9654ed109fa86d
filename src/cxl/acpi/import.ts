/**
 * CEDT → lab topology (CXL r3.1 §9.18.1): the host bridges and fixed memory windows a CEDT describes,
 * as a `TopologySpec` to which the user then adds root ports, switches and devices.
 *
 *   - host bridges `hb0, hb1, …` from the CXL 2.0+ CHBSs in table order: UID, component register base
 *     (CHBCR), 4 HDM decoders (the model's default), none programmed;
 *   - windows `cfmw0, cfmw1, …` from the CFMWSs in table order, targets resolved UID → host bridge id;
 *   - XOR windows take their maps as Linux does (drivers/cxl/acpi.c cxl_parse_cxims): the first
 *     log2(power-of-two part of NIW) XORMAPs of the CXIMS whose HBIG equals the window's (the last such
 *     CXIMS, as Linux keeps the last match).
 *   - a CXL 1.1 CHBS (Version 0) becomes a restricted host bridge (RCH) whose base is the 8 KiB RCRB,
 *     with no HDM decoders; a note says so (rch-import.ts).
 * What the lab does not model is skipped and listed in the topology's `notes`: RDPAS and unknown
 * subtables, reserved restriction bits.
 */
import { checkImported } from '../accept.ts';
import { joinNotes } from '../limits.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { xormapCount } from '../spec/interleave.ts';
import type { HostBridgeSpec, TopologySpec, WindowSpec } from '../topology/model.ts';
import { hex } from '../units.ts';
import type { CedtTable } from './cedt.ts';
import { bitsToRestrictions, type CedtCfmws } from './cfmws.ts';
import type { CedtCxims } from './cxims.ts';
import { SPEC_CEDT } from './decoders.ts';
import { rchImportNote } from './rch-import.ts';

/** HDM decoder count given to imported host bridges (the model's default). */
export const IMPORTED_HB_DECODERS = 4;

function trimText(s: string | null | undefined): string {
  return (s ?? '').replace(/[\0 ]+$/, '');
}

/** The lab topology a decoded CEDT describes. Fails on any error finding or on unresolvable targets. */
export function topologyFromCedt(table: CedtTable): Result<TopologySpec, CxlError[]> {
  const errors: CxlError[] = table.findings.filter((f) => f.severity === 'error');
  if (table.header === null) {
    errors.push({
      code: 'import.no-header',
      message: 'the table has no ACPI header',
      field: 'header',
      offset: 0,
      spec: SPEC_CEDT,
    });
  }
  if (errors.length > 0) return { ok: false, error: errors };

  const notes: string[] = [];
  const hostBridges: HostBridgeSpec[] = [];
  const hbByUid = new Map<number, string>();
  const windows: WindowSpec[] = [];
  const cxims = table.subtables.filter((s): s is CedtCxims => s.kind === 'cxims');

  for (const s of table.subtables) {
    const at = `offset ${hex(s.offset)}`;
    if (s.kind === 'chbs') {
      const uid = s.fields.uid.value ?? 0;
      const id = `hb${hostBridges.length}`;
      const rch = s.fields.cxlVersion.value === '1.1';
      hostBridges.push({
        kind: 'host-bridge',
        id,
        uid,
        decoderCount: rch ? 0 : IMPORTED_HB_DECODERS,
        componentRegBase: s.fields.base.value ?? 0,
        decoders: [],
        ...(rch ? { restricted: true } : {}),
      });
      if (rch) notes.push(rchImportNote(s, id));
      hbByUid.set(uid, id);
    } else if (s.kind === 'rdpas') {
      notes.push(`${s.label} (${at}): RDPAS for ${s.fields.bdf.value ?? '?'} not modeled; skipped.`);
    } else if (s.kind === 'unknown') {
      notes.push(
        `${s.label} (${at}): subtable type ${s.typeCode}, ${s.byteLength} bytes, not modeled; skipped.`,
      );
    }
  }

  for (const s of table.subtables) {
    if (s.kind !== 'cfmws') continue;
    const window = importWindow(s, `cfmw${s.index}`, hbByUid, cxims, errors, notes);
    if (window !== null) windows.push(window);
  }
  if (errors.length > 0) return { ok: false, error: errors };

  const header = table.header;
  const oem =
    header === null ? '' : `${trimText(header.oemId.value)} ${trimText(header.oemTableId.value)}`.trim();
  const spec: TopologySpec = {
    name: oem === '' ? 'Imported CEDT' : `Imported CEDT (${oem})`,
    windows,
    components: hostBridges,
    ...(notes.length > 0 ? { notes: joinNotes(notes) } : {}),
  };
  return ok(spec);
}

/**
 * `cedt --import` and the UI: the topology a CEDT describes, held to the one acceptance rule of lab
 * files (`checkImported`: limits such as 64 windows, overlapping windows, duplicate register blocks),
 * so the import never hands out a lab that would not load. `topologyFromCedt` alone is the table's
 * plain description, which may not be a valid lab.
 */
export function importCedtTopology(table: CedtTable): Result<TopologySpec, CxlError[]> {
  const spec = topologyFromCedt(table);
  if (!spec.ok) return spec;
  const accepted = checkImported(spec.value, 'the CEDT');
  return accepted.ok ? spec : accepted;
}

function importWindow(
  s: CedtCfmws,
  id: string,
  hbByUid: ReadonlyMap<number, string>,
  cxims: readonly CedtCxims[],
  errors: CxlError[],
  notes: string[],
): WindowSpec | null {
  const { baseHpa, windowSize, eniw, arithmetic, hbig, restrictions, qtgId } = s.fields;
  // A parsed table without error findings has every one of these decoded.
  if (
    baseHpa.value === null ||
    windowSize.value === null ||
    eniw.value === null ||
    arithmetic.value === null ||
    hbig.value === null ||
    restrictions.value === null ||
    qtgId.value === null
  ) {
    errors.push({ code: 'import.cfmws-undecoded', message: `${s.label}: not fully decoded`, component: id });
    return null;
  }
  const targets: string[] = [];
  for (const t of s.targets) {
    const hb = t.value === null ? undefined : hbByUid.get(t.value);
    if (hb === undefined) {
      errors.push({
        code: 'import.target-unknown',
        message: `${s.label}: target UID ${String(t.value)} at ${hex(t.offset)} has no CHBS`,
        component: id,
        field: t.key,
        spec: SPEC_CEDT,
      });
    } else targets.push(hb);
  }
  let xormaps: number[] = [];
  if (arithmetic.value === 'xor') {
    const needed = xormapCount(eniw.value) ?? 0;
    const source = cxims.filter((c) => c.fields.hbig.value === hbig.value).at(-1);
    if (needed > 0 && source !== undefined) {
      xormaps = source.xormaps.slice(0, needed).map((m) => m.value ?? 0);
    }
  }
  const { reservedBits } = bitsToRestrictions(Number.parseInt(restrictions.raw, 16));
  if (reservedBits !== 0) {
    notes.push(`${s.label}: reserved restriction bits 0x${reservedBits.toString(16)} dropped.`);
  }
  return {
    id,
    base: baseHpa.value,
    size: windowSize.value,
    ways: eniw.value,
    granularity: hbig.value,
    arithmetic: arithmetic.value,
    xormaps,
    targets,
    restrictions: restrictions.value,
    qtg: qtgId.value,
  };
}
