// The Fabric Manager panel's binding table: one row per vPPB (switch, VCS, vPPB, status by spec name, port, LD-ID, host), ↑/↓ between rows, Bind… and Unbind… per row.
import { type KeyboardEvent, useRef, useState } from 'react';
import { useRovingFocus } from '../../ui/use-roving-focus';
import { type FabricRow, rowName } from './fabric-rows';

export type RowAction = 'bind' | 'unbind';

function Status({ row }: { row: FabricRow }) {
  return (
    <>
      {row.statusName}
      {row.pending !== null && (
        <span className="fm-row__pending" data-testid="fm-row-pending">
          {' '}
          · {row.pending.op} {row.pending.percent} %
        </span>
      )}
    </>
  );
}

export function BindingTable({
  rows,
  active,
  focusHost,
  onAction,
}: {
  rows: readonly FabricRow[];
  /** The row whose form is open, if any. */
  active: { key: string; action: RowAction } | null;
  focusHost: string;
  onAction: (row: FabricRow, action: RowAction) => void;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  // Roving tab stop: the row last focused is the one Tab comes back to.
  const [stop, setStop] = useState<string | null>(null);
  const stopKey = rows.some((r) => r.key === stop) ? stop : (rows[0]?.key ?? null);
  const rove = useRovingFocus(body, 'tr[data-fm-row]');
  // ↑/↓/Home/End move between rows; Enter on a row opens its Bind… (unbound) or Unbind… (bound) form.
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!(e.target instanceof HTMLElement) || e.target.tagName !== 'TR') return;
    if (rove(e)) return;
    const row = rows.find((r) => r.key === (e.target as HTMLElement).dataset.fmRow);
    if (e.key === 'Enter' && row !== undefined) {
      e.preventDefault();
      onAction(row, row.port === null ? 'bind' : 'unbind');
    }
  };
  return (
    <table className="mbox-table fm-table" aria-label="vPPB bindings" data-testid="fm-bindings">
      <thead>
        <tr>
          <th scope="col">Switch</th>
          <th scope="col">VCS</th>
          <th scope="col">vPPB</th>
          <th scope="col">Status</th>
          <th scope="col">Port</th>
          <th scope="col">LD-ID</th>
          <th scope="col">Device</th>
          <th scope="col">Host</th>
          <th scope="col">
            <span className="ui-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody ref={body} onKeyDown={onKeyDown}>
        {rows.map((r) => {
          const open = active?.key === r.key ? active.action : null;
          const unbound = r.port === null;
          return (
            <tr
              key={r.key}
              data-fm-row={r.key}
              tabIndex={r.key === stopKey ? 0 : -1}
              onFocus={(e) => {
                if (e.target === e.currentTarget) setStop(r.key);
              }}
              aria-label={`${rowName(r)}: ${r.statusName}${r.component === null ? '' : `, ${r.component}`}${r.host === null ? '' : ` in ${r.host}`}`}
              className={[r.pending !== null ? 'is-pending' : '', open !== null ? 'is-selected' : ''].join(
                ' ',
              )}
              data-testid={`fm-row-${r.key}`}
            >
              <td>{r.switch}</td>
              <td className="ui-mono">{r.vcs}</td>
              <td className="ui-mono">{r.vppb}</td>
              <td className="fm-row__status" data-testid="fm-row-status">
                <Status row={r} />
              </td>
              <td className="ui-mono">{r.port ?? '—'}</td>
              <td className="ui-mono">{r.ld ?? '—'}</td>
              <td>{r.component ?? r.device ?? '—'}</td>
              <td className={r.host === focusHost ? 'fm-host is-focused' : 'fm-host'}>
                {r.host ?? 'none (VCS disabled)'}
              </td>
              <td className="fm-row__actions">
                {(['bind', 'unbind'] as const).map((a) => (
                  <button
                    key={a}
                    type="button"
                    className={`ui-button ui-button--small${(a === 'bind') === unbound ? '' : ' fm-row__secondary'}`}
                    aria-expanded={open === a}
                    aria-label={`${a === 'bind' ? 'Bind' : 'Unbind'} ${rowName(r)}…`}
                    onClick={() => onAction(r, a)}
                    data-testid={`fm-row-${a}`}
                  >
                    {a === 'bind' ? 'Bind…' : 'Unbind…'}
                  </button>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
