/**
 * Interop actions (issue 9) on top of the lab store: decoding a share link and importing QEMU or
 * `cxl list` text happen in the worker (`share.decode`, `qemu.import`, `cxl-list.import`), which
 * answers with cxl-lab/1 text; the store's `openFile` then opens it as a new lab, so the open lab
 * stays as it is in storage and nothing loads when anything is refused.
 */
import { useEffect } from 'react';
import { useLabStoreApi } from '../state/hooks';
import type { LabStore } from '../state/store';
import type { ActionResult } from '../state/types';
import type { ArgsOf, CxlError, ResultOf } from '../worker/protocol';
import { clearShareFragment, shareLinkInLocation } from './embed';

/** The messages to show for a refusal: every cause, or the message itself. */
export function problemsOf(error: CxlError): string[] {
  const causes = error.causes ?? [];
  return causes.length > 0 ? causes.map((c) => c.message) : [error.message];
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Decodes a share link in the worker and opens it as a new lab; a bad link shows why, loads nothing. */
export async function openSharedLink(store: LabStore, link: string): Promise<ActionResult> {
  const r = await store.client().call('share.decode', { link });
  if (!r.ok) {
    if (r.error.code !== 'worker.crashed') {
      store
        .getState()
        .notify('error', 'The shared link was not opened; nothing was loaded', problemsOf(r.error));
    }
    return r;
  }
  return store.getState().openFile('the shared link', bytesOf(r.value.text));
}

export type ImportOutcome<K extends 'qemu.import' | 'cxl-list.import'> =
  | { ok: true; value: ResultOf<K> }
  | { ok: false; problems: string[] };

/** Imports QEMU or `cxl list` text in the worker and, when it is accepted, opens it as a new lab. */
export async function importAsNewLab<K extends 'qemu.import' | 'cxl-list.import'>(
  store: LabStore,
  kind: K,
  args: ArgsOf<K>,
  origin: string,
): Promise<ImportOutcome<K>> {
  const r = await store.client().call(kind, args);
  if (!r.ok) return { ok: false, problems: problemsOf(r.error) };
  const opened = await store.getState().openFile(origin, bytesOf(r.value.text));
  if (!opened.ok) return { ok: false, problems: problemsOf(opened.error) };
  return { ok: true, value: r.value };
}

/**
 * Opens the `#lab=…` link the page was loaded with (and any pasted into the address bar later) as
 * a new lab, once the saved lab has been restored. With `clear`, the fragment is dropped from the
 * address bar so a reload does not import it again.
 */
export function useShareLinkFromLocation(clear: boolean): void {
  const store = useLabStoreApi();
  useEffect(() => {
    let ready = false;
    const load = () => {
      const link = shareLinkInLocation();
      if (link === null) return;
      if (clear) clearShareFragment();
      void openSharedLink(store, link);
    };
    const check = () => {
      const s = store.getState();
      if (ready || s.status !== 'ready' || s.labId === null) return;
      ready = true;
      load();
    };
    const unsubscribe = store.subscribe(check);
    check();
    const onHashChange = () => {
      if (ready) load();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [store, clear]);
}

/** Copies text to the clipboard; false when the browser refuses (the text stays selectable). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
