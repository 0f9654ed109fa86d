/**
 * CEDT — CXL Early Discovery Table (CXL r3.1 §9.18.1): decode any CEDT binary (the lab's, or a real
 * machine's /sys/firmware/acpi/tables/CEDT) and re-serialize a decoded table byte for byte.
 *
 * `decodeCedt` never throws and always terminates: every subtable advances the cursor by its Record
 * Length, which must be at least 4 and must fit, or decoding stops there. Everything it cannot assign to
 * a structure is kept as raw `unparsed` bytes, so `serializeCedt(decodeCedt(b))` reproduces `b` for any
 * input. Problems are `CedtFinding`s with byte offsets: errors (wrong signature, truncation, lengths that
 * disagree, reserved encodings, what Linux would reject) and warnings (bad checksum, reserved bits,
 * unknown subtable types). `parseCedt` is the strict form: it fails when any finding is an error.
 */
import { LIMIT_CEDT_BYTES, LIMIT_CEDT_SUBTABLES, limitText } from '../limits.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { xormapCount } from '../spec/interleave.ts';
import { type CedtCfmws, CFMWS_FIXED_SIZE, decodeCfmws } from './cfmws.ts';
import { type CedtChbs, CHBS_SIZE, decodeChbs } from './chbs.ts';
import { type CedtCxims, CXIMS_FIXED_SIZE, decodeCxims } from './cxims.ts';
import { SPEC_CEDT, SPEC_CFMWS, SPEC_CXIMS } from './decoders.ts';
import {
  byteSum,
  type CedtField,
  type CedtFinding,
  pushFieldFinding,
  readFields,
  writeRawField,
} from './field.ts';
import {
  ACPI_HEADER_FIELDS,
  ACPI_HEADER_SIZE,
  CEDT_SIGNATURE,
  type CedtHeaderFields,
  CHECKSUM_OFFSET,
  checksumFor,
  LENGTH_OFFSET,
} from './header.ts';
import { type CedtRdpas, decodeRdpas, RDPAS_SIZE } from './rdpas.ts';
import {
  CEDT_TYPE_CFMWS,
  CEDT_TYPE_CHBS,
  CEDT_TYPE_CXIMS,
  CEDT_TYPE_RDPAS,
  type CedtUnknownSubtable,
  decodeUnknownSubtable,
  RECORD_LENGTH_OFFSET,
  readBytesField,
  SUBTABLE_HEADER_SIZE,
} from './subtable.ts';

export type CedtSubtable = CedtChbs | CedtCfmws | CedtCxims | CedtRdpas | CedtUnknownSubtable;

/** A decoded CEDT. Plain, JSON-safe data (numbers, strings, arrays, null). */
export interface CedtTable {
  /** Size of the decoded input in bytes. */
  byteLength: number;
  /** The ACPI header; null when the input is shorter than 36 bytes. */
  header: CedtHeaderFields | null;
  /** Subtables in table order. */
  subtables: CedtSubtable[];
  /**
   * Bytes not assigned to the header or a subtable, kept raw: a buffer shorter than the header, the
   * rest of the table after a subtable that cannot be walked, bytes past the header's Table Length.
   */
  unparsed: CedtField<null>[];
  /** Problems found, in table order of discovery. */
  findings: CedtFinding[];
}

const MIN_RECORD_LENGTH: Readonly<
  Record<number, { size: number; name: string; severity: CedtFinding['severity'] }>
> = {
  [CEDT_TYPE_CHBS]: { size: CHBS_SIZE, name: 'CHBS', severity: 'error' },
  [CEDT_TYPE_CFMWS]: { size: CFMWS_FIXED_SIZE, name: 'CFMWS', severity: 'error' },
  [CEDT_TYPE_CXIMS]: { size: CXIMS_FIXED_SIZE, name: 'CXIMS', severity: 'error' },
  // The RDPAS layout is UNVERIFIED against the spec: a short one is not the table's fault for sure.
  [CEDT_TYPE_RDPAS]: { size: RDPAS_SIZE, name: 'RDPAS', severity: 'warning' },
};

