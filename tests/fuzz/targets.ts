/**
 * The importers the fuzz suite feeds, each with its seed corpus (shipped presets, fixtures and
 * real-machine-shaped samples), an input generator built on structured mutation, and a runner
 * that returns what the importer decided.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, strToU8 } from 'fflate';
import { acceptAnyLabText } from '../../src/cxl/accept.ts';
import { serializeMultiHostFile } from '../../src/cxl/fabric/file-write.ts';
import {
  acceptLabText,
  buildCedt,
  type CxlError,
  cedtListing,
  cxlList,
  decodeCedt,
  decodeShareLink,
  encodeBase64,
  encodeShareFragment,
  exportQemu,
  formatCxlJson,
  importCedt,
  importCedtTopology,
  importCxlList,
  importQemu,
  parseLesson,
  serializeLabFile,
} from '../../src/cxl/index.ts';
import { mutateBytes, mutateJsonText, mutateText, PROTOTYPE_KEYS } from './mutate.ts';
import type { Rng } from './random.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** What an importer decided about one input. */
export interface Outcome {
  accepted: boolean;
  /** The errors of a refusal (each must carry a code, a message and a location). */
  errors: readonly CxlError[];
  /** For an accepted lab: null when save → load → save gives the same text, else what differed. */
  roundTrip?: string | null;
  /**
   * Time the importer itself took (parse, validate, refuse or import), without the harness's own
   * round-trip check: the figure "any single input is handled in under 1 s" is about.
   */
  handledMs: number;
}

/** Runs `f`, returning its result and how long it took. */
function timed<T>(f: () => T): [T, number] {
  const started = performance.now();
  const value = f();
  return [value, performance.now() - started];
}

export interface FuzzTarget<I> {
  name: string;
  generate(rng: Rng, index: number): I;
  run(input: I): Outcome;
  /** A short printable form of the input, for the slowest list and crash reports. */
  describe(input: I): string;
  /** The input as file bytes or text, to save as a regression fixture. */
  save(input: I): string | Uint8Array;
}

