/**
 * The field-table engine for the ACPI tables the lab builds and parses (ACPI 6.5 §5.2 little-endian,
 * byte-packed layouts; CXL r3.1 §9.18.1 for the CEDT structures).
 *
 * Each structure declares its fields once, in one table of `AcpiFieldDef`s (key, name, offset, length,
 * format, decoder). The same table drives
 *   - decoding: `readFields` turns bytes into `CedtField`s that carry their absolute byte offset and
 *     length (so a UI can highlight bytes ↔ fields), the exact raw value and the decoded value;
 *   - building: `writeFields` encodes values at the declared offsets;
 *   - re-serializing: `writeRawField` writes a parsed field's raw value back, byte for byte.
 *
 * 64-bit integers are handled as two 32-bit halves (no `bigint`, no 32-bit operators on addresses);
 * a field's `raw` string is exact at every width, while its numeric value is exact below 2^53.
 */
import type { CxlError } from '../result.ts';

/** 'uint': little-endian unsigned integer; 'text': ASCII characters; 'bytes': opaque bytes. */
export type AcpiFieldFormat = 'uint' | 'text' | 'bytes';

/** One decoded field of a parsed table. Offsets are absolute (from the start of the table). */
export interface CedtField<V = unknown> {
  /** Stable key within its structure, e.g. `baseHpa`, `target2`. */
  key: string;
  /** Display name, after ACPICA / the spec, e.g. "Base HPA". */
  name: string;
  offset: number;
  length: number;
  format: AcpiFieldFormat;
  /**
   * Exact raw contents. 'uint': the integer in hex, `0x` + 2·length digits (`0x0000006c`);
   * 'text' and 'bytes': the bytes in table order as space-separated hex pairs (`43 45 44 54`).
   */
  raw: string;
  /** Decoded value (ways, bytes, restriction names, text, …); null when reserved or not decodable. */
  value: V | null;
  /** The decoded value as listing text, e.g. "4 ways (ENIW 2)". */
  text: string;
}

/** A finding about a table: where (absolute byte range) and how bad. Extends the core's `CxlError`. */
export interface CedtFinding extends CxlError {
  severity: 'error' | 'warning';
  offset: number;
  length: number;
}

/** What a field decoder reports: the value, its listing text, and optionally a problem with it. */
export interface AcpiDecoded<V> {
  value: V | null;
  text: string;
  problem?: { severity: 'error' | 'warning'; code: string; message: string; spec?: string };
}

/** One field's declaration: the single place its offset, width and meaning are written down. */
export interface AcpiFieldDef<K extends string = string, V = unknown> {
  readonly key: K;
  readonly name: string;
  /** Offset within the structure. */
  readonly offset: number;
  readonly length: number;
  readonly format: AcpiFieldFormat;
  /** Reserved fields: a non-zero value gets a warning; the value is still kept and re-serialized. */
  readonly reserved?: boolean;
  /**
   * Decodes the field. `n` is the little-endian integer value (exact below 2^53), `bytes` the field's
   * bytes, `raw` its raw string (see `CedtField.raw`).
   */
  readonly decode: (n: number, bytes: Uint8Array, raw: string) => AcpiDecoded<V>;
}

type AnyFieldDef = AcpiFieldDef<string, unknown>;

type DecodedValueOf<D> = D extends AcpiFieldDef<string, infer V> ? V : never;

/** The typed record of decoded fields for a field table. */
export type CedtFields<T extends readonly AnyFieldDef[]> = {
  [D in T[number] as D['key']]: CedtField<DecodedValueOf<D>>;
};

/** Values to encode, one per field of a table (numbers for 'uint', strings for 'text'/'bytes'). */
export type AcpiFieldValues<T extends readonly AnyFieldDef[]> = {
  [D in T[number] as D['key']]: number | string;
};

/**
 * Declares a field table and checks it once, at module load: fields in offset order, no gaps, no
 * overlaps, integer widths of 1, 2, 4 or 8 bytes. A bad table is a programmer bug, so this throws.
 */
