/**
 * Structured mutations for the fuzz suite: JSON trees (lab files, `cxl list` dumps), text (QEMU
 * command lines, links) and bytes (CEDT). Hostile by design: prototype keys, huge and negative
 * numbers, deep nesting, thousands of copies, overlapping windows, truncation and byte flips.
 */
import type { Rng } from './random.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Names an object inherits from Object.prototype: lookups keyed by input must not find them. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
];

const HOSTILE_NUMBERS: readonly Json[] = [
  -1,
  -0,
  0,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  0.5,
  4294967296,
  65536,
  255,
  256,
  4097,
  1e21,
];
const HOSTILE_STRINGS: readonly Json[] = [
  ...PROTOTYPE_KEYS,
  '',
  '0x',
  `0x${'f'.repeat(20)}`,
  '-0x10',
  '1e400',
  '16P',
  '999999999T',
  'NaN',
  'Infinity',
  '\u0000',
  '\ud800',
  '\ufeff',
  'x'.repeat(5000),
  '256M',
  '0x10000000',
  'modulo',
  'xor',
  'host-bridge',
  'type3',
  'switch',
];

/** Every (parent, key) slot in a JSON tree, so a mutation can pick one uniformly. */
function slots(root: Json): { parent: Json[] | { [key: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json, depth: number): void => {
    if (depth > 40 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x, depth + 1);
      });
    } else {
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k });
        walk(v[k] as Json, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** Sets an own property (never the prototype, even for "__proto__"). */
function setOwn(o: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function deep(levels: number): Json {
  let v: Json = 0;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

function hostileValue(rng: Rng, sample: Json): Json {
  switch (rng.int(8)) {
    case 0:
      return rng.pick(HOSTILE_NUMBERS);
    case 1:
      return rng.pick(HOSTILE_STRINGS);
    case 2:
      return deep(rng.pick([10, 33, 65, 200]));
    case 3:
      return null;
    case 4:
      return rng.chance(0.5);
    case 5:
      return [];
    case 6:
      return {};
    default:
      return structuredClone(sample);
  }
}

/** One structural mutation, in place (or a new root when the root itself is replaced). */
function mutateOnce(rng: Rng, root: Json): Json {
  const all = slots(root);
  if (all.length === 0) return hostileValue(rng, root);
  const s = rng.pick(all);
  const { parent, key } = s;
  const current = (Array.isArray(parent) ? parent[key as number] : parent[key as string]) as Json;
  const op = rng.int(9);
  if (op === 0 && Array.isArray(parent)) {
    // Thousands of copies: huge counts, duplicate ids, overlapping windows.
    const copies = rng.pick([2, 70, 300, 5000]);
    for (let i = 0; i < copies; i++) parent.push(structuredClone(current));
  } else if (op === 1 && !Array.isArray(parent)) {
    delete parent[key as string];
  } else if (op === 2 && !Array.isArray(parent)) {
    setOwn(parent, rng.pick(PROTOTYPE_KEYS), hostileValue(rng, current));
  } else if (op === 3 && !Array.isArray(parent) && typeof current === 'string') {
    setOwn(parent, key as string, rng.pick(PROTOTYPE_KEYS));
  } else if (op === 4 && typeof current === 'number') {
    const v = rng.pick([current * 2 ** rng.int(40), -current, current + 1, current - 1, current * 3]);
    if (Array.isArray(parent)) parent[key as number] = v;
    else setOwn(parent, key as string, v);
  } else if (op === 5 && Array.isArray(parent)) {
    parent.splice(key as number, 1);
  } else {
    const v = hostileValue(rng, current);
    if (Array.isArray(parent)) parent[key as number] = v;
    else setOwn(parent, key as string, v);
  }
  return root;
}

/** `count` structural mutations of a JSON text, as text again. */
export function mutateJsonText(rng: Rng, text: string, count: number): string {
  let root = JSON.parse(text) as Json;
  for (let i = 0; i < count; i++) {
    root = mutateOnce(rng, root);
    // Copies of copies grow fast: past the 64 Mi text limit more size tests nothing new.
    if (slots(root).length > 3_000_000) break;
  }
  try {
    return clipText(JSON.stringify(root, null, rng.chance(0.5) ? 2 : undefined) ?? 'null');
  } catch {
    return text; // too large for one string: the unmutated text instead
  }
}

/** Keeps generated text a little over the 64 Mi-character limit at most (flat, not a rope). */
function clipText(t: string): string {
  return t.length > 70 * 2 ** 20 ? t.slice(0, 70 * 2 ** 20) : t;
}

/** Text-level damage: truncation, byte flips, insertions, a BOM, repeats. */
export function mutateText(rng: Rng, text: string): string {
  let t = text;
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(7)) {
      case 0:
        t = t.slice(0, at);
        break;
      case 1:
        t = `${t.slice(0, at)}${String.fromCharCode(rng.int(128))}${t.slice(at + 1)}`;
        break;
      case 2:
        t = `${t.slice(0, at)}${rng.pick(['{', '[', '"', ',', '}', ']', '\\', ' ', '=', '\n', '#'])}${t.slice(at)}`;
        break;
      case 3:
        t = `\ufeff${t}`;
        break;
      case 4: {
        const len = rng.int(200);
        t = clipText(
          `${t.slice(0, at)}${t.slice(at, at + len).repeat(rng.pick([2, 50, 1000]))}${t.slice(at + len)}`,
        );
        break;
      }
      case 5:
        t = `${t.slice(0, at)}${t.slice(at + rng.int(50))}`;
        break;
      default:
        t = `${t.slice(0, at)}${String(rng.pick(HOSTILE_STRINGS))}${t.slice(at)}`;
    }
  }
  return clipText(t);
}

/** Byte-level damage to a binary: flips, truncation, extension, repeated runs. */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
  let b = bytes.slice();
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(5)) {
      case 0:
        if (b.length > 0) {
          const k = Math.min(at, b.length - 1);
          b[k] = (b[k] ?? 0) ^ (1 << rng.int(8));
        }
        break;
      case 1:
        b = b.slice(0, at);
        break;
      case 2: {
        const extra = Uint8Array.from({ length: rng.int(64) }, () => rng.int(256));
        const out = new Uint8Array(b.length + extra.length);
        out.set(b.subarray(0, at));
        out.set(extra, at);
        out.set(b.subarray(at), at + extra.length);
        b = out;
        break;
      }
      case 3: {
        const len = 1 + rng.int(64);
        const run = b.slice(at, at + len);
        const times = rng.pick([2, 100, 5000]);
        const out = new Uint8Array(Math.min(b.length + run.length * times, 3 * 2 ** 20));
        out.set(b.subarray(0, Math.min(at, out.length)));
        let o = at;
        for (let k = 0; k < times && o + run.length <= out.length; k++, o += run.length) out.set(run, o);
        b = out.subarray(0, Math.min(out.length, o + Math.max(0, b.length - at)));
        break;
      }
      default:
        if (b.length > 0) b[Math.min(at, b.length - 1)] = rng.pick([0, 0xff, 0x7f, 0x80, 1, 4]);
    }
  }
  return b;
}
