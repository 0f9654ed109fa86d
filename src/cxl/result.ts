/**
 * Typed results across the core's boundary. Nothing in `src/cxl` throws past its public API:
 * every fallible operation returns a `Result`. Throwing is reserved for programmer bugs.
 */

/** Where an error or finding is located, and which rule it comes from. */
export interface CxlError {
  /** Stable machine-readable code, e.g. `window.base-unaligned`, `decoder.commit-out-of-order`. */
  code: string;
  /** Human-readable message naming the object path, e.g. "decoder2.0: ways 5 not encodable". */
  message: string;
  /** Component id (e.g. `hb0`, `mem3`) or window id (`cfmw0`) the error is about. */
  component?: string;
  /** Field within the component or file, e.g. `decoders[1].granularity` or `base`. */
  field?: string;
  /** Character or byte offset in the input text or table, when the error is about one place in it. */
  offset?: number;
  /** Spec / Linux / QEMU reference for the rule, e.g. "CXL r3.1 §8.2.4.20.12". */
  spec?: string;
  /** For an error summarizing several (e.g. an invalid topology): each underlying error. */
  causes?: CxlError[];
}

/**
 * Something noticed while building a lab that does not stop it from loading: a decoder that did
 * not commit (the spec's commit checks), or a topology Linux or QEMU would not build. `causes`
 * holds one entry per failed commit check (code `commit.<check id>`, `spec` = its section).
 */
export interface LabFinding extends CxlError {
  severity: 'error' | 'warning';
  /** Whose rule: the CXL specification or the Linux driver. */
  rule: 'spec' | 'linux';
}

export type Result<T, E = CxlError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err(
  code: string,
  message: string,
  where: { component?: string; field?: string; offset?: number; spec?: string } = {},
): { ok: false; error: CxlError } {
  return { ok: false, error: { code, message, ...where } };
}

/** True when `e` says where it is: a component or window id, a field path, or an offset. */
export function isLocated(e: CxlError): boolean {
  return e.component !== undefined || e.field !== undefined || e.offset !== undefined;
}

/** One error standing for several: the message lists every cause, one per line. */
export function combineErrors(code: string, summary: string, causes: CxlError[]): CxlError {
  const lines = causes.map((c) => `  - ${c.message}`);
  return {
    code,
    message: `${summary} (${causes.length} problem${causes.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    causes,
  };
}
