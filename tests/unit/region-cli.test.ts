/**
 * `cxl-lab region` and `cxl-lab list` through `main([...], fakeIo)`, and `cxlList`'s shape against
 * the `cxl list -BDMPTERvvv` layout of ndctl cxl/json.c and cxl/filter.c.
 */
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab, parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { cxlList, formatCxlJson, type JsonObject, type JsonValue } from '../../src/cxl/region/cxl-list.ts';
import { linuxNames } from '../../src/cxl/region/names.ts';
import { runCli as run } from './helpers/fake-io.ts';
import {
  dsp,
  GIB,
  hb,
  lab,
  rp,
  sw,
  t3,
  topo,
  twoByTwo,
  WINDOW_BASE,
  win,
} from './helpers/region-topologies.ts';

const FILES = { '2x2.json': serializeLabFile(twoByTwo()) };
const ARGS = ['region', '2x2.json', '--window', 'cfmw0', '--ways', '4', '--granularity', '256'];

describe('cxl-lab region', () => {
  it('--plan prints the decoders, commit order and writes', async () => {
    const r = await run(
      [...ARGS, '--members', 'mem0,mem2,mem1,mem3', '--size', '1G', '--mode', 'volatile', '--plan'],
      FILES,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('create region0: 1 GiB at 0x490000000–0x4cfffffff in cfmw0 (decoder0.0)');
    expect(r.stdout).toContain(
      'Commit order: decoder3.0 → decoder1.0 → decoder5.0 → decoder2.0 → decoder4.0 → decoder6.0',
    );
    expect(r.stdout).toMatch(/hb0\s+decoder1\.0\s+Decoder 0 Target List Low\s+0x114c\s+0x00000100/);
  });

  it('--plan --json is the plan object', async () => {
    const r = await run(
      [...ARGS, '-m', 'mem0,mem2,mem1,mem3', '-s', '0x40000000', '-t', 'ram', '--plan', '--json'],
      FILES,
    );
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { order: string[]; size: number; mode: string };
    expect([plan.size, plan.mode, plan.order.length]).toEqual([GIB, 'volatile', 6]);
  });

  it('without --plan writes the programmed lab file, which routes', async () => {
    const r = await run(
      [...ARGS, '--members', 'mem0,mem2,mem1,mem3', '--size', '1G', '--mode', 'volatile', '-o', 'out.json'],
      FILES,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('committed region0 (6 decoders, 42 MMIO writes)');
    const text = r.written.get('out.json');
    if (typeof text !== 'string') throw new Error('no output file');
    const parsed = parseLabFile(text);
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('; '));
    const created = createLab(parsed.value);
    if (!created.ok) throw new Error(created.error.message);
    // §3.7 again: HPAoff 0x300 → bits 9:8 = 3 → mem3, DPA 0.
    const route = walk(created.value.lab, WINDOW_BASE + 0x300);
    expect(route.ok && [route.device, route.dpa]).toEqual(['mem3', 0]);
  });

  it('a refusal prints Linux terms and exits 1', async () => {
    const r = await run(
      [...ARGS, '--members', 'mem0,mem1,mem2,mem3', '--size', '1G', '--mode', 'volatile'],
      FILES,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused: mem1: position 1 must be below port2');
    expect(r.stderr).toContain('Linux (dev_dbg): mem1:decoder4.0 invalid target position for decoder0.0');
    expect(r.stdout).toBe('');
  });

  it('--destroy tears the region down again', async () => {
    const first = await run(
      [...ARGS, '--members', 'mem0,mem2,mem1,mem3', '--size', '1G', '--mode', 'volatile'],
      FILES,
    );
    const r = await run(['region', 'r.json', '--destroy', 'region0', '--plan'], { 'r.json': first.stdout });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Reset order: decoder2.0 → decoder6.0 → decoder1.0 → decoder4.0 → decoder5.0 → decoder3.0',
    );
  });

  it('bad arguments exit 2', async () => {
    expect((await run(['region', '2x2.json', '--members', 'mem0'], FILES)).code).toBe(2);
    expect((await run([...ARGS, '--members', 'mem0', '--size', 'lots'], FILES)).code).toBe(2);
    expect((await run([...ARGS, '--members', 'mem0', '--mode', 'fast'], FILES)).code).toBe(2);
    expect((await run([...ARGS, '--members', 'mem0', '--json'], FILES)).code).toBe(2);
  });
});

function obj(v: JsonValue | undefined): JsonObject {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v))
    throw new Error('not an object');
  return v;
}
function arr(v: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(v)) throw new Error('not an array');
  return v;
}

