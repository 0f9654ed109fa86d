// A centred, muted message for a panel with nothing to show.
import type { ReactNode } from 'react';

/** A centred, muted message for a panel with nothing to show (yet). */
export function EmptyState({ title, children, tag }: { title: string; children?: ReactNode; tag?: string }) {
  return (
    <div className="ui-empty">
      <div className="ui-empty__title">
        {title}
        {tag !== undefined && <span className="ui-pill">{tag}</span>}
      </div>
      {children !== undefined && <div className="ui-empty__body">{children}</div>}
    </div>
  );
}
