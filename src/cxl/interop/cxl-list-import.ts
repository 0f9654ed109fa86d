/**
 * A real machine → lab: the JSON of `cxl list -BDMPTERvvv` (ndctl cxl/json.c, cxl/filter.c) becomes a
 * `TopologySpec` whose decoders carry the programming the kernel left, so `createLab` programs the
 * same registers and the machine's decode paths can be walked and exercised.
 *
 * Input shapes: the nested listing (bus → `ports:root0` → `endpoints:portN` …), flat listings of
 * several object types (`{"buses":[…]}`, `"root decoders"`, `"anon memdevs"`, …), a single object
 * (`-u` with one result), and any subset of the flags. Numbers may be plain JSON integers or the
 * `-u` forms: `"0x…"` hex and `"256.00 MiB (268.44 MB)"` sizes (rounded to 256 MiB units, the unit
 * of every CXL capacity and decoder size, with a finding when the printed precision is coarser).
 *
 * Mapping:
 * - root decoders `decoder0.k` → windows `cfmw<k>` (same k; a second CXL root's `cfmw<k>-rootN`; range, ways, granularity, targets by UID,
 *   `pmem_capable`/`volatile_capable`/`accelmem_capable`, `qos_class`); the listing shows no
 *   interleave arithmetic, so modulo is assumed (a finding says so for interleaved windows);
 * - host-bridge ports → host bridges (UID from the bus's dport `id`; else from a root decoder target;
 *   else the PCI bus number of `pci0000:bb`, as on QEMU, with a finding); their dports → root ports;
 *   switch ports → switches, their dports → downstream ports; endpoints → Type 3 devices (capacity
 *   and serial from the embedded memdev);
 * - port decoders → HDM decoders with base/size/ways/granularity/targets (target ids are port
 *   numbers); endpoint decoders → HDM decoders with DPA Skip computed from `dpa_resource` the way the
 *   spec accumulates DPABase. Enabled decoders (a size is listed) are committed; disabled ones keep
 *   their listed ways/granularity/targets, uncommitted. A granularity the listing hides (1-way
 *   decoders) is derived the way Linux programs it: the region's granularity times the ways above.
 * - A host bridge with one dport listing one decoder is passthrough (Linux's software decoder, no HDM
 *   registers: Linux drivers/cxl/core/hdm.c devm_cxl_add_passthrough_decoder). Linux 6.1 did so for
 *   HBs with registers too: drivers/cxl/port.c cxl_port_probe took the passthrough decoder for
 *   any single-dport port until "cxl/port: Scan single-target ports for decoders" (April 2023, also
 *   sent to stable).
 *
 * Placement: a port or endpoint sits below its listed `parent_dport` (ndctl v77 and later). Without
 * one (ndctl ≤ v76, Debian 12's), the single dport of the port it is listed under, else the dport
 * its committed region decoders name (`cxl-list/placement.ts`); otherwise it is not guessed but
 * returned in `unplaced` (the UI's tray), with a note. Every inference is a note naming its evidence.
 * Unknown keys are ignored and each named once. Limits: the lab file's (4096 components, 256
 * windows), refused with a named reason; the work is linear in the listing.
 *
 * Missing pieces are findings and stay missing: an endpoint whose parent dport is not listed, a
 * decoder without targets or without `dpa_resource` (left unprogrammed), a root decoder whose targets
 * are not listed (no window). Anonymous memdevs (no endpoint) go to `unplaced`. Host-bridge register bases are not listed:
 * the lab's default layout (0x1_0000_0000 + 64 KiB × n) is used.
 */

import { checkImported } from '../accept.ts';
import { jsonNestingDepth } from '../json-depth.ts';
import { LIMIT_CXL_LIST_TEXT, limitText } from '../limits.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import type { TopologySpec } from '../topology/model.ts';
import { validateTopology } from '../topology/validate.ts';
import { visibleText } from '../visible-text.ts';
import { collect, MAX_DEPTH, MAX_OBJECTS, noteUnknownKeys } from './cxl-list/collect.ts';
import type { ImportContext, UnplacedDevice } from './cxl-list/context.ts';
import { buildDecoders, buildWindows } from './cxl-list/decoders.ts';
import { buildEndpoints, noteIncompleteRegions } from './cxl-list/devices.ts';
import { placementIndex, regionPlacements } from './cxl-list/placement.ts';
import { buildHostBridges, buildSwitches, chooseRoots, findHostBridges } from './cxl-list/ports.ts';
import { Findings, type Json, plural, SPEC } from './cxl-list/values.ts';
import { addRestrictedFromListing } from './cxl-list-rch.ts';

export type { UnplacedDevice } from './cxl-list/context.ts';

/** Largest listing accepted (characters). */
export const MAX_CXL_LIST_CHARS = LIMIT_CXL_LIST_TEXT.value;

/** Longest lab name the import writes. */
const MAX_NAME_CHARS = 256;

export interface CxlListImportOptions {
  name?: string;
}

export interface CxlListImport {
  spec: TopologySpec;
  /** What the listing leaves out or contradicts, and what the import assumed or inferred. */
  findings: CxlError[];
  /** Devices the listing does not attach anywhere (not in `spec`): the user places them. */
  unplaced: UnplacedDevice[];
}

type Refused = Result<CxlListImport, CxlError[]>;

