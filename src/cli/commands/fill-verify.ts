/**
 * `cxl-lab fill-verify`: fill an HPA range through the routing, read it back through the routing,
 * and check every device's memory directly with expected bytes computed independently.
 */
import {
  type FillPattern,
  fill,
  hex,
  hpaOffsetToDpaOffset,
  type Lab,
  parseAddress,
  parseSize,
  routesTo,
  verify,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';
import { parseOptions, positionals } from '../options.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';

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

Exit status: 0 all verified, 1 mismatches or unrouted bytes (or an invalid file), 2 bad arguments.
`;

function parsePattern(text: string): FillPattern {
  if (text === 'tag') return { kind: 'tag' };
  if (text === 'inc') return { kind: 'inc' };
  const n = parseAddress(text, '--pattern');
  if (!n.ok || n.value > 0xff)
    throw new UsageError(`--pattern must be tag, inc or a byte 0x00…0xff, not ${text}`);
  return { kind: 'byte', value: n.value };
}

/** Expected bytes for HPAs [hpa, hpa+n) into `out` — written independently of the core's fill. */
function expectedBytes(pattern: FillPattern, start: number, hpa: number, out: Uint8Array, n: number): void {
  if (pattern.kind === 'byte') {
    out.fill(pattern.value, 0, n);
    return;
  }
  if (pattern.kind === 'inc') {
    for (let i = 0; i < n; i++) out[i] = (hpa + i - start) % 256;
    return;
  }
  // Address tag: byte j of the 8-byte word at W (W = h - h mod 8) is byte j of W, little-endian.
  // Split W into 32-bit halves; bitwise operators only ever see a half, never the address.
  let i = 0;
  while (i < n) {
    const h = hpa + i;
    const word = h - (h % 8);
    const lo = word % 2 ** 32;
    const hi = Math.floor(word / 2 ** 32);
    for (let j = h - word; j < 8 && i < n; j++, i++) {
      out[i] = j < 4 ? (lo >>> (8 * j)) & 0xff : (hi >>> (8 * (j - 4))) & 0xff;
    }
  }
}

interface DirectResult {
  checked: number;
  perDevice: Record<string, number>;
  mismatches: number;
  first: { hpa: string; device: string; dpa: string; expected: number; actual: number }[];
  unreachable: number;
}

/** Walks every device decoder's DPA chunks that map into [start, end) and compares memory directly. */
function verifyDirect(lab: Lab, start: number, end: number, pattern: FillPattern): DirectResult {
  const result: DirectResult = { checked: 0, perDevice: {}, mismatches: 0, first: [], unreachable: 0 };
  const expected = new Uint8Array(16384);
  for (const c of lab.topology.spec.components) {
    if (c.kind !== 'type3') continue;
    const memory = lab.memory(c.id);
    for (const d of lab.decoders(c.id)) {
      if (!d.committed || d.ways === null || d.granularity === null || d.size === 0) continue;
      const lo = Math.max(start, d.base);
      const hi = Math.min(end, d.base + d.size);
      if (lo >= hi) continue;
      const unit = d.granularity;
      const ways = d.ways;
      const span = d.size / ways;
      // DPA offsets whose candidate HPAs can fall in [lo, hi): a superset, by the monotonic forward formula.
      const firstChunk = Math.floor(hpaOffsetToDpaOffset(lo - d.base, d.eiw, d.eig) / unit);
      const lastChunk = Math.floor(hpaOffsetToDpaOffset(hi - 1 - d.base, d.eiw, d.eig) / unit);
      let guess = 0;
      for (let k = firstChunk; k <= lastChunk && k * unit < span; k++) {
        // Which way p (if any) of this DPA chunk is routed to this device? Try the last hit first.
        let hpaChunk = -1;
        for (let t = 0; t < ways; t++) {
          const p = (guess + t) % ways;
          const candidate = d.base + (k * ways + p) * unit;
          if (candidate + unit <= lo || candidate >= hi) continue;
          if (routesTo(lab, c, d.index, candidate)) {
            hpaChunk = candidate;
            guess = p;
            break;
          }
        }
        if (hpaChunk < 0) continue;
        const from = Math.max(hpaChunk, lo);
        const to = Math.min(hpaChunk + unit, hi);
        const n = to - from;
        const dpa = d.dpaBase + k * unit + (from - hpaChunk);
        const got = memory.read(dpa, n);
        if (!got.ok) {
          result.unreachable += n;
          continue;
        }
        expectedBytes(pattern, start, from, expected, n);
        const actual = got.value;
        result.checked += n;
        result.perDevice[c.id] = (result.perDevice[c.id] ?? 0) + n;
        let same = true;
        for (let i = 0; i < n; i++) {
          if (actual[i] !== expected[i]) {
            same = false;
            break;
          }
        }
        if (!same) {
          for (let i = 0; i < n; i++) {
            if (actual[i] !== expected[i]) {
              result.mismatches++;
              if (result.first.length < 16) {
                result.first.push({
                  hpa: hex(from + i),
                  device: c.id,
                  dpa: hex(dpa + i),
                  expected: expected[i] ?? 0,
                  actual: actual[i] ?? 0,
                });
              }
            }
          }
        }
      }
    }
  }
  return result;
}

export const fillVerifyCommand: CliCommand = {
  name: 'fill-verify',
  summary: 'fill an HPA range through routing, verify via routing and directly on each device',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseOptions(args, { values: ['--pattern', ...PLATFORM_OPTIONS], flags: [] });
    const [file = '', startText = '', lengthText = ''] = positionals(parsed, ['FILE', 'START', 'LENGTH']);
    const patternText = parsed.values.get('--pattern');
    const pattern: FillPattern = patternText === undefined ? { kind: 'tag' } : parsePattern(patternText);
    const start = parseAddress(startText, 'START');
    if (!start.ok) throw new UsageError(start.error.message);
    const length = parseSize(lengthText, 'LENGTH');
    if (!length.ok) throw new UsageError(length.error.message);
    if (start.value + length.value > 2 ** 52) throw new UsageError('START + LENGTH crosses 2^52');
    const platform = platformOverride(parsed);
    const loaded = await loadLab('fill-verify', file, io, platform);
    if (!loaded.ok) return loaded.exitCode;
    const lab = loaded.lab;
    const t0 = performance.now();
    const f = fill(lab, start.value, length.value, pattern);
    const t1 = performance.now();
    const v = verify(lab, start.value, length.value, pattern);
    const t2 = performance.now();
    const d = verifyDirect(lab, start.value, start.value + length.value, pattern);
    const t3 = performance.now();
    const directAgrees =
      d.checked === f.written && Object.entries(f.perDevice).every(([id, n]) => d.perDevice[id] === n);
    const ok = f.ok && v.ok && d.mismatches === 0 && directAgrees;
    const summary = {
      file,
      start: hex(start.value),
      length: length.value,
      pattern: pattern.kind === 'byte' ? hex(pattern.value) : pattern.kind,
      ok,
      fill: {
        written: f.written,
        unmappedBytes: f.unmappedBytes,
        perDevice: f.perDevice,
        failures: f.failures.map((x) => ({ hpa: hex(x.hpa), length: x.length, error: x.error })),
        ms: Math.round(t1 - t0),
      },
      verify: {
        checked: v.checked,
        mismatches: v.mismatchCount,
        first: v.mismatches.map((m) => ({ ...m, hpa: hex(m.hpa), dpa: hex(m.dpa) })),
        ms: Math.round(t2 - t1),
      },
      direct: {
        checked: d.checked,
        perDevice: d.perDevice,
        mismatches: d.mismatches,
        first: d.first,
        agreesWithFill: directAgrees,
        ms: Math.round(t3 - t2),
      },
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return ok ? 0 : 1;
  },
};
