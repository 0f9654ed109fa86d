/**
 * The interop requests (`interop-types.ts`): share links, QEMU export and import, `cxl list`
 * and CEDT import. Thin adapters over the core's `src/cxl/interop`: they turn the core's results into the
 * protocol's plain data and its error lists into one error with `causes`. Pure, Node-testable.
 */

import type { FabricLab, FabricLabFile } from '../cxl/fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../cxl/fabric/file-write.ts';
import {
  type CxlError,
  decodeCedt,
  decodeShareFragment,
  decodeShareLink,
  encodeShareFragment,
  exportQemu,
  importCedt,
  importCxlList,
  importQemu,
  type Lab,
  type LabFile,
  type Result,
  serializeLabFile,
  type TopologySpec,
} from '../cxl/index.ts';
import type { QemuExport } from '../cxl/interop/qemu-export.ts';
import { exportQemuFabric } from '../cxl/interop/qemu-export-hosts.ts';
import type {
  ImportedLab,
  InteropRequestMap,
  QemuCommandView,
  QemuExportView,
  QemuHostView,
} from './interop-types.ts';

type ResultOf<K extends keyof InteropRequestMap> = InteropRequestMap[K]['result'];
type ArgsOf<K extends keyof InteropRequestMap> = InteropRequestMap[K]['args'];

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** One error for the protocol: the first problem as the message, all of them as `causes`. */
function refused(code: string, what: string, errors: CxlError[]): Result<never> {
  const first = errors[0]?.message ?? 'unknown problem';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return { ok: false, error: { code, message: `${what}: ${first}${more}`, causes: errors } };
}

/** A multi-host lab (issue 18) as `cxl-lab/2` text: its Type 3 devices are its fabric devices and hosts' own. */
function importedFabric(file: FabricLabFile): ImportedLab {
  const own = file.spec.hosts.reduce((n, h) => n + h.components.filter((c) => c.kind === 'type3').length, 0);
  return {
    text: serializeMultiHostFile(file),
    name: file.spec.name,
    devices: own + file.spec.fabric.devices.length,
  };
}

function imported(file: LabFile | TopologySpec): ImportedLab {
  const spec = 'spec' in file ? file.spec : file;
  return {
    text: serializeLabFile(file),
    name: spec.name,
    devices: spec.components.filter((c) => c.kind === 'type3').length,
  };
}

/** `file`: the single-host lab's file, or a multi-host lab's (`FabricLab.toFile()`, issue 18). */
export function shareEncode(
  file: LabFile | FabricLabFile,
  args: ArgsOf<'share.encode'>,
): Result<ResultOf<'share.encode'>> {
  const r = encodeShareFragment(file, {
    includeMemory: args.includeMemory,
    ...(args.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: args.memoryLimitBytes }),
    ...(args.view === undefined ? {} : { view: args.view }),
  });
  if (!r.ok) return refused(r.error.code, 'no link', [r.error]);
  const { fragment, jsonBytes, compressedBytes, pagesIncluded, pagesOmitted, warnings } = r.value;
  const leftOut = r.value.memoryLeftOut;
  return ok({
    fragment,
    jsonBytes,
    compressedBytes,
    pagesIncluded,
    pagesOmitted,
    ...(leftOut === undefined ? {} : { memoryLeftOut: { ...leftOut } }),
    warnings: [...warnings],
  });
}

export function shareOpen(link: string): Result<ResultOf<'share.open'>> {
  const r = decodeShareLink(link);
  if (!r.ok) return refused('share.refused', 'The link was not opened', r.error);
  const { file, fabric, state } = r.value;
  const lab = file !== undefined ? imported(file) : fabric !== undefined ? importedFabric(fabric) : undefined;
  return ok({
    ...(lab === undefined ? {} : { lab }),
    view: state.view,
    ...(state.lesson === undefined ? {} : { lesson: state.lesson }),
    ...(state.step === undefined ? {} : { step: state.step }),
  });
}

export function shareDecode(link: string): Result<ResultOf<'share.decode'>> {
  const r = decodeShareFragment(link);
  if (!r.ok) return refused('share.refused', 'The link was not opened', r.error);
  return ok(r.value.hosts === 'single' ? imported(r.value.file) : importedFabric(r.value.file));
}

