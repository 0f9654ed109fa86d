/**
 * A small option parser for the CLI commands: `--name VALUE`, `--name=VALUE`, short aliases,
 * flags without values, `--` ending options, `-` as a positional (standard input). Unknown options,
 * repeated options and missing values are `UsageError`s (exit 2).
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
  values: Map<string, string>;
  flags: Set<string>;
  positional: string[];
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
    const eq = arg.indexOf('=');
    const raw = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const name = spec.aliases?.[raw] ?? raw;
    if (spec.flags.includes(name)) {
      if (raw !== arg) throw new UsageError(`${raw} takes no value`);
      flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option ${raw}`);
    if (values.has(name)) throw new UsageError(`${raw} given twice`);
    const value = raw !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${raw} needs a value`);
    values.set(name, value);
  }
  return { values, flags, positional };
}

/** Exactly one positional argument, or a usage error naming it. */
export function onePositional(parsed: ParsedOptions, what: string): string {
  if (parsed.positional.length !== 1) throw new UsageError(`give exactly one ${what}`);
  return parsed.positional[0] ?? '';
}
