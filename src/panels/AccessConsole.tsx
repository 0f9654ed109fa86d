// The access console dock panel: read, write, fill and verify at a host physical address, with history.
import './console/console.css';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { formatBytes, formatHex, parseQuantity } from '../lib/format';
import { useLabStore } from '../state/hooks';
import { selectFirstWindowBase } from '../state/selectors';
import type { AccessLogEntry } from '../state/types';
import type { AccessTrace, PieceTrace } from '../worker/inspect-types.ts';
import type { AccessPieceView, FillPattern } from '../worker/protocol.ts';
import { hexDump, littleEndianHex, parseHexBytes, parseLittleEndian } from './console/access-input';
import { HostTarget } from './console/HostTarget';
import { PoisonFailure } from './console/PoisonFailure';
import { PanelIntro } from './PanelIntro';

/** Largest read or write the console makes (the history keeps the bytes read). */
const MAX_ACCESS = 64 * 1024;
/** Bytes of a read shown in the history's hex dump. */
const DUMP_BYTES = 4096;
/** A labelled monospace input in a console row (the label is for screen readers). */
function InlineInput({
  label,
  onChange,
  testId,
  grow = false,
  ...input
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  testId: string;
  grow?: boolean;
  size?: number;
  title?: string;
  placeholder?: string;
  spellCheck?: boolean;
}) {
  return (
    <label className={grow ? 'console__inline console__inline--grow' : 'console__inline'}>
      <span className="ui-visually-hidden">{label}</span>
      <input
        className="ui-input ui-mono"
        {...input}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

const READ_SIZES = [1, 2, 4, 8, 64] as const;
const WRITE_WIDTHS = ['bytes', '1', '2', '4', '8'] as const;
type WriteWidth = (typeof WRITE_WIDTHS)[number];
type PatternKind = FillPattern['kind'];

function routeText(pieces: readonly AccessPieceView[]): string {
  return pieces
    .map((p) =>
      p.ok
        ? `${p.device} DPA ${formatHex(p.dpa ?? 0)} (${formatBytes(p.length)})`
        : p.poison !== undefined
          ? `${p.device} DPA ${formatHex(p.dpa ?? 0)} (${formatBytes(p.length)}, poisoned)`
          : `unmapped (${formatBytes(p.length)})`,
    )
    .join(', ');
}

function patternText(p: FillPattern): string {
  return p.kind === 'byte'
    ? `byte 0x${p.value.toString(16).padStart(2, '0')}`
    : p.kind === 'inc'
      ? 'incrementing bytes'
      : 'address tags';
}

function perDeviceText(perDevice: Record<string, number>): string {
  return Object.entries(perDevice)
    .map(([id, n]) => `${id} ${formatBytes(n)}`)
    .join(', ');
}

/** The first failed piece and the hop it failed at: "hb0 decoder 0". */
function failedHop(trace: AccessTrace | undefined): { piece: PieceTrace; where: string } | null {
  const piece = trace?.pieces.find((p) => !p.ok);
  if (piece === undefined) return null;
  const last = piece.hops.at(-1);
  const at = piece.failedAt ?? last?.component ?? 'the window lookup';
  const decoder =
    last !== undefined && last.component === at && last.decoder !== null ? ` decoder ${last.decoder}` : '';
  return { piece, where: `${at}${decoder}` };
}

function Failure({ entry }: { entry: Extract<AccessLogEntry, { kind: 'read' | 'write' }> }) {
  const failed = failedHop(entry.trace);
  if (entry.errors.length === 0) return null;
  // Poisoned pieces are told in words by PoisonFailure; the other errors are listed as they come.
  const told = new Set(entry.pieces.filter((p) => p.poison !== undefined).map((p) => p.error));
  const errors = entry.errors.filter((e) => !told.has(e));
  return (
    <div className="console-log__failure" data-testid="console-failure">
      {failed !== null && (
        <div className="console-log__failed-at">
          ✕ Failed at <strong>{failed.where}</strong>
          {failed.piece.hops.length > 0 && (
            <span className="console-log__why"> — {failed.piece.hops.at(-1)?.arithmetic}</span>
          )}
        </div>
      )}
      <PoisonFailure pieces={entry.pieces} trace={entry.trace} />
      {errors.slice(0, 3).map((e) => (
        <div key={e} className="console-log__error">
          {e}
        </div>
      ))}
      {errors.length > 3 && <div className="console-log__error">… and {errors.length - 3} more</div>}
    </div>
  );
}

type Line<K extends AccessLogEntry['kind']> = {
  entry: Extract<AccessLogEntry, { kind: K }>;
  cls: string;
  replay: ReactNode;
};

function ReadLine({ entry, cls, replay }: Line<'read'>) {
  const ok = entry.errors.length === 0;
  return (
    <li className={cls} data-testid="console-log-read">
      <div className="console-log__head">
        <span className={`console-log__kind console-log__kind--${ok ? 'read' : 'error'}`}>R</span>
        <span className="console-log__what">
          Read {formatBytes(entry.length)} at <span className="ui-mono">{formatHex(entry.hpa)}</span>
          {entry.length <= 8 && ok && (
            <span className="ui-mono console-log__value"> = {littleEndianHex(entry.data)}</span>
          )}
        </span>
        {replay}
      </div>
      <div className="console-log__route">→ {routeText(entry.pieces)}</div>
      <pre className="console-log__dump ui-mono" data-testid="console-read-data">
        {hexDump(entry.hpa, entry.data.subarray(0, DUMP_BYTES)).join('\n')}
        {entry.data.length > DUMP_BYTES && `\n… ${formatBytes(entry.data.length - DUMP_BYTES)} more`}
      </pre>
      <Failure entry={entry} />
    </li>
  );
}

function WriteLine({ entry, cls, replay }: Line<'write'>) {
  const ok = entry.errors.length === 0;
  return (
    <li className={cls} data-testid="console-log-write">
      <div className="console-log__head">
        <span className={`console-log__kind console-log__kind--${ok ? 'write' : 'error'}`}>W</span>
        <span className="console-log__what">
          Wrote {entry.written} of {entry.length} bytes at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span>
        </span>
        {replay}
      </div>
      {entry.written > 0 && (
        <div className="console-log__route">→ {routeText(entry.pieces.filter((p) => p.ok))}</div>
      )}
      <Failure entry={entry} />
    </li>
  );
}

function FillLine({ entry, cls }: Omit<Line<'fill'>, 'replay'>) {
  const r = entry.result;
  return (
    <li className={cls} data-testid="console-log-fill">
      <div className="console-log__head">
        <span className="console-log__kind console-log__kind--fill">F</span>
        <span className="console-log__what">
          {r.cancelled ? 'Cancelled fill' : 'Filled'} {formatBytes(r.cancelled ? r.done : r.bytes)} at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span> with {patternText(entry.pattern)}
          {r.cancelled ? ` (of ${formatBytes(r.bytes)})` : ''}
        </span>
      </div>
      <div className="console-log__route">
        {formatBytes(r.written)} written{r.written > 0 ? ` (${perDeviceText(r.perDevice)})` : ''}
        {r.unmappedBytes > 0 ? `, ${formatBytes(r.unmappedBytes)} unmapped (dropped)` : ''}
      </div>
      {r.failures.slice(0, 3).map((e) => (
        <div key={e} className="console-log__error">
          {e}
        </div>
      ))}
    </li>
  );
}

function VerifyLine({ entry, cls }: Omit<Line<'verify'>, 'replay'>) {
  const r = entry.result;
  const poisoned = r.poisonedBytes ?? 0;
  const good = r.mismatchCount === 0 && r.unmappedBytes === 0 && poisoned === 0;
  return (
    <li className={cls} data-testid="console-log-verify">
      <div className="console-log__head">
        <span className={`console-log__kind console-log__kind--${good ? 'fill' : 'error'}`}>V</span>
        <span className="console-log__what">
          {r.cancelled ? 'Cancelled verify' : 'Verified'} {formatBytes(r.done)} at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span>:{' '}
          {good
            ? 'every byte matches'
            : `${r.mismatchCount} mismatching bytes${r.unmappedBytes > 0 ? `, ${formatBytes(r.unmappedBytes)} unmapped` : ''}${poisoned > 0 ? `, ${formatBytes(poisoned)} poisoned (the read fails there)` : ''}`}
        </span>
      </div>
      {r.mismatches.slice(0, 4).map((m) => (
        <div key={m.hpa} className="console-log__error ui-mono">
          {formatHex(m.hpa)} ({m.device} DPA {formatHex(m.dpa)}): expected {m.expected}, read {m.actual}
        </div>
      ))}
    </li>
  );
}

function LogLine({ entry, active }: { entry: AccessLogEntry; active: boolean }) {
  const animate = useLabStore((s) => s.animateAccess);
  const replay =
    (entry.kind === 'read' || entry.kind === 'write') && entry.trace !== undefined ? (
      <button
        type="button"
        className="ui-button ui-button--small console-log__replay"
        onClick={() => animate(entry.id)}
        title="Show this access hop by hop on the canvas"
        data-testid="console-replay"
      >
        ▶ Path
      </button>
    ) : null;
  const cls = `console-log__entry${active ? ' is-active' : ''}`;
  switch (entry.kind) {
    case 'read':
      return <ReadLine entry={entry} cls={cls} replay={replay} />;
    case 'write':
      return <WriteLine entry={entry} cls={cls} replay={replay} />;
    case 'fill':
      return <FillLine entry={entry} cls={cls} />;
    case 'verify':
      return <VerifyLine entry={entry} cls={cls} />;
    case 'error':
      return (
        <li className={`${cls} console-log__error`} data-testid="console-log-error">
          {entry.action}: {entry.message}
        </li>
      );
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

/**
 * The access console: read or write at a host physical address (any length; 1, 2, 4, 8 and 64
 * bytes one click away), fill a range with a pattern and verify it, and the history of accesses.
 * Every access goes through the emulator's routing; reads and writes then travel the canvas hop by
 * hop (the decode path animation) and can be replayed from the history.
 */
/** What each console form needs from the console: the HPA field (parsed, or a problem shown) and the problem line. */
interface FormAccess {
  /** Clears the problem line and parses the HPA field; null (with a problem shown) when it is not an address. */
  hpa: () => number | null;
  setProblem: (problem: string | null) => void;
}

/** Read: a chip per common size, or a typed length. */
function ReadForm({
  access,
  readLength,
  setReadLength,
  readAtLength,
}: {
  access: FormAccess;
  readLength: string;
  setReadLength: (text: string) => void;
  /** Reads the typed read length at the HPA (also Enter in the HPA field). */
  readAtLength: () => void;
}) {
  const readMemory = useLabStore((s) => s.readMemory);
  const read = (length: number) => {
    const at = access.hpa();
    if (at !== null) void readMemory(at, length);
  };

  const onRead = (event: FormEvent) => {
    event.preventDefault();
    readAtLength();
  };

  return (
    <form className="console__row" onSubmit={onRead} aria-label="Read">
      <span className="console__verb">Read</span>
      <fieldset className="console__chips">
        <legend className="ui-visually-hidden">Read size in bytes</legend>
        {READ_SIZES.map((n) => (
          <button
            key={n}
            type="button"
            className="ui-button ui-button--small console__chip"
            onClick={() => {
              setReadLength(String(n));
              read(n);
            }}
            title={`Read ${n} byte${n === 1 ? '' : 's'} at the HPA`}
            data-testid={`console-read-${n}`}
          >
            {n}
          </button>
        ))}
      </fieldset>
      <InlineInput
        label="Read length in bytes"
        value={readLength}
        onChange={setReadLength}
        testId="console-read-length"
        size={5}
      />
      <button type="submit" className="ui-button" data-testid="console-read">
        Read
      </button>
    </form>
  );
}

/** Write: hex bytes, or a little-endian value of 1, 2, 4 or 8 bytes. */
function WriteForm({ access }: { access: FormAccess }) {
  const writeMemory = useLabStore((s) => s.writeMemory);
  const [width, setWidth] = useState<WriteWidth>('bytes');
  const [bytesText, setBytesText] = useState('de ad be ef');
  const { setProblem } = access;
  const onWrite = (event: FormEvent) => {
    event.preventDefault();
    const at = access.hpa();
    if (at === null) return;
    const bytes =
      width === 'bytes'
        ? parseHexBytes(bytesText)
        : parseLittleEndian(bytesText, Number(width) as 1 | 2 | 4 | 8);
    if (bytes === null || bytes.length > MAX_ACCESS) {
      setProblem(
        width === 'bytes'
          ? `Bytes "${bytesText}": expected up to ${MAX_ACCESS} hex bytes such as "de ad be ef"`
          : `Value "${bytesText}": expected a ${width}-byte unsigned integer in hex (0x…) or decimal`,
      );
      return;
    }
    void writeMemory(at, bytes);
  };

  return (
    <form className="console__row" onSubmit={onWrite} aria-label="Write">
      <span className="console__verb">Write</span>
      <label className="console__inline">
        <span className="ui-visually-hidden">Write as</span>
        <select
          className="ui-input"
          value={width}
          onChange={(e) => setWidth(e.target.value as WriteWidth)}
          data-testid="console-write-width"
        >
          <option value="bytes">bytes</option>
          <option value="1">u8</option>
          <option value="2">u16 LE</option>
          <option value="4">u32 LE</option>
          <option value="8">u64 LE</option>
        </select>
      </label>
      <InlineInput
        label={width === 'bytes' ? 'Bytes in hex' : 'Value'}
        value={bytesText}
        onChange={setBytesText}
        testId="console-bytes"
        placeholder={width === 'bytes' ? 'de ad be ef' : '0x1234'}
        spellCheck={false}
        grow
      />
      <button type="submit" className="ui-button" data-testid="console-write">
        Write
      </button>
    </form>
  );
}

/** Fill: a length and a pattern (address tag, incrementing, or one byte), optionally verified. */
function FillForm({ access, busy }: { access: FormAccess; busy: boolean }) {
  const fillMemory = useLabStore((s) => s.fillMemory);
  const [fillLength, setFillLength] = useState('1G');
  const [pattern, setPattern] = useState<PatternKind>('tag');
  const [fillByte, setFillByte] = useState('0xa5');
  const [verifyAfter, setVerifyAfter] = useState(true);
  const { setProblem } = access;
  const onFill = (event: FormEvent) => {
    event.preventDefault();
    const at = access.hpa();
    const length = parseQuantity(fillLength);
    if (at === null) return;
    if (length === null || length < 1) {
      setProblem(`Fill length "${fillLength}": expected a size such as 4K, 256M or 1G`);
      return;
    }
    let p: FillPattern = { kind: pattern } as FillPattern;
    if (pattern === 'byte') {
      const value = parseQuantity(fillByte);
      if (value === null || value > 255) {
        setProblem(`Fill byte "${fillByte}": expected 0 … 255 (0xff)`);
        return;
      }
      p = { kind: 'byte', value };
    }
    void fillMemory(at, length, p, { verify: verifyAfter });
  };

  return (
    <form className="console__row" onSubmit={onFill} aria-label="Fill">
      <span className="console__verb">Fill</span>
      <InlineInput
        label="Fill length"
        value={fillLength}
        onChange={setFillLength}
        testId="console-fill-length"
        size={5}
        title="Length: 4K, 256M, 1G, 0x…"
      />
      <label className="console__inline">
        <span className="ui-visually-hidden">Pattern</span>
        <select
          className="ui-input"
          value={pattern}
          onChange={(e) => setPattern(e.target.value as PatternKind)}
          data-testid="console-pattern"
        >
          <option value="tag">address tag</option>
          <option value="inc">incrementing</option>
          <option value="byte">byte</option>
        </select>
      </label>
      {pattern === 'byte' && (
        <InlineInput
          label="Byte"
          value={fillByte}
          onChange={setFillByte}
          testId="console-fill-byte"
          size={4}
        />
      )}
      <label className="console__check">
        <input
          type="checkbox"
          checked={verifyAfter}
          onChange={(e) => setVerifyAfter(e.target.checked)}
          data-testid="console-verify"
        />
        verify
      </label>
      <button
        type="submit"
        className="ui-button ui-button--primary"
        disabled={busy}
        data-testid="console-fill"
      >
        Fill
      </button>
    </form>
  );
}

/**
 * The console's HPA field and problem line: an HPA another panel sent here (the DPA hex view's poison
 * records) lands in the field, focused; `readAtLength` reads the Read form's length at the HPA.
 */
function useConsoleHpa() {
  const windowBase = useLabStore(selectFirstWindowBase);
  const [hpaText, setHpaText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hpaShown = hpaText ?? (windowBase === null ? '0x0' : formatHex(windowBase));

  const sent = useLabStore((s) => s.consoleHpa);
  const takeSent = useLabStore((s) => s.takeConsoleHpa);
  const hpaField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (sent === null) return;
    setHpaText(formatHex(sent.hpa));
    setProblem(null);
    takeSent();
    hpaField.current?.focus();
  }, [sent, takeSent]);

  const access: FormAccess = {
    hpa: () => {
      setProblem(null);
      const n = parseQuantity(hpaShown.replace(/_/g, ''));
      if (n === null)
        setProblem(`HPA "${hpaShown}": expected an address below 2^52, in hex (0x4c00001000) or decimal`);
      return n;
    },
    setProblem,
  };
  const readMemory = useLabStore((s) => s.readMemory);
  const [readLength, setReadLength] = useState('64');
  /** Reads the read length at the HPA (the Read form's submit, and Enter in the HPA field). */
  const readAtLength = () => {
    const length = parseQuantity(readLength);
    if (length === null || length < 1 || length > MAX_ACCESS) {
      setProblem(`Read length "${readLength}": expected 1 … ${MAX_ACCESS} bytes`);
      return;
    }
    const at = access.hpa();
    if (at !== null) void readMemory(at, length);
  };
  return { hpaShown, setHpaText, hpaField, problem, access, readLength, setReadLength, readAtLength };
}

/** The history of accesses, newest first, with Clear. */
function AccessHistory() {
  const log = useLabStore((s) => s.accessLog);
  const activeId = useLabStore((s) => s.animation?.accessId ?? null);
  const clearLog = useLabStore((s) => s.clearAccessLog);
  return (
    <section className="console__history" aria-label="Access history">
      <div className="console__log-header">
        <span>History</span>
        {log.length > 0 && (
          <button type="button" className="ui-link" onClick={clearLog}>
            Clear
          </button>
        )}
      </div>
      {log.length === 0 ? (
        <p className="dock__note">Accesses are listed here, newest first, with where each piece went.</p>
      ) : (
        <ol className="console-log" data-testid="console-log">
          {log.map((entry) => (
            <LogLine key={entry.id} entry={entry} active={entry.id === activeId} />
          ))}
        </ol>
      )}
    </section>
  );
}

export function AccessConsole() {
  const busy = useLabStore((s) => s.operation !== null);
  const { hpaShown, setHpaText, hpaField, problem, access, readLength, setReadLength, readAtLength } =
    useConsoleHpa();

  return (
    <div className="console" data-testid="access-console">
      <div className="console__controls">
        <PanelIntro>
          Read, write or fill host physical addresses; each access is routed through the windows and decoders
          and drawn on the canvas.
        </PanelIntro>
        <label className="console__hpa">
          <span>
            HPA
            <HostTarget />
          </span>
          <input
            ref={hpaField}
            className="ui-input ui-mono"
            value={hpaShown}
            onChange={(e) => setHpaText(e.target.value)}
            spellCheck={false}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
              e.preventDefault();
              readAtLength();
            }}
            aria-describedby="console-hpa-hint"
            data-testid="console-hpa"
          />
          <span id="console-hpa-hint" className="console__hint">
            hex 0x… or decimal; Enter reads
          </span>
        </label>

        <ReadForm
          access={access}
          readLength={readLength}
          setReadLength={setReadLength}
          readAtLength={readAtLength}
        />
        <WriteForm access={access} />
        <FillForm access={access} busy={busy} />
        {problem !== null && (
          <p className="dock__error" role="alert" data-testid="console-problem">
            {problem}
          </p>
        )}
      </div>
      <AccessHistory />
    </div>
  );
}
