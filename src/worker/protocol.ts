/**
 * DOC: the typed contract between the main thread and the emulator worker. Types only (plus the
 * protocol version): both sides import it, and nothing here pulls core code into the UI bundle.
 *
 * Envelopes. Main → worker: `request` (id, kind, args), `cancel` (id) and `ping`. Worker → main:
 * `hello` (once, with `protocolVersion`), `progress` (id, done, total) for long operations,
 * `response` (id, kind, a `Reply`) and `pong` (the answer to a `ping`, sent as soon as the worker
 * gets a turn: the client's hang watchdog pings while calls are pending). `RequestMap` maps every
 * request kind to its arguments, result and (where a request has its own) error type;
 * `Reply<K>` is what `client.call(kind, args)` resolves with, typed end to end: the handler's table
 * is typed per kind and the client checks the answer's kind before it hands the result on. Only
 * structured-clone data crosses: plain objects, numbers, strings, `Uint8Array`s.
 *
 * Errors. Every request can fail with a `PlainError` (the core's `CxlError`, or the transport's
 * `WORKER_ERROR` codes). Region requests can also fail with a `RegionRefusalError`: Linux's refusal
 * (errno, object, step, log), tagged `kind: 'region-refusal'` so the UI tells it apart by its tag.
 *
 * State model: see `lab-types.ts` (the document, the view, the memory journal).
 */
import type { CheckRun } from '../cxl/decode/check-run.ts';
import type { MmioWriteResult } from '../cxl/hdm/component-registers.ts';
import type { RegionPlan, RegionRefusal } from '../cxl/region/types.ts';
import type { CxlError, Result } from '../cxl/result.ts';
import type { DeviceLabelsRequestMap } from './device-labels-types.ts';
import type { DeviceRequestMap } from './device-types.ts';
import type { FabricRequestMap } from './fabric-types.ts';
import type { AccessTrace, InspectRequestMap } from './inspect-types.ts';
import type { InteropRequestMap } from './interop-types.ts';
import type {
  ComponentRegisterState,
  ComponentSpec,
  DecoderState,
  FillPattern,
  LabDocument,
  LabState,
  LabView,
  MemoryEntry,
  TopologySpec,
} from './lab-types.ts';
import type { LessonRequestMap } from './lesson-types.ts';

export type { CheckedRegion, Finding, FindingBehaviour } from '../cxl/decode/check.ts';
export type { DeviceMemoryView, LinuxNamesView, RegionView } from './lab-types.ts';
export type {
  CheckRun,
  ComponentRegisterState,
  ComponentSpec,
  CxlError,
  DecoderState,
  FillPattern,
  LabDocument,
  LabState,
  LabView,
  MemoryEntry,
  RegionPlan,
  RegionRefusal,
  Result,
  TopologySpec,
};

/** Any error that is not a region refusal: the core's `CxlError`s and the transport's. */
export type PlainError = CxlError & { kind?: undefined };

/** Linux's refusal of a region request (`cxl create-region`, `cxl destroy-region`), tagged. */
export interface RegionRefusalError extends RegionRefusal {
  kind: 'region-refusal';
}

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
  /** Set when the piece read poisoned device bytes (the read failed there). */
  poison?: PoisonHitView;
}

/** A read of poison: device, first poisoned DPA and bytes read from it, its HPA, and the media error record. */
export interface PoisonHitView {
  device: string;
  dpa: number;
  length: number;
  hpa: number;
  record: { dpa: number; length: number; source: number };
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
  /** Bytes read from poisoned device bytes (each such range is also in `failures`); absent = 0. */
  poisonedBytes?: number;
  failures: string[];
  cancelled: boolean;
}

/** Every request kind; the panels' inspection requests are declared in `inspect-types.ts`. */
export interface RequestMap
  extends InspectRequestMap,
    InteropRequestMap,
    LessonRequestMap,
    DeviceRequestMap,
    DeviceLabelsRequestMap,
    FabricRequestMap {
  /** Rebuilds the lab from a document and replays a memory journal (reload, lab switch, crash). */
  'lab.restore': {
    args: { document: LabDocument; memory: MemoryEntry[] };
    result: LabState;
  };
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
  /** Replaces the topology; `renamed`: a device that was renamed by this change (its memory follows). */
  'topology.set': {
    args: { spec: TopologySpec; drafts?: ComponentSpec[]; renamed?: { from: string; to: string } };
    result: LabState;
  };
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
  'region.create': {
    args: RegionRequestArgs;
    result: LabState & { region: string; writes: number };
    error: RegionRefusalError;
  };
  /**
   * What `region.create` would do, without writing anything: the plan (decoders, MMIO writes in
   * Linux's commit order) or Linux's refusal. A refusal is a successful answer here.
   */
  'region.plan': {
    args: RegionRequestArgs;
    result: { ok: true; plan: RegionPlan } | { ok: false; refusal: RegionRefusal };
  };
  'region.destroy': {
    args: { region: string };
    result: LabState & { writes: number };
    error: RegionRefusalError;
  };
  /** With `trace`, the first pieces come with the reference walk's hops (decode path animation). */
  'mem.read': {
    args: { hpa: number; length: number; trace?: boolean };
    result: {
      data: Uint8Array;
      pieces: AccessPieceView[];
      errors: string[];
      trace?: AccessTrace;
      /** The lab after a read of poison logged its events (an undoable document edit). */
      state?: LabState;
    };
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
/** The errors request `K` can answer with: its own (if it declares one) and every `PlainError`. */
export type ErrorOf<K extends RequestKind> =
  | PlainError
  | (RequestMap[K] extends { error: infer E extends CxlError } ? E : never);
/** What a call of kind `K` resolves with. */
export type Reply<K extends RequestKind> = Result<ResultOf<K>, ErrorOf<K>>;

/** Request kinds whose result is a new `LabState` (the store applies it as an undoable change). */
export type LabStateKind = {
  [K in RequestKind]: ResultOf<K> extends LabState ? K : never;
}[RequestKind];

/** A request of kind `K` (the default, every kind, is what travels). */
export interface RequestOf<K extends RequestKind = RequestKind> {
  type: 'request';
  id: number;
  kind: K;
  args: ArgsOf<K>;
}
export type Request = RequestOf;

/** The answer to a request of kind `K`: it names the kind, so the client can check it. */
export interface ResponseOf<K extends RequestKind = RequestKind> {
  type: 'response';
  id: number;
  kind: K;
  result: Reply<K>;
}

/** Whether `response` answers a request of `kind` (a runtime check the types then rely on). */
export function isResponseTo<K extends RequestKind>(
  response: ResponseOf,
  kind: K,
): response is ResponseOf<K> {
  return response.kind === kind;
}

export type MainToWorker = Request | { type: 'cancel'; id: number } | { type: 'ping' };

export type WorkerToMain =
  | { type: 'hello'; protocolVersion: number }
  | { type: 'progress'; id: number; done: number; total: number }
  | ResponseOf
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