/** The shipped presets and the lab-file fixture, as cxl-lab/1 text. */
export function labCorpus(): string[] {
  const dir = join(ROOT, 'src', 'presets');
  const presets = readdirSync(dir)
    .filter((f) => f.endsWith('.topology.json'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  return [...presets, readFileSync(join(ROOT, 'tests', 'fixtures', 'hb1-x2-blank.cxl-lab.json'), 'utf8')];
}

let labs: { text: string; accepted: NonNullable<ReturnType<typeof acceptOk>> }[] | null = null;
function acceptOk(text: string) {
  const r = acceptLabText(text);
  return r.ok ? r.value : null;
}
/** The corpus labs that load (all of them, today), built once. */
function corpusLabs() {
  if (labs === null) {
    labs = labCorpus().flatMap((text) => {
      const accepted = acceptOk(text);
      return accepted === null ? [] : [{ text, accepted }];
    });
  }
  return labs;
}

function refused(errors: readonly CxlError[], handledMs: number): Outcome {
  return { accepted: false, errors, handledMs };
}

/** Save → load → save of what an importer accepted: the lab's file must come back the same. */
function roundTrip(text: string, handledMs: number): Outcome {
  const first = acceptLabText(text);
  if (!first.ok)
    return {
      accepted: true,
      errors: [],
      handledMs,
      roundTrip: `its output does not load: ${first.error[0]?.message}`,
    };
  const saved = serializeLabFile(first.value.lab.toFile());
  const again = acceptLabText(saved);
  if (!again.ok)
    return { accepted: true, errors: [], handledMs, roundTrip: `reload refused: ${again.error[0]?.message}` };
  const resaved = serializeLabFile(again.value.lab.toFile());
  return {
    accepted: true,
    errors: [],
    handledMs,
    roundTrip: resaved === saved ? null : 'save → load → save differs',
  };
}

/** A lab file: accepted (timed) or refused; an accepted one must round-trip. */
function labOutcome(text: string): Outcome {
  const [r, ms] = timed(() => acceptLabText(text));
  if (!r.ok) return refused(r.error, ms);
  return roundTrip(serializeLabFile(r.value.lab.toFile()), ms);
}

/** A lab with one of the hostile shapes issue 13 names, else a random structural mutation. */
function hostileLabText(rng: Rng): string {
  const base = rng.pick(labCorpus());
  const root = JSON.parse(base) as { components: unknown[]; windows: { base: string }[] };
  switch (rng.int(8)) {
    case 6: // mild: only what a user edits (name, positions), so many inputs load and round-trip
    case 7: {
      const named = root as unknown as { name: string; components: { position?: unknown }[] };
      named.name = rng.pick(['', 'x'.repeat(rng.int(5000)), '\u0000\ud800', 'lab']);
      for (const c of named.components) if (rng.chance(0.3)) c.position = { x: rng.int(4000) - 2000, y: 0.5 };
      return JSON.stringify(root);
    }
    case 0: // crash A: a kind that is an inherited property name
      root.components.push({ id: `c${rng.int(9)}`, kind: rng.pick(PROTOTYPE_KEYS), parent: 'hb0' });
      return JSON.stringify(root);
    case 1: {
      // many windows over one range
      const w = root.windows[0];
      if (w !== undefined) for (let i = 0; i < rng.pick([2, 70, 3000]); i++) root.windows.push({ ...w });
      return JSON.stringify(root);
    }
    default:
      return mutateJsonText(rng, base, 1 + rng.int(4));
  }
}

export const labFileTarget: FuzzTarget<string> = {
  name: 'lab file',
  generate(rng) {
    const text = hostileLabText(rng);
    return rng.chance(0.25) ? mutateText(rng, text) : text;
  },
  run: labOutcome,
  describe: (t) => `${t.length} chars: ${t.slice(0, 60).replace(/\s+/g, ' ')}`,
  save: (t) => t,
};

/** A deflate bomb: 64 MiB of spaces, about 64 KiB compressed. Built once. */
let bomb: string | null = null;
export function bombFragment(): string {
  if (bomb === null) {
    const raw = deflateSync(new Uint8Array(64 * 2 ** 20).fill(0x20), { level: 9 });
    bomb = `#lab=${toBase64Url(raw)}`;
  }
  return bomb;
}

function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A link fragment carrying `text` as its lab file (hostile JSON reaches the parser through a link). */
function linkOf(text: string): string {
  return `#lab=${toBase64Url(deflateSync(strToU8(text)))}`;
}

/** The multi-host presets (`cxl-lab/2`, issue 18): share links carry them too. */
let multiHostTexts: string[] | null = null;
function multiHostCorpus(): string[] {
  if (multiHostTexts === null) {
    const dir = join(ROOT, 'src', 'presets', 'multi-host');
    multiHostTexts = readdirSync(dir)
      .filter((f) => f.endsWith('.cxl-lab.json'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  }
  return multiHostTexts;
}

/** A multi-host link, damaged in its JSON or in its link text, or with a `host=` valid or not. */
function multiHostLink(rng: Rng): string {
  const text = rng.pick(multiHostCorpus());
  switch (rng.int(3)) {
    case 0:
      return linkOf(mutateJsonText(rng, text, 1 + rng.int(3)));
    case 1:
      return mutateText(rng, linkOf(text));
    default:
      return `${linkOf(text)}&host=${rng.pick(['hostA', 'hostB', 'hostZ', '', '%zz', 'h'.repeat(70)])}&sel=${rng.pick(['hb0', 'fabric::mld0', 'sw0.vcs0', 'nope'])}`;
  }
}

/** The built-in lessons' text (a lesson link carries one by id, or a teacher's file whole). */
let lessonTexts: string[] | null = null;
function lessonCorpus(): string[] {
  if (lessonTexts === null) {
    const dir = join(ROOT, 'src', 'lessons');
    lessonTexts = readdirSync(dir)
      .filter((f) => f.endsWith('.lesson.json'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  }
  return lessonTexts;
}

/** A view parameter (issue 15), valid or hostile: dock tab, selection, pending access. */
function viewParam(rng: Rng): string {
  switch (rng.int(9)) {
    case 0:
      return `tab=${rng.pick(['decoders', 'console', 'dpa-hex', 'check', 'Decoders', '', '%zz', 'x'.repeat(40)])}`;
    case 1:
      return `sel=${rng.pick(['mem0', 'hb0', 'cfmw0', 'cxl-root', 'nope', '', '__proto__', '%E0%A4', 'a'.repeat(70)])}`;
    case 2:
      return `access=0x${rng.int(2 ** 31).toString(16)}4c,${rng.pick([1, 64, 65536, 65537, 0])},${rng.pick([0, 3, 4096, 4097])}`;
    case 3:
      return `access=${rng.pick(['', '0x', '0x4c00000000', '0x4c00000000,64', '0X4C,1,1', '0x4c00000000,64,-1', '0x10000000000000,1,0', ',,', '0x1,1,1,1'])}`;
    case 4:
      return `step=${rng.pick(['1', '3', '99', 'two-way', 'nope', '', '0', 'ÿ'])}`;
    case 5:
      return `lesson=${rng.pick(['hpa-window', 'interleave-ways', 'no-such', 'Bad Id', '', '-x'])}`;
    case 6:
      return rng.pick(['lab=', 'lesson-file=', 'tab=a&tab=b', '&&&', 'view=canvas', '=x', 'x'.repeat(100)]);
    case 7:
      return Array.from({ length: 18 }, (_, i) => `p${i}=1`).join('&');
    default:
      return `lesson-file=${toBase64Url(deflateSync(strToU8(mutateJsonText(rng, rng.pick(lessonCorpus()), 1 + rng.int(3)))))}`;
  }
}

/** A link with the state parameters: after a lab, or a lesson link (built-in id or a teacher's file). */
function stateLink(rng: Rng): string {
  const params = Array.from({ length: 1 + rng.int(4) }, () => viewParam(rng));
  if (rng.chance(0.5)) {
    const lab = rng.pick(corpusLabs());
    const f = encodeShareFragment(lab.accepted.lab.toFile());
    return `${f.ok ? f.value.fragment : '#lab='}&${params.join('&')}`;
  }
  const lesson = rng.chance(0.5)
    ? `lesson=${rng.pick(['hpa-window', 'interleave-ways', 'vanishing-writes'])}`
    : `lesson-file=${toBase64Url(deflateSync(strToU8(rng.pick(lessonCorpus()))))}`;
  const link = `#${lesson}&${params.join('&')}`;
  return rng.chance(0.3) ? mutateText(rng, link) : link;
}

function linkInput(rng: Rng): string {
  // A bomb costs ~0.2 s to refuse (inflating up to the 8 MiB limit): few of them keep CI short.
  if (rng.chance(0.02)) return bombFragment();
  switch (rng.int(7)) {
    case 0:
      return linkOf(rng.pick(labCorpus()));
    case 1: {
      const lab = rng.pick(corpusLabs());
      const f = encodeShareFragment(lab.accepted.lab.toFile());
      return f.ok ? mutateText(rng, f.value.fragment) : '#lab=';
    }
    case 2:
    case 3:
      return stateLink(rng);
    case 4:
      return multiHostLink(rng);
    default:
      return linkOf(hostileLabText(rng));
  }
}

/** A link: refused with located errors, or accepted (its lab must round-trip; its lesson must parse). */
function linkOutcome(link: string): Outcome {
  const [r, ms] = timed(() => decodeShareLink(link));
  if (!r.ok) return refused(r.error, ms);
  const { file, fabric, state } = r.value;
  if (fabric !== undefined) {
    // An accepted multi-host lab must build and read back the same as written.
    const again = acceptAnyLabText(serializeMultiHostFile(fabric));
    const roundTrip = again.ok ? null : `a multi-host link's lab does not reload: ${again.error[0]?.message}`;
    return { accepted: true, errors: [], handledMs: ms, roundTrip };
  }
  if (state.lesson !== undefined && 'text' in state.lesson && !parseLesson(state.lesson.text).ok) {
    return { accepted: true, errors: [], handledMs: ms, roundTrip: 'an accepted lesson does not parse' };
  }
  if (file === undefined) return { accepted: true, errors: [], handledMs: ms, roundTrip: null };
  return roundTrip(serializeLabFile(file), ms);
}

export const shareLinkTarget: FuzzTarget<string> = {
  name: 'share link',
  generate: (rng) => linkInput(rng),
  run: linkOutcome,
  describe: (t) => `${t.length} chars: ${t.slice(0, 60)}`,
  save: (t) => t,
};

export const embedLinkTarget: FuzzTarget<string> = {
  name: 'embed link',
  generate(rng) {
    const fragment = linkInput(rng);
    const url = `https://lab.example/cxl/?embed${rng.chance(0.3) ? '=1&x=%zz' : ''}${fragment}${rng.chance(0.2) ? '&theme=dark' : ''}`;
    return rng.chance(0.2) ? mutateText(rng, url) : url;
  },
  run: linkOutcome,
  describe: (t) => `${t.length} chars: ${t.slice(0, 60)}`,
  save: (t) => t,
};

let qemuCorpus: string[] | null = null;
/** The QEMU documentation fixture and the command lines the lab exports for every preset. */
function qemuLines(): string[] {
  if (qemuCorpus === null) {
    const fixture = readFileSync(join(ROOT, 'tests', 'fixtures', 'qemu-docs-4way.args'), 'utf8');
    const exported = corpusLabs().flatMap(({ accepted }) => {
      const x = exportQemu(accepted.lab);
      return x.ok ? [x.value.commandLine] : [];
    });
    qemuCorpus = [fixture, ...exported];
  }
  return qemuCorpus;
}

/** Token-level damage to a command line: loops in bus=, repeated devices, hostile values. */
function mutateQemu(rng: Rng, line: string): string {
  const words = line.split(/(\s+)/);
  const devices = words.filter((w) => w.includes('bus='));
  switch (rng.int(5)) {
    case 0: {
      // A bus= loop: point a device's bus at a device below it (or itself).
      const ids = [...line.matchAll(/id=([\w.-]+)/g)].map((m) => m[1] ?? '');
      const w = rng.pick(devices.length > 0 ? devices : ['bus=x']);
      return line.replace(w, w.replace(/bus=[^,\s']+/, `bus=${rng.pick(ids.length > 0 ? ids : ['x'])}`));
    }
    case 1: {
      const w = rng.pick(devices.length > 0 ? devices : ['-M q35']);
      return `${line} ${Array.from({ length: rng.pick([10, 500, 3000]) }, (_, i) => `-device ${w.replace(/id=([\w.-]+)/, `id=$1x${i}`)}`).join(' ')}`;
    }
    case 2:
      return line.replace(
        /=([\w.-]+)/,
        `=${rng.pick([...PROTOTYPE_KEYS, '0', '-1', '99999999999999999999', '16E', ''])}`,
      );
    case 3:
      return line.replace(/-device /, `-device ${rng.pick(PROTOTYPE_KEYS)},`);
    default:
      return mutateText(rng, line);
  }
}

export const qemuTarget: FuzzTarget<{ line: string; assemble: boolean }> = {
  name: 'QEMU command line',
  generate(rng) {
    let line = rng.pick(qemuLines());
    for (let i = 1 + rng.int(3); i > 0; i--) line = mutateQemu(rng, line);
    return { line, assemble: rng.chance(0.3) };
  },
  run({ line, assemble }) {
    const [r, ms] = timed(() => importQemu(line, { assemble }));
    if (!r.ok) return refused(r.error, ms);
    return roundTrip(serializeLabFile(r.value.file ?? r.value.spec), ms);
  },
  describe: ({ line, assemble }) =>
    `${assemble ? 'assemble ' : ''}${line.length} chars: ${line.slice(0, 60)}`,
  save: ({ line }) => line,
};

let listCorpus: string[] | null = null;
/** A real-machine-shaped `cxl list` dump (fixture) and `cxl-lab list` output for every preset. */
function cxlListTexts(): string[] {
  if (listCorpus === null) {
    const fixture = readFileSync(join(ROOT, 'tests', 'fixtures', 'cxl-list-2hb-4way.json'), 'utf8');
    listCorpus = [fixture, ...corpusLabs().map(({ accepted }) => formatCxlJson(cxlList(accepted.lab)))];
  }
  return listCorpus;
}

export const cxlListTarget: FuzzTarget<string> = {
  name: 'cxl list',
  generate(rng) {
    const base = rng.pick(cxlListTexts());
    const text = mutateJsonText(rng, base, 1 + rng.int(4));
    return rng.chance(0.2) ? mutateText(rng, text) : text;
  },
  run(text) {
    const [r, ms] = timed(() => importCxlList(text));
    if (!r.ok) return refused(r.error, ms);
    return roundTrip(serializeLabFile(r.value.spec), ms);
  },
  describe: (t) => `${t.length} chars: ${t.slice(0, 60).replace(/\s+/g, ' ')}`,
  save: (t) => t,
};

let cedtCorpus: Uint8Array[] | null = null;
/** The CEDT the lab builds for every preset (QEMU's layout). */
function cedtTables(): Uint8Array[] {
  if (cedtCorpus === null) {
    cedtCorpus = corpusLabs().flatMap(({ accepted }) => {
      const b = buildCedt(accepted.file.spec);
      return b.ok ? [b.value] : [];
    });
  }
  return cedtCorpus;
}

/** A header's worth of a table followed by `n` copies of one `record` (lengths fixed up). */
function repeatedSubtables(header: Uint8Array, record: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(36 + record.length * n);
  out.set(header.subarray(0, 36));
  for (let i = 0; i < n; i++) out.set(record, 36 + i * record.length);
  new DataView(out.buffer).setUint32(4, out.length, true);
  return out;
}

export const cedtTarget: FuzzTarget<Uint8Array> = {
  name: 'CEDT bytes',
  generate(rng) {
    const base = rng.pick(cedtTables());
    if (rng.chance(0.03)) {
      // Huge counts: tiny unknown subtables or copies of the first real one (overlapping windows).
      const tiny = Uint8Array.of(9, 0, 4, 0);
      const first = base.subarray(36, 36 + (base[38] ?? 4) + 256 * (base[39] ?? 0));
      const record = rng.chance(0.5) || first.length < 4 ? tiny : first;
      return repeatedSubtables(base, record, rng.pick([1000, 20000, 64000, 300000]));
    }
    return mutateBytes(rng, base);
  },
  run(bytes) {
    // Handling a CEDT: the forgiving decode and its listing (`cedt --parse`), the strict parse and
    // the import (`cedt --import`).
    const [r, ms] = timed(() => {
      const table = decodeCedt(bytes);
      cedtListing(table);
      // The strict import of the core, then the forgiving one the CLI and the UI use.
      const errors = table.findings.filter((f) => f.severity === 'error');
      if (errors.length === 0) importCedtTopology(table);
      return importCedt(table);
    });
    if (!r.ok) return refused(r.error, ms);
    return roundTrip(serializeLabFile(r.value.spec), ms);
  },
  describe: (b) => `${b.length} bytes`,
  save: (b) => b,
};

export const ALL_TARGETS = [
  labFileTarget,
  shareLinkTarget,
  embedLinkTarget,
  qemuTarget,
  cxlListTarget,
  cedtTarget,
] as const;
