/**
 * HDM decoder commit semantics: one explicit state machine, CXL r3.1 §8.2.4.20.7 (Commit,
 * Committed, Error Not Committed, Lock On Commit) and §8.2.4.20.12 (Committing Decoder Programming).
 *
 * States, as the Control register shows them:
 *   'disabled'  Commit = 0                      (Committed = 0, Error Not Committed = 0)
 *   'committed' Commit = 1, Committed = 1       the decoder decodes
 *   'error'     Commit = 1, Error Not Committed = 1
 *
 * The lab's hardware answers instantly (the spec allows up to 10 ms), so the "checks in flight"
 * state (Commit = 1 with neither status bit) never appears.
 *
 * On a Commit 0 → 1 write:
 *   1. Encoding checks (lab model of "unsupported by this component", always run, whatever Lock On
 *      Commit says): reserved IW/IG encodings, and ways the component cannot do per its HDM Decoder
 *      Capability (host bridges and switch upstream ports: 1/2/4/8 and ≤ Target Count; 3/6/12-way and
 *      16-way only with capability bits 11 / 12, which only the lab's Type 3 devices set).
 *   2. With Lock On Commit = 1, the spec's checks of §8.2.4.20.12 (see `COMMIT_CHECKS`).
 *      Without Lock On Commit the component does no checks: software is responsible (§8.2.4.20.12).
 *   Pass → 'committed' (and with Lock On Commit the decoder's RWL fields lock until reset);
 *   fail → 'error' with a reason naming each failed check and its section.
 * Commit 1 → 0 clears Committed and Error Not Committed (a locked decoder cannot get here: Commit
 * is RWL). Other writes leave the state alone; changing a committed decoder's fields without
 * clearing Commit is undefined in the spec — the lab simply lets the new values take effect.
 */
import { eigToGranularity, eiwToWays, isMod3Eiw } from '../spec/interleave.ts';
import type { DecoderOwnerKind } from '../topology/model.ts';
import { TWO_POW_32 } from '../units.ts';

export type DecoderCommitState = 'disabled' | 'committed' | 'error';

export type CommitCheckId =
  | 'encoding.ig-reserved'
  | 'encoding.iw-reserved'
  | 'encoding.iw-unsupported'
  | 'encoding.iw-exceeds-targets'
  | 'spec.base-order'
  | 'spec.no-wrap'
  | 'spec.size-multiple-of-3'
  | 'spec.targets-distinct'
  | 'spec.previous-committed';

export interface CommitCheck {
  id: CommitCheckId;
  /** 'spec': a check the spec requires with Lock On Commit; 'lab': the lab's model of what the component supports. */
  origin: 'spec' | 'lab';
  /** Whether the check runs only when Lock On Commit = 1. */
  onlyWithLock: boolean;
  spec: string;
  title: string;
}

/** Every check the commit transition can run, in the order it runs them. */
export const COMMIT_CHECKS: readonly CommitCheck[] = [
  {
    id: 'encoding.ig-reserved',
    origin: 'lab',
    onlyWithLock: false,
    spec: 'CXL r3.1 §8.2.4.20.7',
    title: 'IG is a defined encoding (0–6: 256 B … 16 KiB)',
  },
  {
    id: 'encoding.iw-reserved',
    origin: 'lab',
    onlyWithLock: false,
    spec: 'CXL r3.1 §8.2.4.20.7',
    title: 'IW is a defined encoding (0–4, 8–10)',
  },
  {
    id: 'encoding.iw-unsupported',
    origin: 'lab',
    onlyWithLock: false,
    spec: 'CXL r3.1 §8.2.4.20.1, §8.2.4.20.7',
    title: 'the component supports these ways (3/6/12 need capability bit 11, 16 needs bit 12)',
  },
  {
    id: 'encoding.iw-exceeds-targets',
    origin: 'lab',
    onlyWithLock: false,
    spec: 'CXL r3.1 §8.2.4.20.1',
    title: 'a host bridge / switch decoder has no more ways than its Target Count',
  },
  {
    id: 'spec.base-order',
    origin: 'spec',
    onlyWithLock: true,
    spec: 'CXL r3.1 §8.2.4.20.12',
    title: 'Base[m+1] ≥ Base[m] + Size[m] (decoder 0 exempt)',
  },
  {
    id: 'spec.no-wrap',
    origin: 'spec',
    onlyWithLock: true,
    spec: 'CXL r3.1 §8.2.4.20.12',
    title: 'Base ≤ Base + Size (the 64-bit range does not wrap)',
  },
  {
    id: 'spec.size-multiple-of-3',
    origin: 'spec',
    onlyWithLock: true,
    spec: 'CXL r3.1 §8.2.4.20.12',
    title: 'with IW ≥ 8 (3/6/12-way), Size is a multiple of 3',
  },
  {
    id: 'spec.targets-distinct',
    origin: 'spec',
    onlyWithLock: true,
    spec: 'CXL r3.1 §8.2.4.20.12',
    title: 'Target List entries for ways 0 … ways−1 are distinct',
  },
  {
    id: 'spec.previous-committed',
    origin: 'spec',
    onlyWithLock: true,
    spec: 'CXL r3.1 §8.2.4.20.12',
    title: 'decoder m is Committed before decoder m+1 commits',
  },
];

