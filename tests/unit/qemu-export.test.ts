/**
 * `exportQemu`: the argument list for a lab (machine, memory sizing, backends, bridges, ports,
 * switches, devices, windows), the shell script and the `cxl create-region` commands; the 7.2-era
 * syntax; refusals naming the component and the reason; warnings for what QEMU will do
 * differently; and QEMU's window placement rule (QEMU hw/i386/pc.c pc_get_cxl_range_end).
 */
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  type ComponentSpec,
  createRegion,
  exportQemu,
  firstWindowBase,
  type Lab,
  type QemuExport,
  type QemuExportOptions,
  qemuPlacement,
  solveQemuMemory,
  splitShellCommands,
  type TopologySpec,
} from '../../src/cxl/index.ts';
import {
  dsp,
  fourWayLab,
  GIB,
  hb,
  lab,
  MIB,
  rp,
  sw,
  t3,
  topo,
  twoByTwo,
  WINDOW_BASE,
  win,
} from './helpers/region-topologies.ts';

function exported(source: Lab | TopologySpec, options: QemuExportOptions = {}): QemuExport {
  const r = exportQemu(source, options);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

function refusals(source: Lab | TopologySpec, options: QemuExportOptions = {}): string[] {
  const r = exportQemu(source, options);
  if (r.ok) throw new Error('expected a refusal');
  return r.error.map((e) => e.message);
}

describe('QEMU placement (hw/i386/pc.c pc_get_cxl_range_end)', () => {
  it('matches the observed QEMU 7.2 layout with -m 2G', () => {
    const p = qemuPlacement({ ramBytes: 2 * GIB, maxmemBytes: null, slots: null }, [4 * GIB, GIB], 2);
    expect(p.cxlBase).toBe(0x1_0000_0000);
    expect(p.componentRegBases).toEqual([0x1_0000_0000, 0x1_0001_0000]);
    expect(p.windowBases).toEqual([0x1_1000_0000, 0x2_1000_0000]);
  });

  it("gives QEMU's documented -m 4G,maxmem=8G,slots=8 the window at 0x4_9000_0000", () => {
    const p = qemuPlacement({ ramBytes: 4 * GIB, maxmemBytes: 8 * GIB, slots: 8 }, [4 * GIB], 1);
    expect(p.belowFourGBytes).toBe(2 * GIB);
    expect(p.deviceMemory).toEqual({ base: 6 * GIB, size: 12 * GIB });
    expect(p.windowBases).toEqual([0x4_9000_0000]);
  });

  it('keeps small RAM below 4 GiB (q35 split at 2.75 GiB)', () => {
    expect(firstWindowBase({ ramBytes: 2560 * MIB, maxmemBytes: null, slots: null })).toBe(0x1_1000_0000);
    // From 2.75 GiB on, 2 GiB stay below 4 GiB and the rest moves above.
    expect(firstWindowBase({ ramBytes: 2816 * MIB, maxmemBytes: null, slots: null })).toBe(0x1_4000_0000);
    expect(firstWindowBase({ ramBytes: 3 * GIB, maxmemBytes: null, slots: null })).toBe(0x1_5000_0000);
  });

  it('solves for memory settings that reach a wanted first window', () => {
    expect(solveQemuMemory(0x1_1000_0000)).toEqual({ ramBytes: 2 * GIB, maxmemBytes: null, slots: null });
    expect(solveQemuMemory(WINDOW_BASE)).toEqual({ ramBytes: 4 * GIB, maxmemBytes: 8 * GIB, slots: 8 });
    expect(solveQemuMemory(0x1_4000_0000)).toEqual({ ramBytes: 2816 * MIB, maxmemBytes: null, slots: null });
    // 0x1_3000_0000 needs 2.5 GiB above 4 GiB's end … which q35 keeps below 4 GiB: unreachable.
    expect(solveQemuMemory(0x1_3000_0000)).toBeNull();
    expect(solveQemuMemory(0x8000_0000)).toBeNull();
    for (const base of [0x1_1000_0000, 0x1_9000_0000, 0x3_0000_0000, WINDOW_BASE, 0x40_0000_0000]) {
      const m = solveQemuMemory(base);
      if (m !== null) expect(firstWindowBase(m)).toBe(base);
    }
  });
});

describe('exportQemu', () => {
  it('builds the full argument list for 2 host bridges × 2 root ports with a 4-way region', () => {
    const out = exported(fourWayLab('persistent', true));
    expect(out.argv).toEqual([
      'qemu-system-x86_64',
      '-machine',
      'q35,cxl=on',
      '-m',
      '4G,maxmem=8G,slots=8',
      '-object',
      'memory-backend-file,id=mem0-pmem,share=on,mem-path=/tmp/cxl-lab/mem0-pmem.raw,size=1G',
      '-object',
      'memory-backend-file,id=mem0-lsa,share=on,mem-path=/tmp/cxl-lab/mem0-lsa.raw,size=256M',
      '-object',
      'memory-backend-file,id=mem1-pmem,share=on,mem-path=/tmp/cxl-lab/mem1-pmem.raw,size=1G',
      '-object',
      'memory-backend-file,id=mem1-lsa,share=on,mem-path=/tmp/cxl-lab/mem1-lsa.raw,size=256M',
      '-object',
      'memory-backend-file,id=mem2-pmem,share=on,mem-path=/tmp/cxl-lab/mem2-pmem.raw,size=1G',
      '-object',
      'memory-backend-file,id=mem2-lsa,share=on,mem-path=/tmp/cxl-lab/mem2-lsa.raw,size=256M',
      '-object',
      'memory-backend-file,id=mem3-pmem,share=on,mem-path=/tmp/cxl-lab/mem3-pmem.raw,size=1G',
      '-object',
      'memory-backend-file,id=mem3-lsa,share=on,mem-path=/tmp/cxl-lab/mem3-lsa.raw,size=256M',
      '-device',
      'pxb-cxl,bus_nr=12,bus=pcie.0,id=hb0',
      '-device',
      'cxl-rp,port=0,bus=hb0,id=rp0,chassis=0,slot=0',
      '-device',
      'cxl-type3,bus=rp0,persistent-memdev=mem0-pmem,lsa=mem0-lsa,sn=0x10,id=mem0',
      '-device',
      'cxl-rp,port=1,bus=hb0,id=rp1,chassis=0,slot=1',
      '-device',
      'cxl-type3,bus=rp1,persistent-memdev=mem1-pmem,lsa=mem1-lsa,sn=0x11,id=mem1',
      '-device',
      'pxb-cxl,bus_nr=222,bus=pcie.0,id=hb1',
      '-device',
      'cxl-rp,port=0,bus=hb1,id=rp2,chassis=0,slot=2',
      '-device',
      'cxl-type3,bus=rp2,persistent-memdev=mem2-pmem,lsa=mem2-lsa,sn=0x12,id=mem2',
      '-device',
      'cxl-rp,port=1,bus=hb1,id=rp3,chassis=0,slot=3',
      '-device',
      'cxl-type3,bus=rp3,persistent-memdev=mem3-pmem,lsa=mem3-lsa,sn=0x13,id=mem3',
      '-M',
      'cxl-fmw.0.targets.0=hb0,cxl-fmw.0.targets.1=hb1,cxl-fmw.0.size=16G,cxl-fmw.0.interleave-granularity=256',
    ]);
    expect(out.warnings).toEqual([]);
    expect(out.regions.map((r) => r.command)).toEqual([
      'cxl create-region -d decoder0.0 -w 4 -g 256 -t pmem -s 4G mem0 mem2 mem1 mem3',
    ]);
    expect(out.regions[0]?.members.map((m) => [m.position, m.memdev, m.serial])).toEqual([
      [0, 'mem0', 0x10],
      [1, 'mem2', 0x12],
      [2, 'mem1', 0x11],
      [3, 'mem3', 0x13],
    ]);
    expect(out.memory).toEqual({ ramBytes: 4 * GIB, maxmemBytes: 8 * GIB, slots: 8 });
    expect(out.placement.windowBases).toEqual([WINDOW_BASE]);
  });

  it('writes a backslash-continued command and a script that split back into the same argv', () => {
    const out = exported(fourWayLab('persistent', true));
    const lines = out.commandLine.split('\n');
    expect(lines[0]).toBe('qemu-system-x86_64 \\');
    expect(lines.slice(1, -1).every((l) => /^ {2}-\S+ \S+ \\$/.test(l))).toBe(true);
    const split = splitShellCommands(out.commandLine);
    expect(split.ok && split.value.map((c) => c.map((w) => w.text))).toEqual([out.argv]);
    expect(out.script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(out.script).toContain('mkdir -p /tmp/cxl-lab\n');
    expect(out.script).toContain('exec qemu-system-x86_64 \\\n');
    expect(out.script).toContain('  "$@"\n');
    expect(out.script).toContain(
      '#   cxl create-region -d decoder0.0 -w 4 -g 256 -t pmem -s 4G mem0 mem2 mem1 mem3',
    );
    const script = splitShellCommands(out.script);
    expect(script.ok && script.value.find((c) => c[0]?.text === 'exec')?.map((w) => w.text)).toEqual([
      'exec',
      ...out.argv,
      '$@',
    ]);
    expect(out.guestScript).toContain('#   mem1  sn=0x11  (QEMU id mem1, lab mem1)');
    expect(out.guestScript).toContain(
      '\ncxl create-region -d decoder0.0 -w 4 -g 256 -t pmem -s 4G mem0 mem2 mem1 mem3\n',
    );
    expect(out.guestScript).toMatch(/match by serial number/);
  });

  it('uses volatile-memdev with memory-backend-ram for volatile capacity, no LSA', () => {
    const spec = twoByTwo(256, GIB);
    const v = exported(spec);
    expect(v.argv).toContain('memory-backend-ram,id=mem0-vmem,size=1G');
    expect(v.argv).toContain('cxl-type3,bus=rp0,volatile-memdev=mem0-vmem,sn=0x0,id=mem0');
    expect(v.argv.some((a) => a.includes('lsa'))).toBe(false);
    expect(v.script).not.toContain('mkdir');
    expect(v.warnings.map((w) => w.code)).toEqual(['qemu.serial-shared', 'qemu.chbcr-base']);
  });

  it('exports a device with both volatile and persistent capacity', () => {
    const spec = topo(
      [win('cfmw0', ['hb0'], 256)],
      [hb('hb0', 12), rp('rp0', 'hb0', 0), t3('d', 'rp0', GIB, 2 * GIB, { serial: 5 })],
    );
    const out = exported(spec);
    expect(out.argv).toContain(
      'cxl-type3,bus=rp0,volatile-memdev=d-vmem,persistent-memdev=d-pmem,lsa=d-lsa,sn=0x5,id=d',
    );
    // One root port and 4 decoders: QEMU needs hdm_for_passthrough=on to keep HDM decoders.
    expect(out.argv).toContain('pxb-cxl,bus_nr=12,bus=pcie.0,id=hb0,hdm_for_passthrough=on');
  });

  it('exports a passthrough host bridge (decoderCount 0, one root port) as a plain pxb-cxl', () => {
    const spec = topo(
      [win('cfmw0', ['hb0'], 256)],
      [hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('d', 'rp0', GIB)],
    );
    expect(exported(spec).argv).toContain('pxb-cxl,bus_nr=12,bus=pcie.0,id=hb0');
  });

  it('exports switches (cxl-upstream, cxl-downstream with unique slots)', () => {
    const spec = topo(
      [win('cfmw0', ['hb0'], 256)],
      [
        hb('hb0', 12),
        rp('rp0', 'hb0', 0),
        rp('rp1', 'hb0', 1),
        sw('sw0', 'rp0'),
        dsp('dsp0', 'sw0', 0),
        dsp('dsp1', 'sw0', 7),
        t3('a', 'dsp0', GIB, 0, { serial: 1 }),
        t3('b', 'dsp1', GIB, 0, { serial: 2 }),
      ],
    );
    const out = exported(spec);
    const devices = out.argv.filter((_, i) => out.argv[i - 1] === '-device');
    expect(devices).toEqual([
      'pxb-cxl,bus_nr=12,bus=pcie.0,id=hb0',
      'cxl-rp,port=0,bus=hb0,id=rp0,chassis=0,slot=0',
      'cxl-upstream,bus=rp0,id=sw0',
      'cxl-downstream,port=0,bus=sw0,id=dsp0,chassis=0,slot=1',
      'cxl-type3,bus=dsp0,volatile-memdev=a-vmem,sn=0x1,id=a',
      'cxl-downstream,port=7,bus=sw0,id=dsp1,chassis=0,slot=2',
      'cxl-type3,bus=dsp1,volatile-memdev=b-vmem,sn=0x2,id=b',
      'cxl-rp,port=1,bus=hb0,id=rp1,chassis=0,slot=3',
    ]);
  });

  it('chooses -m 2G for a window at 0x1_1000_0000 and honours explicit memory options', () => {
    const spec = topo(
      [win('cfmw0', ['hb0'], 256, { base: 0x1_1000_0000, size: 4 * GIB })],
      [hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('d', 'rp0', GIB, 0, { serial: 9 })],
    );
    expect(exported(spec).argv.slice(3, 5)).toEqual(['-m', '2G']);
    const forced = exported(spec, { memory: { ramBytes: 8 * GIB } });
    expect(forced.argv.slice(3, 5)).toEqual(['-m', '8G']);
    expect(forced.warnings.map((w) => w.code)).toContain('qemu.window-base');
    const explicit = exported(spec, { memory: { ramBytes: 4 * GIB, maxmemBytes: 16 * GIB, slots: 4 } });
    expect(explicit.argv.slice(3, 5)).toEqual(['-m', '4G,maxmem=16G,slots=4']);
  });

  it('renames ids QEMU would not accept', () => {
    const spec = topo(
      [win('w', ['host bridge'], 256)],
      [hb('host bridge', 12, 0), rp('0rp', 'host bridge', 0), t3('d', '0rp', GIB, 0, { serial: 3 })],
    );
    const out = exported(spec);
    expect(out.qemuIds).toEqual({ 'host bridge': 'host-bridge', '0rp': 'c0rp', d: 'd' });
    expect(out.argv).toContain('cxl-rp,port=0,bus=host-bridge,id=c0rp,chassis=0,slot=0');
    expect(out.warnings.filter((w) => w.code === 'qemu.id-renamed').map((w) => w.component)).toEqual([
      'host bridge',
      '0rp',
    ]);
  });

  it('renumbers bus numbers on request to leave room below each bridge', () => {
    const spec = topo(
      [win('cfmw0', ['a', 'b'], 256)],
      [hb('a', 12), hb('b', 13), rp('ra0', 'a', 0), rp('ra1', 'a', 1), rp('rb0', 'b', 0), rp('rb1', 'b', 1)],
    );
    expect(refusals(spec)).toEqual([
      'a: bus_nr 12 needs buses 13…14 for its 2 bridges below, but b has UID 13; space the UIDs apart or use busNumbers "renumber"',
    ]);
    const out = exported(spec, { busNumbers: 'renumber' });
    expect(out.busNumbers).toEqual({ a: 12, b: 15 });
    expect(out.warnings.map((w) => w.message)).toContain(
      'b: UID 13 becomes bus_nr 15 (and so CEDT UID 15 in QEMU) to leave room for its 2 buses below',
    );
  });
});

describe('refusals and warnings', () => {
  const base = (components: ComponentSpec[], windows = [win('cfmw0', ['hb0'], 256)]): TopologySpec =>
    topo(windows, components);

  it('refuses XOR windows, naming the window', () => {
    const spec = base([hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('d', 'rp0', GIB, 0, { serial: 1 })]);
    spec.windows[0] = { ...(spec.windows[0] as (typeof spec.windows)[0]), arithmetic: 'xor', xormaps: [] };
    const r = exportQemu(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject([{ code: 'qemu.xor-window', component: 'cfmw0' }]);
      expect(r.error[0]?.message).toMatch(/^cfmw0: XOR interleave arithmetic: QEMU's CFMWS is always modulo/);
    }
  });

  it('refuses host-bridge decoder counts QEMU does not have, and passthrough with two root ports', () => {
    expect(refusals(base([hb('hb0', 12, 8), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1)]))).toEqual([
      'hb0: 8 HDM decoders: a QEMU pxb-cxl has 4, or none when it is passthrough (one root port; lab decoderCount 0)',
    ]);
    expect(refusals(base([hb('hb0', 12, 0), rp('rp0', 'hb0', 0), rp('rp1', 'hb0', 1)]))).toEqual([
      'hb0: passthrough (decoderCount 0) with 2 root ports: QEMU makes a pxb-cxl passthrough only when it has exactly one root port; give it 4 decoders',
    ]);
  });

  it('refuses device and switch decoder counts other than 4', () => {
    const spec = base([
      hb('hb0', 12),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      sw('sw0', 'rp0', [], 2),
      t3('d', 'rp1', GIB, 0, { decoderCount: 2, serial: 1 }),
    ]);
    expect(refusals(spec)).toEqual([
      'sw0: 2 HDM decoders: QEMU gives every switch upstream port exactly 4 (since ≈8.2)',
      'd: 2 HDM decoders: QEMU gives every Type 3 device exactly 4 (since ≈8.2)',
    ]);
  });

  it('refuses UIDs that cannot be bus numbers and more than 16 host bridges', () => {
    expect(refusals(base([hb('hb0', 0)]))[0]).toMatch(/^hb0: UID 0 cannot be a pxb-cxl bus_nr/);
    expect(refusals(base([hb('hb0', 300)]))[0]).toMatch(/^hb0: UID 300 cannot be a pxb-cxl bus_nr/);
    const many = Array.from({ length: 17 }, (_, k) => hb(`h${k}`, 1 + k * 2));
    expect(refusals(base(many, [win('cfmw0', ['h0'], 256)]))[0]).toMatch(
      /^17 host bridges; QEMU fits at most 16/,
    );
  });

  it('7.2 syntax: memdev= for persistent devices; volatile capacity and passthrough refused', () => {
    const spec = base([
      hb('hb0', 12, 4),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      t3('d', 'rp0', 0, GIB, { serial: 1 }),
    ]);
    const out = exported(spec, { syntax: '7.2' });
    expect(out.argv).toContain('cxl-type3,bus=rp0,memdev=d-pmem,lsa=d-lsa,sn=0x1,id=d');
    expect(out.warnings.map((w) => w.code)).toEqual([
      'qemu.decoder-count',
      'qemu.decoder-count',
      'qemu.chbcr-base',
    ]);
    const vol = base([hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('v', 'rp0', GIB, 0, { serial: 1 })]);
    expect(refusals(vol, { syntax: '7.2' })).toEqual([
      'hb0: a passthrough host bridge (decoderCount 0): QEMU 7.2 has no passthrough pxb-cxl (added in 8.0); every host bridge there has HDM decoders',
      'v: 1G volatile capacity: the QEMU 7.2 cxl-type3 takes only a persistent memdev= (volatile-memdev arrived in 8.0); export with the current syntax',
    ]);
  });

  it('7.2 syntax: warns about the silent failure of single-root-port bridges (cxl-host.c cxl_hdm_find_target)', () => {
    const spec = base([
      hb('hb0', 12, 1),
      rp('rp0', 'hb0', 0),
      t3('d', 'rp0', 0, GIB, { decoderCount: 1, serial: 1 }),
    ]);
    const out = exported(spec, { syntax: '7.2' });
    expect(out.warnings.map((w) => w.code)).toContain('qemu.single-root-port');
  });

  it('warns about switches deeper than one level, window placement, restrictions and QTG', () => {
    const spec = base(
      [
        hb('hb0', 12),
        rp('rp0', 'hb0', 0),
        rp('rp1', 'hb0', 1),
        sw('sw0', 'rp0'),
        dsp('d0', 'sw0', 0),
        sw('sw1', 'd0'),
        dsp('d1', 'sw1', 0),
        t3('m', 'd1', GIB, 0, { serial: 1 }),
      ],
      [
        win('cfmw0', ['hb0'], 256, { base: 0x10_0000_0000, size: GIB, restrictions: ['type3', 'volatile'] }),
        win('cfmw1', ['hb0'], 256, { base: 0x20_0000_0000, size: GIB }),
      ],
    );
    spec.windows[1] = { ...(spec.windows[1] as (typeof spec.windows)[1]), qtg: 3 };
    const out = exported(spec);
    expect(out.warnings.map((w) => [w.code, w.component])).toEqual([
      ['qemu.switch-depth', 'sw1'],
      ['qemu.window-restrictions', 'cfmw0'],
      ['qemu.window-qtg', 'cfmw1'],
      ['qemu.window-base', 'cfmw1'],
      ['qemu.chbcr-base', undefined],
    ]);
    // The first window is reachable (4G RAM with a hotplug area); the second follows it directly.
    expect(out.placement.windowBases).toEqual([0x10_0000_0000, 0x10_4000_0000]);
    expect(out.warnings[3]?.message).toBe(
      'cfmw1: the lab has it at 0x2000000000; QEMU places cxl-fmw.1 itself at 0x1040000000 (windows follow each other in index order from 0x1000000000), so only its size, targets and granularity carry over',
    );
  });

  it('7.2 syntax refuses 3-way regions, which QEMU 7.2 devices cannot decode', () => {
    const spec = topo(
      [win('cfmw0', ['hb0', 'hb1', 'hb2'], 256, { size: 3 * GIB })],
      [0, 1, 2].flatMap((k) => [
        hb(`hb${k}`, 20 + k * 10),
        rp(`rp${k}`, `hb${k}`, 0),
        rp(`rq${k}`, `hb${k}`, 1),
        t3(`m${k}`, `rp${k}`, 0, GIB, { serial: k + 1 }),
      ]),
    );
    const l = lab(spec);
    const plan = createRegion(l, { window: 'cfmw0', members: ['m0', 'm1', 'm2'], mode: 'persistent' });
    if (!plan.ok) throw new Error(plan.error.message);
    const applied = applyPlan(l, plan.value);
    if (!applied.ok) throw new Error(applied.error.message);
    expect(refusals(l, { syntax: '7.2' })).toEqual([
      "region0: 3-way region: QEMU 7.2's Type 3 decodes power-of-two ways up to 8 only and does not advertise 3/6/12/16-way capability, so Linux refuses it there (≈9.x adds it)",
    ]);
    expect(exported(l).regions.map((r) => r.command)).toEqual([
      'cxl create-region -d decoder0.0 -w 3 -g 256 -t pmem -s 3G mem0 mem1 mem2',
    ]);
  });

  it('warns when a region would land elsewhere by first fit', () => {
    // A region the firmware (or an earlier session) left 1 GiB into the window.
    const decoder = {
      base: WINDOW_BASE + GIB,
      size: GIB,
      ways: 1,
      granularity: 256,
      skip: 0,
      commit: true,
      lock: false,
    };
    const spec = topo(
      [win('cfmw0', ['hb0'], 256, { size: 4 * GIB })],
      [hb('hb0', 12, 0), rp('rp0', 'hb0', 0), t3('m', 'rp0', 2 * GIB, 0, { serial: 1, decoders: [decoder] })],
    );
    const out = exported(lab(spec));
    expect(out.regions.map((r) => r.command)).toEqual([
      'cxl create-region -d decoder0.0 -w 1 -g 256 -t ram -s 1G mem0',
    ]);
    expect(out.warnings.map((w) => w.message)).toEqual([
      'QEMU puts host-bridge component registers at 0x480000000 + 64 KiB × n; hb0 (lab 0x4800c0000) will differ',
      'region0: starts 0x40000000 into cfmw0 in the lab; created in this order Linux allocates first fit at 0x0 into the window (QEMU base 0x490000000)',
    ]);
  });

  it('warns about committed decoders that belong to no region', () => {
    const stray = {
      base: WINDOW_BASE,
      size: GIB,
      ways: 1,
      granularity: 256,
      targets: [0],
      commit: true,
      lock: false,
    };
    const spec = topo(
      [win('cfmw0', ['hb0'], 256, { size: 4 * GIB })],
      [hb('hb0', 12, 4, [stray]), rp('rp0', 'hb0', 0), t3('m', 'rp0', 2 * GIB, 0, { serial: 1 })],
    );
    const out = exported(lab(spec));
    expect(out.regions).toEqual([]);
    expect(out.warnings.map((w) => w.code)).toContain('qemu.decoder-not-exported');
  });
});
