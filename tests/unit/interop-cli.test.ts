/**
 * The interop commands through `main([...], fakeIo)`: `qemu` (command line, --script, --guest,
 * --json, 7.2 refusals, -o), `import-qemu` (file and stdin, --assemble, errors), `import-cxl-list`,
 * `share` / `unshare`, and usage errors (exit 2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLab, listRegions, parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import { runCli as run } from './helpers/fake-io.ts';
import { fourWayLab, GIB, twoByTwo } from './helpers/region-topologies.ts';

/** `fourWayLab` (2 HB × 2 RP, a committed 4-way pmem region) as a lab file. */
function fourWayFile(): string {
  return serializeLabFile(fourWayLab().toFile());
}

const FIXTURE = readFileSync(new URL('../fixtures/cxl-list-2hb-4way.json', import.meta.url), 'utf8');

describe('cxl-lab qemu', () => {
  it('prints the command line and the region commands', async () => {
    const r = await run(['qemu', 'lab.json'], { 'lab.json': fourWayFile() });
    expect(r.code).toBe(0);
    expect(
      r.stdout.startsWith('qemu-system-x86_64 \\\n  -machine q35,cxl=on \\\n  -m 4G,maxmem=8G,slots=8 \\\n'),
    ).toBe(true);
    expect(r.stdout).toContain('  -device pxb-cxl,bus_nr=222,bus=pcie.0,id=hb1 \\\n');
    expect(r.stdout).toContain(
      '# cxl create-region -d decoder0.0 -w 4 -g 256 -t pmem -s 4G mem0 mem2 mem1 mem3\n',
    );
    expect(r.stderr).toContain('warning qemu.chbcr-base');
  });

  it('writes the host script, the guest script or JSON', async () => {
    const files = { 'lab.json': fourWayFile() };
    const script = await run(['qemu', 'lab.json', '--script', '-o', 'run.sh'], files);
    expect(script.code).toBe(0);
    expect(String(script.written.get('run.sh'))).toMatch(/^#!\/bin\/sh\n[\s\S]*exec qemu-system-x86_64 \\\n/);
    const guest = await run(['qemu', 'lab.json', '--guest'], files);
    expect(guest.stdout).toContain(
      '\ncxl create-region -d decoder0.0 -w 4 -g 256 -t pmem -s 4G mem0 mem2 mem1 mem3\n',
    );
    const json = await run(['qemu', 'lab.json', '--json'], files);
    const parsed = JSON.parse(json.stdout) as { argv: string[]; regions: { command: string }[] };
    expect(parsed.argv[0]).toBe('qemu-system-x86_64');
    expect(parsed.regions).toHaveLength(1);
  });

  it('refuses what QEMU 7.2 cannot express, with exit 1', async () => {
    const r = await run(['qemu', 'lab.json', '--qemu-version', '7.2'], {
      'lab.json': serializeLabFile(twoByTwo(256, GIB)),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('QEMU cannot express this lab (7.2 syntax):');
    expect(r.stderr).toContain('qemu.volatile-72: mem0: 1G volatile capacity');
  });

  it('takes --memory and --mem-path', async () => {
    const r = await run(['qemu', 'lab.json', '--memory', '8G', '--mem-path', '/var/tmp/x'], {
      'lab.json': fourWayFile(),
    });
    // 8 GiB of RAM still reaches the lab's first window base, through a hotplug area.
    expect(r.stdout).toContain('  -m 8G,maxmem=9G,slots=7 \\\n');
    expect(r.stdout).toContain('mem-path=/var/tmp/x/mem0-pmem.raw');
    expect(r.stderr).not.toContain('warning qemu.window-base');
    const forced = await run(['qemu', 'lab.json', '--memory', '2G,maxmem=2G'], { 'lab.json': fourWayFile() });
    expect(forced.stdout).toContain('  -m 2G,maxmem=2G \\\n');
    expect(forced.stderr).toContain('warning qemu.window-base');
  });

  it('rejects bad arguments with exit 2', async () => {
    expect((await run(['qemu'])).code).toBe(2);
    expect((await run(['qemu', 'a', '--qemu-version', '9'])).code).toBe(2);
    expect((await run(['qemu', 'a', '--script', '--json'])).code).toBe(2);
    expect((await run(['qemu', 'a', '--memory', '4G,foo=1'])).code).toBe(2);
  });
});

describe('cxl-lab import-qemu', () => {
  it('turns an exported command line back into the topology (file and stdin)', async () => {
    const exported = await run(['qemu', 'lab.json'], { 'lab.json': fourWayFile() });
    const fromFile = await run(['import-qemu', 'args.txt', '-o', 'out.json'], {
      'args.txt': exported.stdout,
    });
    expect(fromFile.code).toBe(0);
    const parsed = parseLabFile(String(fromFile.written.get('out.json')));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.spec.components.map((c) => c.id)).toEqual([
        'hb0',
        'rp0',
        'mem0',
        'rp1',
        'mem1',
        'hb1',
        'rp2',
        'mem2',
        'rp3',
        'mem3',
      ]);
    }
    const fromStdin = await run(['import-qemu', '-'], {}, exported.stdout);
    expect(fromStdin.stdout).toBe(String(fromFile.written.get('out.json')));
  });

  it('assembles regions on request', async () => {
    const exported = await run(['qemu', 'lab.json'], { 'lab.json': fourWayFile() });
    const r = await run(['import-qemu', 'args.txt', '--assemble'], { 'args.txt': exported.stdout });
    expect(r.stderr).toContain('assembled region0');
    const parsed = parseLabFile(r.stdout);
    if (!parsed.ok) throw new Error(parsed.error[0]?.message);
    const created = createLab(parsed.value);
    if (!created.ok) throw new Error(created.error.message);
    expect(listRegions(created.value.lab).map((x) => [x.ways, x.size, x.problems])).toEqual([
      [4, 4 * GIB, []],
    ]);
  });

  it('lists skipped arguments and reports errors with exit 1', async () => {
    const ok = await run(['import-qemu', 'a'], {
      a: 'qemu-system-x86_64 -M q35,cxl=on -device virtio-net-pci -device pxb-cxl,id=h,bus_nr=3,bus=pcie.0',
    });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(
      'skipped argument 3 (line 1) -device virtio-net-pci: "virtio-net-pci" is not a CXL topology device',
    );
    const bad = await run(['import-qemu', 'a'], { a: 'qemu-system-x86_64 -device cxl-rp,id=r,bus=nowhere' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('qemu.unknown-bus: argument 1 (-device cxl-rp,id=r,bus=nowhere)');
    expect((await run(['import-qemu', 'missing'])).code).toBe(1);
    expect((await run(['import-qemu', 'a', '--qemu-version', '8'], { a: '' })).code).toBe(2);
  });
});

describe('cxl-lab import-cxl-list', () => {
  it("writes a programmed lab from a machine's listing, findings on stderr", async () => {
    const r = await run(['import-cxl-list', 'list.json', '--name', 'box'], { 'list.json': FIXTURE });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'note cxl-list.arithmetic: decoder0.0: cxl list does not show the interleave arithmetic',
    );
    const parsed = parseLabFile(r.stdout);
    if (!parsed.ok) throw new Error(parsed.error[0]?.message);
    expect(parsed.value.spec.name).toBe('box');
    const created = createLab(parsed.value);
    if (!created.ok) throw new Error(created.error.message);
    expect(listRegions(created.value.lab)[0]?.name).toBe('region0');
  });

  it('refuses text that is no listing', async () => {
    const r = await run(['import-cxl-list', 'x'], { x: '{"hello":1}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cxl-list.empty');
  });
});

describe('cxl-lab share / unshare', () => {
  it('round-trips a lab file through a link', async () => {
    const file = fourWayFile();
    const shared = await run(['share', 'lab.json', '--url', 'https://lab.example/'], { 'lab.json': file });
    expect(shared.code).toBe(0);
    expect(shared.stdout).toMatch(/^https:\/\/lab\.example\/#lab=[A-Za-z0-9_-]+\n$/);
    const back = await run(['unshare', shared.stdout.trim(), '-o', 'back.json']);
    expect(back.code).toBe(0);
    const original = parseLabFile(file);
    if (!original.ok) throw new Error('fixture');
    expect(back.written.get('back.json')).toBe(serializeLabFile(original.value));
    const viaStdin = await run(['unshare', '-'], {}, shared.stdout);
    expect(viaStdin.stdout).toBe(back.written.get('back.json'));
  });

  it('says what is wrong with a bad link', async () => {
    const r = await run(['unshare', '#lab=!!!']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('share.base64: the link data has a character outside base64url at position 0');
    expect(
      (await run(['share', 'lab.json', '--memory-limit', '4K'], { 'lab.json': fourWayFile() })).code,
    ).toBe(2);
  });
});