const checkById = new Map(COMMIT_CHECKS.map((c) => [c.id, c]));

/** A decoder's programming as 32-bit register halves (exact at full 64-bit width). */
export interface RawDecoder {
  baseHigh: number;
  baseLow: number;
  sizeHigh: number;
  sizeLow: number;
  eiw: number;
  eig: number;
  /** Target List bytes, ways 0–7 (host bridge / switch); empty for devices. */
  targets: readonly number[];
}

/** What the component's HDM Decoder Capability register says it can do. */
export interface DecoderCaps {
  kind: DecoderOwnerKind;
  targetCount: number;
  iw3612: boolean;
  iw16: boolean;
}

export interface CommitContext {
  caps: DecoderCaps;
  index: number;
  /** The decoder being committed, after the Control write's other fields took effect. */
  decoder: RawDecoder;
  /** Decoder index−1 (null for decoder 0). */
  previous: (RawDecoder & { committed: boolean }) | null;
  lockOnCommit: boolean;
}

/** One failed commit check: which check, why (in this decoder's numbers), and its spec section. */
export interface CommitFailure {
  check: CommitCheckId;
  message: string;
  /** The check's section (`COMMIT_CHECKS`), e.g. "CXL r3.1 §8.2.4.20.12". */
  spec: string;
}

/** Builds a failure of `check`, with the check's spec section. */
function failed(check: CommitCheckId, message: string): CommitFailure {
  return { check, message, spec: checkById.get(check)?.spec ?? 'CXL r3.1 §8.2.4.20.12' };
}

/** What a Control write does to the decoder's status. */
export type CommitOutcome =
  /** No Commit transition: status bits unchanged. */
  | { kind: 'unchanged' }
  /** Commit 1 → 0: Committed and Error Not Committed clear. */
  | { kind: 'uncommitted' }
  | { kind: 'committed'; lock: boolean }
  | { kind: 'error'; failures: CommitFailure[]; reason: string };

/** `a:b` ≥ `c:d` for 64-bit values held as 32-bit halves. */
function geq64(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return aHi > bHi || (aHi === bHi && aLo >= bLo);
}

/** `base + size` as halves; `hi` may reach 2^32 (a carry out of bit 63). */
function end64(d: RawDecoder): { hi: number; lo: number } {
  const lo = d.baseLow + d.sizeLow;
  const carry = lo >= TWO_POW_32 ? 1 : 0;
  return { hi: d.baseHigh + d.sizeHigh + carry, lo: lo - carry * TWO_POW_32 };
}

function hex64(hi: number, lo: number): string {
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}

/** The encoding checks (always run). */
export function encodingFailures(ctx: CommitContext): CommitFailure[] {
  const out: CommitFailure[] = [];
  const { decoder: d, caps } = ctx;
  if (!eigToGranularity(d.eig).ok) {
    out.push(failed('encoding.ig-reserved', `IG encoding ${d.eig} is reserved`));
  }
  const ways = eiwToWays(d.eiw);
  if (!ways.ok) {
    out.push(failed('encoding.iw-reserved', `IW encoding ${d.eiw} is reserved`));
    return out;
  }
  const isPort = caps.kind !== 'type3';
  const supported = d.eiw <= 3 || (d.eiw === 4 && caps.iw16) || (isMod3Eiw(d.eiw) && caps.iw3612);
  if (!supported) {
    const who = isPort
      ? 'a host bridge or switch decoder supports only 1, 2, 4 or 8 ways'
      : 'the device lacks the capability';
    out.push(failed('encoding.iw-unsupported', `${ways.value}-way interleave not supported (${who})`));
  } else if (isPort && ways.value > caps.targetCount) {
    out.push(
      failed(
        'encoding.iw-exceeds-targets',
        `${ways.value} ways exceed the Target Count of ${caps.targetCount}`,
      ),
    );
  }
  return out;
}

