/**
 * The Fabric Manager panel's pure logic (issue 18) against the core: binding table rows, the Bind…
 * form's free/refused choices (checked against the switch's own answer), LD allocations, the FM
 * catalogue's input layouts and the field ↔ hex editing the panel shares with the Mailbox view.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { ldKey } from '../../src/cxl/fabric/ids.ts';
import type { MultiHostSpec } from '../../src/cxl/fabric/model.ts';
import {
  bindingTable,
  completeBackground,
  type FmState,
  fmState,
  runFmCommand,
} from '../../src/cxl/fm/index.ts';
import { RC } from '../../src/cxl/spec/mailbox.ts';
import { formatHex, parseHex, readField, writeField } from '../../src/panels/device/payload-edit.ts';
import { bindForm } from '../../src/panels/fabric/bind-choices.ts';
import { type FabricRowsInput, fabricRows } from '../../src/panels/fabric/fabric-rows.ts';
import { historyEntry } from '../../src/panels/fabric/fm-session.ts';
import {
  mldAllocations,
  parseMultiplier,
  setAllocationsRequest,
} from '../../src/panels/fabric/ld-allocations.ts';
import { fmCatalog } from '../../src/worker/fabric-handlers.ts';
import type { FabricLdView } from '../../src/worker/lab-types.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

function presetSpec(): MultiHostSpec {
  const text = readFileSync('src/presets/multi-host/pool-2h-2mld.cxl-lab.json', 'utf8');
  const r = parseAnyLabFile(text);
  if (!r.ok || r.value.hosts !== 'multi') throw new Error('the pool preset does not parse as multi-host');
  return r.value.file.spec;
}

/** What `view.fabric` carries for the panel, built from the core as the worker builds it. */
function viewOf(state: FmState): FabricRowsInput {
  const built = createFabricLab(state.spec);
  if (!built.ok) throw new Error(built.error.message);
  const idx = built.value.lab.index;
  const lds: FabricLdView[] = [...idx.slices.values()].map((s) => ({
    ...s,
    owner: idx.owners.get(ldKey(s.device, s.ld)) ?? null,
  }));
  return { spec: state.spec, bindings: bindingTable(state), pending: state.pending, lds };
}

