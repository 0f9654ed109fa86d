// The HDM panel's register writers: raw and field writes, decoder edits and commits, each reported as a message.
import { useLabStore } from '../../state/hooks';
import type { ActionResult } from '../../state/types';
import type { MmioWriteResult, RegisterDump, RegisterView } from '../../worker/inspect-types.ts';
import type { DecoderActions } from './DecoderCard';
import { hex32, hexOffset } from './format';

export type Message = { tone: 'ok' | 'error' | 'warning'; text: string };

/** What one write did, in the register's words. */
function describeWrite(name: string, w: MmioWriteResult): Message {
  const head = `${name} ← ${hex32(w.value)}: the register now holds ${hex32(w.stored)}`;
  const masked =
    (w.value ^ w.stored) >>> 0 !== 0 ? ' (read-only, reserved and locked bits keep their value)' : '';
  const c = w.commit;
  if (c === undefined) return { tone: 'ok', text: `${head}${masked}` };
  if (c.outcome === 'committed')
    return {
      tone: 'ok',
      text: `${head}. Decoder ${c.decoder}: Committed${c.locked ? ' and locked (Lock On Commit)' : ''}.`,
    };
  if (c.outcome === 'uncommitted')
    return { tone: 'ok', text: `${head}. Decoder ${c.decoder}: Commit cleared, Committed = 0.` };
  return { tone: 'error', text: `${head}. Decoder ${c.decoder}: Error Not Committed — ${c.reason ?? ''}` };
}

/** The writers for `current`'s registers (null without a component); every outcome goes to `setMessage`. */
export function useDecoderActions(
  current: string | null,
  dump: RegisterDump | null,
  setMessage: (m: Message) => void,
): DecoderActions | null {
  const writeRegister32 = useLabStore((s) => s.writeRegister32);
  const writeRegisterField = useLabStore((s) => s.writeRegisterField);
  const setDecoder = useLabStore((s) => s.setDecoder);
  const undoable = useLabStore((s) => s.undoable);
  if (current === null) return null;

  const report = async <T,>(what: string, p: Promise<ActionResult<T>>, toMessage: (v: T) => Message) => {
    const r = await p;
    if (!r.ok) {
      setMessage({ tone: 'error', text: `${what}: ${r.error.message}` });
      return false;
    }
    setMessage(toMessage(r.value));
    return true;
  };

  return {
    writeRaw: (reg: RegisterView, value: number) =>
      report(reg.name, writeRegister32(current, reg.offset, value), (w) => describeWrite(reg.name, w)),
    writeField: (reg, field, value) =>
      report(`${reg.name} ${field.title}`, writeRegisterField(current, reg.offset, field.name, value), (w) =>
        describeWrite(`${reg.name}.${field.title}`, w),
      ),
    problem: (text) => setMessage({ tone: 'error', text }),
    setDecoder: (index, change, what) =>
      report(`Decoder ${index} ${what}`, setDecoder(current, index, change), (writes) => ({
        tone: 'ok',
        text: `Decoder ${index} ${what}: ${writes.length} MMIO write${writes.length === 1 ? '' : 's'} (${writes
          .map((w) => `${hexOffset(w.offset)} ← ${hex32(w.value)}`)
          .join(', ')})`,
      })),
    setControl: (index, field, value) => {
      const reg = dump?.registers.find(
        (r) => r.group === 'decoder' && r.decoder === index && r.name.endsWith('Control'),
      );
      const f = reg?.fields.find((x) => x.name === field);
      if (reg === undefined || f === undefined) return Promise.resolve(false);
      const write = () =>
        report(`${reg.name}.${f.title}`, writeRegisterField(current, reg.offset, field, value), (w) =>
          describeWrite(`${reg.name}.${f.title}`, w),
        );
      // Clearing Commit stops the decoder (and any region through it): undoable from its toast.
      if (field === 'commit' && value === 0)
        return undoable({ kind: 'uncommit', component: current, index }, write);
      return write();
    },
  };
}

/**
 * Whether decoder `index`'s card is open: as the user left it, else open when it is decoder 0, in
 * use, or the first free decoder after the last one in use (where the next range goes).
 */
export function decoderCardOpen(
  openCards: Readonly<Record<string, boolean>>,
  current: string | null,
  dump: RegisterDump | null,
  index: number,
): boolean {
  const explicit = openCards[`${current}:${index}`];
  if (explicit !== undefined) return explicit;
  const states = dump?.decoders ?? [];
  const d = states[index]?.state;
  if (d === undefined) return false;
  if (index === 0 || d.committed || d.commit || d.errorNotCommitted || d.size > 0) return true;
  const previous = states[index - 1]?.state;
  return previous !== undefined && (previous.committed || previous.size > 0);
}