/** The spec's Lock On Commit checks, CXL r3.1 §8.2.4.20.12. */
export function specFailures(ctx: CommitContext): CommitFailure[] {
  const out: CommitFailure[] = [];
  const { decoder: d, previous: p } = ctx;
  // 1. Base[m+1] ≥ Base[m] + Size[m] (not applicable to decoder 0).
  if (p !== null) {
    const pEnd = end64(p);
    if (!geq64(d.baseHigh, d.baseLow, pEnd.hi, pEnd.lo)) {
      out.push(
        failed(
          'spec.base-order',
          `base ${hex64(d.baseHigh, d.baseLow)} is below decoder ${ctx.index - 1}'s end ${pEnd.hi >= TWO_POW_32 ? 'beyond 2^64' : hex64(pEnd.hi, pEnd.lo)}`,
        ),
      );
    }
  }
  // 2. Base ≤ Base + Size in 64-bit arithmetic: fails exactly when Base + Size ≥ 2^64.
  if (end64(d).hi >= TWO_POW_32) {
    out.push(failed('spec.no-wrap', 'base + size wraps past 2^64'));
  }
  // 3. IW ≥ 8 (3/6/12-way): "Size is a multiple of 3" — the spec's wording, checked literally
  //    (it does not ask for a multiple of ways × 256 MiB). 2^32 ≡ 1 (mod 3), so
  //    size mod 3 = (sizeHigh + sizeLow) mod 3, exact without 64-bit arithmetic.
  if (isMod3Eiw(d.eiw) && (d.sizeHigh + d.sizeLow) % 3 !== 0) {
    out.push(
      failed(
        'spec.size-multiple-of-3',
        `size ${hex64(d.sizeHigh, d.sizeLow)} is not a multiple of 3 for a ${eiwToWaysOr(d.eiw)}-way decoder`,
      ),
    );
  }
  // 4. Target IDs for ways 0 … ways−1 are distinct (ports only; devices have DPA Skip there).
  if (ctx.caps.kind !== 'type3') {
    const ways = eiwToWaysOr(d.eiw);
    const used = d.targets.slice(0, Math.min(ways, d.targets.length));
    const dup = used.find((t, i) => used.indexOf(t) !== i);
    if (dup !== undefined) {
      out.push(failed('spec.targets-distinct', `target port ${dup} appears twice in ways 0..${ways - 1}`));
    }
  }
  // 5. Decoder m is committed.
  if (p !== null && !p.committed) {
    out.push(failed('spec.previous-committed', `decoder ${ctx.index - 1} is not committed`));
  }
  return out;
}

function eiwToWaysOr(eiw: number): number {
  const w = eiwToWays(eiw);
  return w.ok ? w.value : 1;
}

/** Formats failures as one reason string: "<check> (<section>): <message>; …". */
export function formatFailures(failures: readonly CommitFailure[]): string {
  return failures
    .map((f) => {
      const c = checkById.get(f.check);
      const tag =
        c === undefined
          ? f.check
          : `${c.origin === 'spec' ? 'spec check' : 'unsupported'} ${c.id} (${c.spec})`;
      return `${tag}: ${f.message}`;
    })
    .join('; ');
}

/**
 * The transition function. `state` is the decoder's state before the write; `commit` is the Commit
 * bit the write leaves in the register (after lock masking).
 */
export function commitTransition(
  state: DecoderCommitState,
  commit: boolean,
  ctx: CommitContext,
): CommitOutcome {
  if (!commit) return state === 'disabled' ? { kind: 'unchanged' } : { kind: 'uncommitted' };
  if (state !== 'disabled') return { kind: 'unchanged' };
  const failures = encodingFailures(ctx);
  if (failures.length === 0 && ctx.lockOnCommit) failures.push(...specFailures(ctx));
  if (failures.length > 0) return { kind: 'error', failures, reason: formatFailures(failures) };
  return { kind: 'committed', lock: ctx.lockOnCommit };
}

/** The state a Control register value shows. */
export function commitStateOf(
  commit: boolean,
  committed: boolean,
  errorNotCommitted: boolean,
): DecoderCommitState {
  if (!commit) return 'disabled';
  if (errorNotCommitted) return 'error';
  return committed ? 'committed' : 'disabled';
}
