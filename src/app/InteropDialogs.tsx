// Mounts whichever interop dialog (share, QEMU export, imports) is open, each loaded the first time it opens.
import './interop.css';
import { lazy, Suspense } from 'react';

const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));
const QemuExportDialog = lazy(() =>
  import('./QemuExportDialog').then((m) => ({ default: m.QemuExportDialog })),
);
const ShareDialog = lazy(() => import('./ShareDialog').then((m) => ({ default: m.ShareDialog })));

/** Which interop dialog is open (issue 9). */
export type InteropDialog = 'share' | 'qemu-export' | 'import-qemu' | 'import-cxl-list';

/** The open interop dialog, if any. */
export function InteropDialogs({ open, onClose }: { open: InteropDialog | null; onClose: () => void }) {
  return <Suspense fallback={null}>{dialog(open, onClose)}</Suspense>;
}

function dialog(open: InteropDialog | null, onClose: () => void) {
  switch (open) {
    case null:
      return null;
    case 'share':
      return <ShareDialog onClose={onClose} />;
    case 'qemu-export':
      return <QemuExportDialog onClose={onClose} />;
    case 'import-qemu':
      return <ImportDialog key="qemu" kind="qemu" onClose={onClose} />;
    case 'import-cxl-list':
      return <ImportDialog key="cxl-list" kind="cxl-list" onClose={onClose} />;
    default: {
      const unknown: never = open;
      return unknown;
    }
  }
}
