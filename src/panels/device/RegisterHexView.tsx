// A decoded register space beside its hex dump: selecting a field highlights its bytes, and a byte selects its field.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { DeviceFieldView, DeviceRegisterGroup, DeviceRegisterView } from '../../worker/device-types.ts';
import { type ByteRange, fieldAtByte, fieldBytes, hexRows, inRange, registerBytes } from './byte-map';

interface Selection {
  reg: number;
  field: string | null;
  range: ByteRange;
}

function fieldMeaning(f: DeviceFieldView): string {
  if (f.meaning !== undefined) return f.meaning;
  if (f.width === 1) return f.value === 1 ? 'set' : 'clear';
  return `${f.value}`;
}

function FieldButton({
  reg,
  field,
  selected,
  onSelect,
  testPrefix,
}: {
  reg: DeviceRegisterView;
  field: DeviceFieldView;
  selected: boolean;
  onSelect: (reg: DeviceRegisterView, field: DeviceFieldView) => void;
  testPrefix: string;
}) {
  return (
    <li>
      <button
        type="button"
        className={selected ? 'dev-field is-selected' : 'dev-field'}
        aria-pressed={selected}
        data-testid={`${testPrefix}-field-${reg.offset.toString(16)}-${field.bit}`}
        title={`${field.title} ${field.bits} · ${field.access}`}
        onClick={() => onSelect(reg, field)}
      >
        <span className="dev-field__name">{field.title}</span>{' '}
        <span className="dev-field__bits">{field.bits}</span>{' '}
        <span className="dev-field__value ui-mono">{field.valueText}</span>{' '}
        <span className="dev-field__meaning">{fieldMeaning(field)}</span>
      </button>
    </li>
  );
}

