// Find's pop-up (loaded on first use): a search field (WAI-ARIA combobox with a list box) that finds
// components by their lab and Linux names, then selects and frames the one chosen. Arrows, Enter, Esc.
import './canvas-search.css';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLabStoreApi } from '../state/hooks';
import { rovingIndex } from '../ui/use-roving-focus';
import { searchEntries, searchNodes } from './node-search';
import type { LabFlowNode } from './to-flow';

export interface SearchPopoverProps {
  nodes: readonly LabFlowNode[];
  /** Close; with `refocus`, focus goes back to the Find button (Escape). */
  onClose: (refocus: boolean) => void;
}

/** Moves keyboard focus to a node once the view has settled on it (React Flow pans to a node it focuses). */
function focusNodeSoon(id: string): void {
  window.setTimeout(() => {
    const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    el?.focus({ preventScroll: true });
  }, 320);
}

/** The search field and its matches, under the toolbar. */
export function SearchPopover({ nodes, onClose }: SearchPopoverProps) {
  const store = useLabStoreApi();
  const entries = useMemo(() => searchEntries(nodes), [nodes]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const matches = useMemo(() => searchNodes(entries, query), [entries, query]);
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const choose = (index: number) => {
    const m = matches[index];
    if (m === undefined) return;
    store.getState().frameNodes([m.id], { select: true });
    onClose(false);
    focusNodeSoon(m.id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Arrows only: Home and End stay with the text field (the list's focus stays in it).
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const key = e.key;
      setActive((i) => rovingIndex(key, i, matches.length) ?? i);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(Math.min(active, matches.length - 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;
  const showList = query.trim() !== '';

  return (
    <div className="lab-search__pop" data-testid="canvas-search">
      <input
        ref={inputRef}
        className="ui-input lab-search__input"
        type="search"
        role="combobox"
        aria-label="Find a component by name"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && matches.length > 0 ? optionId(active) : undefined}
        placeholder="mem3, hb1, rp3, decoder2.0…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-testid="canvas-search-input"
      />
      <div className="lab-search__list" id={listId} role="listbox" aria-label="Matching components">
        {showList &&
          matches.map((m, i) => (
            <div
              key={m.id}
              tabIndex={-1}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`lab-search__option${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onKeyDown={() => undefined}
              data-testid={`search-option-${m.id}`}
            >
              <span className="lab-search__name">{m.label}</span>
              <span className="lab-search__kind">
                {m.kind}
                {m.via === null ? '' : ` · ${m.via}`}
              </span>
            </div>
          ))}
      </div>
      {showList && matches.length === 0 && (
        <p className="lab-search__none" role="status">
          No component is named like “{query.trim()}”.
        </p>
      )}
      <p className="lab-search__hint">↑ ↓ choose · Enter select and frame · Esc close</p>
    </div>
  );
}
