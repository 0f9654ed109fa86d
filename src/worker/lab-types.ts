/**
 * The lab's plain-data shapes shared by every part of the worker protocol: the document (what undo,
 * autosave and recovery keep), the view (what the UI draws) and the memory journal. Types only.
 */
import type { FillPattern } from '../cxl/decode/access.ts';
import type { LdOwner, MultiHostSpec } from '../cxl/fabric/model.ts';
import type { PendingOperation } from '../cxl/fm/state.ts';
import type { BindingRow } from '../cxl/fm/table.ts';
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
  /**
   * A multi-host lab (issue 18, `cxl-lab/2`): the hosts and the shared fabric. When present, `spec`
   * and `registers` above are the focused host's view (`src/cxl/fabric/views.ts` `hostView`) and
   * its registers, derived by the worker so every single-host reader works unchanged; the worker
   * builds the lab from `fabric` alone. Absent: an ordinary single-host lab, exactly as before.
   */
  fabric?: FabricDocument;
}

/** The multi-host part of a document (issue 18). Plain data; docs/multi-host.md. */
export interface FabricDocument {
  /** Hosts and fabric, with every host's, VCS's and LD's decoder programs written back. */
  spec: MultiHostSpec;
  /** Raw register state per host: host id → component id in that host's view → state. */
  registers: Record<string, Record<string, ComponentRegisterState>>;
  /** The host the single-host requests (panels, access console, regions) act on. */
  focus: string;
  /**
   * The fabric manager's Bind or Unbind vPPB in progress (a background operation, CXL 2.0
   * §7.6.7.2.2–.3), or null.
   */
  pending: PendingOperation | null;
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
 * from a file), by device and page index; in a multi-host lab a host's own device's pages carry
 * its `host`. `media`: pages of a fabric device's physical media (issue 18) by media page index
 * (media offset / 4 KiB), whichever host wrote them. `fill`: a routed fill, replayed under `context`
 * (the configuration it ran with; a multi-host context replays through its focused host), so
 * gigabytes of filled memory cost a few hundred bytes to keep.
 */
export type MemoryEntry =
  | {
      kind: 'pages';
      device: string;
      capacityBytes: number;
      pages: [pageIndex: number, bytes: Uint8Array][];
      /** The host whose own device this is (multi-host labs only). */
      host?: string;
    }
  | {
      kind: 'media';
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
  /**
   * A multi-host lab (issue 18): every host and the shared fabric. The fields above are the focused
   * host's (`fabric.focus`), so panels, the access console and the decode animation work per host.
   */
  fabric?: FabricView;
}

/** One host of a multi-host lab, as the canvas draws it. */
export interface FabricHostView {
  id: string;
  name: string;
  /** The host's single-host view: its own components plus its VCSs, vPPBs and bound LDs. */
  spec: TopologySpec;
  /** Decoded HDM decoders per decoder-owning component of that view. */
  decoders: Record<string, DecoderState[]>;
  regions: RegionView[];
  linux: LinuxNamesView;
}

/** One LD's slice of its device's media and who reaches it (`FabricIndex.slices`, `owners`). */
export interface FabricLdView {
  device: string;
  ld: number;
  /** Media offset of the LD's DPA 0. */
  base: number;
  /** range1 + range2. */
  size: number;
  /** The host the LD is bound to (vPPB or head) and its component id there; null: bound to none. */
  owner: LdOwner | null;
}

/** Everything the canvas, the Fabric Manager panel and the MLD hex view draw of a multi-host lab. */
export interface FabricView {
  /** The fabric as the document holds it. */
  spec: MultiHostSpec;
  focus: string;
  /** In `spec.hosts` order. */
  hosts: FabricHostView[];
  /** Every LD of every fabric device, by device then LD-ID. */
  lds: FabricLdView[];
  /** The fabric manager's binding table (`src/cxl/fm/table.ts`). */
  bindings: BindingRow[];
  pending: PendingOperation | null;
  /** Each fabric device's media: capacity and touched 4 KiB pages. */
  media: Record<string, DeviceMemoryView>;
}

/** Result of every request that changes the configuration. */
export interface LabState {
  view: LabView;
  document: LabDocument;
}
