/**
 * The multi-host presets (issue 18), as `cxl-lab/2` files in `src/presets/multi-host/`: a bare fabric
 * plus the regions each host's Linux creates, programmed by the core's region code exactly like the
 * single-host presets (`build.ts`). The app lists them in its Presets menu (group "Memory pooling",
 * `src/presets/catalog.ts`); the CLI opens them (`--host ID`). Each one's notes walk through it in the
 * app and on the command line. `tests/unit/multi-host-presets.test.ts` checks the stored files still
 * match.
 */
import { bareHost, unboundVcs } from '../../src/cxl/fabric/build.ts';
import { createFabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import type { FabricDeviceSpec, LogicalDeviceSpec, MultiHostSpec } from '../../src/cxl/fabric/model.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import type { RegionRequest } from '../../src/cxl/region/types.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

export interface MultiHostPreset {
  id: string;
  spec: MultiHostSpec;
  /** Regions per host, in creation order. */
  regions: { host: string; request: RegionRequest }[];
}

const ld = (n: number, size = GIB): LogicalDeviceSpec => ({
  ld: n,
  range1: size,
  range2: 0,
  decoderCount: 4,
  decoders: [],
});

function mld(id: string, serial: number, lds: number, port: number): FabricDeviceSpec {
  return {
    id,
    kind: 'mld',
    serial,
    capacity: lds * GIB,
    granularity: 256 * MIB,
    lds: Array.from({ length: lds }, (_, n) => ld(n)),
    attach: { switch: 'sw0', port },
  };
}

const POOL_NOTES = `Two hosts share one CXL switch (sw0) and two multi-logical devices (mld0 on switch port 2, mld1 on port 3). The fabric manager split each 2 GiB MLD into two 1 GiB logical devices, LD 0 and LD 1 (Set LD Allocations, CXL 2.0 §7.6.7.4.3), and bound them (Bind vPPB, CXL 2.0 §7.6.7.2.2): switch port 0 is hostA's upstream port and heads VCS 0, port 1 is hostB's and heads VCS 1 (CXL 2.0 §7.1). VCS 0's vPPB 0 is bound to mld0 LD 0 and vPPB 1 to mld1 LD 0; VCS 1's vPPBs to the LD 1s.

Each host sees an ordinary switch (sw0.vcs0 in hostA, sw0.vcs1 in hostB) with two Type 3 devices of 1 GiB (mld0.ld0 and mld1.ld0 in hostA), and its Linux made one 2-way region at 256 B across them at its own HPA 0x4c00000000: both hosts use the same addresses, in two separate machines.

Walkthrough in the app:
1. Fabric tab (dock): the binding table lists VCS 0 (hostA) and VCS 1 (hostB), each vPPB's physical port, LD-ID and host.
2. Host switcher (header): pick hostA. In the access console, write at 0x4c00000100: granule 1 of a 2-way interleave is position 1, mld1.ld0 at DPA 0x0.
3. Pick hostB and write at the same HPA: it reaches mld1.ld1 at DPA 0x0.
4. Select mld1 and open its DPA hex view: LD 0 and LD 1 are coloured slices of one media; hostA's byte is at 0x0, hostB's at 0x40000000 (LDs sit in LD-ID order). The reverse map of a byte names the host and HPA that reach it.
5. Fabric tab: Unbind VCS 0 vPPB 1 and Step through it; hostA's accesses to mld1.ld0 now stop at sw0.vcs0.vppb1.

On the command line:
1. cxl-lab route FILE 0x4c00000100 --host hostA reaches mld1.ld0 at DPA 0x0 (mld1's media byte 0x0); with --host hostB, mld1.ld1 at DPA 0x0 (media byte 0x40000000).
2. cxl-lab list FILE --host hostA names hostA's devices and region; hostB's LDs are not in it: they are not in its view of the fabric.
3. cxl-lab check FILE --host hostB checks hostB's decoders on their own; cxl-lab qemu FILE prints one QEMU command line per host.`;

function pool(): MultiHostPreset {
  const vcs0 = unboundVcs(0, 0, 2);
  const vcs1 = unboundVcs(1, 1, 2);
  vcs0.vppbs = [0, 1].map((v) => ({ vppb: v, binding: { state: 'ld' as const, port: 2 + v, ld: 0 } }));
  vcs1.vppbs = [0, 1].map((v) => ({ vppb: v, binding: { state: 'ld' as const, port: 2 + v, ld: 1 } }));
  return {
    id: 'pool-2h-2mld',
    spec: {
      name: '2 hosts × 1 switch × 2 MLDs, half of each MLD per host',
      notes: POOL_NOTES,
      hosts: [bareHost('hostA', { windowSize: 4 * GIB }), bareHost('hostB', { windowSize: 4 * GIB })],
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
        devices: [mld('mld0', 0x100, 2, 2), mld('mld1', 0x101, 2, 3)],
      },
    },
    regions: [
      { host: 'hostA', request: { window: 'cfmw0', members: ['mld0.ld0', 'mld1.ld0'], mode: 'volatile' } },
      { host: 'hostB', request: { window: 'cfmw0', members: ['mld0.ld1', 'mld1.ld1'], mode: 'volatile' } },
    ],
  };
}