function RegisterBlock({
  reg,
  selection,
  onSelect,
  testPrefix,
}: {
  reg: DeviceRegisterView;
  selection: Selection | null;
  onSelect: (reg: DeviceRegisterView, field: DeviceFieldView | null) => void;
  testPrefix: string;
}) {
  const regSelected = selection?.reg === reg.offset && selection.field === null;
  return (
    <li className="dev-reg" data-testid={`${testPrefix}-reg-${reg.offset.toString(16)}`}>
      <button
        type="button"
        className={regSelected ? 'dev-reg__head is-selected' : 'dev-reg__head'}
        aria-pressed={regSelected}
        onClick={() => onSelect(reg, null)}
      >
        <span className="dev-reg__offset ui-mono">{reg.offsetText}</span>{' '}
        <span className="dev-reg__name">{reg.name}</span>{' '}
        <span className="dev-reg__value ui-mono">{reg.valueText}</span>
      </button>
      {reg.meaning !== undefined && <p className="dev-reg__meaning">→ {reg.meaning}</p>}
      {reg.fields.length > 0 && (
        <ul className="dev-reg__fields" aria-label={`${reg.name} fields`}>
          {reg.fields.map((f) => (
            <FieldButton
              key={f.bits}
              reg={reg}
              field={f}
              selected={selection?.reg === reg.offset && selection.field === f.bits}
              onSelect={onSelect}
              testPrefix={testPrefix}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function HexDump({
  bytes,
  rows,
  selection,
  cursor,
  onByte,
  label,
  testPrefix,
}: {
  bytes: Uint8Array;
  rows: number[];
  selection: Selection | null;
  cursor: number;
  onByte: (byte: number) => void;
  label: string;
  testPrefix: string;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = rows.indexOf(cursor - (cursor % 16));
    let next = cursor;
    if (e.key === 'ArrowRight') next = cursor + 1;
    else if (e.key === 'ArrowLeft') next = cursor - 1;
    else if (e.key === 'ArrowDown') next = (rows[at + 1] ?? cursor - (cursor % 16)) + (cursor % 16);
    else if (e.key === 'ArrowUp') next = (rows[at - 1] ?? cursor - (cursor % 16)) + (cursor % 16);
    else return;
    e.preventDefault();
    if (next >= 0 && next < bytes.length && rows.includes(next - (next % 16))) onByte(next);
  };
  return (
    <div
      className="dev-hex ui-mono"
      tabIndex={0}
      role="listbox"
      aria-activedescendant={`${testPrefix}-byte-${cursor}`}
      aria-label={`${label} hex dump: arrow keys move the byte cursor and select the field there`}
      onKeyDown={onKeyDown}
      data-testid={`${testPrefix}-hex`}
    >
      {rows.map((row) => (
        <div key={row} className="dev-hex__row">
          <span className="dev-hex__offset">{row.toString(16).padStart(3, '0')}:</span>
          {[...bytes.subarray(row, row + 16)].map((b, i) => {
            const at = row + i;
            const cls = `dev-hex__byte${inRange(selection?.range ?? null, at) ? ' is-lit' : ''}${at === cursor ? ' is-cursor' : ''}`;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox's key handler moves the cursor
              <span
                key={at}
                id={`${testPrefix}-byte-${at}`}
                role="option"
                tabIndex={-1}
                aria-selected={inRange(selection?.range ?? null, at)}
                aria-label={`${at.toString(16)}: ${b.toString(16).padStart(2, '0')}`}
                className={cls}
                data-offset={at}
                data-testid={inRange(selection?.range ?? null, at) ? `${testPrefix}-lit` : undefined}
                onClick={() => onByte(at)}
              >
                {b.toString(16).padStart(2, '0')}
              </span>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** The decoded tree (left) and the hex dump (right) of one register space. */
export function RegisterHexView({
  groups,
  bytes,
  label,
  testPrefix,
}: {
  groups: readonly DeviceRegisterGroup[];
  bytes: Uint8Array;
  label: string;
  testPrefix: string;
}) {
  const [selection, setSelection] = useState<Selection | null>(null);
  const [cursor, setCursor] = useState(0);
  const treeRef = useRef<HTMLDivElement>(null);
  const rows = hexRows(bytes, groups);

  const selectField = (reg: DeviceRegisterView, field: DeviceFieldView | null) => {
    const range = field === null ? registerBytes(reg) : fieldBytes(reg, field);
    setSelection({ reg: reg.offset, field: field?.bits ?? null, range });
    setCursor(range.start);
  };
  const selectByte = (byte: number) => {
    setCursor(byte);
    const hit = fieldAtByte(groups, byte);
    if (hit === null) {
      setSelection(null);
      return;
    }
    const range = hit.field === null ? registerBytes(hit.reg) : fieldBytes(hit.reg, hit.field);
    setSelection({ reg: hit.reg.offset, field: hit.field?.bits ?? null, range });
  };

  // A byte picked in the dump brings its field into view in the tree.
  useEffect(() => {
    if (selection !== null)
      treeRef.current?.querySelector('.is-selected')?.scrollIntoView?.({ block: 'nearest' });
  }, [selection]);

  return (
    <div className="dev-split">
      <div className="dev-tree" ref={treeRef} data-testid={`${testPrefix}-tree`}>
        {groups.map((g) => (
          <section
            key={`${g.offset}-${g.name}`}
            className="dev-group"
            aria-label={`${g.name} at ${g.offsetText}`}
          >
            <h3 className="dev-group__head">
              <span className="ui-mono">[{g.offset.toString(16)}]</span> {g.name}
              <span className="dev-group__spec">{g.spec}</span>
            </h3>
            <ul className="dev-group__regs">
              {g.registers.map((r) => (
                <RegisterBlock
                  key={r.offset}
                  reg={r}
                  selection={selection}
                  onSelect={selectField}
                  testPrefix={testPrefix}
                />
              ))}
            </ul>
          </section>
        ))}
      </div>
      <HexDump
        bytes={bytes}
        rows={rows}
        selection={selection}
        cursor={cursor}
        onByte={selectByte}
        label={label}
        testPrefix={testPrefix}
      />
    </div>
  );
}
