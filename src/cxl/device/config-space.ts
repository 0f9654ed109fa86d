/**
 * One function's 4 KiB PCIe configuration space as bytes, with a write mask and a write-1-to-clear
 * mask per byte derived from the registers' field tables (the way QEMU keeps `config`, `wmask` and
 * `w1cmask`, hw/pci/pci.c pci_default_write_config). Every read and write of 1, 2 or 4 naturally
 * aligned bytes goes through `read` / `write`; RO and HwInit bits keep their value, RW bits take the
 * written value, RW1C bits clear where a 1 is written (PCIe Base r5.0 §7.4).
 */
import type { RegDef } from '../regs/field.ts';
import { err, ok, type Result } from '../result.ts';
import { CONFIG_SPACE_SIZE } from '../spec/pcie-dvsec.ts';
import { hex } from '../units.ts';

/** A register placed in configuration space, with the structure it belongs to. */
export interface PlacedRegister {
  /** Absolute offset in configuration space. */
  offset: number;
  /** 2 or 4 bytes. */
  size: 2 | 4;
  def: RegDef;
  /** Structure (capability) name, for the decoded tree. */
  group: string;
}

export interface ConfigWrite {
  offset: number;
  size: number;
  before: number;
  after: number;
}

export type AccessSize = 1 | 2 | 4;

function checkAccess(offset: number, size: number): Result<AccessSize> {
  if (size !== 1 && size !== 2 && size !== 4) {
    return err('config.bad-size', `config access of ${size} bytes: only 1, 2 or 4 bytes`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + size > CONFIG_SPACE_SIZE) {
    return err('config.out-of-range', `config offset ${hex(offset)}+${size} is outside the 4 KiB space`, {
      offset,
    });
  }
  if (offset % size !== 0) {
    return err('config.unaligned', `config access at ${hex(offset)} of ${size} bytes is not aligned`, {
      offset,
    });
  }
  return ok(size);
}

export class ConfigSpace {
  readonly bytes = new Uint8Array(CONFIG_SPACE_SIZE);
  readonly #wmask = new Uint8Array(CONFIG_SPACE_SIZE);
  readonly #w1cmask = new Uint8Array(CONFIG_SPACE_SIZE);
  readonly #placed: PlacedRegister[] = [];

  /**
   * Places `def` at `offset` with value `value`; software may write the table's RW bits (further
   * limited by `writable` when given) and clear its RW1C bits. Throws (programmer bug) on overlap.
   */
  place(offset: number, size: 2 | 4, def: RegDef, value: number, group: string, writable?: number): void {
    if (offset % size !== 0 || offset + size > CONFIG_SPACE_SIZE) {
      throw new Error(`${def.name}: bad config offset ${hex(offset)}`);
    }
    if (this.#placed.some((p) => p.offset < offset + size && offset < p.offset + p.size)) {
      throw new Error(`${def.name}: config offset ${hex(offset)} taken`);
    }
    const w = (def.writeMask & (writable ?? 0xffffffff)) >>> 0;
    for (let i = 0; i < size; i++) {
      this.bytes[offset + i] = (value >>> (8 * i)) & 0xff;
      this.#wmask[offset + i] = (w >>> (8 * i)) & 0xff;
      this.#w1cmask[offset + i] = (def.w1cMask >>> (8 * i)) & 0xff;
    }
    this.#placed.push({ offset, size, def, group });
  }

  /** Sets bytes as hardware would (status bits, ids), bypassing the masks. */
  setHardware(offset: number, size: AccessSize, value: number): void {
    for (let i = 0; i < size; i++) this.bytes[offset + i] = (value >>> (8 * i)) & 0xff;
  }

  read(offset: number, size: number): Result<number> {
    const s = checkAccess(offset, size);
    if (!s.ok) return s;
    let v = 0;
    for (let i = 0; i < s.value; i++) v += (this.bytes[offset + i] ?? 0) * 2 ** (8 * i);
    return ok(v);
  }

  /** A software write: RW bits take `value`, RW1C bits clear where `value` has a 1, the rest stay. */
  write(offset: number, size: number, value: number): Result<ConfigWrite> {
    const s = checkAccess(offset, size);
    if (!s.ok) return s;
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * s.value)) {
      return err('config.bad-value', `config write of ${value} does not fit in ${s.value} bytes`, { offset });
    }
    const before = this.read(offset, s.value);
    for (let i = 0; i < s.value; i++) {
      const at = offset + i;
      const b = (value >>> (8 * i)) & 0xff;
      const old = this.bytes[at] ?? 0;
      const w = this.#wmask[at] ?? 0;
      const c = this.#w1cmask[at] ?? 0;
      this.bytes[at] = ((old & ~w) | (b & w)) & ~(b & c) & 0xff;
    }
    const after = this.read(offset, s.value);
    return ok({
      offset,
      size: s.value,
      before: before.ok ? before.value : 0,
      after: after.ok ? after.value : 0,
    });
  }

  /** Registers in offset order. */
  registers(): readonly PlacedRegister[] {
    return [...this.#placed].sort((a, b) => a.offset - b.offset);
  }
}
