// Share ▸ Export to QEMU: the command line, guest `cxl create-region` commands, warnings or refusals.
import { useEffect, useState } from 'react';
import { downloadText } from '../lib/file-io';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import type { QemuExportView, QemuSyntaxView } from '../worker/interop-types';
import { CopyButton, InteropModal, NoteList } from './InteropModal';
import { problemsOf } from './interop-actions';

type Exported = { ok: true; value: QemuExportView } | { ok: false; problems: string[] } | null;

function scriptName(labName: string): string {
  const slug = labName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'lab'}.qemu.sh`;
}

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
  const guest = x === null || x.regions.length === 0 ? '' : x.regions.map((g) => g.command).join('\n');

  return (
    <InteropModal
      title="Export to QEMU"
      subtitle="qemu-system-x86_64 arguments for this topology, and the guest's region commands"
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
      {x !== null && (
        <>
          <div className="interop-field">
            <div className="interop-field__head">
              <span className="interop-field__label">Host command line</span>
              <span className="interop-muted">{x.argv.length} arguments</span>
              <span className="interop-field__actions">
                <CopyButton text={x.commandLine} testId="qemu-copy" primary />
                <button
                  type="button"
                  className="ui-button"
                  data-testid="qemu-download"
                  onClick={() => downloadText(scriptName(labName), x.script, 'text/x-shellscript')}
                >
                  Download .sh
                </button>
              </span>
            </div>
            {/* Focusable so keyboard users can scroll a long command line (WCAG 2.2 SC 2.1.1). */}
            <pre
              className="interop-code"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
              tabIndex={0}
              data-testid="qemu-command"
            >
              {x.commandLine}
            </pre>
          </div>
          <div className="interop-field">
            <div className="interop-field__head">
              <span className="interop-field__label">In the guest</span>
              <span className="interop-muted">
                {x.regions.length === 0
                  ? 'no regions to create'
                  : `cxl create-region for ${x.regions.length} region${x.regions.length === 1 ? '' : 's'}; memN names follow probe order, match by serial`}
              </span>
              <span className="interop-field__actions">
                <CopyButton text={x.guestScript} testId="qemu-guest-copy" />
              </span>
            </div>
            {guest !== '' && (
              <pre className="interop-code" data-testid="qemu-guest">
                {guest}
              </pre>
            )}
          </div>
          <NoteList
            title="Where QEMU differs"
            items={x.warnings.map((w) => w.message)}
            tone="warning"
            testId="qemu-warnings"
          />
        </>
      )}
    </InteropModal>
  );
}
