/**
 * DOC: the reference walk. Routes one host physical address (HPA) hop by hop, exactly as the
 * hardware would with each decoder's OWN programming (even when levels disagree), and records every
 * hop with the arithmetic it used. It is the lab's ground truth: the compiled fast path
 * (`compile.ts`) must agree with it on every address, and the property tests check that.
 *
 * Flow (CXL r3.1 §8.2.4.20.13 implementation notes "CXL Host Bridge and Upstream Switch Port Decode
 * Flow" and "Device Decode Logic"; CFMWS selection and XOR per the sources named below):
 *
 * 1. Window: the CFMWS containing the HPA. Target way `floor(HPA / HBIG) mod NIW` on the ABSOLUTE
 *    HPA, as QEMU computes it (hw/cxl/cxl-host.c cxl_cfmws_find_device); for 3/6/12-way windows this
 *    differs from region-offset arithmetic unless the window base is a multiple of NIW × 256 MiB.
 *    XOR windows first replace, per XORMAP, the bit at the map's lowest set bit with
 *    parity(HPA & map) (Linux's model: drivers/cxl/acpi.c cxl_xor_hpa_to_spa), then take the
 *    same modulo; the address passed on is the original HPA. The 6/12-way XOR combination (maps, then `mod ways`) is Linux's model
 *    and not checked against the spec's CXIMS text (CXL r3.1 §9.18.1.4) — the lab's assumption.
 * 2. Host bridge / switch upstream port: the FIRST decoder (index order) whose [base, base+size)
 *    contains the HPA; if that decoder is not committed the walk fails there and does not try later
 *    decoders (QEMU hw/cxl/cxl-host.c cxl_hdm_find_target). Way `floor(HPA / granularity) mod ways`,
 *    which for the legal power-of-two ways is `(HPA >> (eig + 8)) & (ways - 1)`; the Target List
 *    entry is a port number. A passthrough host bridge (no HDM decoder capability) routes every
 *    address to its single root port. Under the QEMU 7.2 profile only decoder 0 is consulted and no
 *    host bridge is passthrough (`topology/platform.ts`, QEMU 7.2 hw/cxl/cxl-host.c cxl_hdm_find_target).
 * 3. Port → its child: a switch (repeat step 2, any depth) or a Type 3 device.
 * 4. Type 3: the first decoder containing the HPA, which must be committed;
 *    `DPA = DPABase[n] + DPAoff` (CXL r3.1 §8.2.4.20.13 "Device Decode Logic"; `dpaBase` comes from
 *    the decoder state), checked against the device capacity (volatile + persistent).
 *
 * Every result carries `runBytes`: how many bytes starting at the HPA are guaranteed to take the same
 * path with consecutive DPAs (or fail the same way), bounded by every granule and range boundary the
 * walk relied on. Accesses are split on these boundaries.
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { LabCore } from '../lab-core.ts';
import type { CxlError } from '../result.ts';
import type { ComponentSpec, Type3Spec, WindowSpec } from '../topology/model.ts';
import { profileFailureHint, qemuPassthroughHostBridge, qemuRoutingDecoders } from '../topology/platform.ts';
import { ADDRESS_LIMIT } from '../units.ts';
import { applyXorMap, bitRange, hpaOffsetToDpaOffset, lowestSetBit, parityAnd, unitEnd } from './arith.ts';
import { rcdArithmetic, rchArithmetic, rchChild, SPEC_RCH_DECODE } from './rch-hop.ts';

/** Exclusive upper bound of addresses: 2^52. */
/** Guard against malformed (cyclic) topologies; real CXL hierarchies are a few levels deep. */
const MAX_DEPTH = 32;

