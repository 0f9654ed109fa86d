/**
 * Arguments of `cxl-lab check`, `list`, `route` and `fill-verify` through `main([...], fakeIo)`:
 * every bad argument is exit 2 with a message naming it (and the usage), `--opt=value`, `--opt value`
 * and the short alias mean the same, `-` reads standard input; and every command's `--help`.
 */
import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { serializeLabFile } from '../../src/cxl/index.ts';
import { type FakeRun, runCli } from './helpers/fake-io.ts';

const SIXTEEN = sixteenWay(256, 2 ** 32);
const BASE = SIXTEEN.windows[0]?.base ?? 0;
const HPA = `0x${(BASE + 0x80).toString(16)}`;
const LAB = serializeLabFile(SIXTEEN);
const FILES = { 'lab.json': LAB };

function run(argv: string[], stdin = ''): Promise<FakeRun> {
  return runCli(argv, FILES, stdin);
}

/** [command line, text the error must contain]. */
const BAD: [string[], string][] = [
  // check takes no options: unknown ones and the positional count.
  [['check', 'lab.json', '--bogus'], 'unknown option --bogus'],
  [['check', 'lab.json', '-o', 'x'], 'unknown option -o'],
  [['check'], 'missing lab FILE'],
  [['check', 'lab.json', 'other.json'], "unexpected argument 'other.json'"],
  // list
  [['list', 'lab.json', '--bogus'], 'unknown option --bogus'],
  [['list', 'lab.json', '--bogus=1'], 'unknown option --bogus'],
  [['list', 'lab.json', '-o', 'a', '--output=b'], '--output given twice'],
  [['list', 'lab.json', '-u', '--human'], '--human given twice'],
  [['list', 'lab.json', '-o'], '-o needs a value'],
  [['list', 'lab.json', '--output'], '--output needs a value'],
  [['list', 'lab.json', '-o', '-u'], '-o needs a value'],
  [['list', 'lab.json', '--human=yes'], '--human takes no value'],
  [['list'], 'missing lab FILE'],
  [['list', 'lab.json', 'b.json'], "unexpected argument 'b.json'"],
  // route
  [['route', 'lab.json', HPA, '--bogus'], 'unknown option --bogus'],
  [['route', 'lab.json', HPA, '--length', '1', '--length=2'], '--length given twice'],
  [['route', 'lab.json', HPA, '--no-hops', '--no-hops'], '--no-hops given twice'],
  [['route', 'lab.json', HPA, '--length'], '--length needs a value'],
  [['route', 'lab.json', HPA, '--length', '--no-hops'], '--length needs a value'],
  [['route', 'lab.json', HPA, '--length', '0'], '--length'],
  [['route', 'lab.json', HPA, '--length=lots'], '--length'],
  [['route'], 'missing FILE'],
  [['route', 'lab.json'], 'missing HPA'],
  [['route', 'lab.json', 'zzz'], 'zzz'],
  [['route', 'lab.json', '-', HPA], "'-'"],
  [['route', 'lab.json', '--', '--help'], '--help'],
  // fill-verify
  [['fill-verify', 'lab.json', HPA, '4K', '--bogus'], 'unknown option --bogus'],
  [['fill-verify', 'lab.json', HPA, '4K', '--pattern', 'tag', '--pattern=inc'], '--pattern given twice'],
  [['fill-verify', 'lab.json', HPA, '4K', '--pattern'], '--pattern needs a value'],
  [['fill-verify', 'lab.json', HPA, '4K', '--pattern', '0x100'], '--pattern'],
  [['fill-verify'], 'missing FILE'],
  [['fill-verify', 'lab.json'], 'missing START'],
  [['fill-verify', 'lab.json', HPA], 'missing LENGTH'],
  [['fill-verify', 'lab.json', HPA, '4K', 'extra'], "unexpected argument 'extra'"],
  [['fill-verify', 'lab.json', 'zzz', '4K'], 'START'],
  [['fill-verify', 'lab.json', HPA, 'lots'], 'LENGTH'],
];

