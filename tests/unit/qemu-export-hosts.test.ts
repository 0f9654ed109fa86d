/**
 * QEMU export of a multi-host lab (issue 18): one command line per host written in QEMU's documented
 * syntax (docs/system/devices/cxl.rst: pxb-cxl, cxl-rp, cxl-upstream, cxl-downstream, cxl-type3,
 * cxl-fmw; qemu-options.hx / qapi/qom.json: memory-backend-file with share and offset), worked by
 * hand from the presets, and the list of what QEMU cannot express; the CLI's `--host`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFabricLab, type FabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { exportQemuFabric, type QemuFabricExport, splitShellCommands } from '../../src/cxl/index.ts';
import { runCli as run } from './helpers/fake-io.ts';

function presetText(id: string): string {
  return readFileSync(new URL(`../../src/presets/multi-host/${id}.cxl-lab.json`, import.meta.url), 'utf8');
}

function fabric(id: string): FabricLab {
  const p = parseAnyLabFile(presetText(id));
  if (!p.ok || p.value.hosts !== 'multi') throw new Error('not a multi-host preset');
  const made = createFabricLab(p.value.file);
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

function exported(id: string, hosts?: string[]): QemuFabricExport {
  const r = exportQemuFabric(fabric(id), {
    busNumbers: 'renumber',
    ...(hosts === undefined ? {} : { hosts }),
  });
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

/**
 * Memory: each host's window is at 0x4c_0000_0000 = 304 GiB. With `-m 4G,maxmem=M,slots=8` q35 keeps
 * 2 GiB below 4 GiB and 2 GiB above (ending at 6 GiB); the hotplug area is maxmem − 4 GiB + 8 × 1 GiB;
 * the CXL range starts after it and the first window at that + 256 MiB (QEMU hw/i386/pc.c
 * pc_get_cxl_range_start/end). 6 GiB + (M − 4 GiB + 8 GiB) + 256 MiB = 304 GiB gives
 * M = 304 GiB − 256 MiB − 6 GiB − 8 GiB + 4 GiB = 300800 MiB.
 */
const MEMORY = `4G,maxmem=${304 * 1024 - 256 - 6 * 1024 - 8 * 1024 + 4 * 1024}M,slots=8`;

/** One host of pool-2h-2mld: VCS `vcs` with LD `ld` of mld0 and of mld1, each LD 1 GiB at media offset ld × 1 GiB. */
function poolHostArgv(vcs: number, ld: number): string[] {
  const sw = `sw0.vcs${vcs}`;
  const offset = ld === 0 ? '' : `,offset=${ld}G`;
  return [
    'qemu-system-x86_64',
    '-machine',
    'q35,cxl=on',
    '-m',
    MEMORY,
    // Both LDs of this host, in slots of the two MLDs' shared files.
    '-object',
    `memory-backend-file,id=mld0.ld${ld}-vmem,share=on,mem-path=/tmp/cxl-lab/mld0.raw,size=1G${offset}`,
    '-object',
    `memory-backend-file,id=mld1.ld${ld}-vmem,share=on,mem-path=/tmp/cxl-lab/mld1.raw,size=1G${offset}`,
    // UID 0 is pcie.0's bus, so bus_nr 1 (renumber); one root port with 4 decoders keeps HDM.
    '-device',
    'pxb-cxl,bus_nr=1,bus=pcie.0,id=hb0,hdm_for_passthrough=on',
    '-device',
    'cxl-rp,port=0,bus=hb0,id=rp0.0,chassis=0,slot=0',
    // The VCS as a plain switch, one downstream port per vPPB (port = vPPB ID).
    '-device',
    `cxl-upstream,bus=rp0.0,id=${sw}`,
    '-device',
    `cxl-downstream,port=0,bus=${sw},id=${sw}.vppb0,chassis=0,slot=1`,
    '-device',
    `cxl-type3,bus=${sw}.vppb0,volatile-memdev=mld0.ld${ld}-vmem,sn=0x100,id=mld0.ld${ld}`,
    '-device',
    `cxl-downstream,port=1,bus=${sw},id=${sw}.vppb1,chassis=0,slot=2`,
    '-device',
    `cxl-type3,bus=${sw}.vppb1,volatile-memdev=mld1.ld${ld}-vmem,sn=0x101,id=mld1.ld${ld}`,
    '-M',
    'cxl-fmw.0.targets.0=hb0,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=256',
  ];
}

