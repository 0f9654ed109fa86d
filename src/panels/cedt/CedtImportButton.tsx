/**
 * "Import as new lab" for a CEDT opened in the CEDT panel: the worker imports every usable subtable
 * (host bridges, windows) and the lab opens as a new one; each subtable left out is listed with its
 * byte offset and reason in a notice, as Linux loads the rest of a CEDT with a bad window.
 */
import { useState } from 'react';
import { useLabStoreApi } from '../../state/hooks';

export function CedtImportButton({ bytes, name }: { bytes: Uint8Array; name: string }) {
  const store = useLabStoreApi();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const state = store.getState();
    const r = await store.client().call('cedt.import', { bytes });
    if (!r.ok) {
      const causes = r.error.causes ?? [];
      state.notify(
        'error',
        `${name} was not imported; nothing was loaded`,
        causes.length > 0 ? causes.map((c) => c.message) : [r.error.message],
      );
      setBusy(false);
      return;
    }
    const opened = await state.openFile(`the CEDT ${name}`, new TextEncoder().encode(r.value.text));
    // The parts left out (the worker also passes the table's warnings, e.g. a bad checksum).
    const skipped = r.value.findings.filter(
      (f) => f.code === 'import.subtable-skipped' || f.message.endsWith('(not imported)'),
    );
    if (opened.ok && skipped.length > 0) {
      store.getState().notify(
        'info',
        `${skipped.length} part${skipped.length === 1 ? '' : 's'} of ${name} not imported`,
        skipped.map((f) => f.message),
      );
    }
    setBusy(false);
  };
  return (
    <button
      type="button"
      className="ui-button ui-button--small"
      disabled={busy}
      onClick={() => void run()}
      title="Open this table's host bridges and windows as a new lab"
      data-testid="cedt-import"
    >
      Import as new lab
    </button>
  );
}
