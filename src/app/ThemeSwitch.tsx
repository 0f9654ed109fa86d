// The header's light / dark / system theme switch: a labelled select that remembers the choice.
import { useEffect, useState } from 'react';
import { applyTheme, isThemeChoice, readThemeChoice, saveThemeChoice, type ThemeChoice } from './theme';

const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);

  useEffect(() => {
    applyTheme(choice);
  }, [choice]);

  return (
    <label className="app-header__theme" title="Colour theme (remembered in this browser)">
      <span className="ui-visually-hidden">Theme</span>
      <select
        className="ui-input"
        value={choice}
        data-testid="theme-switch"
        onChange={(event) => {
          const next = event.target.value;
          if (!isThemeChoice(next)) return;
          saveThemeChoice(next);
          setChoice(next);
        }}
      >
        {CHOICES.map((value) => (
          <option key={value} value={value}>
            {LABELS[value]} theme
          </option>
        ))}
      </select>
    </label>
  );
}
