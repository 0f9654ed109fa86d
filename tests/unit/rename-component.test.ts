/**
 * Renaming a component (src/lib/rename-component.ts): every reference follows the new name, bad names
 * are refused with the reason; and in the worker, the renamed device's memory follows it, through
 * undo, redo and a journal replay (src/worker/memory-bank.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';
import { nameProblem, renameComponent } from '../../src/lib/rename-component.ts';
import type { EditDoc } from '../../src/lib/topology-edits.ts';
import { createHandler } from '../../src/worker/handler.ts';
import type {
  ArgsOf,
  CxlError,
  MemoryEntry,
  RequestKind,
  Result,
  ResultOf,
} from '../../src/worker/protocol.ts';

const PRESET = readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url), 'utf8');
const REGION_BASE = 0x4c00000000;

function preset(): EditDoc {
  const parsed = parseLabFile(PRESET);
  if (!parsed.ok) throw new Error('bad preset');
  return { spec: parsed.value.spec, drafts: [] };
}

function renamed(doc: EditDoc, id: string, name: string): EditDoc {
  const r = renameComponent(doc, id, name);
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

describe('renameComponent', () => {
  it('renames a device: the id changes, nothing else does, and the core accepts it', () => {
    const before = preset();
    const after = renamed(before, 'mem0', 'disk0');
    const ids = after.spec.components.map((c) => c.id);
    expect(ids).toContain('disk0');
    expect(ids).not.toContain('mem0');
    const old = before.spec.components.find((c) => c.id === 'mem0');
    expect(after.spec.components.find((c) => c.id === 'disk0')).toEqual({ ...old, id: 'disk0' });
    expect(validateTopology(after.spec).ok).toBe(true);
  });

  it('renames a host bridge: its root ports and the windows over it follow', () => {
    const after = renamed(preset(), 'hb0', 'hostA');
    const parents = after.spec.components.filter((c) => c.kind === 'root-port').map((c) => [c.id, c.parent]);
    // The default preset: rp0 and rp1 below hb0, rp2 and rp3 below hb1; cfmw0 is 2-way over hb0 and hb1.
    expect(parents).toEqual([
      ['rp0', 'hostA'],
      ['rp1', 'hostA'],
      ['rp2', 'hb1'],
      ['rp3', 'hb1'],
    ]);
    expect(after.spec.windows.map((w) => w.targets)).toEqual([['hostA', 'hb1']]);
    expect(validateTopology(after.spec).ok).toBe(true);
  });

  it('renames a draft and the drafts below it', () => {
    const doc = preset();
    const mem = doc.spec.components.find((c) => c.id === 'mem3');
    const port = doc.spec.components.find((c) => c.id === 'rp3');
    if (mem === undefined || port === undefined) throw new Error('preset changed');
    const drafts = [
      { ...port, id: 'rp9', parent: '', port: -1 },
      { ...mem, id: 'mem9', parent: 'rp9' },
    ];
    const after = renamed({ spec: doc.spec, drafts }, 'rp9', 'spare');
    expect(after.drafts.map((c) => [c.id, 'parent' in c ? c.parent : null])).toEqual([
      ['spare', ''],
      ['mem9', 'spare'],
    ]);
  });

  it('refuses names that are taken, reserved or badly shaped, and unknown components', () => {
    const doc = preset();
    const reason = (id: string, name: string) => {
      const r = renameComponent(doc, id, name);
      return r.ok ? null : r.reason;
    };
    expect(reason('mem0', 'mem1')).toMatch(/mem1 is already taken/);
    expect(reason('mem0', 'cfmw0')).toMatch(/cfmw0 is already taken/); // one namespace with windows
    expect(reason('mem0', '')).toBe('Type a name');
    expect(reason('mem0', '0mem')).toMatch(/Start with a letter/);
    expect(reason('mem0', 'mem 0')).toMatch(/Start with a letter/);
    expect(reason('mem0', 'host')).toMatch(/reserved/);
    expect(reason('mem0', 'cxl-root')).toMatch(/reserved/);
    expect(reason('mem0', 'm'.repeat(33))).toMatch(/At most 32/);
    expect(reason('nothing', 'x')).toBe('no component nothing');
    // Its own name is fine (nothing changes).
    expect(nameProblem(doc, 'mem0', 'mem0')).toBeNull();
    expect(renameComponent(doc, 'mem0', 'mem0')).toEqual({ ok: true, doc });
  });
});

describe('Rename and the core agree on the ids the lab keeps for itself', () => {
  /** The core's verdict on `id` renamed `name` by hand (children and windows following), as a file would say it. */
  function coreOn(id: string, name: string): string[] {
    const spec = structuredClone(preset().spec);
    for (const c of spec.components) {
      if (c.id === id) c.id = name;
      if ('parent' in c && c.parent === id) (c as { parent: string }).parent = name;
    }
    for (const w of spec.windows) w.targets = w.targets.map((t) => (t === id ? name : t));
    const r = validateTopology(spec);
    return r.ok ? [] : r.error.map((e) => e.code);
  }

  it('refuses exactly the names the core refuses, every kind of component', () => {
    // One component of each kind in the default preset: host bridge, root port, Type 3 device.
    for (const id of ['hb0', 'rp1', 'mem2']) {
      for (const name of ['host', 'cxl-root']) {
        // The reserved id is the first error; a root port called "host" also shows the collision it
        // would cause: the host bridges and its device share one child list ("host already has hb0
        // below it" for hb1 and mem1).
        expect(coreOn(id, name)[0], `${id} → ${name} in a file`).toBe('id.reserved');
        expect(nameProblem(preset(), id, name), `${id} → ${name} by Rename`).toMatch(
          new RegExp(`^“${name}” is reserved: `),
        );
      }
      // Names next to them are free on both sides.
      for (const name of ['host0', 'Host', 'hostA', 'cxl-root1', 'root']) {
        expect(coreOn(id, name), `${id} → ${name} in a file`).toEqual([]);
        expect(nameProblem(preset(), id, name), `${id} → ${name} by Rename`).toBeNull();
        expect(validateTopology(renamed(preset(), id, name).spec).ok).toBe(true);
      }
    }
  });
});

