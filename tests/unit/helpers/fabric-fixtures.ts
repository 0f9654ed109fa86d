/** Multi-host fabrics for the fabric tests (issue 18), built from the core's builders. */
import { bareHost, unboundVcs } from '../../../src/cxl/fabric/build.ts';
import type { MultiHostSpec } from '../../../src/cxl/fabric/model.ts';

const GIB = 2 ** 30;

/**
 * Two hosts on one switch (ports 0 and 1 upstream, 2 and 3 downstream), two 2 GiB MLDs with two
 * 1 GiB LDs each: host A gets LD 0 of both, host B LD 1 of both.
 */
export function twoHostPool(): MultiHostSpec {
  const vcs0 = unboundVcs(0, 0, 2);
  const vcs1 = unboundVcs(1, 1, 2);
  vcs0.vppbs[0] = { vppb: 0, binding: { state: 'ld', port: 2, ld: 0 } };
  vcs0.vppbs[1] = { vppb: 1, binding: { state: 'ld', port: 3, ld: 0 } };
  vcs1.vppbs[0] = { vppb: 0, binding: { state: 'ld', port: 2, ld: 1 } };
  vcs1.vppbs[1] = { vppb: 1, binding: { state: 'ld', port: 3, ld: 1 } };
  const ld = (n: number) => ({ ld: n, range1: GIB, range2: 0, decoderCount: 4, decoders: [] });
  return {
    name: 'two hosts',
    hosts: [bareHost('hostA'), bareHost('hostB')],
    fabric: {
      switches: [
        {
          id: 'sw0',
          ports: [
            { port: 0, role: 'upstream', link: { host: 'hostA', rootPort: 'rp0.0' } },
            { port: 1, role: 'upstream', link: { host: 'hostB', rootPort: 'rp0.0' } },
            { port: 2, role: 'downstream' },
            { port: 3, role: 'downstream' },
          ],
          vcss: [vcs0, vcs1],
        },
      ],
      devices: ['mld0', 'mld1'].map((id, i) => ({
        id,
        kind: 'mld' as const,
        serial: 0x100 + i,
        capacity: 2 * GIB,
        granularity: 256 * 2 ** 20,
        lds: [ld(0), ld(1)],
        attach: { switch: 'sw0', port: 2 + i },
      })),
    },
  };
}
