/**
 * The register field-table engine: each 32-bit register is declared once as a table of fields
 * (bit position, width, access type), and everything else — write masks, lockable masks, reset
 * values, reserved bits, field get/set — is derived from that table. No other file hand-types a
 * mask or a shifted literal.
 *
 * Access types (CXL r3.1 Table 8-1 "Register Attributes", following PCIe Base conventions):
 *   RO     read-only, value set by hardware state
 *   HwInit read-only, value fixed at initialization (capabilities)
 *   RW     read-write
 *   RWL    read-write, lockable: becomes read-only when its lock group is locked (HDM decoders lock
 *          on commit when Lock On Commit is set, CXL r3.1 §8.2.4.20.7)
 *   RW1C   read, write 1 to clear: a status bit hardware sets and software clears by writing 1
 *          (PCIe Base r5.0 §7.4, the "RW1C" / "RW1CS" attributes); a written 0 leaves it alone
 *   RsvdP  reserved, preserved: reads 0 in the lab; writes ignored
 *
 * Register values are 32-bit and may use 32-bit bitwise operators (they are not addresses); every
 * result is normalized to unsigned with `>>> 0`.
 */

export type Access = 'RO' | 'HwInit' | 'RW' | 'RWL' | 'RW1C' | 'RsvdP';

/** One field as declared. Reserved ranges are declared too (access `RsvdP`) so a table covers 32 bits. */
export interface FieldDef<N extends string = string> {
  readonly name: N;
  /** Least significant bit. */
  readonly bit: number;
  readonly width: number;
  readonly access: Access;
  /** Reset value of the field (default 0). */
  readonly reset?: number;
  /** Spec name, for register views (e.g. "Lock On Commit"). */
  readonly title?: string;
}

/** A register definition: its fields plus masks derived from them. */
export interface RegDef<N extends string = string> {
  readonly name: string;
  /** Offset within its structure (bytes). */
  readonly offset: number;
  readonly fields: readonly FieldDef<N>[];
  /** Bits software can write while unlocked: RW and RWL fields. */
  readonly writeMask: number;
  /** Bits that become read-only when the register's lock group is locked: RWL fields. */
  readonly lockableMask: number;
  /** Bits that are not reserved. */
  readonly definedMask: number;
  /** Write-1-to-clear bits (RW1C fields): not in `writeMask`; a 1 written there clears the bit. */
  readonly w1cMask: number;
  /** Reset value assembled from the fields' `reset`. */
  readonly resetValue: number;
  /** Field name → field. */
  readonly byName: ReadonlyMap<N, FieldDef<N>>;
}

/** Mask of a `width`-bit field at `bit` (32-bit, unsigned). */
export function maskOf(bit: number, width: number): number {
  return width >= 32 ? 0xffffffff : ((2 ** width - 1) * 2 ** bit) >>> 0;
}

/**
 * Declares a 32-bit register. Throws (a programmer bug, at module load) if fields overlap, leave
 * gaps, exceed 32 bits, repeat a name, or carry a reset value that does not fit.
 */
export function defineReg<const N extends string>(
  name: string,
  offset: number,
  fields: readonly FieldDef<N>[],
): RegDef<N> {
  let covered = 0;
  let writeMask = 0;
  let lockableMask = 0;
  let definedMask = 0;
  let w1cMask = 0;
  let resetValue = 0;
  const byName = new Map<N, FieldDef<N>>();
  for (const f of fields) {
    if (f.width < 1 || f.bit < 0 || f.bit + f.width > 32 || !Number.isInteger(f.bit + f.width)) {
      throw new Error(`${name}.${f.name}: bits ${f.bit}+${f.width} outside 0..31`);
    }
    const mask = maskOf(f.bit, f.width);
    if ((covered & mask) !== 0) throw new Error(`${name}.${f.name}: overlaps another field`);
    if (byName.has(f.name)) throw new Error(`${name}.${f.name}: field named twice`);
    byName.set(f.name, f);
    covered = (covered | mask) >>> 0;
    const reset = f.reset ?? 0;
    if (reset < 0 || reset >= 2 ** f.width) throw new Error(`${name}.${f.name}: reset ${reset} too wide`);
    if (f.access === 'RsvdP') {
      if (reset !== 0) throw new Error(`${name}.${f.name}: reserved field with a reset value`);
      continue;
    }
    definedMask = (definedMask | mask) >>> 0;
    if (f.access === 'RW' || f.access === 'RWL') writeMask = (writeMask | mask) >>> 0;
    if (f.access === 'RWL') lockableMask = (lockableMask | mask) >>> 0;
    if (f.access === 'RW1C') w1cMask = (w1cMask | mask) >>> 0;
    resetValue = (resetValue | ((reset * 2 ** f.bit) >>> 0)) >>> 0;
  }
  if (covered !== 0xffffffff) {
    throw new Error(`${name}: fields leave bits uncovered (covered 0x${covered.toString(16)})`);
  }
  return { name, offset, fields, writeMask, lockableMask, definedMask, w1cMask, resetValue, byName };
}

function fieldOf<N extends string>(reg: RegDef<N>, name: N): FieldDef<N> {
  const f = reg.byName.get(name);
  if (f === undefined) throw new Error(`${reg.name}: no field ${name}`);
  return f;
}

/** Mask of a named field. */
export function fieldMask<N extends string>(reg: RegDef<N>, name: N): number {
  const f = fieldOf(reg, name);
  return maskOf(f.bit, f.width);
}

/** Value of field `name` in the register value `value`. */
export function getField<N extends string>(reg: RegDef<N>, name: N, value: number): number {
  const f = fieldOf(reg, name);
  return ((value & maskOf(f.bit, f.width)) >>> 0) / 2 ** f.bit;
}

/** `value` with field `name` replaced by `x` (x is truncated to the field's width). */
export function setField<N extends string>(reg: RegDef<N>, name: N, value: number, x: number): number {
  const f = fieldOf(reg, name);
  const mask = maskOf(f.bit, f.width);
  const shifted = (((x >>> 0) % 2 ** f.width) * 2 ** f.bit) >>> 0;
  return ((value & ~mask) | shifted) >>> 0;
}

/** Builds a register value from named fields (others 0). */
export function composeReg<N extends string>(reg: RegDef<N>, values: Partial<Record<N, number>>): number {
  let v = 0;
  for (const [name, x] of Object.entries(values) as [N, number | undefined][]) {
    if (x !== undefined) v = setField(reg, name, v, x);
  }
  return v;
}

/** Every named field's value (reserved fields omitted). */
export function decodeReg<N extends string>(reg: RegDef<N>, value: number): Record<N, number> {
  const out: Partial<Record<N, number>> = {};
  for (const f of reg.fields) if (f.access !== 'RsvdP') out[f.name] = getField(reg, f.name, value);
  return out as Record<N, number>;
}

/**
 * Declares a 16-bit register (PCIe configuration space has many) as a 32-bit table whose upper half
 * is reserved; whoever places it uses only its two low bytes.
 */
export function defineReg16<const N extends string>(
  name: string,
  offset: number,
  fields: readonly FieldDef<N>[],
): RegDef<N | '_upper'> {
  return defineReg<N | '_upper'>(name, offset, [
    ...fields,
    { name: '_upper', bit: 16, width: 16, access: 'RsvdP' },
  ]);
}
