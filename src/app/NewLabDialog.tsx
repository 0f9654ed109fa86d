/**
 * File ▸ New lab…: start from the blank template (a CXL root only) or from a preset; either way the
 * new lab is named "Untitled lab N". Arrow keys move, Enter starts, Esc closes.
 */
import './new-lab.css';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { PRESET_CATALOG } from '../presets/catalog';
import { useLabStore } from '../state/hooks';
import { BLANK_TEMPLATE } from '../state/new-lab';
import { useRovingFocus } from '../ui/use-roving-focus';

const TEMPLATES: readonly { id: string; name: string; description: string }[] = [
  {
    id: BLANK_TEMPLATE,
    name: 'Blank lab',
    description: 'Only the CXL root: add host bridges, windows, ports and devices yourself.',
  },
  ...PRESET_CATALOG.map((p) => ({ id: p.id, name: p.name, description: p.description })),
];

export function NewLabDialog({ onClose }: { onClose: () => void }) {
  const newLab = useLabStore((s) => s.newLab);
  const list = useRef<HTMLUListElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    list.current?.querySelector('button')?.focus();
  }, []);

  const roving = useRovingFocus(list, 'button');
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return onClose();
    roving(event);
  };

  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal new-lab"
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-lab-title"
        data-testid="new-lab-dialog"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="modal__header">
          <h2 className="modal__title" id="new-lab-title">
            New lab
          </h2>
          <span className="modal__subtitle">named “Untitled lab N”; rename it by clicking its name</span>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        <ul className="new-lab__list" ref={list}>
          {TEMPLATES.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="new-lab__choice"
                data-testid={`new-lab-${t.id}`}
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  void newLab(t.id).then(() => onClose());
                }}
              >
                <span className="new-lab__name">{t.name}</span>
                <span className="new-lab__description">{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
