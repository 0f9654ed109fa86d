/**
 * The lab's topology file, format `cxl-lab/1`, as the UI reads it today.
 *
 * This is a deliberately small, local model: just enough to draw the topology and fill the Inspector.
 * The emulator core (`src/cxl`) will own the real `TopologySpec` and its validation; once it lands the UI
 * reads that instead, and this module shrinks to a thin adapter. Field names follow the file exactly;
 * the one change made while reading is that addresses and sizes ("0x4c00000000", "4G") become byte counts.
 */
import { parseQuantity } from './format';

export const LAB_FILE_FORMAT = 'cxl-lab/1';

export type ComponentKind = 'host-bridge' | 'root-port' | 'switch' | 'downstream-port' | 'type3';

export const COMPONENT_KINDS: readonly ComponentKind[] = [
  'host-bridge',
  'root-port',
  'switch',
  'downstream-port',
  'type3',
];

/** One HDM decoder as authored. `targets` is for host bridges and switches, `skip` for devices. */
export type LabDecoder = {
  base: number;
  size: number;
  ways: number;
  granularity: number;
  targets?: number[];
  skip?: number;
  commit: boolean;
  lock: boolean;
};

/** A CXL Fixed Memory Window (CEDT CFMWS) of the host. */
export type LabWindow = {
  id: string;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  arithmetic: string;
  /** Host bridge ids, in interleave order. */
  targets: string[];
  restrictions: string[];
  qtg: number;
};

type ComponentBase = { id: string; parent?: string; decoders: LabDecoder[] };

export type HostBridge = ComponentBase & { kind: 'host-bridge'; uid: number };
export type RootPort = ComponentBase & { kind: 'root-port'; port: number };
export type Switch = ComponentBase & { kind: 'switch' };
export type DownstreamPort = ComponentBase & { kind: 'downstream-port'; port: number };
export type Type3Device = ComponentBase & { kind: 'type3'; volatile: number; persistent: number };

export type LabComponent = HostBridge | RootPort | Switch | DownstreamPort | Type3Device;

export type LabFile = {
  format: typeof LAB_FILE_FORMAT;
  name: string;
  windows: LabWindow[];
  components: LabComponent[];
};

export type ParseResult = { ok: true; value: LabFile } | { ok: false; issues: string[] };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isComponentKind(value: unknown): value is ComponentKind {
  return typeof value === 'string' && (COMPONENT_KINDS as readonly string[]).includes(value);
}

/** Collects every problem with a path ("components[3].port: …") instead of stopping at the first. */
class Reader {
  readonly issues: string[] = [];

  fail(path: string, message: string): void {
    this.issues.push(`${path}: ${message}`);
  }

  string(obj: Json, key: string, path: string): string {
    const value = obj[key];
    if (typeof value === 'string' && value.length > 0) return value;
    this.fail(`${path}.${key}`, 'expected a non-empty string');
    return '';
  }

  count(obj: Json, key: string, path: string, fallback?: number): number {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.fail(`${path}.${key}`, 'expected a non-negative integer');
    return 0;
  }

  quantity(obj: Json, key: string, path: string, fallback?: number): number {
    const value = obj[key];
    if (value === undefined && fallback !== undefined) return fallback;
    const n = parseQuantity(value);
    if (n !== null) return n;
    this.fail(`${path}.${key}`, 'expected a byte count below 2^52 ("0x…", "4G" or a number)');
    return 0;
  }

  flag(obj: Json, key: string, path: string): boolean {
    const value = obj[key];
    if (value === undefined || typeof value === 'boolean') return value === true;
    this.fail(`${path}.${key}`, 'expected true or false');
    return false;
  }

  list<T>(obj: Json, key: string, path: string, item: (value: unknown, path: string) => T | null): T[] {
    const value = obj[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(`${path}.${key}`, 'expected an array');
      return [];
    }
    const out: T[] = [];
    value.forEach((entry, i) => {
      const parsed = item(entry, `${path}.${key}[${i}]`);
      if (parsed !== null) out.push(parsed);
    });
    return out;
  }

  stringItem = (value: unknown, path: string): string | null => {
    if (typeof value === 'string') return value;
    this.fail(path, 'expected a string');
    return null;
  };

  countItem = (value: unknown, path: string): number | null => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.fail(path, 'expected a non-negative integer');
    return null;
  };
}

