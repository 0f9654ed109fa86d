/**
 * DOC: everything the emulator worker does, as plain code that runs the same in a Web Worker and in
 * Node (the unit tests drive it with a fake `post`). `emulator.worker.ts` only wires `onmessage`
 * and `postMessage` to `createHandler`.
 *
 * Requests run one at a time, in arrival order, so every request sees the lab as the previous one
 * left it. Long operations (fill, verify, restoring a journal with fills) run in chunks and give the
 * event loop a turn between chunks (`host.yieldToEvents`), which is when a `cancel` envelope gets
 * in; the core's fill/verify also check the cancel flag between granule runs. A handler exception
 * is answered as `worker.internal`: the client treats it like a crash (restart, restore).
 */

import {
  type AccessPiece,
  type FillPattern,
  fill,
  type MemoryLab,
  read,
  verify,
  write,
} from '../cxl/decode/access.ts';
import type { FabricLab, FabricLabFile } from '../cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../cxl/fabric/file.ts';
import {
  applyPlan,
  type CheckRun,
  type ComponentSpec,
  type CxlError,
  checkRun,
  createLab,
  createRegion,
  decoderRegOffset,
  destroyRegion,
  hdmDecoderControl,
  LAB_FILE_FORMAT,
  type Lab,
  type LabFile,
  MAX_FILE_CHARS,
  programDecoder,
  type Result,
  serializeLabFile,
  setField,
  type TopologySpec,
} from '../cxl/index.ts';
import { ADDRESS_LIMIT } from '../cxl/units.ts';
import { deviceHandlers } from './device-inspect.ts';
import { deviceLabelHandlers } from './device-labels.ts';
import { fmRun, fmStep } from './fabric-fm.ts';
import { fmCatalogHandlers } from './fabric-handlers.ts';
import { captureFabricPages, fabricMemoryEntries, replayFabric } from './fabric-journal.ts';
import { fabricMediaHandlers } from './fabric-media.ts';
import { fabricEditRefusal } from './fabric-refusals.ts';
import { FabricSession, memoriesOf } from './fabric-session.ts';
import {
  cedtDecode,
  cedtOf,
  dpaRead,
  dpaReverse,
  registerDump,
  routeBatch,
  setDecoder,
  traceAccess,
  writeField,
} from './inspect.ts';
import {
  cedtImport,
  cxlListImport,
  qemuExport,
  qemuImport,
  shareDecode,
  shareEncode,
  shareOpen,
} from './interop.ts';
import { documentRegisters, linuxView, regionViews, snapshotMemory } from './lab-parts.ts';
import { LessonSession } from './lesson.ts';
import { MemoryBank } from './memory-bank.ts';
import { poisonReadState, poisonView } from './poison-read.ts';
import {
  type AccessPieceView,
  type ArgsOf,
  type FillSummary,
  type LabDocument,
  type LabState,
  type LabView,
  type MainToWorker,
  type MemoryEntry,
  PROTOCOL_VERSION,
  type RegionRefusal,
  type RegionRefusalError,
  type Reply,
  type Request,
  type RequestKind,
  type RequestOf,
  type ResponseOf,
  type ResultOf,
  type VerifySummary,
  WORKER_ERROR,
  type WorkerToMain,
} from './protocol.ts';
import { rcrbBlocksView } from './rch-inspect.ts';

/** What the handler needs from its environment. */
export interface HandlerHost {
  post(message: WorkerToMain, transfer?: Transferable[]): void;
  /** Gives queued messages (a `cancel`) a chance to arrive; default: a zero-delay timer. */
  yieldToEvents?(): Promise<void>;
  /** Raises `error` outside any request, as an uncaught worker error (test hook). */
  throwUncaught?(error: Error): void;
}

export interface Handler {
  onMessage(message: MainToWorker): void;
  /** Resolves when every request received so far has been answered (tests). */
  idle(): Promise<void>;
}

/** Bytes per chunk of a fill or verify: the most the worker spends between two looks at its queue. */
export const CHUNK_BYTES = 32 * 2 ** 20;
/** The cxl-lab/1 parser accepts at most this many memory pages per device (64 MiB). */
const FILE_MAX_PAGES_PER_DEVICE = 16384;
/** Reads are shown as hex in the UI; larger ones are a mistake. */
const MAX_READ_BYTES = 1 << 20;
const MAX_WRITE_BYTES = 1 << 20;

const EMPTY_SPEC: TopologySpec = { name: 'Empty lab', windows: [], components: [] };

interface CancelFlag {
  aborted: boolean;
}

type Ok<T> = { ok: true; value: T };
type Fail = { ok: false; error: CxlError };

function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

function fail(code: string, message: string, causes?: CxlError[]): Fail {
  return { ok: false, error: causes === undefined ? { code, message } : { code, message, causes } };
}

