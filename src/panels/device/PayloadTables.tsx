// A command payload shown two ways, shared by the Mailbox view and the Fabric Manager panel: named fields at their offsets (click one to light its bytes) and the bytes as hex.
import type { ReactNode } from 'react';
import type { PayloadFieldView } from '../../worker/device-types.ts';

export function FieldTable({
  fields,
  label,
  testPrefix,
  onPick,
  picked,
  extra,
}: {
  fields: readonly PayloadFieldView[];
  label: string;
  testPrefix: string;
  onPick?: (f: PayloadFieldView) => void;
  picked?: PayloadFieldView | null;
  /** More for a field's Meaning cell (Get Poison List: the HPAs of a record). */
  extra?: ((f: PayloadFieldView) => ReactNode) | undefined;
}) {
  if (fields.length === 0) return null;
  return (
    <table className="mbox-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Offset</th>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr
            key={`${f.offset}-${f.name}`}
            data-testid={`${testPrefix}-${f.name}`}
            className={picked === f ? 'is-selected' : undefined}
          >
            <td className="ui-mono">
              +{f.offset.toString(16)} [{f.size}]
            </td>
            <td>
              {onPick === undefined ? (
                f.name
              ) : (
                <button
                  type="button"
                  className="mbox-link"
                  aria-pressed={picked === f}
                  onClick={() => onPick(f)}
                >
                  {f.name}
                </button>
              )}
            </td>
            <td className="ui-mono">{f.value}</td>
            <td>
              {f.meaning ?? ''}
              {extra?.(f)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OutputHex({
  bytes,
  lit,
  testPrefix = 'mbox',
  label = 'Output payload hex',
}: {
  bytes: Uint8Array;
  lit: PayloadFieldView | null;
  testPrefix?: string;
  label?: string;
}) {
  const rows: number[] = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push(o);
  const on = (at: number) => lit !== null && at >= lit.offset && at < lit.offset + lit.size;
  return (
    // Focusable: a narrow column scrolls it sideways, and keyboard users must reach a scrolling region
    // (WCAG 2.2 SC 2.1.1).
    <section
      className="mbox-hex ui-mono"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
      tabIndex={0}
      data-testid={`${testPrefix}-out-hex`}
      aria-label={label}
    >
      {rows.map((row) => (
        <div key={row}>
          <span className="dev-hex__offset">{row.toString(16).padStart(4, '0')}:</span>
          {[...bytes.subarray(row, row + 16)].map((b, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: a byte's offset is its identity
              key={row + i}
              className={on(row + i) ? 'dev-hex__byte is-lit' : 'dev-hex__byte'}
              data-testid={`${testPrefix}-out-byte-${row + i}`}
            >
              {b.toString(16).padStart(2, '0')}
            </span>
          ))}
        </div>
      ))}
    </section>
  );
}
