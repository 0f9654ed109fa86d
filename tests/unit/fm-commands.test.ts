/**
 * Fabric Manager API handlers over the fabric model: what the switch reports (worked by hand from the
 * fixture in helpers/fm-fabric.ts), Bind/Unbind as background operations that change what each host
 * sees, LD allocations under the granularity rules, and every refusal with the spec's return code
 * (Invalid Input 02h, Unsupported 03h, Busy 06h, Invalid Payload Length 16h; CXL 2.0 §8.2.8.4.5.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFabric } from '../../src/cxl/fabric/validate.ts';
import { hostView } from '../../src/cxl/fabric/views.ts';
import {
  bindingTable,
  completeBackground,
  FM_COMMANDS,
  type FmState,
  fmState,
  runFmCommand,
  stepBackground,
  tunnelRequest,
} from '../../src/cxl/fm/index.ts';
import * as M from '../../src/cxl/spec/fm-mld-payloads.ts';
import * as P from '../../src/cxl/spec/fm-payloads.ts';
import { GIB, MIB, twoHostFabric } from './helpers/fm-fabric.ts';

const SUCCESS = 0x00;
const BG_STARTED = 0x01;
const INVALID_INPUT = 0x02;
const UNSUPPORTED = 0x03;
const BUSY = 0x06;
const BAD_LENGTH = 0x16;

function run(state: FmState, command: string, input: Uint8Array = new Uint8Array(0)) {
  const r = runFmCommand(state, 'sw0', command, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function bind(state: FmState, vcsId: number, vppbId: number, portId: number, ldId = 0xffff) {
  return run(state, 'bind-vppb', P.encodeBindVppb({ vcsId, vppbId, portId, ldId }));
}

/** Binds and runs the background operation to completion. */
function bound(state: FmState, vcs: number, vppb: number, port: number, ld = 0xffff): FmState {
  const r = bind(state, vcs, vppb, port, ld);
  expect(r.returnCode).toBe(BG_STARTED);
  return completeBackground(r.state).state;
}

/** Runs an MLD Component command tunnelled through sw0 to the MLD on `port`. */
function tunnelled(state: FmState, port: number, opcode: number, payload: Uint8Array = new Uint8Array(0)) {
  const r = run(state, 'tunnel-management', tunnelRequest(port, opcode, payload));
  return r;
}

function vcsEntries(state: FmState, vcs: number) {
  const req = { startVppb: 0, vppbListLimit: 8, vcsIds: [vcs] };
  const r = run(state, 'get-virtual-switch-info', P.encodeVcsInfoRequest(req));
  expect(r.returnCode).toBe(SUCCESS);
  const d = P.decodeVcsInfo(r.output, req);
  if (!d.ok) throw new Error(d.error.message);
  return d.value[0];
}

function hostLds(state: FmState, host: string): { id: string; volatile: number }[] {
  const idx = validateFabric(state.spec);
  if (!idx.ok) throw new Error(idx.error.map((e) => e.message).join('; '));
  return hostView(idx.value, host).components.flatMap((c) =>
    c.kind === 'type3' ? [{ id: c.id, volatile: c.volatile }] : [],
  );
}

describe('the fixture', () => {
  it('is a valid fabric', () => {
    expect(validateFabric(twoHostFabric()).ok).toBe(true);
  });
});

describe('Identify Switch Device', () => {
  it('reports ports, VCSs and vPPBs as worked by hand from the fixture', () => {
    const r = run(fmState(twoHostFabric()), '0x5100');
    expect(r.returnCode).toBe(SUCCESS);
    expect(P.decodeIdentifySwitch(r.output)).toEqual({
      ok: true,
      value: {
        ingressPortId: 0,
        physicalPorts: 6, // highest port ID 5, plus one
        vcsCount: 3,
        activePorts: [0, 1, 2, 3, 4, 5],
        activeVcss: [0, 1], // VCS 2's upstream port 4 is linked to no host
        totalVppbs: 6, // 3 + 2 + 1
        boundVppbs: 0,
        hdmDecoders: 4, // max(4, 4, 2)
      },
    });
  });
});

