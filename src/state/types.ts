/**
 * The lab store's shape: one interface per slice, combined into `LabStoreState`. Slices are typed
 * against the full store (zustand's slices pattern) and hold plain, serializable data only.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { EditIntent } from '../lib/edit-summary.ts';
import type { AnswerPick } from '../lib/lesson-answer.ts';
import type { LessonHighlight } from '../lib/lesson-highlight.ts';
import type { LabClient } from '../worker/client.ts';
import type { MailboxRunView } from '../worker/device-types.ts';
import type { FmCompletionView, FmRunView } from '../worker/fabric-types.ts';
import type { AccessTrace, DecoderChange, MmioWriteResult } from '../worker/inspect-types.ts';
import type { LessonView, LessonWriteView } from '../worker/lesson-types.ts';
import type {
  AccessPieceView,
  CheckRun,
  ComponentSpec,
  CxlError,
  DecoderProgramArgs,
  ErrorOf,
  FillPattern,
  FillSummary,
  LabDocument,
  LabView,
  MemoryEntry,
  RequestMap,
  TopologySpec,
  VerifySummary,
} from '../worker/protocol.ts';
import type { LabRepository, LabSummary, SaveConflictKind } from './persistence.ts';

/** A topology the lab ships with, as `cxl-lab/1` text (parsed by the worker), loaded on demand. */
export interface Preset {
  id: string;
  name: string;
  load(): Promise<string>;
}

/** A store action's outcome; `E` is the request's own error type where it has one (region refusals). */
export type ActionResult<T = true, E = CxlError> = { ok: true; value: T } | { ok: false; error: E };

export type LabStatus = 'starting' | 'ready' | 'recovering' | 'failed';
/** 'conflict': another tab saved (or deleted) this lab since this tab loaded or saved it; see `saveConflict`. */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

/**
 * The open lab changed in storage behind this tab's back (another tab saved, renamed or deleted it).
 * Autosave writes nothing until the user picks a version (`loadStoredVersion`, `keepMineAsNewLab`).
 */
export interface SaveConflict {
  kind: SaveConflictKind;
  /** Whether this tab has changes that are not stored (loading the other version drops them). */
  unsaved: boolean;
}

export interface LabSlice {
  status: LabStatus;
  labId: string | null;
  labName: string;
  /** What the worker last reported; null until the first lab is loaded. */
  view: LabView | null;
  /** The configuration the view came from (undo, autosave and recovery keep this). */
  document: LabDocument | null;
  /** Device memory as a replayable journal. */
  memory: MemoryEntry[];
  saveStatus: SaveStatus;
  /** Set while the stored lab differs from the one this tab last loaded or saved. */
  saveConflict: SaveConflict | null;
  start(): Promise<void>;
  programDecoder(
    component: string,
    index: number,
    program: DecoderProgramArgs,
    commit: boolean,
  ): Promise<ActionResult<RequestMap['hdm.program']['result']['outcome']>>;
  uncommitDecoder(component: string, index: number): Promise<ActionResult>;
  createRegion(
    request: RequestMap['region.create']['args'],
  ): Promise<ActionResult<string, ErrorOf<'region.create'>>>;
  /** What `createRegion` would do (plan or Linux's refusal); changes nothing. */
  planRegion(
    request: RequestMap['region.plan']['args'],
  ): Promise<ActionResult<RequestMap['region.plan']['result']>>;
  destroyRegion(region: string): Promise<ActionResult<true, ErrorOf<'region.destroy'>>>;
  /** One undoable topology edit: the new spec and, when given, the canvas's unconnected drafts. */
  setTopology(spec: TopologySpec, drafts?: ComponentSpec[]): Promise<ActionResult>;
  /** Opens `cxl-lab/1` bytes as a new lab; the current lab is untouched when they are refused. */
  openFile(fileName: string, bytes: Uint8Array): Promise<ActionResult>;
  /**
   * Opens a preset as a new lab. It is not stored (the Labs list stays as it was) until the user
   * changes it, unless `save` asks for it at once (New lab).
   */
  openPreset(presetId: string, options?: { save?: boolean }): Promise<ActionResult>;
  /** Opens a template's bytes as a new lab (File ▸ New lab), without an "Opened …" notice. */
  openNewLab(fileName: string, bytes: Uint8Array): Promise<ActionResult>;
  /** The lab as `cxl-lab/1` text and a file name for it. */
  saveFile(): Promise<ActionResult<{ text: string; fileName: string }>>;
  /** Called when the worker crashed: restart it and restore the last good state. */
  recover(reason: string): Promise<void>;
  /** Writes pending changes to storage now. */
  flushAutosave(): Promise<void>;
}