function defaultYield(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorText(e: CxlError): string {
  return e.message;
}

function pieceView(p: Omit<AccessPiece, 'hops'>): AccessPieceView {
  const v: AccessPieceView = { hpa: p.hpa, length: p.length, ok: p.ok };
  if (p.device !== undefined) v.device = p.device;
  if (p.dpa !== undefined) v.dpa = p.dpa;
  if (p.error !== undefined) v.error = p.error.message;
  if (p.poison !== undefined) v.poison = poisonView(p.poison);
  return v;
}

/** Merges consecutive pieces that continue each other on the same device (a log line per run). */
function mergePieces(pieces: AccessPieceView[]): AccessPieceView[] {
  const out: AccessPieceView[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.ok === p.ok &&
      last.device === p.device &&
      last.error === p.error &&
      last.poison === undefined &&
      p.poison === undefined &&
      last.hpa + last.length === p.hpa &&
      (last.dpa === undefined || p.dpa === last.dpa + last.length)
    ) {
      last.length += p.length;
    } else out.push({ ...p });
  }
  return out;
}

function labFileOf(document: LabDocument): LabFile {
  return { spec: document.spec, registers: new Map(Object.entries(document.registers)), memory: new Map() };
}

/** The emulator: one lab (configuration) plus the memory bank, and every request's logic. */
class Emulator {
  #lab: Lab;
  #mem: MemoryLab;
  #findings: CxlError[] = [];
  /** Unconnected canvas components: kept with the document, never built into the lab. */
  #drafts: ComponentSpec[] = [];
  readonly #bank: MemoryBank;
  /** The open multi-host lab (issue 18); null for a single-host lab (`fabric-session.ts`). */
  #fabric: FabricSession | null = null;

  constructor() {
    this.#bank = new MemoryBank();
    const empty = createLab(EMPTY_SPEC);
    if (!empty.ok) throw new Error(`the empty lab does not build: ${empty.error.message}`);
    this.#lab = empty.value.lab;
    this.#mem = this.#bank.adapter(this.#lab);
  }

