/**
 * A lesson's markdown, rendered safely as React elements (never innerHTML): paragraphs, **strong**,
 * *emphasis*, `code`, and `[[component:…]]` / `[[decoder:…]]` / `[[address:…]]` references as buttons.
 */
import type { ReactNode } from 'react';

/** What a reference button does when pressed (select a component, show an address). */
export type ReferenceHandler = (kind: string, value: string) => void;

const INLINE = /(\[\[[a-z]+:[^\]\n]{1,120}\]\]|`[^`\n]{1,400}`|\*\*[^*\n]{1,400}\*\*|\*[^*\n]{1,400}\*)/g;

function inline(text: string, onRef: ReferenceHandler, keyBase: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    const key = `${keyBase}-${i}`;
    if (part.startsWith('[[') && part.endsWith(']]')) {
      const body = part.slice(2, -2);
      const colon = body.indexOf(':');
      const kind = body.slice(0, colon);
      const value = body.slice(colon + 1);
      return (
        <button
          key={key}
          type="button"
          className="lesson-ref"
          onClick={() => onRef(kind, value)}
          title={`Show ${kind} ${value}`}
        >
          {value}
        </button>
      );
    }
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2)
      return <em key={key}>{part.slice(1, -1)}</em>;
    return part;
  });
}

export function LessonText({ text, onRef }: { text: string; onRef: ReferenceHandler }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one fixed text, never reordered
        <p key={i}>{inline(p, onRef, String(i))}</p>
      ))}
    </>
  );
}
