// The Fabric Manager panel's session, kept while the dock shows another tab: the commands run (newest first, bounded) and the last answer.
import { create } from 'zustand';
import type { FmCommandView, FmRunView } from '../../worker/fabric-types.ts';
import type { RequestMap } from '../../worker/protocol.ts';

export type FmRunArgs = RequestMap['fm.run']['args'];

export interface FmHistoryEntry {
  id: number;
  /** What Replay sends again. */
  args: FmRunArgs;
  /** "Bind vPPB (0x5201) on sw0", "Get LD Allocations (0x5401) on sw0, tunnelled to port 2". */
  title: string;
  /** The return code by spec name (the tunnelled MLD's when the command was tunnelled). */
  returnCodeName: string;
  ok: boolean;
}

export const FM_HISTORY_LIMIT = 50;

/** Success and Background Command Started are the answers that did what was asked. */
export function fmAccepted(rc: number): boolean {
  return rc === 0x00 || rc === 0x01;
}

/** The history entry for one answered run: the tunnelled reply decides the outcome when there is one. */
export function historyEntry(id: number, args: FmRunArgs, run: FmRunView): FmHistoryEntry {
  const t = run.tunnelled;
  const via = t === undefined ? '' : `, tunnelled to port ${t.port}`;
  const inner = t?.returnCode ?? run.returnCode;
  return {
    id,
    args: copyArgs(args),
    title: `${run.command} (0x${run.opcode.toString(16).padStart(4, '0')}) on ${run.switch}${via}`,
    returnCodeName: t?.returnCodeName ?? run.returnCodeName,
    ok: fmAccepted(run.returnCode) && fmAccepted(inner),
  };
}

/** A copy whose input bytes the caller cannot change afterwards. */
export function copyArgs(args: FmRunArgs): FmRunArgs {
  return { ...args, input: args.input instanceof Uint8Array ? args.input.slice() : args.input };
}

/** How the last background operation ended (its completion's return code, CXL 2.0 §7.6.7.2.2–.3). */
export interface FmCompletion {
  name: string;
  returnCode: number;
  returnCodeName: string;
  message: string;
}

export interface FmForm {
  text: string;
  input: Uint8Array | null;
  switch: string | null;
  port: number | null;
}

interface FmSession {
  /** The lab the history and answers belong to: another lab starts a fresh session (Replay stays in its lab). */
  lab: string | null;
  forLab(lab: string | null): void;
  history: FmHistoryEntry[];
  last: FmRunView | null;
  completion: FmCompletion | null;
  /** The panel's polite announcement: what the last command or step did, naming the command. */
  announcement: string;
  nextId: number;
  /** The "Any command" form as last left: command text, edited input (null: the command's fresh one), switch, MLD port. */
  form: FmForm;
  setForm(form: Partial<FmForm>): void;
  /** The FM command catalogue (`fm.catalog`), once asked. */
  catalog: FmCommandView[];
  setCatalog(catalog: FmCommandView[]): void;
  announce(text: string): void;
  record(args: FmRunArgs, run: FmRunView): void;
  setCompletion(c: FmCompletion | null): void;
}

const FRESH_FORM: FmForm = { text: 'Identify Switch Device', input: null, switch: null, port: null };

export const useFmSession = create<FmSession>()((set) => ({
  lab: null,
  forLab: (lab) =>
    set((s) =>
      s.lab === lab
        ? s
        : { lab, history: [], last: null, completion: null, announcement: '', form: FRESH_FORM },
    ),
  history: [],
  last: null,
  completion: null,
  announcement: '',
  nextId: 1,
  form: FRESH_FORM,
  setForm: (form) => set((s) => ({ form: { ...s.form, ...form } })),
  catalog: [],
  setCatalog: (catalog) => set({ catalog }),
  announce: (announcement) => set({ announcement }),
  setCompletion: (completion) => set({ completion }),
  record: (args, run) =>
    set((s) => ({
      nextId: s.nextId + 1,
      last: run,
      completion: run.background ? null : s.completion,
      history: [historyEntry(s.nextId, args, run), ...s.history].slice(0, FM_HISTORY_LIMIT),
    })),
}));