/** A multi-host lab's own actions (issue 18): the focused host and the Fabric Manager API. */
export interface FabricSlice {
  /**
   * Makes `host` the focused host: the view's single-host fields (and so every panel, the access
   * console and the canvas selection) become its. Applied without an undo step.
   */
  focusHost(host: string): Promise<ActionResult>;
  /**
   * Runs one FM API command (`fm.run`); an undoable change when it changed the lab (a binding
   * started, an allocation), none when refused. Answers the run: return code, fields, tunnelled reply.
   */
  fmRun(args: RequestMap['fm.run']['args']): Promise<ActionResult<FmRunView>>;
  /** Steps the pending Bind or Unbind vPPB (`fm.step`; with `complete`, to its end); undoable. */
  fmStep(complete?: boolean): Promise<ActionResult<{ percent: number; completed: FmCompletionView | null }>>;
}

export interface HistorySlice {
  past: LabDocument[];
  future: LabDocument[];
  undo(): Promise<ActionResult>;
  redo(): Promise<ActionResult>;
}

export interface SelectionSlice {
  /** Canvas node id: a component id or the CXL root's id; null when none. */
  selectedId: string | null;
  select(id: string | null): void;
  /** The latest request to frame nodes on the canvas (the canvas fits them in view when it changes). */
  frameRequest: FrameRequest | null;
  /**
   * Frames canvas nodes (component ids or the CXL root's id) from anywhere: the canvas zooms so they
   * fill the view. With `select`, the first one is also selected (e.g. a finding's component).
   */
  frameNodes(ids: readonly string[], options?: { select?: boolean }): void;
}

/** A request to the canvas to frame these nodes; `seq` tells repeated requests for the same nodes apart. */
export interface FrameRequest {
  ids: readonly string[];
  seq: number;
}

export type DockTab =
  | 'console'
  | 'decoders'
  | 'cedt'
  | 'address-map'
  | 'dpa-hex'
  | 'device'
  | 'check'
  /** The Fabric Manager (issue 18), shown for a multi-host lab. */
  | 'fabric';

/** The lab before and after a destructive edit: what its Undo toast restores, and checks it still follows. */
export interface UndoSnapshot {
  before: LabDocument;
  after: LabDocument;
}

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  title: string;
  details: string[];
  /** A destructive edit's toast: Undo restores `before`. */
  undo?: UndoSnapshot;
}

export interface CrashState {
  reason: string;
  /** null while restoring; then whether the last good state came back. */
  restored: boolean | null;
  message: string;
}

/** A lesson in the side panel: its view, the step shown, hints revealed per step index. */
export interface LessonRun {
  view: LessonView;
  step: number;
  hints?: number[];
}

export interface PanelsSlice {
  dockTab: DockTab;
  dockOpen: boolean;
  /** Height of the open dock in CSS pixels (dragging its top edge changes it). */
  dockHeight: number;
  crash: CrashState | null;
  labsDialogOpen: boolean;
  /** The Lessons catalogue (header ▸ Lessons). */
  lessonsDialogOpen: boolean;
  /** The lesson running in the side panel, the step shown, and hints revealed per step. */
  lesson: LessonRun | null;
  /** What a lesson reference points at (component, decoder, field), highlighted by the canvas and panels. */
  highlight: LessonHighlight | null;
  /** The last click a lesson's predict step may take as its answer (node, DPA byte, granule). */
  answerPick: (AnswerPick & { seq: number }) | null;
  /** An HPA another panel sent to the access console's read form (`seq` counts the sends). */
  consoleHpa: { hpa: number; seq: number } | null;
  setDockTab(tab: DockTab): void;
  setDockOpen(open: boolean): void;
  setDockHeight(height: number): void;
  dismissCrash(): void;
  setLabsDialogOpen(open: boolean): void;
  setLessonsDialogOpen(open: boolean): void;
  setLesson(lesson: LessonRun | null): void;
  setHighlight(highlight: LessonHighlight | null): void;
  /** A click a predict step may take as its answer (ignored when no predict step is shown). */
  pickAnswer(pick: AnswerPick): void;
  /** Opens the access console with `hpa` in its HPA field, ready to read (nothing is read yet). */
  sendToConsole(hpa: number): void;
  /** The console took the sent HPA into its field. */
  takeConsoleHpa(): void;
}

