// Share ▸ Export to QEMU: the command line, guest `cxl create-region` commands, warnings or refusals.
import { useEffect, useState } from 'react';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { QemuExportView, QemuSyntaxView } from '../worker/interop-types';
import { InteropModal, NoteList } from './InteropModal';
import { problemsOf } from './interop-actions';
import { QemuCommandPanel } from './QemuCommandPanel';
import { QemuHostTabs } from './QemuHostTabs';

type Exported = { ok: true; value: QemuExportView } | { ok: false; problems: string[] } | null;

/**
 * Share ▸ Export to QEMU: the `qemu-system-x86_64` command line that builds the lab (current or
 * 7.2-era syntax), the `cxl create-region` commands that rebuild its regions in the guest, the
 * warnings where QEMU will differ, or the refusals (with reasons) when QEMU cannot express it.
 */
export function QemuExportDialog({ onClose }: { onClose: () => void }) {
  const store = useLabStoreApi();
  const document = useLabStore((s) => s.document);
  const labName = useLabStore((s) => s.labName);
  const [syntax, setSyntax] = useState<QemuSyntaxView>('current');
  const [uidBuses, setUidBuses] = useState(false);
  const [exported, setExported] = useState<Exported>(null);

  useEffect(() => {
    let live = true;
    void document; // re-export after every change while the dialog is open
    void store
      .client()
      .call('qemu.export', { syntax, busNumbers: uidBuses ? 'uid' : 'renumber' })
      .then((r) => {
        if (live)
          setExported(r.ok ? { ok: true, value: r.value } : { ok: false, problems: problemsOf(r.error) });
      });
    return () => {
      live = false;
    };
  }, [store, syntax, uidBuses, document]);

  const x = exported?.ok === true ? exported.value : null;

  return (
    <InteropModal
      title="Export to QEMU"
      subtitle="qemu-system-x86_64 arguments for this topology (one command line per host), and the guest's region commands"
      testId="qemu-export-dialog"
      wide
      onClose={onClose}
    >
      <div className="interop-controls">
        <fieldset className="interop-segmented" aria-label="QEMU syntax">
          <legend className="interop-field__label">Syntax</legend>
          {(
            [
              ['current', 'QEMU 8.0 and later'],
              ['7.2', 'QEMU 7.2 (memdev= only)'],
            ] as const
          ).map(([id, label]) => (
            <label key={id} className={syntax === id ? 'is-checked' : undefined}>
              <input
                type="radio"
                name="qemu-syntax"
                value={id}
                checked={syntax === id}
                onChange={() => setSyntax(id)}
                data-testid={`qemu-syntax-${id}`}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label className="interop-check">
          <input
            type="checkbox"
            checked={uidBuses}
            onChange={(e) => setUidBuses(e.target.checked)}
            data-testid="qemu-uid-buses"
          />
          Use host-bridge UIDs as bus_nr
          <span className="interop-muted">off: bus numbers are chosen to leave room (listed below)</span>
        </label>
      </div>

      {exported === null && <p className="interop-muted">Exporting…</p>}
      {exported?.ok === false && (
        <NoteList
          title="QEMU cannot build this lab"
          items={exported.problems}
          tone="error"
          testId="qemu-refusals"
        />
      )}
      {x !== null && x.hosts !== undefined && <QemuHostTabs x={x} labName={labName} />}
      {x !== null && x.hosts === undefined && <QemuCommandPanel x={x} labName={labName} />}
    </InteropModal>
  );
}
