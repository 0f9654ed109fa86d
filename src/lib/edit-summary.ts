/**
 * What a destructive edit changed, in one sentence for its Undo toast: the thing the user removed,
 * what went with it (components below, unconnected drafts), and what it did to windows and regions.
 */
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';

/** What the user asked for (the summary adds what followed from it). */
export type EditIntent =
  | { kind: 'delete'; ids: readonly string[] }
  | { kind: 'disconnect'; ids: readonly string[] }
  | { kind: 'delete-window'; id: string }
  | { kind: 'destroy-region'; id: string }
  | { kind: 'uncommit'; component: string; index: number }
  | { kind: 'mailbox'; command: string; device: string }
  /** A Fabric Manager API command or background step (issue 18): `target` is the switch (→ port, vPPB). */
  | { kind: 'fm'; command: string; target: string }
  /**
   * A Fabric Manager background operation read as one action (issue 18): its start ("Unbind vPPB
   * started (sw0 VCS 0 vPPB 1)") or its completion ("VCS 0 vPPB 1 unbound from port 3 LD 0").
   */
  | { kind: 'fm-op'; summary: string };

/** The parts of a lab view the summary compares (a `LabView` has them). */
export interface EditSide {
  spec: TopologySpec;
  drafts?: readonly ComponentSpec[];
  regions: readonly { name: string; ways: number; members: readonly string[] }[];
}

/** Names listed before the rest is counted ("mem0, mem1 and 3 more"). */
const NAMES_LISTED = 3;

function list(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > NAMES_LISTED) {
    return `${names.slice(0, NAMES_LISTED).join(', ')} and ${names.length - NAMES_LISTED} more`;
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function idsOf(side: EditSide): Set<string> {
  return new Set([...side.spec.components, ...(side.drafts ?? [])].map((c) => c.id));
}

/** "Deleted hb0 and 4 components below it" / "Deleted rp1 and mem1 below it". */
function deletedText(before: EditSide, after: EditSide, ids: readonly string[]): string {
  const kept = idsOf(after);
  const gone = [...idsOf(before)].filter((id) => !kept.has(id));
  const chosen = ids.filter((id) => gone.includes(id));
  const below = gone.filter((id) => !chosen.includes(id));
  const head = `Deleted ${list(chosen.length > 0 ? chosen : ids)}`;
  if (below.length === 0) return head;
  const what = below.length === 1 ? below[0] : plural(below.length, 'component');
  // "Deleted hb0 and 4 components below it"; "Deleted hb0 and rp1, with rp0 below them".
  return chosen.length > 1 ? `${head}, with ${what} below them` : `${head} and ${what} below it`;
}

function intentText(before: EditSide, after: EditSide, intent: EditIntent): string {
  switch (intent.kind) {
    case 'delete':
      return deletedText(before, after, intent.ids);
    case 'disconnect':
      return `Disconnected ${list(intent.ids)}: left unconnected on the canvas`;
    case 'delete-window':
      return `Deleted window ${intent.id}`;
    case 'destroy-region':
      return `Destroyed ${intent.id}`;
    case 'uncommit':
      return `Uncommitted ${intent.component} decoder ${intent.index}`;
    case 'mailbox':
      return `Mailbox: ${intent.command} on ${intent.device}`;
    case 'fm':
      return `Fabric Manager: ${intent.command} (${intent.target})`;
    case 'fm-op':
      return intent.summary;
  }
}

/** Windows that went, and windows whose interleave ways changed ("cfmw0 now 1-way"). */
function windowChanges(before: EditSide, after: EditSide, intent: EditIntent): string[] {
  const out: string[] = [];
  const now = new Map(after.spec.windows.map((w) => [w.id, w]));
  for (const w of before.spec.windows) {
    const next = now.get(w.id);
    if (next === undefined) {
      if (!(intent.kind === 'delete-window' && intent.id === w.id)) out.push(`window ${w.id} removed`);
    } else if (next.ways !== w.ways) {
      out.push(`${w.id} now ${next.ways}-way (was ${w.ways}-way)`);
    }
  }
  return out;
}

/** Regions that went, or lost members, beyond the one the user destroyed. */
function regionChanges(before: EditSide, after: EditSide, intent: EditIntent): string[] {
  const out: string[] = [];
  const now = new Map(after.regions.map((r) => [r.name, r]));
  for (const r of before.regions) {
    if (intent.kind === 'destroy-region' && intent.id === r.name) continue;
    const next = now.get(r.name);
    if (next === undefined) out.push(`${r.name} (${r.ways}-way) gone`);
    else {
      const lost = r.members.filter((m) => !next.members.includes(m));
      if (lost.length > 0)
        out.push(`${r.name} lost ${list(lost)} (${next.members.length} of ${r.ways} members left)`);
    }
  }
  return out;
}

/**
 * One sentence for the toast: what the user did, then what followed, separated by semicolons
 * ("Deleted hb0 and 4 components below it; cfmw0 now 1-way (was 2-way); region0 (4-way) gone").
 */
export function summarizeEdit(before: EditSide, after: EditSide, intent: EditIntent): string {
  return [
    intentText(before, after, intent),
    ...windowChanges(before, after, intent),
    ...regionChanges(before, after, intent),
  ].join('; ');
}
