/**
 * Topologies shared by the benchmarks (and by a unit test that checks the benchmark topology takes
 * the fast path).
 */
import type { ComponentSpec, TopologySpec } from '../src/cxl/topology/model.ts';

const TIB = 2 ** 40;

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
