/**
 * The worker's multi-host lab (issue 18, docs/multi-host.md): the core's `FabricLab`, the focused
 * host whose `Lab` every single-host request acts on, and the fabric manager's pending background
 * operation (CXL 2.0 §7.6.7.2.2–.3). Builds the `FabricView` and `FabricDocument` the protocol carries.
 */
import {
  createFabricLab,
  type FabricLab,
  type FabricLabFile,
  type HostFinding,
  writeHostBack,
} from '../cxl/fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../cxl/fabric/file-write.ts';
import type { MultiHostSpec } from '../cxl/fabric/model.ts';
import { validateFabric } from '../cxl/fabric/validate.ts';
import type { PendingOperation } from '../cxl/fm/state.ts';
import { bindingTable } from '../cxl/fm/table.ts';
import type { ComponentRegisterState } from '../cxl/hdm/component-registers.ts';
import type { DecoderState } from '../cxl/hdm/decoder-state.ts';
import type { Lab } from '../cxl/lab.ts';
import type { SparseMemory } from '../cxl/memory/sparse-memory.ts';
import { type CxlError, combineErrors, err, ok, type Result } from '../cxl/result.ts';
import type { ComponentSpec } from '../cxl/topology/model.ts';
import { ldViews } from './fabric-media.ts';
import { documentRegisters, linuxView, regionViews } from './lab-parts.ts';
import type {
  DeviceMemoryView,
  FabricDocument,
  FabricHostView,
  FabricView,
  LabDocument,
} from './lab-types.ts';

type Written = Pick<FabricLabFile, 'spec' | 'registers'>;

/** The memory a multi-host lab is built over: each fabric device's media, each host's own devices'. */
export interface FabricMemories {
  media: ReadonlyMap<string, SparseMemory>;
  hostMemory: ReadonlyMap<string, ReadonlyMap<string, SparseMemory>>;
}

/** A lab's memories (shared, not copied), to build its successor over. */
export function memoriesOf(lab: FabricLab): FabricMemories {
  return { media: lab.medias(), hostMemory: lab.hostMemories() };
}

/** A multi-host lab as the worker holds it. Immutable: every change answers a new session. */
export class FabricSession {
  readonly lab: FabricLab;
  readonly focus: string;
  readonly pending: PendingOperation | null;
  readonly #findings: readonly HostFinding[];
  /** `lab.toDocument()`, cached while no host lab's registers change (`Lab.version`). */
  #written: { key: string; value: Written } | null = null;

  private constructor(
    lab: FabricLab,
    focus: string,
    pending: PendingOperation | null,
    findings: readonly HostFinding[],
  ) {
    this.lab = lab;
    this.focus = focus;
    this.pending = pending;
    this.#findings = findings;
  }

  /**
   * Builds a session from a file (or a document's spec and registers) over `keep` (the memories of
   * the lab it replaces, or of a journal replay), by device id where the capacity matches.
   * `focus`: a host id, else the first host.
   */
  static build(
    file: FabricLabFile,
    focus: string | undefined,
    pending: PendingOperation | null,
    keep: FabricMemories | null,
  ): Result<FabricSession> {
    const built = createFabricLab(file, keep ?? {});
    if (!built.ok) return built;
    const hosts = built.value.lab.hostIds;
    const first = hosts[0];
    if (first === undefined) return err('fabric.no-host', 'the multi-host lab has no host');
    const chosen = focus !== undefined && hosts.includes(focus) ? focus : first;
    return ok(new FabricSession(built.value.lab, chosen, pending, built.value.findings));
  }

  /**
   * The session a document describes (undo, redo, an edited document): the fabric spec, with the
   * focused host's view (`document.spec`, which a single-host edit such as a logged poison read may
   * have changed) written back into it, and every host's registers.
   */
  static fromDocument(
    document: LabDocument,
    fabric: FabricDocument,
    keep: FabricMemories | null,
  ): Result<FabricSession> {
    const spec = JSON.parse(JSON.stringify(fabric.spec)) as MultiHostSpec;
    const index = validateFabric(spec);
    if (!index.ok)
      return { ok: false, error: combineErrors('fabric.invalid', 'fabric is invalid', index.error) };
    writeHostBack(index.value, spec, fabric.focus, document.spec.components);
    const registers = new Map<string, ReadonlyMap<string, ComponentRegisterState>>();
    for (const [host, states] of Object.entries(fabric.registers))
      registers.set(host, new Map(Object.entries(states)));
    registers.set(fabric.focus, new Map(Object.entries(document.registers)));
    const file: FabricLabFile = { spec, registers, hostMemory: new Map(), media: new Map() };
    return FabricSession.build(file, fabric.focus, fabric.pending, keep);
  }

  /** The focused host's lab (a `MemoryLab` too: its LD memories are windows onto the media). */
  get focused(): Lab {
    const lab = this.lab.host(this.focus);
    if (lab === undefined) throw new RangeError(`no lab for the focused host "${this.focus}"`);
    return lab;
  }