describe('Get Physical Port State', () => {
  it('DSP with MLD, DSP with SLD, empty DSP, USP without host, and a port the switch lacks', () => {
    const r = run(fmState(twoHostFabric()), 'get-physical-port-state', P.encodeIdList([2, 3, 5, 4, 9]));
    expect(r.returnCode).toBe(SUCCESS);
    const d = P.decodePortStates(r.output);
    if (!d.ok) throw new Error(d.error.message);
    const [mld, sld, empty, usp, missing] = d.value;
    // 3h DSP, 05h Type 3 MLD, 2h 68B Flit and VH, LTSSM 04h L0.
    expect([mld?.configState, mld?.deviceType, mld?.connectedMode, mld?.ltssmState]).toEqual([3, 5, 2, 4]);
    expect([sld?.configState, sld?.deviceType]).toEqual([3, 4]);
    // Nothing attached: 00h no device, LTSSM 00h Detect, no negotiated width.
    expect([empty?.deviceType, empty?.ltssmState, empty?.negotiatedLinkWidth]).toEqual([0, 0, 0]);
    expect([usp?.configState, usp?.ltssmState]).toEqual([4, 0]);
    expect(missing?.configState).toBe(0xf);
  });

  it('a request shorter than its count says is Invalid Payload Length', () => {
    expect(run(fmState(twoHostFabric()), 'get-physical-port-state', Uint8Array.from([3, 1])).returnCode).toBe(
      BAD_LENGTH,
    );
  });
});

describe('Bind vPPB: a background operation the UI can step through', () => {
  it('started → in progress at 50 % → bound; host A then sees LD 1 (1 GiB), host B nothing', () => {
    const s0 = fmState(twoHostFabric());
    const r = bind(s0, 0, 0, 2, 1);
    expect(r.returnCode).toBe(BG_STARTED);
    expect(r.state.pending?.percent).toBe(0);
    // In progress: Binding Status 01h, with the port and LD it is binding.
    expect(vcsEntries(r.state, 0)?.entries[0]).toEqual({ status: 1, portId: 2, ldId: 1 });
    expect(hostLds(r.state, 'hostA')).toEqual([]);
    const half = stepBackground(r.state);
    expect(half.completed).toBeNull();
    expect(half.state.pending?.percent).toBe(50);
    const done = stepBackground(half.state);
    expect(done.completed?.returnCode).toBe(SUCCESS);
    expect(done.state.pending).toBeNull();
    expect(vcsEntries(done.state, 0)?.entries[0]).toEqual({ status: 3, portId: 2, ldId: 1 });
    expect(hostLds(done.state, 'hostA')).toEqual([{ id: expect.any(String), volatile: GIB }]);
    expect(hostLds(done.state, 'hostB')).toEqual([]);
    // Pure: the state the command started from is untouched.
    expect(s0).toEqual(fmState(twoHostFabric()));
  });

  it('an SLD port binds whole (LD ID FFFFh): status 02h, port config state "bind in progress" meanwhile', () => {
    const r = bind(fmState(twoHostFabric()), 1, 1, 3);
    expect(r.returnCode).toBe(BG_STARTED);
    const ps = P.decodePortStates(run(r.state, 'get-physical-port-state', P.encodeIdList([3])).output);
    expect(ps.ok && ps.value[0]?.configState).toBe(1);
    const s = completeBackground(r.state).state;
    expect(vcsEntries(s, 1)?.entries[1]).toEqual({ status: 2, portId: 3, ldId: 0xff });
    expect(hostLds(s, 'hostB')).toEqual([{ id: expect.any(String), volatile: GIB }]);
  });

  it('refusals, each Invalid Input with a sentence saying why', () => {
    const s = bound(fmState(twoHostFabric()), 0, 0, 2, 1);
    const cases: [string, [number, number, number, number], RegExp][] = [
      ['LD already bound', [1, 0, 2, 1], /LD 1 of mld0 is already bound to VCS 0 vPPB 0/],
      ['vPPB already bound', [0, 0, 2, 2], /vPPB 0 of VCS 0 is already bound to port 2 LD 1/],
      ['VCS whose USP no host is bound to', [2, 0, 5, 0xffff], /VCS 2 is disabled/],
      ['VCS out of range', [7, 0, 2, 2], /VCS 7 does not exist/],
      ['vPPB out of range', [0, 9, 2, 2], /vPPB 9 is out of range for VCS 0 \(vPPBs 0–2\)/],
      ['port out of range', [0, 1, 9, 0xffff], /physical port 9 does not exist/],
      ['upstream port', [0, 1, 1, 0xffff], /upstream port/],
      ['LD out of range', [0, 1, 2, 7], /LD 7 does not exist on mld0/],
      ['MLD port without an LD-ID', [0, 1, 2, 0xffff], /name the LD-ID/],
      ['LD-ID on an SLD port', [0, 1, 3, 0], /LD ID must be FFFFh/],
    ];
    for (const [what, [vcs, vppb, port, ld], why] of cases) {
      const r = bind(s, vcs, vppb, port, ld);
      expect(r.returnCode, what).toBe(INVALID_INPUT);
      expect(r.message, what).toMatch(why);
      expect(r.state, what).toBe(s);
    }
  });

  it('Busy while a background operation runs; Invalid Payload Length for 5 bytes', () => {
    const started = bind(fmState(twoHostFabric()), 0, 0, 2, 1).state;
    expect(bind(started, 1, 0, 2, 2).returnCode).toBe(BUSY);
    expect(run(started, 'unbind-vppb', Uint8Array.from([0, 0, 0])).returnCode).toBe(BUSY);
    expect(run(fmState(twoHostFabric()), 'bind-vppb', Uint8Array.from([0, 0, 2, 0, 1])).returnCode).toBe(
      BAD_LENGTH,
    );
  });

  it('an LD with no memory allocated cannot be bound', () => {
    const spec = twoHostFabric();
    const ld3 = spec.fabric.devices[0]?.lds[3];
    if (ld3 !== undefined) ld3.range1 = 0;
    const r = bind(fmState(spec), 0, 0, 2, 3);
    expect([r.returnCode, r.message]).toEqual([
      INVALID_INPUT,
      'LD 3 of mld0 has no memory allocated: Set LD Allocations first',
    ]);
  });
});

