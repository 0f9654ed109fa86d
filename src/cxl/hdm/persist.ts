/**
 * Between registers and the file's `decoders` lists.
 *
 * Loading: each listed decoder is applied with `programDecoder` (MMIO writes, index order); a
 * decoder that does not commit becomes a finding, not a dropped entry.
 *
 * Saving: `decoders` are derived from the registers, and `replayReproduces` tells whether applying
 * them to a freshly reset component gives back exactly the same register state (values, locks,
 * error reasons). When it does not — a decoder committed before an earlier one was uncommitted, a
 * reserved encoding written by raw MMIO, Target List bytes beyond the ways, HDM Decoder Enable —
 * the file also carries the raw register state, so save → load is exact either way.
 */
import type { CxlError, LabFinding, Result } from '../result.ts';
import { decoderSlotRegisters } from '../spec/hdm-decoder.ts';
import type { DecoderOwnerKind, DecoderProgramSpec } from '../topology/model.ts';
import { ADDRESS_LIMIT } from '../units.ts';
import { COMMIT_CHECKS } from './commit.ts';
import {
  type ComponentRegisterState,
  ComponentRegisters,
  type MmioWriteResult,
} from './component-registers.ts';
import { decoderStates } from './decoder-view.ts';
import { type MmioPort, programDecoder } from './program.ts';

/** An `MmioPort` over one component's registers (for replays and single-component tests). */
export function componentPort(componentId: string, regs: ComponentRegisters): MmioPort {
  return {
    mmioRead32: (_id: string, offset: number): Result<number> => regs.read32(offset),
    mmioWrite32: (_id: string, offset: number, value: number): Result<MmioWriteResult> =>
      regs.write32(offset, value),
    hdmBase: (id: string): number | null => (id === componentId ? regs.hdmOffset : null),
    decoderOwnerKind: (id: string): DecoderOwnerKind | null => (id === componentId ? regs.kind : null),
  };
}

/**
 * Applies a component's listed decoders in index order; returns findings for those that fail. A
 * commit failure carries one cause per failed check of `COMMIT_CHECKS` (the spec's Lock On Commit
 * checks, and the encoding checks every component runs), each with its section.
 */
export function applyDecoders(
  port: MmioPort,
  componentId: string,
  decoders: readonly DecoderProgramSpec[],
): LabFinding[] {
  const findings: LabFinding[] = [];
  decoders.forEach((d, n) => {
    const settings = {
      base: d.base,
      size: d.size,
      ways: d.ways,
      granularity: d.granularity,
      lock: d.lock,
      ...(d.targets !== undefined ? { targets: d.targets } : {}),
      ...(d.skip !== undefined ? { skip: d.skip } : {}),
      ...(d.targetRangeType !== undefined ? { targetRangeType: d.targetRangeType } : {}),
    };
    const r = programDecoder(port, componentId, n, settings, { commit: d.commit });
    if (!r.ok) {
      findings.push({
        ...r.error,
        component: componentId,
        field: `decoders[${n}]`,
        severity: 'error',
        rule: 'spec',
      });
    } else if (r.value.outcome === 'error') {
      const reason = r.value.reason ?? '';
      const causes = (r.value.failures ?? []).map((f): CxlError => {
        const c = COMMIT_CHECKS.find((x) => x.id === f.check);
        return {
          code: `commit.${f.check}`,
          message: `${c?.origin === 'spec' ? 'spec check (with Lock On Commit)' : 'encoding check (always)'}: ${c?.title ?? f.check} — ${f.message}`,
          component: componentId,
          field: `decoders[${n}]`,
          spec: c?.spec ?? 'CXL r3.1 §8.2.4.20.12',
        };
      });
      findings.push({
        code: 'decoder.commit-failed',
        message: `${componentId} decoder ${n}: Error Not Committed — ${reason}`,
        component: componentId,
        field: `decoders[${n}]`,
        spec: [...new Set(causes.map((c) => c.spec))].join('; ') || 'CXL r3.1 §8.2.4.20.12',
        severity: 'error',
        rule: 'spec',
        causes,
      });
    }
  });
  return findings;
}

