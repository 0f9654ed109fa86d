/**
 * `cxl-lab lesson list` and `cxl-lab lesson verify [FILE…|--all]`: the built-in lessons
 * (`src/lessons/*.lesson.json`) and teachers' lesson files, checked by the core (docs/lessons.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Lesson, type LessonReport, parseLesson, verifyLesson } from '../../cxl/index.ts';
import { LIMIT_TEXT } from '../../cxl/limits.ts';
import type { CliCommand } from '../command.ts';
import { describeReadError, withoutBom } from '../input.ts';
import { type CliIo, InputTooLarge, UsageError } from '../io.ts';
import { LIMITS_HELP } from './help-text.ts';

const LESSONS_DIR = fileURLToPath(new URL('../../lessons/', import.meta.url));
const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));
const PRESET_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const USAGE = `Usage: cxl-lab lesson list [FILE…]
       cxl-lab lesson verify [--verbose] (FILE… | --all)

Lessons are guided exercises in the cxl-lab-lesson/1 format (docs/lessons.md).

  list      print each lesson's id, title, level, minutes and steps (the built-in lessons, or FILEs)
  verify    check lessons in the core: the starting lab loads, every explain reference names
            something in the lab, every predict step's expected answer equals what the core
            computes, and every do step's checks do not all hold before its reference solution
            and all hold after it (steps run in order on one lab)
  --all     verify every built-in lesson (src/lessons/*.lesson.json)
  --verbose print what each step verified, not only the failures
  FILE      a cxl-lab-lesson/1 file ('-' for standard input)

${LIMITS_HELP}
Exit status: 0 every lesson verified, 1 a lesson is invalid or fails verification, 2 bad arguments.
`;

/** Preset text by id, from src/presets (ids are checked, so no path escapes the directory). */
export function presetText(id: string): string | undefined {
  if (!PRESET_ID.test(id)) return undefined;
  try {
    return readFileSync(`${PRESETS_DIR}${id}.topology.json`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The built-in lesson files, sorted (their names start with the lesson's number). */
export function builtinLessonFiles(): string[] {
  return readdirSync(LESSONS_DIR)
    .filter((f) => f.endsWith('.lesson.json'))
    .sort()
    .map((f) => `${LESSONS_DIR}${f}`);
}

type Loaded = { ok: true; file: string; lesson: Lesson } | { ok: false };

async function loadLesson(file: string, io: CliIo, builtin: boolean): Promise<Loaded> {
  let text: string;
  try {
    // Read within the text limit (stopped while reading); a UTF-8 byte-order mark is dropped.
    const max = LIMIT_TEXT.value;
    text = builtin
      ? readFileSync(file, 'utf8')
      : withoutBom(file === '-' ? await io.readStdin(max) : io.readText(file, max));
  } catch (e) {
    const why =
      e instanceof InputTooLarge
        ? `larger than ${LIMIT_TEXT.value / 2 ** 20} MiB (limit "text", docs/limits.md)`
        : describeReadError(e);
    io.stderr(`cxl-lab lesson: cannot read ${file}: ${why}\n`);
    return { ok: false };
  }
  const parsed = parseLesson(text);
  if (parsed.ok) return { ok: true, file, lesson: parsed.value };
  io.stderr(`cxl-lab lesson: ${file} is not a valid cxl-lab-lesson/1 file\n`);
  for (const e of parsed.error) io.stderr(`cxl-lab lesson: ${e.code}: ${e.message} (${file})\n`);
  return { ok: false };
}

function stepCounts(l: Lesson): string {
  const n = (k: string) => l.steps.filter((s) => s.kind === k).length;
  return `${l.steps.length} steps (${n('explain')} explain, ${n('predict')} predict, ${n('do')} do)`;
}

function printReport(io: CliIo, file: string, r: LessonReport, verbose: boolean): void {
  io.stdout(`${r.ok ? 'PASS' : 'FAIL'} ${r.id} (${file})\n`);
  if (r.labError !== undefined) io.stdout(`  starting lab: ${r.labError}\n`);
  for (const s of r.steps) {
    if (s.ok && !verbose) continue;
    io.stdout(`  step ${s.index + 1} "${s.id}" (${s.kind}): ${s.ok ? 'ok' : 'FAILED'}\n`);
    for (const line of s.lines) io.stdout(`    ${line}\n`);
  }
}

interface LessonArgs {
  sub: 'list' | 'verify';
  files: string[];
  all: boolean;
  verbose: boolean;
}

function parseArgs(args: string[]): LessonArgs {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'verify') {
    throw new UsageError(sub === undefined ? 'missing list or verify' : `unknown subcommand '${sub}'`);
  }
  const out: LessonArgs = { sub, files: [], all: false, verbose: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '--') {
      out.files.push(...rest.slice(i + 1));
      break;
    }
    if (a === '--all' && sub === 'verify' && !out.all) out.all = true;
    else if (a === '--verbose' && sub === 'verify' && !out.verbose) out.verbose = true;
    else if (a.startsWith('-') && a !== '-')
      throw new UsageError(`unknown or repeated option ${a.split('=')[0]}`);
    else out.files.push(a);
  }
  if (sub === 'verify' && out.all === out.files.length > 0)
    throw new UsageError('give FILE… or --all (not both)');
  return out;
}

export const lessonCommand: CliCommand = {
  name: 'lesson',
  summary: 'list the guided lessons, or verify lesson files against the core',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args);
    const builtin = a.files.length === 0;
    const files = builtin ? builtinLessonFiles() : a.files;
    let failed = 0;
    for (const file of files) {
      const loaded = await loadLesson(file, io, builtin);
      if (!loaded.ok) {
        failed++;
        continue;
      }
      const l = loaded.lesson;
      if (a.sub === 'list') {
        io.stdout(
          `${l.id.padEnd(24)} ${l.title}\n${''.padEnd(25)}${l.level}, ${l.minutes} min, ${stepCounts(l)}\n`,
        );
        continue;
      }
      const report = verifyLesson(l, presetText);
      if (!report.ok) failed++;
      printReport(io, builtin ? l.id : file, report, a.verbose);
    }
    if (a.sub === 'verify') io.stdout(`${files.length - failed} of ${files.length} lessons verified\n`);
    return failed > 0 ? 1 : 0;
  },
};
