/**
 * QEMU command lines as text: splitting a pasted shell command into words, QEMU's `key=value,…`
 * option syntax (`,,` escapes a comma), QEMU sizes (`4G`, `256M`, `8k`, `-m 2048` = MiB) and the
 * reverse direction, quoting words for a shell script.
 *
 * Shell splitting follows POSIX sh closely enough for what people paste from docs and scripts:
 * backslash-newline joins lines, `'…'` is literal, `"…"` keeps `\"`, `\\`, `\$`, `` \` `` escapes,
 * a `#` that starts a word comments out the rest of the line, and an unquoted newline, `;`, `&&`,
 * `||`, `|` or `&` ends a command. Parameter expansions (`$DIR`, `"$@"`) stay literal text; nothing
 * is executed or expanded. Every function here is total: bad input gives a `Result` error.
 */
import { err, ok, type Result } from '../result.ts';
import { ADDRESS_LIMIT } from '../units.ts';

/** Longest command-line text accepted (characters). */
export const MAX_QEMU_TEXT = 1024 * 1024;
/** Most words accepted in one command line. */
export const MAX_QEMU_WORDS = 20_000;

/** One shell word with where it came from. */
export interface ShellWord {
  text: string;
  /** 1-based line of the word's first character. */
  line: number;
}

/** Splits shell text into commands of words (see the module comment for the rules). */
export function splitShellCommands(text: string): Result<ShellWord[][]> {
  if (typeof text !== 'string')
    return err('qemu.input', 'expected the command line as text', { field: 'text' });
  if (text.length > MAX_QEMU_TEXT) {
    return err(
      'qemu.too-long',
      `command line is ${text.length} characters; the lab reads at most ${MAX_QEMU_TEXT}`,
      { field: 'text' },
    );
  }
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let current = '';
  let inWord = false;
  let wordLine = 1;
  let line = 1;
  let total = 0;
  const endWord = (): boolean => {
    if (inWord) {
      words.push({ text: current, line: wordLine });
      total++;
    }
    current = '';
    inWord = false;
    return total <= MAX_QEMU_WORDS;
  };
  const startWord = (): void => {
    if (!inWord) {
      inWord = true;
      wordLine = line;
    }
  };
  const endCommand = (): void => {
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const tooMany = (): Result<ShellWord[][]> =>
    err('qemu.too-many-words', `more than ${MAX_QEMU_WORDS} words; not a QEMU command line`, {
      field: 'text',
    });

  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        line++;
        i += 2;
        continue;
      }
      if (next === '\r' && text[i + 2] === '\n') {
        line++;
        i += 3;
        continue;
      }
      startWord();
      if (next !== undefined) current += next;
      i += 2;
      continue;
    }
    if (c === "'") {
      startWord();
      const close = text.indexOf("'", i + 1);
      if (close < 0)
        return err('qemu.unterminated-quote', `line ${line}: a single quote is never closed`, {
          field: `line ${line}`,
          offset: i,
        });
      const body = text.slice(i + 1, close);
      current += body;
      line += countNewlines(body);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      startWord();
      const opened = line;
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const d = text[j] ?? '';
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\') {
          const e = text[j + 1];
          if (e === '\n') {
            line++;
            j += 2;
            continue;
          }
          if (e === '"' || e === '\\' || e === '$' || e === '`') {
            current += e;
            j += 2;
            continue;
          }
        }
        if (d === '\n') line++;
        current += d;
        j++;
      }
      if (!closed)
        return err('qemu.unterminated-quote', `line ${opened}: a double quote is never closed`, {
          field: `line ${opened}`,
          offset: i,
        });
      i = j + 1;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      if (!endWord()) return tooMany();
      endCommand();
      if (c === '\n') line++;
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      if (!endWord()) return tooMany();
      endCommand();
      i += text[i + 1] === c ? 2 : 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      if (!endWord()) return tooMany();
      i++;
      continue;
    }
    startWord();
    current += c;
    i++;
  }
  if (!endWord()) return tooMany();
  endCommand();
  return ok(commands);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
}

/** One `key=value` of a QEMU option; `key` is null for a leading bare word (driver, type, size). */
export interface KeyvalPair {
  key: string | null;
  value: string;
}

/**
 * Splits a QEMU option value `a,b=c,d` into pairs (`,,` is a literal comma). The first element may
 * be a bare word (`q35`, `cxl-rp`, `4G`), returned with `key: null`; a later bare word `share` means
 * `share=on`, as QEMU reads it.
 */