const HOSTS4 = ['hostA', 'hostB', 'hostC', 'hostD'];

const MHD_NOTES = `Four hosts share one multi-headed device (mhd0) with no switch: each of its four heads is linked to one host's root port rp0.0, and head N serves logical device N, a 1 GiB slice of the device's 4 GiB. Each host sees one ordinary 1 GiB Type 3 device below its root port (mhd0.ld0 in hostA … mhd0.ld3 in hostD) and made one 1-way region on it at its own HPA 0x4c00000000.

Walkthrough in the app:
1. Host switcher (header): pick hostC; in the access console write at 0x4c00001000. It reaches mhd0.ld2 at DPA 0x1000.
2. Select mhd0 and open its DPA hex view: the four LDs are coloured slices; hostC's byte is at media offset 0x80001000 (LD 2 starts at 2 GiB). The reverse map of that byte names hostC and HPA 0x4c00001000.
3. Pick hostA, hostB and hostD in turn and write at the same HPA: each lands in its own GiB of the one device.

On the command line:
1. cxl-lab route FILE 0x4c00001000 --host hostC reaches mhd0.ld2 at DPA 0x1000, mhd0's media byte 0x80001000.
2. Repeat with --host hostA, hostB and hostD: the same HPA lands in a different GiB for each host, and no host reaches another's slice.
3. Without --host the CLI refuses and lists the four hosts: an HPA means nothing until you say whose.`;

function mhd(): MultiHostPreset {
  return {
    id: 'mhd-4h',
    spec: {
      name: '4 hosts sharing a multi-headed device',
      notes: MHD_NOTES,
      hosts: HOSTS4.map((h) => bareHost(h, { windowSize: 4 * GIB })),
      fabric: {
        switches: [],
        devices: [
          {
            id: 'mhd0',
            kind: 'mhd',
            serial: 0x100,
            capacity: 4 * GIB,
            granularity: 256 * MIB,
            lds: [0, 1, 2, 3].map((n) => ld(n)),
            heads: HOSTS4.map((host, n) => ({ head: n, link: { host, rootPort: 'rp0.0' }, ld: n })),
          },
        ],
      },
    },
    regions: HOSTS4.map((host, n) => ({
      host,
      request: { window: 'cfmw0', members: [`mhd0.ld${n}`], mode: 'volatile' as const },
    })),
  };
}

const REBIND_NOTES = `Before the move: hostA has both 1 GiB logical devices of mld0 (VCS 0's vPPB 0 bound to LD 0, vPPB 1 to LD 1) with one region on each: region0 at HPA 0x4c00000000 on mld0.ld0, region1 at 0x4c40000000 on mld0.ld1. hostB's VCS 1 has one vPPB, unbound: a downstream port with nothing below it.

Walkthrough in the app, moving LD 1 from hostA to hostB:
1. Host switcher: hostA. In the access console write at 0x4c40000000: it reaches mld0.ld1 at DPA 0x0 (mld0's media byte 0x40000000).
2. Fabric tab: Unbind VCS 0 vPPB 1 (Unbind vPPB, CXL 2.0 §7.6.7.2.3) and Step through it. hostA's region1 goes offline: its decoders still send 0x4c40000000 to vPPB 1, but the route now stops at sw0.vcs0.vppb1.
3. Bind VCS 1 vPPB 0 to port 1, LD 1 (Bind vPPB, CXL 2.0 §7.6.7.2.2). Binding it before the unbind is refused: an LD is bound to one vPPB at a time.
4. Host switcher: hostB. Regions: create a region on mld0.ld1; read its first bytes: they are what hostA wrote. mld0's DPA hex view and reverse map now name hostB.

On the command line: cxl-lab route FILE 0x4c40000000 --host hostA, then cxl-lab fm FILE unbind-vppb --in-json '{"vcs":0,"vppb":1,"option":0}' --apply -o OUT and bind-vppb '{"vcs":1,"vppb":0,"port":1,"ld":1}' the same way; route on OUT stops at sw0.vcs0.vppb1.`;

