/**
 * One component's 64 KiB CXL component register block (CXL r3.1 §8.2.3, §8.2.4): the CXL.io area
 * (0x0000–0x0FFF, unused, reads 0), the CXL.cache/mem area at 0x1000 with the CXL Capability Header
 * array at its offset 0, and the HDM Decoder Capability Structure at cachemem + 0x128 (QEMU's
 * offset, so register dumps match what QEMU users see; software finds it through the header). The
 * offsets are chained from structure sizes in `spec/component-block.ts`.
 *
 * Capability headers per component, pointers as QEMU places them:
 *   host bridge (CHBCR):          Link (0x0D8), HDM (0x128)    — passthrough HB: Link only
 *   switch upstream port, Type 3: RAS (0x080), Link (0x0D8), HDM (0x128)
 * The RAS and Link structures are present as headers only; their registers read 0 (the lab models
 * no link or error state). QEMU's host bridge additionally lists Extended Security and Snoop
 * capabilities and leaves an empty header slot; the lab omits both.
 *
 * Accesses are 32-bit and 4-byte aligned only, like QEMU's cache/mem region; anything else is an
 * error result. Reserved bits read 0 and ignore writes. A write to a Decoder n Control register runs
 * the commit state machine of `commit.ts`.
 */
import { decodeReg, getField, type RegDef, setField } from '../regs/field.ts';
import { RegisterFile } from '../regs/register-file.ts';
import { err, ok, type Result } from '../result.ts';
import {
  CACHEMEM_OFFSET,
  CAP_ID,
  COMPONENT_BLOCK_SIZE,
  cxlCapabilityHeader,
  cxlCapabilityPointer,
} from '../spec/capability-header.ts';
import {
  capabilityHeaderOffset,
  LINK_CACHEMEM_OFFSET,
  RAS_CACHEMEM_OFFSET,
} from '../spec/component-block.ts';
import {
  decoderLockGroup,
  decoderRegOffset,
  HDM_CACHEMEM_OFFSET,
  HDM_CAP_VERSION,
  HDM_DECODER_STRIDE,
  HDM_DECODER0_OFFSET,
  hdmDecoderBaseHigh,
  hdmDecoderBaseLow,
  hdmDecoderCapability,
  hdmDecoderControl,
  hdmDecoderDpaSkipHigh,
  hdmDecoderDpaSkipLow,
  hdmDecoderSizeHigh,
  hdmDecoderSizeLow,
  hdmDecoderTargetListHigh,
  hdmDecoderTargetListLow,
  hdmRegisterLayout,
  TARGET_FIELDS,
} from '../spec/hdm-decoder.ts';
import type { DecoderOwnerKind } from '../topology/model.ts';
import {
  COMMIT_CHECKS,
  type CommitContext,
  type CommitFailure,
  type CommitOutcome,
  commitStateOf,
  commitTransition,
  type DecoderCaps,
  formatFailures,
  type RawDecoder,
} from './commit.ts';

/** Whether `x` is a list of commit failures naming known checks (saved state is checked, not trusted). */
function isFailureList(x: unknown): x is CommitFailure[] {
  return (
    Array.isArray(x) &&
    x.every(
      (f: unknown) =>
        typeof f === 'object' &&
        f !== null &&
        'check' in f &&
        COMMIT_CHECKS.some((c) => c.id === f.check) &&
        'message' in f &&
        typeof f.message === 'string' &&
        'spec' in f &&
        typeof f.spec === 'string',
    )
  );
}
const RAS_CAP_VERSION = 2;
const LINK_CAP_VERSION = 2;

/** The effect of one MMIO write, for event logs and the programming helper. */
export interface MmioWriteResult {
  offset: number;
  /** The value software wrote. */
  value: number;
  /** The register's value afterwards (masked, with status bits). */
  stored: number;
  /** Set when the write was to a Decoder n Control register and changed its commit state. */
  commit?: {
    decoder: number;
    outcome: 'committed' | 'error' | 'uncommitted';
    locked: boolean;
    reason?: string;
    failures?: CommitFailure[];
  };
}

