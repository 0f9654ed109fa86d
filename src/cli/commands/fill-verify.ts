/**
 * `cxl-lab fill-verify`: fill an HPA range through the routing, read it back through the routing,
 * and check every device's memory directly with expected bytes computed independently. Runs in
 * chunks whose memory is released in between, so memory stays bounded whatever the range.
 */

import {
  type BulkFailure,
  type FillPattern,
  fill,
  hex,
  type Lab,
  type Mismatch,
  type PlatformProfile,
  parseAddress,
  parseSize,
  verify,
} from '../../cxl/index.ts';
import { LIMIT_FILL_BYTES } from '../../cxl/limits.ts';
import { ADDRESS_LIMIT } from '../../cxl/units.ts';
import type { CliCommand } from '../command.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';
import { parseOptions, positionals } from '../options.ts';
import { Progress } from '../output.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';
import { errorLine, inputName } from '../report.ts';
import {
  AliasMap,
  type DirectResult,
  emptyDirect,
  frozenDecoders,
  verifyDirect,
} from './fill-verify-direct.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab fill-verify FILE START LENGTH [--pattern tag|inc|0xNN] [--linux V] [--qemu-version V]

Fill [START, START+LENGTH) through the lab's routing with a pattern, verify it by reading back
through the routing, then verify each device's memory directly: for every device byte a decoder
maps into the range, the HPA is computed upward from the device (DPA → candidate HPAs → the
decoders above must route it there), and the expected byte is computed from that HPA by code
independent of the fill. Prints a JSON summary (bytes, per-device bytes, mismatches, times).

  FILE                  a cxl-lab/1 file ('-' for standard input)
  START, LENGTH         hex (0x…) or decimal; LENGTH also 256M, 4G
  --pattern P           tag (default): every 8-byte aligned word holds its own HPA, little-endian;
                        inc: byte = (HPA - START) mod 256;  0xNN: a constant byte
${PLATFORM_USAGE}

