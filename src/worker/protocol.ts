/**
 * DOC: the typed contract between the main thread and the emulator worker. Types only (plus the
 * protocol version): both sides import it, and nothing here pulls core code into the UI bundle.
 *
 * Envelopes. Main → worker: `request` (id, kind, args), `cancel` (id) and `ping`. Worker → main:
 * `hello` (once, with `protocolVersion`), `progress` (id, done, total) for long operations,
 * `response` (id, a `Result`) and `pong` (the answer to a `ping`, sent as soon as the worker gets a
 * turn: the client's hang watchdog pings while calls are pending). `RequestMap` maps every request
 * kind to its arguments and result, so `client.call(kind, args)` is typed end to end. Only
 * structured-clone data crosses: plain objects, numbers, strings, `Uint8Array`s.
 *
 * State model. The worker owns the emulator. It answers with a `LabView` (what the UI draws: the
 * validated spec, decoded decoders and raw registers per component, findings, memory summary,
 * regions) and a `LabDocument` (what undo, autosave and crash recovery keep: the spec with its
 * decoder programs plus raw registers where the programs alone would not reproduce them). Device
 * memory is not in the document: it is kept as a `MemoryEntry` journal (touched pages, and large
 * fills as the operation plus the configuration it ran under), replayed in order on restore.
 */
import type { FillPattern } from '../cxl/decode/access.ts';
import type { ComponentRegisterState, MmioWriteResult } from '../cxl/hdm/component-registers.ts';
import type { DecoderState } from '../cxl/hdm/decoder-state.ts';
import type { RegionPlan, RegionRefusal } from '../cxl/region/types.ts';
import type { CxlError, Result } from '../cxl/result.ts';
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import type { AccessTrace, InspectRequestMap } from './inspect-types.ts';
import type { InteropRequestMap } from './interop-types.ts';

export type {
  ComponentRegisterState,
  ComponentSpec,
  CxlError,
  DecoderState,
  FillPattern,
  RegionPlan,
  RegionRefusal,
  Result,
  TopologySpec,
};

/** `cxl create-region` arguments (the core's `RegionRequest`, as plain data). */
export interface RegionRequestArgs {
  /** Window id (`cfmw0`) or its root decoder name (`decoder0.0`). */
  window: string;
  /** Type 3 ids (or `memN`), in position order. */
  members: string[];
  ways?: number;
  granularity?: number;
  size?: number;
  mode?: 'volatile' | 'persistent';
}

export const PROTOCOL_VERSION = 1;

/** The undoable, persistable state of a lab: configuration only (memory lives in the journal). */
export interface LabDocument {
  spec: TopologySpec;
  /** Raw register state of components whose decoder programs alone would not reproduce it. */
  registers: Record<string, ComponentRegisterState>;
  /**
   * Components placed on the canvas but not connected yet (the canvas's drafts): not part of the
   * emulated topology, kept with the document so undo, autosave and recovery keep them. A draft's
   * `parent` is "" or another draft; a draft port's `port` is -1 until it is connected.
   */
  drafts?: ComponentSpec[];
}

/** Linux names of the lab's objects (drivers/cxl/core/port.c naming), as the core's `linuxNames` gives them. */
export interface LinuxNamesView {
  /** Host bridge, switch and Type 3 id → its Linux port: `port1`, `endpoint5` (id 1, 5). */
  ports: Record<string, { id: number; name: string }>;
  /** Type 3 id → `memN`. */
  memdevs: Record<string, string>;
}

/**
 * One step of the memory journal. `pages`: the contents of 4 KiB pages after a write (or as loaded
 * from a file), by device and page index. `fill`: a routed fill, replayed under `context` (the
 * configuration it ran with), so gigabytes of filled memory cost a few hundred bytes to keep.
 */
export type MemoryEntry =
  | {
      kind: 'pages';
      device: string;
      capacityBytes: number;
      pages: [pageIndex: number, bytes: Uint8Array][];
    }
  | { kind: 'fill'; context: LabDocument; hpa: number; length: number; pattern: FillPattern };

export interface DeviceMemoryView {
  capacityBytes: number;
  touchedPages: number;
}

export interface RegionView {
  name: string;
  window: string | null;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  committed: boolean;
  /** Type 3 ids by position. */
  members: string[];
  problems: string[];
}

/** Everything the UI draws, as plain data. */
export interface LabView {
  /** Increments on every register write (from the core's lab). */
  version: number;
  spec: TopologySpec;
  /** Decoded HDM decoders per decoder-owning component (host bridge, switch, Type 3). */
  decoders: Record<string, DecoderState[]>;
  /** Raw registers differing from reset, per decoder-owning component. */
  registers: Record<string, ComponentRegisterState>;
  /** Decoders that did not commit when the lab was built, and similar notes. */
  findings: CxlError[];
  memory: Record<string, DeviceMemoryView>;
  regions: RegionView[];
  /** The document's drafts (unconnected components), for the canvas. */
  drafts: ComponentSpec[];
  linux: LinuxNamesView;
}

/** Result of every request that changes the configuration. */
export interface LabState {
  view: LabView;
  document: LabDocument;
}

/** Decoder settings in decoded units (mirrors the core's `DecoderProgram`). */
export interface DecoderProgramArgs {
  base: number;
  size: number;
  ways: number;
  granularity: number;
  targets?: number[];
  skip?: number;
  lock?: boolean;
  targetRangeType?: 0 | 1;
}

