/**
 * A small option parser for the CLI commands: `--name VALUE`, `--name=VALUE`, short aliases,
 * flags without values, `--` ending options, `-` as a positional (standard input). Unknown options,
 * repeated options (flags too) and missing values are `UsageError`s (exit 2) whose message names
 * the argument. A value option followed by another known option (`-o -u`) or by `--` is missing
 * its value rather than taking the option as it: write `--output=-u` to mean that.
 */
import { UsageError } from './io.ts';

export interface OptionSpec {
  /** Options that take a value, long form (`--output`). */
  values: readonly string[];
  /** Options without a value. */
  flags: readonly string[];
  /** Short or alternative spellings → long form (`-o` → `--output`). */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedOptions {
  /** Long form → value. */
  values: Map<string, string>;
  /** Long forms of the flags given. */
  flags: Set<string>;
  positional: string[];
}

/** The long form `spelling` stands for (itself when it is no alias). */
function longForm(spec: OptionSpec, spelling: string): string {
  const aliases = spec.aliases;
  return aliases !== undefined && Object.hasOwn(aliases, spelling)
    ? (aliases[spelling] ?? spelling)
    : spelling;
}

/** `--name=VALUE` → `--name`; anything else unchanged. */
function optionPart(arg: string): string {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 2 ? arg.slice(0, eq) : arg;
}

/** Whether `arg` is `--` or an option the spec knows (in any spelling), so not a value. */
function isOption(spec: OptionSpec, arg: string): boolean {
  if (arg === '--') return true;
  if (!arg.startsWith('-') || arg === '-') return false;
  const name = longForm(spec, optionPart(arg));
  return spec.values.includes(name) || spec.flags.includes(name);
}

export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const raw = optionPart(arg);
    const name = longForm(spec, raw);
    if (spec.flags.includes(name)) {
      if (raw !== arg) throw new UsageError(`${raw} takes no value`);
      if (flags.has(name)) throw new UsageError(`${raw} given twice`);
      flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option ${raw}`);
    if (values.has(name)) throw new UsageError(`${raw} given twice`);
    if (raw !== arg) {
      values.set(name, arg.slice(raw.length + 1));
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`${raw} needs a value`);
    if (isOption(spec, value)) throw new UsageError(`${raw} needs a value (found ${value})`);
    values.set(name, value);
    i++;
  }
  return { values, flags, positional };
}

/**
 * Exactly the positional arguments `names` describes (`['FILE', 'START', 'LENGTH']`), in order, or
 * a usage error naming the first one missing or the first one too many.
 */
export function positionals(parsed: ParsedOptions, names: readonly string[]): string[] {
  const given = parsed.positional;
  const missing = names[given.length];
  if (missing !== undefined) throw new UsageError(`missing ${missing}`);
  if (given.length > names.length) {
    throw new UsageError(
      names.length === 0
        ? `unexpected argument '${given[0] ?? ''}'`
        : `unexpected argument '${given[names.length] ?? ''}' after ${names.join(' ')}`,
    );
  }
  return given.slice();
}

/** Exactly one positional argument, or a usage error naming it (missing) or the extra one. */
export function onePositional(parsed: ParsedOptions, what: string): string {
  return positionals(parsed, [what])[0] ?? '';
}