function tableFinding(
  severity: CedtFinding['severity'],
  code: string,
  message: string,
  offset: number,
  length: number,
  field?: string,
): CedtFinding {
  return {
    severity,
    code,
    message,
    component: 'cedt',
    offset,
    length,
    spec: SPEC_CEDT,
    ...(field !== undefined ? { field } : {}),
  };
}

/** What the decoding phases share. */
interface CedtDecoding {
  readonly bytes: Uint8Array;
  readonly findings: CedtFinding[];
  readonly unparsed: CedtField<null>[];
  readonly subtables: CedtSubtable[];
}

/** Keeps bytes `from` … `to` as one raw `unparsed` field named `name`. */
function keepRaw(d: CedtDecoding, from: number, to: number, name: string): void {
  const field = readBytesField(
    `unparsed${d.unparsed.length}`,
    name,
    d.bytes,
    from,
    0,
    to - from,
    d.findings,
    'cedt',
  );
  if (field !== null) d.unparsed.push(field);
}

/**
 * Decodes a CEDT as far as its bytes allow. Never throws; always returns. Input over `LIMIT_CEDT_BYTES`
 * is refused before any work (one error, nothing decoded or kept); past `LIMIT_CEDT_SUBTABLES`
 * subtables the rest of the table is kept raw with an error naming that limit.
 */
export function decodeCedt(bytes: Uint8Array): CedtTable {
  const d: CedtDecoding = { bytes, findings: [], unparsed: [], subtables: [] };
  if (bytes.length > LIMIT_CEDT_BYTES.value) {
    d.findings.push(
      tableFinding(
        'error',
        'cedt.too-large',
        `table is ${bytes.length} bytes; the lab reads ${limitText(LIMIT_CEDT_BYTES)} (real CEDTs are a few hundred bytes)`,
        0,
        0,
      ),
    );
    return { byteLength: bytes.length, header: null, subtables: [], unparsed: [], findings: d.findings };
  }
  if (bytes.length < ACPI_HEADER_SIZE) {
    d.findings.push(
      tableFinding(
        'error',
        'cedt.truncated-header',
        `table is ${bytes.length} bytes, shorter than the ${ACPI_HEADER_SIZE}-byte ACPI header`,
        0,
        bytes.length,
      ),
    );
    keepRaw(d, 0, bytes.length, 'Truncated header');
    return {
      byteLength: bytes.length,
      header: null,
      subtables: [],
      unparsed: d.unparsed,
      findings: d.findings,
    };
  }
  const header = readFields(ACPI_HEADER_FIELDS, bytes, 0, d.findings, 'header');
  const end = checkTableLength(d, header);
  checkChecksum(d, header);
  const pos = walkSubtables(d, end);
  if (pos < end) keepRaw(d, pos, end, 'Unparsed bytes');
  if (end < bytes.length) keepRaw(d, end, bytes.length, 'Bytes past Table Length');
  crossCheck(d.subtables, d.findings);
  return {
    byteLength: bytes.length,
    header,
    subtables: d.subtables,
    unparsed: d.unparsed,
    findings: d.findings,
  };
}

/** Checks the header's Table Length against the data; returns where the subtables end. */
function checkTableLength(d: CedtDecoding, header: CedtHeaderFields): number {
  const declared = header.length.value ?? 0;
  let end = d.bytes.length;
  if (declared < ACPI_HEADER_SIZE) {
    d.findings.push(
      tableFinding(
        'error',
        'cedt.length-too-small',
        `header Table Length ${declared} is less than the ${ACPI_HEADER_SIZE}-byte header; decoding all ${d.bytes.length} bytes`,
        LENGTH_OFFSET,
        4,
        'length',
      ),
    );
  } else if (declared > d.bytes.length) {
    d.findings.push(
      tableFinding(
        'error',
        'cedt.truncated',
        `header Table Length is ${declared} bytes but the data ends at offset 0x${d.bytes.length.toString(16)} (${declared - d.bytes.length} bytes missing)`,
        LENGTH_OFFSET,
        4,
        'length',
      ),
    );
  } else if (declared < d.bytes.length) {
    d.findings.push(
      tableFinding(
        'error',
        'cedt.trailing-bytes',
        `header Table Length is ${declared} bytes but ${d.bytes.length - declared} more bytes follow at offset 0x${declared.toString(16)}`,
        LENGTH_OFFSET,
        4,
        'length',
      ),
    );
    end = declared;
  }
  return end;
}

