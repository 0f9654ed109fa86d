/**
 * The Mailbox view's history of sent commands (newest first, bounded) and what Replay sends again:
 * the same device, command and input bytes.
 */

export interface MailboxHistoryEntry {
  id: number;
  device: string;
  /** What was sent as the command: its spec name, or the opcode typed ("0x4000"). */
  command: string;
  opcodeText: string;
  input: Uint8Array;
  /** "Success (0x00)". */
  returnCodeName: string;
  ok: boolean;
}

/** Entries kept; older ones are dropped first. */
export const HISTORY_LIMIT = 50;

export function addToHistory(
  history: readonly MailboxHistoryEntry[],
  entry: MailboxHistoryEntry,
  limit = HISTORY_LIMIT,
): MailboxHistoryEntry[] {
  return [{ ...entry, input: entry.input.slice() }, ...history].slice(0, Math.max(0, limit));
}

/** The arguments Replay sends: the entry's device, command and a copy of its input bytes. */
export function replayArgs(entry: MailboxHistoryEntry): {
  device: string;
  command: string;
  input: Uint8Array;
} {
  return { device: entry.device, command: entry.command, input: entry.input.slice() };
}
