/**
 * Lab → QEMU: the `qemu-system-x86_64` arguments that build the lab's topology (QEMU
 * docs/system/devices/cxl.rst), as an
 * argv array, a backslash-continued command and a shell script, plus the `cxl create-region`
 * commands that rebuild the lab's regions inside the guest (ndctl cxl/region.c,
 * Documentation/cxl/cxl-create-region.txt).
 *
 * Mapping, component by component:
 * - machine: `-machine q35,cxl=on`; `-m` chosen so that QEMU's window placement (`qemu-placement.ts`)
 *   puts `cxl-fmw.0` at the lab's first window base when some configuration reaches it (4 GiB RAM
 *   alone, 2 GiB, or 4 GiB with a hotplug area `maxmem=…,slots≤8` as in QEMU's documentation);
 *   otherwise 4 GiB and a warning per window whose base differs. QEMU places windows itself (back to
 *   back in index order): only their sizes, targets and granularity are exported.
 * - host bridge → `pxb-cxl,bus_nr=<UID>` (bus_nr is the CEDT/ACPI UID). Bus numbers are 8 bits and
 *   each bridge below (root ports, switch upstream and downstream ports) takes the next bus number,
 *   so the UIDs must leave that room: `bus_nr + buses below < next bus_nr ≤ 255`; UID 0 is pcie.0.
 *   With `busNumbers: 'renumber'` bus numbers are chosen instead (a warning lists each change).
 *   Decoders: current QEMU gives a pxb-cxl with exactly one root port no HDM decoders (passthrough,
 *   the lab's `decoderCount: 0`) unless `hdm_for_passthrough=on` (lab `decoderCount: 4`); with other
 *   root-port counts it has 4. QEMU 7.2 has no passthrough bridges and one decoder per component
 *   (QEMU 7.x hw/cxl/cxl-component-utils.c hdm_init_common; no pxb_cxl_dev_reset passthrough yet —
 *   the release boundary is the lab's assumption), so a 7.2 export warns instead of refusing there.
 * - root port → `cxl-rp,port=<port number>` with unique `chassis=0,slot=N`; switch → `cxl-upstream`
 *   plus `cxl-downstream,port=…` per downstream port; QEMU routes only one switch level below a root
 *   port (QEMU hw/cxl/cxl-host.c cxl_cfmws_find_device), so deeper switches export with a warning.
 * - Type 3 → `cxl-type3,sn=<serial>` with `memory-backend-ram` for volatile capacity
 *   (`volatile-memdev`) and `memory-backend-file,share=on,mem-path=…` for persistent capacity
 *   (`persistent-memdev`, with a label storage area `lsa`). The 7.2-era syntax has only `memdev=`
 *   (persistent), so volatile capacity is refused there.
 * - window → `-M cxl-fmw.N.targets.M=<pxb id>,cxl-fmw.N.size=…,cxl-fmw.N.interleave-granularity=…`.
 *   QEMU windows are modulo only (no XOR), advertise every restriction (0xF) and QTG 0.
 *
 * Decoder programming is not exported: QEMU boots with uncommitted HDM decoders, and the region
 * commands recreate what Linux would assemble. Kernel names (`memN`) are predicted for a probe in
 * bus order (host bridges by bus number, ports by port number) but change between boots (Linux
 * drivers/cxl/core/port.c __devm_cxl_add_port numbers ports in probe order): the guest script lists
 * each name's serial number so devices can be matched by `sn`.
 */
import { createLab } from '../lab.ts';
import { linuxNames } from '../region/names.ts';
import { listRegions, type RegionInfo } from '../region/registry.ts';
import type { RegionLab } from '../region/types.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import type { LabFile } from '../topology/file.ts';
import type { ComponentSpec, HostBridgeSpec, Topology, TopologySpec, Type3Spec } from '../topology/model.ts';
import { rchAbove } from '../topology/restricted.ts';
import { validateTopology } from '../topology/validate.ts';
import { GIB, hex, MIB } from '../units.ts';
import { escapeKeyval, isQemuId, shellQuote, sizeSuffixText } from './qemu-args.ts';
import {
  memoryOptionText,
  QEMU_MAX_HOST_BRIDGES,
  type QemuMemory,
  type QemuPlacement,
  qemuPlacement,
  solveQemuMemory,
} from './qemu-placement.ts';
import { qemuRchRefusal } from './qemu-rch.ts';

/** `current`: QEMU 8.0 and later (`volatile-memdev`/`persistent-memdev`); `7.2`: only `memdev=`. */
export type QemuSyntax = 'current' | '7.2';

export interface QemuExportOptions {
  /** Default `current`. */
  syntax?: QemuSyntax;
  /** Memory options; unspecified parts are chosen to match the lab's first window base. */
  memory?: { ramBytes?: number; maxmemBytes?: number; slots?: number };
  /** Directory of the persistent and label backing files. Default `/tmp/cxl-lab`. */
  memPathDir?: string;
  /** Label storage area size per persistent device. Default 256 MiB (QEMU's documentation). */
  lsaBytes?: number;
  /** `uid` (default): bus_nr = UID, refused when they leave no room; `renumber`: choose them. */
  busNumbers?: 'uid' | 'renumber';
  /** Default `qemu-system-x86_64`. */
  program?: string;
  /**
   * Volatile capacity backed by a shared file instead of `memory-backend-ram` (multi-host export,
   * `qemu-export-hosts.ts`): Type 3 id → the file, the offset of its bytes in it and the file's
   * whole size (the script creates it at that size first).
   */
  sharedVolatile?: Readonly<Record<string, SharedBacking>>;
}