/** Saved register state: registers differing from reset, decoder locks, error reasons. */
export interface ComponentRegisterState {
  registers: [offset: number, value: number][];
  lockedDecoders: number[];
  errorReasons: [decoder: number, reason: string][];
  /**
   * Input only (`exportState` never writes it, so a `cxl-lab/1` file keeps just the reason text):
   * the failed checks behind each reason, as objects, from whoever kept them (the worker's
   * documents). Without them, loading re-runs the checks on the loaded registers instead.
   */
  commitFailures?: [decoder: number, failures: CommitFailure[]][];
}

/** Checks a 32-bit access: integer, 4-byte aligned, inside the 64 KiB block. */
export function checkMmioAccess(offset: number, size = 4): Result<true> {
  if (size !== 4) {
    return err('mmio.bad-size', `${size}-byte access: component registers take 32-bit accesses only`, {
      spec: 'CXL r3.1 §8.2.2',
    });
  }
  if (!Number.isInteger(offset) || offset < 0 || offset >= COMPONENT_BLOCK_SIZE) {
    return err('mmio.out-of-range', `offset ${offset} is outside the 64 KiB component register block`);
  }
  if (offset % 4 !== 0) {
    return err('mmio.unaligned', `offset 0x${offset.toString(16)} is not 4-byte aligned`, {
      spec: 'CXL r3.1 §8.2.2',
    });
  }
  return ok(true);
}

/** The read-only face of a register block, for views (writes go through the lab so `version` moves). */
export type ComponentRegistersView = Pick<
  ComponentRegisters,
  | 'kind'
  | 'decoderCount'
  | 'hdmOffset'
  | 'read32'
  | 'registers'
  | 'writeMask'
  | 'caps'
  | 'rawDecoder'
  | 'rawSkip'
  | 'decoderReg'
  | 'decoderOffset'
  | 'errorReason'
  | 'commitFailures'
  | 'isDecoderLocked'
  | 'exportState'
>;

export class ComponentRegisters {
  readonly kind: DecoderOwnerKind;
  readonly decoderCount: number;
  /** Offset of the HDM Decoder Capability Structure in the block, or null (passthrough host bridge). */
  readonly hdmOffset: number | null;
  readonly #file = new RegisterFile(COMPONENT_BLOCK_SIZE);
  readonly #reasons = new Map<number, string>();
  /** The failed checks behind `#reasons` (absent for a reason loaded as text that no longer re-derives). */
  readonly #failures = new Map<number, CommitFailure[]>();

  private constructor(kind: DecoderOwnerKind, decoderCount: number) {
    this.kind = kind;
    this.decoderCount = decoderCount;
    this.hdmOffset = decoderCount > 0 ? CACHEMEM_OFFSET + HDM_CACHEMEM_OFFSET : null;
  }

