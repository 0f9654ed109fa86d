/** Makes invisible characters in error messages visible: a BOM or a control character quoted by a parser reads as U+FEFF, not as nothing. */

/**
 * C0/C1 controls, soft hyphen, zero-width and direction marks, line/paragraph separators, word
 * joiners and the byte-order mark: characters a terminal or a notice shows as nothing or garbles.
 */
function invisible(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x2060 && code <= 0x2064) ||
    code === 0xfeff
  );
}

/** `text` with each invisible character written as `U+XXXX` (newlines and tabs as `\n` and `\t`). */
export function visibleText(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (!invisible(code)) out += c;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else out += `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}
