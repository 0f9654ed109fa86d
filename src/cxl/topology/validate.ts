/**
 * Topology validation: turns an authored `TopologySpec` into an indexed `Topology`, or reports
 * every problem at once, each located by component (or window) id and field.
 *
 * Structure rules (as QEMU and Linux build CXL hierarchies): host bridges at the top; a root port
 * under a host bridge; a switch (its upstream port) under a root port or a switch downstream port;
 * a downstream port under a switch; a Type 3 device under a root port or downstream port. Each
 * port has at most one child; port numbers are 0–255 and unique under one parent (they are the
 * PCIe Link Capabilities Port Numbers HDM target lists name, CXL r3.1 §8.2.4.20.8). Switch levels
 * are unlimited; parent cycles are detected.
 *
 * Sizes and encodings: capacities and windows in 256 MiB units (CXL r3.1 §8.2.4.20.3, §9.18.1.3),
 * window size a multiple of 256 MiB × ways, ways/granularity encodable (§8.2.4.20.7), XOR windows
 * with exactly log2(power-of-two part of ways) XORMAPs (§9.18.1.4; Linux acpi.c), decoder counts
 * encodable (§8.2.4.20.1; devices at most 10).
 */

import { checkDeviceProps } from '../device/props.ts';
import { LIMIT_FINDINGS, limitText } from '../limits.ts';
import type { CxlError, LabFinding, Result } from '../result.ts';
import { HDM_ALIGN_BITS, HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import { allowedDecoderCounts, DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS } from '../spec/hdm-decoder.ts';
import { granularityToEig, waysToEiw, xormapCount } from '../spec/interleave.ts';
import { ADDRESS_LIMIT, formatBytes, hex, isAligned, TWO_POW_32 } from '../units.ts';
import {
  type ComponentKind,
  type ComponentSpec,
  type DecoderProgramSpec,
  type DownstreamPortSpec,
  HOST_ID,
  type HostBridgeSpec,
  type RootPortSpec,
  type Topology,
  type TopologySpec,
  type Type3Spec,
  type WindowRestriction,
  type WindowSpec,
} from './model.ts';
import { reservedIdReason } from './reserved-ids.ts';
import { isRcd, regBaseAlignBits, restrictedIssues } from './restricted.ts';

const RESTRICTIONS: readonly WindowRestriction[] = [
  'type2',
  'type3',
  'volatile',
  'persistent',
  'fixed',
  'bi',
];

// Maps keyed by kind: a spec built from input may carry any string as `kind` (issue 13, crash A).
/** Which parent kinds each kind may sit below (null: at the top, below the host). */
const PARENT_KINDS: ReadonlyMap<string, readonly ComponentKind[] | null> = new Map<
  ComponentKind,
  readonly ComponentKind[] | null
>([
  ['host-bridge', null],
  ['root-port', ['host-bridge']],
  ['switch', ['root-port', 'downstream-port']],
  ['downstream-port', ['switch']],
  // A host bridge only when it is a CXL 1.1 restricted host (rules in restricted.ts).
  ['type3', ['root-port', 'downstream-port', 'host-bridge']],
]);

const KIND_PHRASE: ReadonlyMap<string, string> = new Map<ComponentKind, string>([
  ['host-bridge', 'a host bridge'],
  ['root-port', 'a root port'],
  ['switch', 'a switch'],
  ['downstream-port', 'a downstream port'],
  ['type3', 'a Type 3 device'],
]);

const PARENT_PHRASE: ReadonlyMap<string, string> = new Map<ComponentKind, string>([
  ['host-bridge', 'sits at the top, below the host'],
  ['root-port', 'must sit below a host bridge'],
  ['switch', 'must sit below a root port or downstream port'],
  ['downstream-port', 'must sit below a switch'],
  ['type3', 'must sit below a root port, a downstream port or a CXL 1.1 restricted host bridge'],
]);

function kindPhrase(kind: string): string {
  return KIND_PHRASE.get(kind) ?? `a "${kind}"`;
}

function parentPhrase(kind: string): string {
  return PARENT_PHRASE.get(kind) ?? '';
}

function isUint(n: unknown, limit = ADDRESS_LIMIT): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < limit;
}

