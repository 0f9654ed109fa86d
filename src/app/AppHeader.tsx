// The top bar: Presets, File and Share menus, undo/redo, the open lab's name and save state, and Help
// (the menus' and Help's contents load after the first paint: `HeaderMenuSlots.tsx`).
import { type ReactNode, useCallback, useRef } from 'react';
import { readFileBytes } from '../lib/file-io';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectCanRedo, selectCanUndo } from '../state/selectors';
import type { SaveStatus } from '../state/types';
import { HiddenFileInput } from '../ui/HiddenFileInput';
import { HeaderMenuSlot, HelpSlot } from './HeaderMenuSlots';
import { HostSwitcher } from './HostSwitcher';
import { LabTitle } from './LabTitle';
import { ThemeSwitch } from './ThemeSwitch';

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
  const saveStatus = useLabStore((s) => s.saveStatus);
  const canUndo = useLabStore(selectCanUndo);
  const canRedo = useLabStore(selectCanRedo);
  const undo = useLabStore((s) => s.undo);
  const redo = useLabStore((s) => s.redo);
  const fileInput = useRef<HTMLInputElement>(null);
  const openFile = useCallback(() => fileInput.current?.click(), []);

  return (
    <header className="app-header" data-testid="header">
      <div className="app-header__brand">
        <Logo />
        <h1 className="app-header__title">CXL Topology Lab</h1>
      </div>
      <nav className="app-header__menus" aria-label="Main menu">
        <HeaderMenuSlot openFile={openFile} />
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
      <HostSwitcher />
      <div className="app-header__doc" title="The open lab (File ▸ Labs…)" data-testid="topology-name">
        <LabTitle />
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
      <HelpSlot />
    </header>
  );
}
