/**
 * Issue 13's CLI cases through `main([...], fakeIo)`: error lines `cxl-lab CMD: WHAT (WHERE)` and
 * exit statuses, a top-level guard that never prints a stack, a UTF-8 BOM in every text input,
 * no `-o` written by a failing run, fills and routes outside every window, the streamed
 * fill-verify's chunk boundaries, and the length limits. OS behaviour (/dev/zero, pipes, real
 * files, peak memory) is in cli-process.test.ts.
 */
import { readFileSync } from 'node:fs';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import type { CliCommand } from '../../src/cli/command.ts';
import { commands } from '../../src/cli/commands/index.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { createLab, parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import { ONE_HB_ONE_WINDOW_BYTES } from './cedt-fixtures.ts';
import { type FakeRun, runCli } from './helpers/fake-io.ts';
import { fourWayLab } from './helpers/region-topologies.ts';

const SIXTEEN = sixteenWay(256, 2 ** 32);
const BASE = SIXTEEN.windows[0]?.base ?? 0;
const LAB = serializeLabFile(SIXTEEN);
const BOM = '\uFEFF';
const preset = (name: string) =>
  readFileSync(new URL(`../../src/presets/${name}.topology.json`, import.meta.url), 'utf8');
const QEMU_ARGS = readFileSync(new URL('../fixtures/qemu-docs-4way.args', import.meta.url), 'utf8');
const CXL_LIST = readFileSync(new URL('../fixtures/cxl-list-2hb-4way.json', import.meta.url), 'utf8');

/** Every line on standard error has the shape, and nothing looks like a stack or a V8 dump. */
function expectCleanErrors(r: FakeRun, command: string): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    if (line.startsWith('  ') || line === '' || line.startsWith('Usage:')) continue;
    expect(line.startsWith(`cxl-lab ${command}: `), line).toBe(true);
  }
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)|TypeError|RangeError|FATAL ERROR|<--- JS stack/);
}