/** The toast an undoable change leaves, chosen from its result and the view after it; null: none. */
export type UndoableIntent<R> = (result: R, after: LabView) => EditIntent | null;

/** The toast stack's notices (newest last) and the undoable edits behind some of them. */
export interface NoticeSlice {
  notices: Notice[];
  notify(tone: Notice['tone'], title: string, details?: string[], undo?: UndoSnapshot): void;
  dismissNotice(id: number): void;
  /**
   * Runs `run` (a change through the store); when it changed the lab, shows a toast saying what it
   * changed (`intent` and the consequences read from the views) with Undo. `intent` may be chosen
   * from the result and the view after it; null then means no toast (the change is still an undo
   * step in the history, as every document change is).
   */
  undoable<R>(intent: EditIntent | UndoableIntent<R>, run: () => Promise<R>): Promise<R>;
  /** The toast's Undo: restores the lab as it was before that edit (topology, registers, regions). */
  undoNotice(id: number): Promise<ActionResult>;
}

export type AccessLogEntry =
  | {
      id: number;
      kind: 'read';
      hpa: number;
      length: number;
      data: Uint8Array;
      pieces: AccessPieceView[];
      errors: string[];
      /** The reference walk's hops per piece (decode path animation). */
      trace?: AccessTrace;
    }
  | {
      id: number;
      kind: 'write';
      hpa: number;
      length: number;
      written: number;
      pieces: AccessPieceView[];
      errors: string[];
      trace?: AccessTrace;
    }
  | { id: number; kind: 'fill'; hpa: number; length: number; pattern: FillPattern; result: FillSummary }
  | { id: number; kind: 'verify'; hpa: number; length: number; pattern: FillPattern; result: VerifySummary }
  | { id: number; kind: 'error'; action: string; message: string };

export interface Operation {
  kind: 'fill' | 'verify' | 'restore' | 'open';
  label: string;
  done: number;
  total: number;
  cancellable: boolean;
  cancelling: boolean;
}

export interface AccessSlice {
  accessLog: AccessLogEntry[];
  operation: Operation | null;
  readMemory(hpa: number, length: number): Promise<ActionResult>;
  writeMemory(hpa: number, bytes: Uint8Array): Promise<ActionResult>;
  fillMemory(
    hpa: number,
    length: number,
    pattern: FillPattern,
    options?: { verify?: boolean },
  ): Promise<ActionResult>;
  cancelOperation(): void;
  clearAccessLog(): void;
}

export interface LabsSlice {
  labs: LabSummary[];
  /** A new lab named "Untitled lab N" from a template: `blank` (the default) or a preset id. */
  newLab(template?: string): Promise<ActionResult>;
  switchLab(id: string): Promise<ActionResult>;
  renameLab(id: string, name: string): Promise<ActionResult>;
  deleteLab(id: string): Promise<ActionResult>;
  /** Conflict: opens the stored version of the open lab (the other tab's), dropping this tab's changes. */
  loadStoredVersion(): Promise<ActionResult>;
  /** Conflict: saves this tab's version as a new lab ("<name> (copy)") and switches to it. */
  keepMineAsNewLab(): Promise<ActionResult>;
}

// ---------------------------------------------------------------------------------------------
// Inspection (register panel, CEDT, hex view, strip) and the decode path animation.

/** Requests that only read the emulator (no configuration change, nothing to undo). */
export type QueryKind =
  | 'fm.catalog'
  | 'registers.dump'
  | 'cedt.build'
  | 'cedt.decode'
  | 'dpa.read'
  | 'dpa.reverse'
  | 'route.batch'
  | 'check.run'
  | 'device.config'
  | 'device.registers'
  | 'device.commands'
  | 'device.poison'
  | 'device.lsa'
  | 'device.probe'
  | 'fabric.media'
  | 'fabric.reverse';

