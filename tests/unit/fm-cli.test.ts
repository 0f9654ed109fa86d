/**
 * `cxl-lab fm` in process, on the two-host fabric of helpers/fm-fabric.ts written as a cxl-lab/2
 * file: decoded output worked by hand from the CXL r3.2 §7.6.7 tables, background steps, tunnelling
 * with --port, --apply saving the new fabric that a later command reads, and bad input answered with
 * a clear error and exit 1/2/3, never an exception.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import { serializeLabFile } from '../../src/cxl/index.ts';
import { runCli } from './helpers/fake-io.ts';
import { GIB, twoHostFabric } from './helpers/fm-fabric.ts';

const files = { 'lab.json': serializeMultiHostFile(twoHostFabric()) };

describe('cxl-lab fm', () => {
  it('identify-switch: return code, hex and fields', async () => {
    const r = await runCli(['fm', 'lab.json', 'identify-switch'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sw0: Identify Switch Device (0x5100) → Success (0x00)');
    // Bytes 0–4: ingress 0, reserved, 6 ports, 3 VCSs, active ports 0–5 = 0b0011_1111 = 3f.
    expect(r.stdout).toContain('  0000: 00 00 06 03 3f 00');
    // Byte 24h: VCS 0 and 1 active = 03; 44h: 6 vPPBs; 48h: 4 HDM decoders.
    expect(r.stdout).toContain('  0020: 00 00 00 00 03 00');
    expect(r.stdout).toContain('  0040: 00 00 00 00 06 00 00 00 04');
    expect(r.stdout).toContain('Active VCS Bitmask = bits  (VCSs 0, 1)');
  });

  it('accepts an opcode and --json', async () => {
    const r = await runCli(['fm', 'lab.json', '0x5101', '--in-json', '{"ports":[2]}', '--json'], files);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('Get Physical Port State');
    expect(j.input).toBe('0102');
    // Count 1, 3 reserved; block: port 2, state 3 (DSP), mode 2, reserved, type 5 (MLD), modes 02.
    expect(j.output.slice(0, 20)).toBe('01000000020302000502');
  });

  it('bind-vppb prints the background steps; --apply writes a lab whose VCS info shows the binding', async () => {
    const json = '{"vcs":1,"vppb":0,"port":2,"ld":3}';
    const r = await runCli(
      ['fm', 'lab.json', 'bind-vppb', '--in-json', json, '--apply', '-o', 'out.json'],
      files,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bind vPPB (0x5201) → Background Command Started (0x01)');
    expect(r.stdout).toContain('background: 50 %');
    expect(r.stdout).toContain('background: 100 % → Success (0x00): sw0 VCS 1 vPPB 0 bound to port 2 LD 3');
    const saved = r.written.get('out.json') as string;
    const parsed = parseAnyLabFile(saved);
    expect(parsed.ok && parsed.value.hosts).toBe('multi');
    const info = await runCli(['fm', 'o.json', 'get-virtual-switch-info', '--in-json', '{"vcs":[1]}'], {
      'o.json': saved,
    });
    // Entry of vPPB 0: status 03h (bound LD), port 2, LD 3.
    expect(info.stdout).toContain('VCS[1] vPPB[0] Binding = 0x030203  (Bound LD → port 2 LD 3)');
  });

  it('--port tunnels an MLD Component command and prints the MLD reply', async () => {
    const r = await runCli(
      ['fm', 'lab.json', 'get-ld-allocations', '--port', '2', '--in-json', '{"start":0,"limit":2}'],
      files,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tunnel Management Command (0x5300) → Success (0x00)');
    expect(r.stdout).toContain('tunnelled to port 2: Get LD Allocations (0x5401) → Success (0x00)');
    // 1 GiB / 256 MiB = 4 multipliers per LD.
    expect(r.stdout).toContain('LD[0] Range 1 Allocation Multiplier = 0x4  (1 GiB)');
  });

  it('refusals exit 3 and --apply writes nothing', async () => {
    const r = await runCli(
      ['fm', 'lab.json', 'bind-vppb', '--in', '02 00 05 00 ff ff', '--apply', '-o', 'x.json'],
      files,
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Invalid Input (0x02)');
    expect(r.stdout).toContain('VCS 2 is disabled');
    expect(r.written.has('x.json')).toBe(false);
    const direct = await runCli(['fm', 'lab.json', 'get-ld-info'], files);
    expect(direct.code).toBe(3);
    expect(direct.stdout).toContain('Unsupported (0x03)');
  });

  it('set-ld-allocations --apply changes the LD a host then sees', async () => {
    const r = await runCli(
      [
        'fm',
        'lab.json',
        'set-ld-allocations',
        '--port',
        '2',
        '--in-json',
        '{"start":0,"allocations":[[2,0]]}',
        '--apply',
        '-o',
        'a.json',
      ],
      files,
    );
    expect(r.code).toBe(0);
    const parsed = parseAnyLabFile(r.written.get('a.json') as string);
    if (!parsed.ok || parsed.value.hosts !== 'multi') throw new Error('not a multi-host lab');
    // 2 × 256 MiB = 512 MiB = GIB / 2.
    expect(parsed.value.file.spec.fabric.devices[0]?.lds[0]?.range1).toBe(GIB / 2);
  });

  it('bad input: unknown command, --port on a switch command, bad JSON, a single-host lab', async () => {
    const unknown = await runCli(['fm', 'lab.json', 'frobnicate'], files);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringContaining('unknown FM API command "frobnicate"'),
    ]);
    const port = await runCli(['fm', 'lab.json', 'bind-vppb', '--port', '2'], files);
    expect(port.code).toBe(2);
    const bad = await runCli(
      ['fm', 'lab.json', 'bind-vppb', '--in-json', '{"vcs":0,"vppb":300,"port":2}'],
      files,
    );
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('"vppb" 300 exceeds 255')]);
    const single = serializeLabFile({ spec: { name: 'x', windows: [], components: [] } } as never);
    const one = await runCli(['fm', 's.json', 'identify-switch'], { 's.json': single });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('no fabric');
  });

  it('is listed in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toMatch(/\bfm\b.*Fabric Manager API/);
  });

  it('the rebinding demo preset: unbind LD 1 from host A, bind it to host B; list --host follows', async () => {
    const demo = readFileSync(
      new URL('../../src/presets/multi-host/rebind-demo.cxl-lab.json', import.meta.url),
      'utf8',
    );
    const memdevs = async (file: string, host: string) =>
      (await runCli(['list', 'f.json', '--host', host], { 'f.json': file })).stdout.split('"memdev"').length -
      1;
    expect(await memdevs(demo, 'hostB')).toBe(0);
    const a = await runCli(
      ['fm', 'd.json', 'unbind-vppb', '--in-json', '{"vcs":0,"vppb":1}', '--apply', '-o', 'a.json'],
      { 'd.json': demo },
    );
    expect(a.code).toBe(0);
    const b = await runCli(
      [
        'fm',
        'a.json',
        'bind-vppb',
        '--in-json',
        '{"vcs":1,"vppb":0,"port":1,"ld":1}',
        '--apply',
        '-o',
        'b.json',
      ],
      { 'a.json': a.written.get('a.json') as string },
    );
    expect(b.code).toBe(0);
    const after = b.written.get('b.json') as string;
    expect(await memdevs(after, 'hostB')).toBeGreaterThan(0);
    expect(await memdevs(after, 'hostA')).toBeLessThan(await memdevs(demo, 'hostA'));
  });
});
