// Every decoder in use across the lab, with Commit and Uncommit, for the HDM panel.
import { useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { selectDecoders, selectSpec } from '../../state/selectors';
import { lit } from '../decoder-highlight';
import { type DecoderRow, decoderRows } from '../decoder-rows';

function rowClass(
  row: DecoderRow,
  selectedId: string | null,
  highlight: Parameters<typeof lit>[0],
): string | undefined {
  const names = [
    row.componentId === selectedId ? 'is-selected' : '',
    lit(highlight, row.componentId, row.index) === null ? '' : 'is-highlighted',
  ].filter((n) => n !== '');
  return names.length === 0 ? undefined : names.join(' ');
}

/**
 * Every decoder in use across the lab, live from the worker's registers, with Commit / Uncommit
 * (one worker call each: MMIO writes). Clicking a decoder shows its component's registers.
 */
export function DecoderOverview() {
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);
  const highlight = useLabStore((s) => s.highlight);
  const uncommit = useLabStore((s) => s.uncommitDecoder);
  const undoable = useLabStore((s) => s.undoable);
  const program = useLabStore((s) => s.programDecoder);
  const [error, setError] = useState<string | null>(null);
  if (spec === null) return null;
  const rows = decoderRows({ spec, decoders });

  const toggle = async (row: DecoderRow) => {
    setError(null);
    if (row.committed) {
      const r = await undoable({ kind: 'uncommit', component: row.componentId, index: row.index }, () =>
        uncommit(row.componentId, row.index),
      );
      if (!r.ok) setError(r.error.message);
      return;
    }
    const d = decoders[row.componentId]?.[row.index];
    const owner = spec.components.find((c) => c.id === row.componentId);
    if (d === undefined || owner === undefined) return;
    const ways = d.ways ?? 1;
    const r = await program(
      row.componentId,
      row.index,
      {
        base: d.base,
        size: d.size,
        ways,
        granularity: d.granularity ?? 256,
        ...(owner.kind === 'type3' ? { skip: d.skip } : { targets: d.targets.slice(0, ways) }),
        lock: d.lockOnCommit,
        targetRangeType: d.targetRangeType,
      },
      true,
    );
    if (!r.ok) setError(r.error.message);
    else if (r.value === 'error') setError(`${row.name} did not commit; its registers say why`);
  };

  return (
    <section className="hdm-overview" aria-label="Decoders in use">
      <div className="hdm-overview__title">Decoders in use</div>
      {error !== null && (
        <p className="dock__error" role="alert" data-testid="decoder-error">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="dock__note">No decoder is programmed yet: pick a component and program decoder 0.</p>
      ) : (
        <table className="ui-table hdm-overview__table" data-testid="decoder-table">
          <thead>
            <tr>
              <th scope="col">Decoder · state</th>
              <th scope="col">
                <span className="ui-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.name}
                className={rowClass(row, selectedId, highlight)}
                data-testid={`decoder-row-${row.name}`}
              >
                <td>
                  <button
                    type="button"
                    className="ui-link ui-mono"
                    title={`${row.range} · ${row.size} · ${row.interleave}${row.targets === null ? '' : ` · ${row.targets}`}`}
                    onClick={() => select(row.componentId)}
                  >
                    {row.name}
                  </button>
                  <span className="hdm-overview__sub ui-mono">{row.interleave}</span>
                  <div className="hdm-overview__state" title={row.state}>
                    <span
                      className={`hdm-dot hdm-dot--${row.committed ? 'on' : row.state.startsWith('error') ? 'error' : 'off'}`}
                      aria-hidden="true"
                    />
                    <span data-testid={`decoder-state-${row.name}`}>{row.state}</span>
                  </div>
                </td>
                <td>
                  <button
                    type="button"
                    className="ui-button ui-button--small"
                    disabled={row.locked}
                    title={row.locked ? 'Locked until the component is reset' : undefined}
                    data-testid={`decoder-toggle-${row.name}`}
                    onClick={() => void toggle(row)}
                  >
                    {row.committed ? 'Uncommit' : 'Commit'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
