/**
 * `importQemu`: the example topologies of QEMU's CXL documentation (QEMU docs/system/devices/cxl.rst), each written here
 * by hand from the facts file's description (x86 q35, `-m 4G,maxmem=8G,slots=8`, 4 GiB windows,
 * 256 MiB devices), then the tokenizer (quotes, comments, continuations, pasted scripts), the
 * option syntax (`-M` keys in any order, JSON, `,,`), errors that name the argument, the skipped
 * list, `qemuVersion: '7.2'` and region assembly.
 */
import { describe, expect, it } from 'vitest';
import {
  createLab,
  importQemu,
  listRegions,
  type QemuImport,
  route,
  type TopologySpec,
} from '../../src/cxl/index.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
/** First window base for `-m 4G,maxmem=8G,slots=8` (QEMU hw/i386/pc.c pc_get_cxl_range_start). */
const DOC_WINDOW_BASE = 0x4_9000_0000;

function imported(text: string, options: Parameters<typeof importQemu>[1] = {}): QemuImport {
  const r = importQemu(text, options);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

function component(spec: TopologySpec, id: string) {
  const c = spec.components.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no ${id}`);
  return c;
}

/** Facts §5.5 (1): one pxb-cxl (bus_nr 12), one root port (port 0), one persistent Type 3 with LSA. */
const DOC_PERSISTENT = String.raw`qemu-system-x86_64 -M q35,cxl=on -m 4G,maxmem=8G,slots=8 -smp 4 \
  -object memory-backend-file,id=t3-pmem,share=on,mem-path=/tmp/t3.raw,size=256M \
  -object memory-backend-file,id=t3-lsa,share=on,mem-path=/tmp/t3-lsa.raw,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=hb12 \
  -device cxl-rp,port=0,bus=hb12,id=rp12.0,chassis=0,slot=2 \
  -device cxl-type3,bus=rp12.0,persistent-memdev=t3-pmem,lsa=t3-lsa,id=pmem0,sn=0x1 \
  -M cxl-fmw.0.targets.0=hb12,cxl-fmw.0.size=4G`;

/** Facts §5.5 (2): the same with a volatile device (memory-backend-ram), no LSA. */
const DOC_VOLATILE = String.raw`qemu-system-x86_64 -M q35,cxl=on -m 4G,maxmem=8G,slots=8 -smp 4 \
  -object memory-backend-ram,id=t3-ram,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=hb12 \
  -device cxl-rp,port=0,bus=hb12,id=rp12.0,chassis=0,slot=2 \
  -device cxl-type3,bus=rp12.0,volatile-memdev=t3-ram,id=vmem0,sn=0x2 \
  -M cxl-fmw.0.targets.0=hb12,cxl-fmw.0.size=4G`;

/** Facts §5.5 (3): volatile plus a label storage area. */
const DOC_VOLATILE_LSA = String.raw`qemu-system-x86_64 -M q35,cxl=on -m 4G,maxmem=8G,slots=8 -smp 4 \
  -object memory-backend-ram,id=t3-ram,size=256M \
  -object memory-backend-file,id=t3-lsa,share=on,mem-path=/tmp/t3-lsa.raw,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=hb12 \
  -device cxl-rp,port=0,bus=hb12,id=rp12.0,chassis=0,slot=2 \
  -device cxl-type3,bus=rp12.0,volatile-memdev=t3-ram,lsa=t3-lsa,id=vmem0,sn=0x3 \
  -M cxl-fmw.0.targets.0=hb12,cxl-fmw.0.size=4G`;

/**
 * Facts §5.5 (4), "4-way interleave": pxb-cxl bus_nr 12 and 222, two root ports each (ports 0 and
 * 1), four persistent Type 3s with LSAs, one window over both host bridges at 8k granularity.
 */
const DOC_FOUR_WAY = String.raw`qemu-system-x86_64 -M q35,cxl=on -m 4G,maxmem=8G,slots=8 -smp 4 \
  -object memory-backend-file,id=m0,share=on,mem-path=/tmp/m0.raw,size=256M \
  -object memory-backend-file,id=m1,share=on,mem-path=/tmp/m1.raw,size=256M \
  -object memory-backend-file,id=m2,share=on,mem-path=/tmp/m2.raw,size=256M \
  -object memory-backend-file,id=m3,share=on,mem-path=/tmp/m3.raw,size=256M \
  -object memory-backend-file,id=l0,share=on,mem-path=/tmp/l0.raw,size=256M \
  -object memory-backend-file,id=l1,share=on,mem-path=/tmp/l1.raw,size=256M \
  -object memory-backend-file,id=l2,share=on,mem-path=/tmp/l2.raw,size=256M \
  -object memory-backend-file,id=l3,share=on,mem-path=/tmp/l3.raw,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=hbA \
  -device pxb-cxl,bus_nr=222,bus=pcie.0,id=hbB \
  -device cxl-rp,port=0,bus=hbA,id=rpA0,chassis=0,slot=2 \
  -device cxl-type3,bus=rpA0,persistent-memdev=m0,lsa=l0,id=t0,sn=0x10 \
  -device cxl-rp,port=1,bus=hbA,id=rpA1,chassis=0,slot=3 \
  -device cxl-type3,bus=rpA1,persistent-memdev=m1,lsa=l1,id=t1,sn=0x11 \
  -device cxl-rp,port=0,bus=hbB,id=rpB0,chassis=0,slot=5 \
  -device cxl-type3,bus=rpB0,persistent-memdev=m2,lsa=l2,id=t2,sn=0x12 \
  -device cxl-rp,port=1,bus=hbB,id=rpB1,chassis=0,slot=6 \
  -device cxl-type3,bus=rpB1,persistent-memdev=m3,lsa=l3,id=t3,sn=0x13 \
  -M cxl-fmw.0.targets.0=hbA,cxl-fmw.0.targets.1=hbB,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=8k`;

/**
 * Facts §5.5 (5), "4 devices below a switch": one pxb-cxl, root ports 0 and 1 (only the first
 * used), an upstream port on it with downstream ports 0–3, a persistent Type 3 on each, one window
 * at 4k. The memory options come in the `size=…` keyed form here.
 */
const DOC_SWITCH = String.raw`qemu-system-x86_64 -machine q35,cxl=on -m size=4G,slots=8,maxmem=8G -smp 4 \
  -object memory-backend-file,id=m0,share=on,mem-path=/tmp/m0.raw,size=256M \
  -object memory-backend-file,id=m1,share=on,mem-path=/tmp/m1.raw,size=256M \
  -object memory-backend-file,id=m2,share=on,mem-path=/tmp/m2.raw,size=256M \
  -object memory-backend-file,id=m3,share=on,mem-path=/tmp/m3.raw,size=256M \
  -object memory-backend-file,id=l0,share=on,mem-path=/tmp/l0.raw,size=256M \
  -object memory-backend-file,id=l1,share=on,mem-path=/tmp/l1.raw,size=256M \
  -object memory-backend-file,id=l2,share=on,mem-path=/tmp/l2.raw,size=256M \
  -object memory-backend-file,id=l3,share=on,mem-path=/tmp/l3.raw,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=hb \
  -device cxl-rp,port=0,bus=hb,id=rp0,chassis=0,slot=0 \
  -device cxl-rp,port=1,bus=hb,id=rp1,chassis=0,slot=1 \
  -device cxl-upstream,bus=rp0,id=usp \
  -device cxl-downstream,port=0,bus=usp,id=dsp0,chassis=0,slot=4 \
  -device cxl-type3,bus=dsp0,persistent-memdev=m0,lsa=l0,id=t0,sn=0x20 \
  -device cxl-downstream,port=1,bus=usp,id=dsp1,chassis=0,slot=5 \
  -device cxl-type3,bus=dsp1,persistent-memdev=m1,lsa=l1,id=t1,sn=0x21 \
  -device cxl-downstream,port=2,bus=usp,id=dsp2,chassis=0,slot=6 \
  -device cxl-type3,bus=dsp2,persistent-memdev=m2,lsa=l2,id=t2,sn=0x22 \
  -device cxl-downstream,port=3,bus=usp,id=dsp3,chassis=0,slot=7 \
  -device cxl-type3,bus=dsp3,persistent-memdev=m3,lsa=l3,id=t3,sn=0x23 \
  -M cxl-fmw.0.targets.0=hb,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=4k`;

describe("QEMU's documented example topologies (docs/system/devices/cxl.rst)", () => {
  it('(1) one persistent device with a label storage area', () => {
    const { spec, placement, memory } = imported(DOC_PERSISTENT);
    expect(memory).toEqual({ ramBytes: 4 * GIB, maxmemBytes: 8 * GIB, slots: 8 });
    expect(placement.cxlBase).toBe(18 * GIB);
    expect(spec.components.map((c) => [c.kind, c.id])).toEqual([
      ['host-bridge', 'hb12'],
      ['root-port', 'rp12.0'],
      ['type3', 'pmem0'],
    ]);
    // One root port, no hdm_for_passthrough: QEMU 8.0+ makes the bridge passthrough.
    expect(component(spec, 'hb12')).toMatchObject({ uid: 12, decoderCount: 0, componentRegBase: 18 * GIB });
    expect(component(spec, 'rp12.0')).toMatchObject({ parent: 'hb12', port: 0 });
    expect(component(spec, 'pmem0')).toMatchObject({
      parent: 'rp12.0',
      volatile: 0,
      persistent: 256 * MIB,
      serial: 1,
      decoderCount: 4,
      decoders: [],
    });
    expect(spec.windows).toEqual([
      {
        id: 'cfmw0',
        base: DOC_WINDOW_BASE,
        size: 4 * GIB,
        ways: 1,
        granularity: 256,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb12'],
        restrictions: ['type2', 'type3', 'volatile', 'persistent'],
        qtg: 0,
      },
    ]);
  });

  it('(2) one volatile device', () => {
    const { spec, ignored } = imported(DOC_VOLATILE);
    expect(component(spec, 'vmem0')).toMatchObject({ volatile: 256 * MIB, persistent: 0, serial: 2 });
    expect(spec.windows[0]).toMatchObject({ base: DOC_WINDOW_BASE, size: 4 * GIB, targets: ['hb12'] });
    expect(ignored).toEqual(['5: -smp 4']);
  });

  it('a QEMU id the lab keeps for itself (host, cxl-root) is renamed, with a warning; bus= still finds it', () => {
    const text = DOC_VOLATILE.replace(/hb12/g, 'host').replace('id=vmem0', 'id=cxl-root');
    const { spec, warnings } = imported(text);
    // Generated as for a device without id=: the first free hb<n> and mem<n>.
    expect(spec.components.map((c) => [c.id, c.kind, 'parent' in c ? c.parent : null])).toEqual([
      ['hb0', 'host-bridge', null],
      ['rp12.0', 'root-port', 'hb0'],
      ['mem0', 'type3', 'rp12.0'],
    ]);
    expect(spec.windows[0]?.targets).toEqual(['hb0']);
    expect(warnings.map((w) => [w.code, w.component])).toEqual([
      ['qemu.reserved-id', 'hb0'],
      ['qemu.reserved-id', 'mem0'],
    ]);
    expect(warnings[0]?.message).toContain('id "host" is reserved in the lab');
  });

  it('(3) a volatile device with a label storage area (the LSA is not capacity)', () => {
    const { spec, warnings } = imported(DOC_VOLATILE_LSA);
    expect(component(spec, 'vmem0')).toMatchObject({ volatile: 256 * MIB, persistent: 0, serial: 3 });
    expect(warnings).toEqual([]);
  });

  it('(4) the 4-way interleave: two host bridges (bus_nr 12, 222) × two root ports, 8k window', () => {
    const { spec } = imported(DOC_FOUR_WAY);
    const hbs = spec.components.filter((c) => c.kind === 'host-bridge');
    expect(hbs.map((h) => [h.id, h.kind === 'host-bridge' ? [h.uid, h.decoderCount] : null])).toEqual([
      ['hbA', [12, 4]],
      ['hbB', [222, 4]],
    ]);
    const ports = spec.components.filter((c) => c.kind === 'root-port');
    expect(ports.map((p) => [p.id, p.kind === 'root-port' ? [p.parent, p.port] : null])).toEqual([
      ['rpA0', ['hbA', 0]],
      ['rpA1', ['hbA', 1]],
      ['rpB0', ['hbB', 0]],
      ['rpB1', ['hbB', 1]],
    ]);
    for (const [id, parent, sn] of [
      ['t0', 'rpA0', 0x10],
      ['t1', 'rpA1', 0x11],
      ['t2', 'rpB0', 0x12],
      ['t3', 'rpB1', 0x13],
    ] as const) {
      expect(component(spec, id)).toMatchObject({ parent, persistent: 256 * MIB, volatile: 0, serial: sn });
    }
    expect(spec.windows).toHaveLength(1);
    expect(spec.windows[0]).toMatchObject({
      base: DOC_WINDOW_BASE,
      size: 4 * GIB,
      ways: 2,
      granularity: 8192,
      targets: ['hbA', 'hbB'],
    });
    // Host-bridge register blocks at the start of the CXL range, in command-line order.
    expect(component(spec, 'hbA')).toMatchObject({ componentRegBase: 18 * GIB });
    expect(component(spec, 'hbB')).toMatchObject({ componentRegBase: 18 * GIB + 0x10000 });
  });

  it('(4) assembled: one 4-way region, positions as Linux orders them (region.c cxl_calc_interleave_pos)', () => {
    const out = imported(DOC_FOUR_WAY, { assemble: true });
    expect(out.regions).toEqual(['region0']);
    expect(out.file).not.toBeNull();
    const created = createLab(out.file as NonNullable<typeof out.file>);
    if (!created.ok) throw new Error(created.error.message);
    const lab = created.value.lab;
    const [region] = listRegions(lab);
    expect(region).toMatchObject({ ways: 4, granularity: 8192, size: 1 * GIB, type: 'pmem', problems: [] });
    expect(region?.targets.map((t) => t.memdev)).toEqual(['t0', 't2', 't1', 't3']);
    // 8 KiB granules: HB by bit 13, then root port by bit 14 (region.c cxl_port_setup_targets with the documented window).
    const at = (off: number) => {
      const r = route(lab, DOC_WINDOW_BASE + off);
      return r.ok ? [r.device, r.dpa] : [r.error.code];
    };
    expect(at(0)).toEqual(['t0', 0]);
    expect(at(8192)).toEqual(['t2', 0]);
    expect(at(2 * 8192)).toEqual(['t1', 0]);
    expect(at(3 * 8192 + 5)).toEqual(['t3', 5]);
    expect(at(4 * 8192)).toEqual(['t0', 8192]);
  });

  it('(5) four devices below a switch on root port 0 of two', () => {
    const { spec, warnings } = imported(DOC_SWITCH);
    expect(component(spec, 'hb')).toMatchObject({ uid: 12, decoderCount: 4 });
    expect(component(spec, 'rp0')).toMatchObject({ parent: 'hb', port: 0 });
    expect(component(spec, 'rp1')).toMatchObject({ parent: 'hb', port: 1 });
    expect(component(spec, 'usp')).toMatchObject({ kind: 'switch', parent: 'rp0', decoderCount: 4 });
    for (let k = 0; k < 4; k++) {
      expect(component(spec, `dsp${k}`)).toMatchObject({ kind: 'downstream-port', parent: 'usp', port: k });
      expect(component(spec, `t${k}`)).toMatchObject({
        parent: `dsp${k}`,
        persistent: 256 * MIB,
        serial: 0x20 + k,
      });
    }
    expect(spec.windows[0]).toMatchObject({
      base: DOC_WINDOW_BASE,
      ways: 1,
      granularity: 4096,
      targets: ['hb'],
    });
    expect(warnings).toEqual([]);
  });

  it('(5) assembled: a 4-way region through the switch', () => {
    const out = imported(DOC_SWITCH, { assemble: true });
    expect(out.regions).toEqual(['region0']);
    const created = createLab(out.file as NonNullable<typeof out.file>);
    if (!created.ok) throw new Error(created.error.message);
    const [region] = listRegions(created.value.lab);
    expect(region).toMatchObject({ ways: 4, size: 1 * GIB, problems: [] });
    expect(region?.targets.map((t) => t.memdev)).toEqual(['t0', 't1', 't2', 't3']);
  });

  it("the documentation's older memdev= form (7.2 era) reads as persistent", () => {
    const old = DOC_PERSISTENT.replace('persistent-memdev=', 'memdev=');
    const { spec } = imported(old);
    expect(component(spec, 'pmem0')).toMatchObject({ persistent: 256 * MIB, volatile: 0 });
  });
});

describe('command-line text', () => {
  it('reads quotes, comments, CRLF continuations, the documentation ellipsis and "$@"', () => {
    const text = [
      '#!/bin/sh',
      '# a CXL test machine (a comment inside a continued command would end it, as in sh)',
      'set -e',
      "mkdir -p '/tmp/my dir'",
      'exec qemu-system-x86_64 \\',
      '  -machine "q35,cxl=on" \\\r',
      '  ...  \\',
      '  -m 2G   \\',
      "  -object 'memory-backend-file,id=p0,share,mem-path=/tmp/my dir/a,,b.raw,size=512M' \\",
      '  -object memory-backend-file,id=l0,share=on,mem-path=/tmp/l0.raw,size=1M \\',
      '  -device pxb-cxl,bus_nr=52,bus=pcie.0,id=cxl.0 \\',
      '  -device cxl-rp,bus=cxl.0,id=rp0,chassis=0,slot=0,port=3 \\',
      '  -device "cxl-type3,bus=rp0,memdev=p0,lsa=l0,id=dev0,sn=17" \\',
      '  -M cxl-fmw.0.size=1G,cxl-fmw.0.targets.0=cxl.0 \\',
      '  "$@"',
    ].join('\n');
    const out = imported(text);
    expect(out.program).toBe('qemu-system-x86_64');
    expect(out.skipped.map((s) => s.reason)).toEqual([
      'an ellipsis from documentation',
      'not an option (a positional word)',
    ]);
    expect(out.memory.ramBytes).toBe(2 * GIB);
    expect(out.spec.windows[0]).toMatchObject({ base: 0x1_1000_0000, size: GIB, targets: ['cxl.0'] });
    expect(component(out.spec, 'rp0')).toMatchObject({ port: 3 });
    expect(component(out.spec, 'dev0')).toMatchObject({ persistent: 512 * MIB, serial: 17 });
  });

  it('takes cxl-fmw keys in any order and across several -M options; -m without a unit is MiB', () => {
    const text = `qemu-system-x86_64 -M q35 -m 2048
      -device pxb-cxl,id=a,bus=pcie.0,bus_nr=10 -device pxb-cxl,id=b,bus=pcie.0,bus_nr=20
      -device cxl-rp,bus=a,id=ra,port=0,slot=1 -device cxl-rp,bus=b,id=rb,port=0,slot=2
      -M cxl-fmw.1.size=256M,cxl-fmw.0.interleave-granularity=1k
      -M cxl-fmw.0.targets.1=b,cxl-fmw.1.targets.0=b,cxl=on
      -M cxl-fmw.0.size=4G,cxl-fmw.0.targets.0=a`;
    // A pasted multi-line command without backslashes is several commands: join it first.
    const out = imported(text.replaceAll('\n', ' '));
    expect(out.memory.ramBytes).toBe(2 * GIB);
    expect(out.spec.windows.map((w) => [w.id, w.base, w.size, w.ways, w.granularity, w.targets])).toEqual([
      ['cfmw0', 0x1_1000_0000, 4 * GIB, 2, 1024, ['a', 'b']],
      ['cfmw1', 0x2_1000_0000, 256 * MIB, 1, 256, ['b']],
    ]);
  });

  it('reads the JSON forms of -M and -device', () => {
    const text =
      `qemu-system-x86_64 -machine '{"type":"q35","cxl":true,"cxl-fmw":[{"targets":["hb"],"size":"512M","interleave-granularity":"2k"}]}'
      -object memory-backend-ram,id=r0,size=512M
      -device '{"driver":"pxb-cxl","id":"hb","bus":"pcie.0","bus_nr":40}'
      -device '{"driver":"cxl-rp","id":"rp","bus":"hb","port":5,"chassis":1,"slot":1}'
      -device '{"driver":"cxl-type3","id":"d","bus":"rp","volatile-memdev":"r0","sn":99}'`.replaceAll(
        '\n',
        ' ',
      );
    const { spec } = imported(text);
    expect(spec.windows[0]).toMatchObject({ size: 512 * MIB, granularity: 2048, targets: ['hb'] });
    expect(component(spec, 'rp')).toMatchObject({ port: 5 });
    expect(component(spec, 'd')).toMatchObject({ volatile: 512 * MIB, serial: 99 });
  });

  it('lists unknown devices and objects as skipped, other options as ignored', () => {
    const text = `${DOC_VOLATILE} -device virtio-blk-pci,drive=d0 -object rng-random,id=rng0,filename=/dev/urandom -device cxl-switch-mailbox-cci,bus=rp12.0 -nographic -enable-kvm`;
    const out = imported(text);
    expect(out.skipped.map((s) => [s.text, s.reason])).toEqual([
      ['-device virtio-blk-pci,drive=d0', '"virtio-blk-pci" is not a CXL topology device'],
      [
        '-object rng-random,id=rng0,filename=/dev/urandom',
        'object type "rng-random" is not a memory backend',
      ],
      [
        '-device cxl-switch-mailbox-cci,bus=rp12.0',
        'CXL device "cxl-switch-mailbox-cci" is not modelled by the lab',
      ],
    ]);
    expect(out.ignored).toEqual(['5: -smp 4', '23: -nographic', '24: -enable-kvm']);
  });

  it('with qemuVersion 7.2: one decoder everywhere and no passthrough bridges', () => {
    const { spec } = imported(DOC_PERSISTENT.replace('persistent-memdev=', 'memdev='), {
      qemuVersion: '7.2',
    });
    expect(component(spec, 'hb12')).toMatchObject({ decoderCount: 1 });
    expect(component(spec, 'pmem0')).toMatchObject({ decoderCount: 1 });
  });

  it('without -m, places windows for QEMU default 128 MiB of RAM', () => {
    const { spec, memory } = imported(DOC_VOLATILE.replace('-m 4G,maxmem=8G,slots=8 ', ''));
    expect(memory.ramBytes).toBe(128 * MIB);
    expect(spec.windows[0]?.base).toBe(0x1_1000_0000);
  });

  it('hdm_for_passthrough=on keeps a one-port bridge with 4 decoders', () => {
    const { spec } = imported(DOC_PERSISTENT.replace('id=hb12', 'id=hb12,hdm_for_passthrough=on'));
    expect(component(spec, 'hb12')).toMatchObject({ decoderCount: 4 });
  });
});

describe('errors name the argument', () => {
  function errors(text: string): string[] {
    const r = importQemu(text);
    if (r.ok) throw new Error('expected errors');
    return r.error.map((e) => e.message);
  }

  it("QEMU's test fragment without port= gives both root ports port 0", () => {
    const text = `qemu-system-x86_64 -machine q35,cxl=on -device pxb-cxl,id=cxl.0,bus=pcie.0,bus_nr=52
      -device cxl-rp,id=rp0,bus=cxl.0,chassis=0,slot=0 -device cxl-rp,id=rp1,bus=cxl.0,chassis=0,slot=1
      -M cxl-fmw.0.targets.0=cxl.0,cxl-fmw.0.size=4G`.replaceAll('\n', ' ');
    expect(errors(text)).toEqual([
      'argument 7 (-device cxl-rp,id=rp1,bus=cxl.0,chassis=0,slot=1): port=0 is also used by rp0 (argument 5) on cxl.0 (port= defaults to 0); HDM target lists name ports by these numbers, so each needs its own',
    ]);
  });

  it('reports unknown buses, missing LSA, bad windows and slot clashes', () => {
    const text = [
      'qemu-system-x86_64 -machine q35,cxl=on',
      '-object memory-backend-file,id=p,share=on,mem-path=/tmp/p,size=256M',
      '-object memory-backend-ram,id=r,size=100M',
      '-device pxb-cxl,id=hb,bus=pcie.0,bus_nr=12',
      '-device cxl-rp,id=rp0,bus=hb,port=0,slot=3',
      '-device cxl-rp,id=rp1,bus=hb,port=1,slot=3',
      '-device cxl-type3,id=d0,bus=rp0,persistent-memdev=p',
      '-device cxl-type3,id=d1,bus=rpX,volatile-memdev=r',
      '-M cxl-fmw.0.targets.0=nohb,cxl-fmw.0.size=300M',
      '-M cxl-fmw.2.size=1G,cxl-fmw.2.targets.0=hb',
    ].join(' ');
    const messages = errors(text);
    expect(messages).toEqual([
      'argument 11 (-device cxl-rp,id=rp1,bus=hb,port=1,slot=3): chassis=0,slot=3 is also taken by argument 9; QEMU refuses a second port in one slot',
      'argument 13 (-device cxl-type3,id=d0,bus=rp0,persistent-memdev=p): "lsa property must be set for persistent devices"',
      'argument 15 (-device cxl-type3,id=d1,bus=rpX,volatile-memdev=r): bus=rpX names no cxl-rp or cxl-downstream on the command line',
      'argument 5 (-object memory-backend-ram,id=r,size=100M): memory backend r (volatile-memdev of d1) is 100M: CXL capacity comes in 256 MiB units (HDM decoder granularity), so the lab needs a multiple of 256 MiB',
      "argument 19 (-M cxl-fmw.2.size=1G,cxl-fmw.2.targets.0=hb): cxl-fmw.2 without cxl-fmw.1: QEMU's window list counts from 0 without gaps",
      'argument 17 (-M cxl-fmw.0.targets.0=nohb,cxl-fmw.0.size=300M): cxl-fmw.0.size 300M: "Size of a CXL fixed memory window must be a multiple of 256MiB"',
      'argument 17 (-M cxl-fmw.0.targets.0=nohb,cxl-fmw.0.size=300M): "Could not resolve CXLFM target nohb": no pxb-cxl has that id',
    ]);
  });

  it('every error carries the argument index as its field', () => {
    const r = importQemu('qemu-system-x86_64 -M q35,cxl=on -device pxb-cxl,id=h,bus=pcie.0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject([{ code: 'qemu.bus-nr', field: 'argv[3]', component: 'h' }]);
  });

  it('refuses text that is not a QEMU command and unterminated quotes', () => {
    expect(importQemu('ls -l /tmp').ok).toBe(false);
    const r = importQemu("qemu-system-x86_64 -device 'pxb-cxl");
    expect(r.ok ? null : r.error[0]?.code).toBe('qemu.unterminated-quote');
    const empty = importQemu('echo hello');
    expect(empty.ok ? null : empty.error[0]?.code).toBe('qemu.no-command');
  });

  it('a lab-invalid window size (256 MiB × ways) names the -M argument', () => {
    const text = DOC_FOUR_WAY.replace('cxl-fmw.0.size=4G', 'cxl-fmw.0.size=256M');
    expect(errors(text)).toEqual([
      'argument 43 (-M cxl-fmw.0.targets.0=hbA,cxl-fmw.0.targets.1=hbB,cxl-fmw.0.size=256M,cxl-fmw.0.interleav…): cxl-fmw.0.size 256M is not a multiple of 256 MiB × 2 targets: QEMU accepts it, but every way of the window needs whole 256 MiB HDM units (the lab requires it)',
    ]);
  });
});