/**
 * A slice of a shared backing file: `memory-backend-file,share=on,mem-path=…,offset=…` (QEMU
 * qapi/qom.json MemoryBackendFileProperties: `offset` since 8.1, a multiple of the page size).
 */
export interface SharedBacking {
  path: string;
  offset: number;
  fileBytes: number;
}

/** One `cxl create-region` command. */
export interface QemuRegionCommand {
  region: string;
  window: string;
  rootDecoder: string;
  sizeBytes: number;
  ways: number;
  granularity: number;
  type: 'ram' | 'pmem';
  argv: string[];
  command: string;
  /** Members in position order, with the names and serials to match them by. */
  members: { position: number; memdev: string; component: string; serial: number; qemuId: string }[];
}

export interface QemuExport {
  syntax: QemuSyntax;
  argv: string[];
  /** `qemu-system-x86_64 \` then one option per line. */
  commandLine: string;
  /** A runnable host script (extra arguments pass through as `"$@"`), region commands as comments. */
  script: string;
  /** The region commands as a script to run inside the guest. */
  guestScript: string;
  regions: QemuRegionCommand[];
  memory: QemuMemory;
  placement: QemuPlacement;
  /** Lab component id → QEMU device id. */
  qemuIds: Record<string, string>;
  /** Host bridge id → `bus_nr`. */
  busNumbers: Record<string, number>;
  /** Predicted kernel memdev name per Type 3 id (probe order; may differ per boot). */
  memdevNames: Record<string, string>;
  /** Things QEMU will do differently from the lab (the export still stands). */
  warnings: CxlError[];
}

const QEMU_SPEC = 'QEMU docs/system/devices/cxl.rst';
const QEMU_DECODERS = 4;
const QEMU_72_DECODERS = 1;
const PCI_DEVICES_PER_BUS = 32;
const QEMU_RESTRICTIONS = ['type2', 'type3', 'volatile', 'persistent'];

type Source = RegionLab | TopologySpec | LabFile;

function isRegionLab(s: Source): s is RegionLab {
  return 'topology' in s && 'decoders' in s;
}

function resolveLab(source: Source): Result<RegionLab, CxlError[]> {
  if (isRegionLab(source)) return ok(source);
  const created = createLab(source);
  if (!created.ok) return { ok: false, error: created.error.causes ?? [created.error] };
  return ok(created.value.lab);
}

class Issues {
  readonly refusals: CxlError[] = [];
  readonly warnings: CxlError[] = [];
  refuse(code: string, component: string | undefined, message: string, spec?: string): void {
    this.refusals.push(issue(code, component, message, spec));
  }
  warn(code: string, component: string | undefined, message: string, spec?: string): void {
    this.warnings.push(issue(code, component, message, spec));
  }
}

function issue(code: string, component: string | undefined, message: string, spec?: string): CxlError {
  const e: CxlError = { code, message: component === undefined ? message : `${component}: ${message}` };
  if (component !== undefined) e.component = component;
  if (spec !== undefined) e.spec = spec;
  return e;
}

/** Lab ids as QEMU ids: kept when well-formed, else sanitized and made unique. */
function qemuIdMap(spec: TopologySpec, issues: Issues): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const c of spec.components) if (isQemuId(c.id)) used.add(c.id);
  for (const c of spec.components) {
    if (isQemuId(c.id)) {
      out.set(c.id, c.id);
      continue;
    }
    let base = c.id.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
    if (!/^[A-Za-z]/.test(base)) base = `c${base}`;
    let id = base;
    for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    out.set(c.id, id);
    issues.warn(
      'qemu.id-renamed',
      c.id,
      `not a valid QEMU id (a letter, then letters, digits, "-", "." or "_"); exported as "${id}"`,
    );
  }
  return out;
}

/** Components below `id` in depth-first order, children by port number (the export order). */
function subtree(topology: Topology, id: string, out: string[]): void {
  out.push(id);
  for (const kid of topology.children.get(id) ?? []) subtree(topology, kid, out);
}

function kidsOfKind(topology: Topology, id: string, kind: ComponentSpec['kind']): string[] {
  return (topology.children.get(id) ?? []).filter((k) => topology.byId.get(k)?.kind === kind);
}

/** Buses a host bridge's subtree takes below its root bus: one per root port and switch port. */
function busesBelow(topology: Topology, hb: string): number {
  const ids: string[] = [];
  subtree(topology, hb, ids);
  return ids.filter((id) => {
    const k = topology.byId.get(id)?.kind;
    return k === 'root-port' || k === 'switch' || k === 'downstream-port';
  }).length;
}

/** Switch levels between a component and its root port (1 = directly below the root port). */
function switchDepth(topology: Topology, id: string): number {
  let depth = 0;
  let cur = topology.byId.get(id);
  for (let guard = 0; cur !== undefined && cur.kind !== 'host-bridge' && guard < 64; guard++) {
    if (cur.kind === 'switch') depth++;
    cur = topology.byId.get(cur.parent);
  }
  return depth;
}

