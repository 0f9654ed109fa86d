/**
 * Topology edits the canvas and the Inspector make, as pure functions from one document to the next: add a
 * component, connect, disconnect, delete, copy/paste and duplicate subtrees, move, lay out. The
 * result goes to the worker as one `topology.set` (so the core validates it and undo covers it).
 *
 * A document here is the lab's configuration as the worker last reported it (`LabDocument.spec`,
 * whose decoder programs reflect the registers) plus the canvas's drafts: components placed but not
 * connected yet. A draft's parent is "" or another draft; a draft port's number is -1 until it is
 * connected. Host bridges never need a parent, so they go straight into the spec.
 */

import { COMPONENT_BLOCK_SIZE, DEFAULT_REG_BASE } from '../cxl/spec/component-block.ts';
import { HDM_ALIGNMENT } from '../cxl/spec/hdm-constants.ts';
import { VALID_WAYS } from '../cxl/spec/interleave.ts';
import type { ComponentKind, ComponentSpec, TopologySpec, WindowSpec } from '../cxl/topology/model.ts';
import { adaptDevice, makeRch, RCH_ITEM } from './rch-edits.ts';

export interface EditDoc {
  spec: TopologySpec;
  drafts: ComponentSpec[];
}

export type EditResult = { ok: true; doc: EditDoc; created?: string[] } | { ok: false; reason: string };

/** A connection the canvas's rules accepted (`src/canvas/connect-rules.ts`). */
export type ConnectAction =
  | {
      action: 'attach';
      parent: string;
      child: string;
      /** For a port child: the port number it gets. */
      port?: number;
    }
  | { action: 'window-target'; window: string; hostBridge: string };

const GIB = 2 ** 30;
/** Draft port number meaning "the lowest free one when connected". */
export const UNASSIGNED_PORT = -1;

const ID_PREFIX: Record<ComponentKind, string> = {
  'host-bridge': 'hb',
  'root-port': 'rp',
  switch: 'sw',
  'downstream-port': 'dsp',
  type3: 'mem',
};

function clone<T>(v: T): T {
  return structuredClone(v);
}

function allIds(doc: EditDoc): Set<string> {
  return new Set([
    ...doc.spec.windows.map((w) => w.id),
    ...doc.spec.components.map((c) => c.id),
    ...doc.drafts.map((c) => c.id),
  ]);
}

