/**
 * Issue 13's CLI cases that are about the operating system, on real `node bin/cxl-lab.mjs`
 * processes: reads of /dev/zero and of an endless pipe stop at the limit, an existing -o file
 * survives a failing run, and the peak memory of fill-verify and route --length over 8 GiB.
 *
 * Peak memory is the child's own `process.resourceUsage().maxRSS` (the kernel's ru_maxrss, KiB),
 * printed by bin/cxl-lab.mjs when CXL_LAB_REPORT_MAXRSS=1; where /usr/bin/time exists, its
 * "Maximum resident set size" of the same process is checked too.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = 'bin/cxl-lab.mjs';
const TIME = '/usr/bin/time';
const MIB = 2 ** 20;
const GIB = 2 ** 30;
/** Issue 13: peak memory under 256 MiB whatever the range. */
const PEAK_LIMIT_KIB = 256 * 1024;
const DEFAULT_PRESET = new URL('../../src/presets/default.topology.json', import.meta.url).pathname;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], options: { stdin?: number | 'pipe'; input?: string } = {}): Run {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { ...process.env, CXL_LAB_REPORT_MAXRSS: '1' },
    maxBuffer: 64 * MIB,
  });
  return { status: p.status, stdout: p.stdout, stderr: p.stderr, ms: performance.now() - t0 };
}

/** The child's peak RSS in KiB, as it reported it. */
function maxRss(stderr: string): number {
  const m = /cxl-lab: maxRSS (\d+) KiB/.exec(stderr);
  expect(m, stderr.slice(-500)).not.toBeNull();
  return Number(m?.[1]);
}

/** Standard error without the maxRSS report line. */
function errors(stderr: string): string {
  return stderr.replace(/cxl-lab: maxRSS \d+ KiB\n/, '');
}

/** Each case spawns Node (about a second each on a loaded 2-core machine): no 5 s default. */
const SPAWNS = { timeout: 120_000 };

describe('reads stop at the limit while reading', SPAWNS, () => {
  it('check /dev/zero: exit 1 naming the 64 MiB limit, memory bounded', () => {
    const r = cli(['check', '/dev/zero']);
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toBe(
      'cxl-lab check: larger than 64 MiB, the limit for text input; stopped reading (limit "text", docs/limits.md) (/dev/zero)\n',
    );
    expect(maxRss(r.stderr)).toBeLessThan(PEAK_LIMIT_KIB);
  });

  it('cedt --parse /dev/zero: exit 1 naming the 1 MiB limit', () => {
    const r = cli(['cedt', '--parse', '/dev/zero']);
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toBe(
      'cxl-lab cedt: larger than 1 MiB, the limit for a CEDT; stopped reading (limit "cedt-size", docs/limits.md) (/dev/zero)\n',
    );
  });

  it('check - < /dev/zero: standard input stops at the limit', () => {
    const r = cli(['check', '-'], { stdin: openSync('/dev/zero', 'r') });
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toContain('larger than 64 MiB');
    expect(errors(r.stderr)).toContain('(standard input)');
    expect(maxRss(r.stderr)).toBeLessThan(PEAK_LIMIT_KIB);
  });

  it('an endless pipe into check -: the reader stops and exits 1', async () => {
    const child = spawn(process.execPath, [BIN, 'check', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdin.on('error', () => {}); // EPIPE once the child stops reading
    const block = Buffer.alloc(MIB, 0x20);
    let open = true;
    let sent = 0;
    const status = await new Promise<number | null>((resolve) => {
      child.on('close', (code) => {
        open = false;
        resolve(code);
      });
      const pump = () => {
        while (open && sent < 256 * MIB) {
          sent += block.length;
          if (!child.stdin.write(block)) {
            child.stdin.once('drain', pump);
            return;
          }
        }
        if (open) child.stdin.end();
      };
      pump();
    });
    expect(status).toBe(1);
    expect(stderr).toContain('cxl-lab check: larger than 64 MiB');
    // It stopped near the limit, not at the end of what we could send.
    expect(sent).toBeLessThan(256 * MIB);
  });
});

describe('-o OUT is written whole or not at all', SPAWNS, () => {
  it('a failing cedt --parse leaves an existing OUT as it was; a good run replaces it, no temporary left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cxl-lab-out-'));
    const out = join(dir, 'out.txt');
    writeFileSync(out, 'precious\n');
    const bad = join(dir, 'bad.dat');
    writeFileSync(bad, new Uint8Array(50));
    const r = cli(['cedt', '--parse', bad, '-o', out]);
    expect(r.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const lab = join(dir, 'lab.json');
    writeFileSync(lab, readFileSync(DEFAULT_PRESET));
    const failing = cli(['list', join(dir, 'missing.json'), '-o', out]);
    expect(failing.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const good = cli(['list', lab, '-o', out]);
    expect(good.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^\[/);
    expect(readdirSync(dir).sort()).toEqual(['bad.dat', 'lab.json', 'out.txt']);
  });

  it('OUT through a symbolic link replaces the file it names, keeping its mode; /dev/null is written directly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cxl-lab-out-'));
    const target = join(dir, 'target.json');
    writeFileSync(target, 'old\n', { mode: 0o640 });
    symlinkSync('target.json', join(dir, 'link.json'));
    expect(cli(['list', DEFAULT_PRESET, '-o', join(dir, 'link.json')]).status).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^\[/);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'target.json']);
    expect(cli(['list', DEFAULT_PRESET, '-o', '/dev/null']).status).toBe(0);
  });

  it('an OUT in a directory that does not exist: exit 1 with one line', () => {
    const r = cli(['list', DEFAULT_PRESET, '-o', '/nonexistent-dir/out.json']);
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toBe('cxl-lab list: cannot write: no such file (/nonexistent-dir/out.json)\n');
  });
});