  /** Builds the block. `decoderCount` 0 is allowed for a host bridge only (passthrough). */
  static create(kind: DecoderOwnerKind, decoderCount: number): Result<ComponentRegisters> {
    if (decoderCount === 0 && kind !== 'host-bridge') {
      return err('hdm.decoder-count-invalid', `a ${kind} needs at least one HDM decoder`, {
        spec: 'CXL r3.1 §8.2.4.20',
      });
    }
    const regs = new ComponentRegisters(kind, decoderCount);
    const headers: { id: number; version: number; pointer: number }[] = [];
    if (kind !== 'host-bridge')
      headers.push({ id: CAP_ID.ras, version: RAS_CAP_VERSION, pointer: RAS_CACHEMEM_OFFSET });
    headers.push({ id: CAP_ID.link, version: LINK_CAP_VERSION, pointer: LINK_CACHEMEM_OFFSET });
    if (decoderCount > 0) {
      headers.push({ id: CAP_ID.hdmDecoder, version: HDM_CAP_VERSION, pointer: HDM_CACHEMEM_OFFSET });
    }
    regs.#file.define(CACHEMEM_OFFSET, cxlCapabilityHeader, {
      init: { capId: CAP_ID.cxl, capVersion: 1, cacheMemVersion: 1, arraySize: headers.length },
    });
    headers.forEach((h, i) => {
      regs.#file.define(CACHEMEM_OFFSET + capabilityHeaderOffset(i + 1), cxlCapabilityPointer, {
        init: { capId: h.id, capVersion: h.version, pointer: h.pointer },
      });
    });
    if (regs.hdmOffset !== null) {
      const layout = hdmRegisterLayout(kind, decoderCount);
      if (!layout.ok) return layout;
      for (const p of layout.value) regs.#file.define(regs.hdmOffset + p.offset, p.def, p.options);
    }
    return ok(regs);
  }

  /** A 32-bit MMIO read at `offset` in the block. */
  read32(offset: number): Result<number> {
    const c = checkMmioAccess(offset);
    if (!c.ok) return c;
    return ok(this.#file.read(offset));
  }

  /** A 32-bit MMIO write at `offset` in the block. */
  write32(offset: number, value: number): Result<MmioWriteResult> {
    const c = checkMmioAccess(offset);
    if (!c.ok) return c;
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      return err('mmio.bad-value', `value ${value} is not a 32-bit unsigned integer`);
    }
    const n = this.#controlDecoderAt(offset);
    if (n === null) {
      return ok({ offset, value, stored: this.#file.write(offset, value) });
    }
    const before = this.#file.read(offset);
    const state = commitStateOf(
      getField(hdmDecoderControl, 'commit', before) === 1,
      getField(hdmDecoderControl, 'committed', before) === 1,
      getField(hdmDecoderControl, 'errorNotCommitted', before) === 1,
    );
    const after = this.#file.write(offset, value);
    const outcome = commitTransition(
      state,
      getField(hdmDecoderControl, 'commit', after) === 1,
      this.#commitContext(n, after),
    );
    return ok(this.#apply(n, offset, value, outcome));
  }

  /** What the commit checks of decoder `n` look at, with `control` its Control register value. */
  #commitContext(n: number, control: number): CommitContext {
    return {
      caps: this.caps(),
      index: n,
      decoder: this.rawDecoder(n),
      previous: n === 0 ? null : { ...this.rawDecoder(n - 1), committed: this.#committed(n - 1) },
      lockOnCommit: getField(hdmDecoderControl, 'lockOnCommit', control) === 1,
    };
  }

  #setError(n: number, reason: string, failures: CommitFailure[] | null): void {
    this.#reasons.set(n, reason);
    if (failures === null) this.#failures.delete(n);
    else
      this.#failures.set(
        n,
        failures.map((f) => ({ ...f })),
      );
  }

  #clearError(n: number): void {
    this.#reasons.delete(n);
    this.#failures.delete(n);
  }

  #apply(n: number, offset: number, value: number, outcome: CommitOutcome): MmioWriteResult {
    const setStatus = (committed: number, error: number): number => {
      let v = this.#file.read(offset);
      v = setField(hdmDecoderControl, 'committed', v, committed);
      v = setField(hdmDecoderControl, 'errorNotCommitted', v, error);
      this.#file.setHardware(offset, v);
      return v;
    };
    switch (outcome.kind) {
      case 'unchanged':
        return { offset, value, stored: this.#file.read(offset) };
      case 'uncommitted':
        this.#clearError(n);
        return {
          offset,
          value,
          stored: setStatus(0, 0),
          commit: { decoder: n, outcome: 'uncommitted', locked: false },
        };
      case 'committed': {
        this.#clearError(n);
        const stored = setStatus(1, 0);
        if (outcome.lock) this.#file.lock(decoderLockGroup(n));
        return { offset, value, stored, commit: { decoder: n, outcome: 'committed', locked: outcome.lock } };
      }
      case 'error': {
        this.#setError(n, outcome.reason, outcome.failures);
        const stored = setStatus(0, 1);
        return {
          offset,
          value,
          stored,
          commit: {
            decoder: n,
            outcome: 'error',
            locked: false,
            reason: outcome.reason,
            failures: outcome.failures,
          },
        };
      }
    }
  }

  /** Decoder index if `offset` is a Decoder n Control register, else null. */
  #controlDecoderAt(offset: number): number | null {
    if (this.hdmOffset === null) return null;
    const rel = offset - this.hdmOffset - HDM_DECODER0_OFFSET - hdmDecoderControl.offset;
    if (rel < 0 || rel % HDM_DECODER_STRIDE !== 0) return null;
    const n = rel / HDM_DECODER_STRIDE;
    return n < this.decoderCount ? n : null;
  }

  /** Block offset of decoder `n`'s register `def` (requires an HDM structure). */
  decoderOffset(n: number, def: { offset: number }): number {
    if (this.hdmOffset === null) throw new Error(`${this.kind}: no HDM decoders`);
    return this.hdmOffset + decoderRegOffset(n, def);
  }

  /** Current value of decoder `n`'s register `def`. */
  decoderReg(n: number, def: RegDef): number {
    return this.#file.read(this.decoderOffset(n, def));
  }

  /** The HDM Decoder Capability register's view of what this component supports. */
  caps(): DecoderCaps {
    const cap = this.hdmOffset === null ? 0 : this.#file.read(this.hdmOffset + hdmDecoderCapability.offset);
    const f = decodeReg(hdmDecoderCapability, cap);
    return { kind: this.kind, targetCount: f.targetCount, iw3612: f.iw3612 === 1, iw16: f.iw16 === 1 };
  }

  /** Decoder `n`'s programming as register halves. */
  rawDecoder(n: number): RawDecoder {
    const ctrl = this.decoderReg(n, hdmDecoderControl);
    const targets: number[] = [];
    if (this.kind !== 'type3') {
      const lo = this.decoderReg(n, hdmDecoderTargetListLow);
      const hi = this.decoderReg(n, hdmDecoderTargetListHigh);
      TARGET_FIELDS.forEach((name, way) => {
        targets.push(
          getField(way < 4 ? hdmDecoderTargetListLow : hdmDecoderTargetListHigh, name, way < 4 ? lo : hi),
        );
      });
    }
    return {
      baseHigh: getField(hdmDecoderBaseHigh, 'baseHigh', this.decoderReg(n, hdmDecoderBaseHigh)),
      baseLow: this.decoderReg(n, hdmDecoderBaseLow),
      sizeHigh: getField(hdmDecoderSizeHigh, 'sizeHigh', this.decoderReg(n, hdmDecoderSizeHigh)),
      sizeLow: this.decoderReg(n, hdmDecoderSizeLow),
      eiw: getField(hdmDecoderControl, 'iw', ctrl),
      eig: getField(hdmDecoderControl, 'ig', ctrl),
      targets,
    };
  }

  /** Decoder `n`'s DPA Skip as register halves (devices). */
  rawSkip(n: number): { skipHigh: number; skipLow: number } {
    if (this.kind !== 'type3') return { skipHigh: 0, skipLow: 0 };
    return {
      skipHigh: this.decoderReg(n, hdmDecoderDpaSkipHigh),
      skipLow: this.decoderReg(n, hdmDecoderDpaSkipLow),
    };
  }

  #committed(n: number): boolean {
    return getField(hdmDecoderControl, 'committed', this.decoderReg(n, hdmDecoderControl)) === 1;
  }

  /** The lab's reason for decoder `n`'s Error Not Committed, if set. */
  errorReason(n: number): string | undefined {
    return this.#reasons.get(n);
  }

  /**
   * The checks decoder `n`'s commit failed, as objects, while Error Not Committed is set; undefined
   * when no reason is recorded or only its text is known (loaded from a file, no longer re-derivable).
   */
  commitFailures(n: number): readonly CommitFailure[] | undefined {
    return this.#failures.get(n);
  }

  /** True when decoder `n` committed with Lock On Commit (its RWL fields are read-only until reset). */
  isDecoderLocked(n: number): boolean {
    return this.#file.isLocked(decoderLockGroup(n));
  }

  /** Every register to its reset value, locks released (a conventional reset of the component). */
  reset(): void {
    this.#file.reset();
    this.#reasons.clear();
    this.#failures.clear();
  }

  /** Defined registers (offset, table, value, masks) in offset order, for register views. */
  registers(): ReturnType<RegisterFile['registers']> {
    return this.#file.registers();
  }

  /** Bits software may write at `offset` right now. */
  writeMask(offset: number): number {
    return this.#file.effectiveWriteMask(offset);
  }

  exportState(): ComponentRegisterState {
    const lockedDecoders: number[] = [];
    for (let n = 0; n < this.decoderCount; n++) if (this.isDecoderLocked(n)) lockedDecoders.push(n);
    return {
      registers: this.#file.changed(),
      lockedDecoders,
      errorReasons: [...this.#reasons].sort((a, b) => a[0] - b[0]),
    };
  }

  /** Resets, then loads saved state exactly (no side effects run). */
  importState(state: ComponentRegisterState): Result<true> {
    this.reset();
    for (const [offset, value] of state.registers) {
      const r = this.#file.at(offset);
      if (r === undefined) {
        return err('registers.no-register', `no register at offset 0x${offset.toString(16)}`, {
          field: 'registers',
        });
      }
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff || (value & ~r.def.definedMask) !== 0) {
        return err('registers.bad-value', `0x${value.toString(16)} sets reserved bits of ${r.def.name}`, {
          field: 'registers',
        });
      }
      if (((value ^ r.resetValue) & ~r.writeMask & ~this.#hardwareBits(r.def)) !== 0) {
        return err(
          'registers.read-only',
          `${r.def.name} at 0x${offset.toString(16)}: read-only bits differ from reset`,
          {
            field: 'registers',
          },
        );
      }
      this.#file.setHardware(offset, value);
    }
    for (const n of state.lockedDecoders) {
      if (!Number.isInteger(n) || n < 0 || n >= this.decoderCount) {
        return err('registers.bad-decoder', `locked decoder ${n} does not exist`, {
          field: 'lockedDecoders',
        });
      }
      this.#file.lock(decoderLockGroup(n));
    }
    for (const [n, reason] of state.errorReasons) {
      if (!Number.isInteger(n) || n < 0 || n >= this.decoderCount) {
        return err('registers.bad-decoder', `decoder ${n} does not exist`, { field: 'errorReasons' });
      }
      this.#setError(n, reason, this.#rederive(n, reason));
    }
    for (const [n, failures] of state.commitFailures ?? []) {
      const reason = this.#reasons.get(n);
      if (reason === undefined || !isFailureList(failures) || formatFailures(failures) !== reason) {
        return err(
          'registers.bad-failures',
          `decoder ${n}: the commit failures do not match its recorded reason`,
          { field: 'commitFailures' },
        );
      }
      this.#setError(n, reason, failures);
    }
    return ok(true);
  }

  /**
   * The failed checks behind a reason loaded as text: the checks re-run on the loaded registers,
   * kept only when they give exactly that reason (else null: the text is all that is known).
   */
  #rederive(n: number, reason: string): CommitFailure[] | null {
    const control = this.decoderReg(n, hdmDecoderControl);
    const outcome = commitTransition('disabled', true, this.#commitContext(n, control));
    return outcome.kind === 'error' && outcome.reason === reason ? outcome.failures : null;
  }

  /** RO bits that hardware itself changes (Committed, Error Not Committed). */
  #hardwareBits(def: RegDef): number {
    if (def !== hdmDecoderControl) return 0;
    return (
      (setField(hdmDecoderControl, 'committed', 0, 1) |
        setField(hdmDecoderControl, 'errorNotCommitted', 0, 1)) >>>
      0
    );
  }
}
