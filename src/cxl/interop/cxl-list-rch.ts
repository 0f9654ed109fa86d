/**
 * CXL 1.1 hosts in `cxl list` JSON: how Linux lists an RCH and its RCD, and the RCH/RCD a listing
 * gives the lab. Linux adds an RCH only as a dport of the root (id = its UID) and creates no portN
 * for it (drivers/cxl/acpi.c add_host_bridge_dport / add_host_bridge_uport); the RCD's endpoint is a
 * child of the root, so ndctl (≥ v75, cxl/filter.c) lists it under "endpoints:rootN", without
 * parent_dport (cxl/json.c). Its decoders are the ones Linux emulates from the DVSEC ranges
 * (drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec), so each enabled endpoint decoder gives
 * back one DVSEC range.
 */
import type { CxlError } from '../result.ts';
import type {
  DvsecRangeSpec,
  HostBridgeSpec,
  TopologySpec,
  Type3Spec,
  WindowSpec,
} from '../topology/model.ts';
import { hex } from '../units.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPEC = 'linux drivers/cxl/acpi.c add_host_bridge_uport; ndctl cxl/filter.c (endpoints of the root)';
const SEG = 2 ** 28;
/** RCRB bases are not in the listing: 8 KiB blocks from 0xFED0_0000 (the canvas's default too). */
const RCRB_DEFAULT = 0xfed0_0000;
const RCRB_SIZE = 0x2000;
const MAX_ITEMS = 4096;

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function int(v: Json | undefined): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^0x[0-9a-f]{1,13}$/i.test(v)) return Number.parseInt(v.slice(2), 16);
  return null;
}

function list(v: Json | undefined): JsonObject[] {
  return Array.isArray(v) ? v.slice(0, MAX_ITEMS).filter(isObject) : [];
}

/** Every bus object in the listing (one object, an array, or `{"buses": […]}`). */
function buses(root: Json): JsonObject[] {
  const top = Array.isArray(root) ? root.slice(0, MAX_ITEMS) : [root];
  const out: JsonObject[] = [];
  for (const x of top) {
    if (!isObject(x)) continue;
    if (typeof x.bus === 'string') out.push(x);
    out.push(...list(x.buses).filter((b) => typeof b.bus === 'string'));
  }
  return out;
}

interface Rcd {
  endpoint: string;
  memdev: string | null;
  ram: number | null;
  pmem: number | null;
  serial: number | null;
  ranges: DvsecRangeSpec[];
}

function rcdOf(e: JsonObject): Rcd | null {
  const endpoint = typeof e.endpoint === 'string' ? e.endpoint : null;
  if (endpoint === null) return null;
  const md = isObject(e.memdev) ? e.memdev : null;
  const ranges: DvsecRangeSpec[] = [];
  for (const d of list(e[`decoders:${endpoint}`])) {
    const base = int(d.resource);
    const size = int(d.size);
    if (base !== null && size !== null && size > 0) ranges.push({ base, size });
  }
  return {
    endpoint,
    memdev:
      md !== null && typeof md.memdev === 'string' ? md.memdev : typeof e.host === 'string' ? e.host : null,
    ram: md === null ? null : int(md.ram_size),
    pmem: md === null ? null : int(md.pmem_size),
    serial: md === null ? null : int(md.serial),
    ranges: ranges.slice(0, 2),
  };
}

/** The UID a root decoder sends `range` to, when it is a 1-target window containing the range. */
function uidFor(rootDecoders: readonly JsonObject[], range: DvsecRangeSpec): number | null {
  for (const rd of rootDecoders) {
    const base = int(rd.resource);
    const size = int(rd.size);
    const targets = list(rd.targets);
    if (base === null || size === null || targets.length !== 1) continue;
    if (range.base >= base && range.base + range.size <= base + size) return int(targets[0]?.id);
  }
  return null;
}

/**
 * Adds to `spec` an RCH (restricted host bridge) for every root dport whose UID no imported host
 * bridge has and below which the listing places an RCD, that RCD with its DVSEC ranges, and the
 * windows (root decoders) that target only such RCHs. Findings say what was inferred and from what.
 */
