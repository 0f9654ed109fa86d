// The input editor of the Mailbox view and the Fabric Manager panel: a command's fields as numbers and the whole payload as hex, kept in sync.
import { useState } from 'react';
import { CommitInput } from '../../ui/CommitInput';
import type { MailboxCommandInfo } from '../../worker/device-types.ts';
import { fieldText, formatHex, isNumericField, parseFieldValue, parseHex, writeField } from './payload-edit';

export function MailboxInput({
  command,
  input,
  onInput,
  testPrefix = 'mbox',
}: {
  /** The command's input layout (a mailbox command, or an FM API command of `fm.catalog`). */
  command: Pick<MailboxCommandInfo, 'inputFields' | 'inputSize'> | undefined;
  input: Uint8Array;
  onInput: (bytes: Uint8Array) => void;
  /** Prefix of the test ids (`mbox-in-hex`, `fm-in-hex`). */
  testPrefix?: string;
}) {
  const [hexDraft, setHexDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fields = (command?.inputFields ?? []).filter(isNumericField);
  const size = command?.inputSize;

  return (
    <div className="mbox-input">
      {fields.length > 0 && (
        <fieldset className="mbox-fields">
          <legend>Input fields</legend>
          {fields.map((f) => (
            <div key={`${f.offset}-${f.name}`} className="mbox-field">
              <span className="mbox-field__name" aria-hidden="true">
                {f.name}{' '}
                <span className="mbox-field__at ui-mono">
                  +{f.offset.toString(16)} [{f.size}]
                </span>
              </span>
              <CommitInput
                className="ui-input ui-mono"
                size={Math.min(20, 2 * f.size + 3)}
                value={fieldText(input, f)}
                aria-label={`${f.name} (offset ${f.offset}, ${f.size} bytes)`}
                data-testid={`${testPrefix}-in-field-${f.offset}`}
                onCommit={(text) => {
                  const v = parseFieldValue(text, f.size);
                  if (!v.ok) {
                    setProblem(`${f.name}: ${v.error}`);
                    return false;
                  }
                  setProblem(null);
                  setHexDraft(null);
                  onInput(writeField(input, f, v.value));
                  return true;
                }}
              />
            </div>
          ))}
        </fieldset>
      )}
      <label className="mbox-hex">
        <span>
          Input payload (hex), {input.length} byte{input.length === 1 ? '' : 's'}
          {size === null ? ' · variable length' : size === undefined ? '' : ` · the command takes ${size}`}
        </span>
        <textarea
          className="ui-input ui-mono"
          rows={3}
          spellCheck={false}
          value={hexDraft ?? formatHex(input)}
          data-testid={`${testPrefix}-in-hex`}
          onChange={(e) => {
            setHexDraft(e.target.value);
            const r = parseHex(e.target.value);
            if (r.ok) {
              setProblem(null);
              onInput(r.value);
            } else setProblem(r.error);
          }}
          onBlur={() => {
            if (problem === null) setHexDraft(null);
          }}
        />
      </label>
      <p className="mbox-problem" role="status" data-testid={`${testPrefix}-in-problem`}>
        {problem ?? ''}
      </p>
    </div>
  );
}
