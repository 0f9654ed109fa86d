import { useLabStore } from '../state/hooks';
import { EmptyState } from '../ui/EmptyState';
import { decoderRows } from './decoder-rows';

/** The "HDM decoders" dock panel: every decoder in the topology file, one row each. */
export function DecoderTable() {
  const lab = useLabStore((s) => s.lab);
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);
  const rows = decoderRows(lab);
  if (rows.length === 0) return <EmptyState title="No HDM decoders in this topology" />;
  return (
    <div className="decoder-table">
      <p className="dock__note">
        Decoder settings as authored in the topology file. Live register state arrives with the emulator core.
      </p>
      <table className="ui-table" data-testid="decoder-table">
        <thead>
          <tr>
            <th scope="col">Decoder</th>
            <th scope="col">HPA range</th>
            <th scope="col">Size</th>
            <th scope="col">Interleave</th>
            <th scope="col">Targets / DPA skip</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} className={row.componentId === selectedId ? 'is-selected' : undefined}>
              <td>
                <button type="button" className="ui-link" onClick={() => select(row.componentId)}>
                  {row.name}
                </button>
              </td>
              <td className="ui-mono">{row.range}</td>
              <td className="ui-mono">{row.size}</td>
              <td className="ui-mono">{row.interleave}</td>
              <td className="ui-mono">{row.targets ?? (row.skip === null ? '—' : `skip ${row.skip}`)}</td>
              <td>{row.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