describe('error lines and exit statuses', () => {
  it('a missing file: exit 1, one line naming it', async () => {
    for (const command of ['check', 'list', 'share', 'import-qemu', 'import-cxl-list']) {
      const r = await runCli([command, 'missing.json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`cxl-lab ${command}: cannot read: missing.json: no such file (missing.json)\n`);
    }
  });

  it('a lab file that is not JSON, or has a prototype-key kind: exit 1 with clean lines', async () => {
    const proto = '{"format":"cxl-lab/1","windows":[],"components":[{"id":"a","kind":"constructor"}]}';
    for (const text of ['{"format":', proto, '[]', '"x"']) {
      for (const command of ['check', 'list', 'route', 'fill-verify', 'share', 'cedt']) {
        const argv = command === 'route' ? [command, 'f.json', '0x0'] : [command, 'f.json'];
        if (command === 'fill-verify') argv.push('0x0', '4K');
        const r = await runCli(argv, { 'f.json': text });
        expect(r.code, `${command} ${text}`).toBe(1);
        expectCleanErrors(r, command);
        // The prototype-key kind crashes the core's parser (issue 13, crash A, fixed in the core):
        // until then the top-level guard's line stands in, without a place.
        if (text !== proto) expect(r.stderr).toContain('(f.json');
      }
    }
  });

  it('an unexpected throw inside a command is one line, exit 1, without its message or stack', async () => {
    const boom: CliCommand = {
      name: 'boom',
      summary: 'throws',
      usage: 'Usage: cxl-lab boom\n',
      run() {
        const table: Record<string, string[]> = {};
        // The kind of bug issue 13 found: iterating a lookup that an input key missed.
        for (const x of table.constructor as unknown as string[]) return x.length;
        return 0;
      },
    };
    let stderr = '';
    const io = { stderr: (t: string) => (stderr += t), stdout: () => {} } as unknown as CliIo;
    expect(await main(['boom'], io, [boom])).toBe(1);
    expect(stderr).toBe(
      'cxl-lab boom: internal error: the input could not be processed (a bug in cxl-lab: please report it with the input)\n',
    );
  });

  it('--oem-id too long and --oem-revision out of range are usage errors (2)', async () => {
    const files = { 'lab.json': LAB };
    for (const argv of [
      ['cedt', 'lab.json', '--oem-id', 'TOOLONGID'],
      ['cedt', 'lab.json', '--oem-table-id', 'NINECHARS'],
      ['cedt', 'lab.json', '--creator-id', 'FIVE5'],
      ['cedt', 'lab.json', '--oem-id', 'é'],
      ['cedt', 'lab.json', '--oem-revision', '0x100000000'],
      ['cedt', 'lab.json', '--creator-revision', '-1'],
    ]) {
      const r = await runCli(argv, files);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toContain(`cxl-lab cedt: ${argv[2]}`);
      expect(r.bytes).toEqual([]);
    }
  });

  it('check with errors names the first one on standard error (never exit 1 silently)', async () => {
    const spec = structuredClone(SIXTEEN);
    for (const c of spec.components) {
      if (c.id === 'sw1' && c.kind === 'switch' && c.decoders[0] !== undefined)
        c.decoders[0].granularity = 256;
    }
    const r = await runCli(['check', 'bad.json'], { 'bad.json': serializeLabFile(spec) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { errors: number; findings: { severity: string; code: string }[] };
    const first = report.findings.find((f) => f.severity === 'error');
    expect(r.stderr).toMatch(new RegExp(`^cxl-lab check: ${report.errors} errors?, first ${first?.code}: `));
  });

  it('ids in unusual Unicode: check and fill-verify answer with output, not a silent exit', async () => {
    const text = preset('default')
      .replaceAll('"mem0"', '"m\u0301em\uFF10"')
      .replaceAll('"hb0"', '"\u{1D4BD}b0"');
    const files = { 'u.json': text };
    const check = await runCli(['check', 'u.json'], files);
    expect(check.stdout === '' && check.stderr === '').toBe(false);
    if (check.code !== 0) expectCleanErrors(check, 'check');
    const fill = await runCli(['fill-verify', 'u.json', '0x4c00000000', '64K'], files);
    expect(fill.stdout === '' && fill.stderr === '').toBe(false);
    if (fill.code !== 0) expectCleanErrors(fill, 'fill-verify');
  });

  it('import-qemu of devices that form a cycle: exit 1, clean lines, nothing written', async () => {
    const args = [
      'qemu-system-x86_64 -M q35,cxl=on',
      '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1',
      '-device cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2',
      '-device cxl-upstream,bus=dsA,id=usA',
      '-device cxl-downstream,port=0,bus=usA,id=dsA,chassis=0,slot=4',
      '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G',
    ].join(' ');
    const r = await runCli(['import-qemu', 'cycle.args', '-o', 'out.json'], { 'cycle.args': args });
    expect(r.code).toBe(1);
    expectCleanErrors(r, 'import-qemu');
    expect(r.written.size).toBe(0);
  });
});

describe('help', () => {
  it('every command and the command list point at the limits and the error-line shape', async () => {
    const all = await runCli(['--help']);
    expect(all.stdout).toContain('docs/limits.md');
    for (const c of commands) {
      const r = await runCli([c.name, '--help']);
      expect(r.stdout, c.name).toContain('to the limits in docs/limits.md (text 64 MiB, CEDT 1 MiB)');
      expect(r.stdout, c.name).toContain('"cxl-lab COMMAND: WHAT (WHERE)"');
      expect(r.stdout, c.name).toMatch(/\nExit status: 0 [^\n]*, 1 [^\n]*, 2 bad arguments\.\n$/);
    }
    for (const [name, limit] of [
      ['route', 'at most 16G (docs/limits.md)'],
      ['fill-verify', 'LENGTH is at most 16G (limit "fill-length", docs/limits.md)'],
    ]) {
      expect((await runCli([name ?? '', '--help'])).stdout.replace(/\s+/g, ' ')).toContain(limit);
    }
  });
});

describe('share and unshare accept exactly the labs list, check and route accept', () => {
  /** The 16-way lab with saved register state for hb0's HDM Global Control (offset +0x4). */
  function withSavedValue(value: number): string {
    const lab = createLab(SIXTEEN);
    if (!lab.ok) throw new Error('fixture');
    const hdm = lab.value.lab.hdmBase('hb0') ?? 0;
    const json = JSON.parse(LAB) as { components: { id: string; registers?: unknown }[] };
    const hb0 = json.components.find((c) => c.id === 'hb0');
    if (hb0 !== undefined)
      hb0.registers = { values: { [`0x${(hdm + 4).toString(16)}`]: `0x${value.toString(16)}` } };
    return JSON.stringify(json);
  }

  it('a link whose saved registers set reserved bits: unshare exits 1, share makes no link', async () => {
    // HDM Decoder Global Control (CXL r3.1 §8.2.4.20.2) defines bits 1:0 only; find a bit the lab
    // refuses to load (the rule list/check/route apply) rather than assume which.
    const tampered = [31, 16, 8, 4, 2]
      .map((b) => withSavedValue(2 ** b))
      .find((text) => {
        const parsed = parseLabFile(text);
        return !parsed.ok || !createLab(parsed.value).ok;
      });
    expect(tampered).toBeDefined();
    const text = tampered ?? '';
    expect((await runCli(['list', 'f.json'], { 'f.json': text })).code).toBe(1);
    const share = await runCli(['share', 'f.json'], { 'f.json': text });
    expect(share.code).toBe(1);
    expect(share.stdout).toBe('');
    expectCleanErrors(share, 'share');
    // The link format (share usage): deflate-raw, base64url, after "lab=".
    const link = `lab=${Buffer.from(deflateSync(strToU8(text))).toString('base64url')}`;
    const unshare = await runCli(['unshare', link, '-o', 'out.json']);
    expect(unshare.code).toBe(1);
    expect(unshare.written.size).toBe(0);
    expectCleanErrors(unshare, 'unshare');
  });

  it('a corrupted link: exit 1 naming the reason', async () => {
    for (const link of ['lab=!!!', 'lab=', '#lab=AAAA', 'https://x/#lab=eJw']) {
      const r = await runCli(['unshare', link]);
      expect(r.code, link).toBe(1);
      expectCleanErrors(r, 'unshare');
    }
  });
});

describe('a UTF-8 byte-order mark is accepted in every text input', () => {
  it('lab files (file and standard input), QEMU command lines, cxl list JSON', async () => {
    const hpa = `0x${(BASE + 0x80).toString(16)}`;
    const cases: [string[], Record<string, string>, string][] = [
      [['check', 'f.json'], { 'f.json': BOM + LAB }, ''],
      [['check', '-'], {}, BOM + LAB],
      [['list', 'f.json'], { 'f.json': BOM + LAB }, ''],
      [['route', 'f.json', hpa], { 'f.json': BOM + LAB }, ''],
      [['route', 'f.json', '-'], { 'f.json': LAB }, `${BOM}${hpa}\n`],
      [['fill-verify', 'f.json', hpa, '4K'], { 'f.json': BOM + LAB }, ''],
      [['share', 'f.json'], { 'f.json': BOM + LAB }, ''],
      [['cedt', 'f.json', '--dump'], { 'f.json': BOM + LAB }, ''],
      [['qemu', 'f.json'], { 'f.json': BOM + serializeLabFile(fourWayLab().toFile()) }, ''],
      [['import-qemu', 'q.args'], { 'q.args': BOM + QEMU_ARGS }, ''],
      [['import-cxl-list', 'l.json'], { 'l.json': BOM + CXL_LIST }, ''],
    ];
    for (const [argv, files, stdin] of cases) {
      const withBom = await runCli(argv, files, stdin);
      const plain = await runCli(
        argv,
        Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.replace(BOM, '')])),
        stdin.replace(BOM, ''),
      );
      expect(withBom.code, argv.join(' ')).toBe(0);
      const times = /"ms": \d+/g;
      expect(withBom.stdout.replace(times, '')).toBe(plain.stdout.replace(times, ''));
    }
  });
});

describe('-o is never written by a failing run', () => {
  it('cedt --parse of a table with errors lists it on standard output and leaves OUT alone', async () => {
    const r = await runCli(['cedt', '--parse', 't.dat', '-o', 'out.txt'], { 't.dat': new Uint8Array(50) });
    expect(r.code).toBe(1);
    expect(r.written.size).toBe(0);
    expect(r.stderr).toMatch(/^cxl-lab cedt: \d+ errors? in the table; out\.txt not written \(t\.dat\)\n$/);
  });

  it('import-qemu, import-cxl-list, list, cedt --import with errors write nothing', async () => {
    for (const argv of [
      ['import-qemu', 'bad', '-o', 'out'],
      ['import-cxl-list', 'bad', '-o', 'out'],
      ['list', 'bad', '-o', 'out'],
      ['cedt', '--import', 'bad', '-o', 'out'],
    ]) {
      const r = await runCli(argv, { bad: '{"format":"x"' });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.written.size).toBe(0);
    }
  });
});

