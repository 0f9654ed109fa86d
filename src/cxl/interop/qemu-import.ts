/**
 * QEMU → lab: a pasted `qemu-system-x86_64` command line (one line or backslash-continued, with
 * quotes and comments; the command that runs QEMU is picked out of a pasted script) becomes a
 * `TopologySpec`.
 *
 * - `pxb-cxl` → host bridge (id = the QEMU id, UID = `bus_nr`); `cxl-rp` → root port (`port=`,
 *   default 0); `cxl-upstream` → switch; `cxl-downstream` → downstream port; `cxl-type3` → Type 3
 *   device with capacities from its memory backends (`volatile-memdev`, `persistent-memdev` or the
 *   older `memdev`) and serial from `sn=`. Parents come from `bus=`.
 * - `-M`/`-machine` options merge (QEMU merges them); `cxl-fmw.N.targets.M`, `.size` and
 *   `.interleave-granularity` keys may come in any order and in several `-M` options; the JSON form
 *   `-M '{"cxl-fmw":[…]}'` works too. Window bases follow QEMU's x86 placement from `-m`
 *   (`size`, `maxmem`, `slots`; QEMU's default 128 MiB when absent) — see `qemu-placement.ts` for
 *   the rule — and host-bridge register blocks sit at the start of the CXL range.
 * - Decoders: QEMU boots with every HDM decoder uncommitted, so none are programmed. Counts follow
 *   QEMU: 4 per component; a `pxb-cxl` with exactly one root port and no `hdm_for_passthrough=on` is
 *   passthrough (`decoderCount: 0`). With `qemuVersion: '7.2'` every component has 1 decoder and no
 *   bridge is passthrough (QEMU 7.x hw/cxl/cxl-component-utils.c hdm_init_common sets one decoder;
 *   passthrough came with hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset in 2023 — that 7.2
 *   is the last release without either is the lab's assumption). With `assemble`, one region per
 *   window is built
 *   the way `cxl create-region` would (members in Linux position order, all their free capacity of one
 *   mode) and committed, so the lab starts where a guest would be after those commands.
 * - Devices and objects the lab does not model are listed in `skipped` with their argument text;
 *   other options (`-smp`, `-drive`, …) in `ignored`. Errors name the argument: its index in the
 *   command's words (the program is 0) and its text, as QEMU would refuse the same line.
 */
import { checkImported } from '../accept.ts';
import { createLab } from '../lab.ts';
import { capFindings, LIMIT_FINDINGS, limitText } from '../limits.ts';
import { applyPlan } from '../region/apply.ts';
import { createRegion } from '../region/create.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import type { LabFile } from '../topology/file.ts';
import type {
  ComponentSpec,
  HostBridgeSpec,
  TopologySpec,
  Type3Spec,
  WindowRestriction,
  WindowSpec,
} from '../topology/model.ts';
import { reservedIdReason } from '../topology/reserved-ids.ts';
import { validateTopology } from '../topology/validate.ts';
import { ADDRESS_LIMIT, hex } from '../units.ts';
import {
  type KeyvalPair,
  MAX_QEMU_TEXT,
  parseQemuBool,
  parseQemuInt,
  parseQemuSize,
  type ShellWord,
  sizeSuffixText,
  splitKeyvals,
  splitShellCommands,
} from './qemu-args.ts';
import type { QemuSyntax } from './qemu-export.ts';
import {
  QEMU_DEFAULT_RAM,
  QEMU_MAX_HOST_BRIDGES,
  type QemuMemory,
  type QemuPlacement,
  qemuPlacement,
} from './qemu-placement.ts';

export interface QemuImportOptions {
  /** Which QEMU the line is for; decides decoder counts and passthrough bridges. Default `current`. */
  qemuVersion?: QemuSyntax;
  /** Assemble one region per window with Linux's rules and commit it. */
  assemble?: boolean;
  /** Topology name. */
  name?: string;
}

/** An argument the lab skipped, with why. */
export interface QemuSkippedArg {
  /** Index in the command's words (the program is 0). */
  index: number;
  line: number;
  text: string;
  reason: string;
}

export interface QemuImport {
  spec: TopologySpec;
  /** With `assemble`: the lab file with the assembled regions committed; else null. */
  file: LabFile | null;
  /** Regions assembled (`assemble`). */
  regions: string[];
  /** The QEMU command's words. */
  argv: string[];
  program: string | null;
  memory: QemuMemory;
  placement: QemuPlacement;
  skipped: QemuSkippedArg[];
  /** Options that do not describe CXL (`-smp 4`, `-drive …`), as `index: text`. */
  ignored: string[];
  warnings: CxlError[];
}

const VALUE_OPTIONS = new Set(
  (
    'machine M m device object smp cpu drive kernel append initrd netdev net nic name bios boot serial ' +
    'monitor mon chardev accel numa global fsdev virtfs display vga pidfile qmp qmp-pretty L D d trace rtc ' +
    'hda hdb hdc hdd cdrom fda fdb incoming loadvm uuid k mem-path sandbox overcommit msg run-with action ' +
    'audiodev audio spice vnc tpmdev blockdev iscsi parallel debugcon semihosting-config add-fd plugin ' +
    'icount watchdog-action smbios fw_cfg acpitable dtb usbdevice sd mtdblock pflash option-rom set ' +
    'compat cpu-topology g singlestep-limit'
  ).split(' '),
);
const FLAG_OPTIONS = new Set(
  (
    'nographic enable-kvm no-reboot no-shutdown S s snapshot daemonize no-user-config nodefaults no-hpet ' +
    'no-acpi full-screen version help h no-fd-bootchk only-migratable enable-fips no-kvm mem-prealloc ' +
    'preconfig curses sdl portrait win2k-hack no-frame alt-grab ctrl-grab usb no-quit xen-attach ' +
    'enable-sync-profile'
  ).split(' '),
);
const CXL_DEVICES = new Set(['pxb-cxl', 'cxl-rp', 'cxl-upstream', 'cxl-downstream', 'cxl-type3']);
const MEMORY_BACKENDS = new Set(['memory-backend-ram', 'memory-backend-file', 'memory-backend-memfd']);
const QEMU_RESTRICTIONS: WindowRestriction[] = ['type2', 'type3', 'volatile', 'persistent'];
const VALID_WAYS = [1, 2, 4, 8, 16, 3, 6, 12];
const SPEC = 'QEMU docs/system/devices/cxl.rst; hw/cxl/cxl-host.c';

interface Arg {
  index: number;
  line: number;
  option: string;
  value: string | null;
}

interface DeviceArg {
  arg: Arg;
  driver: string;
  props: Map<string, string>;
  id: string | null;
}

interface BackendArg {
  arg: Arg;
  type: string;
  id: string;
  size: number | null;
  usedBy: string | null;
}

interface FmwEntry {
  /** Argument index of each key, for errors. */
  targets: Map<number, { value: string; arg: Arg }>;
  size: { value: string; arg: Arg } | null;
  granularity: { value: string; arg: Arg } | null;
  firstArg: Arg;
}

