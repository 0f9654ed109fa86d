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
/**
 * Subtables decoded from one CEDT (a large server has a few dozen: one CHBS per host bridge, one CFMWS
 * per window). Past it the rest of the table is kept raw, with an error naming this limit.
 */
export const LIMIT_CEDT_SUBTABLES = limit('cedt-subtables', 1024, 'subtables');
/** Components in one lab. */
export const LIMIT_COMPONENTS = limit('components', 4096, 'components');
/** HDM decoders per component (the Decoder Count encoding tops out at 32, CXL r3.1 §8.2.4.20.1). */
export const LIMIT_DECODERS = limit('decoders', 32, 'decoders');
/** CXL fixed memory windows in one lab. */
export const LIMIT_WINDOWS = limit('windows', 64, 'windows');
/**
 * JSON nesting depth (brackets) in a lab file or link: 32 levels (a valid file nests 6 deep; the
 * existing worker and file tests hold the lab to 32). `cxl list` output nests deeper in real dumps
 * and is read to `LIMIT_CXL_LIST_DEPTH`.
 */
export const LIMIT_JSON_DEPTH = limit('json-depth', 32, 'levels');
/**
 * Characters of `cxl list` output: 16 MiB. `cxl-lab list` of the 360-component scale-128 preset is
 * 412 558 characters (about 1.15 KiB a component), so a listing of the 4096 components a lab may
 * hold is about 4.6 MiB, and under 10 MiB with every `-vvv` extra; the limit leaves room above that
 * and keeps the parse of the largest accepted listing well under a second.
 */
export const LIMIT_CXL_LIST_TEXT = limit('cxl-list-size', 16 * 2 ** 20, 'characters');
/** JSON nesting depth of `cxl list` output (the importer's own constant, `MAX_DEPTH`, matches). */
export const LIMIT_CXL_LIST_DEPTH = limit('cxl-list-depth', 64, 'levels');
/**
 * Objects and arrays in one lab file, counted before parsing. The largest valid file has about
 * 307 000 (root and lists 3; 64 windows × 4; 4096 components × 72 with 32 decoders and saved
 * registers each; at most ~12 300 memory pages fit in 64 MiB of text, 5462 characters each).
 */
export const LIMIT_JSON_CONTAINERS = limit('json-containers', 400_000, 'objects and arrays');
/**
 * Commas in one lab file (about its values), counted before parsing: 4096 components with every
 * decoder field and a full HDM register dump stay near 2.5 million.
 */
export const LIMIT_JSON_VALUES = limit('json-values', 4_000_000, 'values');
/** Bytes a share or embed link may decompress to; enforced while inflating. */
export const LIMIT_LINK_BYTES = limit('link-size', 8 * 2 ** 20, 'bytes');
/** Compressed size of the written memory a share link includes by default (issue 15): 1 MiB. */
export const LIMIT_LINK_MEMORY = limit('link-memory', 2 ** 20, 'bytes compressed');
/** Parameters in a link's fragment (`lab=`, `tab=`, `sel=`, `access=`, `lesson=`, `step=` …). */
export const LIMIT_LINK_PARAMS = limit('link-params', 16, 'parameters');
/** Length of the pending access a link carries (the access console reads at most 64 KiB). */
export const LIMIT_LINK_ACCESS_BYTES = limit('link-access', 64 * 1024, 'bytes');
/** Findings (validation errors, import notes) listed one by one; the rest become one "and N more". */
export const LIMIT_FINDINGS = limit('findings', 1000, 'findings');
/** Characters of one string in a lab file, `notes` included. */
export const LIMIT_STRING = limit('string', 4096, 'characters');
/** Touched 4 KiB memory pages saved per device. */
export const LIMIT_PAGES = limit('pages', 16384, 'pages');
/** A Type 3 device's Label Storage Area size (Identify's LSA Size field is 32 bits; the lab stops at 1 GiB). */
export const LIMIT_LSA_BYTES = limit('lsa-size', 2 ** 30, 'bytes');
/**
 * Saved LSA chunks in one device's saved state (2 KiB each, so 4 MiB of written labels); the rest of
 * a larger LSA is zero, as when the lab created it.
 */
