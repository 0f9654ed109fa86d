/**
 * `cxl-lab cedt` through `main([...], fakeIo)`: build (binary, -o, --dump, OEM options), --parse
 * (listing, --json), --import, and usage errors (exit 2).
 */
import { describe, expect, it } from 'vitest';
import { decodeCedt, parseLabFile, serializeLabFile, type TopologySpec } from '../../src/cxl/index.ts';
import {
  FIRMWARE_LIKE_BYTES,
  ONE_HB_ONE_WINDOW,
  ONE_HB_ONE_WINDOW_BYTES,
  XOR_WINDOW,
  XOR_WINDOW_BYTES,
} from './cedt-fixtures.ts';
import { type FakeRun, runCli } from './helpers/fake-io.ts';

function labFileText(spec: TopologySpec): string {
  return serializeLabFile(spec);
}

function run(argv: string[], files: Record<string, string | Uint8Array> = {}): Promise<FakeRun> {
  return runCli(['cedt', ...argv], files);
}

const LAB = { 'one.json': labFileText(ONE_HB_ONE_WINDOW), 'xor.json': labFileText(XOR_WINDOW) };

describe('cxl-lab cedt FILE', () => {
  it('writes the binary table to stdout', async () => {
    const r = await run(['one.json'], LAB);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.bytes.map((b) => Array.from(b))).toEqual([Array.from(ONE_HB_ONE_WINDOW_BYTES)]);
  });

  it('-o writes a file instead', async () => {
    const r = await run(['xor.json', '-o', 'out.dat'], LAB);
    expect(r.code).toBe(0);
    expect(r.bytes).toEqual([]);
    expect(r.written.get('out.dat')).toEqual(XOR_WINDOW_BYTES);
  });

  it('--dump prints the decoded listing; with -o the binary still goes to the file', async () => {
    const r = await run(['xor.json', '--dump', '--output=t.dat'], LAB);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CEDT: 240 bytes, 6 subtables, 0 errors, 0 warnings');
    expect(r.stdout).toContain('XORMAP 1');
    expect(r.written.get('t.dat')).toEqual(XOR_WINDOW_BYTES);
    expect(r.bytes).toEqual([]);
  });

  it('--oem-id / --oem-table-id set the header (checksum follows)', async () => {
    const r = await run(['one.json', '--oem-id', 'LAB', '--oem-table-id', 'CXLLAB'], LAB);
    expect(r.code).toBe(0);
    const bytes = r.bytes[0] ?? new Uint8Array();
    const table = decodeCedt(bytes);
    expect(table.header?.oemId.value).toBe('LAB\0\0\0');
    expect(table.header?.oemTableId.value).toBe('CXLLAB\0\0');
    expect(table.findings).toEqual([]);
    expect(bytes[9]).toBe(0x3a); // worked in cedt-bytes.test.ts
  });

  it('--oem-revision / --creator-id / --creator-revision set the rest of the header', async () => {
    const r = await run(
      ['one.json', '--oem-revision', '7', '--creator-id', 'INTL', '--creator-revision', '0x20200717'],
      LAB,
    );
    expect(r.code).toBe(0);
    const bytes = r.bytes[0] ?? new Uint8Array();
    // Offsets (ACPI 6.5 §5.2.6; ACPICA actbl.h ACPI_TABLE_HEADER): OEM Revision 0x18, Creator ID 0x1C, Creator Revision 0x20, little-endian.
    expect(Array.from(bytes.slice(0x18, 0x24))).toEqual([
      0x07, 0, 0, 0, 0x49, 0x4e, 0x54, 0x4c, 0x17, 0x07, 0x20, 0x20,
    ]);
    expect(bytes.reduce((a, b) => a + b, 0) % 256).toBe(0);
    expect(decodeCedt(bytes).findings).toEqual([]);
    expect((await run(['one.json', '--creator-revision', '0x1_0000_0000'], LAB)).code).toBe(2);
    expect((await run(['--parse', 't.dat', '--creator-id', 'X'], LAB)).code).toBe(2);
  });

  it('an OEM ID that does not fit: a bad argument (exit 2, issue 13) with the reason', async () => {
    const r = await run(['one.json', '--oem-id', 'SEVENXX'], LAB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cxl-lab cedt: --oem-id: ');
    expect(r.stderr).toContain('cedt.header-text');
    expect(r.bytes).toEqual([]);
  });

  it('a file that is not a lab file: exit 1', async () => {
    const r = await run(['bad.json'], { 'bad.json': '{"format": "nope"}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json');
  });

  it('a missing file: exit 1', async () => {
    const r = await run(['missing.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such file');
  });
});

describe('cxl-lab cedt --parse', () => {
  it('lists a real-machine-like table; warnings only → exit 0', async () => {
    const r = await run(['--parse', 'CEDT'], { CEDT: FIRMWARE_LIKE_BYTES });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RDPAS RCEC Downstream Port Association Structure');
    expect(r.stdout).toContain('cedt.checksum');
  });

  it('--json prints the decoded table; errors → exit 1', async () => {
    const r = await run(['--parse', 't.dat', '--json'], { 't.dat': ONE_HB_ONE_WINDOW_BYTES.slice(0, 100) });
    expect(r.code).toBe(1);
    const table = JSON.parse(r.stdout);
    expect(table.byteLength).toBe(100);
    expect(table.findings[0].code).toBe('cedt.truncated');
    expect(r.stderr).toContain('2 errors');
  });
});

describe('cxl-lab cedt --import', () => {
  it('writes a cxl-lab/1 topology with the host bridges and windows', async () => {
    const r = await run(['--import', 't.dat'], { 't.dat': XOR_WINDOW_BYTES });
    expect(r.code).toBe(0);
    const file = parseLabFile(r.stdout);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.value.spec.windows).toEqual(XOR_WINDOW.windows);
    expect(file.value.spec.components.map((c) => c.id)).toEqual(['hb0', 'hb1', 'hb2', 'hb3']);
  });

  it('-o writes the file; a table with errors is refused (exit 1)', async () => {
    const ok = await run(['--import', 't.dat', '-o', 'out.json'], { 't.dat': FIRMWARE_LIKE_BYTES });
    expect(ok.code).toBe(0);
    expect(typeof ok.written.get('out.json')).toBe('string');
    expect(ok.stderr).toContain('cedt.checksum');
    const bad = await run(['--import', 't.dat'], { 't.dat': ONE_HB_ONE_WINDOW_BYTES.slice(0, 50) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cedt.truncated');
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[]][] = [
    ['no input', []],
    ['two inputs', ['a.json', 'b.json']],
    ['two modes', ['--parse', 'a', '--import', 'b']],
    ['unknown option', ['a.json', '--frobnicate']],
    ['missing value', ['a.json', '--oem-id']],
    ['--json when building', ['a.json', '--json']],
    ['--dump when parsing', ['--parse', 'a', '--dump']],
    ['flag with a value', ['--parse', 'a', '--json=yes']],
    ['option twice', ['a.json', '-o', 'x', '--output', 'y']],
  ];
  for (const [name, argv] of cases) {
    it(name, async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: cxl-lab cedt');
    });
  }

  it('--help prints the usage, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--import TABLE');
  });
});