export function splitKeyvals(value: string): KeyvalPair[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ',') {
      if (value[i + 1] === ',') {
        cur += ',';
        i++;
        continue;
      }
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  const out: KeyvalPair[] = [];
  parts.forEach((p, k) => {
    if (p.length === 0) return;
    const eq = p.indexOf('=');
    if (eq < 0) out.push(k === 0 ? { key: null, value: p } : { key: p, value: 'on' });
    else out.push({ key: p.slice(0, eq), value: p.slice(eq + 1) });
  });
  return out;
}

/** A value for a QEMU option list: commas doubled. */
export function escapeKeyval(value: string): string {
  return value.replaceAll(',', ',,');
}

const SIZE_SHIFT: Readonly<Record<string, number>> = { b: 0, k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 };

/**
 * A QEMU size (`qemu_strtosz`): decimal with an optional fraction and one suffix letter
 * (B, K, M, G, T, P, E, either case), or hex `0x…` without suffix. `defaultShift` applies when
 * there is no suffix: 0 for `size=` properties, 20 for `-m` (MiB).
 */
export function parseQemuSize(text: string, what: string, defaultShift = 0): Result<number> {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (text.length > 64) return err('qemu.size-invalid', `${what}: ${shown} is not a size`);
  const hexMatch = /^0[xX]([0-9a-fA-F]{1,16})$/.exec(text);
  let bytes: number;
  if (hexMatch !== null) {
    bytes = Number.parseInt(hexMatch[1] ?? '', 16);
  } else {
    const m = /^([0-9]+)(?:\.([0-9]+))?([bBkKmMgGtTpPeE])?$/.exec(text);
    if (m === null) {
      return err('qemu.size-invalid', `${what}: ${shown} is not a size (e.g. 256M, 4G, 8k, 0x10000000)`);
    }
    const shift = m[3] === undefined ? defaultShift : (SIZE_SHIFT[m[3].toLowerCase()] ?? 0);
    const whole = Number(m[1]);
    const frac = m[2] === undefined ? 0 : Number(`0.${m[2]}`);
    const scale = 2 ** shift;
    bytes = whole * scale + Math.round(frac * scale);
    if (m[2] !== undefined && !Number.isInteger(frac * scale)) {
      return err('qemu.size-invalid', `${what}: ${shown} is not a whole number of bytes`);
    }
  }
  if (!Number.isSafeInteger(bytes) || bytes >= ADDRESS_LIMIT) {
    return err('qemu.size-invalid', `${what}: ${shown} is not below 2^52 (the lab's address limit)`);
  }
  return ok(bytes);
}

/** A QEMU integer property (decimal or `0x…` hex), within [min, max]. */
export function parseQemuInt(text: string, what: string, min: number, max: number): Result<number> {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  let n: number;
  if (/^0[xX][0-9a-fA-F]{1,16}$/.test(text)) n = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]{1,20}$/.test(text)) n = Number(text);
  else return err('qemu.int-invalid', `${what}: ${shown} is not an integer`);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    return err('qemu.int-invalid', `${what}: ${shown} is not in ${min} … ${max}`);
  }
  return ok(n);
}

/** QEMU's boolean property spellings. */
export function parseQemuBool(text: string): boolean | null {
  const t = text.toLowerCase();
  if (t === 'on' || t === 'yes' || t === 'true' || t === 'y') return true;
  if (t === 'off' || t === 'no' || t === 'false' || t === 'n') return false;
  return null;
}

const UNIT_SUFFIX: readonly [string, number][] = [
  ['T', 40],
  ['G', 30],
  ['M', 20],
  ['K', 10],
];

/** A size as QEMU and cxl-cli read it: `4G`, `256M`, `8K` when exact, else bytes. */
export function sizeSuffixText(bytes: number, lowerK = false): string {
  if (bytes > 0) {
    for (const [suffix, shift] of UNIT_SUFFIX) {
      const unit = 2 ** shift;
      if (bytes % unit === 0) return `${bytes / unit}${lowerK && suffix === 'K' ? 'k' : suffix}`;
    }
  }
  return String(bytes);
}

/** A QEMU device/object id as QEMU accepts it (`id_wellformed`): a letter, then letters, digits, `-._`. */
export function isQemuId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(id) && id.length <= 128;
}

/** One shell word, quoted only when needed. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