describe('importers check their output with the lab-file parser before writing it', () => {
  it('cedt --import of a table with two overlapping windows: exit 1, nothing written', async () => {
    // ONE_HB_ONE_WINDOW_BYTES with its 40-byte CFMWS (at 0x44) repeated: the same window twice.
    const one = ONE_HB_ONE_WINDOW_BYTES;
    const table = new Uint8Array(one.length + 40);
    table.set(one);
    table.set(one.slice(0x44, 0x6c), one.length);
    table[4] = table.length; // Table Length 148 (fits the low byte)
    // ACPI 6.5 §5.2.6: all bytes of the table, checksum included, sum to 0 mod 256.
    table[9] = 0;
    table[9] = (256 - (table.reduce((a, x) => a + x, 0) % 256)) % 256;
    const r = await runCli(['cedt', '--import', 't.dat', '-o', 'out.json'], { 't.dat': table });
    expect(r.code).toBe(1);
    expect(r.written.size).toBe(0);
    // The importer itself reads its result back with the one acceptance rule (src/cxl/accept.ts
    // checkImported), so the refusal comes from the import, naming the rule and the window.
    expect(r.stderr).toContain('cxl-lab cedt: cannot import (t.dat)\n');
    expect(r.stderr).toContain(
      'cxl-lab cedt: window.overlap: the lab imported from the CEDT would not load: cfmw1.base: overlaps window cfmw0',
    );
  });
});

