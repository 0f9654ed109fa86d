/**
 * The `cxl-lab/1` file: a topology (windows and components with their decoder programming) plus,
 * when needed, saved raw register state and touched memory pages.
 *
 * ```
 * { "format": "cxl-lab/1", "name": "…", "notes": "…", "platform": { "linux", "qemu" } (optional),
 *   "windows": [ { "id", "base", "size", "ways", "granularity", "arithmetic", "xormaps",
 *                  "targets", "restrictions", "qtg" } ],
 *   "components": [
 *     { "id", "kind": "host-bridge", "uid", "decoderCount", "componentRegBase", "decoders", "registers" },
 *     { "id", "kind": "root-port", "parent", "port" },
 *     { "id", "kind": "switch", "parent", "decoderCount", "decoders", "registers" },
 *     { "id", "kind": "downstream-port", "parent", "port" },
 *     { "id", "kind": "type3", "parent", "volatile", "persistent", "decoderCount", "serial",
 *       "decoders", "registers", "memory", "device" } ] }
 * ```
 * Every component may also carry `name` and `position` ({x, y}). A decoder entry is
 * `{ base, size, ways, granularity, targets | skip, commit, lock, targetRangeType? }`.
 * `registers` is `{ "values": { "<block offset>": "<value>" }, "locked": [n], "errors": { "<n>": "…" } }`
 * (registers that differ from reset); `memory` is `[ { "dpa": "0x…", "data": "<base64 of 4 KiB>" } ]`.
 *
 * Numbers: addresses and sizes as numbers or "0x…"/decimal strings; sizes also "256M", "4G", "1T".
 * Defaults: arithmetic "modulo", xormaps [], restrictions ["type3","volatile","persistent"], qtg 0,
 * decoderCount 4 (0 on a host bridge = passthrough), volatile/persistent 0, serial = 1 + the
 * device's position among Type 3 devices, decoder commit/lock false, skip 0, targets [],
 * componentRegBase = the first free 64 KiB slot from 0x1_0000_0000 (QEMU x86 places its
 * "cxl_host_reg" blocks there with 2 GiB of RAM: 0x100000000, 0x100010000, …).
 *
 * Parsing never throws: unknown keys, wrong types, missing fields and newer formats are errors
 * located by path (`components[3].volume`); input is bounded in size, nesting and counts.
 *
 * A lab with several hosts and a shared fabric is a `cxl-lab/2` file (docs/multi-host.md): `parseLabFile`
 * refuses it saying so, `parseAnyLabFile` (`src/cxl/fabric/file.ts`) reads both formats.
 */

import { decodeBase64, encodeBase64 } from '../base64.ts';
import { DEVICE_KEY, deviceJson, readDevice } from '../device/file.ts';
import type { ComponentRegisterState } from '../hdm/component-registers.ts';
import { jsonShape } from '../json-depth.ts';
import {
  LIMIT_COMPONENTS,
  LIMIT_DECODERS,
  LIMIT_JSON_CONTAINERS,
  LIMIT_JSON_DEPTH,
  LIMIT_JSON_VALUES,
  LIMIT_PAGES,
  LIMIT_STRING,
  LIMIT_TEXT,
  LIMIT_WINDOWS,
  limitText,
} from '../limits.ts';
import { PAGE_SIZE } from '../memory/sparse-memory.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { COMPONENT_BLOCK_SIZE, DEFAULT_REG_BASE } from '../spec/component-block.ts';
import { formatBytes, hex, parseAddress, parseSize } from '../units.ts';
import { visibleText } from '../visible-text.ts';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  InterleaveArithmetic,
  TopologySpec,
  WindowRestriction,
  WindowSpec,
} from './model.ts';
import { isDefaultPlatform, readPlatformJson } from './platform.ts';
import {
  DVSEC_KEY,
  dvsecJson,
  RESTRICTED_HB_KEY,
  readDvsec,
  readRestricted,
  restrictedJson,
} from './restricted-file.ts';
import { validateTopology } from './validate.ts';

/** A parsed lab file: the topology plus saved register state and touched memory. */
export interface LabFile {
  spec: TopologySpec;
  /** Raw register state of components whose `decoders` alone would not reproduce it. */
  registers: ReadonlyMap<string, ComponentRegisterState>;
  /** Touched 4 KiB pages per Type 3 device, ascending page index. */
  memory: ReadonlyMap<string, readonly (readonly [pageIndex: number, bytes: Uint8Array])[]>;
}