function clip(s: string, n = 90): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * The argument as shown in a message, at most 90 characters. The value is cut before it is joined:
 * joining a whole 100 KB value and then cutting copied it once per finding, and every finding kept
 * its copy alive (issue 13: about 8 000 findings on one damaged `-m` grew the heap by 1 GiB).
 */
function argText(a: Arg): string {
  return clip(a.value === null ? a.option : `${a.option} ${a.value.slice(0, 91)}`);
}

class Problems {
  readonly errors: CxlError[] = [];
  readonly warnings: CxlError[] = [];
  error(a: Arg | null, code: string, message: string, component?: string): void {
    this.errors.push(located(a, code, message, component));
  }
  warn(a: Arg | null, code: string, message: string, component?: string): void {
    this.warnings.push(located(a, code, message, component));
  }
}

function located(a: Arg | null, code: string, message: string, component?: string): CxlError {
  const e: CxlError = {
    code,
    message: a === null ? message : `argument ${a.index} (${argText(a)}): ${message}`,
    spec: SPEC,
  };
  // Located at the argument, else at the command line as a whole.
  e.field = a !== null ? `argv[${a.index}]` : 'argv';
  if (component !== undefined) e.component = component;
  return e;
}

/** Picks the QEMU command out of a pasted script: the one naming qemu-system, else the most options. */
function pickCommand(commands: readonly ShellWord[][]): ShellWord[] | null {
  let best: ShellWord[] | null = null;
  let bestScore = -1;
  for (const words of commands) {
    const named = words.some((w) => /qemu-system-|qemu-kvm|(^|\/)qemu$/.test(w.text));
    const options = words.filter((w) => /^-{1,2}(device|object|M|machine)$/.test(w.text)).length;
    const score = (named ? 1_000_000 : 0) + options;
    if ((named || options > 0) && score > bestScore) {
      best = words;
      bestScore = score;
    }
  }
  return best;
}

/** A JSON option value (`-device '{"driver":…}'`) as keyval pairs; null when not JSON. */
function jsonKeyvals(value: string, firstKey: string): KeyvalPair[] | null {
  if (!value.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out: KeyvalPair[] = [];
  const flatten = (prefix: string, v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        flatten(`${prefix}.${i}`, x, depth + 1);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) flatten(prefix === '' ? k : `${prefix}.${k}`, x, depth + 1);
    } else if (typeof v === 'boolean') out.push({ key: prefix, value: v ? 'on' : 'off' });
    else if (typeof v === 'number' || typeof v === 'string') out.push({ key: prefix, value: String(v) });
  };
  flatten('', parsed, 0);
  const first = out.findIndex((p) => p.key === firstKey);
  if (first >= 0) {
    const [p] = out.splice(first, 1);
    if (p !== undefined) out.unshift({ key: null, value: p.value });
  }
  return out;
}

function keyvalsOf(value: string, firstKey: string): KeyvalPair[] {
  return jsonKeyvals(value, firstKey) ?? splitKeyvals(value);
}

function uniqueId(used: Set<string>, prefix: string): string {
  let n = 0;
  while (used.has(`${prefix}${n}`)) n++;
  const id = `${prefix}${n}`;
  used.add(id);
  return id;
}

/** What the import phases share: the command's words, what was read from them, the devices built. */
interface QemuImportContext {
  readonly options: QemuImportOptions;
  readonly version: QemuSyntax;
  readonly problems: Problems;
  readonly words: readonly ShellWord[];
  program: string | null;
  readonly skipped: QemuSkippedArg[];
  readonly ignored: string[];
  /** `-M`/`-machine` keys other than the type, merged over every such option. */
  readonly machine: { key: string; value: string; arg: Arg }[];
  machineType: { value: string; arg: Arg } | null;
  memoryArg: Arg | null;
  readonly deviceArgs: DeviceArg[];
  readonly backends: Map<string, BackendArg>;
  /** `cxl-fmw.N.*` keys by window index N. */
  readonly fmw: Map<number, FmwEntry>;
  readonly byQid: Map<string, DeviceArg>;
  readonly labId: Map<DeviceArg, string>;
  readonly parentOf: Map<DeviceArg, DeviceArg>;
  readonly components: Map<DeviceArg, ComponentSpec>;
  readonly hostBridges: DeviceArg[];
  /** `chassis/slot` → the port argument that took it. */
  readonly chassisSlots: Map<string, Arg>;
  /** Port numbers taken below each host bridge or switch. */
  readonly portsOf: Map<DeviceArg, Map<number, DeviceArg>>;
}

/** A window read from `cxl-fmw.N.*` keys, before placement gives it a base. */
interface PendingWindow {
  n: number;
  entry: FmwEntry;
  size: number;
  granularity: number;
  targets: string[];
}

/** Parses a QEMU command line into a lab topology (see the module comment). Never throws. */
export function importQemu(text: string, options: QemuImportOptions = {}): Result<QemuImport, CxlError[]> {
  // A leading UTF-8 byte-order mark (what some Windows editors write) is not part of the command;
  // looked at only within the size limit (reading a character flattens a concatenated string).
  const bom = typeof text === 'string' && text.length <= MAX_QEMU_TEXT && text.charCodeAt(0) === 0xfeff;
  const split = splitShellCommands(bom ? text.slice(1) : text);
  if (!split.ok) return { ok: false, error: [split.error] };
  const words = pickCommand(split.value);
  if (words === null) {
    return {
      ok: false,
      error: [
        {
          code: 'qemu.no-command',
          message: 'no QEMU command found: expected qemu-system-x86_64 or -device/-object/-M options',
          field: 'argv',
        },
      ],
    };
  }
  const ctx: QemuImportContext = {
    options,
    version: options.qemuVersion ?? 'current',
    problems: new Problems(),
    words,
    program: null,
    skipped: [],
    ignored: [],
    machine: [],
    machineType: null,
    memoryArg: null,
    deviceArgs: [],
    backends: new Map(),
    fmw: new Map(),
    byQid: new Map(),
    labId: new Map(),
    parentOf: new Map(),
    components: new Map(),
    hostBridges: [],
    chassisSlots: new Map(),
    portsOf: new Map(),
  };
  readOptions(ctx); // 1
  checkMachine(ctx); // 2
  const memory = parseMemory(ctx.memoryArg, ctx.problems); // 3
  readWindowKeys(ctx); // 4
  assignIds(ctx); // 5
  for (const d of ctx.deviceArgs) readDevice(ctx, d);
  checkOnePerPort(ctx);
  setDecoderCounts(ctx); // 6
  checkReachesHostBridge(ctx);
  const pending = readWindows(ctx); // 7
  const placement = qemuPlacement(
    memory,
    pending.map((p) => p.size),
    ctx.hostBridges.length,
  );
  const windows = placeWindows(ctx, pending, placement);
  checkBusSpace(ctx);
  if (ctx.problems.errors.length > 0) return { ok: false, error: capFindings(ctx.problems.errors, moreQemu) };
  const spec: TopologySpec = {
    name: options.name ?? 'Imported QEMU command line',
    windows,
    components: orderComponents(ctx), // 8
    notes: importNotes(memory, placement, ctx.version, ctx.skipped.length),
  };
  const valid = validateTopology(spec);
  if (!valid.ok) return { ok: false, error: locateValidationErrors(ctx, pending, windows, valid.error) };
  // 9. Optional region assembly.
  let file: LabFile | null = null;
  const regions: string[] = [];
  if (options.assemble === true) {
    const assembled = assembleRegions(spec, ctx.problems);
    file = assembled.file;
    regions.push(...assembled.regions);
  }
  // The one acceptance rule (issue 13): what the import returns must load as a lab file.
  const accepted = checkImported(file ?? spec, 'the QEMU command line');
  if (!accepted.ok) return accepted;
  return ok({
    spec,
    file,
    regions,
    argv: words.map((w) => w.text),
    program: ctx.program,
    memory,
    placement,
    skipped: ctx.skipped,
    ignored: ctx.ignored,
    warnings: capFindings(ctx.problems.warnings, moreQemu),
  });
}