const SPEC_HB_DECODE = 'CXL r3.1 §8.2.4.20.13 (Host Bridge and Upstream Switch Port Decode Flow)';
const SPEC_DEVICE_DECODE = 'CXL r3.1 §8.2.4.20.13 (Device Decode Logic)';
const SPEC_CFMWS = 'CXL r3.1 §9.18.1.3 (CFMWS)';
const SPEC_UNMATCHED = 'CXL r3.1 §8.2.4.20.13 (unmatched address: reads all-ones, writes dropped)';

export type HopKind = 'window' | 'host-bridge' | 'switch' | 'type3';

/** One routing decision. */
export interface RouteHop {
  /** Window id (`cfmw0`) or component id (`hb0`, `sw0`, `mem3`). */
  component: string;
  kind: HopKind;
  /** HDM decoder index used, or null for a window or a passthrough host bridge. */
  decoder: number | null;
  /** The arithmetic, in words and numbers: "HPA bits [9:8] = 2", "floor(HPA/4096) mod 3 = 2". */
  arithmetic: string;
  /** Interleave way chosen (index into the target list), or null (device hop). */
  way: number | null;
  /** Target list entry: host bridge UID (window) or port number (host bridge / switch). */
  target: number | null;
  /** Port component the target names (`rp0.1`, `dsp1.3`); null for window and device hops. */
  port: string | null;
  /** Component the access goes to next, or null at the device (or on failure). */
  next: string | null;
  /** Address passed on (unchanged HPA; the DPA at the device hop). */
  address: number;
}

export type RouteResult =
  | {
      ok: true;
      window: string;
      device: string;
      /** Device HDM decoder index that produced the DPA. */
      decoder: number;
      dpa: number;
      hops: RouteHop[];
      /** Bytes from this HPA on that route identically, with consecutive DPAs (≥ 1). */
      runBytes: number;
    }
  | {
      ok: false;
      error: CxlError;
      hops: RouteHop[];
      /** Bytes from this HPA on that fail identically (≥ 1). */
      runBytes: number;
    };

