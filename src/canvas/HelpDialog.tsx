// The `?` dialog listing the canvas's keyboard shortcuts and mouse gestures.
import { useEffect, useRef } from 'react';

/** Keyboard shortcuts and mouse gestures of the canvas, in the order people look for them. */
export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['?'], what: 'Show this help' },
  {
    keys: ['Drag from the palette'],
    what: 'Add a component where you drop it (onto a node: attach it there)',
  },
  { keys: ['Click a palette entry'], what: 'Add below the selected component, or next to the tree' },
  { keys: ['Drag handle to handle'], what: 'Connect a parent (bottom handle) to a child (top handle)' },
  { keys: ['Click'], what: 'Select a component or link' },
  { keys: ['Tab'], what: 'Move between components (links are not Tab stops)' },
  {
    keys: ['E'],
    what: 'On a focused component: select its links in turn, the parent link first (Shift+E: back)',
  },
  { keys: ['Ctrl', 'Click'], what: 'Add to the selection' },
  { keys: ['Shift', 'Drag'], what: 'Select everything in a box' },
  { keys: ['Ctrl', 'A'], what: 'Select all components' },
  { keys: ['Delete'], what: 'Delete the selection (a link: disconnect the part below it)' },
  { keys: ['Backspace'], what: 'Same as Delete' },
  { keys: ['Ctrl', 'C'], what: 'Copy the selected components with everything below them' },
  { keys: ['Ctrl', 'V'], what: 'Paste (fresh ids, decoders not copied)' },
  { keys: ['Ctrl', 'D'], what: 'Duplicate the selected subtree' },
  { keys: ['Ctrl', 'Z'], what: 'Undo' },
  { keys: ['Ctrl', 'Shift', 'Z'], what: 'Redo (also Ctrl+Y)' },
  { keys: ['F'], what: 'Zoom to fit' },
  { keys: ['L'], what: 'Auto layout (forget dragged positions)' },
  { keys: ['Esc'], what: 'Clear the selection, close this help, leave presentation mode' },
  { keys: ['['], what: 'Collapse or expand the Components palette (remembered in this browser)' },
  { keys: [']'], what: 'Collapse or expand the Inspector (remembered in this browser)' },
  { keys: ['Shift', 'P'], what: 'Presentation mode: canvas and decode bar only, larger type, full screen' },
];

/** The `?` dialog: every keyboard shortcut of the canvas. */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="lab-help"
      aria-labelledby="lab-help-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
      data-testid="help-dialog"
    >
      <div className="lab-help__head">
        <h2 id="lab-help-title">Keyboard shortcuts</h2>
        <button type="button" className="ui-button ui-button--small" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="lab-help__table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={`${s.keys.join('+')}:${s.what}`}>
              <td className="lab-help__keys">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && <span className="lab-help__plus">+</span>}
                    {/^[A-Z?[\]]$|^(Ctrl|Shift|Delete|Backspace|Esc)$/.test(k) ? (
                      <kbd>{k}</kbd>
                    ) : (
                      <span>{k}</span>
                    )}
                  </span>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="lab-help__note">On macOS use ⌘ where Ctrl is listed.</p>
    </dialog>
  );
}
