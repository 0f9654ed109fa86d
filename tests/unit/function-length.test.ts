/**
 * No function in src/ is over 150 lines (issue 14): measured with the TypeScript parser, from a
 * function's first line to its last, nested functions included in their parent's count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_LINES = 150;

/**
 * Functions over the limit today, each with the work item that splits it. The lead empties this list
 * as those branches land; an entry that is no longer over the limit fails the test too.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  // Empty since issue 14's last long functions were split (region assembly, store, three components).
};

interface LongFunction {
  key: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** A readable name: the declaration's own, or the variable / property / class member it is assigned to. */
function functionName(node: ts.Node, file: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent !== undefined && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText(file);
  // An anonymous function is named after the nearest named function around it (stable across edits).
  for (let up = node.parent; up !== undefined; up = up.parent) {
    if (ts.isFunctionLike(up)) return `${functionName(up, file)} > (anonymous)`;
  }
  return '(anonymous)';
}

/** Every function-like node of `path` longer than `max` lines. */
function longFunctions(path: string, text: string, max = MAX_LINES): LongFunction[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body !== undefined) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ key: `${path} ${functionName(node, file)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('function length', () => {
  it('measures a function from its first line to its last', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const text = `export function f() {\n${body}\n}\nconst g = () => {\n  return 1;\n};\n`;
    // f spans 1 + 5 + 1 = 7 lines; g spans 3.
    expect(longFunctions('x.ts', text, 6)).toEqual([{ key: 'x.ts f', lines: 7 }]);
    expect(longFunctions('x.ts', text, 2)).toEqual([
      { key: 'x.ts f', lines: 7 },
      { key: 'x.ts g', lines: 3 },
    ]);
  });

  it(`no function in src/ is over ${MAX_LINES} lines (except those listed, with their owners)`, () => {
    const all = sourceFiles('src').flatMap((path) =>
      longFunctions(relative(ROOT, join(ROOT, path)), readFileSync(join(ROOT, path), 'utf8')),
    );
    const offenders = all
      .filter((f) => ALLOWED[f.key] === undefined)
      .map((f) => `${f.key}: ${f.lines} lines`);
    expect(offenders).toEqual([]);
    const stale = Object.keys(ALLOWED).filter((key) => !all.some((f) => f.key === key));
    expect(stale, 'allow-list entries no longer over the limit: remove them').toEqual([]);
  });
});