/** Lowercase `0x…` hex. */
export function hexAddr(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `floor(HPA/g) mod w` as a text fragment, or bits when the ways are a power of two. */
function selectText(label: string, granularity: number, ways: number, way: number): string {
  if (ways === 1) return `1-way: way 0`;
  const log2w = Math.log2(ways);
  if (Number.isInteger(log2w)) {
    const lo = Math.log2(granularity);
    return `${label} bits ${bitRange(lo, log2w)} = ${way}`;
  }
  return `floor(${label}/${granularity}) mod ${ways} = ${way}`;
}

/** The first decoder whose range contains `hpa`, by index (QEMU's rule), and the bound it implies. */
function findCovering(
  decoders: readonly DecoderState[],
  hpa: number,
): { decoder: DecoderState | undefined; bound: number } {
  let bound = ADDRESS_LIMIT;
  for (const d of decoders) {
    if (d.size > 0 && hpa >= d.base && hpa < d.base + d.size) {
      return { decoder: d, bound: Math.min(bound, d.base + d.size) };
    }
    // A lower-index decoder starting above the HPA would take over from there.
    if (d.size > 0 && d.base > hpa) bound = Math.min(bound, d.base);
  }
  return { decoder: undefined, bound };
}

function decoderRange(d: DecoderState): string {
  return `[${hexAddr(d.base)}, ${hexAddr(d.base + d.size)})`;
}

interface WalkState {
  hops: RouteHop[];
  bound: number;
}

function fail(
  state: WalkState,
  hpa: number,
  code: string,
  message: string,
  component: string | undefined,
  spec: string,
): RouteResult {
  const error: CxlError = { code, message, spec };
  if (component !== undefined) error.component = component;
  return { ok: false, error, hops: state.hops, runBytes: Math.max(1, state.bound - hpa) };
}

/** The window containing `hpa`, or the next window base above it (for the failure's run bound). */
export function findWindow(
  windows: readonly WindowSpec[],
  hpa: number,
): { window: WindowSpec | undefined; nextBase: number } {
  let nextBase = ADDRESS_LIMIT;
  for (const w of windows) {
    if (hpa >= w.base && hpa < w.base + w.size) return { window: w, nextBase };
    if (w.base > hpa) nextBase = Math.min(nextBase, w.base);
  }
  return { window: undefined, nextBase };
}

/** Routes one HPA through the topology and decoders of `core`, recording every hop. */
export function walk(core: LabCore, hpa: number): RouteResult {
  const state: WalkState = { hops: [], bound: ADDRESS_LIMIT };
  if (!Number.isInteger(hpa) || hpa < 0 || hpa >= ADDRESS_LIMIT) {
    state.bound = 0;
    return fail(
      state,
      hpa,
      'route.bad-address',
      `HPA ${String(hpa)} is not an integer in [0, 2^52)`,
      undefined,
      SPEC_CFMWS,
    );
  }
  const topology = core.topology;

  // 1. Window.
  const found = findWindow(topology.windows, hpa);
  const window = found.window;
  if (window === undefined) {
    state.bound = found.nextBase;
    return fail(
      state,
      hpa,
      'route.no-window',
      `HPA ${hexAddr(hpa)} is in no CXL fixed memory window`,
      undefined,
      SPEC_UNMATCHED,
    );
  }
  state.bound = window.base + window.size;
  const windowSel = windowWay(window, hpa);
  state.bound = Math.min(state.bound, windowSel.bound);
  const hbId = window.targets[windowSel.way];
  const hb = hbId === undefined ? undefined : topology.byId.get(hbId);
  const uid = hb !== undefined && hb.kind === 'host-bridge' ? hb.uid : null;
  state.hops.push({
    component: window.id,
    kind: 'window',
    decoder: null,
    arithmetic: windowSel.text,
    way: windowSel.way,
    target: uid,
    port: null,
    next: hb === undefined ? null : (hbId ?? null),
    address: hpa,
  });
  if (hb === undefined || hb.kind !== 'host-bridge') {
    return fail(
      state,
      hpa,
      'route.window-target-missing',
      `${window.id}: interleave target ${windowSel.way} (${hbId ?? 'none'}) is not a host bridge in the topology`,
      window.id,
      SPEC_CFMWS,
    );
  }

  // 2–4. Down the hierarchy.
  let current: ComponentSpec = hb;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (current.kind === 'type3') return deviceHop(core, state, window, current, hpa);
    if (current.kind === 'host-bridge' && current.restricted === true) {
      const rcd = rchChild(topology, current);
      state.hops.push({
        component: current.id,
        kind: 'host-bridge',
        decoder: null,
        arithmetic: rchArithmetic(current, rcd),
        way: null,
        target: null,
        port: null,
        next: rcd?.id ?? null,
        address: hpa,
      });
      if (rcd === undefined) {
        const msg = `${current.id}: restricted host bridge has no device below it`;
        return fail(state, hpa, 'route.nothing-below-port', msg, current.id, SPEC_RCH_DECODE);
      }
      current = rcd;
      continue;
    }
    if (current.kind !== 'host-bridge' && current.kind !== 'switch') {
      return fail(
        state,
        hpa,
        'route.unexpected-component',
        `${current.id}: a ${current.kind} cannot decode HDM addresses`,
        current.id,
        SPEC_HB_DECODE,
      );
    }
    const next = portHop(core, state, current, hpa);
    if (!next.ok) return next.result;
    current = next.component;
  }
  return fail(
    state,
    hpa,
    'route.depth-exceeded',
    `HPA ${hexAddr(hpa)}: more than ${MAX_DEPTH} levels (cyclic topology?)`,
    current.id,
    SPEC_HB_DECODE,
  );
}

