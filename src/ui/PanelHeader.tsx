// The thin title bar on top of a side panel.
import type { ReactNode } from 'react';

/** The thin title bar on top of a side panel ("INSPECTOR", "COMPONENTS"). */
export function PanelHeader({ title, id, children }: { title: string; id?: string; children?: ReactNode }) {
  return (
    <div className="ui-panel-header">
      <h2 className="ui-panel-header__title" id={id}>
        {title}
      </h2>
      {children}
    </div>
  );
}