function planBusNumbers(
  topology: Topology,
  hostBridges: readonly HostBridgeSpec[],
  mode: 'uid' | 'renumber',
  issues: Issues,
): Map<string, number> {
  const out = new Map<string, number>();
  const needs = hostBridges.map((h) => ({ hb: h, below: busesBelow(topology, h.id) }));
  if (mode === 'renumber') {
    let cursor = 1;
    for (const { hb, below } of needs) {
      const fits = hb.uid >= cursor && hb.uid + below <= 255;
      const bus = fits ? hb.uid : cursor;
      if (bus + below > 255) {
        issues.refuse(
          'qemu.bus-space',
          hb.id,
          `needs buses ${bus}…${bus + below}; PCI bus numbers end at 255`,
          QEMU_SPEC,
        );
      }
      if (bus !== hb.uid) {
        issues.warn(
          'qemu.bus-renumbered',
          hb.id,
          `UID ${hb.uid} becomes bus_nr ${bus} (and so CEDT UID ${bus} in QEMU) to leave room for its ${below} bus${below === 1 ? '' : 'es'} below`,
        );
      }
      out.set(hb.id, bus);
      cursor = bus + below + 1;
    }
    return out;
  }
  needs.forEach(({ hb, below }, i) => {
    out.set(hb.id, hb.uid);
    if (hb.uid < 1 || hb.uid > 255) {
      issues.refuse(
        'qemu.uid-range',
        hb.id,
        `UID ${hb.uid} cannot be a pxb-cxl bus_nr: QEMU's bus_nr (= UID) is a PCI bus number 1…255 (0 is pcie.0); use busNumbers "renumber" or change the UID`,
        QEMU_SPEC,
      );
      return;
    }
    const last = hb.uid + below;
    const next = needs[i + 1];
    if (last > 255) {
      issues.refuse(
        'qemu.bus-space',
        hb.id,
        `bus_nr ${hb.uid} plus ${below} bus${below === 1 ? '' : 'es'} below it (root ports, switch ports) runs past bus 255; lower the UID`,
        QEMU_SPEC,
      );
    } else if (next !== undefined && last >= next.hb.uid) {
      issues.refuse(
        'qemu.bus-space',
        hb.id,
        `bus_nr ${hb.uid} needs buses ${hb.uid + 1}…${last} for its ${below} bridge${below === 1 ? '' : 's'} below, but ${next.hb.id} has UID ${next.hb.uid}; space the UIDs apart or use busNumbers "renumber"`,
        QEMU_SPEC,
      );
    }
  });
  return out;
}

function chooseMemory(spec: TopologySpec, options: QemuExportOptions, issues: Issues): QemuMemory {
  const req = options.memory ?? {};
  const bad = (what: string, v: number | undefined, rule: string): boolean => {
    if (v === undefined) return false;
    issues.refuse('qemu.memory-invalid', undefined, `memory option ${what} = ${v}: ${rule}`);
    return true;
  };
  const ram = req.ramBytes;
  if (ram !== undefined && (!Number.isSafeInteger(ram) || ram < 16 * MIB || ram % MIB !== 0)) {
    bad('ramBytes', ram, 'a whole number of MiB, at least 16 MiB');
  }
  if (req.maxmemBytes !== undefined) {
    const maxmem = req.maxmemBytes;
    const r = ram ?? 4 * GIB;
    if (!Number.isSafeInteger(maxmem) || maxmem < r || maxmem % MIB !== 0) {
      bad('maxmemBytes', maxmem, `a whole number of MiB, at least the RAM size (${sizeSuffixText(r)})`);
    }
    const slots = req.slots ?? (maxmem > r ? 8 : null);
    if (slots !== null && (!Number.isInteger(slots) || slots < 0 || slots > 256)) {
      bad('slots', slots, 'an integer 0…256');
    }
    return { ramBytes: r, maxmemBytes: maxmem, slots };
  }
  const first = spec.windows[0];
  const firstHb = spec.components
    .filter((c): c is HostBridgeSpec => c.kind === 'host-bridge')
    .sort((a, b) => a.uid - b.uid)[0];
  if (first === undefined && firstHb !== undefined) {
    // No windows: aim QEMU's CXL range at the first host bridge's register block instead.
    const base = firstHb.componentRegBase;
    const solved = solveQemuMemory(Math.ceil((base + MIB) / HDM_ALIGNMENT) * HDM_ALIGNMENT, ram);
    if (solved !== null && qemuPlacement(solved, [], 1).cxlBase === base) return solved;
  }
  if (first !== undefined) {
    const solved = solveQemuMemory(first.base, ram);
    if (solved !== null) return solved;
    issues.warn(
      'qemu.window-placement',
      first.id,
      `no -m/maxmem/slots setting${ram === undefined ? '' : ` with ${sizeSuffixText(ram)} of RAM`} makes QEMU place the first window at ${hex(first.base)}; QEMU places windows itself, so their bases will differ (see each window)`,
      'QEMU hw/i386/pc.c pc_get_cxl_range_start, pc_get_cxl_range_end',
    );
  }
  return { ramBytes: ram ?? 4 * GIB, maxmemBytes: null, slots: null };
}