/** The core's export as protocol data (no argv of the region commands). */
function commandView(x: QemuExport): QemuCommandView {
  return {
    syntax: x.syntax,
    argv: [...x.argv],
    commandLine: x.commandLine,
    script: x.script,
    guestScript: x.guestScript,
    regions: x.regions.map((g) => ({
      region: g.region,
      window: g.window,
      rootDecoder: g.rootDecoder,
      sizeBytes: g.sizeBytes,
      ways: g.ways,
      granularity: g.granularity,
      type: g.type,
      command: g.command,
      members: g.members.map((m) => ({ ...m })),
    })),
    warnings: x.warnings.map((w) => ({ ...w })),
  };
}

/**
 * "Export to QEMU": the lab's command line; for a multi-host lab (`fabric`, whose host `lab` is the
 * focused one) every host's, with what QEMU cannot express (`exportQemuFabric`).
 */
export function qemuExport(
  lab: Lab,
  args: ArgsOf<'qemu.export'>,
  fabric: FabricLab | null = null,
): Result<QemuExportView> {
  if (fabric !== null) return qemuExportHosts(lab, args, fabric);
  const r = exportQemu(lab, { syntax: args.syntax, busNumbers: args.busNumbers });
  if (!r.ok) return refused('qemu.refused', 'QEMU cannot build this lab', r.error);
  return ok(commandView(r.value));
}

function qemuExportHosts(lab: Lab, args: ArgsOf<'qemu.export'>, fabric: FabricLab): Result<QemuExportView> {
  const r = exportQemuFabric(fabric, { syntax: args.syntax, busNumbers: args.busNumbers });
  if (!r.ok) return refused('qemu.refused', 'QEMU cannot build this lab', r.error);
  const focus = fabric.hostIds.find((h) => fabric.host(h) === lab);
  const hosts: QemuHostView[] = r.value.hosts.map((h) => {
    const limits = h.limits.map((l) => ({ ...l }));
    return h.result.ok
      ? { host: h.host, limits, ok: true, export: commandView(h.result.value) }
      : { host: h.host, limits, ok: false, problems: h.result.error.map((e) => ({ ...e })) };
  });
  const shown =
    hosts.find((h) => h.host === focus && h.ok) ?? hosts.find((h): h is QemuHostView & { ok: true } => h.ok);
  if (shown === undefined || !shown.ok) {
    const all = hosts.flatMap((h) =>
      h.ok ? [] : h.problems.map((e) => ({ ...e, message: `${h.host}: ${e.message}` })),
    );
    return refused('qemu.refused', 'QEMU cannot build any host of this lab', all);
  }
  return ok({
    ...shown.export,
    focus: shown.host,
    hosts,
    fabric: r.value.fabric.map((l) => ({ ...l })),
    backingFiles: r.value.backingFiles.map((b) => ({ ...b })),
  });
}

export function qemuImport(args: ArgsOf<'qemu.import'>): Result<ResultOf<'qemu.import'>> {
  const r = importQemu(args.text, {
    assemble: args.assemble,
    ...(args.qemuVersion === undefined ? {} : { qemuVersion: args.qemuVersion }),
  });
  if (!r.ok) return refused('qemu.import-refused', 'The command line was not imported', r.error);
  const x = r.value;
  return ok({
    ...imported(x.file ?? x.spec),
    skipped: x.skipped.map((s) => ({ ...s })),
    ignored: [...x.ignored],
    warnings: x.warnings.map((w) => ({ ...w })),
    regions: [...x.regions],
  });
}

export function cxlListImport(text: string): Result<ResultOf<'cxl-list.import'>> {
  const r = importCxlList(text);
  if (!r.ok) return refused('cxl-list.refused', 'The listing was not imported', r.error);
  return ok({
    ...imported(r.value.spec),
    findings: r.value.findings.map((f) => ({ ...f })),
    unplaced: r.value.unplaced.map((u) => ({ ...u, candidates: [...u.candidates] })),
  });
}

/** Largest CEDT accepted for import (a real one is a few hundred bytes; the CEDT panel's limit too). */
const MAX_CEDT_BYTES = 1 << 20;

/** A CEDT binary → a lab with its host bridges and windows; unusable subtables become findings. */
export function cedtImport(bytes: Uint8Array): Result<ResultOf<'cedt.import'>> {
  if (bytes.length > MAX_CEDT_BYTES) {
    return refused('cedt.refused', 'The CEDT was not imported', [
      { code: 'cedt.too-large', message: `${bytes.length} bytes: a CEDT is far smaller` },
    ]);
  }
  const r = importCedt(decodeCedt(bytes));
  if (!r.ok) return refused('cedt.refused', 'The CEDT was not imported', r.error);
  return ok({ ...imported(r.value.spec), findings: r.value.findings.map((f) => ({ ...f })) });
}
