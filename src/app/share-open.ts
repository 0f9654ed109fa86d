/**
 * Opening a share link with everything it carries (issues 15 and 16): its lab as a new lab, then the
 * view (dock tab, selection, pending access at its decode step), or a lesson at a step, embedded or
 * not. The worker decodes and validates the link (`share.open`); a refused link loads nothing.
 * Loaded when a link is opened (`share-location.ts` watches the address bar in the first paint).
 */
import { fabricPartOf } from '../lib/fabric-node-ids';
import type { LabStore } from '../state/store';
import type { DockTab, LabStoreState } from '../state/types';
import type { ResultOf } from '../worker/protocol';
import { problemsOf } from './interop-actions';
import { startLesson } from './lesson-actions';

type ShareView = ResultOf<'share.open'>['view'];

/** The dock tabs a link may name (unknown ids from newer links are reported, not fatal). */
const DOCK_TABS: readonly string[] = ['console', 'decoders', 'cedt', 'address-map', 'dpa-hex', 'check'];

/** Whether `nodeId` is a fabric switch's or device's canvas node (`fabric::mld0`) of a multi-host lab. */
function namesFabricPart(s: LabStoreState, nodeId: string): boolean {
  const part = fabricPartOf(nodeId);
  const fabric = s.view?.fabric?.spec.fabric;
  if (part === null || fabric === undefined) return false;
  return fabric.switches.some((w) => w.id === part) || fabric.devices.some((d) => d.id === part);
}

/** A multi-host link's host (issue 18): focused first, since the selection and access are its. */
async function focusSharedHost(store: LabStore, host: string, missed: string[]): Promise<void> {
  const fabric = store.getState().view?.fabric;
  if (fabric === undefined || !fabric.hosts.some((h) => h.id === host)) {
    missed.push(`the lab has no host "${host}" to focus`);
    return;
  }
  if (fabric.focus === host) return;
  const r = await store.getState().focusHost(host);
  if (!r.ok) missed.push(`host "${host}" was not focused: ${r.error.message}`);
}

/**
 * Restores what the sharer was looking at: a multi-host lab's focused host, the dock tab, the selection,
 * and the pending access (read again, the decode bar paused at the shared hop). Returns what could not
 * be restored.
 */
export async function applyShareView(store: LabStore, view: ShareView): Promise<string[]> {
  const missed: string[] = [];
  if (view.host !== undefined) await focusSharedHost(store, view.host, missed);
  const s = store.getState();
  if (view.tab !== undefined) {
    if (DOCK_TABS.includes(view.tab)) s.setDockTab(view.tab as DockTab);
    else missed.push(`the dock tab "${view.tab}" is not one this lab has`);
  }
  if (view.selection !== undefined) {
    const known =
      view.selection === 'cxl-root' ||
      s.view?.spec.components.some((c) => c.id === view.selection) === true ||
      s.view?.spec.windows.some((w) => w.id === view.selection) === true ||
      namesFabricPart(s, view.selection);
    if (known) s.select(view.selection);
    else missed.push(`the lab has no component "${view.selection}" to select`);
  }
  const access = view.access;
  if (access !== undefined) {
    const r = await s.readMemory(access.hpa, access.length);
    if (!r.ok) missed.push(`the access at 0x${access.hpa.toString(16)}: ${r.error.message}`);
    const a = store.getState().animation;
    if (a !== null) {
      // Paused at the shared hop (clamped to the hops this lab's path has).
      store.setState({ animation: { ...a, playing: false, position: Math.min(a.steps, access.step) } });
    }
  }
  return missed;
}

/**
 * Opens a link: a lesson (at its step, on the link's lab when it carries one), else the lab as a new
 * lab; then the view. A refused link says why (which parameter, which step, field and reason).
 */
export async function openShareLink(store: LabStore, link: string): Promise<boolean> {
  const notify = (title: string, details: string[]) => store.getState().notify('error', title, details);
  const r = await store.client().call('share.open', { link });
  if (!r.ok) {
    if (r.error.code !== 'worker.crashed')
      notify('The shared link was not opened; nothing was loaded', problemsOf(r.error));
    return false;
  }
  const { lab, lesson, step, view } = r.value;
  if (lesson !== undefined) {
    const started = await startLesson(store, lesson, {
      fresh: true,
      ...(step === undefined ? {} : { step }),
      ...(lab === undefined ? {} : { labText: lab.text }),
    });
    if (!started.ok) {
      notify('The lesson in the link was not opened', started.problems);
      return false;
    }
  } else if (lab !== undefined) {
    const opened = await store.getState().openFile('the shared link', new TextEncoder().encode(lab.text));
    if (!opened.ok) return false;
  }
  const missed = await applyShareView(store, view);
  if (missed.length > 0) store.getState().notify('info', 'Part of the shared view was not restored', missed);
  return true;
}