export const LIMIT_LSA_CHUNKS = limit('lsa-chunks', 2048, 'chunks');
/** Poison records one device keeps (Poison List Maximum Media Error Records is a 3-byte field). */
export const LIMIT_POISON_RECORDS = limit('poison-records', 4096, 'records');
/** Saved event records per device: four logs (information, warning, failure, fatal) of 8 each. */
export const LIMIT_EVENT_RECORDS = limit('event-records', 4 * 8, 'records');
/**
 * `cxl-lab mbox --in` / `--in-json` text: a 2 MiB payload (the 21-bit Payload Length field, CXL 2.0
 * §8.2.8.4.5) written as hex, plus 64 Ki characters for separators and JSON.
 */
export const LIMIT_MBOX_INPUT = limit('mbox-input', 2 * 2 ** 21 + 2 ** 16, 'characters');

/** Hosts in one multi-host lab (issue 18's scale target: 16 hosts). */
export const LIMIT_HOSTS = limit('hosts', 16, 'hosts');
/**
 * Logical devices per multi-logical device: LD-ID 0–15 (CXL 2.0 §2.4, "up to 16 LDs"; the MLD
 * DVSEC "Number of LDs Supported").
 */
export const LIMIT_LDS = limit('lds', 16, 'logical devices');
/** Physical switches, and fabric devices, in one multi-host lab (issue 18: 256 logical devices). */
export const LIMIT_FABRIC_SWITCHES = limit('fabric-switches', 64, 'switches');
export const LIMIT_FABRIC_DEVICES = limit('fabric-devices', 256, 'devices');
/**
 * Physical ports per switch, VCSs per switch and vPPBs per VCS: each is named by a one-byte ID in
 * the FM API (CXL 2.0 §7.6.7.1.2 Port ID, §7.6.7.2.2 VCS ID and vPPB ID), so 256 each.
 */
export const LIMIT_SWITCH_PORTS = limit('switch-ports', 256, 'ports');
export const LIMIT_VCS = limit('vcs', 256, 'virtual switches');
export const LIMIT_VPPBS = limit('vppbs', 256, 'vPPBs');
/** Heads of a multi-headed device (issue 18: a port to each of 2–4 hosts). */
export const LIMIT_HEADS = limit('heads', 4, 'heads');

/** "at most 4096 components (limit "components")": the tail every limit error ends with. */
export function limitText(l: Limit): string {
  return `at most ${l.value} ${l.unit} (limit "${l.name}", docs/limits.md)`;
}

/**
 * Caps a list of findings at `LIMIT_FINDINGS`: the first 1000 stay, the rest become one finding
 * "… and N more" built by `more(n)`. Returns the list unchanged when it is short enough.
 */
export function capFindings<T>(list: readonly T[], more: (rest: number) => T): T[] {
  if (list.length <= LIMIT_FINDINGS.value) return [...list];
  const rest = list.length - LIMIT_FINDINGS.value;
  return [...list.slice(0, LIMIT_FINDINGS.value), more(rest)];
}

/**
 * Notes from importers as one `notes` text within `LIMIT_STRING`: whole lines while they fit, then
 * "… and N more notes" (a lab file refuses longer notes, and an importer's output must load).
 */
export function joinNotes(lines: readonly string[]): string {
  const room = LIMIT_STRING.value - 80;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const text = line.length > 400 ? `${line.slice(0, 399)}…` : line;
    if (used + text.length + 1 > room) break;
    kept.push(text);
    used += text.length + 1;
  }
  const rest = lines.length - kept.length;
  if (rest > 0) kept.push(`… and ${rest} more note${rest === 1 ? '' : 's'} (${limitText(LIMIT_STRING)})`);
  return kept.join('\n');
}
