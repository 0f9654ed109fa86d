/**
 * (issue 18) The pooling topology the fabric and route benchmarks share: 4 hosts share a switch with
 * 4 MLDs of 4 LDs each, host h getting LD h of every MLD; and the same shape for one host (a 4-way
 * switch with 4 plain 1 GiB Type 3 devices). `region` programs a 4-way region as Linux would.
 */
import { bareHost, unboundVcs } from '../src/cxl/fabric/build.ts';
import { createFabricLab } from '../src/cxl/fabric/fabric-lab.ts';
import type { MultiHostSpec } from '../src/cxl/fabric/model.ts';
import { createLab, type Lab } from '../src/cxl/lab.ts';
import { applyPlan } from '../src/cxl/region/apply.ts';
import { createRegion } from '../src/cxl/region/create.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

export function pooled(): MultiHostSpec {
  const vcss = [0, 1, 2, 3].map((h) => {
    const v = unboundVcs(h, h, 4);
    v.vppbs = v.vppbs.map((b, k) => ({
      vppb: b.vppb,
      binding: { state: 'ld' as const, port: 10 + k, ld: h },
    }));
    return v;
  });
  return {
    name: 'bench pool',
    hosts: [0, 1, 2, 3].map((h) => bareHost(`h${h}`)),
    fabric: {
      switches: [
        {
          id: 'sw0',
          ports: [
            ...[0, 1, 2, 3].map((h) => ({
              port: h,
              role: 'upstream' as const,
              link: { host: `h${h}`, rootPort: 'rp0.0' },
            })),
            ...[0, 1, 2, 3].map((k) => ({ port: 10 + k, role: 'downstream' as const })),
          ],
          vcss,
        },
      ],
      devices: [0, 1, 2, 3].map((k) => ({
        id: `mld${k}`,
        kind: 'mld' as const,
        serial: 0x100 + k,
        capacity: 4 * GIB,
        granularity: 256 * MIB,
        lds: [0, 1, 2, 3].map((ld) => ({ ld, range1: GIB, range2: 0, decoderCount: 4, decoders: [] })),
        attach: { switch: 'sw0', port: 10 + k },
      })),
    },
  };
}

/** The same shape for one host: a switch below rp0.0 with 4 plain 1 GiB devices. */
export function singleHost(): Lab {
  const host = bareHost('h0');
  host.components.push({ id: 'sw0', kind: 'switch', parent: 'rp0.0', decoderCount: 4, decoders: [] });
  for (let k = 0; k < 4; k++) {
    host.components.push({ id: `dsp${k}`, kind: 'downstream-port', parent: 'sw0', port: k });
    host.components.push({
      id: `mem${k}`,
      kind: 'type3',
      parent: `dsp${k}`,
      volatile: GIB,
      persistent: 0,
      decoderCount: 4,
      serial: k + 1,
      decoders: [],
    });
  }
  const made = createLab({ name: 'bench single', windows: host.windows, components: host.components });
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

export function region(lab: Lab, members: string[]): void {
  const plan = createRegion(lab, { window: 'cfmw0', members, mode: 'volatile' });
  if (!plan.ok) throw new Error(plan.error.message);
  if (!applyPlan(lab, plan.value).ok) throw new Error('apply');
}

/** Host 0 of the pooled lab with its 4-way region over LD 0 of each MLD, and the matching single host. */
export function pooledPair(): { single: Lab; host0: Lab } {
  const single = singleHost();
  region(single, ['mem0', 'mem1', 'mem2', 'mem3']);
  const made = createFabricLab(pooled());
  if (!made.ok) throw new Error(made.error.message);
  const host0 = made.value.lab.host('h0');
  if (host0 === undefined) throw new Error('no host');
  region(host0, ['mld0.ld0', 'mld1.ld0', 'mld2.ld0', 'mld3.ld0']);
  return { single, host0 };
}
