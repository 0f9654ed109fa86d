/**
 * The header's Presets, File and Share menus (with the interop dialogs they open) and its Help
 * popover. Loaded after the lab's first paint (`HeaderMenuSlots.tsx` stands in until then).
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { downloadText } from '../lib/file-io';
import { PRESET_CATALOG as PRESETS, type PresetEntry } from '../presets/catalog';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { LabStore } from '../state/store';
import { MenuButton, type MenuItem } from '../ui/MenuButton';
import { Popover } from '../ui/Popover';
import { type InteropDialog, InteropDialogs } from './InteropDialogs';

const NewLabDialog = lazy(() => import('./NewLabDialog').then((m) => ({ default: m.NewLabDialog })));

/** Which header menu a stand-in asked to open before this module arrived. */
export type HeaderMenuId = 'presets' | 'file' | 'share' | 'help';

/** Share menu: the interop dialogs that carry the lab out (issue 9). */
function shareItems(open: (dialog: InteropDialog) => void): MenuItem[] {
  return [
    { id: 'link', label: 'Copy link…', hint: 'whole lab in the URL', onSelect: () => open('share') },
    { id: 'qemu', label: 'Export to QEMU…', hint: 'command line, .sh', onSelect: () => open('qemu-export') },
  ];
}

/** The Presets menu's right-hand hint: which group a preset belongs to. */
const GROUP_HINT: Readonly<Record<PresetEntry['group'], string>> = {
  examples: 'new lab',
  debugging: 'debugging',
  scale: 'large',
  pooling: 'memory pooling',
};

function presetItems(store: LabStore, specName: string | null): MenuItem[] {
  return PRESETS.map((preset) => ({
    id: preset.id,
    label: preset.name,
    description: preset.description,
    hint: GROUP_HINT[preset.group],
    checked: preset.specName === specName,
    onSelect: () => void store.getState().openPreset(preset.id),
  }));
}

function fileItems(
  store: LabStore,
  openFile: () => void,
  open: (dialog: InteropDialog) => void,
  newLab: () => void,
): MenuItem[] {
  return [
    { id: 'new', label: 'New lab…', hint: 'blank or from a preset', onSelect: newLab },
    {
      id: 'labs',
      label: 'Labs…',
      hint: 'switch, rename, delete',
      onSelect: () => store.getState().setLabsDialogOpen(true),
    },
    { id: 'open', label: 'Open file…', hint: 'or drop it on the page', onSelect: openFile },
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
      onSelect: () => open('import-qemu'),
    },
    {
      id: 'import-cxl-list',
      label: 'Import cxl list JSON…',
      hint: 'from a real machine',
      onSelect: () => open('import-cxl-list'),
    },
  ];
}

/** Presets, File and Share; `openFile` clicks the header's hidden file input. */
export function HeaderMenus({ openFile, initial }: { openFile: () => void; initial: HeaderMenuId | null }) {
  const store = useLabStoreApi();
  const specName = useLabStore((s) => s.view?.fabric?.spec.name ?? s.view?.spec.name ?? null);
  const [interop, setInterop] = useState<InteropDialog | null>(null);
  const closeInterop = useCallback(() => setInterop(null), []);
  const [newLabOpen, setNewLabOpen] = useState(false);
  return (
    <>
      <MenuButton
        label="Presets"
        items={presetItems(store, specName)}
        testId="menu-presets"
        defaultOpen={initial === 'presets'}
      />
      <MenuButton
        label="File"
        items={fileItems(store, openFile, setInterop, () => setNewLabOpen(true))}
        testId="menu-file"
        defaultOpen={initial === 'file'}
      />
      <MenuButton
        label="Share"
        items={shareItems(setInterop)}
        testId="menu-share"
        defaultOpen={initial === 'share'}
      />
      <InteropDialogs open={interop} onClose={closeInterop} />
      {newLabOpen && (
        <Suspense fallback={null}>
          <NewLabDialog onClose={() => setNewLabOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

/** The header's Help (?) popover. */
export function HelpPopover({ initiallyOpen }: { initiallyOpen: boolean }) {
  return (
    <Popover
      buttonLabel="Help"
      buttonContent="?"
      title="About the lab"
      testId="help-button"
      defaultOpen={initiallyOpen}
    >
      <p>
        Build Compute Express Link memory topologies and watch an emulator route memory accesses through
        windows, host bridges, switches and device HDM decoders.
      </p>
      <ul>
        <li>Click a component on the canvas to inspect it; click the background to clear.</li>
        <li>Scroll to zoom, drag the background to pan.</li>
        <li>
          From the keyboard: Tab moves between components; on a component, E selects its links in turn (press
          ? on the canvas for every shortcut).
        </li>
        <li>
          The theme menu beside Help picks light, dark or your system's theme; this browser remembers it.
        </li>
        <li>The dock below the canvas holds the access console and the decoder views.</li>
        <li>
          [ and ] collapse the palette and the Inspector (remembered); Present (Shift+P) shows only the canvas
          and the decode bar, in larger type; Esc leaves it.
        </li>
        <li>Ctrl+Z undoes decoder and topology changes; Ctrl+Shift+Z or Ctrl+Y redoes.</li>
        <li>Labs are saved in this browser as you work (File ▸ Labs…).</li>
      </ul>
    </Popover>
  );
}