/** `prefix<n>` with the lowest n not in `taken` (which it then joins). */
function freshId(prefix: string, taken: Set<string>): string {
  for (let n = 0; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export function parentOf(c: ComponentSpec): string | null {
  return c.kind === 'host-bridge' || c.parent === '' ? null : c.parent;
}

/** `id` and everything below it, parents before children. */
export function subtreeIds(components: readonly ComponentSpec[], id: string): string[] {
  const kids = new Map<string, string[]>();
  for (const c of components) {
    const p = parentOf(c);
    if (p === null) continue;
    const list = kids.get(p);
    if (list === undefined) kids.set(p, [c.id]);
    else list.push(c.id);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (at: string) => {
    if (seen.has(at)) return;
    seen.add(at);
    out.push(at);
    for (const k of kids.get(at) ?? []) walk(k);
  };
  walk(id);
  return out;
}

function nextUid(spec: TopologySpec, extra: readonly ComponentSpec[] = []): number {
  const used = new Set(
    [...spec.components, ...extra].flatMap((c) => (c.kind === 'host-bridge' ? [c.uid] : [])),
  );
  let uid = 0;
  while (used.has(uid)) uid++;
  return uid;
}

function nextRegBase(spec: TopologySpec, extra: readonly ComponentSpec[] = []): number {
  const used = new Set(
    [...spec.components, ...extra].flatMap((c) => (c.kind === 'host-bridge' ? [c.componentRegBase] : [])),
  );
  let base = DEFAULT_REG_BASE;
  while (used.has(base)) base += COMPONENT_BLOCK_SIZE;
  return base;
}

function nextSerial(doc: EditDoc): number {
  let max = 0;
  for (const c of [...doc.spec.components, ...doc.drafts])
    if (c.kind === 'type3') max = Math.max(max, c.serial);
  return max + 1;
}

/** A new component of `kind` with the lab's defaults (4 HDM decoders, a 4 GiB ram device). */
export function newComponent(
  doc: EditDoc,
  kind: ComponentKind,
  id: string,
  position?: { x: number; y: number },
): ComponentSpec {
  const at =
    position === undefined ? {} : { position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (kind) {
    case 'host-bridge':
      return {
        kind,
        id,
        uid: nextUid(doc.spec),
        decoderCount: 4,
        componentRegBase: nextRegBase(doc.spec),
        decoders: [],
        ...at,
      };
    case 'root-port':
    case 'downstream-port':
      return { kind, id, parent: '', port: UNASSIGNED_PORT, ...at };
    case 'switch':
      return { kind, id, parent: '', decoderCount: 4, decoders: [], ...at };
    case 'type3':
      return {
        kind,
        id,
        parent: '',
        volatile: 4 * GIB,
        persistent: 0,
        decoderCount: 4,
        serial: nextSerial(doc),
        decoders: [],
        ...at,
      };
  }
}

/** Adds a component: a host bridge joins the topology, anything else is a draft until connected. */
export function addComponent(
  doc: EditDoc,
  item: ComponentKind | typeof RCH_ITEM,
  position?: { x: number; y: number },
): EditResult {
  const kind = item === RCH_ITEM ? 'host-bridge' : item;
  const id = freshId(item === RCH_ITEM ? 'rch' : ID_PREFIX[kind], allIds(doc));
  const made = newComponent(doc, kind, id, position);
  const c = item === RCH_ITEM && made.kind === 'host-bridge' ? makeRch(doc.spec, made) : made;
  const next = { spec: clone(doc.spec), drafts: clone(doc.drafts) };
  if (kind === 'host-bridge') next.spec.components.push(c);
  else next.drafts.push(c);
  return { ok: true, doc: next, created: [id] };
}

/** Window ways changed: keep the size a whole number of 256 MiB × ways stripes. */
function resizeForWays(w: WindowSpec): void {
  w.ways = w.targets.length;
  const stripe = HDM_ALIGNMENT * w.ways;
  w.size = Math.max(stripe, Math.floor(w.size / stripe) * stripe);
}

/** Applies an accepted connection (see `checkConnection`); a refusal passes through. */
export function connect(doc: EditDoc, verdict: ConnectAction | { ok: false; reason: string }): EditResult {
  if ('reason' in verdict) return { ok: false, reason: verdict.reason };
  const next = { spec: clone(doc.spec), drafts: clone(doc.drafts) };
  if (verdict.action === 'window-target') {
    const w = next.spec.windows.find((x) => x.id === verdict.window);
    if (w === undefined) return { ok: false, reason: `no window ${verdict.window}` };
    w.targets.push(verdict.hostBridge);
    resizeForWays(w);
    return { ok: true, doc: next };
  }
  const child = [...next.spec.components, ...next.drafts].find((c) => c.id === verdict.child);
  if (child === undefined || child.kind === 'host-bridge')
    return { ok: false, reason: `cannot attach ${verdict.child}` };
  child.parent = verdict.parent;
  if (child.kind === 'type3') {
    const parent = [...next.spec.components, ...next.drafts].find((c) => c.id === verdict.parent);
    adaptDevice(next.spec, child, parent);
  }
  if ((child.kind === 'root-port' || child.kind === 'downstream-port') && verdict.port !== undefined) {
    child.port = verdict.port;
  }
  // A draft subtree that now hangs below the topology joins it.
  const parentInSpec = next.spec.components.some((c) => c.id === verdict.parent);
  if (parentInSpec && next.drafts.some((c) => c.id === child.id)) {
    const moving = new Set(subtreeIds(next.drafts, child.id));
    next.spec.components.push(...next.drafts.filter((c) => moving.has(c.id)));
    next.drafts = next.drafts.filter((c) => !moving.has(c.id));
  }
  return { ok: true, doc: next };
}

/**
 * Removes the link above `childId`: the child's subtree leaves the topology and stays on the canvas
 * as drafts. For a host bridge, `windowId` names the window whose target it stops being.
 */
export function disconnect(doc: EditDoc, childId: string, windowId?: string): EditResult {
  const next = { spec: clone(doc.spec), drafts: clone(doc.drafts) };
  if (windowId !== undefined) {
    const w = next.spec.windows.find((x) => x.id === windowId);
    if (w === undefined || !w.targets.includes(childId))
      return { ok: false, reason: `${childId} is not a target of ${windowId}` };
    if (w.targets.length === 1) {
      return {
        ok: false,
        reason: `${windowId} needs at least one target: delete the window instead (CXL root, Inspector)`,
      };
    }
    w.targets = w.targets.filter((t) => t !== childId);
    if (!VALID_WAYS.includes(w.targets.length)) {
      return {
        ok: false,
        reason: `${windowId} would interleave ${w.targets.length} ways, which a window cannot encode`,
      };
    }
    resizeForWays(w);
    return { ok: true, doc: next };
  }
  const inSpec = next.spec.components.find((c) => c.id === childId);
  const inDrafts = next.drafts.find((c) => c.id === childId);
  const child = inSpec ?? inDrafts;
  if (child === undefined || child.kind === 'host-bridge' || child.parent === '') {
    return { ok: false, reason: `${childId} is not connected to anything above it` };
  }
  child.parent = '';
  if (inSpec !== undefined) {
    const moving = new Set(subtreeIds(next.spec.components, childId));
    next.drafts.push(...next.spec.components.filter((c) => moving.has(c.id)));
    next.spec.components = next.spec.components.filter((c) => !moving.has(c.id));
  }
  return { ok: true, doc: next };
}

/** Deletes components with everything below them; deleted host bridges leave their windows. */
export function removeComponents(doc: EditDoc, ids: readonly string[]): EditResult {
  const all = [...doc.spec.components, ...doc.drafts];
  const gone = new Set(ids.flatMap((id) => subtreeIds(all, id)));
  if (gone.size === 0) return { ok: false, reason: 'nothing to delete' };
  const next = {
    spec: { ...clone(doc.spec), components: doc.spec.components.filter((c) => !gone.has(c.id)).map(clone) },
    drafts: doc.drafts.filter((c) => !gone.has(c.id)).map(clone),
  };
  const windows: WindowSpec[] = [];
  for (const w of next.spec.windows) {
    const targets = w.targets.filter((t) => !gone.has(t));
    if (targets.length === w.targets.length) {
      windows.push(w);
      continue;
    }
    // A window left without an encodable target list goes too: its host bridges are gone.
    if (!VALID_WAYS.includes(targets.length)) continue;
    w.targets = targets;
    resizeForWays(w);
    windows.push(w);
  }
  next.spec.windows = windows;
  return { ok: true, doc: next };
}

/** Copied components: self-contained (parents outside the set are cut), decoders cleared. */
export function copyComponents(doc: EditDoc, ids: readonly string[]): ComponentSpec[] {
  const all = [...doc.spec.components, ...doc.drafts];
  const wanted = new Set(ids.flatMap((id) => subtreeIds(all, id)));
  return all.filter((c) => wanted.has(c.id)).map(clone);
}

/**
 * Pastes copied components with fresh ids, `offset` away from where they were. Links inside the
 * copy are kept; the copy's top components are unattached drafts (host bridges join the topology
 * with a new UID and register block). Decoder programming is not copied: the copies would decode the
 * same addresses as the originals.
 */
export function pasteComponents(
  doc: EditDoc,
  copied: readonly ComponentSpec[],
  offset: { x: number; y: number },
  fallback: { x: number; y: number } = { x: 0, y: 0 },
): EditResult {
  if (copied.length === 0) return { ok: false, reason: 'nothing to paste' };
  const taken = allIds(doc);
  const rename = new Map<string, string>();
  for (const c of copied) rename.set(c.id, freshId(ID_PREFIX[c.kind], taken));
  const next = { spec: clone(doc.spec), drafts: clone(doc.drafts) };
  const created: string[] = [];
  let serial = nextSerial(doc);
  copied.forEach((c, i) => {
    const id = rename.get(c.id) ?? c.id;
    const from = c.position ?? { x: fallback.x + i * 24, y: fallback.y + i * 24 };
    const position = { x: Math.round(from.x + offset.x), y: Math.round(from.y + offset.y) };
    created.push(id);
    if (c.kind === 'host-bridge') {
      next.spec.components.push({
        ...clone(c),
        id,
        uid: nextUid(next.spec),
        componentRegBase: nextRegBase(next.spec),
        decoders: [],
        position,
      });
      return;
    }
    const parent = rename.get(c.parent) ?? '';
    const base = { ...clone(c), id, parent, position };
    // A port pasted on its own gets its number when it is connected.
    if (parent === '' && (base.kind === 'root-port' || base.kind === 'downstream-port'))
      base.port = UNASSIGNED_PORT;
    const copy: ComponentSpec =
      base.kind === 'type3'
        ? { ...base, serial: serial++, decoders: [] }
        : base.kind === 'switch'
          ? { ...base, decoders: [] }
          : base;
    // Below a pasted host bridge the copy is complete; anything else waits as a draft.
    const underSpec = parent !== '' && next.spec.components.some((x) => x.id === parent);
    if (underSpec) next.spec.components.push(copy);
    else next.drafts.push(copy);
  });
  // Subtrees whose top is a pasted host bridge are already in the spec; children of spec members
  // that were pushed to drafts before their parent was placed move over now.
  for (;;) {
    const specIds = new Set(next.spec.components.map((c) => c.id));
    const moving = next.drafts.filter((c) => c.kind !== 'host-bridge' && specIds.has(c.parent));
    if (moving.length === 0) break;
    const ids = new Set(moving.map((c) => c.id));
    next.spec.components.push(...moving);
    next.drafts = next.drafts.filter((c) => !ids.has(c.id));
  }
  return { ok: true, doc: next, created };
}

/** Stores canvas positions (rounded to whole pixels) for components and drafts. */
export function setPositions(
  doc: EditDoc,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): EditDoc {
  const place = (c: ComponentSpec): ComponentSpec => {
    const p = positions.get(c.id);
    return p === undefined ? c : { ...c, position: { x: Math.round(p.x), y: Math.round(p.y) } };
  };
  return { spec: { ...doc.spec, components: doc.spec.components.map(place) }, drafts: doc.drafts.map(place) };
}

/** Forgets every stored position, so the tree layout places everything (auto layout). */
export function clearPositions(doc: EditDoc): EditDoc {
  const strip = (c: ComponentSpec): ComponentSpec => {
    const { position: _dropped, ...rest } = c;
    return rest as ComponentSpec;
  };
  return { spec: { ...doc.spec, components: doc.spec.components.map(strip) }, drafts: doc.drafts.map(strip) };
}

export function hasPositions(doc: EditDoc): boolean {
  return [...doc.spec.components, ...doc.drafts].some((c) => c.position !== undefined);
}

/** Replaces one component's fields (Inspector edits); the worker validates the result. */
export function updateComponent(doc: EditDoc, id: string, patch: Partial<ComponentSpec>): EditResult {
  let found = false;
  const apply = (c: ComponentSpec): ComponentSpec => {
    if (c.id !== id) return c;
    found = true;
    return { ...c, ...patch, id: c.id, kind: c.kind } as ComponentSpec;
  };
  const next = {
    spec: { ...doc.spec, components: doc.spec.components.map(apply) },
    drafts: doc.drafts.map(apply),
  };
  return found ? { ok: true, doc: next } : { ok: false, reason: `no component ${id}` };
}

/** Replaces one window's fields; `ways` follows the target list. */
export function updateWindow(doc: EditDoc, id: string, patch: Partial<WindowSpec>): EditResult {
  const windows = doc.spec.windows.map((w) => (w.id === id ? { ...clone(w), ...patch, id: w.id } : w));
  const w = windows.find((x) => x.id === id);
  if (w === undefined) return { ok: false, reason: `no window ${id}` };
  if (patch.targets !== undefined) w.ways = w.targets.length;
  return { ok: true, doc: { spec: { ...doc.spec, windows }, drafts: doc.drafts } };
}

/** A new 1-way window over `hostBridge`, placed after the highest window (256 MiB aligned). */
export function addWindow(doc: EditDoc, hostBridge: string): EditResult {
  const id = freshId('cfmw', allIds(doc));
  const end = doc.spec.windows.reduce((m, w) => Math.max(m, w.base + w.size), 0x4c_0000_0000);
  const window: WindowSpec = {
    id,
    base: Math.ceil(end / HDM_ALIGNMENT) * HDM_ALIGNMENT,
    size: 16 * GIB,
    ways: 1,
    granularity: 256,
    arithmetic: 'modulo',
    xormaps: [],
    targets: [hostBridge],
    restrictions: ['type3', 'volatile', 'persistent'],
    qtg: 0,
  };
  return {
    ok: true,
    doc: { spec: { ...doc.spec, windows: [...doc.spec.windows, window] }, drafts: doc.drafts },
    created: [id],
  };
}

export function removeWindow(doc: EditDoc, id: string): EditResult {
  if (!doc.spec.windows.some((w) => w.id === id)) return { ok: false, reason: `no window ${id}` };
  return {
    ok: true,
    doc: { spec: { ...doc.spec, windows: doc.spec.windows.filter((w) => w.id !== id) }, drafts: doc.drafts },
  };
}