/** Checks the header checksum (the table's bytes must sum to 0 mod 256). */
function checkChecksum(d: CedtDecoding, header: CedtHeaderFields): void {
  const declared = header.length.value ?? 0;
  if (declared >= ACPI_HEADER_SIZE && declared <= d.bytes.length) {
    const sum = byteSum(d.bytes, 0, declared);
    const stored = header.checksum.value ?? 0;
    const expected = checksumFor((sum - stored + 256) % 256);
    header.checksum.text =
      sum === 0
        ? `${header.checksum.text} (ok)`
        : `${header.checksum.text} (wrong: should be 0x${expected.toString(16).padStart(2, '0')})`;
    if (sum !== 0) {
      d.findings.push(
        tableFinding(
          'warning',
          'cedt.checksum',
          `checksum 0x${stored.toString(16).padStart(2, '0')} is wrong: the table's bytes sum to 0x${sum.toString(16).padStart(2, '0')} mod 256, not 0 (checksum should be 0x${expected.toString(16).padStart(2, '0')})`,
          CHECKSUM_OFFSET,
          1,
          'checksum',
        ),
      );
    }
  }
}

/**
 * Walks the subtables by Record Length up to `end`, decoding each (at most `LIMIT_CEDT_SUBTABLES`);
 * returns the offset where the walk stopped.
 */
function walkSubtables(d: CedtDecoding, end: number): number {
  const counters = { chbs: 0, cfmws: 0, cxims: 0, rdpas: 0 };
  let pos = ACPI_HEADER_SIZE;
  while (pos < end) {
    const left = end - pos;
    const position = d.subtables.length;
    if (position >= LIMIT_CEDT_SUBTABLES.value) {
      d.findings.push(
        tableFinding(
          'error',
          'cedt.too-many-subtables',
          `more than ${LIMIT_CEDT_SUBTABLES.value} subtables: the rest of the table from offset 0x${pos.toString(16)} is not decoded (${limitText(LIMIT_CEDT_SUBTABLES)})`,
          pos,
          left,
        ),
      );
      break;
    }
    if (left < SUBTABLE_HEADER_SIZE) {
      d.findings.push(
        tableFinding(
          'error',
          'cedt.subtable-truncated',
          `${left} byte${left === 1 ? '' : 's'} at offset 0x${pos.toString(16)} cannot hold a 4-byte subtable header`,
          pos,
          left,
        ),
      );
      break;
    }
    const type = d.bytes[pos] ?? 0;
    const recordLength =
      (d.bytes[pos + RECORD_LENGTH_OFFSET] ?? 0) + 256 * (d.bytes[pos + RECORD_LENGTH_OFFSET + 1] ?? 0);
    if (recordLength < SUBTABLE_HEADER_SIZE) {
      d.findings.push(
        tableFinding(
          'error',
          'cedt.subtable-length-too-small',
          `subtable${position} (type ${type}) at offset 0x${pos.toString(16)}: Record Length ${recordLength} is less than 4; the rest of the table is not walked`,
          pos + RECORD_LENGTH_OFFSET,
          2,
          'recordLength',
        ),
      );
      break;
    }
    if (recordLength > left) {
      d.findings.push(
        tableFinding(
          'error',
          'cedt.subtable-overrun',
          `subtable${position} (type ${type}) at offset 0x${pos.toString(16)}: Record Length ${recordLength} runs past the end of the table (${left} bytes left)`,
          pos + RECORD_LENGTH_OFFSET,
          2,
          'recordLength',
        ),
      );
      break;
    }
    const minimum = MIN_RECORD_LENGTH[type];
    if (minimum !== undefined && recordLength < minimum.size) {
      d.findings.push(
        tableFinding(
          minimum.severity,
          'cedt.subtable-too-short',
          `subtable${position} (${minimum.name}) at offset 0x${pos.toString(16)}: Record Length ${recordLength} is less than the ${minimum.size} bytes of a ${minimum.name}; kept raw`,
          pos + RECORD_LENGTH_OFFSET,
          2,
          'recordLength',
        ),
      );
      d.subtables.push(decodeUnknownSubtable(d.bytes, pos, recordLength, position, 'malformed', d.findings));
    } else if (type === CEDT_TYPE_CHBS) {
      d.subtables.push(decodeChbs(d.bytes, pos, recordLength, counters.chbs++, d.findings));
    } else if (type === CEDT_TYPE_CFMWS) {
      d.subtables.push(decodeCfmws(d.bytes, pos, recordLength, counters.cfmws++, d.findings));
    } else if (type === CEDT_TYPE_CXIMS) {
      d.subtables.push(decodeCxims(d.bytes, pos, recordLength, counters.cxims++, d.findings));
    } else if (type === CEDT_TYPE_RDPAS) {
      d.subtables.push(decodeRdpas(d.bytes, pos, recordLength, counters.rdpas++, d.findings));
    } else {
      d.subtables.push(
        decodeUnknownSubtable(d.bytes, pos, recordLength, position, 'unknown-type', d.findings),
      );
    }
    pos += recordLength;
  }
  return pos;
}

