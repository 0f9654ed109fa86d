/**
 * The first paint's watch on the address bar: a share or lesson link (`#lab=…`, `#lesson=…`) is
 * opened once the saved lab is restored, and an open lesson resumes after a reload. The work itself
 * (`share-open.ts`, `lesson-actions.ts`) loads only then.
 */
import { useEffect } from 'react';
import { useLabStoreApi } from '../state/hooks';
import type { LabStore } from '../state/store';
import { clearShareFragment, shareLinkInLocation } from './embed';

/** Calls `run` once, the first time the store is ready with a lab; returns the unsubscribe. */
function whenReady(store: LabStore, run: () => void): () => void {
  let done = false;
  const check = () => {
    const s = store.getState();
    if (done || s.status !== 'ready' || s.labId === null) return;
    done = true;
    run();
  };
  const unsubscribe = store.subscribe(check);
  check();
  return unsubscribe;
}

/**
 * Opens the link the page was loaded with (and any pasted into the address bar later) once the saved
 * lab has been restored. With `clear`, the fragment is dropped from the address bar so a reload does
 * not open it again.
 */
export function useShareLinkFromLocation(clear: boolean): void {
  const store = useLabStoreApi();
  useEffect(() => {
    let ready = false;
    const load = () => {
      const link = shareLinkInLocation();
      if (link === null) return;
      if (clear) clearShareFragment();
      void import('./share-open').then((m) => m.openShareLink(store, link));
    };
    const unsubscribe = whenReady(store, () => {
      ready = true;
      load();
    });
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

/**
 * After a reload, reopens the lesson whose lab the app restored (its step and hints), unless the page
 * was opened with a link (the link decides what opens).
 */
export function useResumeLesson(): void {
  const store = useLabStoreApi();
  useEffect(() => {
    if (shareLinkInLocation() !== null) return;
    return whenReady(store, () => void import('./lesson-actions').then((m) => m.resumeOpenLesson(store)));
  }, [store]);
}
