// One HDM register row: offset, name, raw value (editable as a 32-bit write) and its fields.
import type { ReactNode } from 'react';
import { CommitInput } from '../../ui/CommitInput';
import type { RegisterFieldView, RegisterView } from '../../worker/inspect-types.ts';
import { bitRange, fieldText, hex32, hexOffset, parseTyped } from './format';

export interface RegisterWriters {
  /** Raw 32-bit write of the register at `offset`. */
  writeRaw(reg: RegisterView, value: number): Promise<boolean>;
  /** Read-modify-write of one field. */
  writeField(reg: RegisterView, field: RegisterFieldView, value: number): Promise<boolean>;
  /** Reports text that is not a number. */
  problem(text: string): void;
}

/** A 1-bit status the hardware sets: a dot, green/red/neutral. */
function statusTone(field: RegisterFieldView): string {
  if (field.value === 0) return 'off';
  return field.name === 'errorNotCommitted' ? 'error' : 'on';
}

function FieldCell({
  reg,
  field,
  testPrefix,
  writers,
  highlighted,
}: {
  reg: RegisterView;
  field: RegisterFieldView;
  testPrefix: string;
  writers: RegisterWriters;
  highlighted: boolean;
}) {
  const bits = bitRange(field.bit, field.width);
  const testId = `${testPrefix}-field-${field.name}`;
  if (field.access === 'RsvdP') {
    return (
      <span className="reg-field is-reserved" title={`Reserved ${bits} (RsvdP): reads 0, writes ignored`}>
        <span className="reg-field__name">Rsvd</span>
        <span className="reg-field__bits">{bits}</span>
      </span>
    );
  }
  const hardwired = !field.writable && (field.access === 'RW' || field.access === 'RWL') && !reg.locked;
  const title = `${field.title} ${bits} · ${field.access}${reg.locked && field.access === 'RWL' ? ' (locked)' : ''}${hardwired ? ' (hard-wired in the lab)' : ''} · ${field.meaning}`;
  let control: ReactNode;
  if (field.width === 1 && field.writable) {
    control = (
      <input
        type="checkbox"
        className="reg-field__check"
        checked={field.value === 1}
        aria-label={`${reg.name}: ${field.title}`}
        data-testid={testId}
        onChange={(e) => void writers.writeField(reg, field, e.target.checked ? 1 : 0)}
      />
    );
  } else if (field.width === 1 && field.access === 'RO') {
    control = (
      <span
        className={`reg-field__dot reg-field__dot--${statusTone(field)}`}
        role="img"
        aria-label={`${field.title} = ${field.value}`}
        data-testid={testId}
        data-value={field.value}
      />
    );
  } else if (field.writable) {
    const size = Math.max(2, Math.min(10, Math.ceil(field.width / 4) + (field.width >= 8 ? 2 : 0)));
    control = (
      <CommitInput
        className="reg-field__input ui-mono"
        size={size}
        value={fieldText(field.value, field.width)}
        aria-label={`${reg.name}: ${field.title} ${bits}`}
        data-testid={testId}
        onCommit={(text) => {
          const n = parseTyped(text);
          if (n === null || n >= 2 ** field.width) {
            writers.problem(
              `${field.title}: "${text}" is not a ${field.width}-bit value (0 … ${2 ** field.width - 1})`,
            );
            return false;
          }
          return writers.writeField(reg, field, n);
        }}
      />
    );
  } else {
    control = (
      <span className="reg-field__value ui-mono" data-testid={testId} data-value={field.value}>
        {fieldText(field.value, field.width)}
      </span>
    );
  }
  return (
    <span
      className={`reg-field${field.writable ? '' : ' is-readonly'}${field.width === 1 && field.value === 1 ? ' is-set' : ''}${highlighted ? ' is-highlighted' : ''}`}
      data-highlighted={highlighted ? 'true' : undefined}
      title={title}
    >
      <span className="reg-field__name">{field.title}</span>
      <span className="reg-field__bits">{bits}</span>
      {control}
      {field.meaning !== '' && field.width > 1 && <span className="reg-field__meaning">{field.meaning}</span>}
    </span>
  );
}

/** One register: offset, name, raw value (editable as a 32-bit write), and every field. */
export function RegisterRow({
  reg,
  component,
  writers,
  highlightFields = [],
}: {
  reg: RegisterView;
  component: string;
  writers: RegisterWriters;
  /** Fields a lesson reference points at (highlighted). */
  highlightFields?: readonly string[];
}) {
  const testPrefix = `reg-${component}-${reg.offset.toString(16)}`;
  const editable = reg.writeMask !== 0;
  return (
    <div className={reg.locked ? 'reg-row is-locked' : 'reg-row'} data-testid={testPrefix}>
      <div
        className="reg-row__offset ui-mono"
        title="Offset in the component register block (and in the HDM structure)"
      >
        {hexOffset(reg.offset)}
        {reg.hdmOffset !== null && <span className="reg-row__rel">+{hexOffset(reg.hdmOffset)}</span>}
      </div>
      <div className="reg-row__name">
        <span>{reg.name}</span>
        <span className="reg-row__spec">{reg.spec.replace('CXL r3.1 ', '')}</span>
      </div>
      <div className="reg-row__value">
        {editable ? (
          <CommitInput
            className="reg-row__raw ui-mono"
            size={10}
            value={hex32(reg.value)}
            aria-label={`${reg.name} (offset ${hexOffset(reg.offset)}), 32-bit value`}
            title={`Write mask ${hex32(reg.writeMask)}: other bits keep their value`}
            data-testid={`${testPrefix}-raw`}
            onCommit={(text) => {
              const n = parseTyped(text);
              if (n === null || n > 0xffffffff) {
                writers.problem(`${reg.name}: "${text}" is not a 32-bit value`);
                return false;
              }
              return writers.writeRaw(reg, n);
            }}
          />
        ) : (
          <span className="reg-row__raw-ro ui-mono" data-testid={`${testPrefix}-raw`} title="Read-only">
            {hex32(reg.value)}
          </span>
        )}
      </div>
      <div className="reg-row__fields">
        {reg.fields.map((f) => (
          <FieldCell
            key={f.name}
            reg={reg}
            field={f}
            testPrefix={testPrefix}
            writers={writers}
            highlighted={highlightFields.includes(f.name)}
          />
        ))}
      </div>
    </div>
  );
}