function placementLines(memory: QemuMemory, placement: QemuPlacement): string[] {
  const lines = [
    `Memory -m ${memoryOptionText(memory, sizeSuffixText)}: RAM ${sizeSuffixText(placement.belowFourGBytes)} below 4G` +
      (placement.aboveFourGBytes > 0 ? ` and ${sizeSuffixText(placement.aboveFourGBytes)} above` : ''),
  ];
  if (placement.deviceMemory !== null) {
    lines.push(
      `hotplug area ${hex(placement.deviceMemory.base)} + ${sizeSuffixText(placement.deviceMemory.size)} (maxmem - ram + 1G per slot)`,
    );
  }
  lines.push(
    `CXL host-bridge registers at ${hex(placement.cxlBase)}; windows from ${hex(
      placement.windowBases[0] ?? placement.windowsEnd,
    )}, back to back in cxl-fmw index order`,
  );
  return lines;
}

/** Builds the QEMU command line and region commands for a lab, a topology or a lab file. */
/** What every phase of a QEMU export reads. */
interface ExportContext {
  lab: RegionLab;
  topology: Topology;
  spec: TopologySpec;
  syntax: QemuSyntax;
  issues: Issues;
  /** Lab id → QEMU id. */
  qid: (id: string) => string;
  /** Host bridges in bus (UID) order. */
  hostBridges: HostBridgeSpec[];
  /** Every component, host bridge by host bridge, depth-first by port number. */
  order: string[];
  busNumbers: Map<string, number>;
}

export function exportQemu(source: Source, options: QemuExportOptions = {}): Result<QemuExport, CxlError[]> {
  const resolved = resolveLab(source);
  if (!resolved.ok) return resolved;
  const lab = resolved.value;
  const topology = lab.topology;
  const spec = topology.spec;
  const syntax: QemuSyntax = options.syntax ?? 'current';
  const issues = new Issues();
  const ids = qemuIdMap(spec, issues);
  const qid = (id: string): string => ids.get(id) ?? id;

  // Host bridges in bus order, then everything below each depth-first by port number.
  const hostBridges = spec.components
    .filter((c): c is HostBridgeSpec => c.kind === 'host-bridge')
    .sort((a, b) => a.uid - b.uid);
  if (hostBridges.length > QEMU_MAX_HOST_BRIDGES) {
    issues.refuse(
      'qemu.too-many-host-bridges',
      undefined,
      `${hostBridges.length} host bridges; QEMU fits at most ${QEMU_MAX_HOST_BRIDGES} pxb-cxl register blocks in its 1 MiB ("Insufficient space for pxb cxl host register space")`,
      QEMU_SPEC,
    );
  }
  const busNumbers = planBusNumbers(topology, hostBridges, options.busNumbers ?? 'uid', issues);
  const order: string[] = [];
  for (const hb of hostBridges) subtree(topology, hb.id, order);
  const ctx: ExportContext = { lab, topology, spec, syntax, issues, qid, hostBridges, order, busNumbers };

  checkComponents(ctx);
  checkWindows(ctx);
  checkSerials(ctx);
  // Memory and placement.
  const memory = chooseMemory(spec, options, issues);
  const placement = placeAndCheck(ctx, memory);

  // Regions → cxl create-region.
  const memdevNames = predictMemdevNames(spec, order);
  const regionCommands = regionsToCommands(lab, spec, placement, memdevNames, qid, syntax, issues);
  if (issues.refusals.length > 0) return { ok: false, error: issues.refusals };

  const { dir, argv, commandLine } = qemuArguments(ctx, options, memory);
  // Object.fromEntries defines own properties: an id such as "__proto__" stays a plain key.
  const qemuIds: Record<string, string> = Object.fromEntries(ids);
  const busRecord: Record<string, number> = Object.fromEntries(busNumbers);
  const names: Record<string, string> = Object.fromEntries(memdevNames);

  const guestScript = buildGuestScript(spec, order, memdevNames, qid, regionCommands);
  const hasPmem = spec.components.some((c) => c.kind === 'type3' && c.persistent > 0);
  const sharedLines = sharedFileLines(options.sharedVolatile);
  const script = [
    '#!/bin/sh',
    `# CXL Topology Lab: ${oneLine(spec.name) || 'topology'} as a QEMU command line (${syntax === 'current' ? 'QEMU 8.0+' : 'QEMU 7.2'} syntax).`,
    ...placementLines(memory, placement).map((l) => `# ${l}.`),
    ...issues.warnings.map((w) => `# warning: ${oneLine(w.message)}`),
    '# Pass your kernel, disk, network and accelerator options as arguments to this script.',
    'set -e',
    ...(hasPmem || sharedLines.length > 0 ? [`mkdir -p ${shellQuote(dir)}`] : []),
    ...sharedLines,
    `exec ${commandLine} \\\n  "$@"`,
    '',
    ...(regionCommands.length > 0
      ? [
          '# Then, inside the guest (cxl-cli from ndctl), recreate the regions (the guest script):',
          ...regionCommands.map((c) => `#   ${c.command}`),
          '# memN names follow probe order and may differ per boot; match devices by serial (sn).',
        ]
      : []),
    '',
  ].join('\n');

  return ok({
    syntax,
    argv,
    commandLine,
    script,
    guestScript,
    regions: regionCommands,
    memory,
    placement,
    qemuIds,
    busNumbers: busRecord,
    memdevNames: names,
    warnings: issues.warnings,
  });
}

