/**
 * Share links: a whole lab file (topology, decoder programming, saved registers and, optionally,
 * touched memory up to a limit) in a URL fragment, `#lab=<base64url of deflate-raw of the compact
 * cxl-lab/1 JSON>`. The fragment never reaches a server.
 *
 * Decoding treats the link as untrusted input: the text is bounded before anything else, the
 * base64url alphabet is checked, decompression stops as soon as its output passes
 * `MAX_SHARE_JSON_BYTES` (a deflate bomb costs at most about one input chunk's worth of output
 * beyond the limit), and the JSON goes through `parseLabFile`, which validates the schema and the
 * topology. Every failure is an error saying what is wrong; nothing half-loaded is returned.
 *
 * Compression is fflate's raw DEFLATE (pure JavaScript, no DOM or Node APIs).
 */
import { deflateSync, Inflate, strFromU8 } from 'fflate';
import { type AcceptedAnyLab, acceptAnyLabText } from '../accept.ts';
import { decodeBase64, encodeBase64 } from '../base64.ts';
import type { FabricLabFile } from '../fabric/fabric-lab.ts';
import type { AnyLabFile } from '../fabric/file.ts';
import { LESSON_LIMITS } from '../lesson/types.ts';
import { LIMIT_LINK_BYTES, LIMIT_LINK_MEMORY } from '../limits.ts';
import { PAGE_SIZE } from '../memory/sparse-memory.ts';
import { type CxlError, err, ok, type Result } from '../result.ts';
import type { LabFile } from '../topology/file.ts';
import type { TopologySpec } from '../topology/model.ts';
import { CXL_ROOT_ID } from '../topology/reserved-ids.ts';
import { formatBytes } from '../units.ts';
import {
  encodeLinkState,
  fragmentParams,
  type LessonLinkSource,
  type LinkCodec,
  type LinkState,
  readLinkState,
  type ShareView,
} from './link-state.ts';
import { multiHostPayload, type SharePayload, singleHostPayload } from './share-payload.ts';

/** The fragment parameter: `#lab=…`. */
export const SHARE_FRAGMENT_KEY = 'lab';
/** Longest fragment accepted or produced (browsers cap URLs around 2 MB). */
export const MAX_SHARE_FRAGMENT_CHARS = 2_000_000;
/** Largest decompressed lab file a link may carry: `LIMIT_LINK_BYTES`, enforced while inflating. */
export const MAX_SHARE_JSON_BYTES = LIMIT_LINK_BYTES.value;
/** Touched memory carried by default when memory is included with a limit: 64 KiB (16 pages). */
export const DEFAULT_SHARE_MEMORY_BYTES = 64 * 1024;
/** Hard cap on memory in a link, whatever the caller asks. */
const MAX_SHARE_MEMORY_BYTES = 1024 * 1024;
/** Compressed bytes fed to the inflater at a time (bounds the overshoot past the output limit). */
const INFLATE_CHUNK = 1024;

export interface ShareLinkOptions {
  /**
   * Carry written memory: false (default) leaves it out; true carries whole pages up to
   * `memoryLimitBytes`; 'auto' carries all of it when it compresses to under `LIMIT_LINK_MEMORY`
   * (1 MiB) and the link stays within its limits, else none, with a warning saying why and how much.
   */
  includeMemory?: boolean | 'auto';
  /** With `includeMemory: true`: most memory to carry, in bytes (whole 4 KiB pages). Default 64 KiB; at most 1 MiB. */
  memoryLimitBytes?: number;
  /** Dock tab, selection and pending access to carry (issue 15). */
  view?: ShareView;
}

/** Written memory left out of a link, and why (for the Share dialog to say). */
export interface MemoryLeftOut {
  pages: number;
  bytes: number;
  /** What the memory compresses to, when it was measured. */
  compressedBytes?: number;
  reason: string;
}

export interface ShareFragment {
  /** `#lab=…`, ready to append to the lab's URL. */
  fragment: string;
  /** Size of the JSON that was compressed. */
  jsonBytes: number;
  compressedBytes: number;
  pagesIncluded: number;
  /** Touched pages left out (memory not requested, or over the limit). */
  pagesOmitted: number;
  /** Set when memory was asked for ('auto' or true) and some or all of it was left out. */
  memoryLeftOut?: MemoryLeftOut;
  warnings: string[];
}

