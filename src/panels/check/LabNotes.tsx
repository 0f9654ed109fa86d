// A lab's notes in the Inspector, with the answer of a puzzle lab (a misprogrammed preset) hidden until asked for.
import './lab-notes.css';
import { useState } from 'react';
import { splitNotes } from './notes-answer';

/**
 * The notes' paragraphs. From a paragraph starting "Answer:" on, they stay hidden behind "Show the
 * answer" (the misprogrammed presets explain their bug there); the Check tab is where to look first.
 * Remount with `key={notes}` so another lab starts hidden again.
 */
export function LabNotes({ notes }: { notes: string }) {
  const { shown, answer } = splitNotes(notes);
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="lab-notes">
      {shown.map((p) => (
        <p className="inspector__notes" key={p}>
          {p}
        </p>
      ))}
      {answer.length > 0 && !revealed && (
        <button
          type="button"
          className="ui-button ui-button--small"
          aria-expanded={false}
          onClick={() => setRevealed(true)}
          data-testid="notes-show-answer"
        >
          Show the answer
        </button>
      )}
      {revealed && (
        <div className="inspector__answer" data-testid="notes-answer">
          {answer.map((p) => (
            <p className="inspector__notes" key={p}>
              {p}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
