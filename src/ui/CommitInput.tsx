// A text box that applies its value on Enter or blur, not on every keystroke.
import { type InputHTMLAttributes, type KeyboardEvent, useRef, useState } from 'react';

const SETTLE_MS = 1000;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'onKeyDown'> & {
  /** The current value, as shown when not being edited. */
  value: string;
  /** Called with the typed text on Enter, or on blur when it changed; return false to keep editing. */
  onCommit: (text: string) => boolean | undefined | Promise<boolean | undefined>;
};

/**
 * A text box that applies its value on Enter (or when it loses focus after a change) instead of on
 * every keystroke: each commit is one write to the emulator. Escape puts the current value back.
 * After a commit the typed text stays until the new `value` arrives, so nothing flickers.
 */
export function CommitInput({ value, onCommit, className, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [settled, setSettled] = useState<{ text: string; over: string } | null>(null);
  const busy = useRef(false);
  const waiting = settled !== null && settled.over === value ? settled.text : null;
  const shown = draft ?? waiting ?? value;

  const commit = async () => {
    if (busy.current) return;
    if (draft === null || draft === value) {
      setDraft(null);
      return;
    }
    busy.current = true;
    try {
      const accepted = await onCommit(draft);
      if (accepted !== false) {
        // Until the new value arrives (or a moment passes: the write may have changed nothing).
        const mark = { text: draft, over: value };
        setSettled(mark);
        setTimeout(() => setSettled((s) => (s === mark ? null : s)), SETTLE_MS);
        setDraft(null);
      }
    } finally {
      busy.current = false;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
    }
  };

  return (
    <input
      {...rest}
      className={`ui-input ${className ?? ''}${draft !== null && draft !== value ? ' is-dirty' : ''}`}
      value={shown}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void commit()}
      onKeyDown={onKeyDown}
    />
  );
}