function moreQemu(rest: number): CxlError {
  return {
    code: 'qemu.more',
    message: `and ${rest} more not listed (${limitText(LIMIT_FINDINGS)})`,
    field: 'argv',
  };
}

/** 1. The program, then every option: machine keys, memory, backends, CXL devices. */
function readOptions(ctx: QemuImportContext): void {
  const { words } = ctx;
  let i = 0;
  while (i < words.length && !(words[i]?.text ?? '').startsWith('-')) {
    const t = words[i]?.text ?? '';
    if (ctx.program === null && /qemu/.test(t)) ctx.program = t;
    i++;
  }
  if (ctx.program === null && i > 0) ctx.program = words[0]?.text ?? null;
  for (; i < words.length; i++) {
    const w = words[i] as ShellWord;
    if (!w.text.startsWith('-') || w.text === '-') {
      ctx.skipped.push({
        index: i,
        line: w.line,
        text: clip(w.text),
        reason: w.text === '...' ? 'an ellipsis from documentation' : 'not an option (a positional word)',
      });
      continue;
    }
    const name = w.text.replace(/^--?/, '');
    const next = words[i + 1];
    const takesValue =
      VALUE_OPTIONS.has(name) ||
      (!FLAG_OPTIONS.has(name) && next !== undefined && !next.text.startsWith('-'));
    const value = takesValue ? (next?.text ?? null) : null;
    const arg: Arg = { index: i, line: w.line, option: w.text, value };
    if (takesValue) i++;
    if (takesValue && value === null) {
      ctx.problems.error(arg, 'qemu.missing-value', `${w.text} needs a value`);
      continue;
    }
    readOption(ctx, name, arg, value ?? '');
  }
}

function readOption(ctx: QemuImportContext, name: string, arg: Arg, value: string): void {
  switch (name) {
    case 'M':
    case 'machine':
      for (const p of keyvalsOf(value, 'type')) {
        if (p.key === null || p.key === 'type') ctx.machineType = { value: p.value, arg };
        else ctx.machine.push({ key: p.key, value: p.value, arg });
      }
      break;
    case 'm':
      ctx.memoryArg = arg;
      break;
    case 'object':
      readObject(ctx, arg, value);
      break;
    case 'device': {
      const pairs = keyvalsOf(value, 'driver');
      const driver = pairs[0]?.key === null ? (pairs[0]?.value ?? '') : '';
      const props = new Map<string, string>();
      for (const p of pairs) if (p.key !== null) props.set(p.key, p.value);
      if (!CXL_DEVICES.has(driver)) {
        ctx.skipped.push({
          index: arg.index,
          line: arg.line,
          text: argText(arg),
          reason: driver.startsWith('cxl')
            ? `CXL device "${clip(driver, 40)}" is not modelled by the lab`
            : `"${clip(driver, 40)}" is not a CXL topology device`,
        });
        break;
      }
      ctx.deviceArgs.push({ arg, driver, props, id: props.get('id') ?? null });
      break;
    }
    default:
      ctx.ignored.push(`${arg.index}: ${argText(arg)}`);
  }
}

/** `-object memory-backend-*`: the backends `cxl-type3` devices name, with their sizes. */
function readObject(ctx: QemuImportContext, arg: Arg, value: string): void {
  const { problems } = ctx;
  const pairs = keyvalsOf(value, 'qom-type');
  const type = pairs[0]?.key === null ? (pairs[0]?.value ?? '') : '';
  const props = new Map(pairs.filter((p) => p.key !== null).map((p) => [p.key as string, p.value]));
  if (!MEMORY_BACKENDS.has(type)) {
    ctx.skipped.push({
      index: arg.index,
      line: arg.line,
      text: argText(arg),
      reason: `object type "${clip(type, 40)}" is not a memory backend`,
    });
    return;
  }
  const id = props.get('id');
  if (id === undefined) {
    problems.error(arg, 'qemu.object-id', `${type} needs id= (cxl-type3 refers to it by id)`);
    return;
  }
  const other = ctx.backends.get(id);
  if (other !== undefined) {
    problems.error(arg, 'qemu.duplicate-id', `object id "${id}" is also used by argument ${other.arg.index}`);
    return;
  }
  let size: number | null = null;
  const sizeText = props.get('size');
  if (sizeText !== undefined) {
    const r = parseQemuSize(sizeText, `${id} size`);
    if (r.ok) size = r.value;
    else problems.error(arg, r.error.code, r.error.message);
  }
  ctx.backends.set(id, { arg, type, id, size, usedBy: null });
}

/** 2. The machine: q35 with cxl=on. */
function checkMachine(ctx: QemuImportContext): void {
  const { problems, machine, machineType } = ctx;
  const cxl = machine.filter((m) => m.key === 'cxl').pop();
  const cxlOn = cxl === undefined ? null : parseQemuBool(cxl.value);
  if (machineType === null) {
    problems.warn(
      null,
      'qemu.machine-missing',
      'no machine type given: assuming q35 (QEMU\'s default x86 machine "pc" has no CXL)',
    );
  } else if (/^(pc|pc-i440fx.*|isapc|microvm|xenfv.*)$/.test(machineType.value)) {
    problems.error(
      machineType.arg,
      'qemu.machine',
      `machine "${machineType.value}" has no CXL support; use q35`,
    );
  } else if (machineType.value === 'virt' || machineType.value.startsWith('virt-')) {
    problems.warn(
      machineType.arg,
      'qemu.machine-arm',
      'arm64 virt places CXL windows differently (QEMU 10.1+); window bases below follow the x86 q35 rule',
    );
  } else if (!/^(q35|pc-q35.*)$/.test(machineType.value)) {
    problems.warn(
      machineType.arg,
      'qemu.machine',
      `machine "${machineType.value}": window placement assumes q35`,
    );
  }
  if (cxlOn !== true && ctx.deviceArgs.some((d) => d.driver === 'pxb-cxl')) {
    problems.warn(
      cxl?.arg ?? machineType?.arg ?? null,
      'qemu.cxl-off',
      'cxl=on is missing from -machine: QEMU refuses pxb-cxl then ("CXL host bridges present, but cxl=off")',
    );
  }
  const maxRam = machine.find((x) => x.key === 'max-ram-below-4g');
  if (maxRam !== undefined) {
    problems.warn(maxRam.arg, 'qemu.unmodelled', 'max-ram-below-4g is not modelled: window bases may differ');
  }
}

