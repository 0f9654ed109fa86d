import '../ui/theme.css';
import './shell.css';
import { LabCanvas } from '../canvas/LabCanvas';
import { Dock } from '../panels/Dock';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { DEFAULT_PRESET } from '../presets';
import { AppHeader } from './AppHeader';
import { LabStoreProvider } from './LabStoreProvider';

/** The lab's shell: header, palette | canvas + dock | inspector. Opens on the default preset. */
export function App() {
  const preset = DEFAULT_PRESET.parsed;
  if (!preset.ok) {
    // Only reachable if the shipped preset is broken; the unit tests parse it, so this is a safety net.
    return (
      <main className="app-error" role="alert">
        <h1>The default topology could not be read</h1>
        <ul>
          {preset.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      </main>
    );
  }
  return (
    <LabStoreProvider lab={preset.value}>
      <div className="app-shell">
        <AppHeader />
        <Palette />
        <main className="app-main">
          <LabCanvas />
          <Dock />
        </main>
        <Inspector />
      </div>
    </LabStoreProvider>
  );
}