describe('cxl list', () => {
  // x1 window over hb0 (UID 0x34 = 52) with a switch: the QEMU docs' "4 devices below a switch".
  const spec = topo(
    [win('cfmw0', ['hb0'], 4096)],
    [
      hb('hb0', 52),
      rp('rp0', 'hb0', 0),
      rp('rp1', 'hb0', 1),
      sw('sw0', 'rp0'),
      ...[0, 1, 2, 3].flatMap((i) => [
        dsp(`dsp${i}`, 'sw0', i),
        t3(`mem${i}`, `dsp${i}`, 0, GIB, { serial: 0x100 + i }),
      ]),
    ],
  );

  it('names ports in enumeration order and nests like cxl list -BDMPTERvvv', () => {
    const l = lab(spec);
    const p = createRegion(l, {
      window: 'cfmw0',
      members: ['mem0', 'mem1', 'mem2', 'mem3'],
      granularity: 4096,
    });
    if (!p.ok) throw new Error(p.error.message);
    expect(applyPlan(l, p.value).ok).toBe(true);
    const names = linuxNames(l.topology);
    // root0; hb0 → port1; mem0 probes: sw0 → port2, endpoint3; mem1..3 → endpoint4..6.
    expect(names.portList.map((x) => x.name)).toEqual([
      'root0',
      'port1',
      'port2',
      'endpoint3',
      'endpoint4',
      'endpoint5',
      'endpoint6',
    ]);
    // QEMU-style PCI names: root bus 0x34; rp0 at 34:00.0 → bus 35 (USP 35:00.0) → switch bus 36
    // (DSPs 36:00.0 … 36:03.0) → device buses 37 … 3a.
    expect(names.pci.get('sw0')).toBe('0000:35:00.0');
    expect(names.pci.get('mem3')).toBe('0000:3a:00.0');

    const [bus] = cxlList(l);
    const b = obj(bus);
    expect(Object.keys(b)).toEqual([
      'bus',
      'provider',
      'nr_dports',
      'dports',
      'ports:root0',
      'decoders:root0',
    ]);
    expect(b.dports).toEqual([{ dport: 'pci0000:34', alias: 'ACPI0016:00', id: 52 }]);
    const port1 = obj(arr(b['ports:root0'])[0]);
    expect(Object.keys(port1)).toEqual([
      'port',
      'host',
      'depth',
      'decoders_committed',
      'nr_dports',
      'dports',
      'ports:port1',
      'decoders:port1',
    ]);
    const port2 = obj(arr(port1['ports:port1'])[0]);
    expect([port2.port, port2.host, port2.parent_dport, port2.depth]).toEqual([
      'port2',
      '0000:35:00.0',
      '0000:34:00.0',
      2,
    ]);
    const ep = obj(arr(port2['endpoints:port2'])[1]);
    expect([ep.endpoint, ep.host, ep.depth]).toEqual(['endpoint4', 'mem1', 3]);
    expect(obj(ep.memdev)).toMatchObject({
      memdev: 'mem1',
      pmem_size: GIB,
      serial: 0x101,
      host: '0000:38:00.0',
    });
    // Endpoint decoder: 4 ways at 4 KiB, pmem from DPA 0 (no ram partition). cxl-cli's default
    // size: smallest pmem capacity × ways = 1 GiB × 4 = 4 GiB, so 1 GiB of DPA each.
    expect(obj(arr(ep['decoders:endpoint4'])[0])).toEqual({
      decoder: 'decoder4.0',
      resource: WINDOW_BASE,
      size: 4 * GIB,
      interleave_ways: 4,
      interleave_granularity: 4096,
      region: 'region0',
      dpa_resource: 0,
      dpa_size: GIB,
      mode: 'pmem',
    });
    // Switch decoder: targets in position order; an unused decoder is disabled, 1-way.
    const swDecoders = arr(port2['decoders:port2']);
    expect(obj(swDecoders[0])).toMatchObject({ decoder: 'decoder2.0', interleave_ways: 4, nr_targets: 4 });
    expect(obj(arr(obj(swDecoders[0]).targets)[2])).toEqual({ target: '0000:36:02.0', position: 2, id: 2 });
    expect(obj(swDecoders[1])).toMatchObject({
      decoder: 'decoder2.1',
      interleave_ways: 1,
      state: 'disabled',
    });
    // Root decoder: x1 → no interleave_granularity; capabilities; region with mappings.
    const root = obj(arr(b['decoders:root0'])[0]);
    expect(root).toMatchObject({
      decoder: 'decoder0.0',
      interleave_ways: 1,
      pmem_capable: true,
      volatile_capable: true,
      qos_class: 0,
    });
    expect('interleave_granularity' in root).toBe(false);
    const region = obj(arr(root['regions:decoder0.0'])[0]);
    expect(region).toMatchObject({
      region: 'region0',
      type: 'pmem',
      interleave_ways: 4,
      interleave_granularity: 4096,
      decode_state: 'commit',
    });
    expect(arr(region.mappings)[3]).toEqual({ position: 3, memdev: 'mem3', decoder: 'decoder6.0' });
  });

  it('prints like json-c: two-space indent, no space after the colon', () => {
    expect(formatCxlJson([{ bus: 'root0', dports: [], n: 1 }])).toBe(
      '[\n  {\n    "bus":"root0",\n    "dports":[],\n    "n":1\n  }\n]',
    );
  });

  it('cxl-lab list prints the JSON; -u switches to human numbers', async () => {
    const files = { 's.json': serializeLabFile(spec) };
    const r = await run(['list', 's.json'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"bus":"root0"');
    expect(r.stdout).toContain('"decoder":"decoder0.0"');
    const h = await run(['list', '-u', 's.json'], files);
    expect(h.stdout).toContain('"resource":"0x490000000"');
    expect(h.stdout).toContain('"size":"16.00 GiB (17.18 GB)"');
  });
});
