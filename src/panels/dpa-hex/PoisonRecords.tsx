// The DPA hex panel's "Poison records" list: each media error record with the HPAs that reach it, as `cxl-lab list --media-errors` gives them.
import { useState } from 'react';
import { formatBytes, formatHex } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import type { PoisonRecordView } from '../../worker/device-types.ts';
import { usePoisonRecords } from './usePoisonRecords';

/** HPAs shown per record before "show all". */
const HPAS_SHOWN = 4;

function Record({ record, onGoTo }: { record: PoisonRecordView; onGoTo: (dpa: number) => void }) {
  const sendToConsole = useLabStore((s) => s.sendToConsole);
  const [all, setAll] = useState(false);
  const shown = all ? record.hpas : record.hpas.slice(0, HPAS_SHOWN);
  const hidden = record.hpas.length - shown.length;
  return (
    <li className="hex-poison__record" data-testid="hex-poison-record" data-dpa={record.dpaText}>
      <button
        type="button"
        className="ui-link ui-mono hex-poison__dpa"
        onClick={() => onGoTo(record.dpa)}
        aria-label={`Go to poisoned DPA ${record.dpaText}, ${formatBytes(record.length)}, ${record.source}`}
        title="Move the hex cursor to this record"
      >
        {record.dpaText}
      </button>{' '}
      <span className="hex-poison__meta">
        + {formatBytes(record.length)} · {record.source}
      </span>
      {record.hpas.length === 0 ? (
        <span className="hex-poison__none"> · no committed decoder maps it</span>
      ) : (
        <span className="hex-poison__hpas">
          {' '}
          ←{' '}
          {shown.map((h) => (
            <button
              key={`${h.lineDpa}:${h.hpa}`}
              type="button"
              className="ui-link ui-mono hex-poison__hpa"
              onClick={() => sendToConsole(h.hpa)}
              aria-label={`Put HPA ${h.text} in the access console's read form`}
              title={`HPA ${h.text} reaches DPA ${formatHex(h.lineDpa)}: put it in the access console's read form`}
              data-testid="hex-poison-hpa"
            >
              {h.text}
            </button>
          ))}
          {hidden > 0 && (
            <button type="button" className="ui-link hex-poison__more" onClick={() => setAll(true)}>
              show {hidden} more HPA{hidden === 1 ? '' : 's'}
            </button>
          )}
        </span>
      )}
      {record.hpas.length > 0 && record.unmappedLines > 0 && (
        <div className="hex-poison__none">
          {record.unmappedLines} of {record.lines} lines: no committed decoder maps them
        </div>
      )}
      {record.linesLeftOut > 0 && (
        <div className="hex-poison__meta">
          and {record.linesLeftOut} more line{record.linesLeftOut === 1 ? '' : 's'}
        </div>
      )}
    </li>
  );
}

/**
 * The picked device's media error records (Get Poison List, CXL 2.0 §8.2.9.5.4.1), each with the HPAs
 * that reach its 64-byte lines through the committed decoders; a record moves the hex cursor, an HPA
 * goes to the access console's read form.
 */
export function PoisonRecords({ device, onGoTo }: { device: string; onGoTo: (dpa: number) => void }) {
  const { view, error } = usePoisonRecords(device);
  if (error !== undefined) return <p className="dock__error">{error}</p>;
  if (view === null || view.records.length === 0) return null;
  return (
    <section className="hex-poison" aria-labelledby="hex-poison-title" data-testid="hex-poison-list">
      <h3 id="hex-poison-title" className="hex-poison__title">
        <span className="hex__swatch hex__swatch--poison" aria-hidden="true" />
        Poison records · {view.records.length}
        <span className="hex-poison__hint"> ← HPAs that reach them</span>
      </h3>
      <ul className="hex-poison__list">
        {view.records.map((r) => (
          <Record key={r.dpa} record={r} onGoTo={onGoTo} />
        ))}
      </ul>
    </section>
  );
}