export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Result<Uint8Array> {
  if (text.length % 4 === 1) return err('share.base64', 'the link data has an impossible base64url length');
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bytes = decodeBase64(padded);
  return bytes.ok ? bytes : err('share.base64', `the link data is not base64url: ${bytes.error.message}`);
}

/** The compression helpers, for the link-state parameters (`link-state.ts`). */
export const LINK_CODEC: LinkCodec = {
  toBase64Url,
  fromBase64Url,
  deflate: (bytes) => deflateSync(bytes, { level: 9 }),
  inflate: (bytes, limit) => inflateBounded(bytes, limit),
};

/** JSON characters one saved 4 KiB page takes (base64 plus its DPA), to refuse huge memory before serializing it. */
const PAGE_JSON_CHARS = 5462 + 40;

interface Packed {
  raw: Uint8Array;
  compressed: Uint8Array;
  included: number;
  omitted: number;
  leftOut?: MemoryLeftOut;
  warnings: string[];
}

/** A compressed size for people: "1.55 MiB" (compressed sizes are never round, unlike `formatBytes`'s). */
function roughMiB(n: number): string {
  return `${(n / 2 ** 20).toFixed(2)} MiB`;
}

/** The 'auto' policy: all written memory when it compresses to under `LIMIT_LINK_MEMORY`, else none. */
function packAuto(payload: SharePayload): Packed {
  const pages = payload.pages;
  const bare = payload.json(0);
  const bareCompressed = deflateSync(bare, { level: 9 });
  const none = (leftOut: MemoryLeftOut): Packed => ({
    raw: bare,
    compressed: bareCompressed,
    included: 0,
    omitted: pages,
    leftOut,
    warnings: [`Written memory left out: ${leftOut.reason}`],
  });
  if (pages === 0) return { raw: bare, compressed: bareCompressed, included: 0, omitted: 0, warnings: [] };
  const bytes = pages * PAGE_SIZE;
  const what = `${pages} written page${pages === 1 ? '' : 's'} (${formatBytes(bytes)})`;
  if (bare.length + pages * PAGE_JSON_CHARS > MAX_SHARE_JSON_BYTES) {
    return none({
      pages,
      bytes,
      reason: `${what} would make the lab data larger than the ${formatBytes(LIMIT_LINK_BYTES.value)} a link carries (limit "${LIMIT_LINK_BYTES.name}", docs/limits.md); save the lab as a file to pass memory on`,
    });
  }
  const raw = payload.json(Number.POSITIVE_INFINITY);
  const compressed = deflateSync(raw, { level: 9 });
  const memoryCompressed = Math.max(0, compressed.length - bareCompressed.length);
  if (raw.length > MAX_SHARE_JSON_BYTES || memoryCompressed >= LIMIT_LINK_MEMORY.value) {
    return none({
      pages,
      bytes,
      compressedBytes: memoryCompressed,
      reason: `${what} take ${roughMiB(memoryCompressed)} compressed (${memoryCompressed} bytes); a link includes memory only under ${formatBytes(LIMIT_LINK_MEMORY.value)} compressed (limit "${LIMIT_LINK_MEMORY.name}", docs/limits.md); save the lab as a file to pass memory on`,
    });
  }
  return { raw, compressed, included: pages, omitted: 0, warnings: [] };
}

/** The `includeMemory: boolean` policies (none, or whole pages up to a limit). */
function packLimited(payload: SharePayload, options: ShareLinkOptions): Packed {
  const limit = Math.max(
    0,
    Math.min(MAX_SHARE_MEMORY_BYTES, options.memoryLimitBytes ?? DEFAULT_SHARE_MEMORY_BYTES),
  );
  const asked = options.includeMemory === true;
  // Whole pages, in the payload's order, while they fit under the limit.
  const included = asked ? Math.min(payload.pages, Math.floor(limit / PAGE_SIZE)) : 0;
  const omitted = payload.pages - included;
  const warnings: string[] = [];
  let leftOut: MemoryLeftOut | undefined;
  if (asked && omitted > 0) {
    const reason = `${omitted} touched page${omitted === 1 ? '' : 's'} (${formatBytes(omitted * PAGE_SIZE)}) left out: the link carries at most ${formatBytes(limit)} of memory`;
    warnings.push(reason);
    leftOut = { pages: omitted, bytes: omitted * PAGE_SIZE, reason };
  }
  const raw = payload.json(included);
  const compressed = raw.length > MAX_SHARE_JSON_BYTES ? new Uint8Array(0) : deflateSync(raw, { level: 9 });
  return { raw, compressed, included, omitted, warnings, ...(leftOut === undefined ? {} : { leftOut }) };
}