export function defineFields<const T extends readonly AnyFieldDef[]>(structure: string, fields: T): T {
  let next = 0;
  for (const f of fields) {
    if (f.offset !== next) {
      throw new Error(`${structure}.${f.key}: offset ${f.offset}, expected ${next} (gap or overlap)`);
    }
    if (f.format === 'uint' && ![1, 2, 4, 8].includes(f.length)) {
      throw new Error(`${structure}.${f.key}: integer width ${f.length} is not 1, 2, 4 or 8`);
    }
    next = f.offset + f.length;
  }
  return fields;
}

/** Total size in bytes of a field table. */
export function fieldsSize(fields: readonly AnyFieldDef[]): number {
  const last = fields[fields.length - 1];
  return last === undefined ? 0 : last.offset + last.length;
}

// ---------------------------------------------------------------------------------------------------
// Little-endian byte access

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Little-endian unsigned integer of `length` bytes at `offset` (exact below 2^53). */
export function readUint(bytes: Uint8Array, offset: number, length: number): number {
  let n = 0;
  for (let i = length - 1; i >= 0; i--) n = n * 256 + (bytes[offset + i] ?? 0);
  return n;
}

/**
 * Writes `value` (a non-negative integer below 2^53, or any 32-bit-or-narrower value) as a
 * `length`-byte little-endian integer. Splits into bytes by division, so it is exact for 64-bit fields.
 */
export function writeUint(bytes: Uint8Array, offset: number, length: number, value: number): void {
  let rest = value;
  for (let i = 0; i < length; i++) {
    const b = rest % 256;
    bytes[offset + i] = b;
    rest = (rest - b) / 256;
  }
}

/** Writes ASCII text into a `length`-byte field, padding with NUL (as current QEMU does). */
export function writeText(bytes: Uint8Array, offset: number, length: number, text: string): void {
  for (let i = 0; i < length; i++) bytes[offset + i] = i < text.length ? text.charCodeAt(i) & 0xff : 0;
}

function rawOf(format: AcpiFieldFormat, bytes: Uint8Array): string {
  if (format === 'uint') {
    let s = '';
    for (let i = bytes.length - 1; i >= 0; i--) s += hexByte(bytes[i] ?? 0);
    return `0x${s}`;
  }
  return spacedHex(bytes);
}

/** ASCII codes of each byte's two hex digits. */
const HEX_DIGITS = Uint8Array.from({ length: 512 }, (_, i) => hexByte(i >> 1).charCodeAt(i & 1));
/** Characters turned into a string per `String.fromCharCode` call (well below argument limits). */
const CHARS_PER_CALL = 8192;

/**
 * "de ad be ef": the bytes as space-separated hex pairs. Written as ASCII codes into one buffer and
 * turned into text in chunks: a long run of unparsed bytes (up to the 1 MiB CEDT limit) costs one
 * allocation instead of one small string per byte.
 */
function spacedHex(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n === 0) return '';
  const out = new Uint8Array(n * 3 - 1).fill(32);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    out[3 * i] = HEX_DIGITS[2 * b] ?? 48;
    out[3 * i + 1] = HEX_DIGITS[2 * b + 1] ?? 48;
  }
  let text = '';
  for (let at = 0; at < out.length; at += CHARS_PER_CALL) {
    text += String.fromCharCode(...out.subarray(at, at + CHARS_PER_CALL));
  }
  return text;
}

