// The Mailbox view's answer: return code by spec name, output as fields and hex, and the MMIO sequence it took.
import { type ReactNode, useState } from 'react';
import type { MailboxRunView, PayloadFieldView } from '../../worker/device-types.ts';
import { GET_POISON_LIST, usePoisonHpas } from './PoisonHpas';

function FieldTable({
  fields,
  label,
  testPrefix,
  onPick,
  picked,
  extra,
}: {
  fields: readonly PayloadFieldView[];
  label: string;
  testPrefix: string;
  onPick?: (f: PayloadFieldView) => void;
  picked?: PayloadFieldView | null;
  /** More for a field's Meaning cell (Get Poison List: the HPAs of a record). */
  extra?: ((f: PayloadFieldView) => ReactNode) | undefined;
}) {
  if (fields.length === 0) return null;
  return (
    <table className="mbox-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Offset</th>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr
            key={`${f.offset}-${f.name}`}
            data-testid={`${testPrefix}-${f.name}`}
            className={picked === f ? 'is-selected' : undefined}
          >
            <td className="ui-mono">
              +{f.offset.toString(16)} [{f.size}]
            </td>
            <td>
              {onPick === undefined ? (
                f.name
              ) : (
                <button
                  type="button"
                  className="mbox-link"
                  aria-pressed={picked === f}
                  onClick={() => onPick(f)}
                >
                  {f.name}
                </button>
              )}
            </td>
            <td className="ui-mono">{f.value}</td>
            <td>
              {f.meaning ?? ''}
              {extra?.(f)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OutputHex({ bytes, lit }: { bytes: Uint8Array; lit: PayloadFieldView | null }) {
  const rows: number[] = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push(o);
  const on = (at: number) => lit !== null && at >= lit.offset && at < lit.offset + lit.size;
  return (
    <section className="mbox-hex ui-mono" data-testid="mbox-out-hex" aria-label="Output payload hex">
      {rows.map((row) => (
        <div key={row}>
          <span className="dev-hex__offset">{row.toString(16).padStart(4, '0')}:</span>
          {[...bytes.subarray(row, row + 16)].map((b, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: a byte's offset is its identity
              key={row + i}
              className={on(row + i) ? 'dev-hex__byte is-lit' : 'dev-hex__byte'}
              data-testid={`mbox-out-byte-${row + i}`}
            >
              {b.toString(16).padStart(2, '0')}
            </span>
          ))}
        </div>
      ))}
    </section>
  );
}

export function MailboxResult({ run }: { run: MailboxRunView }) {
  const [lit, setLit] = useState<PayloadFieldView | null>(null);
  const ok = run.returnCode === 0;
  const hpas = usePoisonHpas(run.device, ok && run.opcode === GET_POISON_LIST);
  return (
    <div className="mbox-result" data-testid="mbox-result">
      <p className={ok ? 'mbox-rc is-ok' : 'mbox-rc is-error'} data-testid="mbox-rc">
        {run.command ?? `opcode ${run.opcodeText} (not implemented)`} ({run.opcodeText}) →{' '}
        <strong>{run.returnCodeName}</strong>
        {run.changed ? ' · device state changed (Ctrl+Z undoes)' : ''}
      </p>
      <FieldTable fields={run.inputFields} label="Input fields sent" testPrefix="mbox-in-sent" />
      <h4 className="mbox-sub">Output: {run.output.length} bytes</h4>
      <FieldTable
        fields={run.outputFields}
        label="Output fields"
        testPrefix="mbox-out-field"
        onPick={(f) => setLit(lit === f ? null : f)}
        picked={lit}
        extra={hpas}
      />
      {run.output.length > 0 && <OutputHex bytes={run.output} lit={lit} />}
      <h4 className="mbox-sub">MMIO sequence ({run.mmio.length} accesses)</h4>
      <ol className="mbox-mmio ui-mono" aria-label="MMIO sequence" data-testid="mbox-mmio">
        {run.mmio.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the sequence is fixed once answered
          <li key={`${i}-${a.line}`} className={a.op === 'write' ? 'is-write' : 'is-read'}>
            {a.line}
          </li>
        ))}
      </ol>
    </div>
  );
}