describe('bad arguments: exit 2, naming the argument, then the usage', () => {
  it.each(BAD)('%j', async (argv, message) => {
    const r = await run(argv);
    const name = argv[0] ?? '';
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0] ?? '';
    expect(first.startsWith(`cxl-lab ${name}: `)).toBe(true);
    expect(first).toContain(message);
    expect(r.stderr).toContain(`Usage: cxl-lab ${name} `);
  });
});

/** fill-verify's summary without its timings. */
function withoutTimes(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) => (key === 'ms' ? undefined : value));
}

describe('--opt=value, --opt value and the alias are the same', () => {
  it('list: -o / --output / --output=, -u / --human', async () => {
    const runs = await Promise.all([
      run(['list', 'lab.json', '-u', '-o', 'out.json']),
      run(['list', '--human', 'lab.json', '--output', 'out.json']),
      run(['list', '--output=out.json', 'lab.json', '--human']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
    }
    const [first, ...rest] = runs.map((r) => r.written.get('out.json'));
    expect(first).toContain('"0x');
    for (const w of rest) expect(w).toBe(first);
    const plain = await run(['list', 'lab.json']);
    expect(plain.stdout).not.toBe(first);
  });

  it('route: --length N / --length=N, with --no-hops anywhere', async () => {
    const a = await run(['route', 'lab.json', HPA, '--length', '512']);
    const b = await run(['route', '--length=512', 'lab.json', HPA]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('"pieces"');
    expect(b.stdout).toBe(a.stdout);
    const c = await run(['route', 'lab.json', '--no-hops', HPA, '--length=512']);
    expect(c.stdout).not.toContain('"hops"');
  });

  it('fill-verify: --pattern P / --pattern=P', async () => {
    const a = await run(['fill-verify', 'lab.json', HPA, '4K', '--pattern', 'inc']);
    const b = await run(['fill-verify', '--pattern=inc', 'lab.json', HPA, '4K']);
    expect(a.code).toBe(0);
    expect(withoutTimes(a.stdout)).toMatchObject({ pattern: 'inc', ok: true });
    expect(withoutTimes(b.stdout)).toEqual(withoutTimes(a.stdout));
  });
});

describe("'-' reads the lab from standard input; -- ends the options", () => {
  it('check, list and fill-verify read FILE from standard input', async () => {
    const check = await run(['check', '-'], LAB);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ file: '-', errors: 0 });
    const list = await run(['list', '-'], LAB);
    expect(list.stdout).toBe((await run(['list', 'lab.json'])).stdout);
    const fill = await run(['fill-verify', '-', HPA, '4K'], LAB);
    expect(withoutTimes(fill.stdout)).toMatchObject({ file: '-', ok: true });
  });

  it('route: FILE from standard input with HPA arguments, or HPAs from standard input', async () => {
    const args = await run(['route', '-', HPA], LAB);
    const stdin = await run(['route', 'lab.json', '-'], `${HPA}\n`);
    expect(args.code).toBe(0);
    expect(args.stdout).toContain('"ok":true');
    expect(stdin.stdout).toBe(args.stdout);
    expect((await run(['route', '--', 'lab.json', HPA])).stdout).toBe(args.stdout);
  });
});

describe('help', () => {
  it('cxl-lab --help lists every command; no command is a usage error on standard error', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of commands) expect(help.stdout).toContain(`  ${c.name} `);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(help.stdout);
  });

  it.each(commands.map((c) => c.name))('cxl-lab %s --help', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([name, 'lab.json', flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`Usage: cxl-lab ${name} `)).toBe(true);
      expect(r.stdout).toMatch(/\nExit status: 0 [^\n]*, 2 bad arguments\.\n$/);
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
      // Every command that writes a file spells the option the same way.
      if (r.stdout.includes('--output')) expect(r.stdout).toContain('  -o, --output OUT      write to OUT');
    }
  });
});