describe('exportQemuFabric', () => {
  it('pool-2h-2mld: one command line per host, each LD on its MLD’s shared file at its media offset', () => {
    const x = exported('pool-2h-2mld');
    expect(x.hosts.map((h) => h.host)).toEqual(['hostA', 'hostB']);
    const [a, b] = x.hosts;
    if (!a?.result.ok || !b?.result.ok) throw new Error('refused');
    expect(a.result.value.argv).toEqual(poolHostArgv(0, 0));
    expect(b.result.value.argv).toEqual(poolHostArgv(1, 1));
    // Each host's Linux makes its 2-way region at 256 B across its two LDs (mem0, mem1 in probe order).
    expect(a.result.value.regions.map((r) => r.command)).toEqual([
      'cxl create-region -d decoder0.0 -w 2 -g 256 -t ram -s 2G mem0 mem1',
    ]);
    // The script makes each 2 GiB file whole before QEMU maps a slice of it.
    expect(b.result.value.script).toContain('mkdir -p /tmp/cxl-lab\n');
    expect(b.result.value.script).toContain(
      `[ -s /tmp/cxl-lab/mld0.raw ] || truncate -s ${2 * 2 ** 30} /tmp/cxl-lab/mld0.raw\n`,
    );
    const split = splitShellCommands(b.result.value.commandLine);
    expect(split.ok && split.value.map((c) => c.map((w) => w.text))).toEqual([poolHostArgv(1, 1)]);
    expect(x.backingFiles).toEqual([
      { device: 'mld0', path: '/tmp/cxl-lab/mld0.raw', bytes: 2 * 2 ** 30 },
      { device: 'mld1', path: '/tmp/cxl-lab/mld1.raw', bytes: 2 * 2 ** 30 },
    ]);
  });

  it('says what QEMU cannot express, per host and for the fabric, each with a QEMU source', () => {
    const x = exported('pool-2h-2mld');
    const b = x.hosts[1];
    expect(b?.limits.map((l) => [l.code, l.component])).toEqual([
      ['qemu.vcs-as-switch', 'sw0.vcs1'],
      ['qemu.mld-ld', 'mld0.ld1'],
      ['qemu.shared-backing', 'mld0.ld1'],
      ['qemu.mld-ld', 'mld1.ld1'],
      ['qemu.shared-backing', 'mld1.ld1'],
    ]);
    // mld0's LD 1 starts after LD 0's 1 GiB: media 0x40000000…0x7fffffff.
    expect(b?.limits[2]?.message).toContain("mld0's media 0x40000000…0x7fffffff");
    expect(b?.limits[2]?.message).toContain('offset=1G (QEMU 8.1 or later)');
    expect(x.fabric.map((l) => l.code)).toEqual(['qemu.one-host-per-instance', 'qemu.fm-api']);
    for (const l of [...x.fabric, ...x.hosts.flatMap((h) => h.limits)]) expect(l.source).toMatch(/^QEMU /);
  });

  it('rebind-demo: hostB’s unbound vPPB is an empty downstream port, listed as such', () => {
    const x = exported('rebind-demo');
    const b = x.hosts.find((h) => h.host === 'hostB');
    if (!b?.result.ok) throw new Error('refused');
    const argv = b.result.value.argv;
    expect(argv).toContain('cxl-downstream,port=0,bus=sw0.vcs1,id=sw0.vcs1.vppb0,chassis=0,slot=1');
    expect(argv.filter((a) => a.startsWith('cxl-type3'))).toEqual([]);
    expect(argv.filter((a) => a.startsWith('memory-backend'))).toEqual([]);
    expect(b.limits.map((l) => [l.code, l.component])).toEqual([
      ['qemu.vcs-as-switch', 'sw0.vcs1'],
      ['qemu.vppb-unbound', 'sw0.vcs1.vppb0'],
    ]);
    // hostA holds both LDs of mld0: LD 1 at offset 1 GiB of the same file as LD 0.
    const a = x.hosts.find((h) => h.host === 'hostA');
    if (!a?.result.ok) throw new Error('refused');
    expect(a.result.value.argv).toContain(
      'memory-backend-file,id=mld0.ld1-vmem,share=on,mem-path=/tmp/cxl-lab/mld0.raw,size=1G,offset=1G',
    );
  });

  it('mhd-4h: head N’s LD below each host’s root port, at media offset N GiB; an LD bound to no host is listed', () => {
    const x = exported('mhd-4h', ['hostC']);
    const c = x.hosts[0];
    if (!c?.result.ok) throw new Error('refused');
    expect(c.result.value.argv).toContain(
      'memory-backend-file,id=mhd0.ld2-vmem,share=on,mem-path=/tmp/cxl-lab/mhd0.raw,size=1G,offset=2G',
    );
    expect(c.result.value.argv).toContain(
      'cxl-type3,bus=rp0.0,volatile-memdev=mhd0.ld2-vmem,sn=0x100,id=mhd0.ld2',
    );
    expect(c.limits.map((l) => l.code)).toEqual(['qemu.mhd-head', 'qemu.shared-backing']);
    // No switch: no fabric manager line.
    expect(x.fabric.map((l) => l.code)).toEqual(['qemu.one-host-per-instance']);
  });

  it('refuses a host the lab does not have', () => {
    const r = exportQemuFabric(fabric('pool-2h-2mld'), { hosts: ['hostZ'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]?.message).toBe('no host "hostZ" in this lab (hosts hostA, hostB)');
  });
});

describe('cxl-lab qemu with a cxl-lab/2 file', () => {
  const files = { 'pool.json': presetText('pool-2h-2mld') };

  it('prints every host’s command line under a header, then the fabric’s limits', async () => {
    const r = await run(['qemu', 'pool.json'], files);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# ===== host hostA =====\nqemu-system-x86_64 \\\n')).toBe(true);
    expect(r.stdout).toContain('\n# ===== host hostB =====\nqemu-system-x86_64 \\\n');
    expect(r.stdout).toContain('# What QEMU cannot express for hostB:\n#   - sw0.vcs1: VCS 1 of switch sw0');
    expect(r.stdout).toContain('# What QEMU cannot express for the fabric:\n');
    expect(r.stderr).toContain('cxl-lab qemu: warning hostA: qemu.bus-renumbered');
  });

  it('--host prints one host; --script needs it; an unknown host exits 2; --json has every host', async () => {
    const one = await run(['qemu', 'pool.json', '--host', 'hostB'], files);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('# ===== host hostB =====');
    expect(one.stdout).not.toContain('hostA');
    const script = await run(['qemu', 'pool.json', '--script'], files);
    expect(script.code).toBe(2);
    expect(script.stderr).toContain(
      "--script writes one host's script: say which with --host ID (hostA, hostB)",
    );
    const hostScript = await run(['qemu', 'pool.json', '--script', '--host', 'hostA'], files);
    expect(hostScript.stdout).toMatch(
      /^#!\/bin\/sh\n[\s\S]*truncate -s 2147483648 \/tmp\/cxl-lab\/mld1.raw\n/,
    );
    const bad = await run(['qemu', 'pool.json', '--host', 'nope'], files);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no host "nope" in this lab (hosts hostA, hostB)');
    const json = await run(['qemu', 'pool.json', '--json'], files);
    const parsed = JSON.parse(json.stdout) as { hosts: { host: string; argv: string[] }[] };
    expect(parsed.hosts.map((h) => [h.host, h.argv.length])).toEqual([
      ['hostA', poolHostArgv(0, 0).length],
      ['hostB', poolHostArgv(1, 1).length],
    ]);
  });
});