/** The payload of a single-host file, a bare topology, or a multi-host file (`FabricLab.toFile()`). */
function payloadFor(input: LabFile | TopologySpec | FabricLabFile): SharePayload {
  if ('media' in input) return multiHostPayload(input);
  return singleHostPayload(
    'spec' in input ? input : { spec: input, registers: new Map(), memory: new Map() },
  );
}

/**
 * Encodes a lab file (a single-host one, a bare topology, or a multi-host `cxl-lab/2` lab, issue 18),
 * and optionally what the learner was looking at, as a `#lab=…` fragment.
 */
export function encodeShareFragment(
  input: LabFile | TopologySpec | FabricLabFile,
  options: ShareLinkOptions = {},
): Result<ShareFragment> {
  const payload = payloadFor(input);
  const packed = options.includeMemory === 'auto' ? packAuto(payload) : packLimited(payload, options);
  const { raw, compressed, included } = packed;
  if (raw.length > MAX_SHARE_JSON_BYTES) {
    return err(
      'share.too-large',
      `the lab file is ${formatBytes(raw.length)} of JSON; a link carries at most ${formatBytes(MAX_SHARE_JSON_BYTES)}`,
    );
  }
  // A link is only made for a lab that opens (the same rule `decodeShareFragment` applies).
  const accepted = acceptAnyLabText(strFromU8(raw));
  if (!accepted.ok) {
    const first = accepted.error[0];
    return err(
      'share.invalid-lab',
      `the lab would not open from a link: ${first?.message ?? 'refused'}${accepted.error.length > 1 ? ` (and ${accepted.error.length - 1} more)` : ''}`,
      first?.component !== undefined ? { component: first.component } : {},
    );
  }
  const state = options.view === undefined ? '' : encodeLinkState({ view: options.view }, LINK_CODEC);
  const fragment = `#${SHARE_FRAGMENT_KEY}=${toBase64Url(compressed)}${state}`;
  if (fragment.length > MAX_SHARE_FRAGMENT_CHARS) {
    return err(
      'share.too-large',
      `the link would be ${fragment.length} characters (at most ${MAX_SHARE_FRAGMENT_CHARS})${included > 0 ? '; leave out memory or lower the memory limit' : ''}`,
    );
  }
  return ok({
    fragment,
    jsonBytes: raw.length,
    compressedBytes: compressed.length,
    pagesIncluded: included,
    pagesOmitted: packed.omitted,
    ...(packed.leftOut === undefined ? {} : { memoryLeftOut: packed.leftOut }),
    warnings: packed.warnings,
  });
}

/** A link that opens lesson `source` (a built-in id, or a teacher's file) at `step` (an id). */
export function encodeLessonLink(source: LessonLinkSource, step?: string): Result<string> {
  if ('text' in source && source.text.length > LESSON_LIMITS.maxChars) {
    return err(
      'share.too-large',
      `the lesson is ${source.text.length} characters; a lesson is at most ${LESSON_LIMITS.maxChars}`,
    );
  }
  const params = encodeLinkState(
    { view: {}, lesson: source, ...(step === undefined ? {} : { step }) },
    LINK_CODEC,
  );
  const fragment = `#${params.slice(1)}`;
  if (fragment.length > MAX_SHARE_FRAGMENT_CHARS) {
    return err(
      'share.too-large',
      `the lesson link would be ${fragment.length} characters (at most ${MAX_SHARE_FRAGMENT_CHARS})`,
    );
  }
  return ok(fragment);
}

/** The payload of `…#lab=X`, `#lab=X`, `lab=X` or a bare `X`. */
function payloadOf(input: string): Result<string> {
  let text = input.trim();
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  if (text.includes('=') || hash >= 0) {
    const params = text.split('&');
    const found = params.find((p) => p.startsWith(`${SHARE_FRAGMENT_KEY}=`));
    if (found === undefined) {
      return err(
        'share.no-lab',
        `the link has no "${SHARE_FRAGMENT_KEY}=" in its fragment (expected #${SHARE_FRAGMENT_KEY}=…)`,
      );
    }
    text = found.slice(SHARE_FRAGMENT_KEY.length + 1);
  }
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return err('share.base64', 'the link data has a broken %-escape');
    }
  }
  if (text.length === 0) return err('share.empty', 'the link carries no lab data');
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad !== null) {
    return err(
      'share.base64',
      `the link data has a character outside base64url at position ${bad.index} (${JSON.stringify(bad[0])}); was the link cut or altered?`,
    );
  }
  return ok(text);
}

