/**
 * The CLI's shared option parser (`src/cli/options.ts`): examples, then two fast-check properties:
 * any argv either parses or is a `UsageError` naming one of its arguments, and an argv built from a
 * spec (options in every spelling, in any order between the positionals) gives back exactly what
 * the generator put in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/io.ts';
import { type OptionSpec, onePositional, parseOptions, positionals } from '../../src/cli/options.ts';

const SPEC: OptionSpec = {
  values: ['--output', '--length'],
  flags: ['--json', '--no-hops'],
  aliases: { '-o': '--output', '-j': '--json' },
};

function usageError(args: string[], spec: OptionSpec = SPEC): string {
  try {
    parseOptions(args, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error(`no usage error for ${JSON.stringify(args)}`);
}

describe('parseOptions', () => {
  it('reads values in both spellings, aliases, flags, positionals, - and --', () => {
    const p = parseOptions(['a', '--output=x', '-', '--length', '4K', '-j', '--', '--no-hops', '-o'], SPEC);
    expect(p.values).toEqual(
      new Map([
        ['--output', 'x'],
        ['--length', '4K'],
      ]),
    );
    expect(p.flags).toEqual(new Set(['--json']));
    expect(p.positional).toEqual(['a', '-', '--no-hops', '-o']);
  });

  it('--opt=value and --opt value (and the alias) are the same', () => {
    const forms = [['--output=f'], ['--output', 'f'], ['-o', 'f']];
    for (const form of forms)
      expect(parseOptions(['x', ...form], SPEC)).toEqual(parseOptions(['x', '--output=f'], SPEC));
  });

  it('a value may be empty, contain =, or start with - when it is no option', () => {
    expect(parseOptions(['--output='], SPEC).values.get('--output')).toBe('');
    expect(parseOptions(['--output=a=b'], SPEC).values.get('--output')).toBe('a=b');
    expect(parseOptions(['--length', '-5'], SPEC).values.get('--length')).toBe('-5');
    expect(parseOptions(['-o', '-'], SPEC).values.get('--output')).toBe('-');
    expect(parseOptions(['--output=--json'], SPEC).values.get('--output')).toBe('--json');
  });

  it.each([
    ['unknown option', ['--bogus'], 'unknown option --bogus'],
    ['unknown option with a value', ['--bogus=1'], 'unknown option --bogus'],
    ['unknown short option', ['-x'], 'unknown option -x'],
    ['only =', ['--=x'], 'unknown option --=x'],
    ['repeated value', ['--output', 'a', '--output=b'], '--output given twice'],
    ['repeated through an alias', ['--output', 'a', '-o', 'b'], '-o given twice'],
    ['repeated flag', ['--json', '-j'], '-j given twice'],
    ['missing value at the end', ['--length'], '--length needs a value'],
    ['missing value before an option', ['-o', '-j'], '-o needs a value (found -j)'],
    ['missing value before --', ['--output', '--', 'x'], '--output needs a value (found --)'],
    ['flag with a value', ['--json=yes'], '--json takes no value'],
  ])('%s is a usage error naming it', (_what, args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it('short options are whole words: grouped or glued forms are unknown options (node:util parseArgs would split them)', () => {
    expect(usageError(['-jo', 'x'])).toBe('unknown option -jo');
    expect(usageError(['-ox'])).toBe('unknown option -ox');
    expect(usageError(['-o=x'])).toBe('unknown option -o=x');
  });

  it('an alias spelled like an Object.prototype key is no option', () => {
    expect(usageError(['-constructor'], { values: [], flags: [], aliases: {} })).toBe(
      'unknown option -constructor',
    );
  });
});

describe('positionals / onePositional', () => {
  const parsed = (positional: string[]) => ({ values: new Map(), flags: new Set<string>(), positional });
  it('names the first missing one or the first one too many', () => {
    expect(positionals(parsed(['f', '0', '1']), ['FILE', 'START', 'LENGTH'])).toEqual(['f', '0', '1']);
    expect(() => positionals(parsed(['f']), ['FILE', 'START', 'LENGTH'])).toThrow('missing START');
    expect(() => positionals(parsed(['f', '0', '1', 'x', 'y']), ['FILE', 'START', 'LENGTH'])).toThrow(
      "unexpected argument 'x' after FILE START LENGTH",
    );
    expect(onePositional(parsed(['-']), 'lab FILE')).toBe('-');
    expect(() => onePositional(parsed([]), 'lab FILE')).toThrow('missing lab FILE');
    expect(() => onePositional(parsed(['a', 'b']), 'lab FILE')).toThrow("unexpected argument 'b'");
    expect(() => positionals(parsed(['a']), [])).toThrow(UsageError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

interface GenOption {
  long: string;
  takesValue: boolean;
  alias?: string;
}

/** Options with distinct long names (`--name`) and distinct one-letter aliases (`-x`) on some. */
const optionsArb: fc.Arbitrary<GenOption[]> = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/),
      takesValue: fc.boolean(),
      alias: fc.option(fc.constantFrom(...'abcdefgiklmnopqrstuvwxyz'), { nil: undefined }),
    }),
    { selector: (o) => o.name, maxLength: 6 },
  )
  .map((list) => {
    const used = new Set<string>();
    return list.map(({ name, takesValue, alias }) => {
      const o: GenOption = { long: `--${name}`, takesValue };
      if (alias !== undefined && !used.has(alias)) {
        used.add(alias);
        o.alias = `-${alias}`;
      }
      return o;
    });
  });

