// The left-hand palette of component kinds to drag or click onto the canvas.
import './panels.css';
import './palette.css';
import { COMPONENT_KINDS, KIND_INFO, RCH_INFO } from '../lib/component-kinds';
import { MULTI_HOST_EDIT_NOTE } from '../lib/multi-host-note';
import { PALETTE_MIME, type PaletteItem, RCH_ITEM, requestAdd } from '../lib/palette';
import { useLabStore } from '../state/hooks';

/** Palette entries: every kind, with the CXL 1.1 restricted host right after the host bridge. */
const ITEMS: readonly PaletteItem[] = COMPONENT_KINDS.flatMap((k) =>
  k === 'host-bridge' ? [k, RCH_ITEM] : [k],
);

import { Badge } from '../ui/Badge';
import { PanelHeader } from '../ui/PanelHeader';

/**
 * Left-hand palette of component kinds. Drag an entry onto the canvas (onto a node to attach it
 * there), or click it to add one below the selected component.
 */
export function Palette() {
  // A multi-host lab's structure is not edited on the canvas (issue 18): the entries are disabled, and say why.
  const multi = useLabStore((s) => s.view?.fabric !== undefined);
  return (
    <nav className="palette" aria-labelledby="palette-title" data-testid="palette">
      <PanelHeader title="Components" id="palette-title" />
      <ul className="palette__list">
        {ITEMS.map((kind) => {
          const info = kind === RCH_ITEM ? RCH_INFO : KIND_INFO[kind];
          return (
            <li key={kind}>
              <button
                type="button"
                className="palette__item"
                title={`${info.blurb}\nDrag onto the canvas, or click to add.`}
                data-testid={`palette-${kind}`}
                draggable={!multi}
                disabled={multi}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, kind);
                  e.dataTransfer.setData('text/plain', kind);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => requestAdd(kind)}
              >
                <Badge text={info.badge} tone={info.tone} />
                <span className="palette__label">{info.label}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {multi ? (
        <p className="palette__note" data-testid="palette-multi-host">
          {MULTI_HOST_EDIT_NOTE}
        </p>
      ) : (
        <p className="palette__note">
          Drag onto the canvas or click to add. Connect a parent’s bottom handle to a child’s top handle.
          Press <kbd>?</kbd> for shortcuts.
        </p>
      )}
    </nav>
  );
}
