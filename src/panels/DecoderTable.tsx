import { useState } from 'react';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';
import { EmptyState } from '../ui/EmptyState';
import { type DecoderRow, decoderRows } from './decoder-rows';

/**
 * The "HDM decoders" dock panel: every programmed decoder, live from the worker's registers, with
 * Commit / Uncommit. Each button is one worker call (MMIO writes); the row changes when it answers.
 */
export function DecoderTable() {
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);
  const uncommit = useLabStore((s) => s.uncommitDecoder);
  const program = useLabStore((s) => s.programDecoder);
  const [error, setError] = useState<string | null>(null);
  if (spec === null) return <EmptyState title="Starting the emulator…" />;
  const rows = decoderRows({ spec, decoders });
  if (rows.length === 0) return <EmptyState title="No HDM decoders are programmed in this topology" />;

  const toggle = async (row: DecoderRow) => {
    setError(null);
    if (row.committed) {
      const r = await uncommit(row.componentId, row.index);
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
    else if (r.value === 'error')
      setError(
        `${row.name} did not commit: ${decoders[row.componentId]?.[row.index]?.errorReason ?? 'see its state'}`,
      );
  };

  return (
    <div className="decoder-table">
      <p className="dock__note">
        Live decoder state, decoded from each component's HDM registers in the emulator. Commit and Uncommit
        write the Control register; Ctrl+Z undoes.
      </p>
      {error !== null && (
        <p className="dock__error" role="alert" data-testid="decoder-error">
          {error}
        </p>
      )}
      <table className="ui-table" data-testid="decoder-table">
        <thead>
          <tr>
            <th scope="col">Decoder</th>
            <th scope="col">HPA range</th>
            <th scope="col">Size</th>
            <th scope="col">Interleave</th>
            <th scope="col">Targets / DPA skip</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="ui-visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.name}
              className={row.componentId === selectedId ? 'is-selected' : undefined}
              data-testid={`decoder-row-${row.name}`}
            >
              <td>
                <button type="button" className="ui-link" onClick={() => select(row.componentId)}>
                  {row.name}
                </button>
              </td>
              <td className="ui-mono">{row.range}</td>
              <td className="ui-mono">{row.size}</td>
              <td className="ui-mono">{row.interleave}</td>
              <td className="ui-mono">{row.targets ?? (row.skip === null ? '—' : `skip ${row.skip}`)}</td>
              <td data-testid={`decoder-state-${row.name}`}>{row.state}</td>
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
    </div>
  );
}
