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
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { acceptLabText } from '../accept.ts';
import { decodeBase64, encodeBase64 } from '../base64.ts';
import { LIMIT_LINK_BYTES } from '../limits.ts';
import { PAGE_SIZE } from '../memory/sparse-memory.ts';
import { type CxlError, err, ok, type Result } from '../result.ts';
import { type LabFile, serializeLabFile } from '../topology/file.ts';
import type { TopologySpec } from '../topology/model.ts';
import { formatBytes } from '../units.ts';

/** The fragment parameter: `#lab=…`. */
export const SHARE_FRAGMENT_KEY = 'lab';
/** Longest fragment accepted or produced (browsers cap URLs around 2 MB). */
export const MAX_SHARE_FRAGMENT_CHARS = 2_000_000;
/** Largest decompressed lab file a link may carry: `LIMIT_LINK_BYTES`, enforced while inflating. */
export const MAX_SHARE_JSON_BYTES = LIMIT_LINK_BYTES.value;
/** Touched memory carried by default when memory is included: 64 KiB (16 pages). */
export const DEFAULT_SHARE_MEMORY_BYTES = 64 * 1024;
/** Hard cap on memory in a link, whatever the caller asks. */
const MAX_SHARE_MEMORY_BYTES = 1024 * 1024;
/** Compressed bytes fed to the inflater at a time (bounds the overshoot past the output limit). */
const INFLATE_CHUNK = 1024;

export interface ShareLinkOptions {
  /** Carry touched memory pages. Default false. */
  includeMemory?: boolean;
  /** Most memory to carry, in bytes (whole 4 KiB pages). Default 64 KiB; at most 1 MiB. */
  memoryLimitBytes?: number;
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
  warnings: string[];
}

function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Result<Uint8Array> {
  if (text.length % 4 === 1) return err('share.base64', 'the link data has an impossible base64url length');
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bytes = decodeBase64(padded);
  return bytes.ok ? bytes : err('share.base64', `the link data is not base64url: ${bytes.error.message}`);
}

/** Encodes a lab file (or a bare topology) as a `#lab=…` fragment. */
export function encodeShareFragment(
  input: LabFile | TopologySpec,
  options: ShareLinkOptions = {},
): Result<ShareFragment> {
  const file: LabFile = 'spec' in input ? input : { spec: input, registers: new Map(), memory: new Map() };
  const limit = Math.max(
    0,
    Math.min(MAX_SHARE_MEMORY_BYTES, options.memoryLimitBytes ?? DEFAULT_SHARE_MEMORY_BYTES),
  );
  const warnings: string[] = [];
  const memory = new Map<string, (readonly [number, Uint8Array])[]>();
  let included = 0;
  let omitted = 0;
  for (const c of file.spec.components) {
    const pages = file.memory.get(c.id) ?? [];
    for (const page of pages) {
      if (options.includeMemory === true && (included + 1) * PAGE_SIZE <= limit) {
        const list = memory.get(c.id) ?? [];
        list.push(page);
        memory.set(c.id, list);
        included++;
      } else omitted++;
    }
  }
  if (options.includeMemory === true && omitted > 0) {
    warnings.push(
      `${omitted} touched page${omitted === 1 ? '' : 's'} (${formatBytes(omitted * PAGE_SIZE)}) left out: the link carries at most ${formatBytes(limit)} of memory`,
    );
  }
  const pretty = serializeLabFile({ spec: file.spec, registers: file.registers, memory });
  const json = JSON.stringify(JSON.parse(pretty));
  const raw = strToU8(json);
  if (raw.length > MAX_SHARE_JSON_BYTES) {
    return err(
      'share.too-large',
      `the lab file is ${formatBytes(raw.length)} of JSON; a link carries at most ${formatBytes(MAX_SHARE_JSON_BYTES)}`,
    );
  }
  // A link is only made for a lab that opens (the same rule `decodeShareFragment` applies).
  const accepted = acceptLabText(json);
  if (!accepted.ok) {
    const first = accepted.error[0];
    return err(
      'share.invalid-lab',
      `the lab would not open from a link: ${first?.message ?? 'refused'}${accepted.error.length > 1 ? ` (and ${accepted.error.length - 1} more)` : ''}`,
      first?.component !== undefined ? { component: first.component } : {},
    );
  }
  const compressed = deflateSync(raw, { level: 9 });
  const fragment = `#${SHARE_FRAGMENT_KEY}=${toBase64Url(compressed)}`;
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
    pagesOmitted: omitted,
    warnings,
  });
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
 * Decodes a share link (a full URL, `#lab=…`, `lab=…` or the bare data) into a validated lab file.
 * Untrusted input: every failure is an error saying what is wrong.
 */
export function decodeShareFragment(input: string): Result<LabFile, CxlError[]> {
  // Errors about the link itself are located at `link` (the lab file's own errors carry their path).
  const fail = (e: CxlError): Result<LabFile, CxlError[]> => ({
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
  const bytes = fromBase64Url(payload.value);
  if (!bytes.ok) return fail(bytes.error);
  const raw = inflateBounded(bytes.value, MAX_SHARE_JSON_BYTES);
  if (!raw.ok) return fail(raw.error);
  let text: string;
  try {
    text = strFromU8(raw.value);
  } catch {
    return fail({ code: 'share.utf8', message: 'the link data is not UTF-8 text' });
  }
  // The one acceptance rule: what `cxl-lab check` and the UI's open accept, saved registers included.
  const accepted = acceptLabText(text);
  if (!accepted.ok) {
    return {
      ok: false,
      error: accepted.error.map((e) => ({ ...e, message: `the linked lab file: ${e.message}` })),
    };
  }
  return ok(accepted.value.file);
}