/** Validation errors, capped at `LIMIT_FINDINGS` (then one "and N more"). */
class Issues {
  readonly list: CxlError[] = [];
  #dropped = 0;
  get count(): number {
    return this.list.length + this.#dropped;
  }
  /** The errors, with one summary entry for those past the cap. */
  result(): CxlError[] {
    if (this.#dropped === 0) return this.list;
    return [
      ...this.list,
      {
        code: 'topology.more-errors',
        message: `and ${this.#dropped} more problem${this.#dropped === 1 ? '' : 's'} not listed (${limitText(LIMIT_FINDINGS)})`,
        field: 'topology',
      },
    ];
  }
  /** An error built elsewhere (e.g. the CXL 1.1 rules in restricted.ts), under the same cap. */
  push(e: CxlError): void {
    if (this.list.length >= LIMIT_FINDINGS.value) this.#dropped++;
    else this.list.push(e);
  }
  add(code: string, component: string, field: string | undefined, message: string, spec?: string): void {
    if (this.list.length >= LIMIT_FINDINGS.value) {
      this.#dropped++;
      return;
    }
    const e: CxlError = {
      code,
      message: `${component}${field === undefined ? '' : `.${field}`}: ${message}`,
      component,
    };
    if (field !== undefined) e.field = field;
    if (spec !== undefined) e.spec = spec;
    this.list.push(e);
  }
}

function checkDecoders(
  issues: Issues,
  id: string,
  kind: 'host-bridge' | 'switch' | 'type3',
  decoderCount: number,
  decoders: readonly DecoderProgramSpec[],
): void {
  if (decoders.length > decoderCount) {
    issues.add(
      'decoder.too-many',
      id,
      'decoders',
      decoderCount === 0
        ? 'a passthrough host bridge (decoderCount 0) has no HDM decoders to program'
        : `${decoders.length} decoders listed but decoderCount is ${decoderCount}`,
    );
  }
  decoders.forEach((d, i) => {
    const f = (name: string): string => `decoders[${i}].${name}`;
    for (const [name, v] of [
      ['base', d.base],
      ['size', d.size],
    ] as const) {
      if (!isUint(v))
        issues.add('decoder.address-invalid', id, f(name), `${String(v)} is not an integer in 0 … 2^52−1`);
      else if (!isAligned(v, HDM_ALIGN_BITS)) {
        issues.add(
          'decoder.unaligned',
          id,
          f(name),
          `${hex(v)} is not a multiple of 256 MiB`,
          'CXL r3.1 §8.2.4.20.3',
        );
      }
    }
    if (isUint(d.base) && isUint(d.size) && d.base + d.size > ADDRESS_LIMIT) {
      issues.add('decoder.address-invalid', id, f('size'), `base + size exceeds 2^52`);
    }
    const eiw = waysToEiw(d.ways);
    if (!eiw.ok) issues.add(eiw.error.code, id, f('ways'), eiw.error.message, eiw.error.spec);
    const eig = granularityToEig(d.granularity);
    if (!eig.ok) issues.add(eig.error.code, id, f('granularity'), eig.error.message, eig.error.spec);
    if (kind === 'type3') {
      if (d.targets !== undefined)
        issues.add(
          'decoder.targets-on-device',
          id,
          f('targets'),
          'a Type 3 decoder has DPA Skip, not targets',
        );
      if (d.skip !== undefined) {
        if (!isUint(d.skip))
          issues.add(
            'decoder.address-invalid',
            id,
            f('skip'),
            `${String(d.skip)} is not an integer in 0 … 2^52−1`,
          );
        else if (!isAligned(d.skip, HDM_ALIGN_BITS)) {
          issues.add(
            'decoder.unaligned',
            id,
            f('skip'),
            `${hex(d.skip)} is not a multiple of 256 MiB`,
            'CXL r3.1 §8.2.4.20.9',
          );
        }
      }
    } else {
      if (d.skip !== undefined && d.skip !== 0)
        issues.add('decoder.skip-on-port', id, f('skip'), 'only Type 3 decoders have DPA Skip');
      const targets = d.targets ?? [];
      if (targets.length !== d.ways) {
        issues.add(
          'decoder.target-count',
          id,
          f('targets'),
          `${targets.length} targets for ${d.ways} ways (one port number per way)`,
        );
      }
      if (targets.length > 8)
        issues.add(
          'decoder.target-count',
          id,
          f('targets'),
          'a target list holds at most 8 ports',
          'CXL r3.1 §8.2.4.20.8',
        );
      targets.forEach((t, k) => {
        if (!isUint(t, 256))
          issues.add(
            'decoder.target-invalid',
            id,
            `${f('targets')}[${k}]`,
            `port number ${String(t)} is not 0 … 255`,
          );
      });
    }
  });
}

/** What the validation phases share: the spec, the errors so far, and the indexes being built. */
interface Validation {
  readonly spec: TopologySpec;
  readonly issues: Issues;
  readonly byId: Map<string, ComponentSpec>;
  readonly windowIds: Set<string>;
  readonly uids: Map<number, string>;
  readonly regBases: Map<number, string>;
  readonly childrenOf: Map<string, string[]>;
  readonly portsByParent: Map<string, Map<number, string>>;
}

/** Validates a topology; on success returns the indexed `Topology`, else every error found. */
export function validateTopology(spec: TopologySpec): Result<Topology, CxlError[]> {
  const v: Validation = {
    spec,
    issues: new Issues(),
    byId: new Map(),
    windowIds: new Set(),
    uids: new Map(),
    regBases: new Map(),
    childrenOf: new Map(),
    portsByParent: new Map(),
  };
  claimIds(v);
  for (const c of v.byId.values()) checkComponent(v, c);
  checkOccupiedPorts(v);
  for (const e of restrictedIssues(v.byId, v.childrenOf)) v.issues.push(e);
  checkParentCycles(v);
  checkWindows(v);
  if (v.issues.count > 0) return { ok: false, error: v.issues.result() };
  return { ok: true, value: indexTopology(v) };
}

/** Ids: one namespace for windows and components. */
function claimIds(v: Validation): void {
  const seen = new Set<string>();
  const claim = (id: unknown, where: string): string | null => {
    if (typeof id !== 'string' || id.length === 0) {
      v.issues.add('id.missing', where, 'id', 'needs a non-empty id');
      return null;
    }
    if (seen.has(id)) {
      v.issues.add(
        'id.duplicate',
        id,
        'id',
        `id "${id}" is used more than once (windows and components share one namespace)`,
      );
      return null;
    }
    seen.add(id);
    const reserved = reservedIdReason(id);
    // Still claimed, so the rest of the spec is checked as written (no "parent missing" echoes).
    if (reserved !== null)
      v.issues.add('id.reserved', id, 'id', `id "${id}" (${where}) is reserved: ${reserved}`);
    return id;
  };
  v.spec.windows.forEach((w, i) => {
    const id = claim(w.id, `windows[${i}]`);
    if (id !== null) v.windowIds.add(id);
  });
  v.spec.components.forEach((c, i) => {
    const id = claim(c.id, `components[${i}]`);
    if (id !== null) v.byId.set(id, c);
  });
}

/** Per component: its kind's own rules, and its place below an allowed parent. */
function checkComponent(v: Validation, c: ComponentSpec): void {
  const allowed = PARENT_KINDS.get(c.kind);
  if (allowed === undefined) {
    v.issues.add('component.kind-invalid', c.id, 'kind', `unknown kind "${String(c.kind)}"`);
    return;
  }
  if (c.kind === 'host-bridge') {
    checkHostBridge(v, c);
    return;
  }
  if (allowed === null) return;
  const parent = checkParent(v, c, allowed);
  if (c.kind === 'root-port' || c.kind === 'downstream-port') checkPortNumber(v, c, parent);
  if (c.kind === 'switch') {
    if (!allowedDecoderCounts('switch').includes(c.decoderCount)) {
      v.issues.add(
        'decoder.count-invalid',
        c.id,
        'decoderCount',
        `decoder count ${c.decoderCount} not encodable (${DECODER_COUNT_BY_ENC.join(', ')})`,
        'CXL r3.1 §8.2.4.20.1',
      );
    }
    checkDecoders(v.issues, c.id, 'switch', c.decoderCount, c.decoders);
  }
  if (c.kind === 'type3') checkType3(v.issues, c, v.byId);
}

function checkHostBridge(v: Validation, c: HostBridgeSpec): void {
  const { issues, uids, regBases } = v;
  const list = v.childrenOf.get(HOST_ID) ?? [];
  list.push(c.id);
  v.childrenOf.set(HOST_ID, list);
  if (!isUint(c.uid, TWO_POW_32))
    issues.add(
      'hb.uid-invalid',
      c.id,
      'uid',
      `UID ${String(c.uid)} is not a 32-bit unsigned integer`,
      'CXL r3.1 §9.18.1.2',
    );
  else if (uids.has(c.uid))
    issues.add('hb.uid-duplicate', c.id, 'uid', `UID ${c.uid} is also used by ${uids.get(c.uid)}`);
  else uids.set(c.uid, c.id);
  if (c.decoderCount !== 0 && !DECODER_COUNT_BY_ENC.includes(c.decoderCount)) {
    issues.add(
      'decoder.count-invalid',
      c.id,
      'decoderCount',
      `decoder count ${c.decoderCount} not encodable (0 = passthrough, or ${DECODER_COUNT_BY_ENC.join(', ')})`,
      'CXL r3.1 §8.2.4.20.1',
    );
  }
  if (!isUint(c.componentRegBase) || !isAligned(c.componentRegBase, regBaseAlignBits(c))) {
    issues.add(
      'hb.regbase-invalid',
      c.id,
      'componentRegBase',
      `${String(c.componentRegBase)} is not a ${c.restricted === true ? '8 KiB aligned RCRB' : '64 KiB aligned'} address below 2^52`,
      'CXL r3.1 §9.18.1.2',
    );
  } else if (regBases.has(c.componentRegBase)) {
    issues.add(
      'hb.regbase-duplicate',
      c.id,
      'componentRegBase',
      `${hex(c.componentRegBase)} is also ${regBases.get(c.componentRegBase)}'s register block`,
    );
  } else regBases.set(c.componentRegBase, c.id);
  checkDecoders(issues, c.id, 'host-bridge', c.decoderCount, c.decoders);
}

/** The parent exists and is of an allowed kind; returns it when so (and records the child). */
function checkParent(
  v: Validation,
  c: Exclude<ComponentSpec, HostBridgeSpec>,
  allowed: readonly ComponentKind[],
): ComponentSpec | undefined {
  const parent = v.byId.get(c.parent);
  if (typeof c.parent !== 'string' || c.parent.length === 0) {
    v.issues.add(
      'parent.missing',
      c.id,
      'parent',
      `${kindPhrase(c.kind)} needs a parent: it ${parentPhrase(c.kind)}`,
    );
  } else if (parent === undefined) {
    v.issues.add(
      'parent.unknown',
      c.id,
      'parent',
      v.windowIds.has(c.parent)
        ? `"${c.parent}" is a window, not a component`
        : `parent "${c.parent}" does not exist`,
    );
  } else if (!allowed.includes(parent.kind)) {
    v.issues.add(
      'parent.wrong-kind',
      c.id,
      'parent',
      `${kindPhrase(c.kind)} ${parentPhrase(c.kind)}, but "${c.parent}" is ${kindPhrase(parent.kind)}`,
    );
  } else {
    const list = v.childrenOf.get(parent.id) ?? [];
    list.push(c.id);
    v.childrenOf.set(parent.id, list);
    return parent;
  }
  return undefined;
}

function checkPortNumber(
  v: Validation,
  c: RootPortSpec | DownstreamPortSpec,
  parent: ComponentSpec | undefined,
): void {
  if (!isUint(c.port, 256)) {
    v.issues.add(
      'port.number-invalid',
      c.id,
      'port',
      `port number ${String(c.port)} is not 0 … 255`,
      'CXL r3.1 §8.2.4.20.8',
    );
    return;
  }
  if (parent === undefined) return;
  const ports = v.portsByParent.get(parent.id) ?? new Map<number, string>();
  const other = ports.get(c.port);
  if (other !== undefined)
    v.issues.add(
      'port.number-duplicate',
      c.id,
      'port',
      `port number ${c.port} is also used by ${other} under ${parent.id}`,
    );
  else ports.set(c.port, c.id);
  v.portsByParent.set(parent.id, ports);
}

function checkType3(issues: Issues, c: Type3Spec, byId: ReadonlyMap<string, ComponentSpec>): void {
  let capOk = true;
  for (const name of ['volatile', 'persistent'] as const) {
    const value = c[name];
    if (!isUint(value)) {
      issues.add('type3.capacity-invalid', c.id, name, `${String(value)} is not an integer in 0 … 2^52−1`);
      capOk = false;
    } else if (!isAligned(value, HDM_ALIGN_BITS)) {
      issues.add(
        'type3.capacity-unaligned',
        c.id,
        name,
        `${formatBytes(value)} is not a multiple of 256 MiB`,
        'CXL r3.1 §8.2.4.20.5',
      );
      capOk = false;
    }
  }
  if (capOk && c.volatile + c.persistent === 0)
    issues.add(
      'type3.capacity-zero',
      c.id,
      'volatile',
      'a Type 3 device needs volatile or persistent capacity',
    );
  if (capOk && c.volatile + c.persistent >= ADDRESS_LIMIT)
    issues.add('type3.capacity-invalid', c.id, 'persistent', 'total capacity must be below 2^52');
  if (!DEVICE_DECODER_COUNTS.includes(c.decoderCount) && !isRcd(c, byId)) {
    issues.add(
      'decoder.count-invalid',
      c.id,
      'decoderCount',
      `a Type 3 device has 1, 2, 4, 6, 8 or 10 HDM decoders, not ${c.decoderCount}`,
      'CXL r3.1 §8.2.4.20.1',
    );
  }
  if (!isUint(c.serial, 2 ** 53))
    issues.add(
      'type3.serial-invalid',
      c.id,
      'serial',
      `serial ${String(c.serial)} is not a non-negative integer`,
    );
  checkDecoders(issues, c.id, 'type3', c.decoderCount, c.decoders);
  for (const e of checkDeviceProps(c)) issues.push(e);
}

/** One child per port. */
function checkOccupiedPorts(v: Validation): void {
  for (const [parentId, kids] of v.childrenOf) {
    const parent = v.byId.get(parentId);
    if (parent === undefined || (parent.kind !== 'root-port' && parent.kind !== 'downstream-port')) continue;
    for (const kid of kids.slice(1)) {
      v.issues.add(
        'port.occupied',
        kid,
        'parent',
        `${parentId} already has ${kids[0]} below it (one device or switch per port)`,
      );
    }
  }
}

/** Parent cycles (e.g. switch ↔ downstream port): every chain must end at a host bridge. */
function checkParentCycles(v: Validation): void {
  const reachesHost = new Map<string, boolean>();
  for (const start of v.byId.values()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: ComponentSpec | undefined = start;
    let verdict = false;
    while (cur !== undefined) {
      const known = reachesHost.get(cur.id);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      if (onPath.has(cur.id)) {
        v.issues.add('parent.cycle', start.id, 'parent', `parent chain loops: ${loopText(path, cur.id)}`);
        break;
      }
      path.push(cur.id);
      onPath.add(cur.id);
      if (cur.kind === 'host-bridge') {
        verdict = true;
        break;
      }
      cur = v.byId.get(cur.parent);
    }
    for (const id of path) reachesHost.set(id, verdict);
  }
}

/** "a → b → a", shortened in the middle when the chain is long (messages stay bounded). */
function loopText(path: readonly string[], again: string): string {
  const all = [...path, again];
  if (all.length <= 12) return all.join(' → ');
  return `${all.slice(0, 6).join(' → ')} → … (${all.length - 12} more) → ${all.slice(-6).join(' → ')}`;
}

/** Windows: each one's fields, then overlaps between them. */
function checkWindows(v: Validation): void {
  const hbIds = new Set([...v.byId.values()].filter((c) => c.kind === 'host-bridge').map((c) => c.id));
  const placed: PlacedWindow[] = [];
  v.spec.windows.forEach((w, index) => {
    const id = typeof w.id === 'string' && w.id.length > 0 ? w.id : 'window';
    if (checkWindowRange(v.issues, w, id)) placed.push({ id, index, base: w.base, end: w.base + w.size });
    checkWindowTargets(v, w, id, hbIds);
    checkWindowEncoding(v.issues, w, id);
  });
  checkWindowOverlaps(v.issues, placed);
}

interface PlacedWindow {
  id: string;
  /** Position in `spec.windows`. */
  index: number;
  base: number;
  end: number;
}

/** Ways, granularity, base and size; true when the range is sound enough to check for overlaps. */
function checkWindowRange(issues: Issues, w: WindowSpec, id: string): boolean {
  const eiw = waysToEiw(w.ways);
  if (!eiw.ok) issues.add(eiw.error.code, id, 'ways', `${eiw.error.message}`, 'CXL r3.1 §9.18.1.3');
  const eig = granularityToEig(w.granularity);
  if (!eig.ok) issues.add(eig.error.code, id, 'granularity', `${eig.error.message}`, 'CXL r3.1 §9.18.1.3');
  let rangeOk = true;
  if (!isUint(w.base)) {
    issues.add('window.base-invalid', id, 'base', `${String(w.base)} is not an integer in 0 … 2^52−1`);
    rangeOk = false;
  } else if (!isAligned(w.base, HDM_ALIGN_BITS)) {
    issues.add(
      'window.base-unaligned',
      id,
      'base',
      `${hex(w.base)} is not 256 MiB aligned`,
      'CXL r3.1 §9.18.1.3',
    );
    rangeOk = false;
  }
  if (!isUint(w.size) || w.size === 0) {
    issues.add('window.size-invalid', id, 'size', `${String(w.size)} is not a positive integer below 2^52`);
    rangeOk = false;
  } else if (eiw.ok && w.size % (HDM_ALIGNMENT * w.ways) !== 0) {
    issues.add(
      'window.size-unaligned',
      id,
      'size',
      `${formatBytes(w.size)} is not a multiple of 256 MiB × ${w.ways} ways`,
      'CXL r3.1 §9.18.1.3',
    );
  }
  if (rangeOk && w.base + w.size > ADDRESS_LIMIT) {
    issues.add('window.size-invalid', id, 'size', 'base + size exceeds 2^52');
    rangeOk = false;
  }
  return rangeOk;
}

/**
 * Overlapping windows, in O(n log n): sorted by base, each window is compared with the one reaching
 * furthest among those before it. A window that overlaps any earlier one overlaps that one, so every
 * overlapping window gets exactly one finding (not one per pair, which is quadratic in count and text).
 */
function checkWindowOverlaps(issues: Issues, placed: readonly PlacedWindow[]): void {
  const sorted = [...placed].sort((a, b) => a.base - b.base || a.index - b.index);
  const found: { index: number; id: string; other: PlacedWindow }[] = [];
  let reach: PlacedWindow | undefined;
  for (const w of sorted) {
    if (reach !== undefined && w.base < reach.end) found.push({ index: w.index, id: w.id, other: reach });
    if (reach === undefined || w.end > reach.end) reach = w;
  }
  found.sort((a, b) => a.index - b.index);
  for (const f of found) {
    issues.add(
      'window.overlap',
      f.id,
      'base',
      `overlaps window ${f.other.id} (${hex(f.other.base)} … ${hex(f.other.end - 1)})`,
    );
  }
}

function checkWindowTargets(v: Validation, w: WindowSpec, id: string, hbIds: ReadonlySet<string>): void {
  if (!Array.isArray(w.targets) || w.targets.length !== w.ways) {
    v.issues.add(
      'window.target-count',
      id,
      'targets',
      `${Array.isArray(w.targets) ? w.targets.length : 0} targets for ${w.ways} ways (one host bridge per way)`,
    );
  }
  (Array.isArray(w.targets) ? w.targets : []).forEach((t, k) => {
    if (hbIds.has(t)) return;
    const other = v.byId.get(t);
    v.issues.add(
      'window.target-invalid',
      id,
      `targets[${k}]`,
      other !== undefined
        ? `"${t}" is ${kindPhrase(other.kind)}, not a host bridge`
        : `host bridge "${t}" does not exist`,
    );
  });
}

/** Arithmetic, XORMAPs, restrictions and QTG. */
function checkWindowEncoding(issues: Issues, w: WindowSpec, id: string): void {
  if (w.arithmetic !== 'modulo' && w.arithmetic !== 'xor') {
    issues.add(
      'window.arithmetic-invalid',
      id,
      'arithmetic',
      `arithmetic "${String(w.arithmetic)}" is neither "modulo" nor "xor"`,
      'CXL r3.1 §9.18.1.3',
    );
  } else if (w.arithmetic === 'modulo' && w.xormaps.length > 0) {
    issues.add('window.xormaps-unexpected', id, 'xormaps', 'a modulo window carries no XORMAPs');
  } else if (w.arithmetic === 'xor') {
    const need = xormapCount(w.ways);
    if (need !== null && w.xormaps.length !== need) {
      issues.add(
        'window.xormap-count',
        id,
        'xormaps',
        `${w.ways} ways need exactly ${need} XORMAP${need === 1 ? '' : 's'}, found ${w.xormaps.length}`,
        'CXL r3.1 §9.18.1.4',
      );
    }
    w.xormaps.forEach((m, k) => {
      if (!isUint(m) || m === 0)
        issues.add(
          'window.xormap-invalid',
          id,
          `xormaps[${k}]`,
          `${String(m)} is not a non-zero mask of address bits below 2^52`,
        );
    });
  }
  w.restrictions.forEach((r, k) => {
    if (!RESTRICTIONS.includes(r))
      issues.add(
        'window.restriction-invalid',
        id,
        `restrictions[${k}]`,
        `unknown restriction "${String(r)}" (${RESTRICTIONS.join(', ')})`,
      );
  });
  if (!isUint(w.qtg, 2 ** 16))
    issues.add(
      'window.qtg-invalid',
      id,
      'qtg',
      `QTG id ${String(w.qtg)} is not 0 … 65535`,
      'CXL r3.1 §9.18.1.3',
    );
}

/** The indexed topology of a valid spec: children in port order, ports by number, UIDs. */
function indexTopology(v: Validation): Topology {
  const portOf = (id: string): number => {
    const c = v.byId.get(id);
    return c !== undefined && (c.kind === 'root-port' || c.kind === 'downstream-port') ? c.port : 0;
  };
  const children = new Map<string, readonly string[]>();
  for (const [parentId, kids] of v.childrenOf) {
    children.set(
      parentId,
      parentId === HOST_ID ? [...kids] : [...kids].sort((a, b) => portOf(a) - portOf(b)),
    );
  }
  const portsByNumber = new Map<string, ReadonlyMap<number, string>>();
  for (const c of v.byId.values()) {
    if (c.kind === 'host-bridge' || c.kind === 'switch')
      portsByNumber.set(c.id, v.portsByParent.get(c.id) ?? new Map());
  }
  const { spec, byId, uids } = v;
  return { spec, windows: spec.windows, byId, children, portsByNumber, hostBridgeByUid: uids };
}

/**
 * Topologies that load and route in the lab but that Linux (or QEMU) would not build: located
 * warnings, not errors.
 *
 * - A passthrough host bridge (decoderCount 0: no HDM Decoder Capability) with more than one root
 *   port. The spec lets only a host bridge with a single root port omit HDM decoders (CXL r3.1
 *   §8.2.4.20); Linux gives a port without the capability a software passthrough decoder only when
 *   it has exactly one downstream port, else the port fails to probe ("HDM decoder capability not
 *   found", -ENXIO; Linux drivers/cxl/port.c cxl_switch_port_probe); QEMU makes a pxb-cxl
 *   passthrough only when it has one root port (QEMU hw/pci-bridge/pci_expander_bridge.c
 *   pxb_cxl_dev_reset). The lab's walk refuses to route through it (`route.passthrough-ports`).
 */
export function topologyWarnings(topology: Topology): LabFinding[] {
  const out: LabFinding[] = [];
  for (const c of topology.spec.components) {
    if (c.kind !== 'host-bridge' || c.decoderCount !== 0) continue;
    const ports = [...(topology.portsByNumber.get(c.id)?.values() ?? [])];
    if (ports.length <= 1) continue;
    out.push({
      code: 'hb.passthrough-multiple-ports',
      severity: 'warning',
      rule: 'linux',
      component: c.id,
      field: 'decoderCount',
      message:
        `${c.id}.decoderCount: 0 (passthrough, no HDM decoders) with ${ports.length} root ports (${ports.join(', ')}): ` +
        'Linux fails to probe this host bridge ("HDM decoder capability not found", -ENXIO), so no region ' +
        'can use it; QEMU makes a host bridge passthrough only when it has one root port, and the spec lets ' +
        'only such a host bridge omit HDM decoders. The lab routes nothing through it. Give it HDM decoders ' +
        '(e.g. decoderCount 4) or a single root port',
      spec:
        'linux drivers/cxl/core/hdm.c devm_cxl_setup_hdm / port.c cxl_port_probe; ' +
        'qemu hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset; CXL r3.1 §8.2.4.20',
    });
  }
  return out;
}