/** Per-component checks: host bridges, switches (depth, bus size) and Type 3 devices. */
function checkComponents({ topology, syntax, issues, order }: ExportContext): void {
  for (const id of order) {
    const c = topology.byId.get(id);
    if (c === undefined) continue;
    if (c.kind === 'host-bridge' && c.restricted === true) issues.refusals.push(qemuRchRefusal(c.id));
    else if (c.kind === 'host-bridge') checkHostBridge(topology, c, syntax, issues);
    else if (c.kind === 'switch') {
      checkDecoderCount(c.id, 'switch upstream port', c.decoderCount, syntax, issues);
      const depth = switchDepth(topology, c.id);
      if (depth > 1) {
        issues.warn(
          'qemu.switch-depth',
          c.id,
          `switch ${depth} levels below its root port: QEMU's window decode routes through only one switch level (hw/cxl/cxl-host.c), so accesses to devices below it fail in QEMU`,
          'QEMU hw/cxl/cxl-host.c cxl_cfmws_find_device',
        );
      }
      if (kidsOfKind(topology, c.id, 'downstream-port').length > PCI_DEVICES_PER_BUS) {
        issues.refuse(
          'qemu.bus-full',
          c.id,
          `more than ${PCI_DEVICES_PER_BUS} downstream ports: one PCI bus holds ${PCI_DEVICES_PER_BUS} devices`,
        );
      }
    } else if (c.kind === 'type3' && rchAbove(topology, c.id) === undefined) checkType3(c, syntax, issues);
  }
}

/** Windows: XOR arithmetic, restrictions and QTG as QEMU can express them. */
function checkWindows({ spec, issues }: ExportContext): void {
  spec.windows.forEach((w, n) => {
    if (w.arithmetic === 'xor') {
      issues.refuse(
        'qemu.xor-window',
        w.id,
        `XOR interleave arithmetic: QEMU's CFMWS is always modulo and it emits no CXIMS (hw/acpi/cxl.c), so cxl-fmw.${n} cannot express it`,
        'QEMU hw/acpi/cxl.c cedt_build_cfmws; CXL r3.1 §9.18.1.4',
      );
    }
    const extra = w.restrictions.filter((r) => !QEMU_RESTRICTIONS.includes(r));
    const missing = QEMU_RESTRICTIONS.filter((r) => !w.restrictions.includes(r as never));
    if (extra.length > 0 || missing.length > 0) {
      issues.warn(
        'qemu.window-restrictions',
        w.id,
        `QEMU advertises every window as ${QEMU_RESTRICTIONS.join(', ')} (restrictions 0xF)` +
          (missing.length > 0 ? `; the lab's window does not allow ${missing.join(', ')}` : '') +
          (extra.length > 0 ? `; ${extra.join(', ')} cannot be set` : ''),
        'QEMU hw/acpi/cxl.c cedt_build_cfmws (Window Restrictions 0x0F)',
      );
    }
    if (w.qtg !== 0)
      issues.warn('qemu.window-qtg', w.id, `QTG ${w.qtg} becomes 0: QEMU's windows all use QTG 0`);
  });
}

/** Serials: Linux (and the guest script) tell devices apart by them. */
function checkSerials({ topology, issues, order }: ExportContext): void {
  const bySerial = new Map<number, string[]>();
  for (const id of order) {
    const c = topology.byId.get(id);
    if (c?.kind === 'type3') bySerial.set(c.serial, [...(bySerial.get(c.serial) ?? []), c.id]);
  }
  for (const [serial, list] of bySerial) {
    if (list.length > 1) {
      issues.warn(
        'qemu.serial-shared',
        undefined,
        `${list.join(', ')} share serial ${hex(serial)} (sn=): kernel names change between boots and the serial is how to tell devices apart; give each a unique serial`,
        'Linux drivers/cxl/core/port.c __devm_cxl_add_port (ids in probe order)',
      );
    }
  }
}

/** Where QEMU will place the windows and register blocks, and where that differs from the lab. */
function placeAndCheck({ spec, issues, hostBridges }: ExportContext, memory: QemuMemory): QemuPlacement {
  const placement = qemuPlacement(
    memory,
    spec.windows.map((w) => w.size),
    hostBridges.length,
  );
  spec.windows.forEach((w, n) => {
    const at = placement.windowBases[n] ?? 0;
    if (at !== w.base) {
      issues.warn(
        'qemu.window-base',
        w.id,
        `the lab has it at ${hex(w.base)}; QEMU places cxl-fmw.${n} itself at ${hex(at)} (windows follow each other in index order from ${hex(placement.windowBases[0] ?? at)}), so only its size, targets and granularity carry over`,
        'QEMU hw/i386/pc.c pc_get_cxl_range_end',
      );
    }
  });
  const regMismatch = hostBridges.filter((h, i) => h.componentRegBase !== placement.componentRegBases[i]);
  if (regMismatch.length > 0) {
    issues.warn(
      'qemu.chbcr-base',
      undefined,
      `QEMU puts host-bridge component registers at ${hex(placement.cxlBase)} + 64 KiB × n; ${regMismatch
        .map((h) => `${h.id} (lab ${hex(h.componentRegBase)})`)
        .join(', ')} will differ`,
      'QEMU hw/pci-bridge/pci_expander_bridge.c pxb_cxl_hook_up_registers',
    );
  }
  if (placement.windowsEnd > 2 ** 40) {
    issues.warn(
      'qemu.phys-bits',
      undefined,
      `windows end at ${hex(placement.windowsEnd)}, above 1 TiB: the guest CPU needs more than 40 physical address bits (for example -cpu max or host-phys-bits) (UNVERIFIED per CPU model)`,
    );
  }

  return placement;
}