describe('a fill or route outside every window says so', () => {
  it('fill-verify at HPA 0: exit 1 and the reason on standard error', async () => {
    const r = await runCli(['fill-verify', 'lab.json', '0x0', '4K'], { 'lab.json': LAB });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'cxl-lab fill-verify: 4096 bytes at 0x0 reach no device: route.no-window: HPA 0x0 is in no CXL fixed memory window (lab.json: 0x0+4096)\n',
    );
    const out = JSON.parse(r.stdout) as { ok: boolean; fill: { unmappedBytes: number } };
    expect(out).toMatchObject({ ok: false, fill: { unmappedBytes: 4096 } });
  });

  it('route of 0x0, alone and with --length: route.no-window, one piece for the whole access', async () => {
    const one = await runCli(['route', 'lab.json', '0x0', '--no-hops'], { 'lab.json': LAB });
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: false, error: { code: 'route.no-window' } });
    const long = await runCli(['route', 'lab.json', '0x0', '--length', '64K'], { 'lab.json': LAB });
    const a = JSON.parse(long.stdout) as {
      ok: boolean;
      pieces: { length: number; error: { code: string } }[];
    };
    expect(a.ok).toBe(false);
    expect(a.pieces.map((p) => [p.length, p.error.code])).toEqual([[65536, 'route.no-window']]);
  });
});

describe('streamed fill-verify and route --length', () => {
  it.each(['tag', 'inc'])(
    'a range over several 32 MiB chunks, from an unaligned start, verifies whole (%s)',
    async (pattern) => {
      // 16 ways × 256 B: every device gets 1/16 of the bytes; 80 MiB + 128 spans three chunks.
      const length = 80 * 2 ** 20 + 128;
      const r = await runCli(
        ['fill-verify', 'lab.json', `0x${(BASE + 0x40).toString(16)}`, String(length), '--pattern', pattern],
        {
          'lab.json': LAB,
        },
      );
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        fill: { written: number; perDevice: Record<string, number> };
        direct: { checked: number; aliased: number; mismatches: number };
      };
      expect(out.fill.written).toBe(length);
      expect(out.direct).toMatchObject({ checked: length, aliased: 0, mismatches: 0 });
      expect(Object.keys(out.fill.perDevice)).toHaveLength(16);
    },
  );

  it('a device chunk reached from both sides of a chunk boundary is an alias', async () => {
    // misprogrammed-alias: 2 host bridges × 2 root ports, devices 4-way at 256 B where the window
    // and host bridges leave two of a device's four ways reaching it. Starting 512 B past the
    // window base puts each 32 MiB chunk boundary in the middle of a device's 1 KiB group of ways.
    const text = preset('misprogrammed-alias');
    const start = 0x4c00000000 + 512;
    const r = await runCli(['fill-verify', 'a.json', `0x${start.toString(16)}`, '64M', '--pattern', '0x5a'], {
      'a.json': text,
    });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { direct: { aliased: number } };
    expect(out.direct.aliased).toBeGreaterThan(0);
    expect(r.stderr).toContain('device chunks are reached from two HPAs (aliases)');
  });

  it('a progress line on standard error for long runs is not printed for short ones', async () => {
    const r = await runCli(['route', 'lab.json', `0x${BASE.toString(16)}`, '--length', '4K', '--no-hops'], {
      'lab.json': LAB,
    });
    expect(r.stderr).toBe('');
  });

  it('above 16 GiB both refuse as bad arguments, naming the limit and how to narrow the range', async () => {
    const files = { 'lab.json': LAB };
    const route = await runCli(['route', 'lab.json', '0x0', '--length', '17G'], files);
    expect(route.code).toBe(2);
    expect(route.stderr.split('\n')[0]).toContain(
      '"route-length", docs/limits.md); route the range in parts',
    );
    const fill = await runCli(['fill-verify', 'lab.json', '0x0', '17G'], files);
    expect(fill.code).toBe(2);
    expect(fill.stderr.split('\n')[0]).toContain('"fill-length", docs/limits.md); verify the range in parts');
    // Exactly the limit is accepted (it routes nowhere at 0x0: one piece).
    const at = await runCli(['route', 'lab.json', '0x0', '--length', '16G', '--no-hops'], files);
    expect(at.code).toBe(0);
  });
});
