/**
 * What the access console accepts: bytes typed as hex, and integers of 1, 2, 4 or 8 bytes written
 * little-endian (as a CPU store would put them in memory). Pure; unit-tested.
 */

/** "de ad be ef", "0xde,0xad", "deadbeef" → bytes; null when anything is not a hex byte. */
export function parseHexBytes(text: string): Uint8Array | null {
  const cleaned = text
    .trim()
    .replace(/0x/gi, ' ')
    .replace(/[,\s]+/g, ' ')
    .trim();
  if (cleaned === '') return null;
  const parts = cleaned.includes(' ') ? cleaned.split(' ') : (cleaned.match(/.{1,2}/g) ?? []);
  const out = new Uint8Array(parts.length);
  for (const [i, p] of parts.entries()) {
    if (!/^[0-9a-f]{1,2}$/i.test(p)) return null;
    out[i] = Number.parseInt(p, 16);
  }
  return out;
}

/**
 * An integer typed in hex (`0x…`) or decimal, as `width` little-endian bytes; null when it is not
 * a non-negative integer that fits. Uses `BigInt` for 8-byte values (UI input, not a hot path).
 */
export function parseLittleEndian(text: string, width: 1 | 2 | 4 | 8): Uint8Array | null {
  const t = text.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) return null;
  let v = BigInt(t);
  if (v >= 1n << BigInt(8 * width)) return null;
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Bytes as "de ad be ef". */
export function bytesHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A hex dump, 16 bytes a line, each line starting with its address. */
export function hexDump(base: number, data: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < data.length; at += 16) {
    const row = bytesHex(data.subarray(at, at + 16));
    lines.push(`0x${(base + at).toString(16).padStart(12, '0')}  ${row}`);
  }
  return lines;
}

/** Bytes read little-endian as an unsigned integer (1–8 bytes), in hex. */
export function littleEndianHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = bytes.length - 1; i >= 0; i--) s += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return `0x${s}`;
}
