// The access console's words for a read that hit poison: where (device, DPA, HPA, record), the path up to the device, and what QEMU does instead.
import { formatBytes, formatHex } from '../../lib/format';
import type { AccessTrace } from '../../worker/inspect-types.ts';
import type { AccessPieceView } from '../../worker/protocol.ts';

/** "cfmw0 → hb0 decoder 0 → rp1 → mem1 decoder 0": the hops the poisoned piece took. */
function pathText(trace: AccessTrace | undefined, hpa: number): string | null {
  const piece = trace?.pieces.find((p) => p.hpa === hpa);
  if (piece === undefined || piece.hops.length === 0) return null;
  const names: string[] = [];
  for (const h of piece.hops) {
    names.push(h.decoder === null ? h.component : `${h.component} decoder ${h.decoder}`);
    if (h.port !== null && h.kind !== 'type3') names.push(h.port);
  }
  return names.join(' → ');
}

/** One line per poisoned piece of a read (nothing when the read hit no poison). */
export function PoisonFailure({
  pieces,
  trace,
}: {
  pieces: readonly AccessPieceView[];
  trace: AccessTrace | undefined;
}) {
  const hits = pieces.filter((p) => p.poison !== undefined);
  if (hits.length === 0) return null;
  return (
    <div className="console-log__poison" data-testid="console-poison">
      {hits.slice(0, 3).map((p) => {
        const hit = p.poison;
        if (hit === undefined) return null;
        const path = pathText(trace, p.hpa);
        return (
          <div key={p.hpa}>
            <strong>✕ Poison</strong> at DPA <span className="ui-mono">{formatHex(hit.dpa)}</span> on{' '}
            <strong>{hit.device}</strong> (record <span className="ui-mono">{formatHex(hit.record.dpa)}</span>
            +{hit.record.length} B), {formatBytes(hit.length)} read at HPA{' '}
            <span className="ui-mono">{formatHex(hit.hpa)}</span>
            {path !== null && <span className="console-log__why"> via {path}</span>}. The read fails there and{' '}
            {hit.device} logs a General Media event (Failure log; Get Event Records). QEMU returns the stored
            bytes without an error (hw/mem/cxl_type3.c cxl_type3_read).
          </div>
        );
      })}
      {hits.length > 3 && <div>… and {hits.length - 3} more poisoned pieces</div>}
    </div>
  );
}
