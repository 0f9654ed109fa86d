/**
 * The access console's side of the store: memory reads, writes, fills and verifies through the
 * worker, their log, and the running long operation (progress, cancel).
 */
import type { FillPattern } from '../../worker/protocol.ts';
import { labSync } from '../lab-sync.ts';
import { appendMemory } from '../memory-journal.ts';
import type {
  AccessLogEntry,
  AccessSlice,
  ActionResult,
  LabRuntime,
  Operation,
  SliceCreator,
} from '../types.ts';

const MAX_LOG = 100;

type LogEntry = AccessLogEntry extends infer E ? (E extends AccessLogEntry ? Omit<E, 'id'> : never) : never;

function patternLabel(p: FillPattern): string {
  return p.kind === 'byte'
    ? `byte 0x${p.value.toString(16).padStart(2, '0')}`
    : p.kind === 'inc'
      ? 'incrementing'
      : 'address tag';
}

export function createAccessSlice(rt: LabRuntime): SliceCreator<AccessSlice> {
  return (set, get) => {
    /** Adds an entry on top of the log; returns its id. */
    const log = (entry: LogEntry): number => {
      const id = rt.nextId();
      set((s) => ({
        accessLog: [{ ...entry, id } as AccessLogEntry, ...s.accessLog].slice(0, MAX_LOG),
      }));
      return id;
    };
    const logError = (action: string, message: string) => log({ kind: 'error', action, message });

    function startOperation(op: Omit<Operation, 'done' | 'cancelling'>): AbortController {
      const abort = new AbortController();
      rt.abort = abort;
      set({ operation: { ...op, done: 0, cancelling: false } });
      return abort;
    }

    function progress(done: number, total: number) {
      set((s) => (s.operation === null ? {} : { operation: { ...s.operation, done, total } }));
    }

    return {
      accessLog: [],
      operation: null,

      readMemory: (hpa, length) =>
        rt.enqueue(async (): Promise<ActionResult> => {
          const r = await rt.client().call('mem.read', { hpa, length, trace: true });
          if (!r.ok) {
            logError('read', r.error.message);
            return r;
          }
          // A read of poison made the devices log events: an undoable change of the document.
          if (r.value.state !== undefined) labSync(rt, set, get).applyState(r.value.state, true);
          const id = log({
            kind: 'read',
            hpa,
            length,
            data: r.value.data,
            pieces: r.value.pieces,
            errors: r.value.errors,
            ...(r.value.trace === undefined ? {} : { trace: r.value.trace }),
          });
          get().animateAccess(id);
          return { ok: true, value: true };
        }),

      writeMemory: (hpa, bytes) =>
        rt.enqueue(async (): Promise<ActionResult> => {
          const r = await rt.client().call('mem.write', { hpa, bytes, trace: true });
          if (!r.ok) {
            logError('write', r.error.message);
            return r;
          }
          set((s) => ({ view: r.value.view, memory: appendMemory(s.memory, r.value.memory) }));
          const id = log({
            kind: 'write',
            hpa,
            length: bytes.length,
            written: r.value.written,
            pieces: r.value.pieces,
            errors: r.value.errors,
            ...(r.value.trace === undefined ? {} : { trace: r.value.trace }),
          });
          get().animateAccess(id);
          return { ok: true, value: true };
        }),

      fillMemory(hpa, length, pattern, options = {}) {
        if (get().operation !== null) {
          return Promise.resolve({
            ok: false,
            error: { code: 'access.busy', message: 'another operation is running; cancel it or wait' },
          });
        }
        const abort = startOperation({
          kind: 'fill',
          label: `Filling ${patternLabel(pattern)}`,
          total: length,
          cancellable: true,
        });
        return rt.enqueue(async (): Promise<ActionResult> => {
          try {
            const r = await rt
              .client()
              .call('mem.fill', { hpa, length, pattern }, { signal: abort.signal, onProgress: progress });
            if (!r.ok) {
              logError('fill', r.error.message);
              return r;
            }
            set((s) => ({ view: r.value.view, memory: appendMemory(s.memory, r.value.memory) }));
            log({ kind: 'fill', hpa, length, pattern, result: r.value.fill });
            if (!options.verify || r.value.fill.cancelled) return { ok: true, value: true };

            const verifyAbort = startOperation({
              kind: 'verify',
              label: `Verifying ${patternLabel(pattern)}`,
              total: length,
              cancellable: true,
            });
            const v = await rt
              .client()
              .call(
                'mem.verify',
                { hpa, length, pattern },
                { signal: verifyAbort.signal, onProgress: progress },
              );
            if (!v.ok) {
              logError('verify', v.error.message);
              return v;
            }
            log({ kind: 'verify', hpa, length, pattern, result: v.value });
            return { ok: true, value: true };
          } finally {
            rt.abort = null;
            set({ operation: null });
          }
        });
      },

      cancelOperation() {
        const op = get().operation;
        if (op === null || !op.cancellable) return;
        rt.abort?.abort();
        set({ operation: { ...op, cancelling: true } });
      },

      clearAccessLog: () => set({ accessLog: [] }),
    };
  };
}
