/**
 * Parsing and formatting of the quantities the lab's files and panels show: addresses as `0x…`, sizes with
 * binary suffixes ("4G" = 4 GiB). Physical addresses stay below 2^52, so a JS number holds every one
 * exactly; anything larger is rejected here, at the boundary.
 */

/** Every physical address and size in the lab is below 2^52. */
export const ADDRESS_LIMIT = 2 ** 52;

const SUFFIX_SHIFT: Readonly<Record<string, number>> = { K: 10, M: 20, G: 30, T: 40 };

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * Reads a byte count or address written as a number, a `0x…` hex string, a decimal string, or a decimal
 * with a binary suffix (`K`, `M`, `G`, `T`, optionally followed by `iB` or `B`). Returns `null` for
 * anything else, for negative or fractional results and for values at or above 2^52.
 */
export function parseQuantity(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    const hex = /^0x([0-9a-f]+)$/i.exec(text);
    const suffixed = /^(\d+)\s*([KMGT])(?:i?B)?$/i.exec(text);
    if (hex?.[1] !== undefined) {
      n = Number.parseInt(hex[1], 16);
    } else if (suffixed?.[1] !== undefined && suffixed[2] !== undefined) {
      const shift = SUFFIX_SHIFT[suffixed[2].toUpperCase()] ?? 0;
      n = Number(suffixed[1]) * 2 ** shift;
    } else if (/^\d+$/.test(text)) {
      n = Number(text);
    } else {
      return null;
    }
  } else {
    return null;
  }
  return Number.isSafeInteger(n) && n >= 0 && n < ADDRESS_LIMIT ? n : null;
}

/** `0x4c00000000`: lower-case hex, no padding. */
export function formatHex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `8 GiB`, `4 KiB`, `1.5 MiB`, `512 B`: the largest binary unit that keeps the value at or above 1. */
export function formatBytes(n: number): string {
  let unit = 0;
  let value = n;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = Number.isInteger(value)
    ? String(value)
    : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${shown} ${UNITS[unit]}`;
}

/** `0x4c00000000–0x4dffffffff`: an inclusive range, as Linux prints resources. */
export function formatRange(base: number, size: number): string {
  return size > 0 ? `${formatHex(base)}–${formatHex(base + size - 1)}` : `${formatHex(base)} (empty)`;
}

/** A byte in a hex dump's text column: printable ASCII (0x20 … 0x7e) as itself, anything else as "·". */
export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
}