/** 4. `cxl-fmw.N.targets.M`, `.size`, `.interleave-granularity`, in any order. */
function readWindowKeys(ctx: QemuImportContext): void {
  for (const m of ctx.machine) {
    if (!m.key.startsWith('cxl-fmw.')) continue;
    const k = /^cxl-fmw\.(\d{1,4})\.(?:targets\.(\d{1,3})|(size)|(interleave-granularity))$/.exec(m.key);
    if (k === null) {
      ctx.problems.error(
        m.arg,
        'qemu.fmw-key',
        `"${clip(m.key, 50)}" is not a cxl-fmw key (targets.M, size, interleave-granularity)`,
      );
      continue;
    }
    const n = Number(k[1]);
    let e = ctx.fmw.get(n);
    if (e === undefined) {
      e = { targets: new Map(), size: null, granularity: null, firstArg: m.arg };
      ctx.fmw.set(n, e);
    }
    if (k[2] !== undefined) e.targets.set(Number(k[2]), { value: m.value, arg: m.arg });
    else if (k[3] !== undefined) e.size = { value: m.value, arg: m.arg };
    else e.granularity = { value: m.value, arg: m.arg };
  }
}

// Maps: `driver` is input text (an inherited name such as "constructor" must not match).
const ID_PREFIX = new Map<string, string>([
  ['pxb-cxl', 'hb'],
  ['cxl-rp', 'rp'],
  ['cxl-upstream', 'sw'],
  ['cxl-downstream', 'dsp'],
  ['cxl-type3', 'mem'],
]);
const PARENT_DRIVERS = new Map<string, readonly string[]>([
  ['pxb-cxl', []],
  ['cxl-rp', ['pxb-cxl']],
  ['cxl-upstream', ['cxl-rp', 'cxl-downstream']],
  ['cxl-downstream', ['cxl-upstream']],
  ['cxl-type3', ['cxl-rp', 'cxl-downstream']],
]);

/** 5. Device ids: QEMU's `id=` where given and unique, else a generated one. */
function assignIds(ctx: QemuImportContext): void {
  const used = new Set<string>();
  for (const d of ctx.deviceArgs) {
    if (d.id === null) continue;
    const other = ctx.byQid.get(d.id);
    if (other !== undefined) {
      ctx.problems.error(
        d.arg,
        'qemu.duplicate-id',
        `device id "${d.id}" is also used by argument ${other.arg.index}`,
      );
      d.id = null;
      continue;
    }
    ctx.byQid.set(d.id, d);
    used.add(d.id);
  }
  // Generated ids count up per prefix; remembering where each prefix got to keeps this linear.
  const counters = new Map<string, number>();
  for (const d of ctx.deviceArgs) {
    // A QEMU id the lab keeps for itself (reserved-ids.ts) stays the QEMU name `bus=` refers to.
    const reserved = d.id === null ? null : reservedIdReason(d.id);
    if (d.id !== null && reserved === null) {
      ctx.labId.set(d, d.id);
      continue;
    }
    const prefix = ID_PREFIX.get(d.driver) ?? 'dev';
    let n = counters.get(prefix) ?? 0;
    while (used.has(`${prefix}${n}`)) n++;
    counters.set(prefix, n + 1);
    used.add(`${prefix}${n}`);
    ctx.labId.set(d, `${prefix}${n}`);
    if (reserved !== null)
      ctx.problems.warn(
        d.arg,
        'qemu.reserved-id',
        `id "${d.id}" is reserved in the lab (${reserved}); named "${prefix}${n}" here`,
        `${prefix}${n}`,
      );
  }
}

/** One device: a host bridge, or a component below its `bus=`. */
function readDevice(ctx: QemuImportContext, d: DeviceArg): void {
  const id = ctx.labId.get(d) ?? '';
  if (d.id === null && d.driver !== 'cxl-type3') {
    ctx.problems.warn(
      d.arg,
      'qemu.no-id',
      `${d.driver} without id=: nothing can sit below it; named "${id}" here`,
      id,
    );
  }
  if (d.driver === 'pxb-cxl') {
    readHostBridge(ctx, d, id);
    return;
  }
  const parent = attachToBus(ctx, d, id);
  const parentId = parent === undefined ? '' : (ctx.labId.get(parent) ?? '');
  if (d.driver === 'cxl-rp' || d.driver === 'cxl-downstream') {
    const port = readPort(ctx, d, id, parent, parentId);
    ctx.components.set(
      d,
      d.driver === 'cxl-rp'
        ? { kind: 'root-port', id, parent: parentId, port }
        : { kind: 'downstream-port', id, parent: parentId, port },
    );
  } else if (d.driver === 'cxl-upstream') {
    ctx.components.set(d, { kind: 'switch', id, parent: parentId, decoderCount: 4, decoders: [] });
  } else {
    ctx.components.set(d, type3From(d, id, parentId, ctx.backends, ctx.version, ctx.problems));
  }
}

function readHostBridge(ctx: QemuImportContext, d: DeviceArg, id: string): void {
  const { problems } = ctx;
  const bus = d.props.get('bus');
  if (bus !== undefined && bus !== 'pcie.0') {
    problems.error(d.arg, 'qemu.pxb-bus', `pxb-cxl sits on the root bus pcie.0, not "${clip(bus, 40)}"`, id);
  }
  const busNr = d.props.get('bus_nr');
  let uid = 0;
  if (busNr === undefined) {
    problems.error(
      d.arg,
      'qemu.bus-nr',
      'pxb-cxl needs bus_nr= (its bus number and CEDT UID; 0 is pcie.0)',
      id,
    );
  } else {
    const r = parseQemuInt(busNr, 'bus_nr', 1, 255);
    if (r.ok) uid = r.value;
    else problems.error(d.arg, 'qemu.bus-nr', `${r.error.message} (0 is pcie.0's bus)`, id);
  }
  const hdm = d.props.get('hdm_for_passthrough');
  if (hdm !== undefined && parseQemuBool(hdm) === null) {
    problems.error(d.arg, 'qemu.bool', `hdm_for_passthrough="${clip(hdm, 20)}" is not on/off`, id);
  }
  ctx.components.set(d, { kind: 'host-bridge', id, uid, decoderCount: 4, componentRegBase: 0, decoders: [] });
  ctx.hostBridges.push(d);
}

