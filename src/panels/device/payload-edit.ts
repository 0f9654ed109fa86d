/**
 * The Mailbox view's input payload, edited two ways that stay in sync: as named fields (little-endian
 * integers at their offsets, CXL 2.0 §8.2.9: "all multi-byte fields are little-endian") and as hex.
 * Also finds a command in the catalogue by spec name, CLI name or opcode, as `cxl-lab mbox` and
 * `cxl-lab fm` accept (the Fabric Manager panel shares this editor).
 */
import { parseHexBytes } from '../../cxl/device/commands/json-input.ts';
import type { MailboxCommandInfo, PayloadFieldView } from '../../worker/device-types.ts';

/** The longest input the view edits: the lab's mailbox payload area (QEMU's 2 KiB). */
export const MAX_INPUT_BYTES = 2048;

/** Fields the view edits as numbers: integers of 1 … 8 bytes (longer ones are edited as hex). */
export function isNumericField(f: Pick<PayloadFieldView, 'size'>): boolean {
  return f.size >= 1 && f.size <= 8;
}

/** The little-endian integer at the field's bytes (bytes past the payload's end read as zero). */
export function readField(bytes: Uint8Array, f: Pick<PayloadFieldView, 'offset' | 'size'>): bigint {
  let v = 0n;
  for (let i = f.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[f.offset + i] ?? 0);
  return v;
}

/** A copy of `bytes` with `value` written little-endian at the field (grown to hold it). */
export function writeField(
  bytes: Uint8Array,
  f: Pick<PayloadFieldView, 'offset' | 'size'>,
  value: bigint,
): Uint8Array {
  const out = new Uint8Array(Math.max(bytes.length, f.offset + f.size));
  out.set(bytes);
  let v = value;
  for (let i = 0; i < f.size; i++) {
    out[f.offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** "0x…" of a field's value. */
export function fieldText(bytes: Uint8Array, f: Pick<PayloadFieldView, 'offset' | 'size'>): string {
  return `0x${readField(bytes, f).toString(16)}`;
}

/**
 * A typed field value: "0x1000", "4096", "1000h". Null with the reason when it is not a number or
 * does not fit the field's bytes.
 */
export function parseFieldValue(
  text: string,
  size: number,
): { ok: true; value: bigint } | { ok: false; error: string } {
  const t = text.trim().toLowerCase().replace(/_/g, '');
  const m = /^(?:0x([0-9a-f]+)|([0-9a-f]+)h|([0-9]+))$/.exec(t);
  if (m === null) return { ok: false, error: `"${text}" is not a number (0x1000, 4096 or 1000h)` };
  const value = m[3] !== undefined ? BigInt(m[3]) : BigInt(`0x${m[1] ?? m[2]}`);
  if (value >= 1n << BigInt(8 * size)) {
    return { ok: false, error: `${text} does not fit ${size} byte${size === 1 ? '' : 's'}` };
  }
  return { ok: true, value };
}

/** The payload as hex, 16 bytes a line, bytes separated by spaces. */
export function formatHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    lines.push([...bytes.subarray(o, o + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

/** Typed hex → bytes (spaces, colons and line breaks allowed), as the CLI's `--in` reads it. */
export function parseHex(text: string): { ok: true; value: Uint8Array } | { ok: false; error: string } {
  const r = parseHexBytes(text, 'input payload', MAX_INPUT_BYTES);
  return r.ok ? r : { ok: false, error: r.error.message };
}

/** What the picker searches: a mailbox command, or an FM API command (`fm.catalog`). */
type Named = Pick<MailboxCommandInfo, 'opcode' | 'opcodeText' | 'name' | 'cli'>;

/** A command of the catalogue by spec name, CLI name or opcode ("0x4000", "4000h"), any case. */
export function findCommand<C extends Named>(catalogue: readonly C[], text: string): C | undefined {
  const t = text.trim().toLowerCase();
  const m = /^(?:0x([0-9a-f]{1,4})|([0-9a-f]{1,4})h)$/.exec(t);
  const opcode = m === null ? null : Number.parseInt(m[1] ?? m[2] ?? '', 16);
  return catalogue.find(
    (c) => c.name.toLowerCase() === t || c.cli === t || (opcode !== null && c.opcode === opcode),
  );
}

/** The catalogue entries whose name, CLI name or opcode contains `text` (the picker's filter). */
export function filterCommands<C extends Named>(catalogue: readonly C[], text: string): C[] {
  const t = text.trim().toLowerCase();
  if (t === '') return [...catalogue];
  return catalogue.filter(
    (c) => c.name.toLowerCase().includes(t) || c.cli.includes(t) || c.opcodeText.includes(t),
  );
}
