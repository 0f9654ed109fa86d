/** Fabric validation (issue 18): every refusal is a located error naming the rule. */
import { describe, expect, it } from 'vitest';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import type { MultiHostSpec } from '../../src/cxl/fabric/model.ts';
import { validateFabric } from '../../src/cxl/fabric/validate.ts';
import { twoHostPool } from './helpers/fabric-fixtures.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

function codes(spec: MultiHostSpec): string[] {
  const v = validateFabric(spec);
  return v.ok ? [] : v.error.map((e) => e.code);
}

function errorsOf(spec: MultiHostSpec): string[] {
  const v = validateFabric(spec);
  return v.ok ? [] : v.error.map((e) => e.message);
}

function edit(f: (s: MultiHostSpec) => void): MultiHostSpec {
  const s = twoHostPool();
  f(s);
  return s;
}

const sw = (s: MultiHostSpec) => {
  const x = s.fabric.switches[0];
  if (x === undefined) throw new Error('fixture');
  return x;
};
const dev = (s: MultiHostSpec, i: number) => {
  const x = s.fabric.devices[i];
  if (x === undefined) throw new Error('fixture');
  return x;
};

describe('validateFabric', () => {
  it('accepts the two-host pool', () => {
    expect(errorsOf(twoHostPool())).toEqual([]);
  });

  it('refuses an LD bound twice, naming both vPPBs', () => {
    const s = edit((s) => {
      const b = sw(s).vcss[1]?.vppbs[0];
      if (b !== undefined) b.binding = { state: 'ld', port: 2, ld: 0 };
    });
    expect(errorsOf(s)).toEqual([
      'fabric.switches[0].vcss[1].vppbs[0].binding: LD 0 of mld0 is already bound to sw0 VCS 0 vPPB 0',
    ]);
    expect(codes(s)).toEqual(['fabric.already-bound']);
  });

  it('refuses a bound vPPB of a VCS whose upstream port is linked to no host', () => {
    const s = edit((s) => {
      const p = sw(s).ports[1];
      if (p !== undefined) delete p.link;
    });
    expect(codes(s)).toEqual(['fabric.usp-unbound', 'fabric.usp-unbound']);
    expect(errorsOf(s)[0]).toContain("sw0 VCS 1 vPPB 0: the VCS's upstream port 1 is linked to no host");
  });

  it('refuses allocations over the capacity or off the granularity, and more than 16 LDs', () => {
    // 1.5 GiB + LD 1's 1 GiB = 2.5 GiB on a 2 GiB device.
    const over = edit((s) => {
      const ld = dev(s, 0).lds[0];
      if (ld !== undefined) ld.range1 = 1536 * MIB;
    });
    expect(codes(over)).toEqual(['fabric.allocation-over']);
    const offGrain = edit((s) => {
      const ld = dev(s, 1).lds[1];
      if (ld !== undefined) ld.range2 = 128 * MIB;
    });
    expect(errorsOf(offGrain)).toEqual([
      "fabric.devices[1].lds[1].range2: 134217728 bytes is not a multiple of the device's granularity 256 MiB",
    ]);
    const many = edit((s) => {
      const d = dev(s, 0);
      d.capacity = 32 * GIB;
      d.lds = Array.from({ length: 17 }, (_, ld) => ({
        ld,
        range1: GIB,
        range2: 0,
        decoderCount: 4,
        decoders: [],
      }));
    });
    expect(codes(many)).toContain('fabric.too-many');
    expect(errorsOf(many).join('\n')).toContain('at most 16 logical devices (limit "lds", docs/limits.md)');
  });

  it('refuses a host id clash, an LD-ID above 15 and a granularity the lab does not know', () => {
    const clash = edit((s) => {
      const h = s.hosts[1];
      if (h !== undefined) h.id = 'hostA';
    });
    expect(codes(clash)).toContain('fabric.host-duplicate');
    const ld16 = edit((s) => {
      const ld = dev(s, 0).lds[1];
      if (ld !== undefined) ld.ld = 16;
    });
    expect(codes(ld16)).toContain('fabric.ld-id');
    const grain = edit((s) => {
      dev(s, 0).granularity = 128 * MIB;
    });
    expect(codes(grain)).toContain('fabric.granularity');
  });

  it('refuses binding an MLD port as a whole, an unknown LD, and a root port linked twice', () => {
    const whole = edit((s) => {
      const b = sw(s).vcss[0]?.vppbs[0];
      if (b !== undefined) b.binding = { state: 'port', port: 2 };
    });
    expect(codes(whole)).toEqual(['fabric.bind-mld-port']);
    const unknown = edit((s) => {
      const b = sw(s).vcss[0]?.vppbs[0];
      if (b !== undefined) b.binding = { state: 'ld', port: 2, ld: 7 };
    });
    expect(errorsOf(unknown)).toEqual(['fabric.switches[0].vcss[0].vppbs[0].binding.ld: mld0 has no LD 7']);
    const twice = edit((s) => {
      const p = sw(s).ports[1];
      if (p !== undefined) p.link = { host: 'hostA', rootPort: 'rp0.0' };
    });
    expect(codes(twice)).toContain('fabric.link-twice');
  });

  it('a multi-headed device needs 2–4 heads, each on its own LD', () => {
    const s = edit((s) => {
      s.fabric.devices.push({
        id: 'mhd0',
        kind: 'mhd',
        serial: 9,
        capacity: 2 * GIB,
        granularity: 256 * MIB,
        lds: [{ ld: 0, range1: GIB, range2: 0, decoderCount: 4, decoders: [] }],
        heads: [{ head: 0, link: { host: 'hostA', rootPort: 'rp0.1' }, ld: 0 }],
      });
      for (const h of s.hosts) h.components.push({ id: 'rp0.1', kind: 'root-port', parent: 'hb0', port: 1 });
    });
    expect(codes(s)).toEqual(['fabric.heads']);
  });
});

describe('cxl-lab/2 reader', () => {
  it('locates wrong types and unknown keys by path', () => {
    const text = serializeMultiHostFile(twoHostPool())
      .replace('"role": "upstream"', '"role": "up"')
      .replace('"range1": "1G"', '"range1": "1G", "size": 1');
    const r = parseAnyLabFile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.message)).toEqual([
      'fabric.switches[0].ports[0].role: "up" is neither "upstream" nor "downstream"',
      'fabric.devices[0].lds[0].size: unknown key "size"',
    ]);
  });

  it('names the host of an error in its view, e.g. a host id that clashes with a fabric id', () => {
    const s = edit((s) =>
      s.hosts[0]?.components.push({ id: 'sw0.vcs0.vppb1', kind: 'root-port', parent: 'hb0', port: 1 }),
    );
    const r = parseAnyLabFile(serializeMultiHostFile(s));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.message).join('\n')).toContain('host hostA: ');
  });
});
