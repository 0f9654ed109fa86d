// Citations in src/ name primary sources (CXL spec sections with revision, Linux/QEMU/ndctl files, ACPI
// sections), never the research notes outside the repository that the code once cited as "facts §N".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCxlList } from '../../src/cxl/interop/cxl-list-import.ts';
import { importQemu } from '../../src/cxl/interop/qemu-import.ts';

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
});
