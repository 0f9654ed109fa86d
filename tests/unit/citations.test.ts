// Citations in src/ name primary sources (CXL spec sections with revision, Linux/QEMU/ndctl files, ACPI
// sections), never the research notes outside the repository that the code once cited as "facts §N".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cxl/decode/check.ts';
import { importCxlList } from '../../src/cxl/interop/cxl-list-import.ts';
import { importQemu } from '../../src/cxl/interop/qemu-import.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { fakeLab, GIB, hostBridge, MIB, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (/\.(ts|tsx|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Lines citing the outside notes: "facts §3.4", "(facts\n * §10)", or the notes' file name. */
function outsideCitations(text: string): string[] {
  return text
    .replace(/facts\s*\n\s*\*\s*§/g, 'facts §')
    .split('\n')
    .filter((line) => /\bfacts\s*§|cxl-facts/i.test(line));
}

describe('citations', () => {
  it('the detector finds the old citation forms (so the scan below can fail)', () => {
    expect(outsideCitations('// granularity (facts §3.4)')).toHaveLength(1);
    expect(outsideCitations(' * change between boots (facts\n * §10): the guest')).toHaveLength(1);
    expect(outsideCitations("const SPEC = 'facts §6';")).toHaveLength(1);
    expect(outsideCitations('// CXL r3.1 §8.2.4.20.7; Linux drivers/cxl/core/region.c')).toEqual([]);
  });

  it('no module in src/, bench/ or bin/ cites the research notes', () => {
    const found = [...filesUnder('src'), ...filesUnder('bench'), ...filesUnder('bin')].flatMap((f) =>
      outsideCitations(readFileSync(join(ROOT, f), 'utf8')).map(
        (line) => `${relative('.', f)}: ${line.trim()}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("importers' refusals name a primary source as their spec", () => {
    // An unknown window target is a QEMU refusal; text that is not JSON is a `cxl list` refusal.
    const qemu = importQemu('qemu-system-x86_64 -M cxl-fmw.0.targets.0=nope,cxl-fmw.0.size=4G');
    const list = importCxlList('{not json');
    for (const r of [qemu, list]) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.length).toBeGreaterThan(0);
        for (const e of r.error) expect(e.spec ?? '').toMatch(/^(QEMU |ndctl |CXL r\d\.\d §)/);
      }
    }
  });

  it("check's findings on every shipped preset name a primary source", () => {
    let findings = 0;
    for (const preset of PRESETS) {
      const parsed = parseLabFile(preset.text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const created = createLab(parsed.value);
      expect(created.ok).toBe(true);
      if (!created.ok) continue;
      for (const f of check(created.value.lab).findings) {
        findings++;
        expect(f.ref).toMatch(/^(CXL r\d\.\d §\d|linux drivers\/|QEMU |ndctl )/);
      }
    }
    // The deliberately misprogrammed preset has findings, so the loop above checked some refs.
    expect(findings).toBeGreaterThan(0);
  });

  it('the 3-way-root warning (once cited as "facts §3.8") names Linux region.c', () => {
    // A 3-way window over hb0–hb2 at 256 B and a 6-way region below it: each host bridge splits its
    // share over two root ports. Region size 6 × 256 MiB = 1.5 GiB at 12 GiB (a multiple of 3 × 256 MiB).
    const base = 12 * GIB;
    const size = 6 * 256 * MIB;
    const hbs = ['hb0', 'hb1', 'hb2'];
    const s = spec(
      [window('cfmw0', base, 3 * GIB, hbs, 256)],
      hbs.flatMap((hb, i) => [
        hostBridge(hb, i, [prog(base, size, 2, 256, { targets: [0, 1] })]),
        rootPort(`${hb}rp0`, hb, 0),
        rootPort(`${hb}rp1`, hb, 1),
        type3(`${hb}m0`, `${hb}rp0`, GIB, [prog(base, size, 6, 256)]),
        type3(`${hb}m1`, `${hb}rp1`, GIB, [prog(base, size, 6, 256)]),
      ]),
    );
    const f = check(fakeLab(s)).findings.find((x) => x.code === 'region.x3-root-interleave');
    expect(f?.rule).toBe('linux');
    expect(f?.ref).toBe('linux drivers/cxl/core/region.c cxl_port_setup_targets, cxl_add_to_region');
  });
});
