/**
 * The lab: a validated topology, one component register block per host bridge, switch upstream
 * port and Type 3 device, and sparse memory per Type 3 device. Composition only — registers,
 * commit rules, programming, validation and the file format live in their own modules.
 *
 * `createLab` validates, builds the register blocks, then applies every listed decoder through
 * MMIO writes in index order (`programDecoder`, the same path the CLI, UI and tests use). A decoder
 * that fails to commit stays programmed with Error Not Committed and is reported as a finding.
 * Saved raw register state and memory pages from a file are loaded after that.
 *
 * Reset model: `resetComponent` / `resetLab` return registers to reset values and release decoder
 * locks (a conventional reset); memory contents are kept (the lab's DRAM/PMEM is not cleared by a
 * register reset).
 */

import {
  type ComponentRegisterState,
  ComponentRegisters,
  type ComponentRegistersView,
  type MmioWriteResult,
} from './hdm/component-registers.ts';
import type { DecoderState } from './hdm/decoder-state.ts';
import { decoderStates } from './hdm/decoder-view.ts';
import { dvsecEmulatedDecoders } from './hdm/dvsec-decoders.ts';
import { applyDecoders, deriveDecoderPrograms, loadSavedState, replayReproduces } from './hdm/persist.ts';
import type { MmioPort } from './hdm/program.ts';
import type { LabCore } from './lab-core.ts';
import { SparseMemory } from './memory/sparse-memory.ts';
import { type CxlError, combineErrors, err, type LabFinding, ok, type Result } from './result.ts';
import type { LabFile } from './topology/file.ts';
import type { ComponentSpec, DecoderOwnerKind, Topology, TopologySpec, Type3Spec } from './topology/model.ts';
import { platformWarnings } from './topology/platform.ts';
import { isRcd } from './topology/restricted.ts';
import { topologyWarnings, validateTopology } from './topology/validate.ts';

/** Plain, structured-clone-safe state of a lab (for workers and UIs). */
export interface LabSnapshot {
  version: number;
  spec: TopologySpec;
  decoders: Record<string, DecoderState[]>;
  registers: Record<string, ComponentRegisterState>;
  /** Touched page count per Type 3 device. */
  touchedPages: Record<string, number>;
}

export interface Lab extends LabCore, MmioPort {
  /** 32-bit read at `offset` in the component's 64 KiB register block. */
  mmioRead32(componentId: string, offset: number): Result<number>;
  /** 32-bit write at `offset` in the component's register block. */
  mmioWrite32(componentId: string, offset: number, value: number): Result<MmioWriteResult>;
  /** Any-size access, for tools that pass the size through: anything but 4 bytes is an error. */
  mmioRead(componentId: string, offset: number, size: number): Result<number>;
  mmioWrite(componentId: string, offset: number, size: number, value: number): Result<MmioWriteResult>;
  /** Offset of the HDM Decoder Capability Structure in the component's block, or null. */
  hdmBase(componentId: string): number | null;
  /** The component's register block, read-only (views, dumps), or null if it has none. */
  registers(componentId: string): ComponentRegistersView | null;
  /** A Type 3 device's memory (DPA 0 … volatile+persistent−1). Throws for other ids (programmer bug). */
  memory(deviceId: string): SparseMemory;
  resetComponent(componentId: string): Result<true>;
  resetLab(): void;
  snapshot(): LabSnapshot;
  /**
   * The lab as a file: decoder programs written back into the spec, registers programs alone would
   * not reproduce, and copies of touched memory pages (none with `{ memory: false }`: the worker's
   * documents, which keep memory apart).
   */
  toFile(options?: { memory?: boolean }): LabFile;
}

function ownerKind(c: ComponentSpec): DecoderOwnerKind | null {
  return c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3' ? c.kind : null;
}

class LabImpl implements Lab {
  readonly topology: Topology;
  #version = 0;
  readonly #regs: ReadonlyMap<string, ComponentRegisters>;
  readonly #memory: ReadonlyMap<string, SparseMemory>;
  #decoderCache = new Map<string, readonly DecoderState[]>();
  #cacheVersion = -1;

  constructor(topology: Topology, regs: Map<string, ComponentRegisters>, memory: Map<string, SparseMemory>) {
    this.topology = topology;
    this.#regs = regs;
    this.#memory = memory;
  }

  get version(): number {
    return this.#version;
  }

