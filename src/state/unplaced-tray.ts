/**
 * The unplaced tray's contents per lab: devices a `cxl list` import could not attach (no
 * `parent_dport`, nothing else in the listing names their port), kept until the user places them.
 * Saved in localStorage next to the lab so a reload loses nothing.
 */
import { useSyncExternalStore } from 'react';
import type { ResultOf } from '../worker/protocol';

export type TrayItem = ResultOf<'cxl-list.import'>['unplaced'][number];

const KEY = 'cxl-lab:unplaced:';
const NONE: readonly TrayItem[] = [];
const trays = new Map<string, readonly TrayItem[]>();
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function load(labId: string): readonly TrayItem[] {
  const had = trays.get(labId);
  if (had !== undefined) return had;
  let items: readonly TrayItem[] = NONE;
  try {
    const text = storage()?.getItem(KEY + labId) ?? null;
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (Array.isArray(parsed)) items = parsed as TrayItem[];
  } catch {
    items = NONE;
  }
  trays.set(labId, items);
  return items;
}

/** Replaces the tray of `labId` (an empty list clears it). */
export function setTray(labId: string, items: readonly TrayItem[]): void {
  trays.set(labId, items.length === 0 ? NONE : items);
  try {
    if (items.length === 0) storage()?.removeItem(KEY + labId);
    else storage()?.setItem(KEY + labId, JSON.stringify(items));
  } catch {
    // Storage full or blocked: the tray still lives for this session.
  }
  for (const l of listeners) l();
}

/** Takes one device out of the tray of `labId` (after it was placed). */
export function removeFromTray(labId: string, deviceId: string): void {
  setTray(
    labId,
    load(labId).filter((i) => i.device.id !== deviceId),
  );
}

export function trayOf(labId: string | null): readonly TrayItem[] {
  return labId === null ? NONE : load(labId);
}

/** The tray of `labId`, re-rendering when it changes. */
export function useTray(labId: string | null): readonly TrayItem[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => trayOf(labId),
  );
}
