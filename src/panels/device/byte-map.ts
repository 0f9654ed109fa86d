/**
 * Pure helpers of the Device tab's register-and-hex views: which bytes a register or field occupies,
 * which field a byte belongs to, and which 16-byte rows of a space are worth showing.
 */
import type { DeviceFieldView, DeviceRegisterGroup, DeviceRegisterView } from '../../worker/device-types.ts';

/** Bytes [start, end) of a space. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The bytes a field occupies: its register's offset plus its lowest and highest bit's byte (little-endian). */
export function fieldBytes(reg: DeviceRegisterView, field: DeviceFieldView): ByteRange {
  return {
    start: reg.offset + Math.floor(field.bit / 8),
    end: reg.offset + Math.floor((field.bit + Math.max(1, field.width) - 1) / 8) + 1,
  };
}

export function registerBytes(reg: DeviceRegisterView): ByteRange {
  return { start: reg.offset, end: reg.offset + reg.size };
}

/** What a byte of the space belongs to: the register holding it and the first field with a bit in it. */
export function fieldAtByte(
  groups: readonly DeviceRegisterGroup[],
  byte: number,
): { reg: DeviceRegisterView; field: DeviceFieldView | null } | null {
  for (const g of groups) {
    for (const reg of g.registers) {
      if (byte < reg.offset || byte >= reg.offset + reg.size) continue;
      const lo = 8 * (byte - reg.offset);
      const field = reg.fields.find((f) => f.bit <= lo + 7 && f.bit + f.width - 1 >= lo) ?? null;
      return { reg, field };
    }
  }
  return null;
}

/**
 * Offsets of the 16-byte rows to show: every row below `always`, and after it the rows that hold a
 * non-zero byte or a placed register (as `cxl-lab config --hex` leaves out all-zero lines past 0x40).
 */
export function hexRows(bytes: Uint8Array, groups: readonly DeviceRegisterGroup[], always = 0x40): number[] {
  const placed = new Set<number>();
  for (const g of groups) {
    for (const r of g.registers) {
      for (let o = r.offset; o < r.offset + r.size; o++) placed.add(o - (o % 16));
    }
  }
  const rows: number[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    if (o < always || placed.has(o) || bytes.subarray(o, o + 16).some((b) => b !== 0)) rows.push(o);
  }
  return rows;
}

export function inRange(r: ByteRange | null, byte: number): boolean {
  return r !== null && byte >= r.start && byte < r.end;
}
