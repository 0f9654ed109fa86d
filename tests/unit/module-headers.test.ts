// Every TypeScript module in src/ (and the bench/ and bin/ scripts) opens with a comment saying what it is for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Files under `dir` (relative to the repository) whose name ends in one of `exts`, sorted. */
function modulesUnder(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (exts.some((e) => entry.name.endsWith(e))) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

/**
 * The module's leading comment text, or null when the first thing in the file (after an optional
 * `#!` line and blank lines) is not a comment or the comment has fewer than three words.
 */
function leadingComment(source: string): string | null {
  let text = source.replace(/^\uFEFF/, '');
  if (text.startsWith('#!')) text = text.slice(text.indexOf('\n') + 1);
  text = text.trimStart();
  let body: string;
  if (text.startsWith('//')) {
    const lines: string[] = [];
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (!t.startsWith('//')) break;
      lines.push(t.replace(/^\/\/+/, ''));
    }
    body = lines.join(' ');
  } else if (text.startsWith('/*')) {
    const end = text.indexOf('*/');
    if (end < 0) return null;
    body = text
      .slice(2, end)
      .split('\n')
      .map((l) => l.replace(/^\s*\*+/, ''))
      .join(' ');
  } else {
    return null;
  }
  const words = body
    .trim()
    .split(/\s+/)
    .filter((w) => /\w/.test(w));
  return words.length >= 3 ? body.trim() : null;
}

describe('leadingComment (the check itself)', () => {
  it('accepts line and block headers, after a shebang or blank lines', () => {
    expect(leadingComment('// The access console panel.\nimport x from "y";')).not.toBeNull();
    expect(leadingComment('/**\n * HDM decoder register layout.\n */\nexport const a = 1;')).not.toBeNull();
    expect(leadingComment('#!/usr/bin/env node\n// Runs the CLI entry.\nimport "x";')).not.toBeNull();
    expect(leadingComment('\n\n// Leading blank lines are fine here.\n')).not.toBeNull();
  });

  it('refuses a module that starts with code, an empty comment or a one-word note', () => {
    expect(leadingComment('import { a } from "b";\n// late comment\n')).toBeNull();
    expect(leadingComment('export const x = 1;\n')).toBeNull();
    expect(leadingComment('//\nimport "x";')).toBeNull();
    expect(leadingComment('// TODO\nimport "x";')).toBeNull();
    expect(leadingComment('/* unterminated header')).toBeNull();
    expect(leadingComment('#!/usr/bin/env node\nimport "x";')).toBeNull();
  });
});

describe('module headers', () => {
  const modules = [
    ...modulesUnder('src', ['.ts', '.tsx']),
    ...modulesUnder('bench', ['.ts']),
    ...modulesUnder('bin', ['.mjs', '.ts']),
  ];

  it('finds the modules (guards against an empty walk)', () => {
    expect(modules.length).toBeGreaterThan(100);
    expect(modules).toContain(join('src', 'main.tsx'));
  });

  it('every module in src/, bench/ and bin/ opens with a comment saying what it is for', () => {
    const missing = modules.filter((m) => leadingComment(readFileSync(join(ROOT, m), 'utf8')) === null);
    expect(missing).toEqual([]);
  });
});
