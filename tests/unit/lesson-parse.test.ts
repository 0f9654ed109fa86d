/**
 * The cxl-lab-lesson/1 parser (src/cxl/lesson/parse.ts): located errors (step, field, reason),
 * input limits, own properties only, and no throw on any input (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSON_LIMITS, lessonReferences, parseLesson } from '../../src/cxl/index.ts';

/** A small valid lesson; tests break one field at a time. */
function lesson(steps: unknown[] = []): Record<string, unknown> {
  return {
    format: 'cxl-lab-lesson/1',
    id: 'demo',
    title: 'Demo',
    level: 'beginner',
    minutes: 5,
    summary: 'A demo.',
    lab: { preset: 'single' },
    steps: [
      {
        kind: 'explain',
        id: 'intro',
        text: 'See [[component:hb0]] and [[decoder:hb0/0]] at [[address:0x4c00000000]].',
      },
      {
        kind: 'predict',
        id: 'where',
        question: 'Where?',
        answer: { kind: 'route', hpa: '0x4c00003000', expect: { device: 'mem0', dpa: '0x3000' } },
        explanation: 'Because.',
      },
      {
        kind: 'do',
        id: 'task',
        task: 'Do it.',
        checks: [{ kind: 'route', hpa: '0x4c00003000', device: 'mem0', dpa: '0x3000' }],
        hints: ['one', 'two'],
        solution: [
          {
            kind: 'program',
            component: 'mem0',
            decoder: 0,
            base: '0x4c00000000',
            size: '4G',
            ways: 1,
            granularity: 256,
          },
        ],
      },
      ...steps,
    ],
  };
}

const errorsOf = (v: unknown) => {
  const r = parseLesson(JSON.stringify(v));
  return r.ok ? [] : r.error;
};

