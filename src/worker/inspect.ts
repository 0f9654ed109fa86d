/**
 * DOC: the worker's inspection requests (`inspect-types.ts`), as plain functions of a lab: register
 * dumps decoded field by field from the core's field tables, per-field and decoded-unit MMIO writes,
 * the CEDT, DPA pages, the reverse map, routed batches and per-piece decode traces. Every change to
 * registers is a 32-bit MMIO write through the lab (`Lab.mmioWrite32`), so the commit state machine
 * answers exactly as it does for the CLI and for file loading. Unit-tested in
 * `tests/unit/worker-inspect.test.ts`.
 */
import type { AccessPiece, MemoryLab } from '../cxl/decode/access.ts';
import {
  buildCedt,
  CACHEMEM_OFFSET,
  CAP_ID,
  COMMIT_CHECKS,
  type CommitFailure,
  type CxlError,
  cxlCapabilityHeader,
  cxlCapabilityPointer,
  decodeCedt,
  decoderRegOffset,
  eigToGranularity,
  eiwToWays,
  encToDecoderCount,
  err,
  type FieldDef,
  granularityToEig,
  HDM_DECODER_STRIDE,
  HDM_DECODER0_OFFSET,
  HDM_SPEC,
  hdmDecoderBaseHigh,
  hdmDecoderBaseLow,
  hdmDecoderCapability,
  hdmDecoderControl,
  hdmDecoderDpaSkipHigh,
  hdmDecoderDpaSkipLow,
  hdmDecoderGlobalControl,
  hdmDecoderSizeHigh,
  hdmDecoderSizeLow,
  hdmDecoderTargetListHigh,
  hdmDecoderTargetListLow,
  hpasForDpa,
  type Lab,
  maskOf,
  ok,
  type RegDef,
  type Result,
  route,
  setField,
  subtableFieldList,
  TARGET_FIELDS,
  walk,
  waysToEiw,
} from '../cxl/index.ts';
import { HDM_ALIGNMENT } from '../cxl/spec/hdm-constants.ts';
import { ADDRESS_LIMIT, formatBytes, hex, TWO_POW_32 } from '../cxl/units.ts';
import type {
  AccessTrace,
  CedtView,
  CommitFailureView,
  DecoderChange,
  DecoderDetail,
  MmioWriteResult,
  RegisterDump,
  RegisterFieldView,
  RegisterGroup,
  RegisterView,
  ReverseHit,
  RoutedAddress,
  RouteHop,
} from './inspect-types.ts';
import { restrictedDump } from './rch-inspect.ts';

/** Pieces of one access that get a full trace (the animation shows them one after another). */
export const MAX_TRACED_PIECES = 16;
/** Largest DPA read the hex view makes at once. */
export const MAX_DPA_READ = 64 * 1024;
/** Most addresses one `route.batch` routes. */
export const MAX_ROUTE_BATCH = 1024;

const PAGE_SIZE = 4096;

/** Spec section per register table (CXL r3.1). */
const SECTION = new Map<RegDef, string>([
  [cxlCapabilityHeader, 'CXL r3.1 §8.2.4.1'],
  [cxlCapabilityPointer, 'CXL r3.1 §8.2.4 (Table 8-22)'],
  [hdmDecoderCapability, `${HDM_SPEC}.1`],
  [hdmDecoderGlobalControl, `${HDM_SPEC}.2`],
  [hdmDecoderBaseLow, `${HDM_SPEC}.3`],
  [hdmDecoderBaseHigh, `${HDM_SPEC}.4`],
  [hdmDecoderSizeLow, `${HDM_SPEC}.5`],
  [hdmDecoderSizeHigh, `${HDM_SPEC}.6`],
  [hdmDecoderControl, `${HDM_SPEC}.7`],
  [hdmDecoderTargetListLow, `${HDM_SPEC}.8`],
  [hdmDecoderDpaSkipLow, `${HDM_SPEC}.9`],
  [hdmDecoderTargetListHigh, `${HDM_SPEC}.10`],
  [hdmDecoderDpaSkipHigh, `${HDM_SPEC}.11`],
]);

const CAP_NAMES = new Map<number, string>([
  [CAP_ID.cxl, 'CXL'],
  [CAP_ID.ras, 'RAS'],
  [CAP_ID.link, 'Link'],
  [CAP_ID.hdmDecoder, 'HDM Decoder'],
]);

const COHERENCY = ['unknown', 'device-coherent only', 'host-only only', 'device-coherent or host-only'];