function rebind(): MultiHostPreset {
  const vcs0 = unboundVcs(0, 0, 2);
  vcs0.vppbs = [0, 1].map((v) => ({ vppb: v, binding: { state: 'ld' as const, port: 1, ld: v } }));
  return {
    id: 'rebind-demo',
    spec: {
      name: 'Rebinding demo: an LD moves from hostA to hostB',
      notes: REBIND_NOTES,
      hosts: [bareHost('hostA', { windowSize: 4 * GIB }), bareHost('hostB', { windowSize: 4 * GIB })],
      fabric: {
        switches: [
          {
            id: 'sw0',
            ports: [
              { port: 0, role: 'upstream', link: { host: 'hostA', rootPort: 'rp0.0' } },
              { port: 1, role: 'downstream' },
              { port: 2, role: 'upstream', link: { host: 'hostB', rootPort: 'rp0.0' } },
            ],
            vcss: [vcs0, unboundVcs(1, 2, 1)],
          },
        ],
        devices: [mld('mld0', 0x100, 2, 1)],
      },
    },
    regions: [
      { host: 'hostA', request: { window: 'cfmw0', members: ['mld0.ld0'], mode: 'volatile' } },
      { host: 'hostA', request: { window: 'cfmw0', members: ['mld0.ld1'], mode: 'volatile' } },
    ],
  };
}

const BIND_NOTES = `The fabric of "2 hosts × 1 switch × 2 MLDs" before the fabric manager has bound anything: each 2 GiB MLD (mld0 on switch port 2, mld1 on port 3) is split into two 1 GiB LDs (LD 0 and LD 1, Set LD Allocations, CXL 2.0 §7.6.7.4.3), but every vPPB of VCS 0 (hostA, upstream port 0) and VCS 1 (hostB, upstream port 1) is unbound, and no decoder is programmed. Each host sees a switch with two empty downstream ports.

Walkthrough in the app:
1. Fabric tab (dock): bind VCS 0 vPPB 0 to port 2 LD 0 and vPPB 1 to port 3 LD 0 (Bind vPPB, CXL 2.0 §7.6.7.2.2); Step through each pending bind. Bind VCS 1's vPPB 0 and 1 to LD 1 of ports 2 and 3. Binding an LD that is already bound is refused.
2. Host switcher (header): hostA. Regions: create a 2-way ram region in cfmw0 at 256 B on mld0.ld0 then mld1.ld0. It starts at 0x4c00000000.
3. Host switcher: hostB. The same on mld0.ld1 then mld1.ld1.
4. Access console: on hostA write at 0x4c00000200 (granule 2: position 0, mld0.ld0 DPA 0x100); on hostB at 0x4c00000300 (granule 3: position 1, mld1.ld1 DPA 0x100).
5. DPA hex view of mld0: hostA's byte at media 0x100. Of mld1: hostB's at 0x40000100, after LD 0's 1 GiB. The reverse map of each byte names its host and HPA.

On the command line: cxl-lab fm FILE bind-vppb --in-json '{"vcs":0,"vppb":0,"port":2,"ld":0}' --apply -o OUT (and the other three), then cxl-lab region OUT --host hostA … as Linux would.`;

/** The pool's fabric with its LDs allocated, every vPPB unbound and no decoder programmed. */
function bindYourself(): MultiHostPreset {
  const base = pool();
  return {
    id: 'pool-bind-yourself',
    spec: {
      ...base.spec,
      name: 'Pool: bind it yourself (2 hosts, 2 MLDs, nothing bound)',
      notes: BIND_NOTES,
      fabric: {
        ...base.spec.fabric,
        switches: base.spec.fabric.switches.map((sw) => ({
          ...sw,
          vcss: sw.vcss.map((v) => unboundVcs(v.vcs, v.usp, v.vppbs.length)),
        })),
      },
    },
    regions: [],
  };
}

export function multiHostPresets(): MultiHostPreset[] {
  return [pool(), mhd(), rebind(), bindYourself()];
}

/** Programs the regions the way Linux would and returns the `cxl-lab/2` text; throws if one is refused. */
export function buildMultiHostPreset(p: MultiHostPreset): string {
  const made = createFabricLab(structuredClone(p.spec));
  if (!made.ok) throw new Error(`${p.id}: ${made.error.message}`);
  const f = made.value.lab;
  for (const { host, request } of p.regions) {
    const lab = f.host(host);
    if (lab === undefined) throw new Error(`${p.id}: no host ${host}`);
    const plan = createRegion(lab, request);
    if (!plan.ok) throw new Error(`${p.id}: ${host}: ${plan.error.message}`);
    const applied = applyPlan(lab, plan.value);
    if (!applied.ok) throw new Error(`${p.id}: ${host}: ${applied.error.message}`);
  }
  const file = f.toFile();
  if (file.registers.size > 0) throw new Error(`${p.id}: decoder programs do not reproduce the registers`);
  return serializeMultiHostFile(file.spec);
}
