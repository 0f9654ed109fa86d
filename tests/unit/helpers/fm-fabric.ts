/**
 * A small two-host fabric for the Fabric Manager API tests, written out by hand:
 * switch sw0 with ports 0 (USP, host A), 1 (USP, host B), 2 (DSP, MLD mld0), 3 (DSP, SLD sld0),
 * 4 (USP, no host) and 5 (DSP, empty). VCS 0 on port 0 has vPPBs 0–2, VCS 1 on port 1 has vPPBs
 * 0–1, VCS 2 on port 4 has vPPB 0. mld0: 4 GiB media, 256 MiB granularity, LDs 0–3 of 1 GiB each
 * (Range 1 = 4 × 256 MiB). sld0: 1 GiB, LD 0 of 1 GiB. Nothing is bound.
 */
import type { HostSpec, MultiHostSpec } from '../../../src/cxl/fabric/model.ts';

export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

function host(id: string, base: number): HostSpec {
  return {
    id,
    windows: [
      {
        id: 'cfmw0',
        base,
        size: 16 * GIB,
        ways: 1,
        granularity: 256,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb0'],
        restrictions: ['volatile'],
        qtg: 0,
      },
    ],
    components: [
      {
        id: 'hb0',
        kind: 'host-bridge',
        uid: 0,
        decoderCount: 4,
        componentRegBase: 0xfe00_0000,
        decoders: [],
      },
      { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
    ],
  };
}

const vppbs = (n: number) =>
  Array.from({ length: n }, (_, vppb) => ({ vppb, binding: { state: 'unbound' as const } }));
const lds = (n: number, size: number) =>
  Array.from({ length: n }, (_, ld) => ({ ld, range1: size, range2: 0, decoderCount: 4, decoders: [] }));

export function twoHostFabric(): MultiHostSpec {
  return {
    name: 'fm test fabric',
    hosts: [host('hostA', 0x40_0000_0000), host('hostB', 0x40_0000_0000)],
    fabric: {
      switches: [
        {
          id: 'sw0',
          ports: [
            { port: 0, role: 'upstream', link: { host: 'hostA', rootPort: 'rp0' } },
            { port: 1, role: 'upstream', link: { host: 'hostB', rootPort: 'rp0' } },
            { port: 2, role: 'downstream' },
            { port: 3, role: 'downstream' },
            { port: 4, role: 'upstream' },
            { port: 5, role: 'downstream' },
          ],
          vcss: [
            { vcs: 0, usp: 0, decoderCount: 4, decoders: [], vppbs: vppbs(3) },
            { vcs: 1, usp: 1, decoderCount: 4, decoders: [], vppbs: vppbs(2) },
            { vcs: 2, usp: 4, decoderCount: 2, decoders: [], vppbs: vppbs(1) },
          ],
        },
      ],
      devices: [
        {
          id: 'mld0',
          kind: 'mld',
          serial: 1,
          capacity: 4 * GIB,
          granularity: 256 * MIB,
          lds: lds(4, GIB),
          attach: { switch: 'sw0', port: 2 },
        },
        {
          id: 'sld0',
          kind: 'sld',
          serial: 2,
          capacity: GIB,
          granularity: 256 * MIB,
          lds: lds(1, GIB),
          attach: { switch: 'sw0', port: 3 },
        },
      ],
    },
  };
}