const HARDWIRED_CONTROL = new Set(['bi', 'uio', 'uig', 'uiw', 'isp']);

interface FieldContext {
  lab: Lab;
  component: string;
  /** The decoder's ways, for target entries beyond them. */
  ways: number | null;
}

function portName(ctx: FieldContext, port: number): string {
  const id = ctx.lab.topology.portsByNumber.get(ctx.component)?.get(port);
  return id === undefined ? `port ${port} (no such port)` : `port ${port} → ${id}`;
}

/** The value of one field in the units people think in. */
function fieldMeaning(def: RegDef, f: FieldDef, value: number, ctx: FieldContext): string {
  if (f.access === 'RsvdP') return 'reserved';
  const yesNo = (yes: string, no: string) => (value === 1 ? yes : no);
  switch (def) {
    case cxlCapabilityHeader:
    case cxlCapabilityPointer:
      switch (f.name) {
        case 'capId':
          return CAP_NAMES.get(value) ?? `capability ${value}`;
        case 'arraySize':
          return `${value} capability header${value === 1 ? '' : 's'} follow`;
        case 'pointer':
          return `cache/mem + ${hex(value)} = block ${hex(CACHEMEM_OFFSET + value)}`;
        default:
          return `version ${value}`;
      }
    case hdmDecoderCapability:
      switch (f.name) {
        case 'decoderCount':
        case 'uioDecoderCount': {
          const n = encToDecoderCount(value);
          return n.ok ? `${n.value} decoder${n.value === 1 ? '' : 's'}` : 'reserved encoding';
        }
        case 'targetCount':
          return `${value} target${value === 1 ? '' : 's'} per decoder`;
        case 'coherencyModels':
          return COHERENCY[value] ?? '';
        default:
          return yesNo('capable', 'not capable');
      }
    case hdmDecoderGlobalControl:
      return f.name === 'hdmDecoderEnable'
        ? yesNo('decode with HDM decoders', 'not enabled')
        : yesNo('poison on decode error', 'off');
    case hdmDecoderBaseLow:
    case hdmDecoderSizeLow:
    case hdmDecoderDpaSkipLow:
      return `bits 31:28 → ${hex(value * HDM_ALIGNMENT)}`;
    case hdmDecoderBaseHigh:
    case hdmDecoderSizeHigh:
    case hdmDecoderDpaSkipHigh:
      return `bits 63:32 → ${hex(value * TWO_POW_32)}`;
    case hdmDecoderControl:
      switch (f.name) {
        case 'ig': {
          const g = eigToGranularity(value);
          return g.ok ? `${formatBytes(g.value)} granules` : 'reserved encoding';
        }
        case 'iw': {
          const w = eiwToWays(value);
          return w.ok ? `${w.value} way${w.value === 1 ? '' : 's'}` : 'reserved encoding';
        }
        case 'lockOnCommit':
          return yesNo('lock when committed', 'no lock');
        case 'commit':
          return yesNo('commit requested', 'not requested');
        case 'committed':
          return yesNo('decoder active', 'not active');
        case 'errorNotCommitted':
          return yesNo('programming rejected', 'no error');
        case 'targetRangeType':
          return yesNo('host-only (HDM-H)', 'device-coherent (HDM-D/DB)');
        default:
          return HARDWIRED_CONTROL.has(f.name) ? 'not supported (reads 0)' : String(value);
      }
    case hdmDecoderTargetListLow:
    case hdmDecoderTargetListHigh: {
      const way = TARGET_FIELDS.indexOf(f.name as (typeof TARGET_FIELDS)[number]);
      if (ctx.ways !== null && way >= ctx.ways) return `way ${way} unused (${ctx.ways}-way)`;
      return `way ${way}: ${portName(ctx, value)}`;
    }
    default:
      return String(value);
  }
}

function registerName(def: RegDef, decoder: number | null, value: number): string {
  if (def === cxlCapabilityPointer) {
    const id = value & 0xffff;
    return `CXL Capability Header: ${CAP_NAMES.get(id) ?? `ID ${id}`}`;
  }
  return decoder === null ? def.name : def.name.replace(' n ', ` ${decoder} `);
}

/** The core's failed commit checks as the panel shows them (origin and title from `COMMIT_CHECKS`). */
export function commitFailureViews(failures: readonly CommitFailure[] | undefined): CommitFailureView[] {
  const out: CommitFailureView[] = [];
  for (const f of failures ?? []) {
    const check = COMMIT_CHECKS.find((c) => c.id === f.check);
    if (check === undefined) continue;
    out.push({ check: f.check, origin: check.origin, spec: f.spec, title: check.title, message: f.message });
  }
  return out;
}