  /** The focused host's findings (decoders that did not commit when the lab was built, …). */
  get findings(): CxlError[] {
    return this.#findings.filter((f) => f.host === this.focus).map((f) => ({ ...f.finding }));
  }

  /** The same lab focused on `host` (not an edit: the store keeps no undo step for it). */
  withFocus(host: string): Result<FabricSession> {
    if (!this.lab.hostIds.includes(host))
      return err(
        'fabric.no-host',
        `there is no host "${host}" in this lab (hosts: ${this.lab.hostIds.join(', ')})`,
      );
    return ok(new FabricSession(this.lab, host, this.pending, this.#findings));
  }

  /**
   * The lab after a fabric change: `spec` (a binding, an allocation) and the pending operation. The
   * lab is rebuilt only when the spec changed (media and host memory kept); the focus stays.
   */
  changed(spec: MultiHostSpec, pending: PendingOperation | null): Result<FabricSession> {
    if (JSON.stringify(spec) === JSON.stringify(this.written().spec))
      return ok(new FabricSession(this.lab, this.focus, pending, this.#findings));
    const built = this.lab.rebuild(spec);
    if (!built.ok) return built;
    return ok(new FabricSession(built.value.lab, this.focus, pending, built.value.findings));
  }

  /**
   * Makes `component` the component of its id in the focused host's view (a mailbox state change):
   * written back into the fabric spec (an LD's `device` properties go to the LD), then rebuilt.
   */
  replaceComponent(component: ComponentSpec): Result<FabricSession> {
    const view = this.focused.toFile({ memory: false }).spec.components;
    const spec = JSON.parse(JSON.stringify(this.written().spec)) as MultiHostSpec;
    writeHostBack(
      this.lab.index,
      spec,
      this.focus,
      view.map((c) => (c.id === component.id ? component : c)),
    );
    const built = this.lab.rebuild(spec);
    if (!built.ok) return built;
    return ok(new FabricSession(built.value.lab, this.focus, this.pending, built.value.findings));
  }

  /** The fabric spec with every host's decoders written back, and each host's registers. */
  written(): Written {
    const key = this.lab.hostIds.map((h) => this.lab.host(h)?.version ?? 0).join(',');
    if (this.#written?.key !== key) this.#written = { key, value: this.lab.toDocument() };
    return this.#written.value;
  }

  document(): FabricDocument {
    const w = this.written();
    const registers: FabricDocument['registers'] = {};
    for (const [host, states] of w.registers) {
      const lab = this.lab.host(host);
      if (lab !== undefined) registers[host] = documentRegisters(lab, states);
    }
    return {
      spec: JSON.parse(JSON.stringify(w.spec)) as MultiHostSpec,
      registers,
      focus: this.focus,
      pending: this.pending === null ? null : structuredClone(this.pending),
    };
  }

  view(): FabricView {
    const spec = JSON.parse(JSON.stringify(this.written().spec)) as MultiHostSpec;
    const media: Record<string, DeviceMemoryView> = {};
    for (const [id, m] of this.lab.medias())
      media[id] = { capacityBytes: m.capacityBytes, touchedPages: m.touchedPages };
    return {
      spec,
      focus: this.focus,
      hosts: spec.hosts.map((h) => this.#hostView(h.id, h.name ?? h.id)),
      lds: ldViews(this.lab),
      bindings: bindingTable({ spec, pending: this.pending }),
      pending: this.pending === null ? null : structuredClone(this.pending),
      media,
    };
  }

  /**
   * The lab as `cxl-lab/2` text (every touched page), or why not: a device with more than
   * `maxPages` touched pages (the file reader's limit per device).
   */
  saveText(maxPages: number): Result<{ text: string }> {
    const counts: [string, number][] = [...this.lab.medias()].map(([id, m]) => [id, m.touchedPages]);
    for (const [host, memories] of this.lab.hostMemories())
      for (const [id, m] of memories) counts.push([`${host} ${id}`, m.touchedPages]);
    const over = counts.filter(([, n]) => n > maxPages);
    if (over.length > 0)
      return err(
        'file.memory-too-large',
        `cannot save: ${over.map(([id, n]) => `${id} has ${n} touched pages`).join(', ')}; a cxl-lab/2 file holds at most ${maxPages} pages (64 MiB) per device`,
      );
    return ok({ text: serializeMultiHostFile(this.lab.toFile()) });
  }

  #hostView(id: string, name: string): FabricHostView {
    const lab = this.lab.host(id);
    if (lab === undefined) throw new RangeError(`no lab for host "${id}"`);
    const spec = lab.topology.spec;
    const decoders: Record<string, DecoderState[]> = {};
    for (const c of spec.components) {
      if (lab.registers(c.id) === null) continue;
      decoders[c.id] = lab.decoders(c.id).map((d) => ({ ...d, targets: [...d.targets] }));
    }
    return {
      id,
      name,
      spec: JSON.parse(JSON.stringify(spec)) as FabricHostView['spec'],
      decoders,
      regions: regionViews(lab),
      linux: linuxView(lab),
    };
  }
}
