/**
 * `cxl list` of a CXL 1.1 host: Linux lists the RCH only as a root dport (id = UID, no portN) and the
 * RCD's endpoint under "endpoints:root0" without parent_dport (drivers/cxl/acpi.c add_host_bridge_uport;
 * ndctl cxl/filter.c). The listing below is written by hand in that shape (`cxl list -BDMPTEvvv`).
 */
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/cxl/decode/walk.ts';
import { importCxlList } from '../../src/cxl/interop/cxl-list-import.ts';
import { createLab } from '../../src/cxl/lab.ts';

const GIB = 2 ** 30;
/** 0x4C_0000_0000 = 326417514496. */
const BASE = 0x4c_0000_0000;

function listing(withDecoders = true): string {
  const endpoint = (n: number, mem: string) => ({
    endpoint: `endpoint${n}`,
    host: mem,
    depth: 1,
    memdev: { memdev: mem, ram_size: 4 * GIB, serial: n, host: `0000:7${n}:00.0` },
    ...(withDecoders
      ? {
          [`decoders:endpoint${n}`]: [
            // Range 1 of mem0 covers the second half of the window: DPA 0 ↔ HPA BASE + 2 GiB.
            {
              decoder: `decoder${n}.0`,
              resource: BASE + 2 * GIB,
              size: 2 * GIB,
              dpa_resource: 0,
              dpa_size: 2 * GIB,
              mode: 'ram',
            },
          ],
        }
      : {}),
  });
  return JSON.stringify([
    {
      bus: 'root0',
      provider: 'ACPI.CXL',
      nr_dports: 1,
      dports: [{ dport: 'pci0000:7f', alias: 'ACPI0016:00', id: 5 }],
      'endpoints:root0': [endpoint(1, 'mem0')],
      'decoders:root0': [
        {
          decoder: 'decoder0.0',
          resource: BASE,
          size: 4 * GIB,
          interleave_ways: 1,
          volatile_capable: true,
          qos_class: 0,
          nr_targets: 1,
          targets: [{ target: 'pci0000:7f', alias: 'ACPI0016:00', position: 0, id: 5 }],
        },
      ],
    },
  ]);
}

describe('cxl list of a CXL 1.1 host', () => {
  it('imports the root dport without a port as an RCH and the root endpoint as its RCD', () => {
    const r = importCxlList(listing());
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('; '));
    expect(r.value.spec.components).toEqual([
      {
        kind: 'host-bridge',
        id: 'rch5',
        uid: 5,
        decoderCount: 0,
        componentRegBase: 0xfed0_0000,
        decoders: [],
        restricted: true,
      },
      {
        kind: 'type3',
        id: 'mem0',
        parent: 'rch5',
        volatile: 4 * GIB,
        persistent: 0,
        decoderCount: 0,
        serial: 1,
        decoders: [],
        dvsec: { memEnable: true, ranges: [{ base: BASE + 2 * GIB, size: 2 * GIB }] },
      },
    ]);
    expect(r.value.spec.windows.map((w) => [w.id, w.base, w.size, w.targets])).toEqual([
      ['cfmw0', BASE, 4 * GIB, ['rch5']],
    ]);
    const codes = r.value.findings.map((f) => f.code);
    expect(codes).toEqual(['cxl-list.rch', 'cxl-list.rcd']);
    expect(r.value.findings[1]?.message).toContain('lies in a window whose one target is UID 5');
    // Route: HPA BASE + 2 GiB + 0x40 → Range 1 offset 0x40 → DPA 0x40.
    const made = createLab(r.value.spec);
    if (!made.ok) throw new Error(made.error.message);
    const w = walk(made.value.lab, BASE + 2 * GIB + 0x40);
    expect(w.ok && [w.device, w.dpa]).toEqual(['mem0', 0x40]);
  });

  it('without endpoint decoders, places the only RCD below the only port-less dport and says so', () => {
    const r = importCxlList(listing(false));
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('; '));
    expect(r.value.spec.components.find((c) => c.id === 'mem0')).toMatchObject({
      parent: 'rch5',
      dvsec: { memEnable: false, ranges: [] },
    });
    expect(r.value.findings.find((f) => f.code === 'cxl-list.rcd')?.message).toContain(
      'the only root dport without a host-bridge port is UID 5',
    );
  });
});
