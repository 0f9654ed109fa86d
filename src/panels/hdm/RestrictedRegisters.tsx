/**
 * The register panel for a CXL 1.1 restricted host (its RCRB, both 4 KiB halves, at their
 * addresses) or restricted device (its DVSEC Mem_Enable and Range registers, and the decoders Linux
 * emulates from them). Read-only: the lab has no MMIO model for these.
 */
import { formatHex } from '../../lib/format';
import type { RestrictedRegistersView } from '../../worker/inspect-types.ts';
import { hex32, hexOffset } from './format';

export function RestrictedRegisters({ view }: { view: RestrictedRegistersView }) {
  return (
    <section
      className="hdm-rch"
      aria-label={view.kind === 'rch' ? 'RCRB registers' : 'DVSEC range registers'}
      data-testid="hdm-restricted"
    >
      <p className="hdm-regs__where">{view.title}</p>
      <table className="hdm-rch__table">
        <thead>
          <tr>
            <th scope="col">Block</th>
            {view.kind === 'rch' && <th scope="col">Address</th>}
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
              {view.kind === 'rch' && <td>{r.address === null ? '—' : formatHex(r.address)}</td>}
              <td>{r.block === 'Linux emulated decoder' ? '—' : hexOffset(r.offset)}</td>
              <td>{r.name}</td>
              <td>{r.value === null ? 'not modeled' : hex32(r.value)}</td>
              <td>{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