/** Checks between structures: CHBS UIDs, CFMWS targets, XOR windows against CXIMS. */
function crossCheck(subtables: readonly CedtSubtable[], findings: CedtFinding[]): void {
  const chbs = subtables.filter((s): s is CedtChbs => s.kind === 'chbs');
  const cfmws = subtables.filter((s): s is CedtCfmws => s.kind === 'cfmws');
  const cxims = subtables.filter((s): s is CedtCxims => s.kind === 'cxims');
  const push = pushFieldFinding.bind(null, findings);

  const uids = new Map<number, string>();
  for (const s of chbs) {
    const uid = s.fields.uid.value ?? 0;
    const first = uids.get(uid);
    if (first !== undefined) {
      push('error', 'chbs.duplicate-uid', s.label, s.fields.uid, `UID ${uid} is also ${first}'s`, SPEC_CEDT);
    } else uids.set(uid, s.label);
  }

  const seenHbig = new Map<number, string>();
  for (const s of cxims) {
    const hbig = s.fields.hbig.value;
    if (hbig === null) continue;
    const first = seenHbig.get(hbig);
    if (first !== undefined) {
      push(
        'warning',
        'cxims.duplicate-hbig',
        s.label,
        s.fields.hbig,
        `HBIG ${hbig} B is also ${first}'s; Linux uses the last matching CXIMS`,
        SPEC_CXIMS,
      );
    } else seenHbig.set(hbig, s.label);
  }

  for (const w of cfmws) {
    for (const t of w.targets) {
      if (t.value !== null && !uids.has(t.value)) {
        push('warning', 'cfmws.target-no-chbs', w.label, t, `target UID ${t.value} has no CHBS`, SPEC_CFMWS);
      }
    }
    const ways = w.fields.eniw.value;
    const granularity = w.fields.hbig.value;
    if (w.fields.arithmetic.value !== 'xor' || ways === null || granularity === null) continue;
    const needed = xormapCount(ways) ?? 0;
    if (needed === 0) continue;
    const matching = cxims.filter((c) => c.fields.hbig.value === granularity);
    if (matching.length === 0) {
      push(
        'error',
        'cfmws.no-cxims',
        w.label,
        w.fields.arithmetic,
        `XOR window of ${ways} ways needs ${needed} XORMAP${needed === 1 ? '' : 's'} but no CXIMS has HBIG ${granularity} B (Linux: "No CXIMS for HBIG")`,
        SPEC_CXIMS,
      );
    }
    for (const c of matching) {
      const count = c.fields.nrXormaps.value ?? 0;
      if (count < needed) {
        push(
          'error',
          'cfmws.cxims-too-few',
          w.label,
          w.fields.arithmetic,
          `${c.label} has ${count} XORMAPs, this ${ways}-way window needs ${needed} (Linux: "CXIMS nr_xormaps[${count}] expected[${needed}]")`,
          SPEC_CXIMS,
        );
      }
    }
  }
}

