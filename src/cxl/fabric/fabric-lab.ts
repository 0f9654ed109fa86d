/**
 * The multi-host lab (issue 18): one ordinary `Lab` per host, built from the host's view (`views.ts`),
 * over one physical media store per fabric device. An LD's Type 3 memory in its host's lab is a
 * `MemoryWindow` onto its slice of the media, so every host reads and writes the same bytes and the
 * reverse map ("which host and HPA reach this media byte") is answered from one place.
 *
 * A change to the fabric (a binding, an allocation) is a new spec: `createFabricLab` again, passing
 * the old lab's media (`options.media`) so device bytes survive, as the FM API does.
 */
import { hpasForDpa } from '../decode/inverse.ts';
import type { ComponentRegisterState } from '../hdm/component-registers.ts';
import { createLab, type Lab } from '../lab.ts';
import { MemoryWindow } from '../memory/memory-window.ts';
import { SparseMemory } from '../memory/sparse-memory.ts';
import { type CxlError, combineErrors, type LabFinding, ok, type Result } from '../result.ts';
import type { ComponentSpec, Type3Spec } from '../topology/model.ts';
import { ldKey, vcsComponentId } from './ids.ts';
import type { HostSpec, LdOwner, LdSlice, MultiHostSpec } from './model.ts';
import { type FabricIndex, validateFabric } from './validate.ts';
import { hostView, ldsByComponent } from './views.ts';

type Pages = readonly (readonly [pageIndex: number, bytes: Uint8Array])[];

/** A parsed `cxl-lab/2` file: the spec, saved registers and touched memory. */
export interface FabricLabFile {
  spec: MultiHostSpec;
  /** Raw register state per host, by component id in that host's view. */
  registers: ReadonlyMap<string, ReadonlyMap<string, ComponentRegisterState>>;
  /** Touched pages of each host's own Type 3 devices: host → device → pages. */
  hostMemory: ReadonlyMap<string, ReadonlyMap<string, Pages>>;
  /** Touched pages of each fabric device's media (page index = media offset / 4 KiB). */
  media: ReadonlyMap<string, Pages>;
}

/** A finding of one host's lab. */
export interface HostFinding {
  host: string;
  finding: LabFinding;
}

/** Who reaches one media byte (`FabricLab.reverse`). */
export interface MediaByteOwner {
  device: string;
  ld: number;
  /** The byte's DPA in its LD. */
  dpa: number;
  /** The host the LD is bound to and its component there; absent: the LD is bound to no host. */
  owner?: LdOwner;
  /** HPAs of that host that reach the byte (committed decoders on the whole path). */
  hpas: { hpa: number; decoder: number }[];
}

export interface FabricLab {
  readonly index: FabricIndex;
  readonly hostIds: readonly string[];
  /** The lab of one host, or undefined when there is no such host. */
  host(id: string): Lab | undefined;
  /** The physical media of a fabric device (media offset 0 … capacity−1). */
  media(deviceId: string): SparseMemory | undefined;
  /** Which LD, DPA, host and HPAs reach media byte `offset` of `deviceId`; null outside every LD. */
  reverse(deviceId: string, offset: number): MediaByteOwner | null;
  /** The lab as a file: every host's decoders written back into the spec, registers and memory. */
  toFile(): FabricLabFile;
  /**
   * `toFile()` without memory: the spec with every host's decoders and device state written back, and
   * each host's registers. Copies no page (the worker's document after every change).
   */
  toDocument(): Pick<FabricLabFile, 'spec' | 'registers'>;
  /** Each host's own Type 3 devices' memory (host → device → memory), shared, not copied. */
  hostMemories(): ReadonlyMap<string, ReadonlyMap<string, SparseMemory>>;
  /** Every fabric device's media (device → media), shared, not copied. */
  medias(): ReadonlyMap<string, SparseMemory>;
  /**
   * A new lab for `spec` (this lab's spec after a fabric change: a binding, an allocation), with each
   * host's register state and own memory copied and every device's media shared: the new lab
   * replaces this one, whose LD windows would otherwise still reach the same bytes. Host-own
   * memory is shared the same way (no page is copied).
   */
  rebuild(spec: MultiHostSpec): Result<{ lab: FabricLab; findings: HostFinding[] }>;
}

export interface CreateFabricOptions {
  /** Media to keep (from the lab this one replaces); devices not in it start empty. */
  media?: ReadonlyMap<string, SparseMemory>;
  /** Host-own Type 3 memory to keep (host → device), each kept when its capacity matches. */
  hostMemory?: ReadonlyMap<string, ReadonlyMap<string, SparseMemory>>;
}

function isFile(input: MultiHostSpec | FabricLabFile): input is FabricLabFile {
  return 'spec' in input;
}