  #bump(): void {
    this.#version++;
  }

  #block(componentId: string): Result<ComponentRegisters> {
    const r = this.#regs.get(componentId);
    if (r !== undefined) return ok(r);
    const c = this.topology.byId.get(componentId);
    return err(
      c === undefined ? 'mmio.unknown-component' : 'mmio.no-registers',
      c === undefined
        ? `no component "${componentId}"`
        : `${componentId} (${c.kind}) has no component register block in the lab`,
      { component: componentId },
    );
  }

  decoders(componentId: string): readonly DecoderState[] {
    if (this.#cacheVersion !== this.#version) {
      this.#decoderCache = new Map();
      this.#cacheVersion = this.#version;
    }
    const cached = this.#decoderCache.get(componentId);
    if (cached !== undefined) return cached;
    const regs = this.#regs.get(componentId);
    const c = this.topology.byId.get(componentId);
    // An RCD has no HDM decoder registers: Linux emulates its decoders from the DVSEC ranges.
    const rcd = regs === undefined && c?.kind === 'type3' ? c.dvsec : undefined;
    const states =
      regs !== undefined ? decoderStates(regs) : rcd !== undefined ? dvsecEmulatedDecoders(rcd) : [];
    this.#decoderCache.set(componentId, states);
    return states;
  }

  mmioRead32(componentId: string, offset: number): Result<number> {
    const b = this.#block(componentId);
    return b.ok ? b.value.read32(offset) : b;
  }

  mmioWrite32(componentId: string, offset: number, value: number): Result<MmioWriteResult> {
    const b = this.#block(componentId);
    if (!b.ok) return b;
    const r = b.value.write32(offset, value);
    if (r.ok) this.#bump();
    return r;
  }

  mmioRead(componentId: string, offset: number, size: number): Result<number> {
    if (size !== 4) return sizeError(size);
    return this.mmioRead32(componentId, offset);
  }

  mmioWrite(componentId: string, offset: number, size: number, value: number): Result<MmioWriteResult> {
    if (size !== 4) return sizeError(size);
    return this.mmioWrite32(componentId, offset, value);
  }

  hdmBase(componentId: string): number | null {
    return this.#regs.get(componentId)?.hdmOffset ?? null;
  }

  decoderOwnerKind(componentId: string): DecoderOwnerKind | null {
    const c = this.topology.byId.get(componentId);
    return c === undefined ? null : ownerKind(c);
  }

  registers(componentId: string): ComponentRegistersView | null {
    return this.#regs.get(componentId) ?? null;
  }

  memory(deviceId: string): SparseMemory {
    const m = this.#memory.get(deviceId);
    if (m === undefined) throw new RangeError(`lab.memory: "${deviceId}" is not a Type 3 device`);
    return m;
  }

  resetComponent(componentId: string): Result<true> {
    const b = this.#block(componentId);
    if (!b.ok) return b;
    b.value.reset();
    this.#bump();
    return ok(true);
  }

  resetLab(): void {
    for (const r of this.#regs.values()) r.reset();
    this.#bump();
  }

  snapshot(): LabSnapshot {
    // Object.fromEntries defines own properties: a component id such as "__proto__" stays a key.
    const decoderEntries: [string, DecoderState[]][] = [...this.#regs.keys()].map((id) => [
      id,
      this.decoders(id).map((d) => ({ ...d, targets: [...d.targets] })),
    ]);
    // RCDs: the decoders Linux emulates from their DVSEC ranges (no register block to export).
    for (const c of this.topology.spec.components)
      if (c.kind === 'type3' && !this.#regs.has(c.id) && c.dvsec !== undefined)
        decoderEntries.push([c.id, this.decoders(c.id).map((d) => ({ ...d, targets: [...d.targets] }))]);
    const decoders: Record<string, DecoderState[]> = Object.fromEntries(decoderEntries);
    const registers: Record<string, ComponentRegisterState> = Object.fromEntries(
      [...this.#regs].map(([id, regs]) => [id, regs.exportState()]),
    );
    const touchedPages: Record<string, number> = Object.fromEntries(
      [...this.#memory].map(([id, m]) => [id, m.touchedPages]),
    );
    return {
      version: this.#version,
      spec: structuredCloneSpec(this.topology.spec),
      decoders,
      registers,
      touchedPages,
    };
  }

  toFile(options: { memory?: boolean } = {}): LabFile {
    const registers = new Map<string, ComponentRegisterState>();
    const components = this.topology.spec.components.map((c): ComponentSpec => {
      const regs = this.#regs.get(c.id);
      if (regs === undefined || c.kind === 'root-port' || c.kind === 'downstream-port') return { ...c };
      const decoders = deriveDecoderPrograms(regs);
      if (!replayReproduces(regs, decoders)) registers.set(c.id, regs.exportState());
      return { ...c, decoders };
    });
    const memory = new Map<string, [number, Uint8Array][]>();
    for (const [id, m] of options.memory === false ? [] : this.#memory) {
      const pages = [...m.pages()].map(([i, bytes]): [number, Uint8Array] => [i, bytes.slice()]);
      if (pages.length > 0) memory.set(id, pages);
    }
    return { spec: { ...structuredCloneSpec(this.topology.spec), components }, registers, memory };
  }
}

function sizeError(size: number): Result<never> {
  return err('mmio.bad-size', `${size}-byte access: component registers take 32-bit accesses only`, {
    spec: 'CXL r3.1 §8.2.2',
  });
}

/** A deep copy of a spec (plain JSON-safe data). */
function structuredCloneSpec(spec: TopologySpec): TopologySpec {
  return JSON.parse(JSON.stringify(spec)) as TopologySpec;
}

function fail(summary: string, causes: CxlError[]): { ok: false; error: CxlError } {
  return { ok: false, error: combineErrors('lab.invalid', summary, causes) };
}

/** How `createLab` builds its parts; absent = a standalone single-host lab. */
export interface CreateLabOptions {
  /**
   * The memory behind a Type 3 device, or undefined for a fresh `SparseMemory` of its capacity. A
   * multi-host lab (`fabric/fabric-lab.ts`) passes windows onto shared device media here.
   */
  memory?: (device: Type3Spec) => SparseMemory | undefined;
}

function isLabFile(input: TopologySpec | LabFile): input is LabFile {
  return 'spec' in input;
}

/**
 * Builds a lab from a topology or a parsed lab file. Fails (one error whose `causes` hold every
 * validation error) only if the topology is invalid or saved state cannot be loaded. Everything else
 * is a finding, each with a severity and whose rule it is: topology warnings first
 * (`topologyWarnings`, e.g. a passthrough host bridge with several root ports; `platformWarnings`,
 * ports the platform profile keeps from routing), then decoders that
 * did not commit (errors, with one cause per failed commit check).
 */
export function createLab(
  input: TopologySpec | LabFile,
  options: CreateLabOptions = {},
): Result<{ lab: Lab; findings: LabFinding[] }> {
  const file = isLabFile(input) ? input : { spec: input, registers: new Map(), memory: new Map() };
  const validated = validateTopology(file.spec);
  if (!validated.ok) return fail('topology is invalid', validated.error);
  const topology = validated.value;

  const regs = new Map<string, ComponentRegisters>();
  const memory = new Map<string, SparseMemory>();
  const errors: CxlError[] = [];
  for (const c of topology.spec.components) {
    const kind = ownerKind(c);
    if (kind === null || (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3')) continue;
    if (c.kind === 'type3')
      memory.set(c.id, options.memory?.(c) ?? new SparseMemory(c.volatile + c.persistent));
    if (isRcd(c, topology.byId)) continue; // no HDM Decoder Capability: decoders come from the DVSEC
    const block = ComponentRegisters.create(kind, c.decoderCount);
    if (!block.ok) errors.push({ ...block.error, component: c.id, field: 'decoderCount' });
    else regs.set(c.id, block.value);
  }
  if (errors.length > 0) return fail('cannot build register blocks', errors);

  const lab = new LabImpl(topology, regs, memory);
  const findings: LabFinding[] = [...topologyWarnings(topology), ...platformWarnings(topology)];
  for (const c of topology.spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3') continue;
    const block = regs.get(c.id);
    const saved = file.registers.get(c.id);
    if (saved !== undefined && block !== undefined) {
      const loaded = loadSavedState(c.id, block, saved, c.decoders);
      if (!loaded.ok) errors.push(loaded.error);
    } else {
      findings.push(...applyDecoders(lab, c.id, c.decoders));
    }
  }
  for (const id of file.registers.keys()) {
    if (!regs.has(id))
      errors.push({
        code: 'file.registers-unknown',
        message: `registers saved for "${id}", which has no register block`,
        component: id,
        field: 'registers',
      });
  }
  for (const [id, pages] of file.memory) {
    const m = memory.get(id);
    if (m === undefined) {
      errors.push({
        code: 'file.memory-unknown',
        message: `memory saved for "${id}", which is not a Type 3 device`,
        component: id,
        field: 'memory',
      });
      continue;
    }
    for (const [index, bytes] of pages) {
      const r = m.loadPage(index, bytes);
      if (!r.ok) errors.push({ ...r.error, component: id, field: 'memory' });
    }
  }
  if (errors.length > 0) return fail('cannot load saved state', errors);
  return ok({ lab, findings });
}
