/**
 * The main thread never loads the emulator core: the core runs in the worker. Checked here over
 * the sources (and by Biome's `noRestrictedImports` override for the same folders):
 *  - following every value import from the main-thread folders, no file under `src/cxl` and no
 *    worker internal (handler, memory bank, worker entry) is ever reached;
 *  - type-only imports of `src/cxl` from main-thread folders name model files only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN_THREAD = [
  'src/app',
  'src/state',
  'src/canvas',
  'src/panels',
  'src/ui',
  'src/lib',
  'src/presets',
  'src/main.tsx',
];
const WORKER_INTERNALS = [
  'src/worker/handler.ts',
  'src/worker/memory-bank.ts',
  'src/worker/emulator.worker.ts',
];
/**
 * The core's pure leaf modules the main thread may load, so that the UI formats sizes exactly as the
 * CLI does (docs/ARCHITECTURE.md §1: issue 14 widens the boundary to these). They import nothing but
 * each other.
 */
const PURE_LEAVES_ALLOWED = [
  'src/cxl/units.ts',
  'src/cxl/result.ts',
  // Spec constants and the kind table (issue 14: one home, shared by the core and the UI).
  'src/cxl/spec/interleave.ts',
  'src/cxl/spec/hdm-constants.ts',
  'src/cxl/spec/component-block.ts',
  'src/cxl/topology/kinds.ts',
  // Ids the lab keeps for itself: the core's validation and the app's Rename refuse the same ones.
  'src/cxl/topology/reserved-ids.ts',
  // Window free space (cxl-cli's max_available_extent), so the Regions dialog states the size it uses.
  'src/cxl/region/hpa.ts',
  // The CLI's hex reader for mailbox input, so the Mailbox view reads hex exactly as `cxl-lab mbox --in`.
  'src/cxl/device/commands/json-input.ts',
  // Issue 18: the component ids of fabric parts in a host's view (`sw0.vcs1`, `mld0.ld3`), so the
  // multi-host canvas names them as the core does.
  'src/cxl/fabric/ids.ts',
  // FM API vocabulary (Unbind Options, opcodes, LD ID FFFFh) for the Fabric Manager panel (issue 18).
  'src/cxl/spec/fm-api.ts',
];
/** Core files the main thread may take types from (data shapes, no behaviour). */
const TYPE_ONLY_ALLOWED = [
  'src/cxl/topology/model.ts',
  'src/cxl/result.ts',
  'src/cxl/hdm/decoder-state.ts',
  // Issue 18: the multi-host model, the FM's pending operation and binding table rows (data shapes).
  'src/cxl/fabric/model.ts',
  'src/cxl/fm/state.ts',
  'src/cxl/fm/table.ts',
];

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

function filesUnder(path: string): string[] {
  const abs = join(ROOT, path);
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs).flatMap((name) => filesUnder(join(path, name)));
}

function isSource(path: string): boolean {
  return /\.(ts|tsx)$/.test(path);
}

/** Static imports and re-exports, with whether the whole statement is type-only; dynamic imports too. */
function importsOf(source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) {
    const clause = m[0];
    const named = /\{([\s\S]*)\}/.exec(clause)?.[1];
    // `import { type A, type B } from` is type-only too.
    const allTypes =
      named
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .every((s) => s.startsWith('type ')) === true && !/^\s*import\s+\w+\s*,/.test(clause);
    refs.push({ specifier: m[3] ?? '', typeOnly: m[2] !== undefined || allTypes });
  }
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    refs.push({ specifier: m[1] ?? '', typeOnly: false });
  }
  return refs;
}

function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return relative(ROOT, join(ROOT, candidate));
    } catch {
      // try the next candidate
    }
  }
  return null;
}

const mainFiles = MAIN_THREAD.flatMap(filesUnder).filter(isSource);

describe('main thread / worker boundary', () => {
  it('finds the main-thread sources', () => {
    expect(mainFiles.length).toBeGreaterThan(20);
    expect(mainFiles).toContain('src/state/store.ts');
  });

  it('reads import statements, including type-only ones', () => {
    expect(
      importsOf(
        "import type { A } from './a';\nimport { type B, type C } from './b';\nimport { D, type E } from './d';\nexport * from './e';\nimport './f.css';\nconst g = import('./g');",
      ),
    ).toEqual([
      { specifier: './a', typeOnly: true },
      { specifier: './b', typeOnly: true },
      { specifier: './d', typeOnly: false },
      { specifier: './e', typeOnly: false },
      { specifier: './f.css', typeOnly: false },
      { specifier: './g', typeOnly: false },
    ]);
  });

  it('no value import chain from the main thread reaches src/cxl or worker internals', () => {
    const seen = new Map<string, string>(); // file → the file that imported it
    const queue = [...mainFiles];
    for (const f of queue) seen.set(f, '(main thread)');
    const offenders: string[] = [];
    while (queue.length > 0) {
      const file = queue.shift() as string;
      if (!isSource(file)) continue;
      for (const ref of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
        if (ref.typeOnly) continue;
        const target = resolveLocal(file, ref.specifier);
        if (target === null) continue;
        if (PURE_LEAVES_ALLOWED.includes(target)) continue;
        if (target.startsWith('src/cxl/') || WORKER_INTERNALS.includes(target)) {
          offenders.push(`${file} imports ${target}`);
          continue;
        }
        if (!seen.has(target)) {
          seen.set(target, file);
          queue.push(target);
        }
      }
    }
    expect(offenders).toEqual([]);
    // The client is reached, and it is the only way to the worker.
    expect(seen.has('src/worker/client.ts')).toBe(true);
  });

  it('the pure leaves the main thread may load import only each other', () => {
    const reached = PURE_LEAVES_ALLOWED.flatMap((leaf) =>
      importsOf(readFileSync(join(ROOT, leaf), 'utf8'))
        .filter((ref) => !ref.typeOnly) // erased at build time: model types are data shapes
        .map((ref) => resolveLocal(leaf, ref.specifier))
        .filter((target): target is string => target !== null && !PURE_LEAVES_ALLOWED.includes(target)),
    );
    expect(reached).toEqual([]);
  });

  it('main-thread files take only types from src/cxl, and only from model files', () => {
    const problems: string[] = [];
    for (const file of mainFiles) {
      for (const ref of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
        const target = resolveLocal(file, ref.specifier);
        if (target === null || !target.startsWith('src/cxl/')) continue;
        if (PURE_LEAVES_ALLOWED.includes(target)) continue;
        if (!ref.typeOnly) problems.push(`${file}: value import of ${target}`);
        else if (!TYPE_ONLY_ALLOWED.includes(target)) problems.push(`${file}: types from ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the worker protocol and client carry only types from the core', () => {
    const problems: string[] = [];
    for (const file of ['src/worker/protocol.ts', 'src/worker/client.ts']) {
      for (const ref of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
        const target = resolveLocal(file, ref.specifier);
        if (target?.startsWith('src/cxl/') && !ref.typeOnly)
          problems.push(`${file}: value import of ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
