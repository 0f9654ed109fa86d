/**
 * Builds the CEDT (CXL r3.1 §9.18.1) for a topology, the way QEMU's hw/acpi/cxl.c cxl_build_cedt()
 * lays it out, plus the XOR structures QEMU does not emit:
 *
 *   ACPI header (36 B) · one CHBS per host bridge (host bridge order) · one CFMWS per window (window
 *   order) · one CXIMS per distinct HBIG used by XOR windows that need XORMAPs (order of first use).
 *
 * CXIMS rule (what Linux's cxl_parse_cxims accepts): an XOR window of NIW ways needs the first
 * log2(power-of-two part of NIW) maps of a CXIMS whose HBIG equals the window's. So XOR windows that
 * share an HBIG share one map list: each window's maps must be a prefix of the longest one. Windows
 * whose maps disagree cannot both be expressed, and the build fails with `cedt.cxims-conflict`.
 * Windows of 1 or 3 ways need no maps and get no CXIMS.
 *
 * Values are encoded exactly as given (an unaligned base is encoded, and flagged later by the parser
 * and by topology validation); what cannot be encoded at all fails the build with `CxlError`s.
 */
import { type CxlError, ok, type Result } from '../result.ts';
import { granularityToEig, waysToEiw, xormapCount } from '../spec/interleave.ts';
import type { HostBridgeSpec, Topology, TopologySpec, WindowSpec } from '../topology/model.ts';
import { hex } from '../units.ts';
import {
  CFMWS_ARITHMETIC,
  CFMWS_FIELDS,
  CFMWS_RESTRICTION_BITS,
  cfmwsLength,
  cfmwsTargetField,
  cfmwsValues,
} from './cfmws.ts';
import { CHBS_FIELDS, CHBS_SIZE, chbsValues } from './chbs.ts';
import { CXIMS_FIELDS, cximsLength, cximsValues, cximsXormapField } from './cxims.ts';
import { SPEC_CFMWS, SPEC_CHBS, SPEC_CXIMS } from './decoders.ts';
import { byteSum, writeField, writeFields } from './field.ts';
import {
  ACPI_HEADER_FIELDS,
  ACPI_HEADER_SIZE,
  CEDT_REVISION,
  CEDT_SIGNATURE,
  type CedtHeaderOptions,
  CHECKSUM_OFFSET,
  checksumFor,
  resolveHeaderOptions,
} from './header.ts';

interface PlannedWindow {
  window: WindowSpec;
  eiw: number;
  eig: number;
  uids: number[];
}

interface PlannedCxims {
  eig: number;
  maps: number[];
  /** The window whose maps are the current longest list. */
  owner: string;
}