/** One routed piece of a read or write, for the access log. */
export interface AccessPieceView {
  hpa: number;
  length: number;
  ok: boolean;
  device?: string;
  dpa?: number;
  error?: string;
}

export interface FillSummary {
  bytes: number;
  /** Bytes the operation covered before it finished or was cancelled. */
  done: number;
  written: number;
  perDevice: Record<string, number>;
  unmappedBytes: number;
  failures: string[];
  cancelled: boolean;
}

export interface VerifySummary {
  bytes: number;
  done: number;
  checked: number;
  mismatchCount: number;
  mismatches: { hpa: number; device: string; dpa: number; expected: number; actual: number }[];
  unmappedBytes: number;
  failures: string[];
  cancelled: boolean;
}

/** Every request kind; the panels' inspection requests are declared in `inspect-types.ts`. */
export interface RequestMap extends InspectRequestMap, InteropRequestMap {
  /** Rebuilds the lab from a document and replays a memory journal (reload, lab switch, crash). */
  'lab.restore': { args: { document: LabDocument; memory: MemoryEntry[] }; result: LabState };
  /** Replaces the configuration, keeping device memory (undo / redo). */
  'lab.load': { args: { document: LabDocument }; result: LabState };
  /**
   * Parses a `cxl-lab/1` file (UTF-8 bytes) with the core's parser and, only if it is valid, makes
   * it the lab. `memory` is the journal that reproduces the file's memory pages.
   */
  'file.open': {
    args: { bytes: Uint8Array; fileName: string };
    result: LabState & { memory: MemoryEntry[] };
  };
  /** Serializes the lab, registers and touched memory pages as `cxl-lab/1` text. */
  'file.save': { args: Record<string, never>; result: { text: string } };
  /**
   * Replaces the topology (editing); decoders are applied from the spec, memory kept by device id.
   * `drafts` replaces the document's unconnected components (kept as they are when absent).
   */
  'topology.set': { args: { spec: TopologySpec; drafts?: ComponentSpec[] }; result: LabState };
  'mmio.read32': { args: { component: string; offset: number }; result: { value: number } };
  'mmio.write32': {
    args: { component: string; offset: number; value: number };
    result: LabState & { write: MmioWriteResult };
  };
  /** Programs decoder `index` through MMIO and, with `commit`, commits it. */
  'hdm.program': {
    args: { component: string; index: number; program: DecoderProgramArgs; commit: boolean };
    result: LabState & { outcome: 'programmed' | 'committed' | 'error'; reason?: string; writes: number };
  };
  /** Clears Commit on decoder `index` (its other settings stay programmed). */
  'hdm.uncommit': { args: { component: string; index: number }; result: LabState & { writes: number } };
  'region.create': { args: RegionRequestArgs; result: LabState & { region: string; writes: number } };
  /**
   * What `region.create` would do, without writing anything: the plan (decoders, MMIO writes in
   * Linux's commit order) or Linux's refusal. A refusal is a successful answer here.
   */
  'region.plan': {
    args: RegionRequestArgs;
    result: { ok: true; plan: RegionPlan } | { ok: false; refusal: RegionRefusal };
  };
  'region.destroy': { args: { region: string }; result: LabState & { writes: number } };
  /** With `trace`, the first pieces come with the reference walk's hops (decode path animation). */
  'mem.read': {
    args: { hpa: number; length: number; trace?: boolean };
    result: { data: Uint8Array; pieces: AccessPieceView[]; errors: string[]; trace?: AccessTrace };
  };
  'mem.write': {
    args: { hpa: number; bytes: Uint8Array; trace?: boolean };
    result: {
      trace?: AccessTrace;
      written: number;
      pieces: AccessPieceView[];
      errors: string[];
      memory: MemoryEntry[];
      view: LabView;
    };
  };
  'mem.fill': {
    args: { hpa: number; length: number; pattern: FillPattern };
    result: { fill: FillSummary; memory: MemoryEntry[]; view: LabView };
  };
  'mem.verify': { args: { hpa: number; length: number; pattern: FillPattern }; result: VerifySummary };
  /** Test hook: throws inside the worker outside any request (an uncaught error). */
  'debug.throw': { args: { message: string }; result: true };
  /** Test hook: spins forever without yielding (a hung worker, for the client's hang watchdog). */
  'debug.hang': { args: Record<string, never>; result: true };
}

export type RequestKind = keyof RequestMap;
export type ArgsOf<K extends RequestKind> = RequestMap[K]['args'];
export type ResultOf<K extends RequestKind> = RequestMap[K]['result'];

/** A request of one kind (the union over kinds keeps `kind` and `args` paired). */
export type Request = {
  [K in RequestKind]: { type: 'request'; id: number; kind: K; args: ArgsOf<K> };
}[RequestKind];

export type MainToWorker = Request | { type: 'cancel'; id: number } | { type: 'ping' };

export type WorkerToMain =
  | { type: 'hello'; protocolVersion: number }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'response'; id: number; result: Result<unknown, CxlError> }
  | { type: 'pong' };

/** Error codes the transport itself produces (the core's own codes pass through unchanged). */
export const WORKER_ERROR = {
  /** The worker died or was stopped while the request was pending. */
  crashed: 'worker.crashed',
  /** The request was cancelled before it finished. */
  cancelled: 'worker.cancelled',
  /** The handler threw: a bug; the client restarts the worker. */
  internal: 'worker.internal',
  /** The request kind is unknown (version skew). */
  unknownRequest: 'worker.unknown-request',
} as const;