describe('Unbind vPPB', () => {
  it('started → unbound; host A no longer sees the LD', () => {
    const s = bound(fmState(twoHostFabric()), 0, 2, 2, 0);
    expect(hostLds(s, 'hostA')).toHaveLength(1);
    const r = run(s, 'unbind-vppb', P.encodeUnbindVppb({ vcsId: 0, vppbId: 2, option: 1 }));
    expect(r.returnCode).toBe(BG_STARTED);
    expect(vcsEntries(r.state, 0)?.entries[2]?.status).toBe(1);
    const done = completeBackground(r.state);
    expect(done.completed?.message).toBe('sw0 VCS 0 vPPB 2 unbound from port 2 LD 0');
    expect(hostLds(done.state, 'hostA')).toEqual([]);
  });

  it('refuses a vPPB that is not bound and a reserved option', () => {
    const s = fmState(twoHostFabric());
    expect(run(s, 'unbind-vppb', Uint8Array.from([0, 1, 0])).returnCode).toBe(INVALID_INPUT);
    const b = bound(s, 0, 1, 3);
    const r = run(b, 'unbind-vppb', Uint8Array.from([0, 1, 3]));
    expect([r.returnCode, r.message]).toEqual([
      INVALID_INPUT,
      'Unbind Option 3 is reserved (0–2 are defined)',
    ]);
  });
});

describe('MLD Component commands reach the MLD only through Tunnel Management', () => {
  it('sent to the switch directly: Unsupported', () => {
    const r = run(fmState(twoHostFabric()), 'get-ld-info');
    expect(r.returnCode).toBe(UNSUPPORTED);
    expect(r.message).toContain('tunnel it');
  });

  it('Get LD Info through the tunnel: response header and payload bytes worked by hand', () => {
    const r = tunnelled(fmState(twoHostFabric()), 2, 0x5400);
    expect(r.returnCode).toBe(SUCCESS);
    // Response message = 12-byte CCI header + 11-byte Get LD Info = 23 = 17h bytes.
    expect([...r.output.subarray(0, 4)]).toEqual([0x17, 0, 0, 0]);
    // Category 1 (response), tag 0, reserved, opcode 00 54, length 0B 00 00, return code 00 00.
    expect([...r.output.subarray(4, 4 + 12)]).toEqual([1, 0, 0, 0x00, 0x54, 0x0b, 0, 0, 0, 0, 0, 0]);
    // 4 GiB = 1_0000_0000h: byte 4 of the size is 01h; LD count 4.
    expect([...r.output.subarray(16)]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0]);
    expect(r.inner?.rc).toBe(SUCCESS);
  });

  it('tunnels to a port without an MLD, or of an unknown target type, are Invalid Input', () => {
    const s = fmState(twoHostFabric());
    expect(tunnelled(s, 3, 0x5400).returnCode).toBe(INVALID_INPUT);
    expect(tunnelled(s, 5, 0x5400).returnCode).toBe(INVALID_INPUT);
    const t = tunnelRequest(2, 0x5400, new Uint8Array(0));
    t[1] = 1;
    expect(run(s, 'tunnel-management', t).returnCode).toBe(INVALID_INPUT);
    expect(run(s, 'tunnel-management', t.subarray(0, 10)).returnCode).toBe(BAD_LENGTH);
  });

  it('a switch command tunnelled to the MLD is answered Unsupported by the MLD', () => {
    const r = tunnelled(fmState(twoHostFabric()), 2, 0x5100);
    expect([r.returnCode, r.inner?.rc]).toEqual([SUCCESS, UNSUPPORTED]);
  });
});

