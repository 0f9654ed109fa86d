import { PRESETS } from '../presets';
import { useLabStore } from '../state/hooks';
import { MenuButton, type MenuItem } from '../ui/MenuButton';
import { Popover } from '../ui/Popover';

const LATER = 'later issue';

const FILE_ITEMS: MenuItem[] = [
  { id: 'open', label: 'Open topology…', hint: LATER, disabled: true },
  { id: 'save', label: 'Save as JSON', hint: LATER, disabled: true },
  { id: 'import-qemu', label: 'Import QEMU command line…', hint: LATER, disabled: true },
];

const SHARE_ITEMS: MenuItem[] = [
  { id: 'link', label: 'Copy link to this topology', hint: LATER, disabled: true },
  { id: 'qemu', label: 'Copy as QEMU command line', hint: LATER, disabled: true },
];

function Logo() {
  return (
    <svg className="app-header__logo" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <rect x="9" y="2" width="6" height="5" rx="1.2" />
      <rect x="2.5" y="16" width="6" height="5" rx="1.2" />
      <rect x="15.5" y="16" width="6" height="5" rx="1.2" />
      <path d="M12 7v4.5M5.5 16v-4.5h13V16" fill="none" strokeWidth="1.6" />
    </svg>
  );
}

export function AppHeader() {
  const lab = useLabStore((s) => s.lab);
  const loadLab = useLabStore((s) => s.loadLab);

  const presetItems: MenuItem[] = PRESETS.map((preset) =>
    preset.parsed.ok
      ? {
          id: preset.id,
          label: preset.parsed.value.name,
          checked: preset.parsed.value.name === lab.name,
          onSelect: () => preset.parsed.ok && loadLab(preset.parsed.value),
        }
      : { id: preset.id, label: `${preset.id} (invalid)`, disabled: true },
  );

  return (
    <header className="app-header" data-testid="header">
      <div className="app-header__brand">
        <Logo />
        <h1 className="app-header__title">CXL Topology Lab</h1>
      </div>
      <nav className="app-header__menus" aria-label="Main menu">
        <MenuButton label="Presets" items={presetItems} testId="menu-presets" />
        <MenuButton label="File" items={FILE_ITEMS} testId="menu-file" />
        <MenuButton label="Share" items={SHARE_ITEMS} testId="menu-share" />
      </nav>
      <div className="app-header__doc" title="Topology on the canvas" data-testid="topology-name">
        {lab.name}
      </div>
      <Popover buttonLabel="Help" buttonContent="?" title="About the lab" testId="help-button">
        <p>
          Build Compute Express Link memory topologies and watch an emulator route memory accesses through
          windows, host bridges, switches and device HDM decoders.
        </p>
        <ul>
          <li>Click a component on the canvas to inspect it; click the background to clear.</li>
          <li>Scroll to zoom, drag the background to pan.</li>
          <li>The dock below the canvas holds the decoder, CEDT and address views.</li>
        </ul>
      </Popover>
    </header>
  );
}
