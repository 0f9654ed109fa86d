/**
 * A configuration space decoded by spec field names, as plain data (for the CLI, the worker and
 * tests) and as `lspci -vvv`-style text: one block per capability, one line per register with its
 * fields, and what the interesting ones mean (Range sizes, Register Locator targets).
 */
import type { FieldDef } from '../regs/field.ts';
import { RANGE_CDAT } from '../spec/dvsec-fields.ts';
import { decodeDvsecRange } from '../spec/dvsec-range.ts';
import { barOffsetOfBir, REG_BLOCK_NAMES } from '../spec/pcie-dvsec.ts';
import { formatBytes, hex } from '../units.ts';
import type { ConfigSpace, PlacedRegister } from './config-space.ts';

export interface DecodedField {
  name: string;
  title: string;
  /** "[15:0]"-style bit range. */
  bits: string;
  access: string;
  value: number;
}

export interface DecodedRegister {
  offset: number;
  size: number;
  name: string;
  value: number;
  fields: DecodedField[];
  /** One line of meaning where the lab knows one (a Range's size, a locator's target). */
  meaning?: string;
}

export interface DecodedCapability {
  /** Offset of the capability (its first register). */
  offset: number;
  name: string;
  registers: DecodedRegister[];
}

function bits(f: FieldDef): string {
  return f.width === 1 ? `[${f.bit}]` : `[${f.bit + f.width - 1}:${f.bit}]`;
}

function decodeFields(p: PlacedRegister, value: number): DecodedField[] {
  return p.def.fields
    .filter((f) => f.access !== 'RsvdP' && f.bit < 8 * p.size)
    .map((f) => ({
      name: f.name,
      title: f.title ?? f.name,
      bits: bits(f),
      access: f.access,
      value: Math.floor(value / 2 ** f.bit) % 2 ** f.width,
    }));
}

function rangeMeaning(cs: ConfigSpace, p: PlacedRegister): string | undefined {
  if (p.def.name !== 'DVSEC CXL Range Size Low') return undefined;
  const word = (o: number) => {
    const r = cs.read(o, 4);
    return r.ok ? r.value : 0;
  };
  const { size, base } = decodeDvsecRange({
    sizeHigh: word(p.offset - 4),
    sizeLow: word(p.offset),
    baseHigh: word(p.offset + 4),
    baseLow: word(p.offset + 8),
  });
  const low = word(p.offset);
  const media = Math.floor(low / 4) % 8;
  const mediaText = media === RANGE_CDAT ? 'media type and class given by CDAT' : `media type ${media}`;
  return size === 0
    ? 'range not used (size 0)'
    : `size ${formatBytes(size)} at base ${hex(base)}, ${mediaText}`;
}

function locatorMeaning(p: PlacedRegister, value: number): string | undefined {
  if (p.def.name !== 'Register Offset Low') return undefined;
  const bir = value % 8;
  const blockId = Math.floor(value / 2 ** 8) % 256;
  if (blockId === 0) return 'empty entry';
  const name = REG_BLOCK_NAMES.get(blockId) ?? `block id ${blockId}`;
  return `${name} in BAR ${bir} (config ${hex(barOffsetOfBir(bir))}) at offset ${hex(value - (value % 2 ** 16))}`;
}

/** Every placed register decoded, grouped by capability in offset order. */
export function decodeConfigSpace(cs: ConfigSpace): DecodedCapability[] {
  const out: DecodedCapability[] = [];
  for (const p of cs.registers()) {
    const r = cs.read(p.offset, p.size);
    const value = r.ok ? r.value : 0;
    const reg: DecodedRegister = {
      offset: p.offset,
      size: p.size,
      name: p.def.name,
      value,
      fields: decodeFields(p, value),
    };
    const meaning = rangeMeaning(cs, p) ?? locatorMeaning(p, value);
    if (meaning !== undefined) reg.meaning = meaning;
    const last = out[out.length - 1];
    if (last !== undefined && last.name === p.group) last.registers.push(reg);
    else out.push({ offset: p.offset, name: p.group, registers: [reg] });
  }
  return out;
}

function fieldText(f: DecodedField): string {
  return f.bits.includes(':') || f.value > 1
    ? `${f.title}=${hex(f.value)}`
    : `${f.title}${f.value === 1 ? '+' : '-'}`;
}

/** `lspci -vvv`-style text: `[offset] capability`, then each register and its fields, tab-indented. */
export function formatConfigSpace(title: string, caps: readonly DecodedCapability[]): string {
  const lines = [title];
  for (const c of caps) {
    lines.push(`\t[${c.offset.toString(16)}] ${c.name}`);
    for (const r of c.registers) {
      const width = 2 * r.size;
      lines.push(
        `\t\t${r.offset.toString(16).padStart(3, '0')}: ${r.name} = 0x${r.value.toString(16).padStart(width, '0')}`,
      );
      if (r.fields.length > 0) lines.push(`\t\t\t${r.fields.map(fieldText).join(' ')}`);
      if (r.meaning !== undefined) lines.push(`\t\t\t→ ${r.meaning}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The 4 KiB as `xxd`-style hex lines (16 bytes each), leaving out all-zero lines past 0x40. */
export function configHexLines(cs: ConfigSpace): string[] {
  const lines: string[] = [];
  for (let o = 0; o < cs.bytes.length; o += 16) {
    const row = cs.bytes.subarray(o, o + 16);
    if (o >= 0x40 && row.every((b) => b === 0)) continue;
    lines.push(
      `${o.toString(16).padStart(3, '0')}: ${[...row].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  }
  return lines;
}
