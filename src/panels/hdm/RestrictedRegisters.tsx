/**
 * The register panel for a CXL 1.1 restricted host (its RCRB, both 4 KiB halves, at their
 * addresses, with values and decoded fields) or restricted device (its DVSEC Mem_Enable and Range
 * registers, and the decoders Linux emulates from them). Read-only: the lab has no MMIO model for these.
 */
import { formatHex } from '../../lib/format';
import type { RestrictedRegistersView } from '../../worker/inspect-types.ts';
import { bitRange, fieldText, hex32, hexOffset } from './format';

type Row = RestrictedRegistersView['rows'][number];

function valueText(r: Row): string {
  if (r.value === null) return 'not modeled';
  if (r.size === 2) return `0x${r.value.toString(16).padStart(4, '0')}`;
  return hex32(r.value);
}

/** Decoded fields by spec name: "Memory Space Enable [1] = 1 · RW". */
function Fields({ row }: { row: Row }) {
  const fields = row.fields ?? [];
  if (fields.length === 0) return <>{row.note}</>;
  return (
    <>
      <ul className="hdm-rch__fields">
        {fields.map((x) => (
          <li key={x.name}>
            {x.name} <span className="hdm-rch__bits">{bitRange(x.bit, x.width)}</span> ={' '}
            <code>{fieldText(x.value, x.width)}</code> · {x.access}
          </li>
        ))}
      </ul>
      {row.note !== '' && <span className="hdm-rch__note">{row.note}</span>}
    </>
  );
}

function ComponentBlocks({ view }: { view: RestrictedRegistersView }) {
  if (view.componentBlocks === undefined) return null;
  return (
    <dl className="hdm-rch__blocks" data-testid="rcrb-component-blocks">
      {view.componentBlocks.map((b) => (
        <div key={b.label}>
          <dt>{b.label}</dt>
          <dd>
            <code>{b.address === null ? '—' : formatHex(b.address)}</code> {b.note}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One RCRB register: offset, address, name and value on one line, its decoded fields below. */
function RcrbRegister({ row }: { row: Row }) {
  return (
    <li className="hdm-rch__reg" data-testid={`rcrb-reg-${row.offset.toString(16)}`}>
      <div className="hdm-rch__reg-head">
        <code>{hexOffset(row.offset)}</code>
        <code className="hdm-rch__addr">{row.address === null ? '—' : formatHex(row.address)}</code>
        <span className="hdm-rch__name">{row.name}</span>
        <code>{valueText(row)}</code>
      </div>
      <Fields row={row} />
    </li>
  );
}

/** The RCH view: the component blocks, then each 4 KiB half as a list of registers (fits narrow docks). */
function RcrbHalves({ view }: { view: RestrictedRegistersView }) {
  const blocks = [...new Set(view.rows.map((r) => r.block))];
  return (
    <>
      <ComponentBlocks view={view} />
      {blocks.map((b) => (
        <section key={b} aria-label={b}>
          <h4 className="hdm-rch__half">{b}</h4>
          <ul className="hdm-rch__regs">
            {view.rows
              .filter((r) => r.block === b)
              .map((r) => (
                <RcrbRegister key={r.offset} row={r} />
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function RestrictedRegisters({ view }: { view: RestrictedRegistersView }) {
  if (view.kind === 'rch')
    return (
      <section className="hdm-rch" aria-label="RCRB registers" data-testid="hdm-restricted">
        <p className="hdm-regs__where">{view.title}</p>
        <RcrbHalves view={view} />
      </section>
    );
  return (
    <section className="hdm-rch" aria-label="DVSEC range registers" data-testid="hdm-restricted">
      <p className="hdm-regs__where">{view.title}</p>
      <table className="hdm-rch__table">
        <thead>
          <tr>
            <th scope="col">Block</th>
            <th scope="col">Offset</th>
            <th scope="col">Register</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={`${r.block}:${r.offset}:${r.name}`}>
              <td>{r.block}</td>
              <td>{r.block === 'Linux emulated decoder' ? '—' : hexOffset(r.offset)}</td>
              <td>{r.name}</td>
              <td>{valueText(r)}</td>
              <td>{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