function ownerKind(lab: Lab, component: string): RegisterDump['kind'] | null {
  const c = lab.topology.byId.get(component);
  return c !== undefined && (c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3')
    ? c.kind
    : null;
}

/** Every register of a component's block, decoded field by field. */
export function registerDump(lab: Lab, component: string): Result<RegisterDump> {
  const restricted = restrictedDump(lab, component); // CXL 1.1 RCH / RCD (rch-inspect.ts)
  if (restricted !== null) return ok(restricted);
  const kind = ownerKind(lab, component);
  const regs = lab.registers(component);
  if (kind === null || regs === null) {
    return err('registers.none', `${component} has no component register block in the lab`, { component });
  }
  const spec = lab.topology.byId.get(component);
  const hdm = regs.hdmOffset;
  const states = lab.decoders(component);
  const registers: RegisterView[] = regs.registers().map((r) => {
    const inHdm = hdm !== null && r.offset >= hdm && r.offset < hdm + HDM_DECODER0_OFFSET;
    const decoder =
      hdm !== null && r.offset >= hdm + HDM_DECODER0_OFFSET
        ? Math.floor((r.offset - hdm - HDM_DECODER0_OFFSET) / HDM_DECODER_STRIDE)
        : null;
    const group: RegisterGroup = decoder !== null ? 'decoder' : inHdm ? 'hdm' : 'capability';
    const effective = regs.writeMask(r.offset);
    const ctx: FieldContext = {
      lab,
      component,
      ways: decoder === null ? null : (states[decoder]?.ways ?? null),
    };
    const fields: RegisterFieldView[] = r.def.fields.map((f) => {
      const mask = maskOf(f.bit, f.width);
      const value = ((r.value & mask) >>> 0) / 2 ** f.bit;
      return {
        name: f.name,
        title: f.access === 'RsvdP' ? 'Reserved' : (f.title ?? f.name),
        bit: f.bit,
        width: f.width,
        access: f.access,
        value,
        writable: (effective & mask) >>> 0 === mask,
        meaning: fieldMeaning(r.def, f, value, ctx),
      };
    });
    return {
      offset: r.offset,
      hdmOffset: hdm !== null && r.offset >= hdm ? r.offset - hdm : null,
      name: registerName(r.def, decoder, r.value),
      spec: SECTION.get(r.def) ?? '',
      group,
      decoder,
      value: r.value,
      resetValue: r.resetValue,
      writeMask: effective,
      locked: r.lockGroup !== undefined && (r.writeMask & ~effective) !== 0,
      fields,
    };
  });
  const decoders: DecoderDetail[] = states.map((state) => ({
    state: { ...state, targets: [...state.targets] },
    failures: state.errorNotCommitted ? commitFailureViews(regs.commitFailures(state.index)) : [],
  }));
  return ok({
    component,
    kind,
    blockBase: spec?.kind === 'host-bridge' ? spec.componentRegBase : null,
    hdmOffset: hdm,
    decoderCount: regs.decoderCount,
    registers,
    decoders,
  });
}

/** Read-modify-write of one named field of the register at `offset`. */
export function writeField(
  lab: Lab,
  component: string,
  offset: number,
  field: string,
  value: number,
): Result<MmioWriteResult> {
  const regs = lab.registers(component);
  if (regs === null) {
    return err('registers.none', `${component} has no component register block in the lab`, { component });
  }
  const reg = regs.registers().find((r) => r.offset === offset);
  if (reg === undefined) return err('registers.no-register', `${component}: no register at ${hex(offset)}`);
  const f = reg.def.byName.get(field);
  if (f === undefined) return err('registers.no-field', `${reg.def.name} has no field "${field}"`);
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** f.width) {
    return err(
      'registers.bad-value',
      `${f.title ?? f.name} is ${f.width} bit${f.width === 1 ? '' : 's'} wide: ${value} does not fit (0 … ${2 ** f.width - 1})`,
    );
  }
  const current = lab.mmioRead32(component, offset);
  if (!current.ok) return current;
  return lab.mmioWrite32(component, offset, setField(reg.def, field, current.value, value));
}

