/**
 * Topologies shared by the benchmarks (and by unit tests: the 16-way one takes the fast path, the
 * issue 18 scale lab validates and routes).
 */
import { buildMultiHostPreset, type MultiHostPreset } from '../scripts/presets/multi-host.ts';
import { bareHost, unboundVcs } from '../src/cxl/fabric/build.ts';
import type { FabricDeviceSpec, FabricSwitchSpec } from '../src/cxl/fabric/model.ts';
import type { ComponentSpec, TopologySpec } from '../src/cxl/topology/model.ts';

const TIB = 2 ** 40;
const MIB = 2 ** 20;

/**
 * 16-way, two-level interleave: one window 4-way at `granularity` across 4 host bridges; each host
 * bridge has one root port (its HDM decoder is 1-way) leading to a switch that interleaves 4-way at
 * 4 × `granularity` (Linux: HB/switch granularity = parent granularity × parent ways); 16 Type 3
 * devices of `deviceBytes` each, programmed 16-way at `granularity`. The window spans all of them.
 */
export function sixteenWay(granularity = 256, deviceBytes = TIB): TopologySpec {
  const base = 16 * TIB;
  const size = 16 * deviceBytes;
  const components: ComponentSpec[] = [];
  const hbs: string[] = [];
  const dec = (ways: number, g: number, targets?: number[]) => ({
    base,
    size,
    ways,
    granularity: g,
    commit: true,
    lock: true,
    ...(targets === undefined ? {} : { targets }),
  });
  for (let h = 0; h < 4; h++) {
    const hb = `hb${h}`;
    hbs.push(hb);
    components.push({
      kind: 'host-bridge',
      id: hb,
      uid: 10 + h,
      decoderCount: 4,
      componentRegBase: 0x1_0000_0000 + h * 0x1_0000,
      decoders: [dec(1, granularity * 4, [0])],
    });
    components.push({ kind: 'root-port', id: `rp${h}`, parent: hb, port: 0 });
    components.push({
      kind: 'switch',
      id: `sw${h}`,
      parent: `rp${h}`,
      decoderCount: 4,
      decoders: [dec(4, granularity * 4, [0, 1, 2, 3])],
    });
    for (let d = 0; d < 4; d++) {
      components.push({ kind: 'downstream-port', id: `dsp${h}.${d}`, parent: `sw${h}`, port: d });
      components.push({
        kind: 'type3',
        id: `mem${h * 4 + d}`,
        parent: `dsp${h}.${d}`,
        volatile: deviceBytes,
        persistent: 0,
        decoderCount: 4,
        serial: 0x1000 + h * 4 + d,
        decoders: [dec(16, granularity)],
      });
    }
  }
  return {
    name: 'sixteen-way',
    windows: [
      {
        id: 'cfmw0',
        base,
        size,
        ways: 4,
        granularity,
        arithmetic: 'modulo',
        xormaps: [],
        targets: hbs,
        restrictions: ['type3', 'volatile'],
        qtg: 0,
      },
    ],
    components,
  };
}

/** Hosts, fabric switches and MLDs of the scale lab (issue 18: 16 hosts and 256 logical devices). */
export const SCALE_HOSTS = 16;
export const SCALE_SWITCHES = 2;
export const SCALE_MLDS = 16;
/** MLDs (downstream ports, vPPBs per VCS) on each switch. */
const MLDS_PER_SWITCH = SCALE_MLDS / SCALE_SWITCHES;
/** Physical port of a switch's first downstream port: ports 0–15 are the hosts' upstream ports. */
const SCALE_DSP0 = SCALE_HOSTS;
const LD_BYTES = 256 * MIB;

/** Host `h`'s id in the scale lab: host00 … host15. */
export function scaleHostId(h: number): string {
  return `host${String(h).padStart(2, '0')}`;
}

/**
 * MLD on switch `s`, downstream port `SCALE_DSP0 + k`: `mld{s × 8 + k}`. Host `h` reaches its LD `h`
 * through root port `rp0.{s}`, VCS `h` of switch `s`, vPPB `k`.
 */
export function scaleMldId(s: number, k: number): string {
  return `mld${s * MLDS_PER_SWITCH + k}`;
}

