// The binding table's row forms: Bind… (a DSP port and, on an MLD port, an LD — free ones and why the others will be refused) and Unbind… (the Unbind Options of CXL 2.0 §7.6.7.2.3).
import { useId, useState } from 'react';
import type { MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { PendingOperation } from '../../cxl/fm/state.ts';
import { UNBIND_OPTION_NAMES } from '../../cxl/spec/fm-api.ts';
import { bindForm, bindRequest } from './bind-choices';
import { type FabricRow, rowName } from './fabric-rows';
import type { FmRunner } from './use-fm-run';

export function BindForm({
  row,
  spec,
  pending,
  runner,
  onDone,
}: {
  row: FabricRow;
  spec: MultiHostSpec;
  pending: PendingOperation | null;
  runner: FmRunner;
  onDone: () => void;
}) {
  const form = bindForm(spec, pending, row);
  const firstFree = form.choices.findIndex((c) => c.refusal === null);
  const [picked, setPicked] = useState(Math.max(0, firstFree));
  const name = useId();
  const choice = form.choices[picked];
  return (
    <form
      className="fm-rowform"
      aria-label={`Bind ${rowName(row)}`}
      data-testid="fm-bind-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === undefined) return;
        const input = { json: bindRequest(row, choice) };
        void runner.run({ switch: row.switch, command: 'bind-vppb', input }).then((ok) => ok && onDone());
      }}
    >
      <p className="dev-note">
        Bind vPPB (0x5201, CXL 2.0 §7.6.7.2.2): {rowName(row)} of {row.host ?? 'no host'} to a downstream port
        or one LD of an MLD. A refused choice can be sent to see the switch's answer.
      </p>
      {form.vppbRefusal !== null && (
        <p className="fm-warn" data-testid="fm-bind-vppb-refusal">
          Will be refused: {form.vppbRefusal}
        </p>
      )}
      <fieldset className="fm-choices">
        <legend>Port and LD</legend>
        {form.choices.map((c, i) => (
          <label
            key={`${c.port}-${c.ld}`}
            className={c.refusal === null ? 'fm-choice' : 'fm-choice is-refused'}
          >
            <input
              type="radio"
              name={name}
              checked={picked === i}
              onChange={() => setPicked(i)}
              data-testid={`fm-bind-choice-${c.port}-${c.ld ?? 'port'}`}
            />
            <span>{c.label}</span>
            <span className="fm-choice__why">{c.refusal === null ? 'free' : `refused: ${c.refusal}`}</span>
          </label>
        ))}
      </fieldset>
      <div className="fm-rowform__buttons">
        <button
          type="submit"
          className="ui-button ui-button--primary ui-button--small"
          disabled={runner.busy || choice === undefined}
          data-testid="fm-bind-send"
        >
          Send Bind vPPB
        </button>
        <button type="button" className="ui-button ui-button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function UnbindForm({
  row,
  runner,
  onDone,
}: {
  row: FabricRow;
  runner: FmRunner;
  onDone: () => void;
}) {
  const [option, setOption] = useState(0);
  const name = useId();
  return (
    <form
      className="fm-rowform"
      aria-label={`Unbind ${rowName(row)}`}
      data-testid="fm-unbind-form"
      onSubmit={(e) => {
        e.preventDefault();
        const input = { json: { vcs: row.vcs, vppb: row.vppb, option } };
        void runner.run({ switch: row.switch, command: 'unbind-vppb', input }).then((ok) => ok && onDone());
      }}
    >
      <p className="dev-note">
        Unbind vPPB (0x5202, CXL 2.0 §7.6.7.2.3): {rowName(row)}
        {row.component === null
          ? ' (nothing is bound: the switch will refuse it)'
          : `, ${row.component} leaves ${row.host ?? 'its host'}`}
        .
      </p>
      <fieldset className="fm-choices">
        <legend>Unbind Option</legend>
        {UNBIND_OPTION_NAMES.map((text, i) => (
          <label key={text} className="fm-choice">
            <input
              type="radio"
              name={name}
              checked={option === i}
              onChange={() => setOption(i)}
              data-testid={`fm-unbind-option-${i}`}
            />
            <span>
              {i} · {text}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="fm-rowform__buttons">
        <button
          type="submit"
          className="ui-button ui-button--primary ui-button--small"
          disabled={runner.busy}
          data-testid="fm-unbind-send"
        >
          Send Unbind vPPB
        </button>
        <button type="button" className="ui-button ui-button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
