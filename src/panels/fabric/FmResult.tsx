// One FM API command's answer in the Fabric Manager panel: return code by spec name, the message, input and output fields with hex, and the MLD's tunnelled reply.
import { type ReactNode, useState } from 'react';
import type { PayloadFieldView } from '../../worker/device-types.ts';
import type { FmRunView, FmTunnelledView } from '../../worker/fabric-types.ts';
import { FieldTable, OutputHex } from '../device/PayloadTables';
import { fmAccepted } from './fm-session';

function RcLine({
  rc,
  name,
  children,
  inner,
}: {
  rc: number;
  name: string;
  children: ReactNode;
  /** A tunnelled reply: the MLD's return code is the one that says what happened. */
  inner?: FmTunnelledView;
}) {
  const ok = fmAccepted(rc) && (inner === undefined || fmAccepted(inner.returnCode));
  return (
    <p className={ok ? 'mbox-rc is-ok' : 'mbox-rc is-error'} data-testid="fm-rc">
      {children} → <strong>{name}</strong>
      {inner !== undefined && (
        <>
          {' '}
          · the MLD on port {inner.port} answered <strong>{inner.returnCodeName}</strong>
        </>
      )}
    </p>
  );
}

function Payload({
  fields,
  bytes,
  label,
  prefix,
}: {
  fields: readonly PayloadFieldView[];
  bytes: Uint8Array;
  label: string;
  prefix: string;
}) {
  const [lit, setLit] = useState<PayloadFieldView | null>(null);
  return (
    <>
      <h4 className="mbox-sub">
        {label}: {bytes.length} bytes
      </h4>
      <FieldTable
        fields={fields}
        label={`${label} fields`}
        testPrefix={`${prefix}-field`}
        onPick={(f) => setLit(lit === f ? null : f)}
        picked={lit}
      />
      {bytes.length > 0 && (
        <OutputHex bytes={bytes} lit={lit} testPrefix={prefix.replace(/-out$/, '')} label={`${label} hex`} />
      )}
    </>
  );
}

function Tunnelled({ t }: { t: FmTunnelledView }) {
  return (
    <section
      className="fm-tunnel"
      aria-label={`Reply of the MLD on port ${t.port}`}
      data-testid="fm-tunnelled"
    >
      <RcLine rc={t.returnCode} name={t.returnCodeName}>
        Tunnelled to the MLD on port {t.port} (Tunnel Management Command, CXL 2.0 §7.6.7.3.1); the MLD
        answered
      </RcLine>
      <p className="dev-note" data-testid="fm-tunnel-message">
        {t.message}
      </p>
      <Payload fields={t.outputFields} bytes={t.output} label="MLD reply payload" prefix="fm-tunnel-out" />
    </section>
  );
}

export function FmResult({ run }: { run: FmRunView }) {
  const opcode = `0x${run.opcode.toString(16).padStart(4, '0')}`;
  return (
    <div className="mbox-result fm-result" data-testid="fm-result">
      <RcLine rc={run.returnCode} name={run.returnCodeName} inner={run.tunnelled}>
        {run.command} ({opcode}) on {run.switch}
      </RcLine>
      <p className="dev-note" data-testid="fm-message">
        {run.message}
        {run.background ? ' · the switch runs it in the background: step it above' : ''}
      </p>
      <FieldTable fields={run.inputFields} label="Input fields sent" testPrefix="fm-in-sent" />
      <Payload fields={run.outputFields} bytes={run.output} label="Output" prefix="fm-out" />
      {run.tunnelled !== undefined && <Tunnelled t={run.tunnelled} />}
    </div>
  );
}
