/**
 * DOC: the interop part of the worker protocol — share links, QEMU command lines and `cxl list`
 * JSON (issue 9). Types only (like `inspect-types.ts`; `protocol.ts` merges `InteropRequestMap`
 * into its `RequestMap`); the logic is in `interop.ts`, which calls the core's `src/cxl/interop`.
 *
 * Imports and decoded links answer with `cxl-lab/1` text, never a lab: the UI opens that text with
 * `file.open` like any file, so it becomes a new lab through the one path that already keeps the
 * user's current lab untouched when something is refused. A refused input is an error whose
 * `causes` list every problem the core found (each naming the argument or field).
 */
import type { UnplacedDevice } from '../cxl/interop/cxl-list/context.ts';
import type { LessonLinkSource, ShareView } from '../cxl/interop/link-state.ts';
import type { QemuRegionCommand, QemuSyntax } from '../cxl/interop/qemu-export.ts';
import type { QemuLimit } from '../cxl/interop/qemu-export-hosts.ts';
import type { MemoryLeftOut } from '../cxl/interop/share-link.ts';
import type { CxlError } from '../cxl/result.ts';

/** QEMU syntax: `current` (8.0 and later) or the 7.2-era `memdev=`. */
export type QemuSyntaxView = QemuSyntax;

/** One `cxl create-region` command for the guest (the core's, without its argv). */
export type QemuRegionCommandView = Omit<QemuRegionCommand, 'argv'>;

/** Something of a multi-host lab QEMU cannot express, with the QEMU source that says so. */
export type QemuLimitView = QemuLimit;

/** One host's command line, as "Export to QEMU" shows it. */
export interface QemuCommandView {
  syntax: QemuSyntaxView;
  argv: string[];
  /** `qemu-system-x86_64 \` then one option per line. */
  commandLine: string;
  /** Runnable host script (the region commands as comments). */
  script: string;
  /** The region commands as a script for the guest. */
  guestScript: string;
  regions: QemuRegionCommandView[];
  /** Things QEMU will do differently from the lab (the export still stands). */
  warnings: CxlError[];
}

/** One host of a multi-host lab (issue 18): its command line, or why QEMU cannot build it. */
export type QemuHostView = { host: string; limits: QemuLimitView[] } & (
  | { ok: true; export: QemuCommandView }
  | { ok: false; problems: CxlError[] }
);

/**
 * What "Export to QEMU" shows. For a multi-host lab (issue 18) the fields of `QemuCommandView` are
 * the focused host's (or, when QEMU cannot build that one, the first host it can build), and
 * `hosts` has every host's command line with what QEMU cannot express; `fabric` lists what no
 * host's line carries and `backingFiles` the files the instances share.
 */
export interface QemuExportView extends QemuCommandView {
  /** Multi-host: the host whose command line the top-level fields are. */
  focus?: string;
  hosts?: QemuHostView[];
  fabric?: QemuLimitView[];
  backingFiles?: { device: string; path: string; bytes: number }[];
}

/** An argument the QEMU import skipped (unknown device, unused object), with why. */
export interface QemuSkippedView {
  index: number;
  line: number;
  text: string;
  reason: string;
}

export interface ImportedLab {
  /** The lab as `cxl-lab/1` text (`cxl-lab/2` for a multi-host lab from a share link), to open with `file.open`. */
  text: string;
  /** The topology's name. */
  name: string;
  /** Type 3 devices in the imported topology. */
  devices: number;
}

export interface InteropRequestMap {
  /**
   * The current lab as a `#lab=…` fragment, with written memory ('auto': all of it when it compresses
   * to under 1 MiB, else none and `memoryLeftOut` says why) and the view (dock tab, selection, pending access).
   */
  'share.encode': {
    args: { includeMemory: boolean | 'auto'; memoryLimitBytes?: number; view?: ShareView };
    result: {
      fragment: string;
      jsonBytes: number;
      compressedBytes: number;
      pagesIncluded: number;
      pagesOmitted: number;
      memoryLeftOut?: MemoryLeftOut;
      warnings: string[];
    };
  };
  /**
   * Decodes a link with everything it carries (untrusted): the lab when it has one, the view to
   * restore, and a lesson (built-in id or a teacher's validated file text) with its step.
   */
  'share.open': {
    args: { link: string };
    result: { lab?: ImportedLab; view: ShareView; lesson?: LessonLinkSource; step?: string };
  };
  /** Decodes and validates a share link (untrusted); refused with every problem as `causes`. */
  'share.decode': { args: { link: string }; result: ImportedLab };
  /**
   * The current lab as a QEMU command line plus guest region commands; refusals as `causes`. A
   * multi-host lab answers one command line per host (`hosts`), refused only when no host exports.
   */
  'qemu.export': {
    /** `renumber` chooses bus numbers (a warning per change); `uid` uses UIDs and may refuse. */
    args: { syntax: QemuSyntaxView; busNumbers: 'uid' | 'renumber' };
    result: QemuExportView;
  };
  /** A pasted QEMU command line → a lab file; errors (naming the argument) as `causes`. */
  'qemu.import': {
    args: { text: string; assemble: boolean; qemuVersion?: QemuSyntaxView };
    result: ImportedLab & {
      skipped: QemuSkippedView[];
      ignored: string[];
      warnings: CxlError[];
      regions: string[];
    };
  };
  /**
   * `cxl list -BDMPTERvvv` JSON → a lab file with the kernel's decoder programming; devices the
   * listing does not attach anywhere come back in `unplaced` (the canvas tray), not in the file.
   */
  'cxl-list.import': {
    args: { text: string };
    result: ImportedLab & { findings: CxlError[]; unplaced: UnplacedDevice[] };
  };
  /** A CEDT binary → host bridges and windows; each unusable subtable is a finding with its offset. */
  'cedt.import': {
    args: { bytes: Uint8Array };
    result: ImportedLab & { findings: CxlError[] };
  };
}