function checkAligned(value: number, what: string, at: string): CxlError | null {
  if (!Number.isSafeInteger(value) || value < 0 || value >= ADDRESS_LIMIT) {
    return { code: 'hdm.program-invalid', message: `${at}: ${what} ${value} is not an address below 2^52` };
  }
  if (value % HDM_ALIGNMENT !== 0) {
    return {
      code: 'hdm.program-invalid',
      message: `${at}: ${what} ${hex(value)} is not a multiple of 256 MiB (the Low register keeps only bits 31:28)`,
      spec: `${HDM_SPEC}.3`,
    };
  }
  return null;
}

/** One decoder setting in decoded units, as the MMIO writes it takes (High before Low, like Linux). */
export function setDecoder(
  lab: Lab,
  component: string,
  index: number,
  change: DecoderChange,
): Result<MmioWriteResult[]> {
  const kind = ownerKind(lab, component);
  const hdm = lab.hdmBase(component);
  const at = `${component} decoder ${index}`;
  if (kind === null || hdm === null) return err('hdm.no-decoders', `${component} has no HDM decoders`);
  if (!Number.isInteger(index) || index < 0 || index >= lab.decoders(component).length) {
    return err('hdm.no-such-decoder', `${component} has no decoder ${index}`);
  }
  const writes: MmioWriteResult[] = [];
  const write = (def: RegDef, value: number): CxlError | null => {
    const r = lab.mmioWrite32(component, hdm + decoderRegOffset(index, def), value);
    if (!r.ok) return r.error;
    writes.push(r.value);
    return null;
  };
  const rmw = (def: RegDef, field: string, value: number): CxlError | null => {
    const offset = hdm + decoderRegOffset(index, def);
    const cur = lab.mmioRead32(component, offset);
    if (!cur.ok) return cur.error;
    return write(def, setField(def, field, cur.value, value));
  };
  let problem: CxlError | null = null;
  switch (change.field) {
    case 'base':
    case 'size':
    case 'skip': {
      if (change.field === 'skip' && kind !== 'type3') {
        return err('hdm.program-invalid', `${at}: DPA Skip exists on Type 3 devices only`);
      }
      problem = checkAligned(change.value, change.field, at);
      if (problem !== null) break;
      const [high, low] =
        change.field === 'base'
          ? [hdmDecoderBaseHigh, hdmDecoderBaseLow]
          : change.field === 'size'
            ? [hdmDecoderSizeHigh, hdmDecoderSizeLow]
            : [hdmDecoderDpaSkipHigh, hdmDecoderDpaSkipLow];
      problem = write(high, Math.floor(change.value / TWO_POW_32)) ?? write(low, change.value % TWO_POW_32);
      break;
    }
    case 'ways': {
      const eiw = waysToEiw(change.value);
      if (!eiw.ok) return err(eiw.error.code, `${at}: ${eiw.error.message}`, { spec: eiw.error.spec });
      problem = rmw(hdmDecoderControl, 'iw', eiw.value);
      break;
    }
    case 'granularity': {
      const eig = granularityToEig(change.value);
      if (!eig.ok) return err(eig.error.code, `${at}: ${eig.error.message}`, { spec: eig.error.spec });
      problem = rmw(hdmDecoderControl, 'ig', eig.value);
      break;
    }
    case 'target': {
      if (kind === 'type3') return err('hdm.program-invalid', `${at}: a Type 3 decoder has no target list`);
      const name = TARGET_FIELDS[change.way];
      if (name === undefined) return err('hdm.program-invalid', `${at}: way ${change.way} is not 0 … 7`);
      if (!Number.isInteger(change.value) || change.value < 0 || change.value > 255) {
        return err('hdm.program-invalid', `${at}: port number ${change.value} is not 0 … 255`);
      }
      problem = rmw(change.way < 4 ? hdmDecoderTargetListLow : hdmDecoderTargetListHigh, name, change.value);
      break;
    }
    default: {
      const never: never = change;
      return err('hdm.program-invalid', `unknown change ${JSON.stringify(never)}`);
    }
  }
  if (problem !== null) return { ok: false, error: problem };
  return ok(writes);
}

/** The lab's CEDT. */
export function cedtOf(lab: Lab): Result<CedtView> {
  const built = buildCedt(lab.topology);
  if (!built.ok) {
    const first = built.error[0]?.message ?? 'unknown problem';
    return err('cedt.build-failed', `the CEDT cannot be built for this topology: ${first}`);
  }
  return ok(cedtView(built.value));
}