export const LAB_FILE_FORMAT = 'cxl-lab/1';
/** The format of a lab with several hosts and a shared fabric (issue 18; `src/cxl/fabric/file.ts`). */
export const MULTI_HOST_FORMAT = 'cxl-lab/2';
/** Largest file text accepted (characters): `LIMIT_TEXT` in `limits.ts`. */
export const MAX_FILE_CHARS = LIMIT_TEXT.value;
const MAX_DEPTH = LIMIT_JSON_DEPTH.value;
const MAX_COMPONENTS = LIMIT_COMPONENTS.value;
const MAX_WINDOWS = LIMIT_WINDOWS.value;
const MAX_DECODERS = LIMIT_DECODERS.value;
const MAX_PAGES = LIMIT_PAGES.value;
/** Parse errors listed one by one; the last entry then says how many more there were. */
const MAX_ERRORS = 100;
const MAX_STRING = LIMIT_STRING.value;
const DEFAULT_RESTRICTIONS: WindowRestriction[] = ['type3', 'volatile', 'persistent'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
/** The file's JSON values, for the readers of other lab formats (`src/cxl/fabric/file-read.ts`). */
export type FileJson = Json;
export type FileJsonObject = JsonObject;

export class Reader {
  readonly errors: CxlError[] = [];
  /** Errors past `MAX_ERRORS`, summarized by `finish` as one "and N more". */
  #dropped = 0;
  #component: string | undefined;

  setComponent(id: string | undefined): void {
    this.#component = id;
  }

  fail(code: string, path: string, message: string): void {
    if (this.errors.length >= MAX_ERRORS - 1) {
      this.#dropped++;
      return;
    }
    const e: CxlError = { code, message: `${path}: ${message}`, field: path };
    if (this.#component !== undefined) e.component = this.#component;
    this.errors.push(e);
  }

  /** The errors, the last one counting those left out ("and N more") when there were too many. */
  finish(): CxlError[] {
    if (this.#dropped === 0) return this.errors;
    return [
      ...this.errors,
      {
        code: 'file.more-errors',
        message: `and ${this.#dropped} more problem${this.#dropped === 1 ? '' : 's'} not listed`,
        field: 'file',
      },
    ];
  }

  object(
    v: Json | undefined,
    path: string,
    keys: readonly string[],
    required: readonly string[],
  ): JsonObject | null {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail('file.type', path, `expected an object, found ${describeJson(v)}`);
      return null;
    }
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) this.fail('file.unknown-key', `${path}.${k}`, `unknown key "${clip(k)}"`);
    }
    for (const k of required) {
      if (!Object.hasOwn(v, k)) this.fail('file.missing', `${path}.${k}`, `missing required field "${k}"`);
    }
    return v;
  }

  array(v: Json | undefined, path: string, max: number): Json[] | null {
    if (!Array.isArray(v)) {
      this.fail('file.type', path, `expected an array, found ${describeJson(v)}`);
      return null;
    }
    if (v.length > max) {
      this.fail('file.too-many', path, `${v.length} entries (at most ${max}${limitOf(path)})`);
      return null;
    }
    return v;
  }

  string(v: Json | undefined, path: string): string | null {
    if (typeof v !== 'string') {
      this.fail('file.type', path, `expected a string, found ${describeJson(v)}`);
      return null;
    }
    if (v.length > MAX_STRING) {
      this.fail('file.too-long', path, `string of ${v.length} characters (${limitText(LIMIT_STRING)})`);
      return null;
    }
    return v;
  }

  integer(v: Json | undefined, path: string, min: number, max: number): number | null {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail('file.type', path, `expected an integer in ${min} … ${max}, found ${describeJson(v)}`);
      return null;
    }
    return v;
  }

  boolean(v: Json | undefined, path: string): boolean | null {
    if (typeof v !== 'boolean') {
      this.fail('file.type', path, `expected true or false, found ${describeJson(v)}`);
      return null;
    }
    return v;
  }

  address(v: Json | undefined, path: string): number | null {
    if (typeof v !== 'number' && typeof v !== 'string') {
      this.fail('file.type', path, `expected an address (number or "0x…" string), found ${describeJson(v)}`);
      return null;
    }
    const r = parseAddress(v, path);
    if (!r.ok) {
      this.fail(r.error.code, path, r.error.message.slice(path.length + 2));
      return null;
    }
    return r.value;
  }

  size(v: Json | undefined, path: string): number | null {
    if (typeof v !== 'number' && typeof v !== 'string') {
      this.fail('file.type', path, `expected a size (number, "0x…", "256M", "4G"), found ${describeJson(v)}`);
      return null;
    }
    const r = parseSize(v, path);
    if (!r.ok) {
      this.fail(r.error.code, path, r.error.message.slice(path.length + 2));
      return null;
    }
    return r.value;
  }
}

