// The colour theme: light, dark or the system's choice, remembered in localStorage and applied as
// `data-theme` on <html> (theme.css resolves every colour token from it).

export type ThemeChoice = 'light' | 'dark' | 'system';

export const THEME_STORAGE_KEY = 'cxl-lab:theme';
const CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (CHOICES as readonly string[]).includes(value);
}

/** The remembered choice; 'system' when none is stored or storage is unavailable. */
export function readThemeChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
}

/**
 * Forces the chosen theme with `data-theme` on <html> (theme.css sets `color-scheme` from it, and every
 * colour token is a `light-dark()` pair); 'system' removes it, so the OS's prefers-color-scheme decides.
 */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
