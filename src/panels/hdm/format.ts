/** Formatting helpers for register views: 32-bit values, bit ranges, numbers typed into fields. */
import { hex32 } from '../../cxl/units.ts';
import { parseQuantity } from '../../lib/format';

/** `0x00000612`: a 32-bit register value, zero-padded (the core's `hex32`). */
export { hex32 };

/** `0x1148`: a register offset, padded to 4 digits. */
export function hexOffset(offset: number): string {
  return `0x${offset.toString(16).padStart(4, '0')}`;
}

/** `[31:28]` or `[8]`. */
export function bitRange(bit: number, width: number): string {
  return width === 1 ? `[${bit}]` : `[${bit + width - 1}:${bit}]`;
}

/** A field value as typed: hex for fields of 8 bits or more, decimal below. */
export function fieldText(value: number, width: number): string {
  return width >= 8 ? `0x${value.toString(16)}` : String(value);
}

/** A number typed into a field or register box: `0x…`, decimal or `4G`; null when it is not one. */
export function parseTyped(text: string): number | null {
  return parseQuantity(text.trim().replace(/_/g, ''));
}
