// The Device tab's "Mailbox" view: pick or type a command, edit its input, send it through the registers, replay from history.
import { useId, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import type { MailboxCommandInfo } from '../../worker/device-types.ts';
import type { DeviceViewProps } from './device-view-types';
import { MailboxInput } from './MailboxInput';
import { MailboxResult } from './MailboxResult';
import { type MailboxHistoryEntry, replayArgs } from './mailbox-history';
import { useMailboxSession } from './mailbox-session';
import { filterCommands, findCommand } from './payload-edit';
import { useDeviceQuery } from './use-device-query';

const FIRST_COMMAND = 'Identify Memory Device';

function CommandHint({ text, command }: { text: string; command: MailboxCommandInfo | undefined }) {
  if (command !== undefined) {
    return (
      <p className="dev-note" data-testid="mbox-command-info">
        {command.name} · {command.opcodeText} · {command.spec}
      </p>
    );
  }
  const opcode = /^(0x[0-9a-f]{1,4}|[0-9a-f]{1,4}h)$/i.test(text.trim());
  return (
    <p className="dev-note" data-testid="mbox-command-info">
      {opcode
        ? 'An opcode the lab does not implement: the device answers Unsupported.'
        : 'Type a command name from the list or an opcode such as 0x4000.'}
    </p>
  );
}

function History({ onReplay, busy }: { onReplay: (e: MailboxHistoryEntry) => void; busy: boolean }) {
  const history = useMailboxSession((s) => s.history);
  return (
    <section className="mbox-history" aria-label="Sent commands" data-testid="mbox-history">
      <h4 className="mbox-sub">History</h4>
      {history.length === 0 ? (
        <p className="dev-note">Commands you send appear here, newest first.</p>
      ) : (
        <ol>
          {history.map((e) => (
            <li key={e.id} data-testid="mbox-history-entry">
              <span>
                {e.device}: {e.command} ({e.opcodeText}), {e.input.length} B →{' '}
                <span className={e.ok ? 'mbox-ok' : 'mbox-bad'}>{e.returnCodeName}</span>
              </span>
              <button
                type="button"
                className="ui-button ui-button--small"
                disabled={busy}
                aria-label={`Replay ${e.command} on ${e.device}`}
                onClick={() => onReplay(e)}
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

/** Command text and input bytes; picking another command starts from its fresh (zero) input. */
function useCommandForm(catalogue: readonly MailboxCommandInfo[]) {
  const [text, setText] = useState(FIRST_COMMAND);
  const [input, setInput] = useState<Uint8Array | null>(null);
  const command = findCommand(catalogue, text);
  const changeText = (next: string) => {
    const from = findCommand(catalogue, text);
    const to = findCommand(catalogue, next);
    if (to?.opcode !== from?.opcode) setInput(null);
    setText(next);
  };
  const bytes = input ?? new Uint8Array(command?.defaultInputSize ?? 0);
  return { text, changeText, command, input: bytes, setInput };
}

export function MailboxView({ component }: DeviceViewProps) {
  const { data: catalogue, error } = useDeviceQuery('device.commands', {}, 'catalogue');
  const form = useCommandForm(catalogue ?? []);
  const send = useLabStore((s) => s.sendMailbox);
  const last = useMailboxSession((s) => s.last[component]);
  const record = useMailboxSession((s) => s.record);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const listId = useId();

  const run = async (device: string, command: string, input: Uint8Array) => {
    setBusy(true);
    const r = await send(device, command, input);
    setBusy(false);
    setFailure(r.ok ? null : r.error.message);
    if (r.ok) record(command, r.value);
  };

  if (error !== null) return <p className="dock__note dev-error">{error}</p>;
  const commandName = form.command?.name ?? form.text.trim();
  return (
    <div className="mbox" data-testid="mailbox">
      <form
        className="mbox-form"
        aria-label={`Mailbox command for ${component}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (commandName !== '') void run(component, commandName, form.input);
        }}
      >
        <label className="mbox-command">
          <span>Command (name or opcode)</span>
          <input
            className="ui-input"
            list={listId}
            value={form.text}
            autoComplete="off"
            data-testid="mbox-command"
            onChange={(e) => form.changeText(e.target.value)}
          />
          <datalist id={listId}>
            {filterCommands(catalogue ?? [], '').map((c) => (
              <option key={c.opcode} value={c.name}>
                {c.opcodeText} {c.cli}
              </option>
            ))}
          </datalist>
        </label>
        <CommandHint text={form.text} command={form.command} />
        <MailboxInput command={form.command} input={form.input} onInput={form.setInput} />
        <button
          type="submit"
          className="ui-button ui-button--primary"
          disabled={busy || commandName === ''}
          data-testid="mbox-send"
        >
          Send to {component}
        </button>
        {failure !== null && (
          <p className="mbox-problem" role="alert">
            {failure}
          </p>
        )}
        <History
          busy={busy}
          onReplay={(e) => {
            const a = replayArgs(e);
            void run(a.device, a.command, a.input);
          }}
        />
      </form>
      {last === undefined ? (
        <p className="dock__note">Send a command to see its return code, output and register accesses.</p>
      ) : (
        <MailboxResult key={`${last.opcode}-${last.returnCode}-${last.output.length}`} run={last} />
      )}
    </div>
  );
}
