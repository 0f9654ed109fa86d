/**
 * Topologies for the region tests, built on the real lab (`createLab`): every decoder starts
 * uncommitted unless a test programs it.
 */
import { createLab, type Lab } from '../../../src/cxl/lab.ts';
import { applyPlan } from '../../../src/cxl/region/apply.ts';
import { createRegion } from '../../../src/cxl/region/create.ts';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  TopologySpec,
  WindowRestriction,
  WindowSpec,
} from '../../../src/cxl/topology/model.ts';

export const MIB = 2 ** 20;
export const GIB = 2 ** 30;
export const WINDOW_BASE = 0x49000_0000;

export function win(
  id: string,
  targets: string[],
  granularity: number,
  opts: { base?: number; size?: number; restrictions?: WindowRestriction[] } = {},
): WindowSpec {
  return {
    id,
    base: opts.base ?? WINDOW_BASE,
    size: opts.size ?? 16 * GIB,
    ways: targets.length,
    granularity,
    arithmetic: 'modulo',
    xormaps: [],
    targets,
    restrictions: opts.restrictions ?? ['type2', 'type3', 'volatile', 'persistent'],
    qtg: 0,
  };
}

export function hb(
  id: string,
  uid: number,
  decoderCount = 4,
  decoders: DecoderProgramSpec[] = [],
): ComponentSpec {
  return {
    kind: 'host-bridge',
    id,
    uid,
    decoderCount,
    componentRegBase: 0x4_8000_0000 + uid * 0x10000,
    decoders,
  };
}

export function rp(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'root-port', id, parent, port };
}

export function sw(
  id: string,
  parent: string,
  decoders: DecoderProgramSpec[] = [],
  decoderCount = 4,
): ComponentSpec {
  return { kind: 'switch', id, parent, decoderCount, decoders };
}

export function dsp(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'downstream-port', id, parent, port };
}

export function t3(
  id: string,
  parent: string,
  volatile: number,
  persistent = 0,
  opts: { decoders?: DecoderProgramSpec[]; decoderCount?: number; serial?: number } = {},
): ComponentSpec {
  return {
    kind: 'type3',
    id,
    parent,
    volatile,
    persistent,
    decoderCount: opts.decoderCount ?? 4,
    serial: opts.serial ?? 0,
    decoders: opts.decoders ?? [],
  };
}

export function topo(windows: WindowSpec[], components: ComponentSpec[]): TopologySpec {
  return { name: 'region-test', windows, components };
}

export function lab(spec: TopologySpec): Lab {
  const r = createLab(spec);
  if (!r.ok) throw new Error(`createLab: ${r.error.message} ${JSON.stringify(r.error)}`);
  return r.value.lab;
}

/** Facts §3.7: 2 host bridges (UID 12, 222 as in the QEMU docs' 4-way example) × 2 root ports (port 0, 1), one device per root port. */
export function twoByTwo(granularity = 256, capacity = GIB): TopologySpec {
  return topo(
    [win('cfmw0', ['hb0', 'hb1'], granularity)],
    [
      hb('hb0', 12),
      hb('hb1', 222),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      rp('rp2', 'hb1', 0),
      rp('rp3', 'hb1', 1),
      t3('mem0', 'rp0', capacity),
      t3('mem1', 'rp1', capacity),
      t3('mem2', 'rp2', capacity),
      t3('mem3', 'rp3', capacity),
    ],
  );
}

/**
 * `twoByTwo` with serials, 1 GiB persistent-only devices and a committed 4-way region (mem0, mem2,
 * mem1, mem3) in `mode`. `qemuRegisterBases`: the host bridges' component registers where QEMU puts
 * them (18 GiB, 18 GiB + 64 KiB) instead of `hb`'s defaults.
 */
export function fourWayLab(mode: 'volatile' | 'persistent' = 'persistent', qemuRegisterBases = false): Lab {
  const spec = twoByTwo(256, GIB);
  for (const [k, c] of spec.components.entries()) {
    if (c.kind === 'type3') {
      spec.components[k] = { ...c, serial: 0x10 + Number(c.id.slice(3)), volatile: 0, persistent: GIB };
    }
    if (c.kind === 'host-bridge' && qemuRegisterBases)
      spec.components[k] = { ...c, componentRegBase: 18 * GIB + (c.uid === 12 ? 0 : 0x10000) };
  }
  const l = lab(spec);
  const plan = createRegion(l, { window: 'cfmw0', members: ['mem0', 'mem2', 'mem1', 'mem3'], mode });
  if (!plan.ok) throw new Error(plan.error.message);
  const applied = applyPlan(l, plan.value);
  if (!applied.ok) throw new Error(applied.error.message);
  return l;
}
