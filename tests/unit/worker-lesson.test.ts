/**
 * The lesson requests through the real handler, as the UI calls them: open a built-in lesson or a
 * teacher's file (refused with step, field and reason), start its lab, answer predict steps, check
 * and "show me" a do step. Expected values are worked by hand from the lesson's lab (single preset:
 * window cfmw0 at 0x4c00000000, 4 GiB, 1-way, one host bridge, one device mem0).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testClientsPerTest } from './helpers/in-process-client.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const SINGLE = read('../../src/presets/single.topology.json');
const HB1_X2 = read('../../src/presets/hb1-x2.topology.json');

const newClient = testClientsPerTest();

function lab() {
  const { call, refuse, open } = newClient();
  /** What the UI does: the lesson's lab text opened as a new lab. */
  async function start(presetText?: string) {
    const started = await call('lesson.start', presetText === undefined ? {} : { presetText });
    const opened = await open(started.text, started.name);
    return { started, opened };
  }
  return { call, refuse, start };
}

describe('lesson requests', () => {
  it('opens lesson 1 by id without its answers, and starts its lab with mem0 reset', async () => {
    const a = lab();
    const view = await a.call('lesson.open', { builtin: 'hpa-window' });
    expect(view.preset).toBe('single');
    expect(view.steps.map((s) => s.kind)).toEqual([
      'explain',
      'explain',
      'predict',
      'do',
      'predict',
      'predict',
      'predict',
    ]);
    expect(JSON.stringify(view)).not.toContain('expect');
    const { started, opened } = await a.start(SINGLE);
    // mem0 is reset: its decoder 0 is no longer committed (the preset commits it).
    expect(opened.view.decoders.mem0?.[0]?.committed).toBe(false);
    expect(opened.view.decoders.hb0?.[0]?.committed).toBe(true);
    expect(started.lesson.id).toBe('hpa-window');
    expect(started.name).toBe(`Lesson: ${view.title}`);
  });

  it('checks predict answers against the live lab: wrong, then right with a demonstration', async () => {
    const a = lab();
    await a.call('lesson.open', { builtin: 'hpa-window' });
    await a.start(SINGLE);
    // Step 3: mem0's decoder is reset, so 0x4c00003000 reaches no device.
    const wrong = await a.call('lesson.answer', {
      step: 2,
      answer: { kind: 'route', device: 'mem0', dpa: 0x3000 },
    });
    expect(wrong).toEqual({ correct: false });
    const right = await a.call('lesson.answer', { step: 2, answer: { kind: 'unrouted' } });
    expect(right).toMatchObject({ correct: true, demonstrate: { hpa: 0x4c00003000 } });
    const kind = await a.refuse('lesson.answer', { step: 2, answer: { kind: 'hpa', hpa: 1 } });
    expect(kind.code).toBe('lesson.answer-kind');
    const notPredict = await a.refuse('lesson.answer', { step: 3, answer: { kind: 'unrouted' } });
    expect(notPredict.message).toContain('is a do step');
  });

  it('a do step fails its checks until "show me" programs mem0, then passes', async () => {
    const a = lab();
    await a.call('lesson.open', { builtin: 'hpa-window' });
    await a.start(SINGLE);
    const before = await a.call('lesson.check', { step: 3 });
    expect(before.pass).toBe(false);
    expect(before.checks).toHaveLength(2);
    const solved = await a.call('lesson.solve', { step: 3 });
    // Programming a decoder is MMIO writes to its registers (CXL r3.1 §8.2.4.20.5–.7: Base Low/High,
    // Size Low/High, DPA Skip, Control): at least the Control write that commits.
    expect(solved.writes.length).toBeGreaterThan(0);
    expect(solved.writes.every((w) => w.component === 'mem0')).toBe(true);
    expect(solved.view.decoders.mem0?.[0]?.committed).toBe(true);
    const after = await a.call('lesson.check', { step: 3 });
    expect(after.pass).toBe(true);
    // Step 5 once mem0 decodes: 0x4c80001234 − 0x4c00000000 = 0x80001234 (1-way, no skip).
    const r = await a.call('lesson.answer', {
      step: 4,
      answer: { kind: 'route', device: 'mem0', dpa: 0x80001234 },
    });
    expect(r.correct).toBe(true);
    // Step 6: DPA 0xfffff000 → HPA 0x4c00000000 + 0xfffff000 = 0x4cfffff000.
    const h = await a.call('lesson.answer', { step: 5, answer: { kind: 'hpa', hpa: 0x4cfffff000 } });
    expect(h).toMatchObject({ correct: true, demonstrate: { hpa: 0x4cfffff000 } });
  });

  it('lesson 8: every do step fails before, and passes after "show me" (memory writes land in the bank the memory check reads)', async () => {
    const a = lab();
    const view = await a.call('lesson.open', { builtin: 'vanishing-writes' });
    const doSteps = view.steps.flatMap((s, i) => (s.kind === 'do' ? [i] : []));
    await a.start(HB1_X2);
    for (const i of doSteps) {
      expect((await a.call('lesson.check', { step: i })).pass).toBe(false);
      await a.call('lesson.solve', { step: i });
      expect((await a.call('lesson.check', { step: i })).pass).toBe(true);
    }
  });

  it("refuses a teacher's broken file naming step, field and reason, and unknown ids", async () => {
    const a = lab();
    const good = JSON.parse(read('../../src/lessons/01-hpa-window.lesson.json'));
    good.steps[3].checks[1].hpa = 'not-an-address';
    const e = await a.refuse('lesson.open', { text: JSON.stringify(good), fileName: 'mine.lesson.json' });
    expect(e.code).toBe('lesson.invalid');
    expect(e.message).toContain('mine.lesson.json');
    expect(e.causes?.[0]?.message).toMatch(
      /step 4 \("program-mem0"\).*steps\[3\]\.checks\[1\]\.hpa: "not-an-address" is not an address/,
    );
    expect((await a.refuse('lesson.open', { builtin: 'nope' })).code).toBe('lesson.unknown');
    expect((await a.refuse('lesson.start', {})).code).toBe('lesson.none');
    expect((await a.refuse('lesson.open', { text: '{' })).message).toContain('not valid JSON');
  });

  it('a lesson whose preset text is missing is refused and leaves the lab alone', async () => {
    const a = lab();
    await a.call('lesson.open', { builtin: 'hpa-window' });
    const e = await a.refuse('lesson.start', {});
    expect(e.message).toContain('no preset "single"');
  });

  it('lists the 8 built-in lessons for the catalogue', async () => {
    const list = await lab().call('lesson.catalog', {});
    expect(list.map((l) => l.id)).toEqual([
      'hpa-window',
      'interleave-ways',
      'host-bridge-interleave',
      'switch-decode',
      'modulo-3way',
      'xor-interleave',
      'dpa-skip',
      'vanishing-writes',
    ]);
    for (const l of list) expect(l.minutes).toBeGreaterThanOrEqual(5);
  });
});
