/**
 * No dead React hooks in `src/`: every exported `useX` function is called somewhere besides its own
 * declaration (read with the TypeScript parser, so a name in a comment or a string does not count).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** Exported hook declarations (file and name) and how often every identifier occurs in `src/`. */
function scan(): { hooks: { file: string; name: string }[]; uses: Map<string, number> } {
  const hooks: { file: string; name: string }[] = [];
  const uses = new Map<string, number>();
  for (const path of sourcesUnder(join(ROOT, 'src'))) {
    const file = relative(ROOT, path);
    const source = ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) uses.set(node.text, (uses.get(node.text) ?? 0) + 1);
      if (
        ts.isFunctionDeclaration(node) &&
        node.name !== undefined &&
        /^use[A-Z]/.test(node.name.text) &&
        node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      )
        hooks.push({ file, name: node.name.text });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { hooks, uses };
}

describe('exported hooks', () => {
  it('are all used (a hook nothing calls is removed, with what only it used)', () => {
    const { hooks, uses } = scan();
    // The walk must find the app's hooks at all: the lab has dozens (useLabStore, useFrame, …).
    expect(hooks.length).toBeGreaterThan(30);
    const unused = hooks.filter((h) => (uses.get(h.name) ?? 0) < 2).map((h) => `${h.file}: ${h.name}`);
    expect(unused).toEqual([]);
  });
});
