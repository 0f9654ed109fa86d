import { type FormEvent, useState } from 'react';
import { formatBytes, formatHex, parseQuantity } from '../lib/format';
import { useLabStore } from '../state/hooks';
import { selectFirstWindowBase } from '../state/selectors';
import type { AccessLogEntry } from '../state/types';
import type { AccessPieceView, FillPattern } from '../worker/protocol.ts';

/** Largest read the console shows as hex. */
const MAX_READ = 4096;

type PatternKind = FillPattern['kind'];

/** "de ad be ef", "0xde,0xad", "deadbeef" → bytes; null when anything is not a hex byte. */
export function parseHexBytes(text: string): Uint8Array | null {
  const cleaned = text
    .trim()
    .replace(/0x/gi, ' ')
    .replace(/[,\s]+/g, ' ')
    .trim();
  if (cleaned === '') return null;
  const parts = cleaned.includes(' ') ? cleaned.split(' ') : (cleaned.match(/.{1,2}/g) ?? []);
  const out = new Uint8Array(parts.length);
  for (const [i, p] of parts.entries()) {
    if (!/^[0-9a-f]{1,2}$/i.test(p)) return null;
    out[i] = Number.parseInt(p, 16);
  }
  return out;
}

function hexDump(base: number, data: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < data.length; at += 16) {
    const row = [...data.subarray(at, at + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${formatHex(base + at).padStart(14)}  ${row}`);
  }
  return lines;
}

function routeText(pieces: readonly AccessPieceView[]): string {
  return pieces
    .map((p) =>
      p.ok
        ? `${p.device} DPA ${formatHex(p.dpa ?? 0)} (${formatBytes(p.length)})`
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

function LogLine({ entry }: { entry: AccessLogEntry }) {
  switch (entry.kind) {
    case 'read':
      return (
        <li className="console-log__entry" data-testid="console-log-read">
          <div>
            Read {formatBytes(entry.length)} at <span className="ui-mono">{formatHex(entry.hpa)}</span> →{' '}
            {routeText(entry.pieces)}
          </div>
          <pre className="console-log__dump ui-mono" data-testid="console-read-data">
            {hexDump(entry.hpa, entry.data).join('\n')}
          </pre>
          {entry.errors.map((e) => (
            <div key={e} className="console-log__error">
              {e}
            </div>
          ))}
        </li>
      );
    case 'write':
      return (
        <li className="console-log__entry" data-testid="console-log-write">
          Wrote {entry.written} of {entry.length} bytes at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span>
          {entry.written > 0 ? ` → ${routeText(entry.pieces.filter((p) => p.ok))}` : ''}
          {entry.errors.map((e) => (
            <div key={e} className="console-log__error">
              {e}
            </div>
          ))}
        </li>
      );
    case 'fill': {
      const r = entry.result;
      return (
        <li className="console-log__entry" data-testid="console-log-fill">
          {r.cancelled ? 'Cancelled fill' : 'Filled'} {formatBytes(r.cancelled ? r.done : r.bytes)} at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span> with {patternText(entry.pattern)}
          {r.cancelled ? ` (of ${formatBytes(r.bytes)})` : ''}: {formatBytes(r.written)} written
          {r.written > 0 ? ` (${perDeviceText(r.perDevice)})` : ''}
          {r.unmappedBytes > 0 ? `, ${formatBytes(r.unmappedBytes)} unmapped (dropped)` : ''}
          {r.failures.slice(0, 3).map((e) => (
            <div key={e} className="console-log__error">
              {e}
            </div>
          ))}
        </li>
      );
    }
    case 'verify': {
      const r = entry.result;
      return (
        <li className="console-log__entry" data-testid="console-log-verify">
          {r.cancelled ? 'Cancelled verify' : 'Verified'} {formatBytes(r.done)} at{' '}
          <span className="ui-mono">{formatHex(entry.hpa)}</span>:{' '}
          {r.mismatchCount === 0 && r.unmappedBytes === 0
            ? 'every byte matches'
            : `${r.mismatchCount} mismatching bytes${r.unmappedBytes > 0 ? `, ${formatBytes(r.unmappedBytes)} unmapped` : ''}`}
          {r.mismatches.slice(0, 4).map((m) => (
            <div key={m.hpa} className="console-log__error ui-mono">
              {formatHex(m.hpa)} ({m.device} DPA {formatHex(m.dpa)}): expected {m.expected}, read {m.actual}
            </div>
          ))}
        </li>
      );
    }
    case 'error':
      return (
        <li className="console-log__entry console-log__error" data-testid="console-log-error">
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
 * The access console (first working form): read at an HPA, write bytes, fill a range with a
 * pattern and verify it. Every action is a worker call; long ones show in the operation bar.
 */
export function AccessConsole() {
  const windowBase = useLabStore(selectFirstWindowBase);
  const log = useLabStore((s) => s.accessLog);
  const busy = useLabStore((s) => s.operation !== null);
  const readMemory = useLabStore((s) => s.readMemory);
  const writeMemory = useLabStore((s) => s.writeMemory);
  const fillMemory = useLabStore((s) => s.fillMemory);
  const clearLog = useLabStore((s) => s.clearAccessLog);

  const [hpaText, setHpaText] = useState<string | null>(null);
  const [readLength, setReadLength] = useState('64');
  const [bytesText, setBytesText] = useState('de ad be ef');
  const [fillLength, setFillLength] = useState('1G');
  const [pattern, setPattern] = useState<PatternKind>('tag');
  const [fillByte, setFillByte] = useState('0xa5');
  const [verifyAfter, setVerifyAfter] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  const hpaShown = hpaText ?? (windowBase === null ? '0x0' : formatHex(windowBase));

  const hpa = (): number | null => {
    const n = parseQuantity(hpaShown);
    if (n === null) setProblem(`HPA "${hpaShown}": expected an address below 2^52 such as 0x4c00000000`);
    return n;
  };

  const onRead = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const at = hpa();
    const length = parseQuantity(readLength);
    if (at === null) return;
    if (length === null || length < 1 || length > MAX_READ) {
      setProblem(`Read length "${readLength}": expected 1 … ${MAX_READ} bytes`);
      return;
    }
    void readMemory(at, length);
  };

  const onWrite = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const at = hpa();
    const bytes = parseHexBytes(bytesText);
    if (at === null) return;
    if (bytes === null || bytes.length > MAX_READ) {
      setProblem(`Bytes "${bytesText}": expected up to ${MAX_READ} hex bytes such as "de ad be ef"`);
      return;
    }
    void writeMemory(at, bytes);
  };

  const onFill = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const at = hpa();
    const length = parseQuantity(fillLength);
    if (at === null) return;
    if (length === null || length < 1) {
      setProblem(`Fill length "${fillLength}": expected a size such as 256M or 1G`);
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
    <div className="console" data-testid="access-console">
      <div className="console__forms">
        <label className="console__field console__field--hpa">
          <span>HPA</span>
          <input
            className="ui-input ui-mono"
            value={hpaShown}
            onChange={(e) => setHpaText(e.target.value)}
            spellCheck={false}
            data-testid="console-hpa"
          />
        </label>
        <form className="console__form" onSubmit={onRead} aria-label="Read">
          <label className="console__field">
            <span>Length</span>
            <input
              className="ui-input ui-mono"
              value={readLength}
              onChange={(e) => setReadLength(e.target.value)}
              size={6}
              data-testid="console-read-length"
            />
          </label>
          <button type="submit" className="ui-button" data-testid="console-read">
            Read
          </button>
        </form>
        <form className="console__form" onSubmit={onWrite} aria-label="Write">
          <label className="console__field console__field--grow">
            <span>Bytes (hex)</span>
            <input
              className="ui-input ui-mono"
              value={bytesText}
              onChange={(e) => setBytesText(e.target.value)}
              spellCheck={false}
              data-testid="console-bytes"
            />
          </label>
          <button type="submit" className="ui-button" data-testid="console-write">
            Write
          </button>
        </form>
        <form className="console__form" onSubmit={onFill} aria-label="Fill">
          <label className="console__field">
            <span>Length</span>
            <input
              className="ui-input ui-mono"
              value={fillLength}
              onChange={(e) => setFillLength(e.target.value)}
              size={6}
              data-testid="console-fill-length"
            />
          </label>
          <label className="console__field">
            <span>Pattern</span>
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
            <label className="console__field">
              <span>Byte</span>
              <input
                className="ui-input ui-mono"
                value={fillByte}
                onChange={(e) => setFillByte(e.target.value)}
                size={4}
                data-testid="console-fill-byte"
              />
            </label>
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
      </div>
      {problem !== null && (
        <p className="dock__error" role="alert" data-testid="console-problem">
          {problem}
        </p>
      )}
      <div className="console__log-header">
        <span>Log</span>
        {log.length > 0 && (
          <button type="button" className="ui-link" onClick={clearLog}>
            Clear
          </button>
        )}
      </div>
      {log.length === 0 ? (
        <p className="dock__note">
          Reads, writes and fills go through the routing and are listed here, newest first.
        </p>
      ) : (
        <ol className="console-log" data-testid="console-log">
          {log.map((entry) => (
            <LogLine key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </div>
  );
}