/** Window target selection (modulo or XOR + modulo) on the absolute HPA. */
export function windowWay(window: WindowSpec, hpa: number): { way: number; text: string; bound: number } {
  const g = window.granularity;
  const w = window.ways;
  if (window.arithmetic === 'xor' && window.xormaps.length > 0) {
    let addr = hpa;
    let unit = g;
    const steps: string[] = [];
    for (const map of window.xormaps) {
      const pos = lowestSetBit(map);
      if (pos < 0) continue;
      const p = parityAnd(addr, map);
      addr = applyXorMap(addr, map);
      unit = Math.min(unit, 2 ** pos);
      steps.push(`bit ${pos} := parity(HPA & ${hexAddr(map)}) = ${p}`);
    }
    const way = Math.floor(addr / g) % w;
    const sel = selectText("HPA'", g, w, way);
    return {
      way,
      text: `XOR: ${steps.join(', ')} → HPA' ${hexAddr(addr)}; ${sel}${w % 3 === 0 ? ' (6/12-way XOR model UNVERIFIED)' : ''}`,
      bound: w === 1 && steps.length === 0 ? ADDRESS_LIMIT : unitEnd(hpa, unit),
    };
  }
  const way = Math.floor(hpa / g) % w;
  return {
    way,
    text: selectText('HPA', g, w, way),
    bound: w === 1 ? ADDRESS_LIMIT : unitEnd(hpa, g),
  };
}

type PortHopResult = { ok: true; component: ComponentSpec } | { ok: false; result: RouteResult };

/** The port a host bridge or switch sends the HPA to, with the decoder and arithmetic that chose it. */
type PortChoice =
  | {
      ok: true;
      decoder: number | null;
      way: number | null;
      portNumber: number;
      portId: string;
      arithmetic: string;
    }
  | { ok: false; result: RouteResult };

type PortOwner = ComponentSpec & { kind: 'host-bridge' | 'switch' };

/** One host bridge or switch: the port it chooses (passthrough or by decoder), then the child below. */
function portHop(core: LabCore, state: WalkState, component: PortOwner, hpa: number): PortHopResult {
  const topology = core.topology;
  const choice = qemuPassthroughHostBridge(topology, component)
    ? passthroughPort(core, state, component, hpa)
    : decoderPort(core, state, component, hpa);
  if (!choice.ok) return choice;
  const { portId, portNumber } = choice;
  const below = topology.children.get(portId) ?? [];
  const childId = below[0];
  const child = childId === undefined ? undefined : topology.byId.get(childId);
  state.hops.push({
    component: component.id,
    kind: component.kind,
    decoder: choice.decoder,
    arithmetic: choice.arithmetic,
    way: choice.way,
    target: portNumber,
    port: portId,
    next: child === undefined ? null : child.id,
    address: hpa,
  });
  if (child === undefined) {
    return {
      ok: false,
      result: fail(
        state,
        hpa,
        'route.nothing-below-port',
        `${component.id}: port ${portNumber} (${portId}) has nothing connected below it`,
        portId,
        SPEC_HB_DECODE,
      ),
    };
  }
  return { ok: true, component: child };
}

/** A passthrough host bridge (no HDM decoder capability): its single root port. */
function passthroughPort(core: LabCore, state: WalkState, component: PortOwner, hpa: number): PortChoice {
  const topology = core.topology;
  const ports = topology.children.get(component.id) ?? [];
  const portId = ports[0];
  if (ports.length !== 1 || portId === undefined) {
    return {
      ok: false,
      result: fail(
        state,
        hpa,
        'route.passthrough-ports',
        `${component.id}: passthrough host bridge (no HDM decoders) has ${ports.length} root ports; it can route only to exactly one`,
        component.id,
        SPEC_HB_DECODE,
      ),
    };
  }
  const port = topology.byId.get(portId);
  return {
    ok: true,
    decoder: null,
    way: null,
    portNumber: port !== undefined && port.kind === 'root-port' ? port.port : 0,
    portId,
    arithmetic: 'passthrough (no HDM decoder capability): single root port',
  };
}