function isU(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function isAddressLike(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function planHostBridges(hostBridges: readonly HostBridgeSpec[], errors: CxlError[]): Map<string, number> {
  const uidById = new Map<string, number>();
  const idByUid = new Map<number, string>();
  for (const hb of hostBridges) {
    if (!isU(hb.uid, 0xffff_ffff)) {
      errors.push({
        code: 'cedt.uid-invalid',
        message: `${hb.id}: UID ${String(hb.uid)} is not a 32-bit unsigned integer`,
        component: hb.id,
        field: 'uid',
        spec: SPEC_CHBS,
      });
      continue;
    }
    const other = idByUid.get(hb.uid);
    if (other !== undefined) {
      errors.push({
        code: 'cedt.uid-duplicate',
        message: `${hb.id}: UID ${hb.uid} is also ${other}'s; CHBS and CFMWS targets name host bridges by UID`,
        component: hb.id,
        field: 'uid',
        spec: SPEC_CHBS,
      });
    }
    if (!isAddressLike(hb.componentRegBase)) {
      errors.push({
        code: 'cedt.chbs-base-invalid',
        message: `${hb.id}: component register base ${String(hb.componentRegBase)} is not a non-negative integer address`,
        component: hb.id,
        field: 'componentRegBase',
        spec: SPEC_CHBS,
      });
    }
    idByUid.set(hb.uid, hb.id);
    uidById.set(hb.id, hb.uid);
  }
  return uidById;
}

function planWindow(
  w: WindowSpec,
  uidById: ReadonlyMap<string, number>,
  errors: CxlError[],
): PlannedWindow | null {
  const before = errors.length;
  const fail = (code: string, field: string, message: string, spec = SPEC_CFMWS) =>
    errors.push({ code, message: `${w.id}: ${message}`, component: w.id, field, spec });

  const eiw = waysToEiw(w.ways);
  if (!eiw.ok) fail('cedt.ways-invalid', 'ways', eiw.error.message);
  const eig = granularityToEig(w.granularity);
  if (!eig.ok) fail('cedt.granularity-invalid', 'granularity', eig.error.message);
  if (!isAddressLike(w.base))
    fail('cedt.base-invalid', 'base', `base ${String(w.base)} is not a non-negative integer`);
  if (!isAddressLike(w.size))
    fail('cedt.size-invalid', 'size', `size ${String(w.size)} is not a non-negative integer`);
  if (!isU(w.qtg, 0xffff))
    fail('cedt.qtg-invalid', 'qtg', `QTG ID ${String(w.qtg)} is not a 16-bit unsigned integer`);
  if (!CFMWS_ARITHMETIC.some((a) => a.name === w.arithmetic)) {
    fail(
      'cedt.arithmetic-invalid',
      'arithmetic',
      `interleave arithmetic ${JSON.stringify(w.arithmetic)} is unknown`,
    );
  }
  for (const r of w.restrictions) {
    if (!CFMWS_RESTRICTION_BITS.some((b) => b.name === r)) {
      fail('cedt.restriction-invalid', 'restrictions', `restriction ${JSON.stringify(r)} is unknown`);
    }
  }
  if (w.targets.length !== w.ways) {
    fail('cedt.targets-count', 'targets', `${w.targets.length} targets listed for ${w.ways} ways`);
  }
  const uids: number[] = [];
  w.targets.forEach((target, i) => {
    const uid = uidById.get(target);
    if (uid === undefined)
      fail('cedt.target-unknown', `targets[${i}]`, `target ${JSON.stringify(target)} is not a host bridge`);
    else uids.push(uid);
  });
  const needed = w.arithmetic === 'xor' ? (xormapCount(w.ways) ?? 0) : 0;
  if (w.arithmetic === 'xor' && w.xormaps.length !== needed) {
    fail(
      'cedt.xormaps-count',
      'xormaps',
      `an XOR window of ${w.ways} ways needs ${needed} XORMAP${needed === 1 ? '' : 's'}, ${w.xormaps.length} given`,
      SPEC_CXIMS,
    );
  }
  if (w.arithmetic !== 'xor' && w.xormaps.length > 0) {
    fail(
      'cedt.xormaps-modulo',
      'xormaps',
      'XORMAPs are given but the window uses modulo arithmetic',
      SPEC_CXIMS,
    );
  }
  w.xormaps.forEach((map, i) => {
    if (!isAddressLike(map) || map === 0) {
      fail(
        'cedt.xormap-invalid',
        `xormaps[${i}]`,
        `XORMAP ${String(map)} is not a non-zero integer bit mask`,
        SPEC_CXIMS,
      );
    }
  });
  if (errors.length > before || !eiw.ok || !eig.ok) return null;
  return { window: w, eiw: eiw.value, eig: eig.value, uids };
}

/** Groups XOR windows by HBIG into CXIMS map lists (see the file comment). */
function planCxims(windows: readonly PlannedWindow[], errors: CxlError[]): PlannedCxims[] {
  const groups: PlannedCxims[] = [];
  for (const { window: w, eig } of windows) {
    if (w.arithmetic !== 'xor' || w.xormaps.length === 0) continue;
    const group = groups.find((g) => g.eig === eig);
    if (group === undefined) {
      groups.push({ eig, maps: [...w.xormaps], owner: w.id });
      continue;
    }
    const common = Math.min(group.maps.length, w.xormaps.length);
    const differs = Array.from({ length: common }, (_, i) => i).find((i) => group.maps[i] !== w.xormaps[i]);
    if (differs !== undefined) {
      errors.push({
        code: 'cedt.cxims-conflict',
        message:
          `${w.id}: XOR windows ${group.owner} and ${w.id} both use HBIG ${w.granularity} B but XORMAP ${differs} ` +
          `differs (${hex(group.maps[differs] ?? 0)} vs ${hex(w.xormaps[differs] ?? 0)}); one CXIMS per HBIG cannot ` +
          'carry both (Linux takes the first maps of the CXIMS whose HBIG matches)',
        component: w.id,
        field: `xormaps[${differs}]`,
        spec: SPEC_CXIMS,
      });
      continue;
    }
    if (w.xormaps.length > group.maps.length) {
      group.maps = [...w.xormaps];
      group.owner = w.id;
    }
  }
  return groups;
}

/**
 * The CEDT for a topology (validated or as authored), as bytes. Header fields default to QEMU's
 * (see `header.ts`). Fails with every problem found when something cannot be encoded.
 */
export function buildCedt(
  topology: TopologySpec | Topology,
  options: CedtHeaderOptions = {},
): Result<Uint8Array, CxlError[]> {
  const spec: TopologySpec = 'spec' in topology ? topology.spec : topology;
  const errors: CxlError[] = [];
  const header = resolveHeaderOptions(options);
  if (!header.ok) errors.push(...header.error);

  const hostBridges = spec.components.filter((c): c is HostBridgeSpec => c.kind === 'host-bridge');
  const uidById = planHostBridges(hostBridges, errors);
  const windows: PlannedWindow[] = [];
  for (const w of spec.windows) {
    const planned = planWindow(w, uidById, errors);
    if (planned !== null) windows.push(planned);
  }
  const cxims = planCxims(windows, errors);
  if (errors.length > 0 || !header.ok) return { ok: false, error: errors };

  const length =
    ACPI_HEADER_SIZE +
    CHBS_SIZE * hostBridges.length +
    windows.reduce((sum, w) => sum + cfmwsLength(w.window.ways), 0) +
    cxims.reduce((sum, c) => sum + cximsLength(c.maps.length), 0);
  const out = new Uint8Array(length);
  const h = header.value;
  writeFields(ACPI_HEADER_FIELDS, out, 0, {
    signature: CEDT_SIGNATURE,
    length,
    revision: CEDT_REVISION,
    checksum: 0,
    oemId: h.oemId,
    oemTableId: h.oemTableId,
    oemRevision: h.oemRevision,
    creatorId: h.creatorId,
    creatorRevision: h.creatorRevision,
  });
  let pos = ACPI_HEADER_SIZE;
  for (const hb of hostBridges) {
    writeFields(CHBS_FIELDS, out, pos, chbsValues(hb));
    pos += CHBS_SIZE;
  }
  for (const w of windows) {
    writeFields(CFMWS_FIELDS, out, pos, cfmwsValues(w.window, w.eiw, w.eig));
    w.uids.forEach((uid, i) => {
      writeField(cfmwsTargetField(i), out, pos, uid);
    });
    pos += cfmwsLength(w.window.ways);
  }
  for (const c of cxims) {
    writeFields(CXIMS_FIELDS, out, pos, cximsValues(c.eig, c.maps.length));
    c.maps.forEach((map, i) => {
      writeField(cximsXormapField(i), out, pos, map);
    });
    pos += cximsLength(c.maps.length);
  }
  out[CHECKSUM_OFFSET] = checksumFor(byteSum(out));
  return ok(out);
}