/** Decodes any bytes as a CEDT (findings say what is wrong with them). */
export function cedtDecode(bytes: Uint8Array): Result<CedtView> {
  if (bytes.length > 1 << 20) return err('cedt.too-large', `${bytes.length} bytes: a CEDT is far smaller`);
  return ok(cedtView(bytes.slice()));
}

function cedtView(bytes: Uint8Array): CedtView {
  const table = decodeCedt(bytes);
  return { bytes, table, subtableFields: table.subtables.map(subtableFieldList) };
}

/** Bytes of a device's DPA space; pages never written stay unallocated and read 0. */
export function dpaRead(
  mem: MemoryLab,
  device: string,
  dpa: number,
  length: number,
): Result<{ bytes: Uint8Array; touchedPages: number[] }> {
  const m = mem.memory(device);
  if (m === undefined) return err('dpa.no-device', `${device} is not a Type 3 device of this lab`);
  if (!Number.isInteger(length) || length < 1 || length > MAX_DPA_READ) {
    return err('dpa.bad-argument', `DPA read of ${length} bytes: expected 1 … ${MAX_DPA_READ}`);
  }
  const r = m.read(dpa, length);
  if (!r.ok) return r;
  const touchedPages: number[] = [];
  for (let p = Math.floor(dpa / PAGE_SIZE); p * PAGE_SIZE < dpa + length; p++) {
    if (m.peekPage(p) !== undefined) touchedPages.push(p);
  }
  return ok({ bytes: r.value, touchedPages });
}

/** A hop in a few words: "hb0 decoder 0 way 1 → rp0.1". */
function hopWords(h: RouteHop): string {
  if (h.kind === 'window') return `${h.component} way ${h.way ?? 0} → ${h.next ?? '?'}`;
  if (h.kind === 'type3') return `${h.component} decoder ${h.decoder ?? '?'} → DPA ${hex(h.address)}`;
  const dec = h.decoder === null ? 'passthrough' : `decoder ${h.decoder}`;
  return `${h.component} ${dec}${h.way === null ? '' : ` way ${h.way}`} → ${h.port ?? '?'}`;
}

/** Every HPA that reaches (device, DPA), each with the hops the forward walk takes. */
export function dpaReverse(lab: Lab, device: string, dpa: number): Result<{ hits: ReverseHit[] }> {
  const c = lab.topology.byId.get(device);
  if (c === undefined || c.kind !== 'type3') return err('dpa.no-device', `${device} is not a Type 3 device`);
  if (!Number.isSafeInteger(dpa) || dpa < 0 || dpa >= c.volatile + c.persistent) {
    return err('dpa.bad-argument', `DPA ${hex(dpa)} is outside ${device}'s capacity`);
  }
  const hits = hpasForDpa(lab, device, dpa).map(({ hpa, decoder }): ReverseHit => {
    const r = walk(lab, hpa);
    return { hpa, decoder, window: r.hops[0]?.component ?? '', path: r.hops.map(hopWords) };
  });
  return ok({ hits });
}

/** Routes each HPA by the compiled fast path. */
export function routeBatch(lab: Lab, hpas: readonly number[]): Result<{ routes: RoutedAddress[] }> {
  if (hpas.length > MAX_ROUTE_BATCH) {
    return err('route.too-many', `${hpas.length} addresses: at most ${MAX_ROUTE_BATCH} per batch`);
  }
  const routes = hpas.map((hpa): RoutedAddress => {
    const r = route(lab, hpa);
    return r.ok
      ? { hpa, ok: true, device: r.device, dpa: r.dpa }
      : { hpa, ok: false, error: r.error.message };
  });
  return ok({ routes });
}

/** The reference walk's hops for the first pieces of an access. */
export function traceAccess(lab: Lab, pieces: readonly AccessPiece[]): AccessTrace {
  return {
    totalPieces: pieces.length,
    pieces: pieces.slice(0, MAX_TRACED_PIECES).map((p) => {
      const r = walk(lab, p.hpa);
      const t: AccessTrace['pieces'][number] = { hpa: p.hpa, length: p.length, ok: p.ok, hops: r.hops };
      if (p.device !== undefined) t.device = p.device;
      if (p.dpa !== undefined) t.dpa = p.dpa;
      if (p.error !== undefined) {
        t.error = p.error.message;
        const where = p.error.component ?? (r.ok ? undefined : r.error.component);
        if (where !== undefined) t.failedAt = where;
        if (p.poison !== undefined) t.poison = true;
      }
      return t;
    }),
  };
}
