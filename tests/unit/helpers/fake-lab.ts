/**
 * A test-only lab: indexes a `TopologySpec` and decodes its decoder programming straight into
 * `DecoderState` objects (no register engine, no validation), so routing can be tested in isolation
 * and with deliberately inconsistent programming the real lab would also accept.
 */
import type { DecoderState } from '../../../src/cxl/hdm/decoder-state.ts';
import type { LabCore } from '../../../src/cxl/lab-core.ts';
import { SparseMemory } from '../../../src/cxl/memory/sparse-memory.ts';
import {
  type ComponentSpec,
  type DecoderProgramSpec,
  HOST_ID,
  type Topology,
  type TopologySpec,
  type WindowSpec,
} from '../../../src/cxl/topology/model.ts';

export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

export function eiwOf(ways: number): number {
  if (ways === 3 || ways === 6 || ways === 12) return 8 + Math.log2(ways / 3);
  return Math.log2(ways);
}

export function eigOf(granularity: number): number {
  return Math.log2(granularity / 256);
}

export function indexTopology(spec: TopologySpec): Topology {
  const byId = new Map<string, ComponentSpec>();
  for (const c of spec.components) byId.set(c.id, c);
  const children = new Map<string, string[]>();
  const portsByNumber = new Map<string, Map<number, string>>();
  const hostBridgeByUid = new Map<number, string>();
  const portOf = (c: ComponentSpec): number =>
    c.kind === 'root-port' || c.kind === 'downstream-port' ? c.port : 0;
  for (const c of spec.components) {
    const parent = c.kind === 'host-bridge' ? HOST_ID : c.parent;
    const list = children.get(parent) ?? [];
    list.push(c.id);
    children.set(parent, list);
    if (c.kind === 'host-bridge') hostBridgeByUid.set(c.uid, c.id);
    if (c.kind === 'root-port' || c.kind === 'downstream-port') {
      const m = portsByNumber.get(c.parent) ?? new Map<number, string>();
      m.set(c.port, c.id);
      portsByNumber.set(c.parent, m);
    }
  }
  for (const [k, list] of children) {
    list.sort((a, b) => {
      const ca = byId.get(a);
      const cb = byId.get(b);
      return (ca === undefined ? 0 : portOf(ca)) - (cb === undefined ? 0 : portOf(cb));
    });
    children.set(k, list);
  }
  return { spec, windows: spec.windows, byId, children, portsByNumber, hostBridgeByUid };
}

/** Decodes programming into states, accumulating DPABase like the spec (CXL r3.1 §8.2.4.20.13 Device Decode Logic). */
export function decodeStates(program: readonly DecoderProgramSpec[], isDevice: boolean): DecoderState[] {
  let dpaBase = 0;
  let prevEnd = 0;
  return program.map((p, index) => {
    const eiw = eiwOf(p.ways);
    const eig = eigOf(p.granularity);
    const skip = p.skip ?? 0;
    dpaBase = (index === 0 ? 0 : prevEnd) + skip;
    prevEnd = dpaBase + p.size / p.ways;
    return {
      index,
      base: p.base,
      size: p.size,
      eiw,
      eig,
      ways: p.ways,
      granularity: p.granularity,
      lockOnCommit: p.lock,
      commit: p.commit,
      committed: p.commit,
      errorNotCommitted: false,
      targetRangeType: isDevice ? 1 : 0,
      targets: isDevice ? [] : [...(p.targets ?? [])],
      skip: isDevice ? skip : 0,
      dpaBase: isDevice ? dpaBase : 0,
      locked: false,
    };
  });
}

export type FakeLab = LabCore & { memory(id: string): SparseMemory; bump(): void };

export function fakeLab(spec: TopologySpec): FakeLab {
  const topology = indexTopology(spec);
  const states = new Map<string, DecoderState[]>();
  const memories = new Map<string, SparseMemory>();
  for (const c of spec.components) {
    if (c.kind === 'host-bridge' || c.kind === 'switch') states.set(c.id, decodeStates(c.decoders, false));
    if (c.kind === 'type3') {
      states.set(c.id, decodeStates(c.decoders, true));
      memories.set(c.id, new SparseMemory(c.volatile + c.persistent));
    }
  }
  let version = 1;
  return {
    topology,
    get version() {
      return version;
    },
    bump() {
      version++;
    },
    decoders: (id) => states.get(id) ?? [],
    memory(id) {
      const m = memories.get(id);
      if (m === undefined) throw new Error(`no memory for ${id}`);
      return m;
    },
  };
}

// ---- small spec builders ----

export function window(
  id: string,
  base: number,
  size: number,
  targets: string[],
  granularity: number,
  extra: Partial<WindowSpec> = {},
): WindowSpec {
  return {
    id,
    base,
    size,
    ways: targets.length,
    granularity,
    arithmetic: 'modulo',
    xormaps: [],
    targets,
    restrictions: ['type3', 'volatile', 'persistent'],
    qtg: 0,
    ...extra,
  };
}

export function prog(
  base: number,
  size: number,
  ways: number,
  granularity: number,
  extra: Partial<DecoderProgramSpec> = {},
): DecoderProgramSpec {
  return { base, size, ways, granularity, commit: true, lock: false, ...extra };
}

export function hostBridge(
  id: string,
  uid: number,
  decoders: DecoderProgramSpec[],
  decoderCount = 4,
): ComponentSpec {
  return { kind: 'host-bridge', id, uid, decoderCount, componentRegBase: 0, decoders };
}

export function rootPort(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'root-port', id, parent, port };
}

export function switchUsp(id: string, parent: string, decoders: DecoderProgramSpec[]): ComponentSpec {
  return { kind: 'switch', id, parent, decoderCount: 4, decoders };
}

export function dsp(id: string, parent: string, port: number): ComponentSpec {
  return { kind: 'downstream-port', id, parent, port };
}

export function type3(
  id: string,
  parent: string,
  capacity: number,
  decoders: DecoderProgramSpec[],
  serial = 0,
): ComponentSpec {
  return { kind: 'type3', id, parent, volatile: capacity, persistent: 0, decoderCount: 4, serial, decoders };
}

export function spec(windows: WindowSpec[], components: ComponentSpec[]): TopologySpec {
  return { name: 'test', windows, components };
}
