import './panels.css';
import { COMPONENT_KINDS, KIND_INFO } from '../lib/component-kinds';
import { Badge } from '../ui/Badge';
import { PanelHeader } from '../ui/PanelHeader';

/**
 * Left-hand palette of component kinds. Inert for now: building topologies by dragging from here comes
 * with the editing issue; the entries already say what each kind is.
 */
export function Palette() {
  return (
    <nav className="palette" aria-labelledby="palette-title" data-testid="palette">
      <PanelHeader title="Components" id="palette-title" />
      <ul className="palette__list">
        {COMPONENT_KINDS.map((kind) => {
          const info = KIND_INFO[kind];
          return (
            <li key={kind} className="palette__item" title={info.blurb} data-testid={`palette-${kind}`}>
              <Badge text={info.badge} tone={info.tone} />
              <span className="palette__label">{info.label}</span>
            </li>
          );
        })}
      </ul>
      <p className="palette__note">
        Drag-and-drop editing comes in a later issue; the canvas is read-only for now.
      </p>
    </nav>
  );
}
