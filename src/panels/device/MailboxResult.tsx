// The Mailbox view's answer: return code by spec name, output as fields and hex, and the MMIO sequence it took.
import { useState } from 'react';
import type { MailboxRunView, PayloadFieldView } from '../../worker/device-types.ts';
import { FieldTable, OutputHex } from './PayloadTables';
import { GET_POISON_LIST, usePoisonHpas } from './PoisonHpas';

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
