// An accessible tab strip (WAI-ARIA tabs) and the ids linking tabs to their panels.
import { type KeyboardEvent, useRef } from 'react';

export type TabItem<Id extends string> = { id: Id; label: string };

/** Ids linking a tab to its panel: render the panel with `id={tabPanelId(...)}`, `role="tabpanel"`. */
export function tabId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}

export function tabPanelId(prefix: string, id: string): string {
  return `${prefix}-panel-${id}`;
}

/**
 * A tab strip (WAI-ARIA tabs, automatic activation): arrow keys, Home and End move between tabs. The
 * caller renders the active panel.
 */
export function Tabs<Id extends string>({
  tabs,
  active,
  onChange,
  label,
  idPrefix,
}: {
  tabs: readonly TabItem<Id>[];
  active: Id;
  onChange: (id: Id) => void;
  label: string;
  idPrefix: string;
}) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === active);
    const next =
      event.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    const tab = tabs[next];
    if (tab === undefined) return;
    event.preventDefault();
    onChange(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, tab.id))}`)?.focus();
  };

  return (
    <div className="ui-tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(idPrefix, tab.id)}
          aria-selected={tab.id === active}
          aria-controls={tab.id === active ? tabPanelId(idPrefix, tab.id) : undefined}
          tabIndex={tab.id === active ? 0 : -1}
          className="ui-tabs__tab"
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