/** The device's `bus=` parent, when it names a device of an allowed driver. */
function attachToBus(ctx: QemuImportContext, d: DeviceArg, id: string): DeviceArg | undefined {
  const { problems } = ctx;
  const busName = d.props.get('bus');
  const parent = busName === undefined ? undefined : ctx.byQid.get(busName);
  const allowed = PARENT_DRIVERS.get(d.driver) ?? [];
  if (busName === undefined) {
    problems.error(
      d.arg,
      'qemu.no-bus',
      `${d.driver} needs bus= naming its ${allowed.join(' or ')} (without it QEMU puts it on pcie.0, outside CXL)`,
      id,
    );
  } else if (parent === undefined) {
    problems.error(
      d.arg,
      'qemu.unknown-bus',
      `bus=${clip(busName, 40)} names no ${allowed.join(' or ')} on the command line`,
      id,
    );
  } else if (!allowed.includes(parent.driver)) {
    problems.error(
      d.arg,
      'qemu.bad-bus',
      `bus=${clip(busName, 40)} is a ${parent.driver}; a ${d.driver} sits below a ${allowed.join(' or ')}`,
      id,
    );
  } else {
    ctx.parentOf.set(d, parent);
    if (parent.arg.index > d.arg.index) {
      problems.warn(
        d.arg,
        'qemu.order',
        `its bus ${clip(busName, 40)} is created later (argument ${parent.arg.index}); QEMU creates devices in command-line order and would fail`,
        id,
      );
    }
    return parent;
  }
  return undefined;
}

/** A root or downstream port's `port=` (unique below its parent) and `chassis`/`slot` (unique). */
function readPort(
  ctx: QemuImportContext,
  d: DeviceArg,
  id: string,
  parent: DeviceArg | undefined,
  parentId: string,
): number {
  const { problems } = ctx;
  const port = parseQemuInt(d.props.get('port') ?? '0', 'port', 0, 255);
  if (!port.ok) problems.error(d.arg, 'qemu.port', port.error.message, id);
  const chassis = parseQemuInt(d.props.get('chassis') ?? '0', 'chassis', 0, 255);
  const slot = parseQemuInt(d.props.get('slot') ?? '0', 'slot', 0, 8191);
  if (!chassis.ok) problems.error(d.arg, 'qemu.chassis', chassis.error.message, id);
  if (!slot.ok) problems.error(d.arg, 'qemu.slot', slot.error.message, id);
  if (chassis.ok && slot.ok) {
    const key = `${chassis.value}/${slot.value}`;
    const other = ctx.chassisSlots.get(key);
    if (other !== undefined) {
      problems.error(
        d.arg,
        'qemu.slot-in-use',
        `chassis=${chassis.value},slot=${slot.value} is also taken by argument ${other.index}; QEMU refuses a second port in one slot`,
        id,
      );
    } else ctx.chassisSlots.set(key, d.arg);
  }
  if (port.ok && parent !== undefined) {
    const ports = ctx.portsOf.get(parent) ?? new Map<number, DeviceArg>();
    ctx.portsOf.set(parent, ports);
    const other = ports.get(port.value);
    if (other !== undefined) {
      problems.error(
        d.arg,
        'qemu.duplicate-port',
        `port=${port.value} is also used by ${ctx.labId.get(other)} (argument ${other.arg.index}) on ${parentId}${d.props.get('port') === undefined ? ' (port= defaults to 0)' : ''}; HDM target lists name ports by these numbers, so each needs its own`,
        id,
      );
    } else ports.set(port.value, d);
  }
  return port.ok ? port.value : 0;
}

/** Below a port: one device each. */
function checkOnePerPort(ctx: QemuImportContext): void {
  const childOf = new Map<DeviceArg, DeviceArg>();
  for (const [child, parent] of ctx.parentOf) {
    if (parent.driver !== 'cxl-rp' && parent.driver !== 'cxl-downstream') continue;
    const other = childOf.get(parent);
    if (other !== undefined) {
      ctx.problems.error(
        child.arg,
        'qemu.port-occupied',
        `${ctx.labId.get(parent)} already has ${ctx.labId.get(other)} (argument ${other.arg.index}) below it; a port takes one device`,
        ctx.labId.get(child),
      );
    } else childOf.set(parent, child);
  }
}

/** 6. Decoder counts as QEMU gives them; a warning for switches below switches. */
function setDecoderCounts(ctx: QemuImportContext): void {
  const rootPortsOf = new Map<DeviceArg, number>();
  for (const [child, parent] of ctx.parentOf) {
    if (child.driver === 'cxl-rp') rootPortsOf.set(parent, (rootPortsOf.get(parent) ?? 0) + 1);
  }
  for (const [d, c] of ctx.components) {
    if (c.kind === 'host-bridge') {
      const rps = rootPortsOf.get(d) ?? 0;
      const hdm = parseQemuBool(d.props.get('hdm_for_passthrough') ?? 'off') === true;
      if (ctx.version === '7.2') {
        c.decoderCount = 1;
        if (hdm) ctx.problems.warn(d.arg, 'qemu.version', 'hdm_for_passthrough arrived in QEMU 8.0', c.id);
      } else c.decoderCount = rps === 1 && !hdm ? 0 : 4;
    } else if (c.kind === 'switch' || c.kind === 'type3') {
      c.decoderCount = ctx.version === '7.2' ? 1 : 4;
      if (c.kind !== 'switch') continue;
      let depth = 0;
      for (let p: DeviceArg | undefined = d, guard = 0; p !== undefined && guard < 64; guard++) {
        if (p.driver === 'cxl-upstream') depth++;
        p = ctx.parentOf.get(p);
      }
      if (depth > 1) {
        ctx.problems.warn(
          d.arg,
          'qemu.switch-depth',
          `switch ${depth} levels below its root port: QEMU routes through only one switch level (QEMU hw/cxl/cxl-host.c cxl_cfmws_find_device); the lab routes any depth`,
          c.id,
        );
      }
    }
  }
}

/**
 * Every device's `bus=` chain must end at a pxb-cxl. Chains that loop (an upstream port on a
 * downstream port of itself) are refused as `qemu.cycle`, naming the loop once; other dead ends are
 * `qemu.orphan`. Each device is walked once (verdicts are remembered), so this is linear.
 */