/** The named limit a list at `path` is held to, for its error message. */
function limitOf(path: string): string {
  if (path === 'components') return `; limit "${LIMIT_COMPONENTS.name}", docs/limits.md`;
  if (path === 'windows') return `; limit "${LIMIT_WINDOWS.name}", docs/limits.md`;
  if (path.endsWith('.decoders') || path.endsWith('.locked'))
    return `; limit "${LIMIT_DECODERS.name}", docs/limits.md`;
  if (path.endsWith('.memory')) return `; limit "${LIMIT_PAGES.name}", docs/limits.md`;
  return '';
}

function clip(s: string): string {
  const shown = visibleText(s);
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

export function describeJson(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(clip(v));
  return String(v);
}

const COMMON_KEYS = ['id', 'kind', 'name', 'position'];
// Maps, not object literals: `kind` is input text, and `constructor`, `__proto__` or `toString` must
// be unknown kinds, not inherited Object.prototype members (issue 13, crash A).
const KIND_KEYS: ReadonlyMap<string, readonly string[]> = new Map<ComponentSpec['kind'], readonly string[]>([
  ['host-bridge', ['uid', 'decoderCount', 'componentRegBase', 'decoders', 'registers', RESTRICTED_HB_KEY]],
  ['root-port', ['parent', 'port']],
  ['switch', ['parent', 'decoderCount', 'decoders', 'registers']],
  ['downstream-port', ['parent', 'port']],
  [
    'type3',
    [
      'parent',
      'volatile',
      'persistent',
      'decoderCount',
      'serial',
      'decoders',
      'registers',
      'memory',
      DVSEC_KEY,
      DEVICE_KEY,
    ],
  ],
]);
const KIND_REQUIRED: ReadonlyMap<string, readonly string[]> = new Map<
  ComponentSpec['kind'],
  readonly string[]
>([
  ['host-bridge', ['uid']],
  ['root-port', ['parent', 'port']],
  ['switch', ['parent']],
  ['downstream-port', ['parent', 'port']],
  ['type3', ['parent']],
]);
const WINDOW_KEYS = [
  'id',
  'base',
  'size',
  'ways',
  'granularity',
  'arithmetic',
  'xormaps',
  'targets',
  'restrictions',
  'qtg',
];
const DECODER_KEYS = [
  'base',
  'size',
  'ways',
  'granularity',
  'targets',
  'skip',
  'commit',
  'lock',
  'targetRangeType',
];

export function readDecoders(
  r: Reader,
  v: Json | undefined,
  path: string,
  isDevice: boolean,
): DecoderProgramSpec[] {
  if (v === undefined) return [];
  const list = r.array(v, path, MAX_DECODERS) ?? [];
  const out: DecoderProgramSpec[] = [];
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(item, p, DECODER_KEYS, ['base', 'size', 'ways', 'granularity']);
    if (o === null) return;
    const d: DecoderProgramSpec = {
      base: r.address(o.base, `${p}.base`) ?? 0,
      size: r.size(o.size, `${p}.size`) ?? 0,
      ways: r.integer(o.ways, `${p}.ways`, 1, 16) ?? 1,
      granularity: r.size(o.granularity, `${p}.granularity`) ?? 256,
      commit: o.commit === undefined ? false : (r.boolean(o.commit, `${p}.commit`) ?? false),
      lock: o.lock === undefined ? false : (r.boolean(o.lock, `${p}.lock`) ?? false),
    };
    if (isDevice) {
      if (o.targets !== undefined)
        r.fail('file.unknown-key', `${p}.targets`, 'a Type 3 decoder has "skip", not "targets"');
      d.skip = o.skip === undefined ? 0 : (r.size(o.skip, `${p}.skip`) ?? 0);
    } else {
      if (o.skip !== undefined) r.fail('file.unknown-key', `${p}.skip`, 'only Type 3 decoders have "skip"');
      const targets = o.targets === undefined ? [] : (r.array(o.targets, `${p}.targets`, 8) ?? []);
      d.targets = targets.map((t, k) => r.integer(t, `${p}.targets[${k}]`, 0, 255) ?? 0);
    }
    if (o.targetRangeType !== undefined) {
      const t = r.integer(o.targetRangeType, `${p}.targetRangeType`, 0, 1);
      if (t !== null) d.targetRangeType = t === 0 ? 0 : 1;
    }
    out.push(d);
  });
  return out;
}

