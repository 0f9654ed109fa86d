/**
 * `--host ID` (issue 18) on route, region, list and check over the multi-host presets, and how commands
 * without it treat a `cxl-lab/2` file. Expected routes are worked by hand in the comments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/fake-io.ts';

const POOL = readFileSync(
  new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url),
  'utf8',
);
const REBIND = readFileSync(
  new URL('../../src/presets/multi-host/rebind-demo.cxl-lab.json', import.meta.url),
  'utf8',
);
const SINGLE = readFileSync(new URL('../../src/presets/single.topology.json', import.meta.url), 'utf8');

describe('--host', () => {
  it('route: the same HPA reaches each host’s own LD; without --host the hosts are listed', async () => {
    // 2-way at 256 B across (mld0's LD, mld1's LD): HPA offset 0x100 is granule 1 → position 1, DPA 0.
    const a = await runCli(['route', 'pool.json', '0x4c00000100', '--no-hops', '--host', 'hostA'], {
      'pool.json': POOL,
    });
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ ok: true, device: 'mld1.ld0', dpa: '0x0' });
    const b = await runCli(['route', 'pool.json', '0x4c00000100', '--no-hops', '--host=hostB'], {
      'pool.json': POOL,
    });
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: true, device: 'mld1.ld1', dpa: '0x0' });
    const none = await runCli(['route', 'pool.json', '0x4c00000100'], { 'pool.json': POOL });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'cxl-lab route: 2 hosts in this lab: say which with --host ID (hostA, hostB) (pool.json)\n',
    );
    const wrong = await runCli(['route', 'pool.json', '0x4c00000100', '--host', 'hostC'], {
      'pool.json': POOL,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('no host "hostC" in this lab');
  });

  it('region: a region made in hostB is written back into the cxl-lab/2 file', async () => {
    // rebind-demo: hostB has no device until LD 1 is rebound. Move it in the file, as the walkthrough
    // says, and clear the LD's decoders (hostA's programming), as the new host finds them after hot-add.
    const json = JSON.parse(REBIND);
    json.fabric.switches[0].vcss[0].vppbs[1].binding = 'unbound';
    json.fabric.switches[0].vcss[1].vppbs[0].binding = { port: 1, ld: 1 };
    json.fabric.devices[0].lds[1].decoders = [];
    const text = JSON.stringify(json);
    const r = await runCli(
      [
        'region',
        'in.json',
        '--host',
        'hostB',
        '--window',
        'cfmw0',
        '--members',
        'mld0.ld1',
        '-o',
        'out.json',
      ],
      { 'in.json': text },
    );
    expect(r.stderr).toContain('committed region0');
    expect(r.code).toBe(0);
    const out = r.written.get('out.json');
    expect(typeof out === 'string' && JSON.parse(out).format).toBe('cxl-lab/2');
    const routed = await runCli(['route', 'out.json', '0x4c00000040', '--no-hops', '--host', 'hostB'], {
      'out.json': String(out),
    });
    expect(JSON.parse(routed.stdout)).toMatchObject({ ok: true, device: 'mld0.ld1', dpa: '0x40' });
  });

  it('list and check read one host', async () => {
    const l = await runCli(['list', 'pool.json', '--host', 'hostB'], { 'pool.json': POOL });
    expect(l.code).toBe(0);
    // hostB's view: its two LDs, as Linux names them (mem0, mem1), serials of mld0 (0x100) and mld1 (0x101).
    expect([...new Set(l.stdout.match(/"memdev":"mem\d+"/g))]).toEqual([
      '"memdev":"mem0"',
      '"memdev":"mem1"',
    ]);
    expect([...new Set(l.stdout.match(/"serial":\d+/g))]).toEqual(['"serial":256', '"serial":257']);
    const c = await runCli(['check', 'pool.json', '--host', 'hostA'], { 'pool.json': POOL });
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).errors).toBe(0);
  });

  it('a single-host file takes no --host; commands without --host refuse several hosts', async () => {
    const s = await runCli(['route', 'single.json', '0x4c00000000', '--host', 'hostA'], {
      'single.json': SINGLE,
    });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--host is for multi-host labs (cxl-lab/2); this is a single-host lab');
    const q = await runCli(['probe', 'pool.json', 'mld0.ld0'], { 'pool.json': POOL });
    expect(q.code).toBe(2);
    expect(q.stderr).toContain(
      'cxl-lab probe reads single-host labs; route, region, list, check and qemu take --host ID',
    );
  });
});