/**
 * A register-held address as a file value. Base/Size/Skip High are full 32-bit registers, so they
 * can hold values at or beyond 2^52, which a file address cannot express: those become 0 in the
 * `decoders` list (replay then differs, so the exact raw registers are saved alongside).
 */
function fileAddress(n: number): number {
  return n < ADDRESS_LIMIT ? n : 0;
}

/** The registers' decoders as a file `decoders` list (up to the last decoder that is not at reset). */
export function deriveDecoderPrograms(regs: ComponentRegisters): DecoderProgramSpec[] {
  const states = decoderStates(regs);
  let last = -1;
  const changed = new Set(regs.exportState().registers.map(([offset]) => offset));
  const slot = decoderSlotRegisters(regs.kind);
  for (let n = 0; n < regs.decoderCount; n++) {
    const touched =
      regs.isDecoderLocked(n) ||
      regs.errorReason(n) !== undefined ||
      slot.some((def) => changed.has(regs.decoderOffset(n, def)));
    if (touched) last = n;
  }
  const out: DecoderProgramSpec[] = [];
  for (const s of states.slice(0, last + 1)) {
    // Placeholders for what a file entry cannot say (reserved encodings, > 8 ways on a port):
    // replay then differs, so the raw registers are saved alongside.
    const ways = s.ways === null || (regs.kind !== 'type3' && s.ways > 8) ? 1 : s.ways;
    const d: DecoderProgramSpec = {
      base: fileAddress(s.base),
      size: fileAddress(s.size),
      ways,
      granularity: s.granularity ?? 256,
      commit: s.commit,
      lock: s.lockOnCommit,
    };
    if (regs.kind === 'type3') d.skip = fileAddress(s.skip);
    else d.targets = s.targets.slice(0, ways);
    if (s.targetRangeType === 0) d.targetRangeType = 0;
    out.push(d);
  }
  return out;
}

function sameState(a: ComponentRegisterState, b: ComponentRegisterState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when applying `decoders` to a reset copy of the component reproduces its state exactly. */
export function replayReproduces(regs: ComponentRegisters, decoders: readonly DecoderProgramSpec[]): boolean {
  const fresh = ComponentRegisters.create(regs.kind, regs.decoderCount);
  if (!fresh.ok) return false;
  const findings = applyDecoders(componentPort('replay', fresh.value), 'replay', decoders);
  if (findings.some((f) => f.code !== 'decoder.commit-failed')) return false;
  return sameState(fresh.value.exportState(), regs.exportState());
}

/**
 * Loads saved raw state into `regs`, after checking the file's `decoders` list still matches it
 * (a hand-edited `decoders` list next to stale raw state is refused rather than silently ignored).
 */
export function loadSavedState(
  componentId: string,
  regs: ComponentRegisters,
  state: ComponentRegisterState,
  decoders: readonly DecoderProgramSpec[],
): Result<true> {
  const loaded = regs.importState(state);
  if (!loaded.ok)
    return {
      ok: false,
      error: {
        ...loaded.error,
        component: componentId,
        message: `${componentId}.registers: ${loaded.error.message}`,
      },
    };
  if (
    JSON.stringify(deriveDecoderPrograms(regs)) !==
    JSON.stringify(decoders.map((d) => normalizeProgram(d, regs.kind)))
  ) {
    regs.reset();
    return {
      ok: false,
      error: {
        code: 'file.registers-stale',
        message: `${componentId}: "decoders" does not match the saved "registers" state; delete "registers" to program the component from "decoders"`,
        component: componentId,
        field: 'registers',
      },
    };
  }
  return { ok: true, value: true };
}

/** A decoders entry in the key order and shape `deriveDecoderPrograms` produces. */
function normalizeProgram(d: DecoderProgramSpec, kind: DecoderOwnerKind): DecoderProgramSpec {
  const out: DecoderProgramSpec = {
    base: d.base,
    size: d.size,
    ways: d.ways,
    granularity: d.granularity,
    commit: d.commit,
    lock: d.lock,
  };
  if (kind === 'type3') out.skip = d.skip ?? 0;
  else out.targets = [...(d.targets ?? [])];
  if (d.targetRangeType === 0) out.targetRangeType = 0;
  return out;
}