/** The `qemu-system-x86_64` arguments: machine and memory, one `-device` per component, the windows. */
function qemuArguments(
  { topology, spec, syntax, qid, order, busNumbers }: ExportContext,
  options: QemuExportOptions,
  memory: QemuMemory,
): { dir: string; argv: string[]; commandLine: string } {
  const program = options.program ?? 'qemu-system-x86_64';
  const dir = (options.memPathDir ?? '/tmp/cxl-lab').replace(/\/+$/, '') || '/';
  const lsa = sizeSuffixText(options.lsaBytes ?? 256 * MIB);
  const pairs: [string, string][] = [
    ['-machine', 'q35,cxl=on'],
    ['-m', memoryOptionText(memory, sizeSuffixText)],
  ];
  const devices: [string, string][] = [];
  let slot = 0;
  for (const id of order) {
    const c = topology.byId.get(id);
    if (c === undefined) continue;
    const q = qid(c.id);
    switch (c.kind) {
      case 'host-bridge': {
        const rps = kidsOfKind(topology, c.id, 'root-port').length;
        const hdm = syntax === 'current' && rps === 1 && c.decoderCount > 0 ? ',hdm_for_passthrough=on' : '';
        devices.push(['-device', `pxb-cxl,bus_nr=${busNumbers.get(c.id) ?? c.uid},bus=pcie.0,id=${q}${hdm}`]);
        break;
      }
      case 'root-port':
        devices.push([
          '-device',
          `cxl-rp,port=${c.port},bus=${qid(c.parent)},id=${q},chassis=0,slot=${slot++}`,
        ]);
        break;
      case 'switch':
        devices.push(['-device', `cxl-upstream,bus=${qid(c.parent)},id=${q}`]);
        break;
      case 'downstream-port':
        devices.push([
          '-device',
          `cxl-downstream,port=${c.port},bus=${qid(c.parent)},id=${q},chassis=0,slot=${slot++}`,
        ]);
        break;
      case 'type3': {
        const props: string[] = [`cxl-type3,bus=${qid(c.parent)}`];
        if (c.volatile > 0) {
          pairs.push(['-object', volatileBackend(q, c.volatile, options.sharedVolatile?.[c.id])]);
          props.push(`volatile-memdev=${q}-vmem`);
        }
        if (c.persistent > 0) {
          const path = escapeKeyval(`${dir === '/' ? '' : dir}/${q}-pmem.raw`);
          const lsaPath = escapeKeyval(`${dir === '/' ? '' : dir}/${q}-lsa.raw`);
          pairs.push([
            '-object',
            `memory-backend-file,id=${q}-pmem,share=on,mem-path=${path},size=${sizeSuffixText(c.persistent)}`,
          ]);
          pairs.push(['-object', `memory-backend-file,id=${q}-lsa,share=on,mem-path=${lsaPath},size=${lsa}`]);
          props.push(
            syntax === 'current' ? `persistent-memdev=${q}-pmem` : `memdev=${q}-pmem`,
            `lsa=${q}-lsa`,
          );
        }
        props.push(`sn=${hex(c.serial)}`, `id=${q}`);
        devices.push(['-device', props.join(',')]);
        break;
      }
    }
  }
  pairs.push(...devices);
  spec.windows.forEach((w, n) => {
    const parts = w.targets.map((t, m) => `cxl-fmw.${n}.targets.${m}=${qid(t)}`);
    parts.push(`cxl-fmw.${n}.size=${sizeSuffixText(w.size)}`);
    parts.push(`cxl-fmw.${n}.interleave-granularity=${sizeSuffixText(w.granularity, true)}`);
    pairs.push(['-M', parts.join(',')]);
  });
  const argv = [program, ...pairs.flat()];
  const commandLine = [
    shellQuote(program),
    ...pairs.map(([opt, value]) => `  ${opt} ${shellQuote(value)}`),
  ].join(' \\\n');

  return { dir, argv, commandLine };
}

/** The volatile memory backend of Type 3 `q`: private RAM, or a slice of a shared file. */
function volatileBackend(q: string, size: number, shared: SharedBacking | undefined): string {
  if (shared === undefined) return `memory-backend-ram,id=${q}-vmem,size=${sizeSuffixText(size)}`;
  const offset = shared.offset > 0 ? `,offset=${sizeSuffixText(shared.offset)}` : '';
  return `memory-backend-file,id=${q}-vmem,share=on,mem-path=${escapeKeyval(shared.path)},size=${sizeSuffixText(size)}${offset}`;
}

/**
 * Script lines creating each shared backing file at its whole size when it is missing or empty:
 * QEMU refuses a non-empty backing file shorter than offset + size (QEMU system/physmem.c
 * qemu_ram_alloc_from_fd), so the first instance must not create it at its own slice's end.
 */
