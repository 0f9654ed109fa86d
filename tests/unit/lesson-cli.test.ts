/**
 * `cxl-lab lesson list` and `lesson verify` through `main([...], fakeIo)`. `lesson verify --all`
 * here is how the built-in lessons are verified in `npm test`. Broken lessons are built from a
 * valid one by changing a single value, so each failure has one known cause.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/fake-io.ts';

const LESSON_1 = readFileSync('src/lessons/01-hpa-window.lesson.json', 'utf8');

describe('cxl-lab lesson verify --all', () => {
  it('verifies every built-in lesson (exit 0)', async () => {
    const run = await runCli(['lesson', 'verify', '--all']);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout).toMatch(/^(\d+) of \1 lessons verified$/m);
    expect(run.code).toBe(0);
  }, 60_000);
});

describe('cxl-lab lesson list', () => {
  it('prints id, title, level, minutes and step counts of each built-in lesson', async () => {
    const run = await runCli(['lesson', 'list']);
    expect(run.code).toBe(0);
    // Lesson 1 has 2 explain, 4 predict and 1 do step (src/lessons/01-hpa-window.lesson.json).
    expect(run.stdout).toContain('hpa-window               What an HPA is and how a window maps it');
    expect(run.stdout).toContain('beginner, 6 min, 7 steps (2 explain, 4 predict, 1 do)');
    for (const id of ['interleave-ways', 'host-bridge-interleave', 'switch-decode'])
      expect(run.stdout).toContain(id);
  });
});

describe('cxl-lab lesson list FILE and verify -', () => {
  it("lists a teacher's file and verifies a lesson read from standard input", async () => {
    const listed = await runCli(['lesson', 'list', 'mine.json'], { 'mine.json': LESSON_1 });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(listed.stdout).toContain('hpa-window');
    const piped = await runCli(['lesson', 'verify', '-'], {}, LESSON_1);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('PASS hpa-window (-)');
  });
});

describe('cxl-lab lesson verify FILE', () => {
  it('passes a copy of lesson 1 given as a file, with --verbose naming every step', async () => {
    const run = await runCli(['lesson', 'verify', '--verbose', 'l1.json'], { 'l1.json': LESSON_1 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS hpa-window (l1.json)');
    expect(run.stdout).toContain('step 5 "offset" (predict): ok');
  });

  it('fails a predict step whose expected answer is wrong, naming the step and both values', async () => {
    // 0x4c80001234 − 0x4c00000000 = 0x80001234, not 0x80001235.
    const wrong = LESSON_1.replace('"dpa": "0x80001234"', '"dpa": "0x80001235"');
    expect(wrong).not.toBe(LESSON_1);
    const run = await runCli(['lesson', 'verify', 'bad.json'], { 'bad.json': wrong });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL hpa-window (bad.json)');
    expect(run.stdout).toContain('step 5 "offset" (predict): FAILED');
    expect(run.stdout).toContain('expected mem0 DPA 0x80001235; the core computes mem0 DPA 0x80001234');
  });

  it('fails a do step whose checks already hold before its solution', async () => {
    // Without the reset of mem0 the preset already routes 0x4c00003000 to mem0.
    const noReset = LESSON_1.replace('"reset": ["mem0"]', '"reset": []');
    expect(noReset).not.toBe(LESSON_1);
    const run = await runCli(['lesson', 'verify', 'r.json'], { 'r.json': noReset });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step 4 "program-mem0" (do): FAILED');
    expect(run.stdout).toContain('every check already holds before the solution');
  });

  it('fails a do step whose solution does not satisfy its checks', async () => {
    const short = LESSON_1.replace(
      '"size": "4G",\n          "ways": 1',
      '"size": "2G",\n          "ways": 1',
    );
    expect(short).not.toBe(LESSON_1);
    const run = await runCli(['lesson', 'verify', 's.json'], { 's.json': short });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'checks[0] decoder: failed before, STILL FAILS after — mem0 decoder 0: size: want 0x100000000, is 0x80000000',
    );
  });

  it('a broken lesson file gets an error naming the step and field (exit 1)', async () => {
    const broken = LESSON_1.replace('"kind": "hpa", "device": "mem0"', '"kind": "hpa", "device": "mem 0"');
    expect(broken).not.toBe(LESSON_1);
    const run = await runCli(['lesson', 'verify', 'b.json'], { 'b.json': broken });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('b.json is not a valid cxl-lab-lesson/1 file');
    expect(run.stderr).toContain(
      'step 6 ("reverse"): $.steps[5].answer.device: "mem 0" is not a component id',
    );
  });

  it('an unknown preset fails at the starting lab', async () => {
    const run = await runCli(['lesson', 'verify', 'p.json'], {
      'p.json': LESSON_1.replace('"preset": "single"', '"preset": "nope"'),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('starting lab: no preset "nope"');
  });

  it('an explain reference to something the lab lacks fails that step', async () => {
    const ref = LESSON_1.replace('[[component:hb0]], so every', '[[component:hb7]], so every');
    expect(ref).not.toBe(LESSON_1);
    const run = await runCli(['lesson', 'verify', 'e.json'], { 'e.json': ref });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step 1 "hpa" (explain): FAILED');
    expect(run.stdout).toContain('[[component:hb7]]: no component "hb7" in the lab');
  });

  it("an invalid inline lab fails at the starting lab with the lab parser's reason", async () => {
    const l2 = readFileSync('src/lessons/02-interleave-ways.lesson.json', 'utf8');
    const bad = l2.replace('"size": "16G",\n          "ways": 1', '"size": "16G",\n          "ways": 5');
    expect(bad).not.toBe(l2);
    const run = await runCli(['lesson', 'verify', 'i.json'], { 'i.json': bad });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL interleave-ways (i.json)');
    expect(run.stdout).toContain('starting lab: inline lab:');
  });

  it('bad arguments exit 2 with the usage', async () => {
    for (const argv of [
      ['lesson'],
      ['lesson', 'run'],
      ['lesson', 'verify'],
      ['lesson', 'verify', '--all', 'x.json'],
      ['lesson', 'verify', '--fast', 'x'],
    ]) {
      const run = await runCli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: cxl-lab lesson list');
    }
    const missing = await runCli(['lesson', 'verify', 'missing.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read missing.json');
  });
});
