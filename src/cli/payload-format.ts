/**
 * Payload input and output shared by `cxl-lab mbox` and `cxl-lab fm`: `--in HEX` / `--in-json JSON`
 * read into bytes (limit "mbox-input"), payloads printed as offset-prefixed hex lines and as named
 * fields with their meanings.
 */
import { hex, LIMIT_MBOX_INPUT, type PayloadField, parseHexBytes, type Result } from '../cxl/index.ts';
import { UsageError } from './io.ts';

/** Longest `--in` / `--in-json` text read (limit `mbox-input`, docs/limits.md). */
const MAX_IN_TEXT = LIMIT_MBOX_INPUT.value;

/**
 * The input payload from `--in` or `--in-json` (neither: empty). `fromJson` reads the command's JSON
 * fields; a command without one takes hex only.
 */
export function payloadInput(
  command: string,
  values: ReadonlyMap<string, string>,
  fromJson: ((json: unknown) => Result<Uint8Array>) | undefined,
): Uint8Array {
  const hexText = values.get('--in');
  const jsonText = values.get('--in-json');
  if (hexText !== undefined && jsonText !== undefined)
    throw new UsageError('give --in or --in-json, not both');
  if ((hexText ?? jsonText ?? '').length > MAX_IN_TEXT)
    throw new UsageError(
      `input longer than ${MAX_IN_TEXT} characters, the limit for mailbox input (limit "mbox-input", docs/limits.md)`,
    );
  if (hexText !== undefined) {
    const r = parseHexBytes(hexText, '--in', 2 ** 21);
    if (!r.ok) throw new UsageError(r.error.message);
    return r.value;
  }
  if (jsonText === undefined) return new Uint8Array(0);
  if (fromJson === undefined)
    throw new UsageError(`--in-json: ${command} takes no JSON input fields (use --in HEX)`);
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (e) {
    throw new UsageError(`--in-json: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = fromJson(json);
  if (!r.ok) throw new UsageError(r.error.message);
  return r.value;
}

/** "  0010: 00 01 …", 16 bytes a line. */
export function hexLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    out.push(
      `  ${o.toString(16).padStart(4, '0')}: ${[...bytes.subarray(o, o + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  }
  return out;
}

/** "  0x04   [1] Name = 0x3  (meaning)". */
export function fieldLines(fields: readonly PayloadField[]): string[] {
  return fields.map(
    (f) =>
      `  ${hex(f.offset).padEnd(6)} [${f.size}] ${f.name} = ${f.value}${f.meaning === undefined ? '' : `  (${f.meaning})`}`,
  );
}

/** Bytes as one lowercase hex string (for JSON output). */
export function hexString(bytes: Uint8Array): string {
  return [...bytes].map((x) => x.toString(16).padStart(2, '0')).join('');
}
