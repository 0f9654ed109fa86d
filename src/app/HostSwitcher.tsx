// The header's host switcher for a multi-host lab (issue 18): which host the panels, the access console and the decode path act on; hidden for a single-host lab.
import { useId, useState } from 'react';
import { useLabStore, useLabStoreApi } from '../state/hooks';

export function HostSwitcher() {
  const hosts = useLabStore((s) => s.view?.fabric?.hosts);
  const focus = useLabStore((s) => s.view?.fabric?.focus ?? '');
  const focusHost = useLabStore((s) => s.focusHost);
  const store = useLabStoreApi();
  const [busy, setBusy] = useState(false);
  const hint = useId();
  if (hosts === undefined || hosts.length === 0) return null;
  return (
    <label
      className="host-switcher"
      title="Focused host: whose addresses the panels and the console show"
      data-testid="host-switcher"
    >
      <span className="host-switcher__label">Host</span>
      <select
        className="ui-input host-switcher__select"
        value={focus}
        disabled={busy}
        aria-describedby={hint}
        data-testid="host-switcher-select"
        onChange={(e) => {
          const host = e.target.value;
          setBusy(true);
          void focusHost(host).then((r) => {
            setBusy(false);
            if (!r.ok) store.getState().notify('error', `Could not focus ${host}`, [r.error.message]);
          });
        }}
      >
        {hosts.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name === h.id || h.name === '' ? h.id : `${h.id} · ${h.name}`}
          </option>
        ))}
      </select>
      <span id={hint} className="ui-visually-hidden">
        {`${hosts.length} hosts share this lab's fabric; the panels, the access console and the decode path show the focused host's addresses.`}
      </span>
    </label>
  );
}