function readDecoder(r: Reader, value: unknown, path: string): LabDecoder | null {
  if (!isObject(value)) {
    r.fail(path, 'expected an object');
    return null;
  }
  const decoder: LabDecoder = {
    base: r.quantity(value, 'base', path),
    size: r.quantity(value, 'size', path),
    ways: r.count(value, 'ways', path),
    granularity: r.count(value, 'granularity', path),
    commit: r.flag(value, 'commit', path),
    lock: r.flag(value, 'lock', path),
  };
  if (value.targets !== undefined) decoder.targets = r.list(value, 'targets', path, r.countItem);
  if (value.skip !== undefined) decoder.skip = r.quantity(value, 'skip', path);
  return decoder;
}

function readWindow(r: Reader, value: unknown, path: string): LabWindow | null {
  if (!isObject(value)) {
    r.fail(path, 'expected an object');
    return null;
  }
  return {
    id: r.string(value, 'id', path),
    base: r.quantity(value, 'base', path),
    size: r.quantity(value, 'size', path),
    ways: r.count(value, 'ways', path),
    granularity: r.count(value, 'granularity', path),
    arithmetic: typeof value.arithmetic === 'string' ? value.arithmetic : 'modulo',
    targets: r.list(value, 'targets', path, r.stringItem),
    restrictions: r.list(value, 'restrictions', path, r.stringItem),
    qtg: r.count(value, 'qtg', path, 0),
  };
}

function readComponent(r: Reader, value: unknown, path: string): LabComponent | null {
  if (!isObject(value)) {
    r.fail(path, 'expected an object');
    return null;
  }
  const kind = value.kind;
  if (!isComponentKind(kind)) {
    r.fail(`${path}.kind`, `expected one of ${COMPONENT_KINDS.join(', ')}`);
    return null;
  }
  const base: ComponentBase = {
    id: r.string(value, 'id', path),
    decoders: r.list(value, 'decoders', path, (d, p) => readDecoder(r, d, p)),
  };
  if (value.parent !== undefined) base.parent = r.string(value, 'parent', path);
  switch (kind) {
    case 'host-bridge':
      return { ...base, kind, uid: r.count(value, 'uid', path) };
    case 'root-port':
    case 'downstream-port':
      return { ...base, kind, port: r.count(value, 'port', path) };
    case 'switch':
      return { ...base, kind };
    case 'type3':
      return {
        ...base,
        kind,
        volatile: r.quantity(value, 'volatile', path, 0),
        persistent: r.quantity(value, 'persistent', path, 0),
      };
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** Reads a parsed `cxl-lab/1` JSON value; reports every problem found, each with its path. */
export function parseLabFile(value: unknown): ParseResult {
  const r = new Reader();
  if (!isObject(value)) return { ok: false, issues: ['file: expected a JSON object'] };
  if (value.format !== LAB_FILE_FORMAT) {
    return {
      ok: false,
      issues: [`format: expected "${LAB_FILE_FORMAT}", got ${JSON.stringify(value.format)}`],
    };
  }
  const file: LabFile = {
    format: LAB_FILE_FORMAT,
    name: typeof value.name === 'string' ? value.name : 'Untitled topology',
    windows: r.list(value, 'windows', 'file', (w, p) => readWindow(r, w, p)),
    components: r.list(value, 'components', 'file', (c, p) => readComponent(r, c, p)),
  };
  const ids = new Set<string>();
  file.components.forEach((c, i) => {
    if (ids.has(c.id)) r.fail(`file.components[${i}].id`, `duplicate id "${c.id}"`);
    ids.add(c.id);
  });
  file.components.forEach((c, i) => {
    if (c.parent !== undefined && !ids.has(c.parent)) {
      r.fail(`file.components[${i}].parent`, `no component "${c.parent}"`);
    }
  });
  const byId = new Map(file.components.map((c) => [c.id, c]));
  file.components.forEach((c, i) => {
    // Walk up at most components.length steps: any longer chain revisits a component, i.e. a cycle.
    let at = c.parent === undefined ? undefined : byId.get(c.parent);
    for (let steps = 0; at !== undefined; steps++) {
      if (at === c || steps > file.components.length) {
        r.fail(`file.components[${i}].parent`, `"${c.id}" is its own ancestor`);
        break;
      }
      at = at.parent === undefined ? undefined : byId.get(at.parent);
    }
  });
  file.windows.forEach((w, i) => {
    w.targets.forEach((target, t) => {
      const hb = byId.get(target);
      if (hb?.kind !== 'host-bridge')
        r.fail(`file.windows[${i}].targets[${t}]`, `no host bridge "${target}"`);
    });
  });
  return r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: file };
}
