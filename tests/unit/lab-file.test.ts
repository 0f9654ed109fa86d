import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { type LabFile, parseLabFile, serializeLabFile } from '../../src/cxl/topology/file.ts';
import { topologySpecArb } from './arbitraries.ts';

function parsed(text: string): LabFile {
  const r = parseLabFile(text);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

function labOf(input: Parameters<typeof createLab>[0]): Lab {
  const r = createLab(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lab;
}

/** Everything observable about a lab's state. */
function observe(lab: Lab): unknown {
  const out: Record<string, unknown> = {};
  for (const c of lab.topology.spec.components) {
    const regs = lab.registers(c.id);
    out[c.id] = {
      regs: regs?.registers().map((r) => [r.offset, r.value]),
      state: regs?.exportState(),
      decoders: lab.decoders(c.id),
      memory: c.kind === 'type3' ? [...lab.memory(c.id).pages()].map(([i, b]) => [i, [...b]]) : undefined,
    };
  }
  return out;
}

describe('cxl-lab/1 round trips', () => {
  it('serialize → parse returns the same topology', () => {
    fc.assert(
      fc.property(topologySpecArb, (spec) => {
        expect(parsed(serializeLabFile(spec)).spec).toEqual(spec);
      }),
      { seed: 5501, numRuns: 200 },
    );
  });

  it('save → load reproduces registers (incl. errored, uncommitted and locked decoders) and memory', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('mmio' as const),
        pick: fc.nat(),
        reg: fc.nat(0x40),
        value: fc.nat(0xffffffff),
      }),
      fc.record({
        kind: fc.constant('mem' as const),
        pick: fc.nat(),
        page: fc.nat(32),
        byte: fc.nat(255),
        len: fc.integer({ min: 1, max: 5000 }),
      }),
      fc.record({ kind: fc.constant('reset' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(topologySpecArb, fc.array(op, { maxLength: 30 }), (spec, ops) => {
        const lab = labOf(spec);
        const owners = spec.components.filter((c) => lab.hdmBase(c.id) !== null);
        const devices = spec.components.filter((c) => c.kind === 'type3');
        for (const o of ops) {
          if (o.kind === 'mmio' && owners.length > 0) {
            const c = owners[o.pick % owners.length];
            const base = c === undefined ? null : lab.hdmBase(c.id);
            if (c !== undefined && base !== null) lab.mmioWrite32(c.id, base + 4 * o.reg, o.value);
          } else if (o.kind === 'mem' && devices.length > 0) {
            const d = devices[o.pick % devices.length];
            if (d !== undefined) {
              const m = lab.memory(d.id);
              const dpa = Math.min(o.page * 4096 + 7, m.capacityBytes - o.len);
              m.fill(dpa, o.len, o.byte);
            }
          } else if (o.kind === 'reset' && owners.length > 0) {
            const c = owners[o.pick % owners.length];
            if (c !== undefined) lab.resetComponent(c.id);
          }
        }
        const text = serializeLabFile(lab.toFile());
        const again = labOf(parsed(text));
        expect(observe(again)).toEqual(observe(lab));
        // And the file is stable: saving the reloaded lab gives the same text.
        expect(serializeLabFile(again.toFile())).toBe(text);
      }),
      { seed: 5502, numRuns: 100 },
    );
  });
});

const EXAMPLE = `{ "format": "cxl-lab/1", "name": "2 host bridges x 2 devices, 4-way at 4 KiB",
  "windows": [ { "id": "cfmw0", "base": "0x4c00000000", "size": "0x200000000", "ways": 2, "granularity": 4096,
                 "arithmetic": "modulo", "targets": ["hb0", "hb1"], "restrictions": ["type3", "volatile", "persistent"], "qtg": 0 } ],
  "components": [
    { "id": "hb0", "kind": "host-bridge", "uid": 0,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 2, "granularity": 8192, "targets": [0, 1], "commit": true } ] },
    { "id": "hb1", "kind": "host-bridge", "uid": 1,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 2, "granularity": 8192, "targets": [0, 1], "commit": true } ] },
    { "id": "rp0", "kind": "root-port", "parent": "hb0", "port": 0 },
    { "id": "rp1", "kind": "root-port", "parent": "hb0", "port": 1 },
    { "id": "rp2", "kind": "root-port", "parent": "hb1", "port": 0 },
    { "id": "rp3", "kind": "root-port", "parent": "hb1", "port": 1 },
    { "id": "mem0", "kind": "type3", "parent": "rp0", "volatile": "4G", "persistent": 0,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 4, "granularity": 4096, "skip": 0, "commit": true, "lock": false } ] },
    { "id": "mem1", "kind": "type3", "parent": "rp1", "volatile": "4G", "persistent": 0,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 4, "granularity": 4096, "skip": 0, "commit": true, "lock": false } ] },
    { "id": "mem2", "kind": "type3", "parent": "rp2", "volatile": "4G", "persistent": 0,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 4, "granularity": 4096, "skip": 0, "commit": true, "lock": false } ] },
    { "id": "mem3", "kind": "type3", "parent": "rp3", "volatile": "4G", "persistent": 0,
      "decoders": [ { "base": "0x4c00000000", "size": "0x200000000", "ways": 4, "granularity": 4096, "skip": 0, "commit": true, "lock": false } ] }
  ] }`;

function errorsOf(text: string): { code: string; message: string; field?: string; component?: string }[] {
  const r = parseLabFile(text);
  return r.ok ? [] : r.error;
}

function withComponent(extra: string): string {
  return EXAMPLE.replace('{ "id": "rp3"', `${extra},\n    { "id": "rp3"`);
}

describe('parseLabFile: the documented example', () => {
  it('parses with defaults filled in, and loads with every decoder committed', () => {
    const f = parsed(EXAMPLE);
    const hb0 = f.spec.components.find((c) => c.id === 'hb0');
    const hb1 = f.spec.components.find((c) => c.id === 'hb1');
    const mem2 = f.spec.components.find((c) => c.id === 'mem2');
    expect(hb0).toMatchObject({ decoderCount: 4, componentRegBase: 0x100000000 });
    expect(hb1).toMatchObject({ componentRegBase: 0x100010000 });
    expect(mem2).toMatchObject({ volatile: 4 * 2 ** 30, persistent: 0, decoderCount: 4, serial: 3 });
    expect(f.spec.windows[0]).toMatchObject({ xormaps: [], size: 8 * 2 ** 30 });
    expect(hb0?.kind === 'host-bridge' && hb0.decoders[0]).toMatchObject({ lock: false, targets: [0, 1] });
    const r = createLab(f);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings).toEqual([]);
    for (const id of ['hb0', 'hb1', 'mem0', 'mem3'])
      expect(r.value.lab.decoders(id)[0]?.committed).toBe(true);
  });
  it('accepts numbers, hex, decimal and unit sizes alike', () => {
    const f = parsed(
      EXAMPLE.replace(
        '"size": "0x200000000", "ways": 2, "granularity": 4096',
        '"size": "8G", "ways": 2, "granularity": "4K"',
      ),
    );
    expect(f.spec.windows[0]).toMatchObject({ size: 8 * 2 ** 30, granularity: 4096 });
  });
  it('a decoder that fails to commit is a finding, not dropped', () => {
    const text = EXAMPLE.replace(
      '"targets": [0, 1], "commit": true }',
      '"targets": [1, 1], "commit": true, "lock": true }',
    );
    const r = createLab(parsed(text));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings).toHaveLength(1);
    expect(r.value.findings[0]).toMatchObject({
      code: 'decoder.commit-failed',
      component: 'hb0',
      field: 'decoders[0]',
    });
    expect(r.value.findings[0]?.message).toContain('spec.targets-distinct');
    expect(r.value.lab.decoders('hb0')[0]).toMatchObject({ errorNotCommitted: true, base: 0x4c00000000 });
    // Saved and reloaded, the errored decoder is still errored, with its reason.
    const again = createLab(parsed(serializeLabFile(r.value.lab.toFile())));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.lab.decoders('hb0')[0]?.errorReason).toBe(r.value.lab.decoders('hb0')[0]?.errorReason);
  });
});