export function readRegisters(r: Reader, v: Json | undefined, path: string): ComponentRegisterState | null {
  if (v === undefined) return null;
  const o = r.object(v, path, ['values', 'locked', 'errors'], []);
  if (o === null) return null;
  const state: ComponentRegisterState = { registers: [], lockedDecoders: [], errorReasons: [] };
  if (o.values !== undefined) {
    // Keys are register offsets, not field names: check the shape here rather than with `object`.
    const values =
      o.values !== null && typeof o.values === 'object' && !Array.isArray(o.values) ? o.values : null;
    if (values === null)
      r.fail('file.type', `${path}.values`, `expected an object, found ${describeJson(o.values)}`);
    if (values !== null) {
      const entries = Object.entries(values);
      if (entries.length > 65536 / 4) r.fail('file.too-many', `${path}.values`, 'too many registers');
      for (const [key, val] of entries.slice(0, 65536 / 4)) {
        const offset = r.address(key, `${path}.values.${clip(key)}`);
        const value = r.address(val, `${path}.values.${clip(key)}`);
        if (offset !== null && value !== null) {
          if (offset >= 0x10000 || offset % 4 !== 0 || value > 0xffffffff) {
            r.fail(
              'file.register-invalid',
              `${path}.values.${clip(key)}`,
              'offset must be a 4-byte aligned offset below 0x10000 and the value 32-bit',
            );
          } else state.registers.push([offset, value]);
        }
      }
      state.registers.sort((a, b) => a[0] - b[0]);
    }
  }
  if (o.locked !== undefined) {
    const list = r.array(o.locked, `${path}.locked`, MAX_DECODERS) ?? [];
    state.lockedDecoders = list
      .map((n, i) => r.integer(n, `${path}.locked[${i}]`, 0, MAX_DECODERS - 1) ?? 0)
      .sort((a, b) => a - b);
  }
  if (o.errors !== undefined) {
    if (o.errors === null || typeof o.errors !== 'object' || Array.isArray(o.errors)) {
      r.fail('file.type', `${path}.errors`, `expected an object, found ${describeJson(o.errors)}`);
    } else {
      const entries = Object.entries(o.errors);
      if (entries.length > MAX_DECODERS) r.fail('file.too-many', `${path}.errors`, 'too many entries');
      for (const [key, val] of entries.slice(0, MAX_DECODERS)) {
        const n = /^(0|[1-9][0-9]?)$/.test(key) ? Number(key) : null;
        const reason = r.string(val, `${path}.errors.${clip(key)}`);
        if (n === null || n >= MAX_DECODERS)
          r.fail('file.register-invalid', `${path}.errors.${clip(key)}`, 'key must be a decoder number');
        else if (reason !== null) state.errorReasons.push([n, reason]);
      }
      state.errorReasons.sort((a, b) => a[0] - b[0]);
    }
  }
  return state;
}

/** Saved 4 KiB pages `[{ dpa, data }]` (a fabric device's media names its address `offset`). */
export function readMemory(
  r: Reader,
  v: Json | undefined,
  path: string,
  key: 'dpa' | 'offset' = 'dpa',
): [number, Uint8Array][] | null {
  if (v === undefined) return null;
  const list = r.array(v, path, MAX_PAGES) ?? [];
  const out: [number, Uint8Array][] = [];
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(item, p, [key, 'data'], [key, 'data']);
    if (o === null) return;
    const dpa = r.address(o[key], `${p}.${key}`);
    if (typeof o.data !== 'string') {
      r.fail('file.type', `${p}.data`, `expected a base64 string, found ${describeJson(o.data)}`);
      return;
    }
    if (dpa === null) return;
    if (dpa % PAGE_SIZE !== 0) {
      r.fail('file.memory-invalid', `${p}.${key}`, `${hex(dpa)} is not 4 KiB aligned`);
      return;
    }
    const bytes = o.data.length === Math.ceil(PAGE_SIZE / 3) * 4 ? decodeBase64(o.data) : null;
    if (bytes === null || !bytes.ok || bytes.value.length !== PAGE_SIZE) {
      r.fail('file.memory-invalid', `${p}.data`, `expected base64 of exactly ${PAGE_SIZE} bytes`);
      return;
    }
    out.push([dpa / PAGE_SIZE, bytes.value]);
  });
  out.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < out.length; i++) {
    if (out[i]?.[0] === out[i - 1]?.[0])
      r.fail('file.memory-invalid', path, `page at DPA ${hex((out[i]?.[0] ?? 0) * PAGE_SIZE)} appears twice`);
  }
  return out;
}