function allocations(state: FmState): { range1: bigint; range2: bigint }[] {
  const r = tunnelled(state, 2, 0x5401, M.encodeLdAllocRequest({ startLdId: 0, listLimit: 16 }));
  const d = M.decodeLdAllocations(r.inner?.output ?? new Uint8Array(0));
  if (!d.ok) throw new Error(d.error.message);
  return d.value.list;
}

function setAlloc(state: FmState, startLdId: number, list: [bigint, bigint][]) {
  const payload = M.encodeSetLdAllocations({
    startLdId,
    list: list.map(([range1, range2]) => ({ range1, range2 })),
  });
  return tunnelled(state, 2, 0x5402, payload);
}

describe('Get and Set LD Allocations (granularity 256 MiB, 4 GiB of media)', () => {
  it('Get: each 1 GiB LD is Range 1 = 1 GiB / 256 MiB = 4 multipliers', () => {
    const r = tunnelled(
      fmState(twoHostFabric()),
      2,
      0x5401,
      M.encodeLdAllocRequest({ startLdId: 1, listLimit: 2 }),
    );
    expect(M.decodeLdAllocations(r.inner?.output ?? new Uint8Array(0))).toEqual({
      ok: true,
      value: {
        ldCount: 4,
        granularity: 0,
        startLdId: 1,
        list: [
          { range1: 4n, range2: 0n },
          { range1: 4n, range2: 0n },
        ],
      },
    });
  });

  it('Set on unbound LDs: LD 3 to 2 × 256 MiB = 512 MiB; the response echoes the new allocation', () => {
    const r = setAlloc(fmState(twoHostFabric()), 3, [[2n, 0n]]);
    expect(r.inner?.rc).toBe(SUCCESS);
    expect(M.decodeSetLdAllocations(r.inner?.output ?? new Uint8Array(0))).toEqual({
      ok: true,
      value: { startLdId: 3, list: [{ range1: 2n, range2: 0n }] },
    });
    expect(allocations(r.state)[3]).toEqual({ range1: 2n, range2: 0n });
    expect(r.state.spec.fabric.devices[0]?.lds[3]?.range1).toBe(512 * MIB);
  });

  it('the total stays within the media: 3 GiB + 4 × 256 MiB = 4 GiB fits, 3 GiB + 5 × 256 MiB does not', () => {
    const s = fmState(twoHostFabric());
    expect(setAlloc(s, 3, [[4n, 0n]]).inner?.rc).toBe(SUCCESS);
    const over = setAlloc(s, 3, [[4n, 1n]]);
    expect(over.inner?.rc).toBe(INVALID_INPUT);
    expect(over.inner?.message).toContain('over mld0');
  });

  it('refused while bound, and when resizing an earlier LD would move a bound LD; allowed after it', () => {
    const s = bound(fmState(twoHostFabric()), 0, 0, 2, 1);
    const same = setAlloc(s, 1, [[2n, 0n]]);
    expect(same.inner?.rc).toBe(INVALID_INPUT);
    expect(same.inner?.message).toMatch(/LD 1 of mld0 is bound to VCS 0 vPPB 0/);
    // Regression (found by the property below): same total, split differently (3 + 1 multipliers).
    expect(setAlloc(s, 1, [[3n, 1n]]).inner?.rc).toBe(INVALID_INPUT);
    // LD 0 shrinking would move LD 1's media from 1 GiB to 512 MiB: refused too.
    expect(setAlloc(s, 0, [[2n, 0n]]).inner?.rc).toBe(INVALID_INPUT);
    // LD 3 lies after LD 1: LD 1 keeps base 1 GiB, size 1 GiB.
    expect(setAlloc(s, 3, [[1n, 1n]]).inner?.rc).toBe(SUCCESS);
  });

  it('malformed requests: no LDs, past the last LD, and a length that disagrees with the count', () => {
    const s = fmState(twoHostFabric());
    expect(setAlloc(s, 0, []).inner?.rc).toBe(INVALID_INPUT);
    expect(
      setAlloc(s, 3, [
        [1n, 0n],
        [1n, 0n],
      ]).inner?.rc,
    ).toBe(INVALID_INPUT);
    const p = M.encodeSetLdAllocations({ startLdId: 0, list: [{ range1: 1n, range2: 0n }] });
    expect(tunnelled(s, 2, 0x5402, p.subarray(0, 12)).inner?.rc).toBe(BAD_LENGTH);
  });
});