describe('parseLesson', () => {
  it('reads a valid lesson into typed steps, addresses and sizes as numbers', () => {
    const r = parseLesson(JSON.stringify(lesson()));
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    expect(r.value.steps.map((s) => s.kind)).toEqual(['explain', 'predict', 'do']);
    const d = r.value.steps[2];
    expect(d?.kind === 'do' && d.solution[0]).toMatchObject({
      kind: 'program',
      base: 0x4c_0000_0000,
      size: 4 * 2 ** 30,
      commit: true,
      lock: false,
    });
    expect(d?.kind === 'do' && d.hints).toEqual(['one', 'two']);
  });

  it('names the step, its id, the field path and the reason', () => {
    const bad = lesson();
    const steps = bad.steps as Record<string, unknown>[];
    steps[1] = {
      ...steps[1],
      answer: { kind: 'route', hpa: '0x4c00003000', expect: { device: 'mem0', dpa: 'zz' } },
    };
    const [e, ...rest] = errorsOf(bad);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ step: 1, stepId: 'where', field: '$.steps[1].answer.expect.dpa' });
    expect(e?.message).toMatch(/^step 2 \("where"\): \$\.steps\[1\]\.answer\.expect\.dpa: /);
  });

  it('reports every problem at once: unknown kinds, bad encodings, empty checks, duplicate ids', () => {
    const errors = errorsOf(
      lesson([
        { kind: 'quiz', id: 'q' },
        {
          kind: 'do',
          id: 'task',
          task: 't',
          checks: [],
          solution: [
            {
              kind: 'program',
              component: 'hb0',
              decoder: 0,
              base: 0,
              size: '256M',
              ways: 5,
              granularity: 300,
            },
          ],
        },
      ]),
    );
    const text = errors.map((e) => e.message).join('\n');
    expect(text).toContain('unknown step kind "quiz"');
    expect(text).toContain('$.steps[4].checks: a do step needs at least one check');
    expect(text).toContain('$.steps[4].solution[0].ways: 5 is not one of 1, 2, 3, 4, 6, 8, 12, 16');
    expect(text).toContain('$.steps[4].solution[0].granularity: 300 is not one of');
    expect(text).toContain('"task" is also step 3\'s id');
  });

  it('refuses unknown fields, a wrong format, a lab with both or neither source, bad references', () => {
    expect(errorsOf({ ...lesson(), extra: 1 })[0]?.message).toContain('$.extra: unknown field');
    expect(errorsOf({ ...lesson(), format: 'cxl-lab/1' })[0]?.message).toContain(
      '"format" must be "cxl-lab-lesson/1"',
    );
    expect(errorsOf({ ...lesson(), lab: { preset: 'single', inline: {} } })[0]?.message).toContain(
      'exactly one of',
    );
    expect(errorsOf({ ...lesson(), lab: {} })[0]?.message).toContain('exactly one of');
    const refs = lesson([
      { kind: 'explain', id: 'x', text: '[[decoder:hb0]] [[field:hb0/0/XX]] [[wire:a]] [[address:0xzz]]' },
    ]);
    const text = errorsOf(refs)
      .map((e) => e.message)
      .join('\n');
    expect(text).toContain('write decoder:ID/N');
    expect(text).toContain('field "XX" is not one of');
    expect(text).toContain('unknown reference kind "wire"');
    expect(text).toContain('[[address:0xzz]]');
  });

  it('reads own properties only: __proto__ and toString are unknown fields, not lookups', () => {
    const text = JSON.stringify(lesson()).replace(
      '"id":"demo"',
      '"__proto__":{"id":"x"},"toString":1,"id":"demo"',
    );
    const errors = parseLesson(text);
    expect(errors.ok).toBe(false);
    const messages = errors.ok ? '' : errors.error.map((e) => e.message).join('\n');
    expect(messages).toContain('$.__proto__: unknown field');
    expect(messages).toContain('$.toString: unknown field');
  });

  it('enforces its limits: size, depth, steps, hints, text length', () => {
    expect(parseLesson('x'.repeat(LESSON_LIMITS.maxChars + 1))).toMatchObject({
      ok: false,
      error: [{ code: 'lesson.too-large' }],
    });
    expect(parseLesson('['.repeat(40) + ']'.repeat(40))).toMatchObject({
      ok: false,
      error: [{ code: 'lesson.too-deep' }],
    });
    const many = Array.from({ length: LESSON_LIMITS.steps }, (_, i) => ({
      kind: 'explain',
      id: `s${i}`,
      text: 't',
    }));
    expect(errorsOf(lesson(many))[0]?.message).toContain(`at most ${LESSON_LIMITS.steps}`);
    const long = lesson([{ kind: 'explain', id: 'long', text: 'x'.repeat(LESSON_LIMITS.textChars + 1) }]);
    expect(errorsOf(long)[0]?.message).toContain(`at most ${LESSON_LIMITS.textChars}`);
    expect(parseLesson(42)).toMatchObject({ ok: false, error: [{ code: 'lesson.type' }] });
    expect(parseLesson('{')).toMatchObject({ ok: false, error: [{ code: 'lesson.json' }] });
  });

  it('never throws, on any JSON value or any text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const r = parseLesson(JSON.stringify(v));
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof parseLesson(s).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any one field of a valid lesson is replaced by any JSON value', () => {
    const paths: string[][] = [
      ['id'],
      ['minutes'],
      ['lab'],
      ['steps'],
      ['steps', '1', 'answer'],
      ['steps', '2', 'checks'],
      ['steps', '2', 'solution'],
      ['steps', '0', 'text'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }), (path, value) => {
        const l = lesson() as Record<string, unknown>;
        let at: Record<string, unknown> = l;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[path[path.length - 1] ?? 'id'] = value;
        expect(typeof parseLesson(JSON.stringify(l)).ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });
});

describe('lessonReferences', () => {
  it('reads each kind of reference', () => {
    const r = lessonReferences(
      '[[component:rp0.1]] [[decoder:sw0/2]] [[field:hb0/0/IG]] [[address:0x4c00001000]]',
    );
    expect(r.errors).toEqual([]);
    expect(r.refs).toEqual([
      { kind: 'component', component: 'rp0.1', raw: 'component:rp0.1' },
      { kind: 'decoder', component: 'sw0', decoder: 2, raw: 'decoder:sw0/2' },
      { kind: 'field', component: 'hb0', decoder: 0, field: 'IG', raw: 'field:hb0/0/IG' },
      { kind: 'address', address: 0x4c_0000_1000, raw: 'address:0x4c00001000' },
    ]);
  });
});