function checkReachesHostBridge(ctx: QemuImportContext): void {
  const verdict = new Map<DeviceArg, boolean>();
  for (const start of ctx.deviceArgs) {
    if (start.driver === 'pxb-cxl' || !ctx.parentOf.has(start)) continue;
    const path: DeviceArg[] = [];
    const onPath = new Set<DeviceArg>();
    let p: DeviceArg | undefined = start;
    let reaches = false;
    while (p !== undefined) {
      const known = verdict.get(p);
      if (known !== undefined) {
        reaches = known;
        break;
      }
      if (p.driver === 'pxb-cxl') {
        reaches = true;
        break;
      }
      if (onPath.has(p)) {
        const loop = path.slice(path.indexOf(p)).map((d) => ctx.labId.get(d) ?? '?');
        ctx.problems.error(
          p.arg,
          'qemu.cycle',
          `bus= chain loops: ${[...loop, ctx.labId.get(p) ?? '?'].slice(0, 12).join(' → ')}${loop.length > 11 ? ' → …' : ''}; no pxb-cxl above it`,
          ctx.labId.get(p),
        );
        break;
      }
      path.push(p);
      onPath.add(p);
      p = ctx.parentOf.get(p);
    }
    for (const d of path) verdict.set(d, reaches);
    if (!reaches) {
      const id = ctx.labId.get(start);
      ctx.problems.error(start.arg, 'qemu.orphan', `${id} is not below any pxb-cxl`, id);
    }
  }
}

/** 7. The windows' keys: indices from 0 without gaps, sizes, granularities, targets. */
function readWindows(ctx: QemuImportContext): PendingWindow[] {
  const { problems } = ctx;
  if (ctx.hostBridges.length > QEMU_MAX_HOST_BRIDGES) {
    problems.error(
      ctx.hostBridges[QEMU_MAX_HOST_BRIDGES]?.arg ?? null,
      'qemu.too-many-host-bridges',
      `more than ${QEMU_MAX_HOST_BRIDGES} pxb-cxl: QEMU has register space for ${QEMU_MAX_HOST_BRIDGES}`,
    );
  }
  const hbByQid = new Map<string, HostBridgeSpec>();
  for (const d of ctx.hostBridges) {
    const c = ctx.components.get(d);
    if (d.id !== null && c?.kind === 'host-bridge') hbByQid.set(d.id, c);
  }
  const windowIndices = [...ctx.fmw.keys()].sort((a, b) => a - b);
  windowIndices.forEach((n, k) => {
    if (n !== k) {
      problems.error(
        ctx.fmw.get(n)?.firstArg ?? null,
        'qemu.fmw-index',
        `cxl-fmw.${n} without cxl-fmw.${k}: QEMU's window list counts from 0 without gaps`,
      );
    }
  });
  return windowIndices.map((n) => readWindow(problems, n, ctx.fmw.get(n) as FmwEntry, hbByQid));
}

function readWindow(
  problems: Problems,
  n: number,
  e: FmwEntry,
  hbByQid: ReadonlyMap<string, HostBridgeSpec>,
): PendingWindow {
  const size = readWindowSize(problems, n, e);
  const granularity = readWindowGranularity(problems, n, e);
  const targetIdx = [...e.targets.keys()].sort((a, b) => a - b);
  const targets: string[] = [];
  targetIdx.forEach((m, k) => {
    const t = e.targets.get(m) as { value: string; arg: Arg };
    if (m !== k) {
      problems.error(t.arg, 'qemu.fmw-target-index', `cxl-fmw.${n}.targets.${m} without targets.${k}`);
    }
    const hb = hbByQid.get(t.value);
    if (hb === undefined) {
      problems.error(
        t.arg,
        'qemu.fmw-target',
        `"Could not resolve CXLFM target ${clip(t.value, 40)}": no pxb-cxl has that id`,
      );
    } else targets.push(hb.id);
  });
  if (targetIdx.length === 0) problems.error(e.firstArg, 'qemu.fmw-targets', `cxl-fmw.${n} has no targets`);
  else if (!VALID_WAYS.includes(targetIdx.length)) {
    problems.error(
      e.firstArg,
      'qemu.fmw-ways',
      `cxl-fmw.${n}: "Interleave ways: ${targetIdx.length} not supported" (1, 2, 4, 8, 16, 3, 6 or 12 targets)`,
    );
  } else if (size > 0 && size % (HDM_ALIGNMENT * targetIdx.length) !== 0) {
    problems.error(
      e.size?.arg ?? e.firstArg,
      'qemu.fmw-size',
      `cxl-fmw.${n}.size ${sizeSuffixText(size)} is not a multiple of 256 MiB × ${targetIdx.length} targets: QEMU accepts it, but every way of the window needs whole 256 MiB HDM units (the lab requires it)`,
    );
  }
  return { n, entry: e, size, granularity, targets };
}

function readWindowSize(problems: Problems, n: number, e: FmwEntry): number {
  if (e.size === null) {
    problems.error(e.firstArg, 'qemu.fmw-size', `cxl-fmw.${n}.size is missing`);
    return 0;
  }
  const r = parseQemuSize(e.size.value, `cxl-fmw.${n}.size`);
  if (!r.ok) problems.error(e.size.arg, r.error.code, r.error.message);
  else if (r.value === 0 || r.value % HDM_ALIGNMENT !== 0) {
    problems.error(
      e.size.arg,
      'qemu.fmw-size',
      `cxl-fmw.${n}.size ${clip(e.size.value, 40)}: "Size of a CXL fixed memory window must be a multiple of 256MiB"`,
    );
  } else return r.value;
  return 0;
}

function readWindowGranularity(problems: Problems, n: number, e: FmwEntry): number {
  if (e.granularity === null) return 256;
  const r = parseQemuSize(e.granularity.value, `cxl-fmw.${n}.interleave-granularity`);
  if (!r.ok) problems.error(e.granularity.arg, r.error.code, r.error.message);
  else if (![256, 512, 1024, 2048, 4096, 8192, 16384].includes(r.value)) {
    problems.error(
      e.granularity.arg,
      'qemu.fmw-granularity',
      `interleave granularity ${clip(e.granularity.value, 40)} invalid: 256, 512, 1k, 2k, 4k, 8k or 16k`,
    );
  } else return r.value;
  return 256;
}

/** Host-bridge register blocks and window bases where QEMU puts them. */
function placeWindows(
  ctx: QemuImportContext,
  pending: readonly PendingWindow[],
  placement: QemuPlacement,
): WindowSpec[] {
  ctx.hostBridges.forEach((d, k) => {
    const c = ctx.components.get(d);
    if (c?.kind === 'host-bridge') c.componentRegBase = placement.componentRegBases[k] ?? 0;
  });
  const allIds = new Set([...ctx.components.values()].map((c) => c.id));
  const windows = pending.map((p, k): WindowSpec => {
    let id = `cfmw${p.n}`;
    if (allIds.has(id)) id = uniqueId(allIds, `cfmw${p.n}-`);
    return {
      id,
      base: placement.windowBases[k] ?? 0,
      size: p.size,
      ways: p.targets.length,
      granularity: p.granularity,
      arithmetic: 'modulo',
      xormaps: [],
      targets: p.targets,
      restrictions: [...QEMU_RESTRICTIONS],
      qtg: 0,
    };
  });
  if (placement.windowsEnd > ADDRESS_LIMIT) {
    ctx.problems.error(
      null,
      'qemu.address-limit',
      `windows end at ${hex(placement.windowsEnd)}, beyond 2^52`,
    );
  }
  return windows;
}

