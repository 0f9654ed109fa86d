/**
 * `cxl-lab route`, `check` and `fill-verify` through `main([...], fakeIo)`, plus one real spawn of
 * `node bin/cxl-lab.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { serializeLabFile, type TopologySpec } from '../../src/cxl/index.ts';
import { type FakeRun, runCli } from './helpers/fake-io.ts';

const GIB = 2 ** 30;
const SIXTEEN = sixteenWay(256, 4 * GIB);
const BASE = SIXTEEN.windows[0]?.base ?? 0;

/** The 16-way topology with sw1's decoder granularity broken (1024 → 256): aliases and holes. */
function broken(): TopologySpec {
  const spec = structuredClone(SIXTEEN);
  for (const c of spec.components) {
    if (c.id === 'sw1' && c.kind === 'switch' && c.decoders[0] !== undefined) c.decoders[0].granularity = 256;
  }
  return spec;
}

/**
 * hb0 with two root ports; decoder 0 is 2-way with a repeated target and Lock On Commit (the spec's
 * distinct-targets check fails), decoder 1 is 3-way (a host bridge decodes 1/2/4/8 ways only: the
 * encoding check fails whatever Lock On Commit says).
 */
function uncommitted(): TopologySpec {
  const base = 0x10_0000_0000;
  return {
    name: 'commit failures',
    windows: [
      {
        id: 'cfmw0',
        base,
        size: 4 * GIB,
        ways: 1,
        granularity: 256,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb0'],
        restrictions: ['type3', 'volatile'],
        qtg: 0,
      },
    ],
    components: [
      {
        id: 'hb0',
        kind: 'host-bridge',
        uid: 0,
        decoderCount: 4,
        componentRegBase: 0x1_0000_0000,
        decoders: [
          { base, size: GIB, ways: 2, granularity: 512, targets: [0, 0], commit: true, lock: true },
          {
            base: base + GIB,
            size: 3 * GIB,
            ways: 3,
            granularity: 512,
            targets: [0, 1, 2],
            commit: true,
            lock: false,
          },
        ],
      },
      { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
      { id: 'rp1', kind: 'root-port', parent: 'hb0', port: 1 },
    ],
  };
}

/** A passthrough host bridge (decoderCount 0) with two root ports: loads, but Linux cannot probe it. */
function passthroughTwoPorts(): TopologySpec {
  const spec = uncommitted();
  const hb = spec.components[0];
  if (hb?.kind === 'host-bridge') {
    hb.decoderCount = 0;
    hb.decoders = [];
  }
  return spec;
}

const FILES = {
  'lab.json': serializeLabFile(SIXTEEN),
  'broken.json': serializeLabFile(broken()),
  'bad.json': '{"format":"cxl-lab/1","windows":[{"id":"w"}]}',
  'uncommitted.json': serializeLabFile(uncommitted()),
  'passthrough.json': serializeLabFile(passthroughTwoPorts()),
};

function run(argv: string[], stdin = ''): Promise<FakeRun> {
  return runCli(argv, FILES, stdin);
}

const lines = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('cxl-lab route', () => {
  it('prints one JSON line per HPA with every hop', async () => {
    const r = await run(['route', 'lab.json', `0x${(BASE + 0x12345).toString(16)}`, String(BASE)]);
    expect(r.code).toBe(0);
    const [a = {}, b] = lines(r.stdout);
    // 0x12345: window bits [9:8] = 3 → hb3 (UID 13); switch bits [11:10] = 0 → dsp3.0 → mem12;
    // device 16-way @256: DPAoff = (0x12345 >> 12) << 8 | 0x45 = 0x1245.
    expect(a).toMatchObject({ ok: true, device: 'mem12', dpa: '0x1245', decoder: 0, window: 'cfmw0' });
    expect((a.hops as { component: string }[]).map((h) => h.component)).toEqual([
      'cfmw0',
      'hb3',
      'sw3',
      'mem12',
    ]);
    expect((a.hops as { arithmetic: string }[])[0]?.arithmetic).toBe('HPA bits [9:8] = 3');
    expect(b).toMatchObject({ ok: true, device: 'mem0', dpa: '0x0' });
  });

  it('reports failures on the line and still exits 0', async () => {
    const r = await run(['route', 'lab.json', '0x1000', `${BASE + 64 * GIB}`]);
    expect(r.code).toBe(0);
    const [a, b] = lines(r.stdout);
    expect(a).toMatchObject({ ok: false, error: { code: 'route.no-window' }, hops: [] });
    expect(b).toMatchObject({ ok: false, error: { code: 'route.no-window' } });
  });

  it('--length splits the access into routed pieces', async () => {
    const r = await run(['route', 'lab.json', `0x${(BASE + 0x80).toString(16)}`, '--length', '512']);
    const [a = {}] = lines(r.stdout);
    const pieces = a.pieces as { hpa: string; length: number; device: string; dpa: string }[];
    expect(pieces.map((p) => [p.length, p.device, p.dpa])).toEqual([
      [128, 'mem0', '0x80'],
      [256, 'mem4', '0x0'],
      [128, 'mem8', '0x0'],
    ]);
  });

  it('reads HPAs from standard input; bad lines are reported in place', async () => {
    const input = [`# comment`, `0x${BASE.toString(16)}`, '', 'nonsense', `${BASE + 256}`].join('\n');
    const r = await run(['route', 'lab.json', '-'], input);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((l) => l.ok)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({ hpa: 'nonsense', error: { code: 'units.invalid' } });
    const fast = lines((await run(['route', 'lab.json', '-', '--no-hops'], input)).stdout);
    expect(fast.map((l) => [l.device, l.dpa, 'hops' in l])).toEqual([
      ['mem0', '0x0', false],
      [undefined, undefined, false],
      ['mem4', '0x0', false],
    ]);
  });

  it('exits 2 on unusable arguments and 1 on an invalid file', async () => {
    expect((await run(['route', 'lab.json'])).code).toBe(2);
    expect((await run(['route', 'lab.json', 'zzz'])).code).toBe(2);
    expect((await run(['route', 'lab.json', '0x0', '--length', '0'])).code).toBe(2);
    expect((await run(['route', 'lab.json', '0x0', '--bogus'])).code).toBe(2);
    const bad = await run(['route', 'bad.json', '0x0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.json');
    expect((await run(['route', 'missing.json', '0x0'])).code).toBe(1);
  });
});

describe('cxl-lab check', () => {
  it('prints findings as JSON; exit 0 when consistent', async () => {
    const r = await run(['check', 'lab.json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { errors: number; regions: { members: unknown[] }[] };
    expect(out.errors).toBe(0);
    expect(out.regions[0]?.members).toHaveLength(16);
  });

  it('exit 1 with errors naming spec and Linux rules', async () => {
    const r = await run(['check', 'broken.json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { code: string; rule: string; component?: string }[] };
    const byCode = new Map(out.findings.map((f) => [f.code, f]));
    expect(byCode.get('region.port-interleave')).toMatchObject({ rule: 'linux', component: 'sw1' });
    expect(byCode.get('region.alias')).toMatchObject({ rule: 'spec' });
  });
});

describe('cxl-lab check: whose rule each finding is', () => {
  it('a decoder that did not commit lists each failed commit check, spec vs encoding, with its section', async () => {
    const r = await run(['check', 'uncommitted.json']);
    expect(r.code).toBe(1);
    type Out = {
      findings: {
        severity: string;
        code: string;
        rule: string;
        ref: string;
        component?: string;
        checks?: { id: string; rule: string; when: string; ref: string }[];
      }[];
    };
    const failed = (JSON.parse(r.stdout) as Out).findings.filter((f) => f.code === 'decoder.commit-failed');
    expect(failed).toHaveLength(2);
    // Decoder 0: targets [0, 0] with Lock On Commit → the spec's check 4 (§8.2.4.20.12).
    expect(failed[0]).toMatchObject({
      severity: 'error',
      rule: 'spec',
      component: 'hb0',
      ref: 'CXL r3.1 §8.2.4.20.12',
    });
    expect(failed[0]?.checks).toEqual([
      expect.objectContaining({
        id: 'spec.targets-distinct',
        rule: 'spec',
        when: 'lock-on-commit',
        ref: 'CXL r3.1 §8.2.4.20.12',
      }),
    ]);
    // Decoder 1: 3 ways at a host bridge, no Lock On Commit → the always-on encoding check
    // (capability: 3/6/12-way only with bit 11, which host bridges hardwire 0; §8.2.4.20.1).
    expect(failed[1]?.checks).toEqual([
      expect.objectContaining({
        id: 'encoding.iw-unsupported',
        rule: 'spec',
        when: 'always',
        ref: 'CXL r3.1 §8.2.4.20.1, §8.2.4.20.7',
      }),
    ]);
  });

  it('a passthrough host bridge with two root ports is a located Linux warning (exit 0)', async () => {
    const r = await run(['check', 'passthrough.json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      errors: number;
      warnings: number;
      findings: Record<string, unknown>[];
    };
    expect(out.errors).toBe(0);
    const f = out.findings.find((x) => x.code === 'hb.passthrough-multiple-ports');
    expect(f).toMatchObject({ severity: 'warning', rule: 'linux', component: 'hb0' });
    expect(String(f?.message)).toContain('HDM decoder capability not found');
    expect(String(f?.ref)).toContain('linux');
  });

  it('--help explains spec vs Linux rules and lists every commit check with its section', async () => {
    const r = await run(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"spec"');
    expect(r.stdout).toContain('"linux"');
    for (const id of [
      'encoding.ig-reserved',
      'encoding.iw-reserved',
      'encoding.iw-unsupported',
      'encoding.iw-exceeds-targets',
      'spec.base-order',
      'spec.no-wrap',
      'spec.size-multiple-of-3',
      'spec.targets-distinct',
      'spec.previous-committed',
    ]) {
      expect(r.stdout).toContain(id);
    }
    expect(r.stdout).toContain('§8.2.4.20.12');
  });
});

describe('cxl-lab fill-verify', () => {
  it('fills, verifies through routing and directly on the devices', async () => {
    for (const pattern of ['tag', 'inc', '0x5a']) {
      const r = await run([
        'fill-verify',
        'lab.json',
        `0x${(BASE + 0x40).toString(16)}`,
        '1M',
        '--pattern',
        pattern,
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        ok: boolean;
        fill: { written: number; perDevice: Record<string, number> };
        verify: { mismatches: number };
        direct: { checked: number; mismatches: number; agreesWithFill: boolean };
      };
      expect(out.ok).toBe(true);
      expect(out.fill.written).toBe(2 ** 20);
      expect(Object.keys(out.fill.perDevice)).toHaveLength(16);
      expect(out.direct).toMatchObject({ checked: 2 ** 20, mismatches: 0, agreesWithFill: true });
    }
  });

  it('fails (exit 1) where the layout aliases', async () => {
    const r = await run(['fill-verify', 'broken.json', String(BASE), '64K']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      verify: { mismatches: number };
      direct: { agreesWithFill: boolean };
    };
    expect(out.ok).toBe(false);
    // Aliased chunks overwrite each other: read-back through routing finds mismatches.
    expect(out.verify.mismatches).toBeGreaterThan(0);
  });

  it('exit 2 on bad arguments', async () => {
    expect((await run(['fill-verify', 'lab.json', '0x0'])).code).toBe(2);
    expect((await run(['fill-verify', 'lab.json', '0x0', '1M', '--pattern', '0x100'])).code).toBe(2);
  });
});

describe('bin/cxl-lab.mjs', () => {
  it('routes through a real process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cxl-lab-route-'));
    const file = join(dir, 'lab.json');
    writeFileSync(file, serializeLabFile(SIXTEEN));
    const p = spawnSync(process.execPath, ['bin/cxl-lab.mjs', 'route', file, '-'], {
      input: `0x${(BASE + 0x12345).toString(16)}\n0x0\n`,
      encoding: 'utf8',
    });
    expect(p.status).toBe(0);
    const out = lines(p.stdout);
    expect(out[0]).toMatchObject({ ok: true, device: 'mem12', dpa: '0x1245' });
    expect(out[1]).toMatchObject({ ok: false });
  });
});
