// A virtualised hex dump of a Label Storage Area: only the rows in view are rendered; structure ranges are tinted and the selection lit.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';

export const LSA_ROW_HEIGHT = 20;
const OVERSCAN = 8;

export interface HexRange {
  start: number;
  end: number;
}

const inside = (r: HexRange | null, at: number) => r !== null && at >= r.start && at < r.end;

/** Bytes per row 16; the cursor moves by arrow keys and pages; a click or move picks the byte. */
export function LsaHex({
  bytes,
  size,
  tinted,
  lit,
  cursor,
  onByte,
  label,
}: {
  bytes: Uint8Array;
  /** The LSA size (may exceed the bytes held: the rest is not shown). */
  size: number;
  tinted: readonly HexRange[];
  lit: HexRange | null;
  cursor: number;
  onByte: (at: number) => void;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(320);
  const rows = Math.ceil(bytes.length / 16);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight || 320);
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => setHeight(el.clientHeight || 320));
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  // Keep the cursor's row in view.
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const y = Math.floor(cursor / 16) * LSA_ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + LSA_ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = y + LSA_ROW_HEIGHT - el.clientHeight;
  }, [cursor]);

  const first = Math.max(0, Math.floor(top / LSA_ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows, Math.ceil((top + height) / LSA_ROW_HEIGHT) + OVERSCAN);
  const page = Math.max(1, Math.floor(height / LSA_ROW_HEIGHT) - 1) * 16;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: 16,
      ArrowUp: -16,
      PageDown: page,
      PageUp: -page,
    };
    let next: number;
    if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = bytes.length - 1;
    else if (step[e.key] !== undefined) next = cursor + (step[e.key] ?? 0);
    else return;
    e.preventDefault();
    onByte(Math.max(0, Math.min(bytes.length - 1, next)));
  };

  const tint = (at: number) => tinted.some((r) => inside(r, at));
  const offsetDigits = Math.max(4, (size - 1).toString(16).length);
  return (
    <div
      ref={box}
      className="dev-hex lsa-hex ui-mono"
      tabIndex={0}
      role="listbox"
      aria-activedescendant={`lsa-byte-${cursor}`}
      aria-label={`${label}: arrow keys, Page Up/Down, Home and End move the byte cursor (byte ${cursor.toString(16)} = ${(bytes[cursor] ?? 0).toString(16).padStart(2, '0')})`}
      onKeyDown={onKeyDown}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      data-testid="lsa-hex"
    >
      <div style={{ height: rows * LSA_ROW_HEIGHT, position: 'relative' }}>
        {Array.from({ length: Math.max(0, last - first) }, (_, i) => {
          const row = (first + i) * 16;
          return (
            <div
              key={row}
              className="dev-hex__row lsa-hex__row"
              style={{ top: (first + i) * LSA_ROW_HEIGHT }}
            >
              <span className="dev-hex__offset">{row.toString(16).padStart(offsetDigits, '0')}:</span>
              {[...bytes.subarray(row, row + 16)].map((b, j) => {
                const at = row + j;
                const cls = `dev-hex__byte${tint(at) ? ' is-tinted' : ''}${inside(lit, at) ? ' is-lit' : ''}${at === cursor ? ' is-cursor' : ''}`;
                return (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox's key handler moves the cursor
                  <span
                    key={at}
                    role="option"
                    id={`lsa-byte-${at}`}
                    tabIndex={-1}
                    aria-selected={inside(lit, at)}
                    aria-label={`${at.toString(16)}: ${b.toString(16).padStart(2, '0')}`}
                    className={cls}
                    data-offset={at}
                    data-testid={inside(lit, at) ? 'lsa-lit' : undefined}
                    onClick={() => onByte(at)}
                  >
                    {b.toString(16).padStart(2, '0')}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