export function readWindow(r: Reader, v: Json, path: string): WindowSpec | null {
  const o = r.object(v, path, WINDOW_KEYS, ['id', 'base', 'size', 'ways', 'granularity', 'targets']);
  if (o === null) return null;
  const id = r.string(o.id, `${path}.id`) ?? '';
  r.setComponent(id || undefined);
  let arithmetic: InterleaveArithmetic = 'modulo';
  if (o.arithmetic !== undefined) {
    const a = r.string(o.arithmetic, `${path}.arithmetic`);
    if (a === 'modulo' || a === 'xor') arithmetic = a;
    else if (a !== null)
      r.fail('file.value', `${path}.arithmetic`, `"${clip(a)}" is neither "modulo" nor "xor"`);
  }
  const xormaps = o.xormaps === undefined ? [] : (r.array(o.xormaps, `${path}.xormaps`, 16) ?? []);
  const targets = r.array(o.targets, `${path}.targets`, 16) ?? [];
  const restrictions =
    o.restrictions === undefined
      ? DEFAULT_RESTRICTIONS
      : (r.array(o.restrictions, `${path}.restrictions`, 6) ?? []);
  const w: WindowSpec = {
    id,
    base: r.address(o.base, `${path}.base`) ?? 0,
    size: r.size(o.size, `${path}.size`) ?? 0,
    ways: r.integer(o.ways, `${path}.ways`, 1, 16) ?? 1,
    granularity: r.size(o.granularity, `${path}.granularity`) ?? 256,
    arithmetic,
    xormaps: xormaps.map((m, k) => r.address(m, `${path}.xormaps[${k}]`) ?? 0),
    targets: targets.map((t, k) => r.string(t, `${path}.targets[${k}]`) ?? ''),
    restrictions: restrictions.map(
      (x, k) => (r.string(x, `${path}.restrictions[${k}]`) ?? 'type3') as WindowRestriction,
    ),
    qtg: o.qtg === undefined ? 0 : (r.integer(o.qtg, `${path}.qtg`, 0, 65535) ?? 0),
  };
  r.setComponent(undefined);
  return w;
}

export interface ParsedComponent {
  spec: ComponentSpec;
  registers: ComponentRegisterState | null;
  memory: [number, Uint8Array][] | null;
  /** Fields left for defaults to fill. */
  needsRegBase: boolean;
  needsSerial: boolean;
}

export function readComponent(r: Reader, v: Json, path: string): ParsedComponent | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    r.fail('file.type', path, `expected an object, found ${describeJson(v)}`);
    return null;
  }
  const kindValue = v.kind;
  const id = typeof v.id === 'string' ? v.id : undefined;
  r.setComponent(id);
  const kindKeys = typeof kindValue === 'string' ? KIND_KEYS.get(kindValue) : undefined;
  if (typeof kindValue !== 'string' || kindKeys === undefined) {
    r.fail(
      'file.value',
      `${path}.kind`,
      // What was found first: a notice that clips a long line still shows the reason.
      `unknown kind ${describeJson(kindValue)}; expected one of ${[...KIND_KEYS.keys()].map((k) => `"${k}"`).join(', ')}`,
    );
    r.setComponent(undefined);
    return null;
  }
  const kind = kindValue as ComponentSpec['kind'];
  const o = r.object(v, path, [...COMMON_KEYS, ...kindKeys], ['id', ...(KIND_REQUIRED.get(kind) ?? [])]);
  if (o === null) return null;
  const base = { id: r.string(o.id, `${path}.id`) ?? '' };
  const extra: { name?: string; position?: { x: number; y: number } } = {};
  if (o.name !== undefined) {
    const n = r.string(o.name, `${path}.name`);
    if (n !== null) extra.name = n;
  }
  if (o.position !== undefined) {
    const p = r.object(o.position, `${path}.position`, ['x', 'y'], ['x', 'y']);
    if (p !== null) {
      const x = typeof p.x === 'number' && Number.isFinite(p.x) ? p.x : null;
      const y = typeof p.y === 'number' && Number.isFinite(p.y) ? p.y : null;
      if (x === null || y === null) r.fail('file.type', `${path}.position`, 'x and y must be finite numbers');
      else extra.position = { x, y };
    }
  }
  const out = readKindFields(r, o, path, kind, { ...base, ...extra });
  r.setComponent(undefined);
  return out;
}

