/**
 * How deeply JSON text nests, measured before `JSON.parse` so the file readers (cxl-lab/1 files,
 * `cxl list` output) refuse absurdly nested input with a clear error instead of a stack overflow.
 */

/**
 * Deepest bracket nesting (`[` and `{`) in JSON text, skipping strings and their escapes; stops early
 * and returns as soon as the depth exceeds `limit`.
 */
export function jsonNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