function sharedFileLines(shared: Readonly<Record<string, SharedBacking>> | undefined): string[] {
  const files = new Map<string, number>();
  for (const b of Object.values(shared ?? {}))
    files.set(b.path, Math.max(files.get(b.path) ?? 0, b.fileBytes));
  return [...files].map(
    ([path, bytes]) => `[ -s ${shellQuote(path)} ] || truncate -s ${bytes} ${shellQuote(path)}`,
  );
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function checkDecoderCount(
  id: string,
  what: string,
  count: number,
  syntax: QemuSyntax,
  issues: Issues,
): void {
  if (syntax === 'current' && count !== QEMU_DECODERS) {
    issues.refuse(
      'qemu.decoder-count',
      id,
      `${count} HDM decoder${count === 1 ? '' : 's'}: QEMU gives every ${what} exactly ${QEMU_DECODERS} (since ≈8.2)`,
      'QEMU hw/cxl/cxl-component-utils.c hdm_init_common',
    );
  } else if (syntax === '7.2' && count !== QEMU_72_DECODERS) {
    issues.warn(
      'qemu.decoder-count',
      id,
      `${count} HDM decoders in the lab; QEMU 7.2 exposes ${QEMU_72_DECODERS} per component (4 arrived with a patch merged in October 2023, in the 8.2 cycle), so only one region can use it there`,
      'QEMU 7.x hw/cxl/cxl-component-utils.c hdm_init_common (one decoder)',
    );
  }
}

function checkHostBridge(topology: Topology, hb: HostBridgeSpec, syntax: QemuSyntax, issues: Issues): void {
  const rps = kidsOfKind(topology, hb.id, 'root-port').length;
  if (rps > PCI_DEVICES_PER_BUS) {
    issues.refuse(
      'qemu.bus-full',
      hb.id,
      `${rps} root ports: one PCI bus holds ${PCI_DEVICES_PER_BUS} devices`,
    );
  }
  if (syntax === '7.2') {
    if (hb.decoderCount === 0) {
      issues.refuse(
        'qemu.passthrough',
        hb.id,
        'a passthrough host bridge (decoderCount 0): QEMU 7.2 has no passthrough pxb-cxl (added in 8.0); every host bridge there has HDM decoders',
        'QEMU hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset',
      );
      return;
    }
    checkDecoderCount(hb.id, 'host bridge', hb.decoderCount, syntax, issues);
    if (rps === 1) {
      issues.warn(
        'qemu.single-root-port',
        hb.id,
        'one root port: Linux (6.1) gives it a software passthrough decoder and never programs its HDM decoder, while QEMU 7.2 only routes through a committed decoder 0, so region writes are dropped and reads return 0; add an empty second root port',
        'Linux 6.1 drivers/cxl/port.c cxl_port_probe; QEMU 7.x hw/cxl/cxl-host.c cxl_hdm_find_target',
      );
    }
    return;
  }
  if (hb.decoderCount === 0) {
    if (rps !== 1) {
      issues.refuse(
        'qemu.passthrough',
        hb.id,
        `passthrough (decoderCount 0) with ${rps} root ports: QEMU makes a pxb-cxl passthrough only when it has exactly one root port; give it 4 decoders`,
        'QEMU hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset',
      );
    }
    return;
  }
  if (hb.decoderCount !== QEMU_DECODERS) {
    issues.refuse(
      'qemu.decoder-count',
      hb.id,
      `${hb.decoderCount} HDM decoder${hb.decoderCount === 1 ? '' : 's'}: a QEMU pxb-cxl has ${QEMU_DECODERS}, or none when it is passthrough (one root port; lab decoderCount 0)`,
      'QEMU hw/cxl/cxl-component-utils.c hdm_init_common; hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset',
    );
  }
}

function checkType3(t: Type3Spec, syntax: QemuSyntax, issues: Issues): void {
  if (t.volatile + t.persistent === 0) {
    issues.refuse(
      'qemu.no-capacity',
      t.id,
      'no capacity: cxl-type3 needs at least one memory backend',
      'QEMU hw/mem/cxl_type3.c cxl_setup_memory',
    );
  }
  if (syntax === '7.2' && t.volatile > 0) {
    issues.refuse(
      'qemu.volatile-72',
      t.id,
      `${sizeSuffixText(t.volatile)} volatile capacity: the QEMU 7.2 cxl-type3 takes only a persistent memdev= (volatile-memdev arrived in 8.0); export with the current syntax`,
      'QEMU hw/mem/cxl_type3.c cxl_setup_memory (volatile-memdev)',
    );
  }
  checkDecoderCount(t.id, 'Type 3 device', t.decoderCount, syntax, issues);
}

/** Kernel memdev names for a probe in export order (host bridges by bus number, depth-first). */
function predictMemdevNames(spec: TopologySpec, order: readonly string[]): Map<string, string> {
  const byId = new Map(spec.components.map((c) => [c.id, c]));
  const reordered: TopologySpec = {
    ...spec,
    components: order.map((id) => byId.get(id)).filter((c): c is ComponentSpec => c !== undefined),
  };
  const v = validateTopology(reordered);
  const out = new Map<string, string>();
  if (!v.ok) return out;
  const names = linuxNames(v.value);
  for (const [id, name] of names.memdevs) out.set(id, name);
  return out;
}

function regionsToCommands(
  lab: RegionLab,
  spec: TopologySpec,
  placement: QemuPlacement,
  memdevNames: ReadonlyMap<string, string>,
  qid: (id: string) => string,
  syntax: QemuSyntax,
  issues: Issues,
): QemuRegionCommand[] {
  const regions = listRegions(lab);
  const inRegions = new Set<string>();
  const usable: { r: RegionInfo; windowIndex: number }[] = [];
  for (const r of regions) {
    const windowIndex = spec.windows.findIndex((w) => w.id === r.window);
    if (r.problems.length > 0 || windowIndex < 0 || r.type === 'mixed' || r.rootDecoder === null) {
      issues.warn(
        'qemu.region-skipped',
        r.name,
        `not exported as a create-region command: ${r.problems.length > 0 ? r.problems.join('; ') : r.type === 'mixed' ? 'members mix ram and pmem' : 'no window contains it'}`,
      );
      continue;
    }
    if (syntax === '7.2' && (r.ways === 3 || r.ways === 6 || r.ways === 12 || r.ways === 16)) {
      issues.refuse(
        'qemu.region-ways',
        r.name,
        `${r.ways}-way region: QEMU 7.2's Type 3 decodes power-of-two ways up to 8 only and does not advertise 3/6/12/16-way capability, so Linux refuses it there (≈9.x adds it)`,
        'QEMU hw/mem/cxl_type3.c cxl_type3_dpa; hw/cxl/cxl-component-utils.c hdm_init_common',
      );
      continue;
    }
    for (const d of r.decoders) inRegions.add(`${d.component}#${d.index}`);
    usable.push({ r, windowIndex });
  }
  for (const c of spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3') continue;
    for (const d of lab.decoders(c.id)) {
      if (d.committed && d.size > 0 && !inRegions.has(`${c.id}#${d.index}`)) {
        issues.warn(
          'qemu.decoder-not-exported',
          c.id,
          `decoder ${d.index} is committed in the lab but belongs to no region Linux would assemble; QEMU boots with uncommitted decoders and no command recreates it`,
        );
      }
    }
  }
  usable.sort((a, b) => a.windowIndex - b.windowIndex || a.r.base - b.r.base);
  const commands: QemuRegionCommand[] = [];
  const nextOffset = new Map<number, number>();
  for (const { r, windowIndex } of usable) {
    const w = spec.windows[windowIndex];
    if (w === undefined) continue;
    const expected = nextOffset.get(windowIndex) ?? 0;
    const offset = r.base - w.base;
    if (offset !== expected) {
      issues.warn(
        'qemu.region-offset',
        r.name,
        `starts ${hex(offset)} into ${w.id} in the lab; created in this order Linux allocates first fit at ${hex(expected)} into the window (QEMU base ${hex((placement.windowBases[windowIndex] ?? 0) + expected)})`,
        'Linux drivers/cxl/core/region.c alloc_hpa',
      );
    }
    nextOffset.set(windowIndex, expected + r.size);
    const members = [...r.targets]
      .sort((a, b) => a.position - b.position)
      .map((t) => {
        const c = lab.topology.byId.get(t.memdev);
        return {
          position: t.position,
          memdev: memdevNames.get(t.memdev) ?? t.memdevName,
          component: t.memdev,
          serial: c?.kind === 'type3' ? c.serial : 0,
          qemuId: qid(t.memdev),
        };
      });
    const argv = [
      'cxl',
      'create-region',
      '-d',
      r.rootDecoder ?? '',
      '-w',
      String(r.ways),
      '-g',
      String(r.granularity),
      '-t',
      r.type,
      '-s',
      sizeSuffixText(r.size),
      ...members.map((m) => m.memdev),
    ];
    commands.push({
      region: r.name,
      window: w.id,
      rootDecoder: r.rootDecoder ?? '',
      sizeBytes: r.size,
      ways: r.ways,
      granularity: r.granularity,
      type: r.type === 'ram' ? 'ram' : 'pmem',
      argv,
      command: argv.map(shellQuote).join(' '),
      members,
    });
  }
  return commands;
}

function buildGuestScript(
  spec: TopologySpec,
  order: readonly string[],
  memdevNames: ReadonlyMap<string, string>,
  qid: (id: string) => string,
  commands: readonly QemuRegionCommand[],
): string {
  const lines = [
    '#!/bin/sh',
    `# Regions of ${oneLine(spec.name) || 'the lab'}: run inside the QEMU guest (cxl-cli from ndctl).`,
    '# Kernel names (memN) follow probe order and can change between boots: match by serial number.',
    '# Expected here:',
  ];
  for (const id of order) {
    const c = spec.components.find((x) => x.id === id);
    if (c?.kind !== 'type3') continue;
    lines.push(
      `#   ${memdevNames.get(id) ?? id}  sn=${hex(c.serial)}  (QEMU id ${qid(id)}, lab ${id}${c.name === undefined ? '' : ` "${oneLine(c.name)}"`})`,
    );
  }
  const first = order.map((id) => spec.components.find((c) => c.id === id)).find((c) => c?.kind === 'type3');
  const example = first?.kind === 'type3' ? first.serial : 1;
  lines.push(
    `# Find a name by serial (cxl list prints it in decimal): cxl list -M | jq -r '.[] | select(.serial == ${example}) | .memdev'`,
    'set -e',
  );
  for (const c of commands) {
    lines.push(
      `# ${c.region}: ${sizeSuffixText(c.sizeBytes)} ${c.type}, ${c.ways}-way @ ${c.granularity} B in ${c.window} (${c.rootDecoder}); positions ${c.members
        .map((m) => `${m.position}=${m.memdev}(sn ${hex(m.serial)})`)
        .join(' ')}`,
      c.command,
    );
  }
  return `${lines.join('\n')}\n`;
}