/** Runs `command` with hex-free JSON-less bytes on sw0 and returns the new FM state. */
function run(state: FmState, command: string, bytes: number[]) {
  const r = runFmCommand(state, 'sw0', command, Uint8Array.from(bytes));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('binding table rows', () => {
  it('shows the pool preset: VCS 0 is hostA, vPPB 1 holds mld1 LD 0 on port 3', () => {
    const rows = fabricRows(viewOf(fmState(presetSpec())));
    // 2 VCSs × 2 vPPBs (the preset file), in switch, VCS, vPPB order.
    expect(rows.map((r) => r.key)).toEqual(['sw0/0/0', 'sw0/0/1', 'sw0/1/0', 'sw0/1/1']);
    const r = rows[1];
    expect(r).toMatchObject({ host: 'hostA', port: 3, ld: 0, device: 'mld1', component: 'mld1.ld0' });
    // Binding Status 03h "Bound LD" (CXL r3.2 Table 7-32).
    expect(r?.status).toBe(3);
    expect(r?.statusName).toBe('Bound LD');
    expect(r?.pending).toBeNull();
  });

  it('marks the row of a pending Unbind in progress, at 0 % then 50 %', () => {
    // Unbind vPPB request (CXL r3.2 Table 7-34): VCS 0, vPPB 1, option 0.
    const started = run(fmState(presetSpec()), 'unbind-vppb', [0, 1, 0]);
    expect(started.returnCode).toBe(RC.backgroundStarted);
    const row = fabricRows(viewOf(started.state)).find((x) => x.key === 'sw0/0/1');
    // Binding Status 01h "Bind or unbind in progress".
    expect(row?.status).toBe(1);
    expect(row?.pending).toEqual({ op: 'Unbind vPPB', percent: 0 });
    const done = completeBackground(started.state).state;
    const after = fabricRows(viewOf(done)).find((x) => x.key === 'sw0/0/1');
    expect(after).toMatchObject({ status: 0, port: null, ld: null, component: null, pending: null });
  });
});

describe('Bind… form choices', () => {
  it('offers the LD freed by an unbind and says why the other three are refused', () => {
    const s = completeBackground(run(fmState(presetSpec()), 'unbind-vppb', [0, 1, 0]).state).state;
    const form = bindForm(s.spec, null, { switch: 'sw0', vcs: 0, vppb: 1 });
    expect(form.vppbRefusal).toBeNull();
    expect(form.choices.map((c) => [c.port, c.ld, c.refusal])).toEqual([
      [2, 0, 'already bound to VCS 0 vPPB 0'],
      [2, 1, 'already bound to VCS 1 vPPB 0'],
      [3, 0, null],
      [3, 1, 'already bound to VCS 1 vPPB 1'],
    ]);
  });

  it('refuses every bind while a background operation runs (Busy)', () => {
    const started = run(fmState(presetSpec()), 'unbind-vppb', [0, 1, 0]).state;
    expect(bindForm(started.spec, started.pending, { switch: 'sw0', vcs: 1, vppb: 0 }).vppbRefusal).toMatch(
      /^Busy: Unbind vPPB on VCS 0 vPPB 1/,
    );
  });

  it('a VCS whose upstream port links to no host is refused as disabled', () => {
    const spec = presetSpec();
    const usp = spec.fabric.switches[0]?.ports.find((p) => p.port === 1);
    if (usp !== undefined) delete usp.link;
    expect(bindForm(spec, null, { switch: 'sw0', vcs: 1, vppb: 0 }).vppbRefusal).toBe(
      'VCS 1 is disabled: no host is bound to its upstream port 1',
    );
  });

  it('predicts the switch: a choice is free exactly when Bind vPPB starts (any unbound subset)', () => {
    const vppbs = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const;
    fc.assert(
      fc.property(fc.subarray([...vppbs], { minLength: 1 }), (unbind) => {
        let s = fmState(presetSpec());
        for (const [vcs, vppb] of unbind)
          s = completeBackground(run(s, 'unbind-vppb', [vcs, vppb, 0]).state).state;
        for (const [vcs, vppb] of vppbs) {
          const form = bindForm(s.spec, null, { switch: 'sw0', vcs, vppb });
          for (const c of form.choices) {
            const ld = c.ld ?? 0xffff;
            // Bind vPPB request (CXL r3.2 Table 7-33): VCS, vPPB, port, reserved, LD ID (2 bytes LE).
            const answer = run(s, 'bind-vppb', [vcs, vppb, c.port, 0, ld & 0xff, ld >> 8]);
            const free = form.vppbRefusal === null && c.refusal === null;
            expect(answer.returnCode === RC.backgroundStarted).toBe(free);
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('LD allocations', () => {
  it('reads each LD as multiples of the 256 MiB granularity', () => {
    const [mld0] = mldAllocations(presetSpec(), bindingTable(fmState(presetSpec())));
    // 1 GiB / 256 MiB = 4 granules in Range 1; Range 2 is empty.
    expect(mld0).toMatchObject({
      device: 'mld0',
      switch: 'sw0',
      port: 2,
      capacity: 2 * GiB,
      granularity: 256 * MiB,
    });
    expect(mld0?.lds).toEqual([
      { ld: 0, range1: 4, range2: 0, bytes: GiB, boundTo: 'hostA · VCS 0 vPPB 0' },
      { ld: 1, range1: 4, range2: 0, bytes: GiB, boundTo: 'hostB · VCS 1 vPPB 0' },
    ]);
  });

  it('builds the request cxl-lab fm takes and reads multipliers strictly', () => {
    expect(
      setAllocationsRequest(0, [
        { range1: 2, range2: 0 },
        { range1: 6, range2: 0 },
      ]),
    ).toEqual({
      start: 0,
      allocations: [
        [2, 0],
        [6, 0],
      ],
    });
    expect(parseMultiplier(' 0x10 ')).toEqual({ ok: true, value: 16 });
    expect(parseMultiplier('1.5').ok).toBe(false);
    expect(parseMultiplier('-1').ok).toBe(false);
  });

  it('the switch refuses resizing a bound LD (the form sends it; the answer says why)', () => {
    // Set LD Allocations (CXL r3.2 Table 7-48) tunnelled to port 2, built by hand below; LD 0 of mld0
    // is bound to hostA, so 2 granules instead of 4 must be refused by the MLD (the tunnel succeeds).
    const s = fmState(presetSpec());
    const r = runFmCommand(s, 'sw0', 'tunnel-management', tunnelSet(2, [2, 0]));
    expect(r.ok && r.value.returnCode).toBe(RC.success);
    expect(r.ok && r.value.inner?.rc).toBe(RC.invalidInput);
  });
});

/** A tunnel to `port` carrying Set LD Allocations for LD 0 only: count 1, start 0, two 8-byte multipliers. */
function tunnelSet(port: number, [r1, r2]: [number, number]): Uint8Array {
  const payload = new Uint8Array(4 + 16);
  payload[0] = 1;
  payload[4] = r1;
  payload[12] = r2;
  // CCI message (CXL r3.2 Table 7-14): 12-byte header, opcode 5402h at 3, payload length at 5.
  const msg = new Uint8Array(12 + payload.length);
  msg[3] = 0x02;
  msg[4] = 0x54;
  msg[5] = payload.length;
  msg.set(payload, 12);
  // Tunnel Management request (CXL r3.2 Table 7-37): port, target type 0, command size (2), message.
  const out = new Uint8Array(4 + msg.length);
  out[0] = port;
  out[2] = msg.length;
  out.set(msg, 4);
  return out;
}

describe('FM catalogue input layouts', () => {
  const catalog = fmCatalog();
  const byCli = (cli: string) => catalog.find((c) => c.cli === cli);

  it('Bind vPPB starts as 6 bytes with LD ID FFFFh (CXL r3.2 Table 7-33)', () => {
    const bind = byCli('bind-vppb');
    expect(bind?.inputSize).toBe(6);
    expect([...(bind?.defaultInput ?? [])]).toEqual([0, 0, 0, 0, 0xff, 0xff]);
    // VCS ID @0 (1), vPPB ID @1 (1), Physical Port ID @2 (1), reserved @3, LD ID @4 (2).
    expect(bind?.inputFields.map((f) => [f.offset, f.size])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [4, 2],
    ]);
  });

  it('Unbind vPPB is 3 bytes; Get LD Allocations asks for LDs 0–15; Identify takes nothing', () => {
    expect(byCli('unbind-vppb')?.inputSize).toBe(3);
    // Start LD ID 0, LD Allocation List Limit 16 (CXL r3.2 Table 7-45).
    expect([...(byCli('get-ld-allocations')?.defaultInput ?? [])]).toEqual([0, 16]);
    expect(byCli('identify-switch')?.defaultInput.length).toBe(0);
    // Variable: count + list (Get Physical Port State, CXL r3.2 Table 7-17): one port, port 0.
    expect(byCli('get-physical-port-state')?.inputSize).toBeNull();
    expect([...(byCli('get-physical-port-state')?.defaultInput ?? [])]).toEqual([1, 0]);
  });

  it('editing any field as a number and reading the hex back gives the same bytes and value', () => {
    const editable = catalog.flatMap((c) =>
      c.inputFields.filter((f) => f.size >= 1 && f.size <= 8).map((f) => ({ c, f })),
    );
    expect(editable.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(
        fc.constantFrom(...editable),
        fc.bigUint64Array({ minLength: 1, maxLength: 1 }),
        ({ c, f }, [raw]) => {
          const value = (raw ?? 0n) & ((1n << BigInt(8 * f.size)) - 1n);
          const bytes = writeField(c.defaultInput, f, value);
          const back = parseHex(formatHex(bytes));
          expect(back.ok && [...back.value]).toEqual([...bytes]);
          expect(readField(bytes, f)).toBe(value);
          // The other bytes are untouched.
          bytes.forEach((b, i) => {
            if (i < f.offset || i >= f.offset + f.size) expect(b).toBe(c.defaultInput[i] ?? 0);
          });
        },
      ),
    );
  });
});

describe('history entries', () => {
  it('name the command, switch and tunnel, and take the MLD reply as the outcome', () => {
    const e = historyEntry(
      1,
      { switch: 'sw0', command: 'get-ld-info', input: new Uint8Array(0), port: 2 },
      {
        switch: 'sw0',
        opcode: 0x5300,
        command: 'Tunnel Management Command',
        returnCode: 0,
        returnCodeName: 'Success (0x00)',
        message: 'delivered',
        input: new Uint8Array(0),
        output: new Uint8Array(0),
        inputFields: [],
        outputFields: [],
        background: false,
        tunnelled: {
          port: 2,
          returnCode: 3,
          returnCodeName: 'Unsupported (0x03)',
          message: 'no',
          output: new Uint8Array(0),
          outputFields: [],
        },
      },
    );
    expect(e.title).toBe('Tunnel Management Command (0x5300) on sw0, tunnelled to port 2');
    expect(e.returnCodeName).toBe('Unsupported (0x03)');
    expect(e.ok).toBe(false);
  });
});