/** Bus room (QEMU boots, but firmware cannot number the buses below overlapping bridges). */
function checkBusSpace(ctx: QemuImportContext): void {
  const hbSorted = hostBridgesByUid(ctx);
  // Bridges (root ports, switch ports) below each host bridge: one bus number each.
  const bridgesBelow = new Map<DeviceArg, number>();
  for (const [child] of ctx.parentOf) {
    if (child.driver === 'cxl-type3') continue;
    let p: DeviceArg | undefined = child;
    for (let guard = 0; p !== undefined && p.driver !== 'pxb-cxl' && guard < 64; guard++)
      p = ctx.parentOf.get(p);
    if (p?.driver === 'pxb-cxl') bridgesBelow.set(p, (bridgesBelow.get(p) ?? 0) + 1);
  }
  hbSorted.forEach(({ d, c }, k) => {
    const next = hbSorted[k + 1];
    const last = c.uid + (bridgesBelow.get(d) ?? 0);
    if ((next !== undefined && last >= next.c.uid) || last > 255) {
      ctx.problems.warn(
        d.arg,
        'qemu.bus-space',
        `bus_nr ${c.uid} needs buses up to ${last} for the bridges below it${next === undefined ? '' : `, reaching ${next.c.id}'s bus_nr ${next.c.uid}`}; the firmware cannot number them all`,
        c.id,
      );
    }
  });
}

function hostBridgesByUid(ctx: QemuImportContext): { d: DeviceArg; c: HostBridgeSpec }[] {
  return ctx.hostBridges
    .map((d) => ({ d, c: ctx.components.get(d) }))
    .filter((x): x is { d: DeviceArg; c: HostBridgeSpec } => x.c?.kind === 'host-bridge')
    .sort((a, b) => a.c.uid - b.c.uid);
}

/** 8. The spec's components: host bridges by bus number, then depth-first by port number (iterative). */
function orderComponents(ctx: QemuImportContext): ComponentSpec[] {
  const ordered: ComponentSpec[] = [];
  const kids = new Map<DeviceArg, DeviceArg[]>();
  for (const [child, parent] of ctx.parentOf) {
    const list = kids.get(parent) ?? [];
    list.push(child);
    kids.set(parent, list);
  }
  const portNo = (d: DeviceArg): number => {
    const c = ctx.components.get(d);
    return c?.kind === 'root-port' || c?.kind === 'downstream-port' ? c.port : 0;
  };
  const stack = hostBridgesByUid(ctx)
    .map(({ d }) => d)
    .reverse();
  const seen = new Set<DeviceArg>();
  while (stack.length > 0) {
    const d = stack.pop() as DeviceArg;
    if (seen.has(d)) continue;
    seen.add(d);
    const c = ctx.components.get(d);
    if (c !== undefined) ordered.push(c);
    const below = [...(kids.get(d) ?? [])].sort((a, b) => portNo(a) - portNo(b));
    for (let k = below.length - 1; k >= 0; k--) stack.push(below[k] as DeviceArg);
  }
  return ordered;
}

/** Validation errors located at the argument that made the component or window. */
function locateValidationErrors(
  ctx: QemuImportContext,
  pending: readonly PendingWindow[],
  windows: readonly WindowSpec[],
  errors: readonly CxlError[],
): CxlError[] {
  const argOf = new Map<string, Arg>();
  for (const [d, c] of ctx.components) argOf.set(c.id, d.arg);
  pending.forEach((p, k) => {
    const w = windows[k];
    if (w !== undefined) argOf.set(w.id, p.entry.firstArg);
  });
  return errors.map((e) => {
    const a = e.component === undefined ? undefined : argOf.get(e.component);
    return a === undefined ? e : { ...located(a, e.code, e.message, e.component), spec: e.spec ?? SPEC };
  });
}

function parseMemory(arg: Arg | null, problems: Problems): QemuMemory {
  if (arg === null || arg.value === null) {
    return { ramBytes: QEMU_DEFAULT_RAM, maxmemBytes: null, slots: null };
  }
  let ram = QEMU_DEFAULT_RAM;
  let maxmem: number | null = null;
  let slots: number | null = null;
  for (const p of splitKeyvals(arg.value)) {
    if (p.key === null || p.key === 'size') {
      const r = parseQemuSize(p.value, '-m size', 20);
      if (r.ok && r.value > 0) ram = r.value;
      else problems.error(arg, 'qemu.memory', r.ok ? 'RAM size 0' : r.error.message);
    } else if (p.key === 'maxmem') {
      const r = parseQemuSize(p.value, '-m maxmem');
      if (r.ok) maxmem = r.value;
      else problems.error(arg, 'qemu.memory', r.error.message);
    } else if (p.key === 'slots') {
      const r = parseQemuInt(p.value, '-m slots', 0, 256);
      if (r.ok) slots = r.value;
      else problems.error(arg, 'qemu.memory', r.error.message);
    } else {
      problems.warn(arg, 'qemu.memory', `-m option "${clip(p.key, 30)}" is not modelled`);
    }
  }
  if (maxmem !== null && maxmem < ram) {
    problems.error(
      arg,
      'qemu.memory',
      `maxmem ${sizeSuffixText(maxmem)} is below the RAM size ${sizeSuffixText(ram)}`,
    );
  }
  if (maxmem !== null && maxmem > ram && (slots === null || slots === 0)) {
    problems.error(arg, 'qemu.memory', 'maxmem above the RAM size needs slots= (memory hotplug slots)');
  }
  if (slots !== null && slots > 0 && maxmem === null) {
    problems.error(arg, 'qemu.memory', 'slots= needs maxmem=');
  }
  return { ramBytes: ram, maxmemBytes: maxmem, slots };
}