/** Builds a multi-host lab; fails with every fabric problem, or each host's lab problems. */
export function createFabricLab(
  input: MultiHostSpec | FabricLabFile,
  options: CreateFabricOptions = {},
): Result<{ lab: FabricLab; findings: HostFinding[] }> {
  const file: FabricLabFile = isFile(input)
    ? input
    : { spec: input, registers: new Map(), hostMemory: new Map(), media: new Map() };
  const validated = validateFabric(file.spec);
  if (!validated.ok)
    return { ok: false, error: combineErrors('fabric.invalid', 'fabric is invalid', validated.error) };
  const index = validated.value;
  const media = buildMedia(index, file, options);
  if (!media.ok) return media;
  const labs = new Map<string, Lab>();
  const findings: HostFinding[] = [];
  const errors: CxlError[] = [];
  const ldsOf = ldsByComponent(index);
  for (const host of index.spec.hosts) {
    const built = buildHost(index, host, file, media.value, ldsOf, options.hostMemory?.get(host.id));
    if (!built.ok) {
      errors.push({ ...built.error, message: `host ${host.id}: ${built.error.message}` });
      continue;
    }
    labs.set(host.id, built.value.lab);
    for (const f of built.value.findings) findings.push({ host: host.id, finding: f });
  }
  if (errors.length > 0)
    return { ok: false, error: combineErrors('fabric.host-invalid', 'a host lab cannot be built', errors) };
  return ok({ lab: new FabricLabImpl(index, labs, media.value), findings });
}

/** One media store per fabric device: kept from `options.media` when the capacity matches, else new. */
function buildMedia(
  index: FabricIndex,
  file: FabricLabFile,
  options: CreateFabricOptions,
): Result<Map<string, SparseMemory>> {
  const out = new Map<string, SparseMemory>();
  const errors: CxlError[] = [];
  for (const d of index.devices.values()) {
    const kept = options.media?.get(d.id);
    const m = kept !== undefined && kept.capacityBytes === d.capacity ? kept : new SparseMemory(d.capacity);
    for (const [page, bytes] of file.media.get(d.id) ?? []) {
      const r = m.loadPage(page, bytes);
      if (!r.ok) errors.push({ ...r.error, component: d.id, field: 'memory' });
    }
    out.set(d.id, m);
  }
  for (const id of file.media.keys())
    if (!index.devices.has(id))
      errors.push({
        code: 'file.memory-unknown',
        message: `media saved for "${id}", which is not a fabric device`,
        component: id,
      });
  if (errors.length > 0)
    return { ok: false, error: combineErrors('fabric.media', 'cannot load device media', errors) };
  return ok(out);
}

function buildHost(
  index: FabricIndex,
  host: HostSpec,
  file: FabricLabFile,
  media: ReadonlyMap<string, SparseMemory>,
  ldsOf: ReadonlyMap<string, ReadonlyMap<string, string>>,
  kept: ReadonlyMap<string, SparseMemory> | undefined,
): Result<{ lab: Lab; findings: LabFinding[] }> {
  const view = hostView(index, host.id);
  const present = new Set(view.components.map((c) => c.id));
  // Registers saved for a component the view no longer has (an LD rebound elsewhere) are dropped.
  const saved = [...(file.registers.get(host.id) ?? [])].filter(([id]) => present.has(id));
  const lds = ldsOf.get(host.id) ?? new Map<string, string>();
  return createLab(
    { spec: view, registers: new Map(saved), memory: new Map(file.hostMemory.get(host.id) ?? []) },
    {
      memory: (device: Type3Spec) => {
        const key = lds.get(device.id);
        const slice = key === undefined ? undefined : index.slices.get(key);
        const store = slice === undefined ? undefined : media.get(slice.device);
        if (slice !== undefined && store !== undefined)
          return new MemoryWindow(store, slice.base, slice.size);
        const own = key === undefined ? kept?.get(device.id) : undefined;
        return own !== undefined && own.capacityBytes === device.volatile + device.persistent
          ? own
          : undefined;
      },
    },
  );
}

class FabricLabImpl implements FabricLab {
  readonly index: FabricIndex;
  readonly hostIds: readonly string[];
  readonly #labs: ReadonlyMap<string, Lab>;
  readonly #media: ReadonlyMap<string, SparseMemory>;
  /** Each device's LD slices (at most 16), so `reverse` looks at one device's only. */
  readonly #slicesOf = new Map<string, LdSlice[]>();

  constructor(index: FabricIndex, labs: ReadonlyMap<string, Lab>, media: ReadonlyMap<string, SparseMemory>) {
    this.index = index;
    this.hostIds = index.spec.hosts.map((h) => h.id);
    this.#labs = labs;
    this.#media = media;
    for (const slice of index.slices.values()) {
      const list = this.#slicesOf.get(slice.device) ?? [];
      list.push(slice);
      this.#slicesOf.set(slice.device, list);
    }
  }

  host(id: string): Lab | undefined {
    return this.#labs.get(id);
  }

  media(deviceId: string): SparseMemory | undefined {
    return this.#media.get(deviceId);
  }

