/**
 * Standard base64 (RFC 4648 §4, with `=` padding) for memory pages in lab files. Written here
 * because the core may not use Node's Buffer, and `btoa`/`atob` work on strings, not bytes.
 */
import { err, ok, type Result } from './result.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(
      ALPHABET[n >> 18] ?? '',
      ALPHABET[(n >> 12) & 63] ?? '',
      ALPHABET[(n >> 6) & 63] ?? '',
      ALPHABET[n & 63] ?? '',
    );
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    parts.push(ALPHABET[n >> 18] ?? '', ALPHABET[(n >> 12) & 63] ?? '', '==');
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    parts.push(ALPHABET[n >> 18] ?? '', ALPHABET[(n >> 12) & 63] ?? '', ALPHABET[(n >> 6) & 63] ?? '', '=');
  }
  return parts.join('');
}

/** Decodes padded base64; rejects other characters, bad length or bad padding. */
export function decodeBase64(text: string): Result<Uint8Array> {
  if (text.length % 4 !== 0)
    return err('base64.invalid', `base64 length ${text.length} is not a multiple of 4`);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = text.charCodeAt(i + k);
      const isPad = ch === 61 && i + 4 === text.length && k >= 4 - pad;
      const v = isPad ? 0 : ch < 128 ? (DECODE[ch] ?? -1) : -1;
      if (v < 0) return err('base64.invalid', `invalid base64 character at ${i + k}`);
      n = n * 64 + v;
    }
    const b = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    for (const x of b) if (o < out.length) out[o++] = x;
    if (i + 4 === text.length && pad > 0 && (n & (pad === 2 ? 0xffff : 0xff)) !== 0) {
      return err('base64.invalid', 'non-canonical base64 padding');
    }
  }
  return ok(out);
}