function type3From(
  d: DeviceArg,
  id: string,
  parentId: string,
  backends: Map<string, BackendArg>,
  version: QemuSyntax,
  problems: Problems,
): Type3Spec {
  const props = d.props;
  const capacity = (key: string): number => {
    const name = props.get(key);
    if (name === undefined) return 0;
    const b = backends.get(name);
    if (b === undefined) {
      problems.error(
        d.arg,
        'qemu.unknown-memdev',
        `${key}=${clip(name, 40)} names no -object memory backend`,
        id,
      );
      return 0;
    }
    if (b.usedBy !== null) {
      problems.error(d.arg, 'qemu.memdev-in-use', `${key}=${name} is already used by ${b.usedBy}`, id);
      return 0;
    }
    b.usedBy = id;
    if (b.size === null) {
      problems.error(b.arg, 'qemu.backend-size', `memory backend ${name} has no size=`, id);
      return 0;
    }
    if (key !== 'lsa' && (b.size === 0 || b.size % HDM_ALIGNMENT !== 0)) {
      problems.error(
        b.arg,
        'qemu.backend-size',
        `memory backend ${name} (${key} of ${id}) is ${sizeSuffixText(b.size)}: CXL capacity comes in 256 MiB units (HDM decoder granularity), so the lab needs a multiple of 256 MiB`,
        id,
      );
      return 0;
    }
    return b.size;
  };
  if (props.has('memdev') && props.has('persistent-memdev')) {
    problems.error(d.arg, 'qemu.memdev', 'memdev and persistent-memdev together: QEMU refuses both', id);
  }
  if (props.has('volatile-memdev') && version === '7.2') {
    problems.warn(d.arg, 'qemu.version', 'volatile-memdev arrived in QEMU 8.0; imported anyway', id);
  }
  const volatile = capacity('volatile-memdev');
  const persistent = props.has('persistent-memdev') ? capacity('persistent-memdev') : capacity('memdev');
  if (!props.has('memdev') && !props.has('persistent-memdev') && !props.has('volatile-memdev')) {
    problems.error(d.arg, 'qemu.memdev', 'cxl-type3 needs volatile-memdev, persistent-memdev or memdev', id);
  }
  if ((props.has('memdev') || props.has('persistent-memdev')) && !props.has('lsa')) {
    problems.error(d.arg, 'qemu.lsa', '"lsa property must be set for persistent devices"', id);
  }
  if (props.has('lsa')) capacity('lsa');
  if (props.has('volatile-dc-memdev') || props.has('num-dc-regions')) {
    problems.warn(
      d.arg,
      'qemu.unmodelled',
      'dynamic capacity (volatile-dc-memdev) is not modelled; ignored',
      id,
    );
  }
  let serial = 0;
  const sn = props.get('sn');
  if (sn === undefined) {
    problems.warn(
      d.arg,
      'qemu.no-serial',
      'no sn=: Linux then reports serial 0; give each device a unique sn= to recognise it across boots',
      id,
    );
  } else {
    const r = parseQemuInt(sn, 'sn', 0, Number.MAX_SAFE_INTEGER);
    if (/^0x[fF]{16}$/.test(sn)) serial = 0;
    else if (!r.ok || r.value >= ADDRESS_LIMIT) {
      problems.warn(
        d.arg,
        'qemu.serial',
        `sn=${clip(sn, 24)} is beyond the lab's 52-bit serial numbers; serial 0 used`,
        id,
      );
    } else serial = r.value;
  }
  return {
    kind: 'type3',
    id,
    parent: parentId,
    volatile,
    persistent,
    decoderCount: 4,
    serial,
    decoders: [],
  };
}

function importNotes(
  memory: QemuMemory,
  placement: QemuPlacement,
  version: QemuSyntax,
  skipped: number,
): string {
  const m =
    `-m ${sizeSuffixText(memory.ramBytes)}` +
    (memory.maxmemBytes === null ? '' : `,maxmem=${sizeSuffixText(memory.maxmemBytes)}`) +
    (memory.slots === null ? '' : `,slots=${memory.slots}`);
  return (
    `Imported from a QEMU command line (${version === 'current' ? 'QEMU 8.0+' : 'QEMU 7.2'}). ` +
    `Windows placed as QEMU q35 places them for ${m}: CXL range at ${hex(placement.cxlBase)}, ` +
    `first window at ${hex(placement.windowBases[0] ?? placement.windowsEnd)}. ` +
    'HDM decoders start uncommitted, as QEMU boots them.' +
    (skipped > 0 ? ` ${skipped} argument${skipped === 1 ? '' : 's'} skipped.` : '')
  );
}

/**
 * One region per window, like `cxl create-region -d decoder0.N` with every reachable device: members
 * in Linux position order (host bridge index fastest, then root port, then switch port), of the
 * persistent mode when the devices have persistent capacity, else volatile.
 */
function assembleRegions(
  spec: TopologySpec,
  problems: Problems,
): { file: LabFile | null; regions: string[] } {
  const created = createLab(spec);
  if (!created.ok) {
    problems.warn(null, 'qemu.assemble', `cannot build the lab: ${created.error.message}`);
    return { file: null, regions: [] };
  }
  const lab = created.value.lab;
  const topology = lab.topology;
  const regions: string[] = [];
  for (const w of spec.windows) {
    if (new Set(w.targets).size !== w.targets.length) {
      problems.warn(null, 'qemu.assemble', `${w.id}: lists a host bridge twice; no region assembled`, w.id);
      continue;
    }
    const members: { id: string; key: number[] }[] = [];
    w.targets.forEach((hb, h) => {
      const walk = (id: string, digits: number[]): void => {
        const c = topology.byId.get(id);
        if (c?.kind === 'type3') {
          members.push({ id, key: [...digits].reverse().concat(h) });
          return;
        }
        const populated = (topology.children.get(id) ?? []).filter((k) => hasType3Below(topology, k));
        if (c?.kind === 'root-port' || c?.kind === 'downstream-port') {
          for (const k of populated) walk(k, digits);
          return;
        }
        populated.forEach((k, n) => {
          walk(k, [...digits, n]);
        });
      };
      walk(hb, []);
    });
    const width = Math.max(0, ...members.map((m) => m.key.length));
    const pad = (k: number[]): number[] => [...Array(width - k.length).fill(0), ...k];
    members.sort((a, b) => {
      const ka = pad(a.key);
      const kb = pad(b.key);
      for (let i = 0; i < width; i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
      return 0;
    });
    const specOf = (id: string): Type3Spec | undefined => {
      const c = topology.byId.get(id);
      return c?.kind === 'type3' ? c : undefined;
    };
    const pmem = members.filter((m) => (specOf(m.id)?.persistent ?? 0) > 0);
    const ram = members.filter((m) => (specOf(m.id)?.volatile ?? 0) > 0);
    const mode = pmem.length > 0 && pmem.length >= ram.length ? 'persistent' : 'volatile';
    const chosen = mode === 'persistent' ? pmem : ram;
    if (chosen.length === 0) continue;
    const plan = createRegion(lab, { window: w.id, members: chosen.map((m) => m.id), mode });
    if (!plan.ok) {
      problems.warn(null, 'qemu.assemble', `${w.id}: no region: ${plan.error.message}`, w.id);
      continue;
    }
    const applied = applyPlan(lab, plan.value);
    if (!applied.ok) {
      problems.warn(null, 'qemu.assemble', `${w.id}: region did not commit: ${applied.error.message}`, w.id);
      continue;
    }
    regions.push(applied.value.region);
  }
  return { file: lab.toFile(), regions };
}

function hasType3Below(
  topology: { byId: ReadonlyMap<string, ComponentSpec>; children: ReadonlyMap<string, readonly string[]> },
  id: string,
): boolean {
  const c = topology.byId.get(id);
  if (c?.kind === 'type3') return true;
  return (topology.children.get(id) ?? []).some((k) => hasType3Below(topology, k));
}