The range is filled and verified in chunks of 32 MiB whose device memory is released before the
next one, so memory stays bounded whatever the range (device chunks reached through two HPAs are
still found: "direct.aliased"); a progress line goes to standard error every second of a long run.
LENGTH is at most 16G (limit "fill-length", docs/limits.md): verify a larger range in parts.
Bytes in no window or that reach no device are reported on standard error with the reason.
${LIMITS_HELP}
Exit status: 0 all verified, 1 mismatches or unrouted bytes (or an invalid file), 2 bad arguments.
`;

/** Bytes filled and verified at a time (a multiple of 256, so the `inc` pattern runs on across chunks). */
const CHUNK_BYTES = 32 * 2 ** 20;
/** Failures and mismatches listed in detail. */
const MAX_REPORTS = 16;

function parsePattern(text: string): FillPattern {
  if (text === 'tag') return { kind: 'tag' };
  if (text === 'inc') return { kind: 'inc' };
  const n = parseAddress(text, '--pattern');
  if (!n.ok || n.value > 0xff)
    throw new UsageError(`--pattern must be tag, inc or a byte 0x00…0xff, not ${text}`);
  return { kind: 'byte', value: n.value };
}

interface FillVerifyArgs {
  file: string;
  start: number;
  length: number;
  pattern: FillPattern;
  /** `--linux` / `--qemu-version` over the file's platform profile. */
  platform: Partial<PlatformProfile>;
}

function parseArgs(args: readonly string[]): FillVerifyArgs {
  const parsed = parseOptions(args, { values: ['--pattern', ...PLATFORM_OPTIONS], flags: [] });
  const [file = '', startText = '', lengthText = ''] = positionals(parsed, ['FILE', 'START', 'LENGTH']);
  const patternText = parsed.values.get('--pattern');
  const pattern: FillPattern = patternText === undefined ? { kind: 'tag' } : parsePattern(patternText);
  const start = parseAddress(startText, 'START');
  if (!start.ok) throw new UsageError(start.error.message);
  const length = parseSize(lengthText, 'LENGTH');
  if (!length.ok) throw new UsageError(length.error.message);
  if (length.value === 0) throw new UsageError('LENGTH must be at least 1');
  if (start.value + length.value > ADDRESS_LIMIT) throw new UsageError('START + LENGTH crosses 2^52');
  if (length.value > LIMIT_FILL_BYTES.value) {
    throw new UsageError(
      `LENGTH ${lengthText}: over 16 GiB, the limit for one run (limit "${LIMIT_FILL_BYTES.name}", docs/limits.md); verify the range in parts of at most 16G, e.g. START 16G, then START+16G`,
    );
  }
  return { file, start: start.value, length: length.value, pattern, platform: platformOverride(parsed) };
}

/** What the chunks of one run add up to. */
interface Totals {
  fill: {
    written: number;
    unmappedBytes: number;
    perDevice: Record<string, number>;
    failures: BulkFailure[];
  };
  verify: { checked: number; mismatches: number; first: Mismatch[] };
  direct: DirectResult;
  ms: { fill: number; verify: number; direct: number };
}

function addPerDevice(into: Record<string, number>, from: Record<string, number>): void {
  for (const [id, n] of Object.entries(from)) into[id] = (into[id] ?? 0) + n;
}

/** Failures of consecutive chunks with the same error merge into one run, as within a chunk. */
function addFailures(into: BulkFailure[], from: readonly BulkFailure[]): void {
  for (const f of from) {
    const last = into[into.length - 1];
    if (last !== undefined && last.hpa + last.length === f.hpa && last.error.code === f.error.code) {
      last.length += f.length;
    } else if (into.length < MAX_REPORTS) into.push({ ...f });
  }
}

/** Fills and verifies [at, at+n), then releases every device's memory. */
function runChunk(
  lab: Lab,
  a: FillVerifyArgs,
  at: number,
  n: number,
  t: Totals,
  context: ChunkContext,
): void {
  const t0 = performance.now();
  const f = fill(lab, at, n, a.pattern);
  const t1 = performance.now();
  const v = verify(lab, at, n, a.pattern, { maxReports: MAX_REPORTS });
  const t2 = performance.now();
  const range = { start: a.start, lo: at, hi: at + n };
  verifyDirect(lab, context.core, range, a.pattern, context.aliases, t.direct);
  const t3 = performance.now();
  t.fill.written += f.written;
  t.fill.unmappedBytes += f.unmappedBytes;
  addPerDevice(t.fill.perDevice, f.perDevice);
  addFailures(t.fill.failures, f.failures);
  t.verify.checked += v.checked;
  t.verify.mismatches += v.mismatchCount;
  for (const m of v.mismatches) if (t.verify.first.length < MAX_REPORTS) t.verify.first.push(m);
  t.ms.fill += t1 - t0;
  t.ms.verify += t2 - t1;
  t.ms.direct += t3 - t2;
  for (const id of context.devices) lab.memory(id).clear();
}

interface ChunkContext {
  core: ReturnType<typeof frozenDecoders>;
  aliases: AliasMap;
  devices: string[];
}

function runAll(lab: Lab, a: FillVerifyArgs, progress: Progress): Totals {
  const t: Totals = {
    fill: { written: 0, unmappedBytes: 0, perDevice: {}, failures: [] },
    verify: { checked: 0, mismatches: 0, first: [] },
    direct: emptyDirect(),
    ms: { fill: 0, verify: 0, direct: 0 },
  };
  const context: ChunkContext = {
    core: frozenDecoders(lab),
    aliases: new AliasMap(a.start, CHUNK_BYTES),
    devices: lab.topology.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id),
  };
  for (let done = 0; done < a.length; done += CHUNK_BYTES) {
    runChunk(lab, a, a.start + done, Math.min(CHUNK_BYTES, a.length - done), t, context);
    progress.update(Math.min(a.length, done + CHUNK_BYTES), a.length);
  }
  return t;
}

function summaryJson(a: FillVerifyArgs, t: Totals, ok: boolean, directAgrees: boolean): unknown {
  return {
    file: a.file,
    start: hex(a.start),
    length: a.length,
    pattern: a.pattern.kind === 'byte' ? hex(a.pattern.value) : a.pattern.kind,
    ok,
    fill: {
      written: t.fill.written,
      unmappedBytes: t.fill.unmappedBytes,
      perDevice: t.fill.perDevice,
      failures: t.fill.failures.map((x) => ({ hpa: hex(x.hpa), length: x.length, error: x.error })),
      ms: Math.round(t.ms.fill),
    },
    verify: {
      checked: t.verify.checked,
      mismatches: t.verify.mismatches,
      first: t.verify.first.map((m) => ({ ...m, hpa: hex(m.hpa), dpa: hex(m.dpa) })),
      ms: Math.round(t.ms.verify),
    },
    direct: { ...t.direct, agreesWithFill: directAgrees, ms: Math.round(t.ms.direct) },
  };
}

/** One line per reason the run failed: a failing run never exits 1 silently. */
function reportFailure(io: CliIo, a: FillVerifyArgs, t: Totals, directAgrees: boolean): void {
  const where = `${inputName(a.file)}: ${hex(a.start)}+${a.length}`;
  const say = (what: string) => io.stderr(errorLine('fill-verify', what, where));
  for (const f of t.fill.failures) {
    say(`${f.length} bytes at ${hex(f.hpa)} reach no device: ${f.error.code}: ${f.error.message}`);
  }
  if (t.fill.unmappedBytes > 0) say(`${t.fill.unmappedBytes} bytes of the range reach no device`);
  if (t.verify.mismatches > 0) say(`${t.verify.mismatches} bytes read back through the routing differ`);
  if (t.direct.mismatches > 0) say(`${t.direct.mismatches} device bytes differ from the pattern`);
  if (t.direct.aliased > 0) say(`${t.direct.aliased} device chunks are reached from two HPAs (aliases)`);
  if (t.direct.unreachable > 0) say(`${t.direct.unreachable} mapped device bytes are beyond the capacity`);
  if (!directAgrees)
    say(`the device bytes found directly (${t.direct.checked}) differ from those filled (${t.fill.written})`);
}

export const fillVerifyCommand: CliCommand = {
  name: 'fill-verify',
  summary: 'fill an HPA range through routing, verify via routing and directly on each device',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args);
    const loaded = await loadLab('fill-verify', a.file, io, a.platform);
    if (!loaded.ok) return loaded.exitCode;
    const t = runAll(loaded.lab, a, new Progress(io, 'fill-verify', 'verified'));
    const directAgrees =
      t.direct.checked === t.fill.written &&
      Object.entries(t.fill.perDevice).every(([id, n]) => t.direct.perDevice[id] === n);
    const ok =
      t.fill.unmappedBytes === 0 &&
      t.verify.mismatches === 0 &&
      t.direct.mismatches === 0 &&
      t.direct.aliased === 0 &&
      directAgrees;
    io.stdout(`${JSON.stringify(summaryJson(a, t, ok, directAgrees), null, 2)}\n`);
    if (!ok) reportFailure(io, a, t, directAgrees);
    return ok ? 0 : 1;
  },
};