/**
 * Runs `args` with standard output counted, not kept: returns the byte count, the last 200
 * characters, the number of `{"hpa"` objects, standard error and the peak RSS (own report and,
 * where present, /usr/bin/time's).
 */
async function streamed(args: string[]): Promise<{
  status: number | null;
  bytes: number;
  /** The first 64 Ki characters. */
  head: string;
  tail: string;
  objects: number;
  stderr: string;
  rssKib: number;
  timeRssKib: number | null;
  seconds: number;
}> {
  const withTime = existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ['-f', 'time-maxrss %M', process.execPath, BIN, ...args] : [BIN, ...args];
  const t0 = performance.now();
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CXL_LAB_REPORT_MAXRSS: '1' },
  });
  let bytes = 0;
  let head = '';
  let tail = '';
  let objects = 0;
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    bytes += d.length;
    if (head.length < 65536) head += d.slice(0, 65536 - head.length);
    const text = tail + d;
    // Count in the carried tail plus the new data, then keep a tail shorter than the marker's
    // start so no object is counted twice.
    objects += text.split('{"hpa"').length - 1 - (tail.split('{"hpa"').length - 1);
    tail = text.slice(-200);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const timeRss = /time-maxrss (\d+)/.exec(stderr);
  return {
    status,
    bytes,
    head,
    tail,
    objects,
    stderr,
    rssKib: maxRss(stderr),
    timeRssKib: timeRss === null ? null : Number(timeRss[1]),
    seconds: (performance.now() - t0) / 1000,
  };
}

describe('8 GiB in bounded memory (peak RSS under 256 MiB)', () => {
  it('route --length 8G over the default preset streams every piece', { timeout: 600_000 }, async () => {
    // The default preset: one 8 GiB window at 0x4c00000000, 2 host bridges at 4 KiB, each device
    // decoder 4-way at 4 KiB. Consecutive 4 KiB granules go to different devices, so every piece
    // is one granule: 8 GiB / 4 KiB = 2^21 pieces, plus the access object itself.
    const r = await streamed(['route', DEFAULT_PRESET, '0x4c00000000', '--length', '8G', '--no-hops']);
    console.log(
      `route --length 8G: ${r.seconds.toFixed(1)} s, ${r.bytes} bytes out, peak RSS ${r.rssKib} KiB (own)` +
        `${r.timeRssKib === null ? '' : `, ${r.timeRssKib} KiB (${TIME})`}`,
    );
    expect(r.status).toBe(0);
    expect(r.objects).toBe(2 ** 21 + 1);
    expect(r.tail.endsWith('"length":4096}],"ok":true}\n')).toBe(true);
    expect(r.rssKib).toBeLessThan(PEAK_LIMIT_KIB);
    if (r.timeRssKib !== null) expect(r.timeRssKib).toBeLessThan(PEAK_LIMIT_KIB);
  });

  it('fill-verify of the whole 8 GiB window verifies every byte', { timeout: 600_000 }, async () => {
    const r = await streamed(['fill-verify', DEFAULT_PRESET, '0x4c00000000', '8G']);
    const start = r.stderr.indexOf('{');
    console.log(
      `fill-verify 8G: ${r.seconds.toFixed(1)} s, peak RSS ${r.rssKib} KiB (own)` +
        `${r.timeRssKib === null ? '' : `, ${r.timeRssKib} KiB (${TIME})`}`,
    );
    expect(start).toBe(-1); // the summary is on standard output, progress lines on standard error
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/cxl-lab fill-verify: verified [\d.]+ GiB of 8\.00 GiB/);
    expect(r.rssKib).toBeLessThan(PEAK_LIMIT_KIB);
    if (r.timeRssKib !== null) expect(r.timeRssKib).toBeLessThan(PEAK_LIMIT_KIB);
    const summary = JSON.parse(r.head) as {
      ok: boolean;
      fill: { written: number; perDevice: Record<string, number> };
      verify: { checked: number; mismatches: number };
      direct: { checked: number; mismatches: number; aliased: number; agreesWithFill: boolean };
    };
    // 8 GiB over four devices, 2 GiB each (the window interleaves them evenly).
    expect(summary.ok).toBe(true);
    expect(summary.fill.written).toBe(8 * GIB);
    expect(summary.fill.perDevice).toEqual({ mem0: 2 * GIB, mem1: 2 * GIB, mem2: 2 * GIB, mem3: 2 * GIB });
    expect(summary.verify).toMatchObject({ checked: 8 * GIB, mismatches: 0 });
    expect(summary.direct).toMatchObject({
      checked: 8 * GIB,
      mismatches: 0,
      aliased: 0,
      agreesWithFill: true,
    });
  });
});