/** The fields of one component kind, with the defaults the file leaves to the lab. */
function readKindFields(
  r: Reader,
  o: JsonObject,
  path: string,
  kind: ComponentSpec['kind'],
  common: { id: string; name?: string; position?: { x: number; y: number } },
): ParsedComponent | null {
  const { id, ...extra } = common;
  const decoderCount =
    o.decoderCount === undefined ? 4 : (r.integer(o.decoderCount, `${path}.decoderCount`, 0, 32) ?? 4);
  const registers = Object.hasOwn(o, 'registers') ? readRegisters(r, o.registers, `${path}.registers`) : null;
  let out: ParsedComponent | null = null;
  switch (kind) {
    case 'host-bridge':
      out = {
        spec: {
          id,
          kind,
          ...extra,
          uid: r.integer(o.uid, `${path}.uid`, 0, 0xffffffff) ?? 0,
          decoderCount,
          componentRegBase:
            o.componentRegBase === undefined
              ? 0
              : (r.address(o.componentRegBase, `${path}.componentRegBase`) ?? 0),
          decoders: readDecoders(r, o.decoders, `${path}.decoders`, false),
          ...readRestricted(r, o, path),
        },
        registers,
        memory: null,
        needsRegBase: o.componentRegBase === undefined,
        needsSerial: false,
      };
      break;
    case 'root-port':
    case 'downstream-port':
      out = {
        spec: {
          id,
          kind,
          ...extra,
          parent: r.string(o.parent, `${path}.parent`) ?? '',
          port: r.integer(o.port, `${path}.port`, 0, 255) ?? 0,
        },
        registers: null,
        memory: null,
        needsRegBase: false,
        needsSerial: false,
      };
      break;
    case 'switch':
      out = {
        spec: {
          id,
          kind,
          ...extra,
          parent: r.string(o.parent, `${path}.parent`) ?? '',
          decoderCount,
          decoders: readDecoders(r, o.decoders, `${path}.decoders`, false),
        },
        registers,
        memory: null,
        needsRegBase: false,
        needsSerial: false,
      };
      break;
    case 'type3': {
      let serial = 0;
      if (o.serial !== undefined) {
        if (typeof o.serial === 'number' && Number.isSafeInteger(o.serial) && o.serial >= 0)
          serial = o.serial;
        else if (typeof o.serial === 'string' && /^0x[0-9a-fA-F]{1,13}$/.test(o.serial))
          serial = Number.parseInt(o.serial.slice(2), 16);
        else
          r.fail(
            'file.type',
            `${path}.serial`,
            `expected a non-negative integer or "0x…" (below 2^52), found ${describeJson(o.serial)}`,
          );
      }
      out = {
        spec: {
          id,
          kind,
          ...extra,
          parent: r.string(o.parent, `${path}.parent`) ?? '',
          volatile: o.volatile === undefined ? 0 : (r.size(o.volatile, `${path}.volatile`) ?? 0),
          persistent: o.persistent === undefined ? 0 : (r.size(o.persistent, `${path}.persistent`) ?? 0),
          decoderCount,
          serial,
          decoders: readDecoders(r, o.decoders, `${path}.decoders`, true),
          ...readDvsec(r, o, path),
          ...readDevice(r, o, path),
        },
        registers,
        memory: readMemory(r, o.memory, `${path}.memory`),
        needsRegBase: false,
        needsSerial: o.serial === undefined,
      };
      break;
    }
  }
  return out;
}

/**
 * Defaults that depend on other components: register bases in the first free 64 KiB slots from
 * 0x1_0000_0000, serials by position among Type 3 devices.
 */
export function applyDefaults(comps: readonly ParsedComponent[]): void {
  const usedBases = new Set(
    comps.flatMap((c) => (c.spec.kind === 'host-bridge' && !c.needsRegBase ? [c.spec.componentRegBase] : [])),
  );
  let nextBase = DEFAULT_REG_BASE;
  let type3Ordinal = 0;
  for (const c of comps) {
    if (c.spec.kind === 'host-bridge' && c.needsRegBase) {
      while (usedBases.has(nextBase)) nextBase += COMPONENT_BLOCK_SIZE;
      c.spec.componentRegBase = nextBase;
      usedBases.add(nextBase);
    }
    if (c.spec.kind === 'type3') {
      type3Ordinal++;
      if (c.needsSerial) c.spec.serial = type3Ordinal;
    }
  }
}

/**
 * Reads lab file text as far as its root object: size, nesting and value-count limits, JSON syntax,
 * and the `format` (`cxl-lab/1`, or `cxl-lab/2` for several hosts). A newer format is refused saying
 * it was written by a newer lab.
 */