describe('property: any sequence of FM commands keeps the fabric valid and isolated', () => {
  const cmd = fc.oneof(
    fc.record({
      k: fc.constant('bind' as const),
      vcs: fc.nat(2),
      vppb: fc.nat(2),
      port: fc.constantFrom(2, 2, 3, 5, 6),
      ld: fc.constantFrom(0, 1, 2, 3, 0xffff),
    }),
    fc.record({ k: fc.constant('unbind' as const), vcs: fc.nat(3), vppb: fc.nat(3), option: fc.nat(3) }),
    fc.record({
      k: fc.constant('alloc' as const),
      start: fc.nat(3),
      r1: fc.bigInt({ min: 0n, max: 8n }),
      r2: fc.bigInt({ min: 0n, max: 2n }),
    }),
    fc.constant({ k: 'step' as const }),
  );
  it('validateFabric accepts every state; each LD is bound at most once; bound LDs never change size', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 30 }), (cmds) => {
        let s = fmState(twoHostFabric());
        for (const c of cmds) {
          const before = c.k === 'alloc' ? completeBackground(s).state : s;
          if (c.k === 'alloc') s = before;
          // Half of the binds run to completion at once, the rest wait for "step" commands.
          if (c.k === 'bind') s = bind(s, c.vcs, c.vppb, c.port, c.ld).state;
          if (c.k === 'bind' && c.vppb !== 2) s = completeBackground(s).state;
          else if (c.k === 'unbind')
            s = run(s, 'unbind-vppb', Uint8Array.from([c.vcs, c.vppb, c.option])).state;
          else if (c.k === 'alloc') s = setAlloc(s, c.start, [[c.r1, c.r2]]).state;
          else s = stepBackground(s).state;
          expect(validateFabric(s.spec).ok).toBe(true);
          const boundLds =
            s.spec.fabric.switches[0]?.vcss
              .flatMap((v) => v.vppbs.map((p) => p.binding))
              .filter((b) => b.state === 'ld') ?? [];
          expect(new Set(boundLds.map((b) => (b.state === 'ld' ? b.ld : -1))).size).toBe(boundLds.length);
          for (const b of boundLds) {
            if (b.state !== 'ld' || c.k !== 'alloc') continue;
            const ld = (x: FmState) => x.spec.fabric.devices[0]?.lds.find((l) => l.ld === b.ld);
            expect(ld(s)).toEqual(ld(before));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('binding table (the Fabric Manager panel rows)', () => {
  it('one row per vPPB with status, port, LD and host; a pending bind reads in progress', () => {
    const s = bound(fmState(twoHostFabric()), 0, 0, 2, 1);
    const started = bind(s, 1, 1, 3).state;
    const rows = bindingTable(started);
    // 3 + 2 + 1 vPPBs.
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      switch: 'sw0',
      vcs: 0,
      vppb: 0,
      status: 3,
      statusName: 'Bound LD',
      port: 2,
      ld: 1,
      host: 'hostA',
    });
    expect(rows[4]).toMatchObject({ vcs: 1, vppb: 1, status: 1, port: 3, ld: null, host: 'hostB' });
    expect(rows[5]).toMatchObject({ vcs: 2, vppb: 0, status: 0, port: null, ld: null, host: null });
  });
});

describe('property: arbitrary request bytes never throw', () => {
  it('every command, sent to the switch or tunnelled to the MLD, answers a return code; its fields decode', () => {
    const s = bound(fmState(twoHostFabric()), 0, 0, 2, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...FM_COMMANDS),
        fc.uint8Array({ maxLength: 80 }),
        fc.boolean(),
        (def, bytes, tunnel) => {
          const input = tunnel ? tunnelRequest(2, def.opcode, bytes) : bytes;
          const r = run(s, tunnel ? 'tunnel-management' : def.cli, input);
          expect(r.returnCode).toBeGreaterThanOrEqual(0);
          expect(r.message.length).toBeGreaterThan(0);
          def.decodeInput?.(bytes);
          def.decodeOutput?.(bytes, bytes);
          def.decodeOutput?.(r.output, input);
        },
      ),
    );
  });
});