/** The bytes a raw string stands for (inverse of `CedtField.raw`), or null if it is malformed. */
export function bytesOfRaw(format: AcpiFieldFormat, raw: string, length: number): Uint8Array | null {
  const out = new Uint8Array(length);
  if (format === 'uint') {
    const m = /^0x([0-9a-fA-F]*)$/.exec(raw);
    const digits = m?.[1];
    if (digits === undefined || digits.length !== 2 * length) return null;
    for (let i = 0; i < length; i++) {
      const at = digits.length - 2 * (i + 1);
      out[i] = Number.parseInt(digits.slice(at, at + 2), 16);
    }
    return out;
  }
  const pairs = raw === '' ? [] : raw.split(' ');
  if (pairs.length !== length) return null;
  for (let i = 0; i < length; i++) {
    const p = pairs[i] ?? '';
    if (!/^[0-9a-fA-F]{2}$/.test(p)) return null;
    out[i] = Number.parseInt(p, 16);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading and writing whole tables of fields

/** Reads one field at `base + def.offset`; appends a finding if its decoder reports a problem. */
export function readField<V>(
  def: AcpiFieldDef<string, V>,
  table: Uint8Array,
  base: number,
  findings: CedtFinding[],
  component: string,
): CedtField<V> {
  const offset = base + def.offset;
  const bytes = table.subarray(offset, offset + def.length);
  const raw = rawOf(def.format, bytes);
  const n = readUint(table, offset, def.length);
  const decoded = def.decode(n, bytes, raw);
  if (decoded.problem !== undefined) {
    const { severity, code, message, spec } = decoded.problem;
    findings.push({
      severity,
      code,
      message: `${component} ${def.name}: ${message}`,
      component,
      field: def.key,
      offset,
      length: def.length,
      ...(spec !== undefined ? { spec } : {}),
    });
  }
  if (def.reserved === true && bytes.some((b) => b !== 0)) {
    findings.push({
      severity: 'warning',
      code: 'cedt.reserved-nonzero',
      message: `${component} ${def.name}: reserved field is ${raw}, expected zero`,
      component,
      field: def.key,
      offset,
      length: def.length,
    });
  }
  return {
    key: def.key,
    name: def.name,
    offset,
    length: def.length,
    format: def.format,
    raw,
    value: decoded.value,
    text: decoded.text,
  };
}

/**
 * Records a finding about a decoded field: `${component}: ${message}`, located at the field's bytes.
 * The structure checks (CHBS, CFMWS, CXIMS) and the cross-structure checks of the CEDT all use it.
 */
export function pushFieldFinding(
  findings: CedtFinding[],
  severity: CedtFinding['severity'],
  code: string,
  component: string,
  field: CedtField,
  message: string,
  spec: string,
): void {
  findings.push({
    severity,
    code,
    message: `${component}: ${message}`,
    component,
    field: field.key,
    offset: field.offset,
    length: field.length,
    spec,
  });
}

/** Reads every field of a table at `base` (the caller has checked they fit). */
export function readFields<const T extends readonly AnyFieldDef[]>(
  defs: T,
  table: Uint8Array,
  base: number,
  findings: CedtFinding[],
  component: string,
): CedtFields<T> {
  const out: Record<string, CedtField> = {};
  for (const def of defs) out[def.key] = readField(def, table, base, findings, component);
  return out as CedtFields<T>;
}

/** Encodes one value at `base + def.offset`. */
export function writeField(def: AnyFieldDef, table: Uint8Array, base: number, value: number | string): void {
  const offset = base + def.offset;
  if (typeof value === 'string') writeText(table, offset, def.length, value);
  else writeUint(table, offset, def.length, value);
}

/** Encodes one value per field of a table at `base`. */
export function writeFields<const T extends readonly AnyFieldDef[]>(
  defs: T,
  table: Uint8Array,
  base: number,
  values: AcpiFieldValues<T>,
): void {
  const byKey = values as Record<string, number | string>;
  for (const def of defs) writeField(def, table, base, byKey[def.key] ?? 0);
}

/** Writes a parsed field's raw value back at its absolute offset; false if the raw string is malformed. */
export function writeRawField(field: CedtField, table: Uint8Array): boolean {
  const bytes = bytesOfRaw(field.format, field.raw, field.length);
  if (bytes === null || field.offset < 0 || field.offset + field.length > table.length) return false;
  table.set(bytes, field.offset);
  return true;
}

/** A field def for an opaque run of bytes (unknown subtable bodies, trailing or unparsed bytes). */
export function bytesFieldDef(key: string, name: string, offset: number, length: number): AcpiFieldDef {
  return {
    key,
    name,
    offset,
    length,
    format: 'bytes',
    decode: () => ({ value: null, text: `${length} byte${length === 1 ? '' : 's'}` }),
  };
}

/** ACPI checksum rule: all bytes of the table sum to 0 mod 256. Returns that sum. */
export function byteSum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum = (sum + (bytes[i] ?? 0)) % 256;
  return sum;
}
