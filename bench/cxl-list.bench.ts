/**
 * `importCxlList` on hostile and large listings (issue 13): 199 000 buses, 6 000 root decoders over
 * one range, 4 000 endpoints without `parent_dport` (placed from one region each), and a listing
 * past the component limit. Each must finish (imported or refused) well under 1 s.
 */
import { importCxlList } from '../src/cxl/interop/cxl-list-import.ts';
import type { BenchRow, BenchSuite } from './types.ts';

function manyBuses(n: number): string {
  const buses = Array.from({ length: n }, (_, k) => ({
    bus: `root${k}`,
    provider: 'ACPI.CXL',
    nr_dports: 0,
    dports: [],
  }));
  return JSON.stringify(buses);
}

/** Every bus with a host-bridge port and one root port: past the component limit. */
function manyBusesWithPorts(n: number): string {
  const buses = Array.from({ length: n }, (_, k) => ({
    bus: `root${k}`,
    dports: [{ dport: `pci${k}`, id: k }],
    [`ports:root${k}`]: [
      { port: `port${n + k}`, host: `pci${k}`, depth: 1, dports: [{ dport: `d${k}`, id: 0 }] },
    ],
  }));
  return JSON.stringify(buses);
}

function manyRootDecoders(n: number): string {
  const roots = Array.from({ length: n }, (_, k) => ({
    decoder: `decoder0.${k}`,
    resource: 0x4_9000_0000,
    size: 0x1_0000_0000,
    interleave_ways: 1,
    max_available_extent: 0,
    pmem_capable: true,
    nr_targets: 1,
    targets: [{ target: 'pci0000:0c', position: 0, id: 12 }],
  }));
  return JSON.stringify({ bus: 'root0', 'decoders:root0': roots });
}

/** Switches of 8 DSPs below 8-port HBs, every endpoint in a 1-way region naming its DSP. */
function manyEndpoints(hbs: number, perHb: number): string {
  const ports = [];
  const roots = [];
  let ep = 1000;
  for (let h = 0; h < hbs; h++) {
    const dports = Array.from({ length: perHb }, (_, k) => ({ dport: `0000:${h}:${k}.0`, id: k }));
    const endpoints = [];
    const decoders = [];
    for (let k = 0; k < perHb; k++) {
      const base = 0x10_0000_0000 + (h * perHb + k) * 0x1000_0000;
      const id = ep++;
      endpoints.push({
        endpoint: `endpoint${id}`,
        host: `mem${id}`,
        memdev: { memdev: `mem${id}`, ram_size: 0x1000_0000, serial: id },
        [`decoders:endpoint${id}`]: [
          {
            decoder: `decoder${id}.0`,
            resource: base,
            size: 0x1000_0000,
            interleave_ways: 1,
            dpa_resource: 0,
            dpa_size: 0x1000_0000,
            mode: 'ram',
          },
        ],
      });
      decoders.push({
        decoder: `decoder${h + 1}.${k}`,
        resource: base,
        size: 0x1000_0000,
        interleave_ways: 1,
        targets: [{ target: `0000:${h}:${k}.0`, position: 0, id: k }],
      });
      roots.push({
        region: `region${id}`,
        resource: base,
        size: 0x1000_0000,
        interleave_ways: 1,
        interleave_granularity: 256,
        mappings: [{ position: 0, memdev: `mem${id}`, decoder: `decoder${id}.0` }],
      });
    }
    ports.push({
      port: `port${h + 1}`,
      host: `pci0000:${h}`,
      depth: 1,
      dports,
      [`endpoints:port${h + 1}`]: endpoints,
      [`decoders:port${h + 1}`]: decoders,
    });
  }
  const window = {
    decoder: 'decoder0.0',
    resource: 0x10_0000_0000,
    size: hbs * perHb * 0x1000_0000,
    interleave_ways: 1,
    targets: [{ target: 'pci0000:0', position: 0, id: 0 }],
    'regions:decoder0.0': roots,
  };
  return JSON.stringify([
    {
      bus: 'root0',
      dports: [{ dport: 'pci0000:0', id: 0 }],
      'ports:root0': ports,
      'decoders:root0': [window],
    },
  ]);
}

function time(label: string, text: string): BenchRow {
  const t0 = performance.now();
  const r = importCxlList(text);
  const ms = performance.now() - t0;
  const outcome = r.ok ? `imported, ${r.value.findings.length} findings` : `refused: ${r.error[0]?.code}`;
  return {
    suite: 'cxl-list import',
    case: `${label} (${(text.length / 2 ** 20).toFixed(1)} MiB; ${outcome})`,
    value: ms,
    unit: 'ms',
    goal: 'goal < 1000 ms',
  };
}

const suite: BenchSuite = {
  name: 'cxl-list import',
  run(): BenchRow[] {
    return [
      time('199 000 buses', manyBuses(199_000)),
      time('100 000 buses, each with a host bridge', manyBusesWithPorts(100_000)),
      time('6 000 root decoders over one range', manyRootDecoders(6000)),
      time('8 HB × 250 root ports, no parent_dport (2 000 devices)', manyEndpoints(8, 250)),
      time('8 HB × 600 root ports (past 4096 components)', manyEndpoints(8, 600)),
    ];
  },
};
export default suite;
