// The one-line explanation shown at the top of a dock panel.
import type { ReactNode } from 'react';

/** The one-line explanation at the top of a dock panel, for newcomers. */
export function PanelIntro({ children }: { children: ReactNode }) {
  return <p className="panel-intro">{children}</p>;
}
