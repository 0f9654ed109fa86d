/**
 * The one home for the limits that bound untrusted input (lab files, links, CEDT bytes, importers'
 * output) and the work done on it. `docs/limits.md` lists each with where it is enforced.
 */

/** A lab-file limit: its value, and the name every error that enforces it carries. */
export interface Limit {
  readonly name: string;
  readonly value: number;
  /** What is counted, for messages: "characters", "bytes", "components"… */
  readonly unit: string;
}

function limit(name: string, value: number, unit: string): Limit {
  return Object.freeze({ name, value, unit });
}

/** Text read, pasted or opened (lab file, `cxl list` output, stdin): 64 MiB of characters. */
export const LIMIT_TEXT = limit('text', 64 * 2 ** 20, 'characters');
/** A CEDT binary: 1 MiB (real tables are a few hundred bytes; the Table Length field is 32-bit). */
export const LIMIT_CEDT_BYTES = limit('cedt-size', 2 ** 20, 'bytes');

/**
 * `cxl-lab fill-verify` LENGTH: 16 GiB. The range is filled and verified in 32 MiB chunks whose
 * memory is released in between, so memory does not grow with it; the limit bounds the run time
 * (about 3 s of CPU per GiB on the default preset).
 */
export const LIMIT_FILL_BYTES = limit('fill-length', 16 * 2 ** 30, 'bytes');
/**
 * `cxl-lab route --length`: 16 GiB. Its pieces (one per interleave granule, at least 256 B) are
 * streamed, so memory does not grow with them; the limit bounds the output (64 Mi pieces at most,
 * about 100 bytes each without hops).
 */
export const LIMIT_ROUTE_BYTES = limit('route-length', 16 * 2 ** 30, 'bytes');

/** "at most 4096 components (limit "components")": the tail every limit error ends with. */
export function limitText(l: Limit): string {
  return `at most ${l.value} ${l.unit} (limit "${l.name}", docs/limits.md)`;
}
