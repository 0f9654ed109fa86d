/**
 * Renaming a component: a pure topology edit (like `topology-edits.ts`) that gives a component a new
 * id and carries every reference to it along (children's parent, windows' targets, drafts).
 */
import { reservedIdReason } from '../cxl/topology/reserved-ids.ts';
import type { EditDoc, EditResult } from './topology-edits.ts';

/** Longest id the rename form takes (the canvas card shows about this many characters). */
export const MAX_NAME_LENGTH = 32;

/** A letter first, then letters, digits, `.`, `_` or `-` (the shape of `hb0`, `dsp0.3`, `mem12`). */
const NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** Why `name` cannot be a component's new id in `doc` (`current` is the component's own), or null. */
export function nameProblem(doc: EditDoc, current: string, name: string): string | null {
  if (name === '') return 'Type a name';
  if (name.length > MAX_NAME_LENGTH) return `At most ${MAX_NAME_LENGTH} characters`;
  if (!NAME.test(name)) return 'Start with a letter; then letters, digits, “.”, “_” or “-”';
  // The ids the lab uses itself (`host`, `cxl-root`): the same list the core's validation refuses.
  const reserved = reservedIdReason(name);
  if (reserved !== null) return `“${name}” is reserved: ${reserved}`;
  if (name === current) return null;
  const taken =
    doc.spec.windows.some((w) => w.id === name) ||
    doc.spec.components.some((c) => c.id === name) ||
    doc.drafts.some((c) => c.id === name);
  return taken ? `${name} is already taken (windows and components share names)` : null;
}

/** Component `id` renamed `name`, with its children, windows and drafts pointing at the new name. */
export function renameComponent(doc: EditDoc, id: string, name: string): EditResult {
  const known = doc.spec.components.some((c) => c.id === id) || doc.drafts.some((c) => c.id === id);
  if (!known) return { ok: false, reason: `no component ${id}` };
  const problem = nameProblem(doc, id, name);
  if (problem !== null) return { ok: false, reason: problem };
  if (name === id) return { ok: true, doc };
  const follow = <C extends { id: string; parent?: string }>(c: C): C => {
    const own = c.id === id ? { id: name } : {};
    const parent = c.parent === id ? { parent: name } : {};
    return c.id === id || c.parent === id ? { ...c, ...own, ...parent } : c;
  };
  return {
    ok: true,
    doc: {
      spec: {
        ...doc.spec,
        components: doc.spec.components.map(follow),
        windows: doc.spec.windows.map((w) =>
          w.targets.includes(id) ? { ...w, targets: w.targets.map((t) => (t === id ? name : t)) } : w,
        ),
      },
      drafts: doc.drafts.map(follow),
    },
  };
}