/** The first decoder covering the HPA (QEMU's rule; decoder 0 only under QEMU 7.2) picks the port. */
function decoderPort(core: LabCore, state: WalkState, component: PortOwner, hpa: number): PortChoice {
  const topology = core.topology;
  const { id, kind } = component;
  const failed = (hop: RouteHop, code: string, message: string, spec = SPEC_HB_DECODE): PortChoice => {
    state.hops.push(hop);
    return { ok: false, result: fail(state, hpa, code, message, id, spec) };
  };
  // A missing or uncommitted decoder may be the platform profile's doing (Linux 6.1 passthrough,
  // QEMU 7.2 decoder 0): then the hop and the error say so (looked up only on failure).
  const profileFailed = (decoder: number | null, hopText: string, code: string, message: string) => {
    const hint = profileFailureHint(topology, id);
    if (hint === null) return failed(failedHop(id, kind, decoder, hopText, hpa), code, message);
    return failed(
      failedHop(id, kind, decoder, `${hopText} (platform profile: see the error)`, hpa),
      code,
      `${message}. ${hint.text}`,
      `${SPEC_HB_DECODE}; ${hint.spec}`,
    );
  };
  const cover = findCovering(qemuRoutingDecoders(topology, core.decoders(id)), hpa);
  state.bound = Math.min(state.bound, cover.bound);
  const d = cover.decoder;
  if (d === undefined) {
    return profileFailed(
      null,
      `no decoder range contains HPA ${hexAddr(hpa)}`,
      'route.no-decoder',
      `${id}: no HDM decoder covers HPA ${hexAddr(hpa)}`,
    );
  }
  if (!d.committed) {
    return profileFailed(
      d.index,
      `decoder ${d.index} ${decoderRange(d)} not committed`,
      'route.decoder-not-committed',
      `${id}: decoder ${d.index} ${decoderRange(d)} covers HPA ${hexAddr(hpa)} but is not committed`,
    );
  }
  if (d.ways === null || d.granularity === null) {
    return failed(
      failedHop(id, kind, d.index, `reserved IW/IG encoding (eiw ${d.eiw}, eig ${d.eig})`, hpa),
      'route.decoder-reserved-encoding',
      `${id}: decoder ${d.index} has a reserved interleave encoding (eiw ${d.eiw}, eig ${d.eig})`,
    );
  }
  const way = Math.floor(hpa / d.granularity) % d.ways;
  if (d.ways > 1) state.bound = Math.min(state.bound, unitEnd(hpa, d.granularity));
  const arithmetic = `decoder ${d.index} ${decoderRange(d)}: ${selectText('HPA', d.granularity, d.ways, way)}`;
  const entry = d.targets[way];
  if (entry === undefined) {
    return failed(
      failedHop(id, kind, d.index, `${arithmetic}; target list has no entry ${way}`, hpa, way),
      'route.no-target-entry',
      `${id}: decoder ${d.index} way ${way} has no target list entry (${d.targets.length} entries)`,
    );
  }
  const portId = topology.portsByNumber.get(id)?.get(entry);
  if (portId === undefined) {
    const hop: RouteHop = {
      component: id,
      kind,
      decoder: d.index,
      arithmetic,
      way,
      target: entry,
      port: null,
      next: null,
      address: hpa,
    };
    return failed(
      hop,
      'route.target-port-missing',
      `${id}: decoder ${d.index} target list way ${way} names port ${entry}, which does not exist`,
    );
  }
  return { ok: true, decoder: d.index, way, portNumber: entry, portId, arithmetic };
}

function failedHop(
  component: string,
  kind: HopKind,
  decoder: number | null,
  arithmetic: string,
  hpa: number,
  way: number | null = null,
): RouteHop {
  return { component, kind, decoder, arithmetic, way, target: null, port: null, next: null, address: hpa };
}

