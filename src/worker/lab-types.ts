/**
 * The lab's plain-data shapes shared by every part of the worker protocol: the document (what undo,
 * autosave and recovery keep), the view (what the UI draws) and the memory journal. Types only.
 */
import type { FillPattern } from '../cxl/decode/access.ts';
import type { ComponentRegisterState } from '../cxl/hdm/component-registers.ts';
import type { DecoderState } from '../cxl/hdm/decoder-state.ts';
import type { CxlError } from '../cxl/result.ts';
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';

export type { ComponentRegisterState, ComponentSpec, CxlError, DecoderState, FillPattern, TopologySpec };

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
  | { kind: 'fill'; context: LabDocument; hpa: number; length: number; pattern: FillPattern }
  /** Device `from` was renamed `to`: its memory went with it (`MemoryBank.rename`). */
  | { kind: 'rename'; from: string; to: string };

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
  /**
   * Per CXL 1.1 RCH / RCD id: the component register blocks its RCRB's MEMBAR0s point at, for the
   * Inspector (rch-inspect.ts rcrbBlocksView; addresses are the lab's choice).
   */
  rcrbBlocks?: Record<string, { name: string; address: number }[]>;
}

/** Result of every request that changes the configuration. */
export interface LabState {
  view: LabView;
  document: LabDocument;
}
