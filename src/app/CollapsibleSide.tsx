// A side panel of the shell that collapses, by its button or by [ / ] (use-shell-shortcuts.ts): the
// palette to a column of its badges (still dragged or clicked to add), the Inspector to a narrow rail.
// The panel stays mounted while collapsed, so nothing typed in it is lost.
import type { ReactNode } from 'react';
import { type Side, useSideLayout, useSideToggle } from './shell-layout';

const NAMES: Record<Side, { title: string; key: string; compact: boolean }> = {
  palette: { title: 'Components', key: '[', compact: true },
  inspector: { title: 'Inspector', key: ']', compact: false },
};

function Chevron({ pointsLeft }: { pointsLeft: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        d={pointsLeft ? 'M10 3.5 5.5 8l4.5 4.5' : 'M6 3.5 10.5 8 6 12.5'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.7"
      />
    </svg>
  );
}

export function CollapsibleSide({ side, children }: { side: Side; children: ReactNode }) {
  const collapsed = useSideLayout()[side];
  const toggle = useSideToggle(side);
  const { title, key, compact } = NAMES[side];
  // The chevron points where the panel goes: into the edge to collapse, out of it to expand.
  const pointsLeft = side === 'palette' ? !collapsed : collapsed;
  const label = `${collapsed ? 'Show' : 'Hide'} the ${title} panel (${key})`;
  return (
    <div
      className={`shell-side shell-side--${side}${collapsed ? ` is-collapsed${compact ? ' is-compact' : ''}` : ''}`}
      data-testid={`side-${side}`}
      data-collapsed={collapsed}
    >
      <button
        type="button"
        className="shell-side__toggle ui-icon-button"
        aria-expanded={!collapsed}
        aria-label={label}
        title={label}
        onClick={toggle}
        data-testid={`side-${side}-toggle`}
      >
        <Chevron pointsLeft={pointsLeft} />
      </button>
      {collapsed && !compact && (
        <button type="button" className="shell-side__rail" onClick={toggle} tabIndex={-1} aria-hidden="true">
          {title}
        </button>
      )}
      <div className="shell-side__panel" hidden={collapsed && !compact}>
        {children}
      </div>
    </div>
  );
}