/**
 * The issue 18 scale lab, within docs/limits.md (16 hosts, 16 LDs per device, 32 of 256 ports per
 * switch, 16 of 256 VCSs per switch, 8 of 256 vPPBs per VCS, 16 of 256 fabric devices):
 * - 16 hosts, each one host bridge `hb0` with two root ports and a 4 GiB 1-way window at 0x4c00000000;
 * - 2 switches `sw0`, `sw1`: ports 0–15 upstream (port h linked to host h's `rp0.{s}`), ports 16–23
 *   downstream, each holding one MLD; VCS h on upstream port h with 8 vPPBs, vPPB k bound to LD h of
 *   the MLD on port 16 + k;
 * - 16 MLDs of 4 GiB, each 16 LDs × 256 MiB (the smallest granularity), so 256 LDs in all and each
 *   host owns one LD of every MLD;
 * - one 16-way region per host over its 16 LDs at 256 B (Linux's order: host bridge 2-way over the
 *   root ports at 256 B, each VCS 8-way over its vPPBs at 512 B, since an HDM decoder's target list
 *   holds 8 ports; CXL r3.1 §8.2.4.20.7).
 *
 * Region member order (Linux cxl_calc_interleave_pos: pos = pos × parent ways + index in the parent's
 * target list, walking up): the LD behind vPPB k of the VCS under root port s is at position k × 2 + s.
 */
export function scaleFabric(): MultiHostPreset {
  const hosts = Array.from({ length: SCALE_HOSTS }, (_, h) =>
    bareHost(scaleHostId(h), { windowSize: SCALE_MLDS * LD_BYTES, rootPorts: SCALE_SWITCHES }),
  );
  const switches = Array.from({ length: SCALE_SWITCHES }, (_, s) => scaleSwitch(s));
  const devices: FabricDeviceSpec[] = [];
  for (let s = 0; s < SCALE_SWITCHES; s++)
    for (let k = 0; k < MLDS_PER_SWITCH; k++) {
      const n = s * MLDS_PER_SWITCH + k;
      devices.push({
        id: scaleMldId(s, k),
        kind: 'mld',
        serial: 0x100 + n,
        capacity: SCALE_HOSTS * LD_BYTES,
        granularity: LD_BYTES,
        lds: Array.from({ length: SCALE_HOSTS }, (_, ld) => ({
          ld,
          range1: LD_BYTES,
          range2: 0,
          decoderCount: 4,
          decoders: [],
        })),
        attach: { switch: `sw${s}`, port: SCALE_DSP0 + k },
      });
    }
  const regions = hosts.map((host, h) => {
    const members: string[] = [];
    for (let pos = 0; pos < SCALE_MLDS; pos++)
      members.push(`${scaleMldId(pos % SCALE_SWITCHES, Math.floor(pos / SCALE_SWITCHES))}.ld${h}`);
    return { host: host.id, request: { window: 'cfmw0', members, mode: 'volatile' as const } };
  });
  return {
    id: 'scale-16h-256ld',
    spec: {
      name: 'Scale: 16 hosts × 256 logical devices',
      notes:
        '16 hosts share 2 switches and 16 multi-logical devices of 16 LDs each; every host owns LD h of every MLD and one 16-way region over them (the canvas bench pans it).',
      hosts,
      fabric: { switches, devices },
    },
    regions,
  };
}

function scaleSwitch(s: number): FabricSwitchSpec {
  return {
    id: `sw${s}`,
    ports: [
      ...Array.from({ length: SCALE_HOSTS }, (_, h) => ({
        port: h,
        role: 'upstream' as const,
        link: { host: scaleHostId(h), rootPort: `rp0.${s}` },
      })),
      ...Array.from({ length: MLDS_PER_SWITCH }, (_, k) => ({
        port: SCALE_DSP0 + k,
        role: 'downstream' as const,
      })),
    ],
    vcss: Array.from({ length: SCALE_HOSTS }, (_, h) => {
      const vcs = unboundVcs(h, h, MLDS_PER_SWITCH);
      vcs.vppbs = vcs.vppbs.map((b, k) => ({
        vppb: b.vppb,
        binding: { state: 'ld' as const, port: SCALE_DSP0 + k, ld: h },
      }));
      return vcs;
    }),
  };
}

/** The scale lab as `cxl-lab/2` text, regions programmed by the core's region code. */
export function scaleFabricText(): string {
  return buildMultiHostPreset(scaleFabric());
}
