/**
 * Benchmark runner: loads `bench/*.bench.ts` (each default-exports a `BenchSuite`), runs them one after
 * another in this process and prints one table. Figures are measured in the same run, so ratios between
 * rows compare like with like. Never used by tests (tests do not assert on timings).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './types.ts';

function formatValue(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (Math.abs(value) >= 1e3) return `${(value / 1e3).toFixed(2)} k`;
  return value.toFixed(value >= 100 ? 0 : 2);
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['suite', 'case', 'figure', 'ratio', 'goal'];
  const cells = rows.map((r) => [
    r.suite,
    r.case,
    `${formatValue(r.value)} ${r.unit}`,
    r.ratio ?? '',
    r.goal ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

export async function runBenchmarks(filters: string[]): Promise<number> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no benchmark suites${filters.length > 0 ? ` match ${filters.join(', ')}` : ''}\n`);
    return filters.length > 0 ? 2 : 0;
  }
  const rows: BenchRow[] = [];
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: BenchSuite };
    process.stderr.write(`running ${mod.default.name}…\n`);
    rows.push(...(await mod.default.run()));
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  return 0;
}
