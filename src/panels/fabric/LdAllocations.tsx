// The Fabric Manager panel's "LD allocations" view: per MLD, each LD's Range 1 and Range 2 (Get LD Allocations, CXL 2.0 §7.6.7.4.2) and a Set LD Allocations form in multiples of the granularity (§7.6.7.4.3), refused by the MLD while an LD it would change is bound.
import { useState } from 'react';
import type { MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { BindingRow } from '../../cxl/fm/table.ts';
import { formatBytes } from '../../cxl/units.ts';
import { FmResult } from './FmResult';
import { useFmSession } from './fm-session';
import {
  type MldAllocations,
  mldAllocations,
  parseMultiplier,
  setAllocationsRequest,
} from './ld-allocations';
import type { FmRunner } from './use-fm-run';

/** The edited multipliers of one MLD (key "LD:range") and Set LD Allocations from them. */
function useAllocationDraft(mld: MldAllocations, runner: FmRunner) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const send = () => {
    const list: { range1: number; range2: number }[] = [];
    for (const l of mld.lds) {
      const r1 = parseMultiplier(draft[`${l.ld}:1`] ?? String(l.range1));
      const r2 = parseMultiplier(draft[`${l.ld}:2`] ?? String(l.range2));
      if (!r1.ok || !r2.ok) {
        setProblem(`LD ${l.ld}: ${r1.ok ? '' : r1.error}${r2.ok ? '' : r2.error}`);
        return;
      }
      list.push({ range1: r1.value, range2: r2.value });
    }
    setProblem(null);
    const json = setAllocationsRequest(mld.lds[0]?.ld ?? 0, list);
    void runner
      .run({ switch: mld.switch, command: 'set-ld-allocations', input: { json }, port: mld.port })
      .then((ok) => ok && setDraft({}));
  };
  const edit = (key: string, value: string) => setDraft({ ...draft, [key]: value });
  return { draft, edit, problem, send };
}

/** Each LD's Range 1 and Range 2 multipliers (editable), size and binding. */
function AllocationTable({
  mld,
  draft,
  edit,
}: {
  mld: MldAllocations;
  draft: Record<string, string>;
  edit: (key: string, value: string) => void;
}) {
  const g = formatBytes(mld.granularity);
  const cell = (ld: number, range: 1 | 2, current: number) => {
    const key = `${ld}:${range}`;
    return (
      <input
        className="ui-input ui-mono fm-mult"
        size={4}
        value={draft[key] ?? String(current)}
        aria-label={`${mld.device} LD ${ld} Range ${range} multiplier (× ${g})`}
        data-testid={`fm-alloc-${mld.device}-${ld}-${range}`}
        onChange={(e) => edit(key, e.target.value)}
      />
    );
  };
  return (
    <table className="mbox-table">
      <thead>
        <tr>
          <th scope="col">LD-ID</th>
          <th scope="col">Range 1 (× {g})</th>
          <th scope="col">Range 2 (× {g})</th>
          <th scope="col">Size</th>
          <th scope="col">Bound to</th>
        </tr>
      </thead>
      <tbody>
        {mld.lds.map((l) => (
          <tr key={l.ld} data-testid={`fm-alloc-row-${mld.device}-${l.ld}`}>
            <td className="ui-mono">{l.ld}</td>
            <td>{cell(l.ld, 1, l.range1)}</td>
            <td>{cell(l.ld, 2, l.range2)}</td>
            <td>{formatBytes(l.bytes)}</td>
            <td>{l.boundTo ?? 'free'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MldForm({ mld, runner }: { mld: MldAllocations; runner: FmRunner }) {
  const { draft, edit, problem, send } = useAllocationDraft(mld, runner);
  return (
    <section
      className="fm-mld"
      aria-label={`${mld.device} LD allocations`}
      data-testid={`fm-mld-${mld.device}`}
    >
      <h4 className="mbox-sub">
        {mld.device} on {mld.switch} port {mld.port} · {formatBytes(mld.capacity)} · granularity{' '}
        {formatBytes(mld.granularity)}
      </h4>
      <AllocationTable mld={mld} draft={draft} edit={edit} />
      <div className="fm-rowform__buttons">
        <button
          type="button"
          className="ui-button ui-button--small ui-button--primary"
          disabled={runner.busy}
          onClick={send}
          data-testid={`fm-alloc-set-${mld.device}`}
        >
          Set LD Allocations
        </button>
        <button
          type="button"
          className="ui-button ui-button--small"
          disabled={runner.busy}
          onClick={() =>
            void runner.run({
              switch: mld.switch,
              command: 'get-ld-allocations',
              input: { json: { start: 0, limit: 16 } },
              port: mld.port,
            })
          }
          data-testid={`fm-alloc-get-${mld.device}`}
        >
          Get LD Allocations
        </button>
        <span className="dev-note">
          Both are tunnelled to {mld.device} through port {mld.port} (0x5300). The MLD refuses changing or
          moving a bound LD's memory (Invalid Input): unbind it first.
        </span>
      </div>
      {problem !== null && (
        <p className="mbox-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

export function LdAllocations({
  spec,
  bindings,
  runner,
}: {
  spec: MultiHostSpec;
  bindings: readonly BindingRow[];
  runner: FmRunner;
}) {
  const mlds = mldAllocations(spec, bindings);
  const last = useFmSession((s) => s.last);
  if (mlds.length === 0) return <p className="dock__note">No MLD on a switch port in this lab.</p>;
  return (
    <div className="fm-allocs" data-testid="fm-allocations">
      <div className="fm-allocs__list">
        {mlds.map((m) => (
          <MldForm key={m.device} mld={m} runner={runner} />
        ))}
      </div>
      {last !== null && last.tunnelled !== undefined && <FmResult run={last} />}
    </div>
  );
}
