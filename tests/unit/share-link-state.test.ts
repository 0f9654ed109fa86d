/**
 * Share links with state (issues 15 and 16): the dock tab, selection and pending access beside the lab,
 * lesson links (built-in id or a teacher's file) with a step, written memory included by default under
 * 1 MiB compressed and left out with its size above. Property: any valid state round-trips; any
 * mutated link decodes or is refused with located errors, never a throw. Old links still decode.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  createRegion,
  decodeShareFragment,
  decodeShareLink,
  encodeBase64,
  encodeLessonLink,
  encodeShareFragment,
  findLessonStep,
  isLocated,
  type LabFile,
  type LinkState,
  parseLesson,
  type ShareView,
  serializeLabFile,
  write,
} from '../../src/cxl/index.ts';
import { GIB, lab, twoByTwo, WINDOW_BASE } from './helpers/region-topologies.ts';

const LESSONS = join(import.meta.dirname, '..', '..', 'src', 'lessons');
const lessonTexts = readdirSync(LESSONS)
  .filter((f) => f.endsWith('.lesson.json'))
  .sort()
  .map((f) => readFileSync(join(LESSONS, f), 'utf8'));

/** A 2×2 lab with a committed 4-way region at 256 B, and `bytes` written from the window's base. */
function regionLab(bytes: Uint8Array | null): LabFile {
  const l = lab(twoByTwo(256, GIB));
  const plan = createRegion(l, {
    window: 'cfmw0',
    members: ['mem0', 'mem2', 'mem1', 'mem3'],
    mode: 'volatile',
  });
  if (!plan.ok || !applyPlan(l, plan.value).ok) throw new Error('region');
  if (bytes !== null) write(l, WINDOW_BASE, bytes);
  return l.toFile();
}

