/**
 * The commands the lab's Type 3 device implements, in opcode order: this list is what the mailbox
 * dispatches and what the Command Effects Log reports, so the two cannot disagree.
 */
import { hex } from '../../units.ts';
import { clearEventRecords, getEventRecords } from './events.ts';
import { getPartitionInfo, identify, setPartitionInfo } from './identify-partition.ts';
import { getLog, getSupportedLogs } from './logs.ts';
import { getLsa, setLsa } from './lsa.ts';
import { clearPoison, getPoisonList, injectPoison } from './poison.ts';
import { getHealthInfo, getTimestamp, setTimestamp } from './timestamp-health.ts';
import type { CommandDef } from './types.ts';

export const COMMANDS: readonly CommandDef[] = [
  getEventRecords,
  clearEventRecords,
  getTimestamp,
  setTimestamp,
  getSupportedLogs,
  getLog,
  identify,
  getPartitionInfo,
  setPartitionInfo,
  getLsa,
  setLsa,
  getHealthInfo,
  getPoisonList,
  injectPoison,
  clearPoison,
].sort((a, b) => a.opcode - b.opcode);

const BY_OPCODE = new Map(COMMANDS.map((c) => [c.opcode, c]));

export function commandByOpcode(opcode: number): CommandDef | undefined {
  return BY_OPCODE.get(opcode);
}

/** The CEL: every implemented opcode with its effects. */
export const CEL: readonly { opcode: number; effects: number }[] = COMMANDS.map((c) => ({
  opcode: c.opcode,
  effects: c.effects,
}));

/**
 * A command named by CLI name ("identify"), spec name ("Identify Memory Device", any case) or opcode
 * ("0x4000", "4000h"). Unknown opcodes come back as a bare opcode so the device can answer Unsupported.
 */
export function resolveCommand(text: string): { opcode: number; def?: CommandDef } | null {
  const t = text.trim().toLowerCase();
  const named = COMMANDS.find((c) => c.cli === t || c.name.toLowerCase() === t);
  if (named !== undefined) return { opcode: named.opcode, def: named };
  const m = /^(?:0x([0-9a-f]{1,4})|([0-9a-f]{1,4})h)$/.exec(t);
  if (m === null) return null;
  const opcode = Number.parseInt(m[1] ?? m[2] ?? '', 16);
  const def = commandByOpcode(opcode);
  return def === undefined ? { opcode } : { opcode, def };
}

export function commandLabel(opcode: number): string {
  const c = commandByOpcode(opcode);
  return c === undefined ? `opcode ${hex(opcode)}` : `${c.name} (${hex(opcode)})`;
}