export function parseLabJson(input: string): Result<JsonObject, CxlError[]> {
  // One leading UTF-8 byte-order mark (what some Windows editors write) is not part of the JSON.
  // Looked at only within the size limit: reading a character flattens a concatenated string.
  const text =
    typeof input === 'string' && input.length <= MAX_FILE_CHARS && input.charCodeAt(0) === 0xfeff
      ? input.slice(1)
      : input;
  // Whole-file errors are located at `file` (and, for JSON syntax errors, the character offset).
  const fail = (code: string, message: string, offset?: number): Result<JsonObject, CxlError[]> => ({
    ok: false,
    error: [{ code, message, field: 'file', ...(offset !== undefined ? { offset } : {}) }],
  });
  if (typeof text !== 'string') return fail('file.type', 'expected the file as text');
  if (text.length > MAX_FILE_CHARS) {
    return fail(
      'file.too-large',
      `file is ${formatBytes(text.length)} of text; the lab reads ${limitText(LIMIT_TEXT)}`,
    );
  }
  const shape = jsonShape(text, {
    depth: MAX_DEPTH,
    containers: LIMIT_JSON_CONTAINERS.value,
    commas: LIMIT_JSON_VALUES.value,
  });
  if (shape.depth > MAX_DEPTH) {
    return fail(
      'file.too-deep',
      `file nests deeper than ${MAX_DEPTH} levels (${limitText(LIMIT_JSON_DEPTH)}); not a cxl-lab file`,
    );
  }
  if (shape.containers > LIMIT_JSON_CONTAINERS.value || shape.commas > LIMIT_JSON_VALUES.value) {
    const which = shape.containers > LIMIT_JSON_CONTAINERS.value ? LIMIT_JSON_CONTAINERS : LIMIT_JSON_VALUES;
    return fail(
      'file.too-many',
      `file holds more than ${which.value} ${which.unit} (${limitText(which)}); not a cxl-lab file`,
    );
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    const why = e instanceof Error ? e.message : 'parse error';
    const at = /position (\d+)/.exec(why);
    return fail('file.json', `not valid JSON: ${clip(why)}`, at === null ? undefined : Number(at[1]));
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return fail(
      'file.type',
      `expected a JSON object with "format": "${LAB_FILE_FORMAT}", found ${describeJson(root)}`,
    );
  }
  const format = root.format;
  if (typeof format !== 'string' || !format.startsWith('cxl-lab/')) {
    return fail(
      'file.format',
      `not a cxl-lab file: "format" must be "${LAB_FILE_FORMAT}", found ${describeJson(format)}`,
    );
  }
  if (format !== LAB_FILE_FORMAT && format !== MULTI_HOST_FORMAT) {
    const version = Number(format.slice('cxl-lab/'.length));
    return fail(
      'file.format',
      Number.isInteger(version) && version > 2
        ? `written by a newer CXL Topology Lab: format "${clip(format)}" is newer than this lab understands ("${LAB_FILE_FORMAT}", "${MULTI_HOST_FORMAT}"); update the lab to open it`
        : `unknown file format "${clip(format)}" (expected "${LAB_FILE_FORMAT}" or "${MULTI_HOST_FORMAT}")`,
    );
  }
  return ok(root);
}

/**
 * Parses a `cxl-lab/1` file. With `validate` (default true) the topology is also validated, so the
 * result lists every problem at once; without it a structurally sound but invalid topology loads
 * (for editors that want to show and fix it). A `cxl-lab/2` file (several hosts) is refused with a
 * message saying so: read it with `parseAnyLabFile` (`src/cxl/fabric/file.ts`).
 */
export function parseLabFile(
  input: string,
  options: { validate?: boolean } = {},
): Result<LabFile, CxlError[]> {
  const json = parseLabJson(input);
  return json.ok ? readLabFileJson(json.value, options) : json;
}

/** `parseLabFile` after the JSON parse: reads a parsed root object (`parseAnyLabFile` parses once). */
export function readLabFileJson(
  root: JsonObject,
  options: { validate?: boolean } = {},
): Result<LabFile, CxlError[]> {
  if (root.format === MULTI_HOST_FORMAT) {
    const hosts = Array.isArray(root.hosts) ? root.hosts.length : 0;
    return {
      ok: false,
      error: [
        {
          code: 'file.multi-host',
          message: `this lab has ${hosts} host${hosts === 1 ? '' : 's'} and a shared fabric (format "${MULTI_HOST_FORMAT}"): this part of the lab reads single-host labs ("${LAB_FILE_FORMAT}") only; the cxl-lab command line reads it (route, region, list and check take --host ID)`,
          field: 'file',
        },
      ],
    };
  }
  const r = new Reader();
  const o = r.object(
    root,
    'file',
    ['format', 'name', 'notes', 'platform', 'windows', 'components'],
    ['windows', 'components'],
  );
  if (o === null) return { ok: false, error: r.finish() };
  const name = o.name === undefined ? '' : (r.string(o.name, 'name') ?? '');
  const windows = (r.array(o.windows, 'windows', MAX_WINDOWS) ?? []).map((w, i) =>
    readWindow(r, w, `windows[${i}]`),
  );
  const parsed = (r.array(o.components, 'components', MAX_COMPONENTS) ?? []).map((c, i) =>
    readComponent(r, c, `components[${i}]`),
  );
  if (r.errors.length > 0) return { ok: false, error: r.finish() };

  const comps = parsed.filter((c): c is ParsedComponent => c !== null);
  applyDefaults(comps);
  const spec: TopologySpec = {
    name,
    windows: windows.filter((w): w is WindowSpec => w !== null),
    components: comps.map((c) => c.spec),
  };
  if (o.notes !== undefined) {
    const notes = r.string(o.notes, 'notes');
    if (notes !== null) spec.notes = notes;
  }
  if (o.platform !== undefined) {
    const platform = readPlatformJson(o.platform, 'platform');
    if (platform.ok) spec.platform = platform.value;
    else r.errors.push(...platform.error);
  }
  if (r.errors.length > 0) return { ok: false, error: r.finish() };
  if (options.validate !== false) {
    const v = validateTopology(spec);
    if (!v.ok) return { ok: false, error: v.error };
  }
  const registers = new Map<string, ComponentRegisterState>();
  const memory = new Map<string, [number, Uint8Array][]>();
  for (const c of comps) {
    if (c.registers !== null) registers.set(c.spec.id, c.registers);
    if (c.memory !== null && c.memory.length > 0) memory.set(c.spec.id, c.memory);
  }
  return ok({ spec, registers, memory });
}

