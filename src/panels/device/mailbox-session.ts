// The Mailbox view's session, kept while the panel is closed or another device is shown: history and each device's last answer.
import { create } from 'zustand';
import type { MailboxRunView } from '../../worker/device-types.ts';
import { addToHistory, type MailboxHistoryEntry } from './mailbox-history';

interface MailboxSession {
  history: MailboxHistoryEntry[];
  /** The last answer per device. */
  last: Record<string, MailboxRunView>;
  nextId: number;
  record(command: string, run: MailboxRunView): void;
}

export const useMailboxSession = create<MailboxSession>()((set) => ({
  history: [],
  last: {},
  nextId: 1,
  record: (command, run) =>
    set((s) => ({
      nextId: s.nextId + 1,
      last: { ...s.last, [run.device]: run },
      history: addToHistory(s.history, {
        id: s.nextId,
        device: run.device,
        command,
        opcodeText: run.opcodeText,
        input: run.input,
        returnCodeName: run.returnCodeName,
        ok: run.returnCode === 0,
      }),
    })),
}));
