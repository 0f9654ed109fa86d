/**
 * How deeply JSON text nests, measured before `JSON.parse` so the file readers (cxl-lab/1 files,
 * `cxl list` output) refuse absurdly nested input with a clear error instead of a stack overflow.
 */

/**
 * Deepest bracket nesting (`[` and `{`) in JSON text, skipping strings and their escapes; stops early
 * and returns as soon as the depth exceeds `limit`.
 */
export function jsonNestingDepth(text: string, limit: number): number {
  return jsonShape(text, {
    depth: limit,
    containers: Number.POSITIVE_INFINITY,
    commas: Number.POSITIVE_INFINITY,
  }).depth;
}

/** What `jsonShape` measured; each count stops growing once it passes its limit. */
export interface JsonShape {
  depth: number;
  /** Objects and arrays opened. */
  containers: number;
  /** Commas outside strings: about the number of values in lists and members in objects. */
  commas: number;
}

/**
 * Nesting depth, containers and commas of JSON text in one pass, skipping strings, before
 * `JSON.parse`: text full of tiny values is refused without building them. Returns as soon as any
 * count passes its limit.
 */
export function jsonShape(text: string, limits: JsonShape): JsonShape {
  const shape: JsonShape = { depth: 0, containers: 0, commas: 0 };
  let depth = 0;
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
      shape.containers++;
      if (depth > shape.depth) shape.depth = depth;
      if (shape.depth > limits.depth || shape.containers > limits.containers) return shape;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44) {
      shape.commas++;
      if (shape.commas > limits.commas) return shape;
    }
  }
  return shape;
}
