// File ▸ Import: a QEMU command line or `cxl list` JSON becomes a new lab, with refusals and findings.
import { useRef, useState } from 'react';
import { useLabStoreApi } from '../state/hooks';
import { setTray } from '../state/unplaced-tray';
import { HiddenFileInput } from '../ui/HiddenFileInput';
import type { ResultOf } from '../worker/protocol';
import { InteropModal, NoteList } from './InteropModal';
import { importAsNewLab } from './interop-actions';

export type ImportKind = 'qemu' | 'cxl-list';

type Outcome =
  | { kind: 'qemu'; value: ResultOf<'qemu.import'> }
  | { kind: 'cxl-list'; value: ResultOf<'cxl-list.import'> }
  | { kind: 'refused'; problems: string[] }
  | null;

const QEMU_PLACEHOLDER = String.raw`qemu-system-x86_64 -M q35,cxl=on -m 4G,maxmem=8G,slots=8 \
  -object memory-backend-file,id=cxl-mem1,share=on,mem-path=/tmp/cxltest.raw,size=256M \
  -device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 \
  -device cxl-rp,port=0,bus=cxl.1,id=root_port13,chassis=0,slot=2 \
  -device cxl-type3,bus=root_port13,persistent-memdev=cxl-mem1,id=cxl-pmem0,sn=0x1 \
  -M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G`;

const CXL_LIST_PLACEHOLDER = `[
  { "bus": "root0", "provider": "ACPI.CXL", "decoders:root0": [ … ], "ports:root0": [ … ] }
]   (the output of: cxl list -BDMPTERvvv)`;

/**
 * How to capture a listing (the README's interop section says the same): the flags, and `lspci -tv`
 * for ndctl before v77, which prints no `parent_dport` (ndctl cxl/json.c `util_cxl_port_to_json`).
 */
function CaptureHint() {
  return (
    <div className="interop-hint" data-testid="import-hint">
      <p>
        On the machine run <code>cxl list -BDMPTERvvv &gt; listing.json</code> (ndctl v73 or later) and paste
        or open the file. ndctl v77 and later name each device's <code>parent_dport</code>; with an older
        ndctl (Debian 12 ships v76) devices are placed from single-port bridges and committed regions, and any
        left over wait in the Unplaced strip: run <code>lspci -tv</code> on the machine to see which port each
        sits below.
      </p>
    </div>
  );
}

/** After a `cxl list` import: the devices waiting in the tray, and every finding. */
function CxlListOutcome({ value }: { value: ResultOf<'cxl-list.import'> }) {
  const n = value.unplaced.length;
  return (
    <>
      {n > 0 && (
        <p className="interop-unplaced" data-testid="import-unplaced">
          {n} device{n === 1 ? '' : 's'} the listing does not attach anywhere {n === 1 ? 'waits' : 'wait'} in
          the Unplaced strip on the canvas: drag each onto its port.
        </p>
      )}
      <NoteList
        title="Findings: what the listing leaves out (shown as missing, not guessed)"
        items={value.findings.map((f) => f.message)}
        tone="warning"
        testId="import-findings"
      />
    </>
  );
}

/**
 * File ▸ Import: a pasted QEMU command line (one line or backslash-continued, an option to
 * assemble regions) or the JSON of `cxl list -BDMPTERvvv` (pasted or opened) becomes a new lab.
 * Refusals list every problem (naming the argument or field) and load nothing; after an import,
 * skipped arguments, warnings and findings (missing pieces) stay on show.
 */
export function ImportDialog({ kind, onClose }: { kind: ImportKind; onClose: () => void }) {
  const store = useLabStoreApi();
  const [text, setText] = useState('');
  const [assemble, setAssemble] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const qemu = kind === 'qemu';

  const submit = async () => {
    setBusy(true);
    setOutcome(null);
    if (qemu) {
      const r = await importAsNewLab(store, 'qemu.import', { text, assemble }, 'the QEMU command line');
      setOutcome(r.ok ? { kind: 'qemu', value: r.value } : { kind: 'refused', problems: r.problems });
    } else {
      const r = await importAsNewLab(store, 'cxl-list.import', { text }, 'the cxl list output');
      const labId = store.getState().labId;
      if (r.ok && labId !== null) setTray(labId, r.value.unplaced);
      setOutcome(r.ok ? { kind: 'cxl-list', value: r.value } : { kind: 'refused', problems: r.problems });
    }
    setBusy(false);
  };

  const imported = outcome !== null && outcome.kind !== 'refused' ? outcome.value : null;

  return (
    <InteropModal
      title={qemu ? 'Import a QEMU command line' : 'Import cxl list output'}
      subtitle={
        qemu
          ? 'paste it as one line or backslash-continued; opens as a new lab'
          : 'the JSON of cxl list -BDMPTERvvv from a real machine; opens as a new lab'
      }
      testId="import-dialog"
      wide
      onClose={onClose}
      footer={
        <>
          {qemu ? (
            <label className="interop-check">
              <input
                type="checkbox"
                checked={assemble}
                onChange={(e) => setAssemble(e.target.checked)}
                data-testid="import-assemble"
              />
              Assemble regions
              <span className="interop-muted">one per window, as cxl create-region would</span>
            </label>
          ) : (
            <>
              <button type="button" className="ui-button" onClick={() => fileInput.current?.click()}>
                Open JSON file…
              </button>
              <HiddenFileInput
                inputRef={fileInput}
                accept=".json,application/json,text/plain"
                testId="import-file-input"
                onFile={(file) => void file.text().then(setText)}
              />
            </>
          )}
          <span className="interop-spacer" />
          {imported !== null && (
            <button type="button" className="ui-button" onClick={onClose} data-testid="import-done">
              Done
            </button>
          )}
          <button
            type="button"
            className="ui-button ui-button--primary"
            disabled={busy || text.trim() === ''}
            onClick={() => void submit()}
            data-testid="import-submit"
          >
            {busy ? 'Importing…' : 'Import as new lab'}
          </button>
        </>
      }
    >
      {!qemu && <CaptureHint />}
      <textarea
        className="interop-code interop-code--input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={qemu ? QEMU_PLACEHOLDER : CXL_LIST_PLACEHOLDER}
        spellCheck={false}
        rows={12}
        aria-label={qemu ? 'QEMU command line' : 'cxl list JSON'}
        data-testid="import-text"
      />
      {outcome?.kind === 'refused' && (
        <NoteList title="Not imported" items={outcome.problems} tone="error" testId="import-errors" />
      )}
      {imported !== null && (
        <p className="interop-success" role="status" data-testid="import-result">
          Opened as a new lab: <strong>{imported.name}</strong> ({imported.devices} Type 3 device
          {imported.devices === 1 ? '' : 's'}
          {outcome?.kind === 'qemu' && outcome.value.regions.length > 0
            ? `; ${outcome.value.regions.length} region${outcome.value.regions.length === 1 ? '' : 's'} assembled`
            : ''}
          )
        </p>
      )}
      {outcome?.kind === 'qemu' && (
        <>
          <NoteList
            title="Skipped (not modelled by the lab)"
            items={outcome.value.skipped.map((s) => `line ${s.line}: ${s.text} — ${s.reason}`)}
            tone="info"
            testId="import-skipped"
          />
          <NoteList
            title="Warnings"
            items={outcome.value.warnings.map((w) => w.message)}
            tone="warning"
            testId="import-warnings"
          />
        </>
      )}
      {outcome?.kind === 'cxl-list' && <CxlListOutcome value={outcome.value} />}
    </InteropModal>
  );
}