export interface InspectSlice {
  /** Asks the worker something that changes nothing (not queued behind other actions). */
  query<K extends QueryKind>(
    kind: K,
    args: RequestMap[K]['args'],
  ): Promise<ActionResult<RequestMap[K]['result']>>;
  /** One 32-bit MMIO write (undoable); the result says what the register kept and any commit outcome. */
  writeRegister32(component: string, offset: number, value: number): Promise<ActionResult<MmioWriteResult>>;
  /** Read-modify-write of one register field (undoable). */
  writeRegisterField(
    component: string,
    offset: number,
    field: string,
    value: number,
  ): Promise<ActionResult<MmioWriteResult>>;
  /** One decoder setting in decoded units, as MMIO writes (undoable). */
  setDecoder(
    component: string,
    index: number,
    change: DecoderChange,
  ): Promise<ActionResult<MmioWriteResult[]>>;
  /**
   * Sends one mailbox command to Type 3 `device` through its registers. A command that changes the
   * device's state (LSA, partition, poison, events, timestamp) is an undoable edit with a toast.
   */
  sendMailbox(device: string, command: string, input: Uint8Array): Promise<ActionResult<MailboxRunView>>;
  /** A lesson's "show me": applies do step `step`'s reference solution (undoable), with its MMIO writes. */
  showLessonSolution(step: number): Promise<ActionResult<{ writes: LessonWriteView[]; notes: string[] }>>;
  /**
   * Renames component `id` to `name` (undoable; `lib/rename-component.ts` says which names are
   * refused, as the error's message): references follow, a device's memory follows, the selection too.
   */
  renameComponent(id: string, name: string): Promise<ActionResult>;
}

/** An access being shown on the canvas, hop by hop. */
export interface DecodeAnimation {
  /** The access log entry it shows. */
  accessId: number;
  /** "Write 4 B at 0x4c00001434". */
  title: string;
  trace: AccessTrace;
  /** Steps in all (every hop of every traced piece). */
  steps: number;
  /** Steps completed; the step at this index is the one travelling. `steps` = finished. */
  position: number;
  playing: boolean;
}

/** A window or region picked in the address map (highlighted on the canvas, drawn in the strip). */
export type AddressFocus = { kind: 'window' | 'region'; id: string };

export interface AnimationSlice {
  animation: DecodeAnimation | null;
  /** Playback speed factor (1 = one hop in about a second). */
  animationSpeed: number;
  focus: AddressFocus | null;
  /** Plays the access log entry `id` from its first hop (no-op when it has no trace). */
  animateAccess(id: number): void;
  playAnimation(): void;
  pauseAnimation(): void;
  /** Pauses and moves one hop forward (+1) or back (−1). */
  stepAnimation(delta: 1 | -1): void;
  /** The travelling hop arrived (called by the canvas overlay). */
  advanceAnimation(): void;
  setAnimationSpeed(speed: number): void;
  closeAnimation(): void;
  setFocus(focus: AddressFocus | null): void;
}

/** The Check panel's state: the last `check.run` answer and what a clicked finding points at. */
export interface CheckSlice {
  /** The latest finished check of the lab (null before the first); `error` when the request failed. */
  checkResult: { run: CheckRun | null; error: string | null; running: boolean };
  /** Runs `check.run` on the lab as it is now; a newer run's answer wins over an older one's. */
  runCheck(): Promise<void>;
  /** The decoder the HDM panel should open and scroll to. */
  decoderFocus: { component: string; index: number; seq: number } | null;
  focusDecoder(component: string, index: number): void;
}

export type LabStoreState = LabSlice &
  HistorySlice &
  SelectionSlice &
  PanelsSlice &
  NoticeSlice &
  AccessSlice &
  LabsSlice &
  InspectSlice &
  AnimationSlice &
  CheckSlice &
  FabricSlice;

export type SliceCreator<S> = StateCreator<LabStoreState, [], [], S>;

export interface LabStoreDeps {
  /** Starts the emulator worker behind a client (a fake port in unit tests). */
  createClient: () => LabClient;
  repository: () => Promise<LabRepository>;
  presets: readonly Preset[];
  /** Debounce of autosave after the last change, in ms. */
  autosaveMs?: number;
  newId?: () => string;
  now?: () => number;
  /** Tags this store's writes, so it can tell other tabs' writes from its own (random by default). */
  writerId?: string;
}

/** Shared by the slices: the live client, the request queue, and the running operation. */
export interface LabRuntime {
  readonly deps: LabStoreDeps;
  client(): LabClient;
  repository(): Promise<LabRepository>;
  /** Runs tasks that talk to the worker one after another (the worker answers in order anyway). */
  enqueue<T>(task: () => Promise<T>): Promise<T>;
  abort: AbortController | null;
  nextId(): number;
  newLabId(): string;
  now(): number;
  /** This store's writer id (see `LabStoreDeps.writerId`). */
  readonly writerId: string;
  /**
   * Autosave bookkeeping, called right after the store switched to lab `labId`: `revision` is the
   * stored revision its state came from (nothing to save until it changes), or null for a lab that
   * is not stored yet (autosave creates it).
   */
  stored(labId: string, revision: number | null, options?: { pristine?: boolean }): void;
}
