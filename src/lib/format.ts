/**
 * The UI's names for the core's formatting and parsing of addresses and sizes (`src/cxl/units.ts`), so
 * panels, dialogs and the CLI print and read every quantity the same way ("1536 MiB", never "1.5 GiB").
 */
import { formatBytes, hex, parseSize } from '../cxl/units.ts';

export { formatBytes };

/**
 * Reads a byte count or address as the CLI does (`parseSize`): a number, `0x…` hex, decimal, or a
 * decimal with a binary suffix (`256M`, `4G`, `1.5G`, `4GiB`). Returns `null` for anything else, for
 * negative or fractional byte counts and for values at or above 2^52.
 */
export function parseQuantity(value: unknown): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const r = parseSize(value, 'value');
  return r.ok ? r.value : null;
}

/** `0x4c00000000`: lower-case hex, no padding. */
export const formatHex: (n: number) => string = hex;

/** `0x4c00000000–0x4dffffffff`: an inclusive range, as Linux prints resources. */
export function formatRange(base: number, size: number): string {
  return size > 0 ? `${hex(base)}–${hex(base + size - 1)}` : `${hex(base)} (empty)`;
}

/** A byte in a hex dump's text column: printable ASCII (0x20 … 0x7e) as itself, anything else as "·". */
export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
}
