// A two-column name/value grid for property panes.
import type { ReactNode } from 'react';

export type Property = {
  name: string;
  value: ReactNode;
  /** Render the value in the monospace face (addresses, sizes, ids). */
  mono?: boolean;
};

/** Two-column name/value grid, as in DevTools' property panes. */
export function PropertyList({ items, label }: { items: readonly Property[]; label?: string }) {
  return (
    <dl className="ui-props" aria-label={label}>
      {items.map((item) => (
        <div className="ui-props__row" key={item.name}>
          <dt className="ui-props__name">{item.name}</dt>
          <dd className={item.mono ? 'ui-props__value ui-mono' : 'ui-props__value'}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