function specOf(options: readonly GenOption[]): OptionSpec {
  const aliases: Record<string, string> = {};
  for (const o of options) if (o.alias !== undefined) aliases[o.alias] = o.long;
  return {
    values: options.filter((o) => o.takesValue).map((o) => o.long),
    flags: options.filter((o) => !o.takesValue).map((o) => o.long),
    aliases,
  };
}

/** Text a positional before `--` may be: anything not starting with '-', or '-' itself. */
const plainArb = fc.oneof(
  fc.string().filter((s) => !s.startsWith('-')),
  fc.constant('-'),
);

interface Case {
  spec: OptionSpec;
  argv: string[];
  values: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

/** An argv built from a spec, with the values, flags and positionals it must parse to. */
const caseArb: fc.Arbitrary<Case> = optionsArb.chain((options) =>
  fc
    .record({
      uses: fc.tuple(
        ...options.map(() =>
          fc.record({
            used: fc.boolean(),
            value: fc.string(),
            form: fc.constantFrom('space', 'equals', 'alias'),
            at: fc.nat(),
          }),
        ),
      ),
      head: fc.array(plainArb, { maxLength: 4 }),
      tail: fc.array(fc.string(), { maxLength: 3 }),
      dashDash: fc.boolean(),
    })
    .map(({ uses, head, tail, dashDash }) => {
      const values = new Map<string, string>();
      const flags = new Set<string>();
      // Groups of argv words between the head positionals: slot k goes before head[k].
      const slots: string[][] = head.map(() => []);
      slots.push([]);
      options.forEach((o, i) => {
        const use = uses[i];
        if (use === undefined || !use.used) return;
        const spelling = use.form === 'alias' && o.alias !== undefined ? o.alias : o.long;
        let words: string[];
        if (!o.takesValue) {
          words = [spelling];
          flags.add(o.long);
        } else {
          // A value that starts with '-' goes in the --name=VALUE form, the only one it can take.
          const dashed = use.value.startsWith('-') && use.value !== '-';
          words = use.form === 'equals' || dashed ? [`${o.long}=${use.value}`] : [spelling, use.value];
          values.set(o.long, use.value);
        }
        slots[use.at % slots.length]?.push(...words);
      });
      const argv: string[] = [];
      slots.forEach((words, k) => {
        argv.push(...words);
        const p = head[k];
        if (p !== undefined) argv.push(p);
      });
      if (dashDash || tail.length > 0) argv.push('--', ...tail);
      return { spec: specOf(options), argv, values, flags, positional: [...head, ...tail] };
    }),
);

/** Arbitrary argv words, biased towards option spellings and edge cases. */
const wordArb = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '--',
    '-',
    '',
    '=',
    '--=',
    '--=x',
    '-o',
    '-o=x',
    '-j',
    '--output',
    '--output=',
    '--output=--json',
    '--length',
    '--json',
    '--json=1',
    '--no-hops',
    '--bogus',
    '-constructor',
    '--__proto__',
    '__proto__',
  ),
);

describe('parseOptions properties', () => {
  it('any argv parses or is a UsageError naming one of its arguments', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(SPEC), optionsArb.map(specOf)),
        fc.array(wordArb, { maxLength: 12 }),
        (spec, argv) => {
          let parsed: ReturnType<typeof parseOptions>;
          try {
            parsed = parseOptions(argv, spec);
          } catch (e) {
            if (!(e instanceof UsageError)) throw e;
            const named = argv.some((a) => {
              const option = a.startsWith('--') && a.indexOf('=') > 2 ? a.slice(0, a.indexOf('=')) : a;
              return option.startsWith('-') && e.message.includes(option);
            });
            expect(named, `${e.message} for ${JSON.stringify(argv)}`).toBe(true);
            return;
          }
          for (const name of parsed.values.keys()) expect(spec.values).toContain(name);
          for (const name of parsed.flags) expect(spec.flags).toContain(name);
          expect(parsed.positional.length).toBeLessThanOrEqual(argv.length);
        },
      ),
      { seed: 20261125, numRuns: 500 },
    );
  });

  it('an argv built from a spec gives back exactly its values, flags and positionals', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const parsed = parseOptions(c.argv, c.spec);
        expect(parsed.values).toEqual(c.values);
        expect(parsed.flags).toEqual(c.flags);
        expect(parsed.positional).toEqual(c.positional);
      }),
      { seed: 1125, numRuns: 500 },
    );
  });
});