/** Type 3 decode: HPA → DPA by the device decoder's own settings. */
function deviceHop(
  core: LabCore,
  state: WalkState,
  window: WindowSpec,
  device: Type3Spec,
  hpa: number,
): RouteResult {
  const decoders = core.decoders(device.id);
  const cover = findCovering(decoders, hpa);
  state.bound = Math.min(state.bound, cover.bound);
  const d = cover.decoder;
  if (d === undefined) {
    state.hops.push(
      failedHop(device.id, 'type3', null, `no decoder range contains HPA ${hexAddr(hpa)}`, hpa),
    );
    return fail(
      state,
      hpa,
      'route.no-decoder',
      `${device.id}: no HDM decoder covers HPA ${hexAddr(hpa)}`,
      device.id,
      SPEC_DEVICE_DECODE,
    );
  }
  if (!d.committed) {
    state.hops.push(
      failedHop(device.id, 'type3', d.index, `decoder ${d.index} ${decoderRange(d)} not committed`, hpa),
    );
    return fail(
      state,
      hpa,
      'route.decoder-not-committed',
      `${device.id}: decoder ${d.index} ${decoderRange(d)} covers HPA ${hexAddr(hpa)} but is not committed`,
      device.id,
      SPEC_DEVICE_DECODE,
    );
  }
  if (d.ways === null || d.granularity === null) {
    state.hops.push(
      failedHop(device.id, 'type3', d.index, `reserved IW/IG encoding (eiw ${d.eiw}, eig ${d.eig})`, hpa),
    );
    return fail(
      state,
      hpa,
      'route.decoder-reserved-encoding',
      `${device.id}: decoder ${d.index} has a reserved interleave encoding (eiw ${d.eiw}, eig ${d.eig})`,
      device.id,
      SPEC_DEVICE_DECODE,
    );
  }
  const rcd = device.dvsec !== undefined && device.decoderCount === 0;
  const hpaOffset = hpa - d.base;
  const dpaOffset = hpaOffsetToDpaOffset(hpaOffset, d.eiw, d.eig);
  const dpa = d.dpaBase + dpaOffset;
  const capacity = device.volatile + device.persistent;
  const l = d.eig + 8;
  let how: string;
  if (d.ways === 1) how = 'DPAoff = HPAoff';
  else if (d.eiw < 8) how = `remove HPAoff bits ${bitRange(l, d.eiw)} → DPAoff`;
  else {
    const shift = d.eig + d.eiw;
    how = `DPAoff = floor((HPAoff >> ${shift}) / 3) << ${l} | HPAoff bits [${l - 1}:0]`;
  }
  if (d.ways > 1) state.bound = Math.min(state.bound, unitEnd(hpa, d.granularity));
  const arithmetic = rcd
    ? rcdArithmetic(device, d, hpa)
    : `decoder ${d.index} ${decoderRange(d)}: HPAoff ${hexAddr(hpaOffset)}; ${how} ${hexAddr(dpaOffset)}; ` +
      `DPA = DPABase ${hexAddr(d.dpaBase)} + ${hexAddr(dpaOffset)}`;
  state.hops.push({
    component: device.id,
    kind: 'type3',
    decoder: d.index,
    arithmetic,
    way: null,
    target: null,
    port: null,
    next: null,
    address: dpa,
  });
  if (dpa >= capacity) {
    return fail(
      state,
      hpa,
      'route.dpa-beyond-capacity',
      `${device.id}: decoder ${d.index} maps HPA ${hexAddr(hpa)} to DPA ${hexAddr(dpa)}, beyond capacity ${hexAddr(capacity)}`,
      device.id,
      SPEC_DEVICE_DECODE,
    );
  }
  state.bound = Math.min(state.bound, hpa + (capacity - dpa));
  return {
    ok: true,
    window: window.id,
    device: device.id,
    decoder: d.index,
    dpa,
    hops: state.hops,
    runBytes: Math.max(1, state.bound - hpa),
  };
}