/** A size as the shortest exact text: "4G", "256M", "16K", else hex. */
export function sizeText(n: number): string {
  const f = formatBytes(n);
  const m = /^(\d+) ([KMGTP])iB$/.exec(f);
  return m !== null ? `${m[1]}${m[2]}` : hex(n);
}

export function decoderJson(d: DecoderProgramSpec): JsonObject {
  const o: JsonObject = {
    base: hex(d.base),
    size: sizeText(d.size),
    ways: d.ways,
    granularity: d.granularity,
  };
  if (d.targets !== undefined) o.targets = [...d.targets];
  if (d.skip !== undefined) o.skip = sizeText(d.skip);
  o.commit = d.commit;
  o.lock = d.lock;
  if (d.targetRangeType !== undefined) o.targetRangeType = d.targetRangeType;
  return o;
}

export function registersJson(s: ComponentRegisterState): JsonObject {
  const values: JsonObject = {};
  for (const [offset, value] of s.registers) values[hex(offset)] = hex(value);
  const errors: JsonObject = {};
  for (const [n, reason] of s.errorReasons) errors[String(n)] = reason;
  const o: JsonObject = { values };
  if (s.lockedDecoders.length > 0) o.locked = [...s.lockedDecoders];
  if (s.errorReasons.length > 0) o.errors = errors;
  return o;
}

/** Serializes a topology or a lab file (`lab.toFile()`) as `cxl-lab/1` JSON text. */
export function serializeLabFile(input: TopologySpec | LabFile): string {
  const file: LabFile = 'spec' in input ? input : { spec: input, registers: new Map(), memory: new Map() };
  const { spec } = file;
  const root: JsonObject = { format: LAB_FILE_FORMAT, name: spec.name };
  if (spec.notes !== undefined) root.notes = spec.notes;
  if (spec.platform !== undefined && !isDefaultPlatform(spec.platform)) root.platform = { ...spec.platform };
  root.windows = spec.windows.map(windowJson);
  root.components = spec.components.map((c) => componentJson(c, file));
  return `${JSON.stringify(root, null, 2)}\n`;
}

/** One window as the file writes it. */
export function windowJson(w: WindowSpec): JsonObject {
  const o: JsonObject = {
    id: w.id,
    base: hex(w.base),
    size: sizeText(w.size),
    ways: w.ways,
    granularity: w.granularity,
    arithmetic: w.arithmetic,
  };
  if (w.arithmetic === 'xor' || w.xormaps.length > 0) o.xormaps = w.xormaps.map(hex);
  o.targets = [...w.targets];
  o.restrictions = [...w.restrictions];
  o.qtg = w.qtg;
  return o;
}

/** One component as the file writes it, with its saved registers and memory from `file`. */
export function componentJson(c: ComponentSpec, file: Pick<LabFile, 'registers' | 'memory'>): JsonObject {
  const o: JsonObject = { id: c.id, kind: c.kind };
  if (c.name !== undefined) o.name = c.name;
  if (c.position !== undefined) o.position = { x: c.position.x, y: c.position.y };
  switch (c.kind) {
    case 'host-bridge':
      o.uid = c.uid;
      o.decoderCount = c.decoderCount;
      o.componentRegBase = hex(c.componentRegBase);
      o.decoders = c.decoders.map(decoderJson);
      Object.assign(o, restrictedJson(c));
      break;
    case 'root-port':
    case 'downstream-port':
      o.parent = c.parent;
      o.port = c.port;
      break;
    case 'switch':
      o.parent = c.parent;
      o.decoderCount = c.decoderCount;
      o.decoders = c.decoders.map(decoderJson);
      break;
    case 'type3':
      o.parent = c.parent;
      o.volatile = sizeText(c.volatile);
      o.persistent = sizeText(c.persistent);
      o.decoderCount = c.decoderCount;
      o.serial = c.serial;
      o.decoders = c.decoders.map(decoderJson);
      Object.assign(o, dvsecJson(c));
      Object.assign(o, deviceJson(c));
      break;
  }
  const regs = file.registers.get(c.id);
  if (regs !== undefined) o.registers = registersJson(regs);
  const pages = file.memory.get(c.id);
  if (pages !== undefined && pages.length > 0) {
    o.memory = pages.map(
      ([index, bytes]): JsonObject => ({ dpa: hex(index * PAGE_SIZE), data: encodeBase64(bytes) }),
    );
  }
  return o;
}
