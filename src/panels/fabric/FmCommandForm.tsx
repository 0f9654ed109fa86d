// The Fabric Manager panel's "Any command" view: pick an FM API command (by name or opcode), a switch and, for an MLD Component command, the MLD's port it is tunnelled to; edit its input as fields or hex; run; history with Replay.
import { useId } from 'react';
import type { MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { FmCommandView } from '../../worker/fabric-types.ts';
import { MailboxInput } from '../device/MailboxInput';
import { filterCommands, findCommand } from '../device/payload-edit';
import { FmResult } from './FmResult';
import { useFmSession } from './fm-session';
import type { FmRunner } from './use-fm-run';

function History({ runner }: { runner: FmRunner }) {
  const history = useFmSession((s) => s.history);
  return (
    <section className="mbox-history" aria-label="FM commands run" data-testid="fm-history">
      <h4 className="mbox-sub">History</h4>
      {history.length === 0 ? (
        <p className="dev-note">
          Commands you run (here or from the binding table) appear here, newest first.
        </p>
      ) : (
        <ol>
          {history.map((e) => (
            <li key={e.id} data-testid="fm-history-entry">
              <span>
                {e.title} → <span className={e.ok ? 'mbox-ok' : 'mbox-bad'}>{e.returnCodeName}</span>
              </span>
              <button
                type="button"
                className="ui-button ui-button--small"
                disabled={runner.busy}
                aria-label={`Replay ${e.title}`}
                onClick={() => void runner.run(e.args)}
              >
                Replay
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** MLD ports of switch `sw`: where an MLD Component command can be tunnelled. */
function mldPorts(spec: MultiHostSpec, sw: string): { port: number; device: string }[] {
  return spec.fabric.devices
    .filter((d) => d.kind === 'mld' && d.attach?.switch === sw)
    .map((d) => ({ port: d.attach?.port ?? 0, device: d.id }));
}

/** What the picked command is, who processes it and, for an MLD Component command, where it is tunnelled. */
function commandInfo(
  command: FmCommandView | undefined,
  text: string,
  sw: string,
  target: { port: number; device: string } | undefined,
): string {
  const mld = command?.processedBy === 'mld';
  return command === undefined
    ? /^(0x[0-9a-f]{1,4}|[0-9a-f]{1,4}h)$/i.test(text.trim())
      ? 'An opcode the lab does not implement: the switch answers Unsupported.'
      : 'Type a command name from the list or an opcode such as 0x5100.'
    : `${command.name} · ${command.opcodeText} · ${command.spec}${
        mld
          ? target === undefined
            ? ` · processed by an MLD, and ${sw} has none`
            : ` · processed by the MLD: sent inside a Tunnel Management Command (0x5300) to ${target.device} on port ${target.port}`
          : ' · processed by the switch'
      }${command.background ? ' · runs in the background' : ''}`;
}

function MldPortSelect({
  ports,
  port,
  onPort,
}: {
  ports: readonly { port: number; device: string }[];
  port: number | undefined;
  onPort: (port: number) => void;
}) {
  return (
    <label className="mbox-command">
      <span>MLD port</span>
      <select
        className="ui-input"
        value={port ?? ''}
        disabled={ports.length === 0}
        onChange={(e) => onPort(Number(e.target.value))}
        data-testid="fm-port"
      >
        {ports.map((p) => (
          <option key={p.port} value={p.port}>
            port {p.port} · {p.device}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The "Any command" form's state (kept in the FM session) and what follows from it. */
function useCommandForm(spec: MultiHostSpec, catalog: readonly FmCommandView[]) {
  const switches = spec.fabric.switches.map((s) => s.id);
  const form = useFmSession((s) => s.form);
  const setForm = useFmSession((s) => s.setForm);
  const { text, input, port } = form;
  const sw = form.switch !== null && switches.includes(form.switch) ? form.switch : (switches[0] ?? '');
  const command = findCommand(catalog, text);
  const ports = mldPorts(spec, sw);
  const mld = command?.processedBy === 'mld';
  const target = mld ? (ports.find((p) => p.port === port) ?? ports[0]) : undefined;
  return {
    switches,
    text,
    sw,
    command,
    ports,
    mld,
    target,
    bytes: input ?? command?.defaultInput ?? new Uint8Array(0),
    commandName: command?.cli ?? text.trim(),
    setInput: (bytes: Uint8Array) => setForm({ input: bytes }),
    setSw: (s: string) => setForm({ switch: s, port: null }),
    setPort: (p: number) => setForm({ port: p }),
    /** A new command text; a different command starts from its fresh input. */
    setText: (value: string) => {
      const fresh = findCommand(catalog, value)?.opcode !== command?.opcode;
      setForm(fresh ? { text: value, input: null } : { text: value });
    },
  };
}

type CommandFormState = ReturnType<typeof useCommandForm>;

/** The command (name or opcode, with the catalogue as suggestions), the switch and, for an MLD command, its port. */
function CommandPick({ f, catalog }: { f: CommandFormState; catalog: readonly FmCommandView[] }) {
  const listId = useId();
  return (
    <div className="fm-command__pick">
      <label className="mbox-command">
        <span>Command (name or opcode)</span>
        <input
          className="ui-input"
          list={listId}
          value={f.text}
          autoComplete="off"
          data-testid="fm-command-text"
          onChange={(e) => f.setText(e.target.value)}
        />
        <datalist id={listId}>
          {filterCommands(catalog, '').map((c) => (
            <option key={c.opcode} value={c.name}>
              {c.opcodeText} {c.cli}
            </option>
          ))}
        </datalist>
      </label>
      <label className="mbox-command">
        <span>Switch</span>
        <select
          className="ui-input"
          value={f.sw}
          onChange={(e) => f.setSw(e.target.value)}
          data-testid="fm-switch"
        >
          {f.switches.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {f.mld && <MldPortSelect ports={f.ports} port={f.target?.port} onPort={f.setPort} />}
    </div>
  );
}

export function FmCommandForm({
  spec,
  catalog,
  runner,
}: {
  spec: MultiHostSpec;
  catalog: readonly FmCommandView[];
  runner: FmRunner;
}) {
  const f = useCommandForm(spec, catalog);
  const { sw, target, command, bytes, commandName } = f;
  const last = useFmSession((s) => s.last);

  return (
    <div className="mbox fm-command" data-testid="fm-command">
      <form
        className="mbox-form"
        aria-label="FM API command"
        onSubmit={(e) => {
          e.preventDefault();
          if (commandName === '') return;
          void runner.run({
            switch: sw,
            command: commandName,
            input: bytes.slice(),
            ...(target === undefined ? {} : { port: target.port }),
          });
        }}
      >
        <CommandPick f={f} catalog={catalog} />
        <p className="dev-note" data-testid="fm-command-info">
          {commandInfo(command, f.text, sw, target)}
        </p>
        <MailboxInput command={command} input={bytes} onInput={f.setInput} testPrefix="fm" />
        <button
          type="submit"
          className="ui-button ui-button--primary"
          disabled={runner.busy || commandName === '' || sw === ''}
          data-testid="fm-run"
        >
          Run on {sw}
          {target === undefined ? '' : ` → port ${target.port}`}
        </button>
        {runner.failure !== null && (
          <p className="mbox-problem" role="alert">
            {runner.failure}
          </p>
        )}
        <History runner={runner} />
      </form>
      {last === null ? (
        <p className="dock__note">Run a command to see its return code, output fields and hex.</p>
      ) : (
        <FmResult run={last} />
      )}
    </div>
  );
}