/** The worker's handler driven in Node, as tests/unit/worker-handler.test.ts drives it. */
function worker() {
  const waiting = new Map<number, (r: Result<unknown, CxlError>) => void>();
  const handler = createHandler({
    post(message) {
      if (message.type === 'response') waiting.get(message.id)?.(message.result);
    },
  });
  let nextId = 1;
  return async function call<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const id = nextId++;
    const done = new Promise<Result<unknown, CxlError>>((resolve) => waiting.set(id, resolve));
    handler.onMessage({ type: 'request', id, kind, args } as never);
    const r = await done;
    if (!r.ok) throw new Error(`${kind}: ${r.error.message}`);
    return r.value as ResultOf<K>;
  };
}

describe('a renamed device keeps its memory (worker)', () => {
  it('through the rename, its undo and redo, and a replay of the journal', async () => {
    const call = worker();
    const opened = await call('file.open', {
      bytes: new TextEncoder().encode(PRESET),
      fileName: 'default.topology.json',
    });
    // HPA 0x4c00000000 is granule 0 of the 4-way region: hb0 → rp0 → mem0, DPA 0.
    const w = await call('mem.write', { hpa: REGION_BASE, bytes: new Uint8Array([0xca, 0xfe]) });
    expect(w.pieces.map((p) => [p.device, p.dpa])).toEqual([['mem0', 0]]);
    const read = async () => [...(await call('mem.read', { hpa: REGION_BASE, length: 2 })).data];

    const doc = renamed({ spec: opened.document.spec, drafts: [] }, 'mem0', 'disk0');
    const after = await call('topology.set', { ...doc, renamed: { from: 'mem0', to: 'disk0' } });
    expect(after.view.memory.disk0?.touchedPages).toBe(1);
    expect(after.view.memory.mem0).toBeUndefined();
    expect(await read()).toEqual([0xca, 0xfe]);

    // Undo (the document from before) and redo (the renamed one) keep the bytes.
    await call('lab.load', { document: opened.document });
    expect(await read()).toEqual([0xca, 0xfe]);
    await call('lab.load', { document: after.document });
    expect(await read()).toEqual([0xca, 0xfe]);

    // A reload replays the journal (the write's pages, then the rename) into a fresh worker.
    const journal: MemoryEntry[] = [...w.memory, { kind: 'rename', from: 'mem0', to: 'disk0' }];
    const fresh = worker();
    const restored = await fresh('lab.restore', { document: after.document, memory: journal });
    expect(restored.view.memory.disk0?.touchedPages).toBe(1);
    expect([...(await fresh('mem.read', { hpa: REGION_BASE, length: 2 })).data]).toEqual([0xca, 0xfe]);
  });

  it('another device renamed to the old name keeps its own memory, not the renamed one', async () => {
    const call = worker();
    const opened = await call('file.open', {
      bytes: new TextEncoder().encode(PRESET),
      fileName: 'default.topology.json',
    });
    await call('mem.write', { hpa: REGION_BASE, bytes: new Uint8Array([0xca, 0xfe]) });
    const doc = renamed({ spec: opened.document.spec, drafts: [] }, 'mem0', 'disk0');
    await call('topology.set', { ...doc, renamed: { from: 'mem0', to: 'disk0' } });
    // Rename mem1 to mem0: disk0 still exists, so "mem0" is a different device now, with mem1's memory.
    const again = renamed(doc, 'mem1', 'mem0');
    const r = await call('topology.set', { ...again, renamed: { from: 'mem1', to: 'mem0' } });
    expect(r.view.memory.mem0?.touchedPages).toBe(0);
    expect(r.view.memory.disk0?.touchedPages).toBe(1);
  });
});
