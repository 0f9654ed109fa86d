/**
 * Little-endian field access on payload bytes, for the mailbox commands: unsigned integers of 1–8
 * bytes as numbers (exact below 2^53; larger 64-bit values come back as bigint through `getU64`),
 * UUID text ⇄ bytes (RFC 4122 byte order, as Linux's uuid_t and QEMU's QemuUUID store them), and hex.
 */

/** Unsigned little-endian integer of `size` (1–7) bytes at `at`; 0 past the end. */
export function getUint(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/** Writes `value` (a non-negative integer below 2^53) as `size` little-endian bytes at `at`. */
export function putUint(bytes: Uint8Array, at: number, size: number, value: number): void {
  let v = value;
  for (let i = 0; i < size; i++) {
    bytes[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** A 64-bit little-endian field as bigint. */
export function getU64(bytes: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = v * 256n + BigInt(bytes[at + i] ?? 0);
  return v;
}

export function putU64(bytes: Uint8Array, at: number, value: bigint): void {
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    bytes[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** UUID text (8-4-4-4-12 hex) → 16 bytes in RFC 4122 (big-endian) order. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** 16 bytes at `at` → UUID text. */
export function uuidText(bytes: Uint8Array, at: number): string {
  const h = [...bytes.subarray(at, at + 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Bytes as lowercase hex, optionally space-separated. */
export function toHex(bytes: Uint8Array, sep = ''): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(sep);
}
