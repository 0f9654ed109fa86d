/**
 * The CLI commands' option parsing, on `node:util` `parseArgs` (its tokens), with the rules the CLI
 * documents: `--name VALUE`, `--name=VALUE`, one-letter aliases, flags without values, `--` ending
 * options, `-` as a positional (standard input). Unknown options, repeated options (flags too) and
 * missing values are `UsageError`s (exit 2) whose message names the argument. A value option
 * followed by another known option (`-o -u`) or by `--` is missing its value rather than taking the
 * option as it: write `--output=-u` to mean that. Grouped short options (`-uo x`) are not accepted.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.ts';

export interface OptionSpec {
  /** Options that take a value, long form (`--output`). */
  values: readonly string[];
  /** Options without a value. */
  flags: readonly string[];
  /** One-letter spellings → long form (`-o` → `--output`). */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedOptions {
  /** Long form → value. */
  values: Map<string, string>;
  /** Long forms of the flags given. */
  flags: Set<string>;
  positional: string[];
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs`'s option table for `spec`: names without dashes, aliases as `short`. */
function parseArgsOptions(spec: OptionSpec): Options {
  const options: Options = {};
  const add = (long: string, type: 'string' | 'boolean') => {
    options[long.slice(2)] = { type };
  };
  for (const long of spec.values) add(long, 'string');
  for (const long of spec.flags) add(long, 'boolean');
  for (const [alias, long] of Object.entries(spec.aliases ?? {})) {
    const option = options[long.slice(2)];
    if (option === undefined || !/^-[^-]$/.test(alias)) throw new Error(`option spec: bad alias ${alias}`);
    option.short = alias.slice(1);
  }
  return options;
}

/** Whether `arg` is `--` or an option the spec knows (in any spelling), so not a value. */
function isOption(spec: OptionSpec, arg: string): boolean {
  if (arg === '--') return true;
  if (!arg.startsWith('-') || arg === '-') return false;
  const eq = arg.indexOf('=');
  const raw = arg.startsWith('--') && eq > 2 ? arg.slice(0, eq) : arg;
  const aliases = spec.aliases ?? {};
  const name = Object.hasOwn(aliases, raw) ? (aliases[raw] ?? raw) : raw;
  return spec.values.includes(name) || spec.flags.includes(name);
}

export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const { tokens } = parseArgs({
    args: [...args],
    options: parseArgsOptions(spec),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    const arg = args[token.index] ?? '';
    // A short option that is not its whole word (`-ofile`, `-uo`, `-o=x`): one unknown option.
    if (!token.rawName.startsWith('--') && arg !== token.rawName)
      throw new UsageError(`unknown option ${arg}`);
    const raw = token.rawName;
    const long = `--${token.name}`;
    if (spec.flags.includes(long)) {
      if (token.value !== undefined) throw new UsageError(`${raw} takes no value`);
      if (flags.has(long)) throw new UsageError(`${raw} given twice`);
      flags.add(long);
      continue;
    }
    if (!spec.values.includes(long)) throw new UsageError(`unknown option ${raw}`);
    if (values.has(long)) throw new UsageError(`${raw} given twice`);
    const value = token.value;
    if (value === undefined) throw new UsageError(`${raw} needs a value`);
    if (!token.inlineValue && isOption(spec, value))
      throw new UsageError(`${raw} needs a value (found ${value})`);
    values.set(long, value);
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