  reverse(deviceId: string, offset: number): MediaByteOwner | null {
    for (const slice of this.#slicesOf.get(deviceId) ?? []) {
      if (offset < slice.base || offset >= slice.base + slice.size) continue;
      const dpa = offset - slice.base;
      const owner = this.index.owners.get(ldKey(deviceId, slice.ld));
      const lab = owner === undefined ? undefined : this.#labs.get(owner.host);
      const hpas = owner === undefined || lab === undefined ? [] : hpasForDpa(lab, owner.component, dpa);
      return { device: deviceId, ld: slice.ld, dpa, ...(owner !== undefined ? { owner } : {}), hpas };
    }
    return null;
  }

  rebuild(spec: MultiHostSpec): Result<{ lab: FabricLab; findings: HostFinding[] }> {
    const { registers } = this.toDocument();
    return createFabricLab(
      { spec, registers, hostMemory: new Map(), media: new Map() },
      { media: this.#media, hostMemory: this.hostMemories() },
    );
  }

  medias(): ReadonlyMap<string, SparseMemory> {
    return this.#media;
  }

  hostMemories(): ReadonlyMap<string, ReadonlyMap<string, SparseMemory>> {
    const out = new Map<string, ReadonlyMap<string, SparseMemory>>();
    for (const host of this.index.spec.hosts) {
      const lab = this.#labs.get(host.id);
      if (lab === undefined) continue;
      const own = host.components
        .filter((c) => c.kind === 'type3')
        .map((c) => [c.id, lab.memory(c.id)] as const);
      if (own.length > 0) out.set(host.id, new Map(own));
    }
    return out;
  }

  toDocument(): Pick<FabricLabFile, 'spec' | 'registers'> {
    const spec = JSON.parse(JSON.stringify(this.index.spec)) as MultiHostSpec;
    const registers = new Map<string, ReadonlyMap<string, ComponentRegisterState>>();
    for (const host of spec.hosts) {
      const lab = this.#labs.get(host.id);
      if (lab === undefined) continue;
      const f = lab.toFile({ memory: false });
      writeHostBack(this.index, spec, host.id, f.spec.components);
      if (f.registers.size > 0) registers.set(host.id, f.registers);
    }
    return { spec, registers };
  }

  toFile(): FabricLabFile {
    const { spec, registers } = this.toDocument();
    const hostMemory = new Map<string, ReadonlyMap<string, Pages>>();
    for (const [host, memories] of this.hostMemories()) {
      const mem = new Map<string, Pages>();
      for (const [id, m] of memories) {
        const pages = [...m.pages()].map(([i, bytes]): [number, Uint8Array] => [i, bytes.slice()]);
        if (pages.length > 0) mem.set(id, pages);
      }
      if (mem.size > 0) hostMemory.set(host, mem);
    }
    const media = new Map<string, Pages>();
    for (const [id, m] of this.#media) {
      const pages = [...m.pages()].map(([i, bytes]): [number, Uint8Array] => [i, bytes.slice()]);
      if (pages.length > 0) media.set(id, pages);
    }
    return { spec, registers, hostMemory, media };
  }
}

/**
 * Copies the components of host `hostId`'s view (decoders as programmed, device state: a host lab's
 * `toFile().spec.components`, or a document's view edited in place) back into `spec`, a copy of
 * `index`'s spec: host-own components, the decoders of the host's VCSs, and each LD's decoders and
 * device properties.
 */
export function writeHostBack(
  index: FabricIndex,
  spec: MultiHostSpec,
  hostId: string,
  components: readonly ComponentSpec[],
): void {
  const host = spec.hosts.find((h) => h.id === hostId);
  if (host === undefined) return;
  writeBack(spec, host, components, ldsByComponent(index).get(hostId) ?? new Map());
}

/** Copies a host lab's components (decoders as programmed, device state) back into the spec. */
function writeBack(
  spec: MultiHostSpec,
  host: HostSpec,
  components: readonly ComponentSpec[],
  lds: ReadonlyMap<string, string>,
): void {
  const byId = new Map(components.map((c) => [c.id, c]));
  host.components = host.components.map((c) => byId.get(c.id) ?? c);
  for (const s of spec.fabric.switches)
    for (const vcs of s.vcss) {
      const c = byId.get(vcsComponentId(s.id, vcs.vcs));
      if (c?.kind === 'switch' && s.ports.find((p) => p.port === vcs.usp)?.link?.host === host.id)
        vcs.decoders = c.decoders;
    }
  for (const [component, key] of lds) {
    const c = byId.get(component);
    const [deviceId, ldText] = key.split('\u0000');
    const ld = spec.fabric.devices.find((d) => d.id === deviceId)?.lds.find((l) => String(l.ld) === ldText);
    if (c?.kind !== 'type3' || ld === undefined) continue;
    ld.decoders = c.decoders;
    if (c.device !== undefined) ld.device = c.device;
  }
}
