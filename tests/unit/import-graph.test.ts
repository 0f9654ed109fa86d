/**
 * The import graph of `src/`: no cycle anywhere, and every import runs down the layer order
 * (docs/ARCHITECTURE.md, section 1). Imports are read with the TypeScript compiler's own
 * pre-processor, so static imports, re-exports, `import type` and dynamic `import()` all count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Layers, lowest first: a module may import its own layer and any lower one, never a higher one.
 * Layers sharing a rank are peers and must not import each other (canvas ↔ panels ↔ presets).
 *  - cxl: the emulator core (pure TypeScript);
 *  - worker: the core's host in a Web Worker and the protocol; cli: the core's host in Node;
 *  - lib: UI-side helpers without React (ids, formatting, topology edits, file plumbing);
 *  - state: the zustand store;
 *  - ui: leaf React widgets (buttons, tabs, popovers) that know nothing of the lab's store;
 *  - canvas, panels, presets: the lab's views and its shipped topologies;
 *  - app: the shell that mounts everything; main: the entry point.
 */
const LAYERS: readonly { name: string; path: string; rank: number }[] = [
  { name: 'cxl', path: 'src/cxl/', rank: 0 },
  { name: 'worker', path: 'src/worker/', rank: 1 },
  { name: 'cli', path: 'src/cli/', rank: 1 },
  { name: 'lib', path: 'src/lib/', rank: 2 },
  { name: 'state', path: 'src/state/', rank: 3 },
  { name: 'ui', path: 'src/ui/', rank: 4 },
  { name: 'canvas', path: 'src/canvas/', rank: 5 },
  { name: 'panels', path: 'src/panels/', rank: 5 },
  { name: 'presets', path: 'src/presets/', rank: 5 },
  { name: 'app', path: 'src/app/', rank: 6 },
  { name: 'main', path: 'src/main.tsx', rank: 7 },
];

function layerOf(file: string): { name: string; rank: number } {
  const layer = LAYERS.find((l) => file === l.path || file.startsWith(l.path));
  if (layer === undefined) throw new Error(`${file} is in no layer: add its folder to LAYERS`);
  return layer;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** The project file a relative specifier names (extension optional), or null (CSS, JSON, packages). */
function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const bare = specifier.replace(/\?.*$/, '');
  const base = relative(ROOT, resolve(ROOT, dirname(from), bare));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

/** Every module of `src/` with the project modules it imports. */
function importGraph(): Map<string, string[]> {
  const files = sourcesUnder('src');
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => resolveSpecifier(file, f.fileName, known))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle's modules (strongly connected components with more than one module, or a self-import). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative over an explicit stack of (node, next edge index).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1] as [string, number];
      const [node, edge] = top;
      const next = graph.get(node)?.[edge];
      if (next !== undefined) {
        top[1] = edge + 1;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent[0], Math.min(low.get(parent[0]) ?? 0, low.get(node) ?? 0));
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        const selfImport = graph.get(node)?.includes(node) === true;
        if (component.length > 1 || selfImport) out.push(component.sort());
      }
    }
  }
  return out;
}

/** Imports that run against the layer order: "from → to (layer → layer)". */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    for (const to of targets) {
      const b = layerOf(to);
      if (a.name === b.name) continue;
      if (b.rank >= a.rank) out.push(`${from} → ${to} (${a.name} → ${b.name})`);
    }
  }
  return out.sort();
}

describe('import graph of src/', () => {
  const graph = importGraph();

  it('reads the imports it should (the checks below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(100);
    // src/worker/handler.ts imports the protocol and the core's index; a dynamic import counts too.
    expect(graph.get('src/worker/handler.ts')).toEqual(
      expect.arrayContaining(['src/worker/protocol.ts', 'src/cxl/index.ts']),
    );
    const info = ts.preProcessFile("const m = import('./b.ts'); import type { X } from './c';", true, true);
    expect(info.importedFiles.map((f) => f.fileName).sort()).toEqual(['./b.ts', './c']);
  });

  it('finds cycles and upward imports when there are some (self-check on a made-up graph)', () => {
    const made = new Map<string, string[]>([
      ['src/cxl/a.ts', ['src/cxl/b.ts']],
      ['src/cxl/b.ts', ['src/cxl/c.ts']],
      ['src/cxl/c.ts', ['src/cxl/a.ts']],
      ['src/lib/x.ts', ['src/ui/Badge.tsx', 'src/cxl/a.ts']],
      ['src/ui/Badge.tsx', []],
    ]);
    expect(cycles(made)).toEqual([['src/cxl/a.ts', 'src/cxl/b.ts', 'src/cxl/c.ts']]);
    expect(upwardImports(made)).toEqual(['src/lib/x.ts → src/ui/Badge.tsx (lib → ui)']);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import against the layer order', () => {
    expect(upwardImports(graph)).toEqual([]);
  });
});