describe('parseLabFile: errors', () => {
  it('unknown key, named with its path', () => {
    const e = errorsOf(withComponent('{ "id": "memx", "kind": "type3", "parent": "rp3", "volume": "4G" }'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      code: 'file.unknown-key',
      field: 'components[5].volume',
      component: 'memx',
    });
    expect(e[0]?.message).toBe('components[5].volume: unknown key "volume"');
  });
  it('a key of another kind is unknown too', () => {
    const e = errorsOf(EXAMPLE.replace('"parent": "hb0", "port": 0', '"parent": "hb0", "port": 0, "uid": 3'));
    expect(e[0]?.field).toBe('components[2].uid');
  });
  it('newer format refused with a clear message', () => {
    // cxl-lab/2 is the multi-host format (issue 18); the next number is the first one this lab cannot read.
    const e = errorsOf(EXAMPLE.replace('cxl-lab/1', 'cxl-lab/3'));
    expect(e[0]?.code).toBe('file.format');
    expect(e[0]?.message).toContain('written by a newer CXL Topology Lab: format "cxl-lab/3"');
    expect(e[0]?.message).toContain('newer than this lab understands');
  });
  it('a multi-host file (cxl-lab/2) is refused by the single-host reader, saying what reads it', () => {
    const e = errorsOf('{"format": "cxl-lab/2", "name": "", "hosts": [{}, {}], "fabric": {}}');
    expect(e[0]?.code).toBe('file.multi-host');
    expect(e[0]?.message).toContain('this lab has 2 hosts');
    expect(e[0]?.message).toContain('--host');
  });
  it('other formats and missing format', () => {
    expect(errorsOf(EXAMPLE.replace('"cxl-lab/1"', '"qemu/1"'))[0]?.message).toContain('not a cxl-lab file');
    expect(errorsOf('{"windows": [], "components": []}')[0]?.code).toBe('file.format');
  });
  it('bad size string', () => {
    const e = errorsOf(EXAMPLE.replace('"volatile": "4G"', '"volatile": "4Q"'));
    expect(e[0]).toMatchObject({ code: 'units.invalid', field: 'components[6].volatile' });
    expect(e[0]?.message).toContain('components[6].volatile');
  });
  it('wrong types and missing fields', () => {
    expect(errorsOf(EXAMPLE.replace('"uid": 0,', '"uid": "zero",'))[0]?.field).toBe('components[0].uid');
    expect(errorsOf(EXAMPLE.replace('"port": 0 }', '"port": 0.5 }'))[0]?.field).toBe('components[2].port');
    expect(errorsOf(EXAMPLE.replace('"parent": "hb0", "port": 1', '"port": 1'))[0]).toMatchObject({
      code: 'file.missing',
      field: 'components[3].parent',
    });
    expect(errorsOf(EXAMPLE.replace('"commit": true }', '"commit": "yes" }'))[0]?.field).toBe(
      'components[0].decoders[0].commit',
    );
    expect(errorsOf(EXAMPLE.replace('"kind": "root-port"', '"kind": "root-complex"'))[0]?.field).toBe(
      'components[2].kind',
    );
  });
  it('topology errors come back located too', () => {
    const e = errorsOf(EXAMPLE.replace('"targets": ["hb0", "hb1"]', '"targets": ["hb0", "rp0"]'));
    expect(e[0]).toMatchObject({ code: 'window.target-invalid', component: 'cfmw0', field: 'targets[1]' });
    expect(
      parseLabFile(EXAMPLE.replace('"targets": ["hb0", "hb1"]', '"targets": ["hb0", "rp0"]'), {
        validate: false,
      }).ok,
    ).toBe(true);
  });
  it('invalid JSON and non-object roots', () => {
    expect(errorsOf('{ "format": ')[0]?.code).toBe('file.json');
    expect(errorsOf('[]')[0]?.code).toBe('file.type');
    expect(errorsOf('null')[0]?.code).toBe('file.type');
    expect(errorsOf('"cxl-lab/1"')[0]?.code).toBe('file.type');
  });
  it('__proto__ and constructor keys are just unknown keys', () => {
    const e = errorsOf(
      EXAMPLE.replace(
        '"name": "2 host',
        '"__proto__": { "polluted": true }, "constructor": 1, "name": "2 host',
      ),
    );
    expect(e.map((x) => x.field)).toEqual(['file.__proto__', 'file.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseLabFile: hostile input returns errors, never throws or hangs', () => {
  it('50 MB of junk', () => {
    const junk = 'x'.repeat(50 * 2 ** 20);
    const t0 = Date.now();
    expect(errorsOf(junk)[0]?.code).toBe('file.json');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('50 MB of nested arrays', () => {
    const deep = '['.repeat(25 * 2 ** 20) + ']'.repeat(25 * 2 ** 20);
    const t0 = Date.now();
    expect(errorsOf(deep)[0]?.code).toBe('file.too-deep');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('deep nesting inside a known field', () => {
    const e = errorsOf(EXAMPLE.replace('"qtg": 0', `"qtg": ${'['.repeat(100)}${']'.repeat(100)}`));
    expect(e[0]?.code).toBe('file.too-deep');
    const shallow = errorsOf(EXAMPLE.replace('"qtg": 0', `"qtg": ${'['.repeat(10)}${']'.repeat(10)}`));
    expect(shallow[0]).toMatchObject({ code: 'file.type', field: 'windows[0].qtg' });
  });
  it('more than 64 MiB of text', () => {
    expect(errorsOf(' '.repeat(64 * 2 ** 20 + 1))[0]?.code).toBe('file.too-large');
  });
  it('huge arrays', () => {
    const many = `{"format":"cxl-lab/1","windows":[],"components":[${'{},'.repeat(100000)}{}]}`;
    expect(errorsOf(many)[0]).toMatchObject({ code: 'file.too-many', field: 'components' });
    const targets = EXAMPLE.replace(
      '"targets": [0, 1], "commit"',
      `"targets": [${'0,'.repeat(1e5)}0], "commit"`,
    );
    expect(errorsOf(targets)[0]?.code).toBe('file.too-many');
  });
  it('many bad entries: the error list is capped', () => {
    const bad = `{"format":"cxl-lab/1","windows":[],"components":[${'{"id":"x","kind":"root-port","bad":1},'.repeat(3000)}{}]}`;
    const e = errorsOf(bad);
    expect(e.length).toBeGreaterThan(0);
    expect(e.length).toBeLessThanOrEqual(100);
  });
  it('huge strings', () => {
    expect(
      errorsOf(EXAMPLE.replace('"name": "2 host bridges', `"name": "${'n'.repeat(10000)}`))[0]?.code,
    ).toBe('file.too-long');
  });
  it('random bytes and random JSON never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ format: 'cxl-lab/1', windows: [], components: [v] })),
        ),
        (text) => {
          const r = parseLabFile(text);
          return typeof r.ok === 'boolean';
        },
      ),
      { seed: 5503, numRuns: 500 },
    );
  });
  it('bad saved memory and registers', () => {
    const mem = withComponent(
      '{ "id": "memx", "kind": "type3", "parent": "rp3", "volatile": "256M", "memory": [ { "dpa": "0x1001", "data": "AAAA" } ] }',
    );
    expect(errorsOf(mem)[0]?.code).toBe('file.memory-invalid');
    const regs = withComponent(
      '{ "id": "memx", "kind": "type3", "parent": "rp3", "volatile": "256M", "registers": { "values": { "0x1003": "0x1" } } }',
    );
    expect(errorsOf(regs)[0]?.code).toBe('file.register-invalid');
  });
  it('raw registers that contradict a hand-edited decoders list are refused', () => {
    const lab = labOf(parsed(EXAMPLE));
    // A raw write the decoders list cannot express: a Target List byte beyond decoder 1's ways.
    lab.mmioWrite32('hb0', 0x1128 + 0x24 + 0x20, 0x0100);
    const text = serializeLabFile(lab.toFile());
    expect(parsed(text).registers.has('hb0')).toBe(true);
    const edited = text.replace('"granularity": 8192', '"granularity": 4096');
    const r = createLab(parsed(edited));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.causes?.[0]?.code).toBe('file.registers-stale');
  });
});