function refuse(code: string, message: string): Refused {
  // Located at the listing as a whole (issue 13: every error has a code, a message and a location).
  return { ok: false, error: [{ code, message, field: 'listing', spec: SPEC }] };
}

/** Phase 0: bounds, then JSON. */
function parse(text: string): { ok: true; root: Json } | { ok: false; refused: Refused } {
  if (typeof text !== 'string')
    return { ok: false, refused: refuse('cxl-list.input', 'expected the listing as text') };
  if (text.length > MAX_CXL_LIST_CHARS) {
    return {
      ok: false,
      refused: refuse(
        'cxl-list.too-large',
        `the listing is ${text.length} characters; the lab reads ${limitText(LIMIT_CXL_LIST_TEXT)}`,
      ),
    };
  }
  if (jsonNestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    return {
      ok: false,
      refused: refuse(
        'cxl-list.too-deep',
        `the JSON nests deeper than ${MAX_DEPTH} levels; not a cxl list output`,
      ),
    };
  }
  try {
    return { ok: true, root: JSON.parse(text) as Json };
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 120) : 'parse error';
    return { ok: false, refused: refuse('cxl-list.json', `not valid JSON: ${visibleText(why)}`) };
  }
}

function newContext(c: ImportContext['c'], findings: Findings): ImportContext {
  return {
    c,
    findings,
    rootIds: new Set(),
    buses: [],
    rootDecoders: [],
    hostBridges: [],
    switchPorts: [],
    components: [],
    dportComponent: new Map(),
    childDports: null,
    dportNames: new Map(),
    ownerComponent: new Map(),
    ownerDports: new Map(),
    occupied: new Map(),
    placementIndex: placementIndex(c, []),
    placements: new Map(),
    type3s: [],
    attached: new Set(),
    unplaced: [],
    windows: [],
    refusal: null,
  };
}

/** The phases, in order; each reads what the ones before it built. */
const PHASES: readonly ((ctx: ImportContext) => void)[] = [
  (ctx) => noteUnknownKeys(ctx.c, ctx.findings),
  chooseRoots,
  findHostBridges,
  (ctx) => {
    ctx.placementIndex = placementIndex(ctx.c, ctx.rootDecoders);
    ctx.placements = regionPlacements(ctx.c, ctx.placementIndex);
  },
  buildHostBridges,
  buildSwitches,
  buildEndpoints,
  buildWindows,
  buildDecoders,
  noteIncompleteRegions,
];

/** Parses `cxl list` JSON into a lab topology (see the module comment). Never throws. */
export function importCxlList(
  text: string,
  options: CxlListImportOptions = {},
): Result<CxlListImport, CxlError[]> {
  if (options.name !== undefined && options.name.length > MAX_NAME_CHARS) {
    return refuse(
      'cxl-list.name',
      `the lab name is ${options.name.length} characters; at most ${MAX_NAME_CHARS}`,
    );
  }
  const parsed = parse(text);
  if (!parsed.ok) return parsed.refused;
  const c = collect(parsed.root);
  if (c.objects > MAX_OBJECTS) return refuse('cxl-list.too-large', `more than ${MAX_OBJECTS} objects`);
  // A memdev-only listing (ndctl v72, or `cxl list -M`) imports when it shows some capacity.
  const sizedMemdev = [...c.memdevs.values()].some((m) => (m.ram ?? 0) + (m.pmem ?? 0) > 0);
  if (c.ports.size === 0 && c.endpoints.size === 0 && c.decoders.size === 0 && !sizedMemdev) {
    return refuse(
      'cxl-list.empty',
      'no CXL buses, ports, endpoints, memdevs or decoders in the listing; list them with cxl list -BDMPTERvvv',
    );
  }
  const ctx = newContext(c, new Findings());
  for (const phase of PHASES) {
    phase(ctx);
    if (ctx.refusal !== null) return refuse(ctx.refusal.code, ctx.refusal.message);
  }
  const findings = ctx.findings.done();
  const rcds = addRestrictedFromListing(parsed.root, ctx, findings); // CXL 1.1 RCH/RCD (cxl-list-rch.ts)
  ctx.unplaced = ctx.unplaced.filter((u) => u.endpoint === null || !rcds.has(u.endpoint));
  const tray = ctx.unplaced.length;
  const spec: TopologySpec = {
    name: options.name ?? 'Imported from cxl list',
    windows: ctx.windows,
    components: [...ctx.components, ...ctx.type3s.map((t) => t.t)],
    notes:
      'Imported from cxl list JSON: decoders as the kernel left them (enabled = committed). ' +
      'Host-bridge register bases are not in the listing (lab defaults used). ' +
      `${findings.length} ${plural(findings.length, 'finding')} at import.` +
      (tray === 0
        ? ''
        : ` ${tray} ${plural(tray, 'device')} not placed (no parent_dport and nothing in the listing determines the port): ${ctx.unplaced
            .slice(0, 16)
            .map((u) => u.device.id)
            .join(', ')}${tray > 16 ? ', …' : ''}.`),
  };
  const valid = validateTopology(spec);
  if (!valid.ok) return { ok: false, error: valid.error };
  // The one acceptance rule (issue 13): the output must load as a lab file.
  const accepted = checkImported(spec, 'cxl list');
  if (!accepted.ok) return accepted;
  return ok({ spec, findings, unplaced: ctx.unplaced });
}