/** Decodes a CEDT strictly: fails with the error findings when there are any (warnings pass). */
export function parseCedt(bytes: Uint8Array): Result<CedtTable, CedtFinding[]> {
  const table = decodeCedt(bytes);
  const errors = table.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return { ok: false, error: errors };
  return ok(table);
}

/** A table signature check for callers that only want to know "is this a CEDT at all". */
export function hasCedtSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === CEDT_SIGNATURE;
}

/** Every field of one subtable, in offset order. */
export function subtableFieldList(s: CedtSubtable): CedtField[] {
  const fixed: CedtField[] = Object.values(s.fields);
  switch (s.kind) {
    case 'chbs':
    case 'rdpas':
      return s.extra === null ? fixed : [...fixed, s.extra];
    case 'cfmws':
      return [...fixed, ...s.targets, ...(s.extra === null ? [] : [s.extra])];
    case 'cxims':
      return [...fixed, ...s.xormaps, ...(s.extra === null ? [] : [s.extra])];
    case 'unknown':
      return s.body === null ? fixed : [...fixed, s.body];
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Every field of a decoded table (header, subtables, unparsed bytes), in offset order. */
export function cedtFieldList(table: CedtTable): CedtField[] {
  const out: CedtField[] = table.header === null ? [] : Object.values(table.header);
  for (const s of table.subtables) out.push(...subtableFieldList(s));
  out.push(...table.unparsed);
  return out.sort((a, b) => a.offset - b.offset);
}

export interface CedtSerializeOptions {
  /** Recompute the header checksum instead of keeping the decoded one (after editing fields). */
  fixChecksum?: boolean;
}

/**
 * Re-serializes a decoded table from its fields' raw values: byte for byte the input of `decodeCedt`,
 * including OEM fields, reserved bytes, unknown subtables, a bad checksum and unparsed bytes. Fails if
 * the fields do not tile `byteLength` exactly or a raw value is malformed (a hand-edited table).
 */
export function serializeCedt(
  table: CedtTable,
  options: CedtSerializeOptions = {},
): Result<Uint8Array, CxlError[]> {
  const out = new Uint8Array(table.byteLength);
  const covered = new Uint8Array(table.byteLength);
  const errors: CxlError[] = [];
  for (const field of cedtFieldList(table)) {
    if (!writeRawField(field, out)) {
      errors.push({
        code: 'cedt.serialize-field',
        message: `field ${field.name} at 0x${field.offset.toString(16)}: raw value ${JSON.stringify(field.raw)} does not fit ${field.length} bytes at that offset`,
        field: field.key,
      });
      continue;
    }
    for (let i = field.offset; i < field.offset + field.length; i++) covered[i] = (covered[i] ?? 0) + 1;
  }
  const gap = covered.findIndex((c) => c !== 1);
  if (gap >= 0) {
    errors.push({
      code: 'cedt.serialize-coverage',
      message: `byte 0x${gap.toString(16)} is ${covered[gap] === 0 ? 'not covered by any field' : 'covered by more than one field'}`,
    });
  }
  if (errors.length > 0) return { ok: false, error: errors };
  if (options.fixChecksum === true && table.header !== null) {
    const length = Math.min(table.header.length.value ?? out.length, out.length);
    out[CHECKSUM_OFFSET] = 0;
    out[CHECKSUM_OFFSET] = checksumFor(byteSum(out, 0, length));
  }
  return ok(out);
}