/** Inflates raw DEFLATE, giving up as soon as the output passes `limit` bytes. */
function inflateBounded(data: Uint8Array, limit: number): Result<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  try {
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > limit) over = true;
      else chunks.push(chunk);
    });
    for (let off = 0; off < data.length && !over; off += INFLATE_CHUNK) {
      const end = Math.min(data.length, off + INFLATE_CHUNK);
      inflater.push(data.subarray(off, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    const why = e instanceof Error ? e.message : 'decompression failed';
    return err('share.deflate', `the link data does not decompress (${why}); was the link cut or altered?`);
  }
  if (over) {
    return err(
      'share.too-large',
      // This exact text is asserted by tests/unit/share-link.test.ts; the limit is LIMIT_LINK_BYTES.
      `the link decompresses to more than ${formatBytes(limit)}; refusing it (a lab link is far smaller)`,
    );
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return ok(out);
}

/**
 * Decodes a share link (a full URL, `#lab=…`, `lab=…` or the bare data) into a validated lab file:
 * `cxl-lab/1`, or `cxl-lab/2` for a multi-host lab (the JSON's `format` says which). Untrusted input:
 * every failure is an error saying what is wrong.
 */
export function decodeShareFragment(input: string): Result<AnyLabFile, CxlError[]> {
  // Errors about the link itself are located at `link` (the lab file's own errors carry their path).
  const fail = (e: CxlError): Result<AnyLabFile, CxlError[]> => ({
    ok: false,
    error: [{ field: 'link', ...e }],
  });
  if (typeof input !== 'string') return fail({ code: 'share.input', message: 'expected the link as text' });
  if (input.length > MAX_SHARE_FRAGMENT_CHARS + 4096) {
    return fail({
      code: 'share.too-large',
      message: `the link is ${input.length} characters; the lab reads at most ${MAX_SHARE_FRAGMENT_CHARS}`,
    });
  }
  const payload = payloadOf(input);
  if (!payload.ok) return fail(payload.error);
  const lab = labFromData(payload.value);
  if (!lab.ok) return lab;
  return ok(
    lab.value.hosts === 'single'
      ? { hosts: 'single', file: lab.value.file }
      : { hosts: 'multi', file: lab.value.file },
  );
}

/** The lab in a link's base64url data (already %-decoded): checked, inflated within the limit, accepted. */
function labFromData(data: string): Result<AcceptedAnyLab, CxlError[]> {
  const fail = (e: CxlError): Result<AcceptedAnyLab, CxlError[]> => ({
    ok: false,
    error: [{ field: 'link', ...e }],
  });
  if (data.length === 0) return fail({ code: 'share.empty', message: 'the link carries no lab data' });
  const bad = /[^A-Za-z0-9_-]/.exec(data);
  if (bad !== null) {
    return fail({
      code: 'share.base64',
      message: `the link data has a character outside base64url at position ${bad.index} (${JSON.stringify(bad[0])}); was the link cut or altered?`,
    });
  }
  const bytes = fromBase64Url(data);
  if (!bytes.ok) return fail(bytes.error);
  const raw = inflateBounded(bytes.value, MAX_SHARE_JSON_BYTES);
  if (!raw.ok) return fail(raw.error);
  let text: string;
  try {
    text = strFromU8(raw.value);
  } catch {
    return fail({ code: 'share.utf8', message: 'the link data is not UTF-8 text' });
  }
  // The one acceptance rule: what the UI's File ▸ Open accepts (either format), saved registers included.
  const accepted = acceptAnyLabText(text);
  if (!accepted.ok) {
    return {
      ok: false,
      error: accepted.error.map((e) => ({ ...e, message: `the linked lab file: ${e.message}` })),
    };
  }
  return ok(accepted.value);
}

/**
 * What a link opens: a lab file (`file` for a single-host lab, `fabric` for a multi-host one; neither
 * for a link that only starts a lesson) and the state beside it.
 */
export interface SharedLink {
  file?: LabFile;
  fabric?: FabricLabFile;
  state: LinkState;
}

/** The fragment's parameters: after `#`, or the whole text when it has `=`; bare data is a lab's. */
function paramsText(input: string): string {
  const text = input.trim();
  const hash = text.indexOf('#');
  if (hash >= 0) return text.slice(hash + 1);
  return text.includes('=') ? text : `${SHARE_FRAGMENT_KEY}=${text}`;
}

/** Whether `id` names something `spec` has (a component, a window, or the CXL root node). */
function namesNode(spec: TopologySpec, id: string): boolean {
  return (
    id === CXL_ROOT_ID || spec.components.some((c) => c.id === id) || spec.windows.some((w) => w.id === id)
  );
}

/**
 * The view's checks against the linked lab. Single-host: the selection names a node, and no `host=`.
 * Multi-host (issue 18): `host=` names one of its hosts (the host the view, selection and access
 * belong to; default the first). A multi-host selection is a component of that host's view or a
 * fabric part's canvas node (`src/lib/fabric-node-ids.ts`), which the app checks when it restores it.
 */
function viewProblems(lab: AcceptedAnyLab, view: LinkState['view']): CxlError[] {
  const problem = (param: string, code: string, message: string): CxlError => ({
    code: `link.${code}`,
    field: `link.${param}`,
    message: `the link's "${param}=": ${message}`,
  });
  if (lab.hosts === 'single') {
    const out: CxlError[] = [];
    if (view.host !== undefined)
      out.push(problem('host', 'host', `names host "${view.host}" but the linked lab has one host`));
    if (view.selection !== undefined && !namesNode(lab.file.spec, view.selection))
      out.push(problem('sel', 'selection', `the linked lab has no component or window "${view.selection}"`));
    return out;
  }
  const hosts = lab.lab.hostIds;
  if (view.host !== undefined && !hosts.includes(view.host)) {
    return [
      problem('host', 'host', `the linked lab has no host "${view.host}" (its hosts: ${hosts.join(', ')})`),
    ];
  }
  return [];
}

/**
 * Decodes a share link with everything it carries: the lab (as `decodeShareFragment`), the dock
 * tab, selection and pending access, and a lesson with its step. Old `#lab=…` links decode as
 * before. Untrusted input: every failure is an error saying which parameter and why; nothing
 * half-loaded is returned.
 */
export function decodeShareLink(input: string): Result<SharedLink, CxlError[]> {
  const fail = (errors: CxlError[]): Result<SharedLink, CxlError[]> => ({
    ok: false,
    error: errors.map((e) => ({ field: 'link', ...e })),
  });
  if (typeof input !== 'string') return fail([{ code: 'share.input', message: 'expected the link as text' }]);
  if (input.length > MAX_SHARE_FRAGMENT_CHARS + 4096) {
    return fail([
      {
        code: 'share.too-large',
        message: `the link is ${input.length} characters; the lab reads at most ${MAX_SHARE_FRAGMENT_CHARS}`,
      },
    ]);
  }
  const { params, errors } = fragmentParams(paramsText(input));
  if (errors.length > 0) return fail(errors);
  const { state, errors: stateErrors } = readLinkState(params, LINK_CODEC);
  const lab = params.get(SHARE_FRAGMENT_KEY);
  if (lab === undefined && state.lesson === undefined && stateErrors.length === 0) {
    return fail([
      {
        code: 'share.no-lab',
        message: `the link has no "${SHARE_FRAGMENT_KEY}=" or "lesson=" in its fragment (expected #${SHARE_FRAGMENT_KEY}=… or #lesson=…)`,
      },
    ]);
  }
  let accepted: AcceptedAnyLab | undefined;
  if (lab !== undefined) {
    const decoded = labFromData(lab);
    if (!decoded.ok) return fail([...stateErrors, ...decoded.error]);
    accepted = decoded.value;
    stateErrors.push(...viewProblems(accepted, state.view));
  } else if (state.view.host !== undefined) {
    stateErrors.push({
      code: 'link.host',
      field: 'link.host',
      message: `the link's "host=": names host "${state.view.host}" but the link carries no lab`,
    });
  }
  if (stateErrors.length > 0) return fail(stateErrors);
  if (accepted === undefined) return ok({ state });
  return ok(accepted.hosts === 'single' ? { file: accepted.file, state } : { fabric: accepted.file, state });
}
