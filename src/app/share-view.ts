/**
 * What a share link carries besides the lab (issue 15): the open dock tab, the selection, and the
 * pending access (the access in the decode bar, at its hop, or else the newest read or write).
 */
import type { LabStoreState } from '../state/types';
import type { ArgsOf } from '../worker/protocol';

type ShareView = NonNullable<ArgsOf<'share.encode'>['view']>;

/** The longest access a link carries (`LIMIT_LINK_ACCESS_BYTES`, `src/cxl/limits.ts`): 64 KiB. */
const MAX_LINK_ACCESS = 64 * 1024;

/** The dock tabs' names as the dock shows them (`src/panels/Dock.tsx`). */
const TAB_NAMES: Readonly<Record<string, string>> = {
  console: 'Access console',
  decoders: 'HDM decoders',
  cedt: 'CEDT',
  'address-map': 'Address map',
  'dpa-hex': 'DPA hex',
  check: 'Check',
};

/** The view to share from the store's state. */
export function shareViewOf(s: LabStoreState): ShareView {
  const view: ShareView = { tab: s.dockTab };
  // A multi-host lab (issue 18): the selection and the access are the focused host's.
  const focus = s.view?.fabric?.focus;
  if (focus !== undefined) view.host = focus;
  if (s.selectedId !== null) view.selection = s.selectedId;
  const shown = s.animation === null ? undefined : s.accessLog.find((e) => e.id === s.animation?.accessId);
  const newest = s.accessLog.find((e) => e.kind === 'read' || e.kind === 'write');
  const entry = shown ?? newest;
  if (entry !== undefined && (entry.kind === 'read' || entry.kind === 'write')) {
    const step = shown !== undefined && s.animation !== null ? s.animation.position : 0;
    view.access = { hpa: entry.hpa, length: Math.min(entry.length, MAX_LINK_ACCESS), step };
  }
  return view;
}

/** "host hostB, the HDM decoders tab, mem0 selected, the access at 0x4c00001000 (64 B) at hop 2". */
export function shareViewText(view: ShareView): string {
  const parts: string[] = [];
  if (view.host !== undefined) parts.push(`host ${view.host}`);
  if (view.tab !== undefined) parts.push(`the ${TAB_NAMES[view.tab] ?? view.tab} tab`);
  if (view.selection !== undefined) parts.push(`${view.selection} selected`);
  const a = view.access;
  if (a !== undefined) parts.push(`the access at 0x${a.hpa.toString(16)} (${a.length} B) at hop ${a.step}`);
  return parts.join(', ');
}
