/** Turning a payload layout (`spec/mailbox-payloads.ts`) into named, located fields. */

import { CAPACITY_UNIT } from '../../spec/mailbox-payloads.ts';
import { formatBytes, hex } from '../../units.ts';
import { getU64, getUint } from '../bytes.ts';
import type { PayloadField } from './types.ts';

/** The integer field at `at` of `size` bytes (64-bit fields through bigint, so exact). */
export function intValue(bytes: Uint8Array, at: number, size: number): bigint {
  return size === 8 ? getU64(bytes, at) : BigInt(getUint(bytes, at, size));
}

export function field(
  bytes: Uint8Array,
  name: string,
  f: { at: number; size: number },
  meaning?: (v: bigint) => string,
): PayloadField {
  const v = intValue(bytes, f.at, f.size);
  const out: PayloadField = { name, offset: f.at, size: f.size, value: `0x${v.toString(16)}` };
  if (meaning !== undefined) out.meaning = meaning(v);
  return out;
}

/** "4 × 256 MiB = 1 GiB". */
export function capacityMeaning(v: bigint): string {
  const bytes = Number(v) * CAPACITY_UNIT;
  return `${v} × 256 MiB = ${Number.isSafeInteger(bytes) ? formatBytes(bytes) : `${v} units`}`;
}

export function bytesMeaning(v: bigint): string {
  return formatBytes(Number(v));
}

export function hexOf(n: number): string {
  return hex(n);
}
