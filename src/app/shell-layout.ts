// The shell's layout choices: which side panels are collapsed (remembered in localStorage, like the
// theme in theme.ts) and whether presentation mode is on (never remembered: a reload leaves it).
import { useCallback, useSyncExternalStore } from 'react';

export interface SideLayout {
  /** The Components palette on the left is collapsed to a rail. */
  palette: boolean;
  /** The Inspector on the right is collapsed to a rail. */
  inspector: boolean;
}

export type Side = keyof SideLayout;

export const LAYOUT_STORAGE_KEY = 'cxl-lab:layout';
/** Below this window width both side panels start collapsed, until the user chooses (a projector). */
export const NARROW_WINDOW = 1200;

/** The layout before any choice: expanded, or both collapsed in a window narrower than NARROW_WINDOW. */
export function defaultSideLayout(windowWidth: number): SideLayout {
  const narrow = windowWidth < NARROW_WINDOW;
  return { palette: narrow, inspector: narrow };
}

/** The remembered collapsed sides; the default for this window when nothing readable is stored. */
export function readSideLayout(windowWidth = globalThis.innerWidth ?? NARROW_WINDOW): SideLayout {
  const fallback = defaultSideLayout(windowWidth);
  try {
    const stored = localStorage.getItem(LAYOUT_STORAGE_KEY);
    if (stored === null) return fallback;
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return fallback;
    const record = parsed as Record<string, unknown>;
    if (typeof record.palette !== 'boolean' || typeof record.inspector !== 'boolean') return fallback;
    return { palette: record.palette, inspector: record.inspector };
  } catch {
    return fallback;
  }
}

/** Remembers both sides (a choice made in a wide window is kept in a narrow one, and the other way). */
export function saveSideLayout(layout: SideLayout): void {
  try {
    localStorage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
}

// One shared copy for the page, so the buttons, the shortcuts and the grid agree.
let sides: SideLayout | null = null;
const listeners = new Set<() => void>();

function currentSides(): SideLayout {
  sides ??= readSideLayout();
  return sides;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Collapses or expands one side panel and remembers the choice. */
export function setSideCollapsed(side: Side, collapsed: boolean): void {
  const now = currentSides();
  if (now[side] === collapsed) return;
  sides = { ...now, [side]: collapsed };
  saveSideLayout(sides);
  for (const l of listeners) l();
}

export function toggleSide(side: Side): void {
  setSideCollapsed(side, !currentSides()[side]);
}

/** The collapsed sides, re-rendering when either changes. */
export function useSideLayout(): SideLayout {
  return useSyncExternalStore(subscribe, currentSides, currentSides);
}

/** A setter for one side, stable across renders. */
export function useSideToggle(side: Side): () => void {
  return useCallback(() => toggleSide(side), [side]);
}