/** Bytes from a fixed-seed xorshift (incompressible, reproducible). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function fragmentOf(text: string): string {
  const b64 = encodeBase64(deflateSync(strToU8(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  return `#lab=${b64.replace(/=+$/, '')}`;
}

function decoded(link: string) {
  const r = decodeShareLink(link);
  if (!r.ok) throw new Error(r.error.map((e) => `${e.field}: ${e.message}`).join('\n'));
  return r.value;
}

function problems(link: string): string[] {
  const r = decodeShareLink(link);
  if (r.ok) throw new Error(`expected a refusal of ${link.slice(0, 80)}`);
  return r.error.map((e) => `${e.field}: ${e.message}`);
}

const FILE = regionLab(null);
const NODE_IDS = [
  'cxl-root',
  ...FILE.spec.components.map((c) => c.id),
  ...FILE.spec.windows.map((w) => w.id),
];

const viewArb: fc.Arbitrary<ShareView> = fc.record(
  {
    tab: fc.constantFrom('console', 'decoders', 'cedt', 'address-map', 'dpa-hex', 'check'),
    selection: fc.constantFrom(...NODE_IDS),
    access: fc.record({
      hpa: fc.integer({ min: 0, max: 2 ** 52 - 1 }),
      length: fc.integer({ min: 1, max: 65536 }),
      step: fc.integer({ min: 0, max: 4096 }),
    }),
  },
  { requiredKeys: [] },
);

describe('round trips', () => {
  it('any valid view round-trips beside the lab', () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        const shared = encodeShareFragment(FILE, { view });
        if (!shared.ok) throw new Error(shared.error.message);
        const back = decoded(`https://lab.example/x/${shared.value.fragment}`);
        expect(back.state.view).toEqual(view);
        expect(back.state.lesson).toBeUndefined();
        expect(serializeLabFile(back.file ?? FILE)).toBe(serializeLabFile(FILE));
      }),
      { numRuns: 200, seed: 15 },
    );
  });

  it('any lesson link (built-in id or teacher file) with any of its step ids round-trips', () => {
    const lessons = lessonTexts.map((text) => {
      const p = parseLesson(text);
      if (!p.ok) throw new Error('built-in lesson');
      return { text, lesson: p.value };
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...lessons),
        fc.boolean(),
        fc.nat(),
        viewArb,
        ({ text, lesson }, asFile, n, view) => {
          const step = lesson.steps[n % lesson.steps.length]?.id;
          const source = asFile ? { text } : { builtin: lesson.id };
          const link = encodeLessonLink(source, step);
          if (!link.ok) throw new Error(link.error.message);
          // A link made during a lesson: the lab and view, then the lesson parameters.
          const lab = encodeShareFragment(FILE, { view });
          if (!lab.ok) throw new Error(lab.error.message);
          const back = decoded(`${lab.value.fragment}&${link.value.slice(1)}`);
          const expected: LinkState = { view, lesson: source, ...(step === undefined ? {} : { step }) };
          expect(back.state).toEqual(expected);
          const alone = decoded(link.value);
          expect(alone.file).toBeUndefined();
          expect(alone.state.lesson).toEqual(source);
        },
      ),
      { numRuns: 60, seed: 16 },
    );
  });

  it('old #lab= links decode with an empty view; new links still open as labs in the old decoder', () => {
    const old = fragmentOf(serializeLabFile(FILE));
    const back = decoded(old);
    expect(back.state).toEqual({ view: {} });
    expect(serializeLabFile(back.file ?? FILE)).toBe(serializeLabFile(FILE));
    const shared = encodeShareFragment(FILE, { view: { tab: 'decoders', selection: 'mem1' } });
    if (!shared.ok) throw new Error(shared.error.message);
    expect(shared.value.fragment).toMatch(/^#lab=[A-Za-z0-9_-]+&tab=decoders&sel=mem1$/);
    const viaOld = decodeShareFragment(shared.value.fragment);
    expect(viaOld.ok && viaOld.value.hosts === 'single' && serializeLabFile(viaOld.value.file)).toBe(
      serializeLabFile(FILE),
    );
  });
});

describe('written memory', () => {
  it('is included by default (auto) when it compresses to under 1 MiB', () => {
    // 3 × 4096 = 12 288 bytes of noise over a 4-way 256 B region: 3 KiB per device, one page each.
    const file = regionLab(noise(3 * 4096, 7));
    const shared = encodeShareFragment(file, { includeMemory: 'auto' });
    if (!shared.ok) throw new Error(shared.error.message);
    expect([shared.value.pagesIncluded, shared.value.pagesOmitted]).toEqual([4, 0]);
    expect(shared.value.memoryLeftOut).toBeUndefined();
    const back = decoded(shared.value.fragment);
    expect(serializeLabFile(back.file ?? FILE)).toBe(serializeLabFile(file));
  });

  it('is left out, saying why and how much, when it compresses to 1 MiB or more', () => {
    // 1.5 MiB of noise over 4 ways: 384 KiB per device = 96 pages each, 384 pages = 1 572 864 bytes.
    // Noise does not compress, so its pages compress to more than 1 MiB.
    const file = regionLab(noise(1.5 * 2 ** 20, 11));
    const shared = encodeShareFragment(file, { includeMemory: 'auto' });
    if (!shared.ok) throw new Error(shared.error.message);
    const left = shared.value.memoryLeftOut;
    expect(left?.pages).toBe(384);
    expect(left?.bytes).toBe(1_572_864);
    expect(left?.compressedBytes).toBeGreaterThan(2 ** 20);
    expect(left?.reason).toMatch(
      /^384 written pages \(1536 KiB\) take 1\.\d\d MiB compressed \(\d+ bytes\); a link includes memory only under 1 MiB compressed \(limit "link-memory"/,
    );
    expect([shared.value.pagesIncluded, shared.value.pagesOmitted]).toEqual([0, 384]);
    expect(decoded(shared.value.fragment).file?.memory.size).toBe(0);
  });
});

describe('hostile state parameters', () => {
  const lab = (() => {
    const s = encodeShareFragment(FILE);
    if (!s.ok) throw new Error(s.error.message);
    return s.value.fragment;
  })();

  it('names the parameter and the reason', () => {
    expect(problems(`${lab}&tab=Decoders`)).toEqual([
      'link.tab: the link\'s "tab=": "Decoders" is not a dock tab id',
    ]);
    expect(problems(`${lab}&sel=mem9`)).toEqual([
      'link.sel: the link\'s "sel=": the linked lab has no component or window "mem9"',
    ]);
    expect(problems(`${lab}&access=0x4c00000000,64`)[0]).toMatch(/^link\.access: .*expected HPA,LENGTH,STEP/);
    expect(problems(`${lab}&access=0x4c00000000,65537,0`)[0]).toMatch(
      /length "65537" is not 1 … 65536 bytes/,
    );
    expect(problems(`${lab}&access=0x4c00000000,64,4097`)[0]).toMatch(/step "4097" is not 0 … 4096/);
    expect(problems(`${lab}&tab=a&tab=b`)).toEqual(['link.tab: the link\'s "tab=": appears more than once']);
    expect(problems(`${lab}&step=3`)).toEqual([
      'link.step: the link\'s "step=": names a step but the link has no lesson',
    ]);
    expect(problems('#lesson=hpa-window&lesson-file=AAAA')[0]).toMatch(
      /not "lesson=" and "lesson-file=" both/,
    );
    expect(problems('#tab=decoders')[0]).toMatch(/has no "lab=" or "lesson="/);
    expect(problems(`#${Array.from({ length: 17 }, (_, i) => `p${i}=1`).join('&')}`)[0]).toMatch(
      /17 parameters; it may have at most 16 parameters \(limit "link-params"/,
    );
  });

  it("refuses a teacher's broken lesson naming step, field and reason", () => {
    const lesson = JSON.parse(lessonTexts[0] ?? '{}') as { steps: Record<string, unknown>[] };
    const step = lesson.steps[2];
    if (step !== undefined) step.kind = 'guess';
    const link = encodeLessonLink({ text: JSON.stringify(lesson) });
    if (!link.ok) throw new Error(link.error.message);
    const p = problems(link.value);
    expect(p[0]).toBe(
      'lesson-file.steps[2].kind: the linked lesson: step 3 ("before"): $.steps[2].kind: unknown step kind "guess" (explain, predict, do)',
    );
  });

  it('refuses a step the lesson file does not have, listing the steps', () => {
    const link = encodeLessonLink({ text: lessonTexts[0] ?? '' }, 'nope');
    if (!link.ok) throw new Error(link.error.message);
    expect(problems(link.value)[0]).toMatch(/has no step "nope" \(steps 1 … 7, or an id: hpa, decoders,/);
  });

  it('regression (fuzz): a lone surrogate in the lab data was a URIError throw, now share.base64', () => {
    expect(problems('#lab=abc\ud800')[0]).toMatch(
      /^link: the link data has a character outside base64url at position 3/,
    );
  });

  it('mutated links never throw; every refusal is located', () => {
    const base = (() => {
      const s = encodeShareFragment(FILE, {
        view: { tab: 'dpa-hex', selection: 'mem0', access: { hpa: WINDOW_BASE, length: 64, step: 2 } },
      });
      const l = encodeLessonLink({ text: lessonTexts[1] ?? '' }, '3');
      if (!s.ok || !l.ok) throw new Error('encode');
      return `${s.value.fragment}&${l.value.slice(1)}`;
    })();
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, t]) => (s: string) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + t + s.slice(i);
      }),
      fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (s: string) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + s.slice(i + n);
      }),
      fc.constantFrom(
        (s: string) => s.replace('&', '&&'),
        (s: string) => s.replace('sel=mem0', 'sel=%E0%A4%A'),
        (s: string) => s.replace('step=3', 'step=99'),
        (s: string) => s.replace('tab=dpa-hex', 'tab=dpa-hex&tab=x'),
        (s: string) => s.replace(/access=[^&]*/, 'access=0x,0,0'),
        (s: string) => s.split('&').reverse().join('&'),
      ),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const link = ms.reduce((s, m) => m(s), base);
        const r = decodeShareLink(link);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          for (const e of r.error) {
            expect(e.message.length).toBeGreaterThan(0);
            expect(isLocated(e)).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe('findLessonStep', () => {
  const steps = [{ id: 'intro' }, { id: 'bits' }, { id: '3' }];
  it('finds a step by id first, then by its 1-based number', () => {
    expect(findLessonStep(steps, 'bits')).toBe(1);
    expect(findLessonStep(steps, '3')).toBe(2);
    expect(findLessonStep(steps, '1')).toBe(0);
    expect(findLessonStep(steps, '4')).toBe(
      'the lesson has no step "4" (steps 1 … 3, or an id: intro, bits, 3)',
    );
  });
});
