// The Mailbox view's Get Poison List answer: beside each media error record, the HPAs that reach it (`device.poison`).
import { useLabStore } from '../../state/hooks';
import type { PayloadFieldView, PoisonRecordView } from '../../worker/device-types.ts';
import { usePoisonRecords } from '../dpa-hex/usePoisonRecords';

/** Get Poison List's opcode (CXL 2.0 §8.2.9.5.4.1). */
export const GET_POISON_LIST = 0x4300;

/** The record a "Media Error Record N" output field shows ("DPA 0x1040 length 1 × 64 B"), by its DPA. */
function recordOf(f: PayloadFieldView, records: readonly PoisonRecordView[]): PoisonRecordView | undefined {
  if (!f.name.startsWith('Media Error Record ') || f.name === 'Media Error Record Count') return undefined;
  return records.find((r) => f.value.startsWith(`DPA ${r.dpaText} `));
}

/** For the output field table: the HPAs of the record a field shows, each sent to the console on click. */
export function usePoisonHpas(device: string, active: boolean) {
  const { view } = usePoisonRecords(active ? device : null);
  const sendToConsole = useLabStore((s) => s.sendToConsole);
  if (!active || view === null) return undefined;
  return (f: PayloadFieldView) => {
    const r = recordOf(f, view.records);
    if (r === undefined) return null;
    if (r.hpas.length === 0) return <span className="mbox-hpa-none"> · no committed decoder maps it</span>;
    return (
      <span className="mbox-hpas" data-testid="mbox-poison-hpas">
        {' '}
        ←{' '}
        {r.hpas.map((h) => (
          <button
            key={`${h.lineDpa}:${h.hpa}`}
            type="button"
            className="mbox-link ui-mono"
            onClick={() => sendToConsole(h.hpa)}
            aria-label={`Put HPA ${h.text} in the access console's read form`}
            title={`HPA ${h.text} reaches this record through the committed decoders`}
          >
            {h.text}
          </button>
        ))}
        {r.linesLeftOut > 0 && ` and ${r.linesLeftOut} more lines`}
      </span>
    );
  };
}