  #install(lab: Lab, findings: CxlError[]): void {
    this.#fabric = null;
    this.#lab = lab;
    this.#findings = findings;
    this.#mem = this.#bank.adapter(lab);
  }

  /** Makes a multi-host lab current: the focused host's `Lab` is the lab, and its own `MemoryLab`. */
  #installFabric(session: FabricSession): LabState {
    this.#fabric = session;
    this.#lab = session.focused;
    this.#mem = session.focused;
    this.#findings = session.findings;
    this.#drafts = [];
    return this.state();
  }

  view(): LabView {
    const snap = this.#lab.snapshot();
    return {
      version: snap.version,
      spec: snap.spec,
      decoders: snap.decoders,
      registers: snap.registers,
      findings: this.#findings.map((f) => ({ ...f })),
      // A multi-host lab's memories are its own (LDs: windows onto the media), not the bank's.
      memory: this.#fabric === null ? this.#bank.view(snap.spec) : snapshotMemory(snap),
      regions: regionViews(this.#lab),
      drafts: structuredClone(this.#drafts),
      linux: linuxView(this.#lab),
      rcrbBlocks: rcrbBlocksView(this.#lab), // CXL 1.1 RCH / RCD (rch-inspect.ts)
      ...(this.#fabric === null ? {} : { fabric: this.#fabric.view() }),
    };
  }

  document(): LabDocument {
    const file = this.#lab.toFile({ memory: false });
    const document: LabDocument = {
      spec: file.spec,
      registers: documentRegisters(this.#lab, file.registers),
    };
    if (this.#drafts.length > 0) document.drafts = structuredClone(this.#drafts);
    if (this.#fabric !== null) document.fabric = this.#fabric.document();
    return document;
  }

  /** The open multi-host lab (issue 18), or null for a single-host lab. */
  get fabricLab(): FabricLab | null {
    return this.#fabric?.lab ?? null;
  }

  /** `fabric.focus`: the single-host requests act on `host` from now on (not an edit). */
  focusHost(host: string): Result<LabState> {
    if (this.#fabric === null) return singleHost('fabric.focus');
    const next = this.#fabric.withFocus(host);
    return next.ok ? ok(this.#installFabric(next.value)) : next;
  }

  /** `fm.run`: one FM API command on the fabric (`fabric-fm.ts`). */
  fmRun(args: ArgsOf<'fm.run'>): Reply<'fm.run'> {
    if (this.#fabric === null) return singleHost('fm.run');
    const r = fmRun(this.#fabric, args);
    if (!r.ok) return r;
    return ok({ ...this.#installFabric(r.value.session), run: r.value.run });
  }

  /** `fm.step`: the pending Bind or Unbind vPPB one step on, or to its end. */
  fmStep(args: ArgsOf<'fm.step'>): Reply<'fm.step'> {
    if (this.#fabric === null) return singleHost('fm.step');
    const r = fmStep(this.#fabric, args.complete === true);
    if (!r.ok) return r;
    const { percent, completed } = r.value;
    return ok({ ...this.#installFabric(r.value.session), percent, completed });
  }

  /** The mailbox registers each device's last command left (`device-inspect.ts`). */
  readonly lastMailbox = new Map<string, Uint8Array>();

  /** Makes `spec` the component of its id, keeping registers and memory (a mailbox state change). */
  replaceComponent(spec: ComponentSpec): Result<LabState> {
    if (this.#fabric !== null) {
      const next = this.#fabric.replaceComponent(spec);
      return next.ok ? ok(this.#installFabric(next.value)) : next;
    }
    const file = this.#lab.toFile();
    const components = file.spec.components.map((c) => (c.id === spec.id ? spec : c));
    const built = createLab({ ...file, spec: { ...file.spec, components } });
    if (!built.ok) return built;
    this.#install(built.value.lab, built.value.findings);
    return ok(this.state());
  }

  capturePages(device: string, dpa: number, length: number): MemoryEntry | null {
    if (this.#fabric !== null) return captureFabricPages(this.#fabric, device, dpa, length);
    return this.#bank.capturePages(device, dpa, length);
  }

  /** What the inspection requests (`inspect.ts`) work on. */
  get inspected(): { lab: Lab; mem: MemoryLab } {
    return { lab: this.#lab, mem: this.#mem };
  }

  state(): LabState {
    return { view: this.view(), document: this.document() };
  }

  /** Builds a lab from a document (no memory): the same path as opening a file. */
  static build(document: LabDocument): Result<{ lab: Lab; findings: CxlError[] }> {
    return createLab(labFileOf(document));
  }

  load(document: LabDocument): Result<LabState> {
    if (document.fabric !== undefined) {
      const keep = this.#fabric === null ? null : memoriesOf(this.#fabric.lab);
      const session = FabricSession.fromDocument(document, document.fabric, keep);
      return session.ok ? ok(this.#installFabric(session.value)) : session;
    }
    const built = Emulator.build(document);
    if (!built.ok) return built;
    this.#install(built.value.lab, built.value.findings);
    this.#drafts = structuredClone(document.drafts ?? []);
    return ok(this.state());
  }

  async restore(
    document: LabDocument,
    memory: readonly MemoryEntry[],
    progress: (done: number, total: number) => void,
    yieldToEvents: () => Promise<void>,
  ): Promise<Result<LabState>> {
    const total = memory.reduce((n, e) => n + (e.kind === 'fill' ? e.length : 0), 0);
    let done = 0;
    const replayFill = (lab: MemoryLab, entry: Extract<MemoryEntry, { kind: 'fill' }>) =>
      inChunks(entry.length, NEVER_CANCELLED, yieldToEvents, (at, n) => {
        fill(lab, entry.hpa + at, n, entry.pattern);
        done += n;
        progress(done, total);
        return false;
      }).then(() => undefined);
    if (document.fabric !== undefined) {
      // A multi-host lab: replayed into fresh memories (fabric-journal.ts); the current lab stays
      // intact until everything has worked.
      const session = await replayFabric(document, document.fabric, memory, replayFill);
      return session.ok ? ok(this.#installFabric(session.value)) : session;
    }
    const built = Emulator.build(document);
    if (!built.ok) return built;
    // Replay into a fresh bank; the current lab stays intact until everything has worked.
    const bank = new MemoryBank();
    for (const entry of memory) {
      if (entry.kind === 'pages') {
        if (entry.host === undefined) bank.loadPages(entry);
        continue;
      }
      if (entry.kind === 'rename') {
        bank.rename(entry.from, entry.to);
        continue;
      }
      if (entry.kind === 'media' || entry.context.fabric !== undefined) continue; // multi-host entries
      const context = Emulator.build(entry.context);
      if (!context.ok) return fail('lab.restore-failed', `memory journal: ${context.error.message}`);
      await replayFill(bank.adapter(context.value.lab), entry);
    }
    this.#bank.replaceWith(bank);
    this.#install(built.value.lab, built.value.findings);
    this.#drafts = structuredClone(document.drafts ?? []);
    return ok(this.state());
  }

  /**
   * Opens a `cxl-lab/1` file as the lab. Reports progress in bytes of the file (parse, build, then
   * memory pages device by device) and can be cancelled between those steps; the current lab is only
   * replaced once everything has worked, so a refused or cancelled file leaves it untouched.
   */
  async openFile(
    bytes: Uint8Array,
    fileName: string,
    signal: CancelFlag = { aborted: false },
    progress: (done: number, total: number) => void = () => {},
    yieldToEvents: () => Promise<void> = async () => {},
  ): Promise<Result<LabState & { memory: MemoryEntry[] }>> {
    const what = fileName || 'the file';
    const total = Math.max(1, bytes.length);
    const cancelled = () => fail('file.cancelled', `opening ${what} was cancelled; the lab is unchanged`);
    progress(0, total);
    if (bytes.length > MAX_FILE_CHARS) {
      return fail(
        'file.too-large',
        `${what} is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; the lab opens files up to ${MAX_FILE_CHARS / 2 ** 20} MiB`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail('file.encoding', `${what} is not UTF-8 text, so it is not a ${LAB_FILE_FORMAT} file`);
    }
    await yieldToEvents();
    if (signal.aborted) return cancelled();
    const parsed = parseAnyLabFile(text);
    progress(Math.floor(total * 0.7), total);
    await yieldToEvents();
    if (signal.aborted) return cancelled();
    if (!parsed.ok) {
      const n = parsed.error.length;
      const first = parsed.error[0]?.message ?? 'unknown problem';
      return fail(
        'file.invalid',
        `${what} was not opened: ${first}${n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''})` : ''}`,
        parsed.error,
      );
    }
    if (parsed.value.hosts === 'multi') return this.#openFabric(parsed.value.file, what);
    const file = parsed.value.file;
    const built = createLab(file);
    if (!built.ok) {
      return fail(
        'file.invalid',
        `${what} was not opened: ${built.error.message}`,
        built.error.causes ?? [built.error],
      );
    }
    progress(Math.floor(total * 0.8), total);
    await yieldToEvents();
    if (signal.aborted) return cancelled();
    const bank = new MemoryBank();
    const memory: MemoryEntry[] = [];
    const devices = file.spec.components.filter((c) => c.kind === 'type3').length;
    let loaded = 0;
    for (const c of file.spec.components) {
      if (c.kind !== 'type3') continue;
      loaded += 1;
      const pages = file.memory.get(c.id);
      if (pages === undefined || pages.length === 0) continue;
      const entry: MemoryEntry = {
        kind: 'pages',
        device: c.id,
        capacityBytes: c.volatile + c.persistent,
        pages: pages.map(([i, b]): [number, Uint8Array] => [i, b]),
      };
      bank.loadPages(entry);
      memory.push(entry);
      progress(Math.floor(total * (0.8 + (0.2 * loaded) / devices)), total);
      await yieldToEvents();
      if (signal.aborted) return cancelled();
    }
    this.#bank.replaceWith(bank);
    this.#install(built.value.lab, built.value.findings);
    this.#drafts = [];
    return ok({ ...this.state(), memory });
  }

  /** Opens a parsed `cxl-lab/2` file (issue 18): the multi-host lab, focused on its first host. */
  #openFabric(file: FabricLabFile, what: string): Result<LabState & { memory: MemoryEntry[] }> {
    const session = FabricSession.build(file, undefined, null, null);
    if (!session.ok)
      return fail(
        'file.invalid',
        `${what} was not opened: ${session.error.message}`,
        session.error.causes ?? [session.error],
      );
    this.#bank.replaceWith(new MemoryBank());
    const memory = fabricMemoryEntries(session.value.lab);
    return ok({ ...this.#installFabric(session.value), memory });
  }

  /** The lab as a file with every touched memory page (share links choose which pages to carry). */
  labFile(): LabFile {
    const file = this.#lab.toFile();
    return { ...file, memory: this.#bank.pagesOf(file.spec) };
  }

  saveFile(): Result<{ text: string }> {
    if (this.#fabric !== null) return this.#fabric.saveText(FILE_MAX_PAGES_PER_DEVICE);
    const file = this.#lab.toFile();
    const pages = this.#bank.pagesOf(file.spec);
    const tooMany = [...pages].filter(([, p]) => p.length > FILE_MAX_PAGES_PER_DEVICE);
    if (tooMany.length > 0) {
      const list = tooMany.map(([id, p]) => `${id} has ${p.length} touched pages`).join(', ');
      return fail(
        'file.memory-too-large',
        `cannot save: ${list}; a ${LAB_FILE_FORMAT} file holds at most ${FILE_MAX_PAGES_PER_DEVICE} pages (64 MiB) per device`,
      );
    }
    return ok({ text: serializeLabFile({ ...file, memory: pages }) });
  }

  setTopology(
    spec: TopologySpec,
    drafts?: ComponentSpec[],
    renamed?: ArgsOf<'topology.set'>['renamed'],
  ): Result<LabState> {
    if (this.#fabric !== null) return fabricEditRefusal(this.#fabric);
    const built = createLab(spec);
    if (!built.ok) return built;
    // A renamed device keeps its memory (the bank is keyed by id).
    if (renamed !== undefined) this.#bank.rename(renamed.from, renamed.to);
    this.#install(built.value.lab, built.value.findings);
    if (drafts !== undefined) this.#drafts = structuredClone(drafts);
    return ok(this.state());
  }

  /**
   * `cxl-lab check` on the current lab: saved and loaded again the way the CLI loads a file, so the
   * load findings (decoders in Error Not Committed, topology warnings) are those of now, not of
   * when the lab was built.
   */
  check(): Result<CheckRun> {
    const reloaded = createLab(this.#lab.toFile({ memory: false }));
    if (!reloaded.ok) return reloaded;
    return ok(checkRun(reloaded.value.lab, reloaded.value.findings));
  }

  mmioRead32(component: string, offset: number): Result<{ value: number }> {
    const r = this.#lab.mmioRead32(component, offset);
    return r.ok ? ok({ value: r.value }) : r;
  }

  mmioWrite32(args: ArgsOf<'mmio.write32'>): Result<ResultOf<'mmio.write32'>> {
    const r = this.#lab.mmioWrite32(args.component, args.offset, args.value);
    return r.ok ? ok({ ...this.state(), write: r.value }) : r;
  }

  program(args: ArgsOf<'hdm.program'>): Result<ResultOf<'hdm.program'>> {
    const r = programDecoder(this.#lab, args.component, args.index, args.program, { commit: args.commit });
    if (!r.ok) return r;
    const out: ResultOf<'hdm.program'> = {
      ...this.state(),
      outcome: r.value.outcome,
      writes: r.value.writes.length,
    };
    if (r.value.reason !== undefined) out.reason = r.value.reason;
    return ok(out);
  }

  uncommit(args: ArgsOf<'hdm.uncommit'>): Result<ResultOf<'hdm.uncommit'>> {
    const hdm = this.#lab.hdmBase(args.component);
    if (hdm === null) return fail('hdm.no-decoders', `${args.component} has no HDM decoders`);
    const state = this.#lab.decoders(args.component)[args.index];
    if (state === undefined)
      return fail('hdm.no-such-decoder', `${args.component} has no decoder ${args.index}`);
    const offset = hdm + decoderRegOffset(args.index, hdmDecoderControl);
    const current = this.#lab.mmioRead32(args.component, offset);
    if (!current.ok) return current;
    const w = this.#lab.mmioWrite32(
      args.component,
      offset,
      setField(hdmDecoderControl, 'commit', current.value, 0),
    );
    if (!w.ok) return w;
    const after = this.#lab.decoders(args.component)[args.index];
    if (after?.committed === true) {
      return fail(
        'hdm.decoder-locked',
        `${args.component} decoder ${args.index} stays committed: it is locked until the component is reset`,
      );
    }
    return ok({ ...this.state(), writes: 1 });
  }

  createRegion(args: ArgsOf<'region.create'>): Reply<'region.create'> {
    const plan = createRegion(this.#lab, args);
    if (!plan.ok) return refused(plan);
    const applied = applyPlan(this.#lab, plan.value);
    if (!applied.ok) return refused(applied);
    return ok({ ...this.state(), region: applied.value.region, writes: applied.value.writes.length });
  }

  planRegion(args: ArgsOf<'region.plan'>): Result<ResultOf<'region.plan'>> {
    const plan = createRegion(this.#lab, args);
    return ok(plan.ok ? { ok: true, plan: plan.value } : { ok: false, refusal: plan.error });
  }

  destroyRegion(args: ArgsOf<'region.destroy'>): Reply<'region.destroy'> {
    const r = destroyRegion(this.#lab, args.region);
    if (!r.ok) return refused(r);
    return ok({ ...this.state(), writes: r.value.writes.length });
  }

  read(args: ArgsOf<'mem.read'>): Result<ResultOf<'mem.read'>> {
    if (!Number.isInteger(args.length) || args.length < 1 || args.length > MAX_READ_BYTES) {
      return fail('access.bad-argument', `read length ${args.length}: expected 1 … ${MAX_READ_BYTES} bytes`);
    }
    const r = read(this.#mem, args.hpa, args.length, { trace: false });
    const trace = args.trace === true ? { trace: traceAccess(this.#lab, r.pieces) } : {};
    // A read of poison logs General Media events in the device state: a document edit (poison-read.ts).
    const state = poisonReadState(this, r.pieces);
    return ok({
      data: r.data,
      pieces: mergePieces(r.pieces.map(pieceView)),
      errors: r.errors.map(errorText),
      ...trace,
      ...(state === null ? {} : { state }),
    });
  }

  write(args: ArgsOf<'mem.write'>): Result<ResultOf<'mem.write'>> {
    if (args.bytes.length < 1 || args.bytes.length > MAX_WRITE_BYTES) {
      return fail(
        'access.bad-argument',
        `write of ${args.bytes.length} bytes: expected 1 … ${MAX_WRITE_BYTES} bytes`,
      );
    }
    const r = write(this.#mem, args.hpa, args.bytes, { trace: false });
    const memory: MemoryEntry[] = [];
    for (const p of r.pieces) {
      if (!p.ok || p.device === undefined || p.dpa === undefined) continue;
      const entry = this.capturePages(p.device, p.dpa, p.length);
      if (entry !== null) memory.push(entry);
    }
    return ok({
      written: r.written,
      pieces: mergePieces(r.pieces.map(pieceView)),
      errors: r.errors.map(errorText),
      memory,
      view: this.view(),
      ...(args.trace === true ? { trace: traceAccess(this.#lab, r.pieces) } : {}),
    });
  }

  async fill(
    args: ArgsOf<'mem.fill'>,
    signal: CancelFlag,
    progress: (done: number, total: number) => void,
    yieldToEvents: () => Promise<void>,
  ): Promise<Result<ResultOf<'mem.fill'>>> {
    const bad = checkBulk(args.hpa, args.length, args.pattern);
    if (bad !== null) return bad;
    const context = this.document();
    const summary: FillSummary = {
      bytes: args.length,
      done: 0,
      written: 0,
      perDevice: {},
      unmappedBytes: 0,
      failures: [],
      cancelled: false,
    };
    summary.cancelled = await inChunks(args.length, signal, yieldToEvents, (at, n) => {
      // Chunks start at multiples of CHUNK_BYTES (a multiple of 256) from the fill's start, so the
      // `inc` pattern, defined relative to the start, continues seamlessly across chunks.
      const r = fill(this.#mem, args.hpa + at, n, args.pattern, { signal });
      summary.done += r.cancelled ? r.written + r.unmappedBytes : n;
      summary.written += r.written;
      summary.unmappedBytes += r.unmappedBytes;
      for (const [id, bytes] of Object.entries(r.perDevice)) {
        summary.perDevice[id] = (summary.perDevice[id] ?? 0) + bytes;
      }
      for (const f of r.failures) {
        if (summary.failures.length < 16) summary.failures.push(f.error.message);
      }
      progress(summary.done, args.length);
      return r.cancelled;
    });
    // The journal keeps what was actually filled: a cancelled fill covers [hpa, hpa + done).
    const memory: MemoryEntry[] =
      summary.written > 0
        ? [{ kind: 'fill', context, hpa: args.hpa, length: summary.done, pattern: args.pattern }]
        : [];
    return ok({ fill: summary, memory, view: this.view() });
  }

  async verify(
    args: ArgsOf<'mem.verify'>,
    signal: CancelFlag,
    progress: (done: number, total: number) => void,
    yieldToEvents: () => Promise<void>,
  ): Promise<Result<VerifySummary>> {
    const bad = checkBulk(args.hpa, args.length, args.pattern);
    if (bad !== null) return bad;
    const summary: VerifySummary = {
      bytes: args.length,
      done: 0,
      checked: 0,
      mismatchCount: 0,
      mismatches: [],
      unmappedBytes: 0,
      poisonedBytes: 0,
      failures: [],
      cancelled: false,
    };
    summary.cancelled = await inChunks(args.length, signal, yieldToEvents, (at, n) => {
      const r = verify(this.#mem, args.hpa + at, n, args.pattern, { signal });
      summary.done += r.cancelled ? r.checked + r.unmappedBytes : n;
      summary.checked += r.checked;
      summary.mismatchCount += r.mismatchCount;
      summary.unmappedBytes += r.unmappedBytes;
      summary.poisonedBytes = (summary.poisonedBytes ?? 0) + r.poisonedBytes;
      for (const m of r.mismatches) if (summary.mismatches.length < 16) summary.mismatches.push({ ...m });
      for (const f of r.failures) if (summary.failures.length < 16) summary.failures.push(f.error.message);
      progress(summary.done, args.length);
      return r.cancelled;
    });
    return ok(summary);
  }
}

const NEVER_CANCELLED: CancelFlag = { aborted: false };

/** A multi-host request on a single-host lab. */
function singleHost(kind: string): Fail {
  return fail('fabric.single-host', `${kind}: this lab has one host and no shared fabric`);
}

/**
 * Runs `step(at, n)` over [0, length) in CHUNK_BYTES pieces, giving the worker a turn between pieces
 * so a cancel message can arrive. Stops before a piece once `signal` is aborted, or after a piece
 * whose `step` reports it was cancelled part-way. Returns whether it stopped early.
 */
async function inChunks(
  length: number,
  signal: CancelFlag,
  yieldToEvents: () => Promise<void>,
  step: (at: number, n: number) => boolean,
): Promise<boolean> {
  for (let at = 0; at < length; at += CHUNK_BYTES) {
    if (signal.aborted) return true;
    if (step(at, Math.min(CHUNK_BYTES, length - at))) return true;
    await yieldToEvents();
  }
  return false;
}

function checkBulk(hpa: number, length: number, pattern: FillPattern): Fail | null {
  if (!Number.isSafeInteger(hpa) || hpa < 0 || !Number.isSafeInteger(length) || length < 1) {
    return fail(
      'access.bad-argument',
      `range ${hpa}+${length}: expected a non-negative HPA and a length ≥ 1`,
    );
  }
  if (hpa + length > ADDRESS_LIMIT) return fail('access.bad-argument', 'the range crosses 2^52');
  if (
    pattern.kind === 'byte' &&
    (!Number.isInteger(pattern.value) || pattern.value < 0 || pattern.value > 255)
  ) {
    return fail('access.bad-argument', `fill byte ${pattern.value}: expected 0 … 255`);
  }
  return null;
}

/** What a request's handler gets besides its arguments. */
interface CallContext {
  signal: CancelFlag;
  progress: (done: number, total: number) => void;
  yieldToEvents: () => Promise<void>;
  /** Hands buffers of the answer over instead of copying them (read data). */
  transfer: (buffers: Transferable[]) => void;
}

type Handle<K extends RequestKind> = (args: ArgsOf<K>, call: CallContext) => Reply<K> | Promise<Reply<K>>;

/** One handler per request kind, each typed by its kind's arguments, result and errors. */
type HandlerTable = { [K in RequestKind]: Handle<K> };

/** A core region refusal, tagged as its own error type for the protocol. */
function refused<E extends RegionRefusal>(r: {
  ok: false;
  error: E;
}): { ok: false; error: RegionRefusalError } {
  return { ok: false, error: { ...r.error, kind: 'region-refusal' } };
}

/** The lab's and the panels' requests (the emulator and `inspect.ts`). */
function labHandlers(emulator: Emulator) {
  return {
    'lab.restore': (a, c) => emulator.restore(a.document, a.memory, c.progress, c.yieldToEvents),
    'lab.load': (a) => emulator.load(a.document),
    'file.open': (a, c) => emulator.openFile(a.bytes, a.fileName, c.signal, c.progress, c.yieldToEvents),
    'file.save': () => emulator.saveFile(),
    'topology.set': (a) => emulator.setTopology(a.spec, a.drafts, a.renamed),
    'mmio.read32': (a) => emulator.mmioRead32(a.component, a.offset),
    'mmio.write32': (a) => emulator.mmioWrite32(a),
    'hdm.program': (a) => emulator.program(a),
    'hdm.uncommit': (a) => emulator.uncommit(a),
    'region.create': (a) => emulator.createRegion(a),
    'region.plan': (a) => emulator.planRegion(a),
    'region.destroy': (a) => emulator.destroyRegion(a),
    'mem.read': (a, c) => {
      const r = emulator.read(a);
      if (r.ok && r.value.data.buffer instanceof ArrayBuffer) c.transfer([r.value.data.buffer]);
      return r;
    },
    'mem.write': (a) => emulator.write(a),
    'mem.fill': (a, c) => emulator.fill(a, c.signal, c.progress, c.yieldToEvents),
    'mem.verify': (a, c) => emulator.verify(a, c.signal, c.progress, c.yieldToEvents),
    'registers.dump': (a) => registerDump(emulator.inspected.lab, a.component),
    'mmio.writeField': ({ component, offset, field, value }) => {
      const w = writeField(emulator.inspected.lab, component, offset, field, value);
      return w.ok ? ok({ ...emulator.state(), write: w.value }) : w;
    },
    'hdm.setDecoder': ({ component, index, change }) => {
      const w = setDecoder(emulator.inspected.lab, component, index, change);
      return w.ok ? ok({ ...emulator.state(), writes: w.value }) : w;
    },
    'cedt.build': () => cedtOf(emulator.inspected.lab),
    'cedt.decode': (a) => cedtDecode(a.bytes),
    'dpa.read': (a) => dpaRead(emulator.inspected.mem, a.device, a.dpa, a.length),
    'dpa.reverse': (a) => dpaReverse(emulator.inspected.lab, a.device, a.dpa),
    'route.batch': (a) => routeBatch(emulator.inspected.lab, a.hpas),
    'check.run': () => emulator.check(),
  } satisfies Partial<HandlerTable>;
}

/** Interop (share links, QEMU, cxl list: `interop.ts`) and the test hooks. */
function otherHandlers(emulator: Emulator, host: HandlerHost) {
  return {
    'share.encode': (a) => shareEncode(emulator.fabricLab?.toFile() ?? emulator.labFile(), a),
    'share.decode': (a) => shareDecode(a.link),
    'share.open': (a) => shareOpen(a.link),
    'qemu.export': (a) => qemuExport(emulator.inspected.lab, a, emulator.fabricLab),
    'qemu.import': (a) => qemuImport(a),
    'cxl-list.import': (a) => cxlListImport(a.text),
    'cedt.import': (a) => cedtImport(a.bytes),
    'debug.throw': (a) => {
      const raise =
        host.throwUncaught ??
        ((error: Error) => {
          setTimeout(() => {
            throw error;
          }, 0);
        });
      raise(new Error(a.message));
      return ok(true as const);
    },
    'debug.hang': () => {
      // A synchronous step that never ends: no answer, no progress, no pongs. Only the client's
      // hang watchdog (which terminates the worker) gets the lab out of it.
      for (;;) {
        // spin
      }
    },
  } satisfies Partial<HandlerTable>;
}

/** The lesson requests (`lesson.ts`): one lesson session over the emulator's live lab. */
function lessonHandlers(emulator: Emulator) {
  const session = new LessonSession(emulator);
  return {
    'lesson.open': (a) => session.open(a),
    'lesson.start': (a) => session.start(a),
    'lesson.catalog': () => session.catalog(),
    'lesson.check': (a) => session.check(a),
    'lesson.answer': (a) => session.answer(a),
    'lesson.solve': (a) => session.solve(a),
    'lesson.link': (a) => session.link(a),
  } satisfies Partial<HandlerTable>;
}

/** Runs one request through its kind's handler and builds the typed response envelope. */
async function answer<K extends RequestKind>(
  table: HandlerTable,
  request: RequestOf<K>,
  call: CallContext,
): Promise<ResponseOf<K>> {
  const handle: Handle<K> = table[request.kind];
  const result = await handle(request.args, call);
  return { type: 'response', id: request.id, kind: request.kind, result };
}

/** Creates the worker's message handler. */
export function createHandler(host: HandlerHost): Handler {
  const emulator = new Emulator();
  const yieldToEvents = host.yieldToEvents ?? defaultYield;
  const flags = new Map<number, CancelFlag>();
  let chain: Promise<void> = Promise.resolve();
  const table: HandlerTable = {
    ...labHandlers(emulator),
    ...otherHandlers(emulator, host),
    ...lessonHandlers(emulator),
    ...deviceHandlers(emulator),
    ...deviceLabelHandlers(emulator),
    ...fmCatalogHandlers(),
    ...fabricMediaHandlers(emulator),
    'fabric.focus': (a) => emulator.focusHost(a.host),
    'fm.run': (a) => emulator.fmRun(a),
    'fm.step': (a) => emulator.fmStep(a),
  };

  const failWith = (request: Request, code: string, message: string): ResponseOf => ({
    type: 'response',
    id: request.id,
    kind: request.kind,
    result: fail(code, message),
  });

  async function process(request: Request): Promise<void> {
    const signal = flags.get(request.id) ?? { aborted: false };
    let transfer: Transferable[] | undefined;
    const call: CallContext = {
      signal,
      yieldToEvents,
      progress: (done, total) => host.post({ type: 'progress', id: request.id, done, total }),
      transfer: (buffers) => {
        transfer = buffers;
      },
    };
    try {
      if (signal.aborted && request.kind !== 'mem.fill' && request.kind !== 'mem.verify') {
        host.post(
          failWith(request, WORKER_ERROR.cancelled, `${request.kind} was cancelled before it started`),
        );
        return;
      }
      if (!Object.hasOwn(table, request.kind)) {
        host.post(failWith(request, WORKER_ERROR.unknownRequest, `unknown request ${request.kind}`));
        return;
      }
      const response = await answer(table, request, call);
      host.post(response, transfer);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      host.post(
        failWith(request, WORKER_ERROR.internal, `the emulator failed in ${request.kind}: ${message}`),
      );
    } finally {
      flags.delete(request.id);
    }
  }

  host.post({ type: 'hello', protocolVersion: PROTOCOL_VERSION });

  return {
    onMessage(message: MainToWorker): void {
      if (message.type === 'ping') {
        // Answered at once, outside the request chain: a pong only needs the worker to get a turn
        // (long operations yield between chunks), not the running request to finish.
        host.post({ type: 'pong' });
        return;
      }
      if (message.type === 'cancel') {
        const flag = flags.get(message.id);
        if (flag !== undefined) flag.aborted = true;
        return;
      }
      flags.set(message.id, { aborted: false });
      chain = chain.then(() => process(message));
    },
    idle: () => chain,
  };
}