export function addRestrictedFromListing(
  root: Json,
  spec: Pick<TopologySpec, 'windows' | 'components' | 'notes'>,
  findings: CxlError[],
): Set<string> {
  const placed = new Set<string>();
  const bus = buses(root)[0];
  if (bus === undefined || typeof bus.bus !== 'string') return placed;
  const rootName = bus.bus;
  const rcds = list(bus[`endpoints:${rootName}`])
    .map(rcdOf)
    .filter((x): x is Rcd => x !== null);
  if (rcds.length === 0) return placed;
  const rootDecoders = list(bus[`decoders:${rootName}`]);
  const knownUids = new Set(spec.components.flatMap((c) => (c.kind === 'host-bridge' ? [c.uid] : [])));
  const rchDports = list(bus.dports).filter((d) => int(d.id) !== null && !knownUids.has(int(d.id) ?? -1));
  const ids = new Set([...spec.components.map((c) => c.id), ...spec.windows.map((w) => w.id)]);
  const note = (code: string, message: string, component?: string) =>
    findings.push({ code, message, spec: SPEC, ...(component === undefined ? {} : { component }) });

  rcds.forEach((rcd) => {
    const first = rcd.ranges[0];
    let uid = first === undefined ? null : uidFor(rootDecoders, first);
    let evidence =
      first === undefined
        ? ''
        : `its decoder range ${hex(first.base)} lies in a window whose one target is UID ${uid}`;
    if (uid === null && rchDports.length === 1 && rcds.length === 1) {
      uid = int(rchDports[0]?.id);
      evidence = `the only root dport without a host-bridge port is UID ${uid}`;
    }
    const dport = rchDports.find((d) => int(d.id) === uid);
    if (uid === null || dport === undefined) {
      note(
        'cxl-list.rcd-unplaced',
        `${rcd.endpoint} (${rcd.memdev ?? '?'}): a restricted device under ${rootName}, but which RCH it sits below is not determined by the listing; left out`,
      );
      return;
    }
    const hbId = `rch${uid}`;
    if (!ids.has(hbId)) {
      const n = spec.components.filter((c) => c.kind === 'host-bridge' && c.restricted === true).length;
      const rch: HostBridgeSpec = {
        kind: 'host-bridge',
        id: hbId,
        uid,
        decoderCount: 0,
        componentRegBase: RCRB_DEFAULT + n * RCRB_SIZE,
        decoders: [],
        restricted: true,
      };
      spec.components.push(rch);
      ids.add(hbId);
      note(
        'cxl-list.rch',
        `${typeof dport.dport === 'string' ? dport.dport : hbId} (UID ${uid}): a root dport with no host-bridge port is a CXL 1.1 restricted host (Linux creates no port for it); imported as ${hbId}, RCRB base not listed (${hex(rch.componentRegBase)} assumed)`,
        hbId,
      );
    }
    const id = rcd.memdev ?? rcd.endpoint;
    const total = rcd.ranges.reduce((s, r) => s + r.size, 0);
    const device: Type3Spec = {
      kind: 'type3',
      id: ids.has(id) ? `${id}-rcd` : id,
      parent: hbId,
      volatile: rcd.ram ?? Math.ceil(total / SEG) * SEG,
      persistent: rcd.pmem ?? 0,
      decoderCount: 0,
      serial: rcd.serial ?? 0,
      decoders: [],
      dvsec: { memEnable: rcd.ranges.length > 0, ranges: rcd.ranges },
    };
    spec.components.push(device);
    ids.add(device.id);
    note(
      'cxl-list.rcd',
      `${rcd.endpoint} (${rcd.memdev ?? '?'}) placed below ${hbId}: ${evidence}; its enabled decoders give ${rcd.ranges.length} DVSEC range(s) (Linux emulates decoders from the DVSEC)`,
      device.id,
    );
    dropStale(findings, rcd);
    placed.add(rcd.endpoint);
  });
  addRchWindows(rootDecoders, spec, findings);
  return placed;
}

/** Root decoders whose one target is an RCH the listing gave: windows, as the main importer would make them. */
function addRchWindows(
  rootDecoders: readonly JsonObject[],
  spec: Pick<TopologySpec, 'windows' | 'components' | 'notes'>,
  findings: CxlError[],
): void {
  const rchByUid = new Map(
    spec.components.flatMap((c) =>
      c.kind === 'host-bridge' && c.restricted === true ? [[c.uid, c.id] as const] : [],
    ),
  );
  for (const rd of rootDecoders) {
    const name = typeof rd.decoder === 'string' ? rd.decoder : '';
    const index = /^decoder\d+\.(\d+)$/.exec(name)?.[1];
    const targets = list(rd.targets);
    const hb = targets.length === 1 ? rchByUid.get(int(targets[0]?.id) ?? -1) : undefined;
    const base = int(rd.resource);
    const size = int(rd.size);
    if (index === undefined || hb === undefined || base === null || size === null) continue;
    const id = `cfmw${index}`;
    if (spec.windows.some((w) => w.id === id)) continue;
    const window: WindowSpec = {
      id,
      base,
      size,
      ways: 1,
      granularity: 256,
      arithmetic: 'modulo',
      xormaps: [],
      targets: [hb],
      restrictions: [
        'type3',
        ...(rd.volatile_capable === true ? (['volatile'] as const) : []),
        ...(rd.pmem_capable === true ? (['persistent'] as const) : []),
      ],
      qtg:
        typeof rd.qos_class === 'number' && Number.isInteger(rd.qos_class) && rd.qos_class >= 0
          ? rd.qos_class
          : 0,
    };
    spec.windows.push(window);
    // The main import could not resolve this window's target; it is resolved now.
    for (let i = findings.length - 1; i >= 0; i--) {
      const f = findings[i];
      if (f?.code === 'cxl-list.targets-missing' && f.message.startsWith(`${name}:`)) findings.splice(i, 1);
    }
  }
  spec.windows.sort((a, b) => a.base - b.base);
  if (spec.notes !== undefined)
    spec.notes = spec.notes.replace(/\d+ findings? at import\./, `${findings.length} findings at import.`);
}

/** The main import's notes that this RCD was left out, now wrong. */
function dropStale(findings: CxlError[], rcd: Rcd): void {
  const stale = (f: CxlError): boolean =>
    ((f.code === 'cxl-list.parent-missing' || f.code === 'cxl-list.unplaced') &&
      f.message.startsWith(`${rcd.endpoint} `)) ||
    (f.code === 'cxl-list.memdev-unattached' &&
      rcd.memdev !== null &&
      f.message.startsWith(`${rcd.memdev} `)) ||
    (f.code === 'cxl-list.owner-missing' && f.message.includes(`: ${rcd.endpoint} is not listed`));
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i];
    if (f !== undefined && stale(f)) findings.splice(i, 1);
  }
}
