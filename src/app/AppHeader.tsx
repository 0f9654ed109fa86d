// The top bar: Presets, File and Share menus, undo/redo, the open lab's name and save state, and Help.
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { downloadText, readFileBytes } from '../lib/file-io';
import { PRESET_CATALOG as PRESETS } from '../presets/catalog';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectCanRedo, selectCanUndo } from '../state/selectors';
import type { SaveStatus } from '../state/types';
import { HiddenFileInput } from '../ui/HiddenFileInput';
import { MenuButton, type MenuItem } from '../ui/MenuButton';
import { Popover } from '../ui/Popover';
import { type InteropDialog, InteropDialogs } from './InteropDialogs';
import { ThemeSwitch } from './ThemeSwitch';

/** Share menu: the interop dialogs that carry the lab out (issue 9). */
function shareItems(open: (dialog: InteropDialog) => void): MenuItem[] {
  return [
    { id: 'link', label: 'Copy link…', hint: 'whole lab in the URL', onSelect: () => open('share') },
    { id: 'qemu', label: 'Export to QEMU…', hint: 'command line, .sh', onSelect: () => open('qemu-export') },
  ];
}

const SAVE_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Not saved: changed in another tab',
};

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

function UndoIcon({ flip }: { flip?: boolean }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      style={flip ? { transform: 'scaleX(-1)' } : undefined}
    >
      <path
        d="M5.5 3.5 2.5 6.5l3 3M2.8 6.5H10a3.5 3.5 0 0 1 0 7H7"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}

/** `actions`: the shell's own header buttons (presentation mode), before the theme switch. */
export function AppHeader({ actions }: { actions?: ReactNode } = {}) {
  const store = useLabStoreApi();
  const specName = useLabStore((s) => s.view?.spec.name ?? null);
  const labName = useLabStore((s) => s.labName);
  const saveStatus = useLabStore((s) => s.saveStatus);
  const canUndo = useLabStore(selectCanUndo);
  const canRedo = useLabStore(selectCanRedo);
  const undo = useLabStore((s) => s.undo);
  const redo = useLabStore((s) => s.redo);
  const fileInput = useRef<HTMLInputElement>(null);
  const [interop, setInterop] = useState<InteropDialog | null>(null);
  const closeInterop = useCallback(() => setInterop(null), []);

  const presetItems: MenuItem[] = PRESETS.map((preset) => ({
    id: preset.id,
    label: preset.name,
    description: preset.description,
    hint: preset.group === 'debugging' ? 'debugging' : preset.group === 'scale' ? 'large' : 'new lab',
    checked: preset.specName === specName,
    onSelect: () => void store.getState().openPreset(preset.id),
  }));

  const fileItems: MenuItem[] = [
    { id: 'new', label: 'New lab', hint: 'default topology', onSelect: () => void store.getState().newLab() },
    {
      id: 'labs',
      label: 'Labs…',
      hint: 'switch, rename, delete',
      onSelect: () => store.getState().setLabsDialogOpen(true),
    },
    {
      id: 'open',
      label: 'Open file…',
      hint: 'or drop it on the page',
      onSelect: () => fileInput.current?.click(),
    },
    {
      id: 'save',
      label: 'Save file',
      hint: 'cxl-lab/1',
      onSelect: () =>
        void store
          .getState()
          .saveFile()
          .then((r) => r.ok && downloadText(r.value.fileName, r.value.text)),
    },
    {
      id: 'import-qemu',
      label: 'Import QEMU command line…',
      hint: 'new lab',
      onSelect: () => setInterop('import-qemu'),
    },
    {
      id: 'import-cxl-list',
      label: 'Import cxl list JSON…',
      hint: 'from a real machine',
      onSelect: () => setInterop('import-cxl-list'),
    },
  ];

  return (
    <header className="app-header" data-testid="header">
      <div className="app-header__brand">
        <Logo />
        <h1 className="app-header__title">CXL Topology Lab</h1>
      </div>
      <nav className="app-header__menus" aria-label="Main menu">
        <MenuButton label="Presets" items={presetItems} testId="menu-presets" />
        <MenuButton label="File" items={fileItems} testId="menu-file" />
        <MenuButton label="Share" items={shareItems(setInterop)} testId="menu-share" />
        <button
          type="button"
          className="ui-menubar-button"
          onClick={() => store.getState().setLessonsDialogOpen(true)}
          data-testid="menu-lessons"
        >
          Lessons
        </button>
      </nav>
      <div className="app-header__history">
        <button
          type="button"
          className="ui-menubar-button ui-menubar-button--icon"
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo}
          onClick={() => void undo()}
          data-testid="undo"
        >
          <UndoIcon />
        </button>
        <button
          type="button"
          className="ui-menubar-button ui-menubar-button--icon"
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
          disabled={!canRedo}
          onClick={() => void redo()}
          data-testid="redo"
        >
          <UndoIcon flip />
        </button>
      </div>
      <div className="app-header__doc" title="The open lab (File ▸ Labs…)" data-testid="topology-name">
        <span className="app-header__lab" data-testid="lab-name">
          {labName}
        </span>
        <span className={`app-header__save app-header__save--${saveStatus}`} data-testid="save-status">
          {SAVE_TEXT[saveStatus]}
        </span>
      </div>
      <HiddenFileInput
        inputRef={fileInput}
        accept=".json,application/json"
        testId="open-file-input"
        onFile={(file) => {
          void readFileBytes(file).then((bytes) => store.getState().openFile(file.name, bytes));
        }}
      />
      {actions}
      <ThemeSwitch />
      <Popover buttonLabel="Help" buttonContent="?" title="About the lab" testId="help-button">
        <p>
          Build Compute Express Link memory topologies and watch an emulator route memory accesses through
          windows, host bridges, switches and device HDM decoders.
        </p>
        <ul>
          <li>Click a component on the canvas to inspect it; click the background to clear.</li>
          <li>Scroll to zoom, drag the background to pan.</li>
          <li>
            From the keyboard: Tab moves between components; on a component, E selects its links in turn
            (press ? on the canvas for every shortcut).
          </li>
          <li>
            The theme menu beside Help picks light, dark or your system's theme; this browser remembers it.
          </li>
          <li>The dock below the canvas holds the access console and the decoder views.</li>
          <li>
            [ and ] collapse the palette and the Inspector (remembered); Present (Shift+P) shows only the
            canvas and the decode bar, in larger type; Esc leaves it.
          </li>
          <li>Ctrl+Z undoes decoder and topology changes; Ctrl+Shift+Z or Ctrl+Y redoes.</li>
          <li>Labs are saved in this browser as you work (File ▸ Labs…).</li>
        </ul>
      </Popover>
      <InteropDialogs open={interop} onClose={closeInterop} />
    </header>
  );
}
