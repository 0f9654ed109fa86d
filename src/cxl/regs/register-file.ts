/**
 * A block of 32-bit registers placed at offsets, each an instance of a `RegDef` field table.
 *
 * Per instance, HwInit/RO values are supplied at definition time (`init`), and fields the component
 * does not implement can be hard-wired read-only (`hardwire`) — e.g. Poison On Decode Error Enable
 * on a component whose capability bit is 0. Reset values and write masks are derived from the
 * table plus these options, never typed by hand.
 *
 * Reads of offsets without a register return 0 (reserved space); software writes to them are
 * ignored. Side effects (HDM commit) live one level up, in `hdm/component-registers.ts`.
 */
import { type FieldDef, maskOf, type RegDef } from './field.ts';

export interface RegInstanceOptions<N extends string> {
  /** Reset values for fields (HwInit capability values, non-default resets). */
  init?: Partial<Record<N, number>>;
  /** Fields forced read-only in this instance (keeping their `init` value). */
  hardwire?: readonly N[];
  /** Lock group: the register's RWL bits become read-only while the group is locked. */
  lockGroup?: string;
}

export interface RegInstance {
  readonly def: RegDef;
  /** Absolute offset in the block. */
  readonly offset: number;
  readonly resetValue: number;
  readonly writeMask: number;
  readonly lockableMask: number;
  readonly lockGroup: string | undefined;
  value: number;
}

export class RegisterFile {
  readonly size: number;
  readonly #regs = new Map<number, RegInstance>();
  readonly #locked = new Set<string>();

  constructor(size: number) {
    this.size = size;
  }

  /** Places a register at `offset`. Throws (programmer bug) if unaligned, outside or overlapping. */
  define<N extends string>(offset: number, def: RegDef<N>, options: RegInstanceOptions<N> = {}): void {
    if (offset % 4 !== 0 || offset < 0 || offset + 4 > this.size) {
      throw new Error(`${def.name}: bad offset 0x${offset.toString(16)}`);
    }
    if (this.#regs.has(offset)) throw new Error(`${def.name}: offset 0x${offset.toString(16)} taken`);
    let resetValue = def.resetValue;
    let writeMask = def.writeMask;
    let lockableMask = def.lockableMask;
    const fields = def.fields as readonly FieldDef<N>[];
    for (const f of fields) {
      const mask = maskOf(f.bit, f.width);
      const init = options.init?.[f.name];
      if (init !== undefined) {
        if (f.access === 'RsvdP') throw new Error(`${def.name}.${f.name}: reserved field given a value`);
        if (init < 0 || init >= 2 ** f.width) throw new Error(`${def.name}.${f.name}: ${init} too wide`);
        resetValue = ((resetValue & ~mask) | ((init * 2 ** f.bit) >>> 0)) >>> 0;
      }
      if (options.hardwire?.includes(f.name) === true) {
        writeMask = (writeMask & ~mask) >>> 0;
        lockableMask = (lockableMask & ~mask) >>> 0;
      }
    }
    this.#regs.set(offset, {
      def,
      offset,
      resetValue,
      writeMask,
      lockableMask,
      lockGroup: options.lockGroup,
      value: resetValue,
    });
  }

  /** The register at `offset`, if one is defined there. */
  at(offset: number): RegInstance | undefined {
    return this.#regs.get(offset);
  }

  /** Current value at `offset` (0 where no register is defined). */
  read(offset: number): number {
    return this.#regs.get(offset)?.value ?? 0;
  }

  /** Bits software may write at `offset` right now (RW, plus RWL unless the lock group is locked). */
  effectiveWriteMask(offset: number): number {
    const r = this.#regs.get(offset);
    if (r === undefined) return 0;
    if (r.lockGroup !== undefined && this.#locked.has(r.lockGroup)) {
      return (r.writeMask & ~r.lockableMask) >>> 0;
    }
    return r.writeMask;
  }

  /** What a software write of `value` would leave in the register (without storing it). */
  maskedValue(offset: number, value: number): number {
    const r = this.#regs.get(offset);
    if (r === undefined) return 0;
    const mask = this.effectiveWriteMask(offset);
    return ((r.value & ~mask) | (value & mask)) >>> 0;
  }

  /** A software write: only writable bits change. Returns the new value. */
  write(offset: number, value: number): number {
    const r = this.#regs.get(offset);
    if (r === undefined) return 0;
    r.value = this.maskedValue(offset, value);
    return r.value;
  }

  /** A hardware update (status bits, loading saved state): any defined bit may change. */
  setHardware(offset: number, value: number): void {
    const r = this.#regs.get(offset);
    if (r === undefined) return;
    r.value = (value & r.def.definedMask) >>> 0;
  }

  lock(group: string): void {
    this.#locked.add(group);
  }

  isLocked(group: string): boolean {
    return this.#locked.has(group);
  }

  lockedGroups(): string[] {
    return [...this.#locked].sort();
  }

  /** Every register back to its reset value; all locks released. */
  reset(): void {
    for (const r of this.#regs.values()) r.value = r.resetValue;
    this.#locked.clear();
  }

  /** Defined registers in offset order. */
  registers(): RegInstance[] {
    return [...this.#regs.values()].sort((a, b) => a.offset - b.offset);
  }

  /** `[offset, value]` of registers whose value differs from reset, in offset order. */
  changed(): [number, number][] {
    return this.registers()
      .filter((r) => r.value !== r.resetValue)
      .map((r) => [r.offset, r.value]);
  }
}
