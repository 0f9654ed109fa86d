// The CEDT dock panel: the ACPI table the lab would publish (or a loaded dump) as fields beside bytes.
import './cedt.css';
import { type KeyboardEvent, type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { downloadBlob } from '../../lib/file-io';
import { asciiChar } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import { HiddenFileInput } from '../../ui/HiddenFileInput';
import type { CedtField, CedtView } from '../../worker/inspect-types.ts';
import { PanelIntro } from '../PanelIntro';
import { CedtImportButton } from './CedtImportButton';
import { byteOwners, type CedtNode, cedtTree } from './cedt-model';

type Source = { kind: 'lab' } | { kind: 'file'; name: string };

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function offsetText(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

type Owners = ReturnType<typeof byteOwners>;

/** The byte grid, 16 bytes a row, each byte shaded by its structure and lit with its field. */
function hexRows(cedt: CedtView, owners: Owners, isLit: (offset: number) => boolean, cursor: number | null) {
  const rows = [];
  for (let at = 0; at < cedt.bytes.length; at += 16) {
    const cells = [];
    for (let i = at; i < Math.min(at + 16, cedt.bytes.length); i++) {
      const owner = owners[i];
      const shade = owner === null || owner === undefined ? 'none' : owner.node % 2 === 0 ? 'a' : 'b';
      cells.push(
        <span
          key={i}
          className={`cedt-byte cedt-byte--${shade}${isLit(i) ? ' is-lit' : ''}${i === cursor ? ' is-cursor' : ''}`}
          data-testid={`cedt-byte-${i}`}
          data-off={i}
          title={
            owner === null || owner === undefined ? undefined : `${owner.field.name}: ${owner.field.text}`
          }
        >
          {hex2(cedt.bytes[i] ?? 0)}
        </span>,
      );
    }
    rows.push(
      <div key={at} className="cedt-hex__row">
        <span className="cedt-hex__off">{offsetText(at)}</span>
        <span className="cedt-hex__bytes">{cells}</span>
        <AsciiColumn bytes={cedt.bytes} from={at} isLit={isLit} />
      </div>,
    );
  }
  return rows;
}

/** The table's findings; each offset button lights the bytes it is about. */
function CedtFindings({
  findings,
  onPick,
}: {
  findings: CedtView['table']['findings'];
  onPick: (range: { offset: number; length: number }) => void;
}) {
  if (findings.length === 0) return null;
  return (
    <section className="cedt-findings" aria-label="Findings">
      <div className="cedt-findings__title">Findings</div>
      <ul>
        {findings.map((f) => (
          <li key={`${f.code}:${f.offset}`} className={`cedt-finding cedt-finding--${f.severity}`}>
            <button
              type="button"
              className="ui-link"
              onClick={() => onPick({ offset: f.offset, length: Math.max(1, f.length) })}
            >
              {offsetText(f.offset)}
            </button>{' '}
            {f.severity}: {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The panel's bar: where the table comes from, Download, Open .dat…, and back to the lab's table. */
function CedtBar({
  source,
  cedt,
  onOpen,
  onBack,
}: {
  source: Source;
  cedt: CedtView | null;
  onOpen: (f: File) => void;
  onBack: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="cedt-panel__bar">
      <PanelIntro>
        The ACPI table that tells the OS where CXL host bridges and memory windows are; hover a field or a
        byte.
      </PanelIntro>
      <span className="cedt-panel__source" data-testid="cedt-source">
        {source.kind === 'lab' ? 'Built from this lab' : `Opened ${source.name}`}
        {cedt !== null && ` · ${cedt.bytes.length} bytes · ${cedt.table.subtables.length} subtables`}
      </span>
      <button
        type="button"
        className="ui-button ui-button--small"
        disabled={cedt === null}
        onClick={() =>
          cedt !== null &&
          downloadBlob(
            source.kind === 'lab' ? 'cedt.dat' : source.name,
            new Blob([cedt.bytes as BlobPart], { type: 'application/octet-stream' }),
          )
        }
        data-testid="cedt-download"
      >
        Download {source.kind === 'lab' ? 'cedt.dat' : 'copy'}
      </button>
      <button
        type="button"
        className="ui-button ui-button--small"
        onClick={() => input.current?.click()}
        title="A CEDT binary, e.g. from: sudo cat /sys/firmware/acpi/tables/CEDT > cedt.dat"
        data-testid="cedt-open"
      >
        Open .dat…
      </button>
      {source.kind === 'file' && cedt !== null && <CedtImportButton bytes={cedt.bytes} name={source.name} />}
      {source.kind === 'file' && (
        <button type="button" className="ui-link" onClick={onBack}>
          Back to the lab's table
        </button>
      )}
      <HiddenFileInput
        inputRef={input}
        accept=".dat,.bin,.aml,application/octet-stream"
        testId="cedt-file-input"
        onFile={onOpen}
      />
    </div>
  );
}

/** Hovering a byte (not a tree row) scrolls its field into view in the tree, vertically only. */
function useScrollFieldIntoView(
  treeRef: RefObject<HTMLDivElement | null>,
  hover: { offset: number; length: number } | null,
  fromBytes: RefObject<boolean>,
) {
  useEffect(() => {
    if (hover === null || !fromBytes.current) return;
    // Vertical only (scrollIntoView would also scroll the table sideways).
    const tree = treeRef.current;
    const row = tree?.querySelector<HTMLElement>(`[data-field-offset="${hover.offset}"]`);
    if (tree === null || tree === undefined || row === null || row === undefined) return;
    const top = row.getBoundingClientRect().top - tree.getBoundingClientRect().top + tree.scrollTop;
    if (top < tree.scrollTop + 24) tree.scrollTop = Math.max(0, top - 24);
    else if (top + row.offsetHeight > tree.scrollTop + tree.clientHeight)
      tree.scrollTop = top + row.offsetHeight - tree.clientHeight + 8;
  }, [hover, treeRef, fromBytes]);
}

/**
 * The ASCII column of one 16-byte row: signatures ("CEDT"), OEM ids and table ids read as text. Hidden
 * from screen readers, which get each field's decoded value from the tree instead.
 */
function AsciiColumn({
  bytes,
  from,
  isLit,
}: {
  bytes: Uint8Array;
  from: number;
  isLit: (i: number) => boolean;
}) {
  const chars = [];
  for (let i = from; i < Math.min(from + 16, bytes.length); i++) {
    chars.push(
      <span key={i} className={isLit(i) ? 'is-lit' : undefined} data-off={i}>
        {asciiChar(bytes[i] ?? 0)}
      </span>,
    );
  }
  return (
    <span className="cedt-hex__ascii" aria-hidden="true" data-testid="cedt-ascii">
      {chars}
    </span>
  );
}

/**
 * The "CEDT" panel: the ACPI CXL Early Discovery Table the lab's firmware would publish (or a
 * `.dat` dumped from a real machine, `/sys/firmware/acpi/tables/CEDT`) as a tree of structures and
 * fields beside its bytes. Hovering a field lights its bytes; hovering a byte lights its field.
 */
export function CedtPanel() {
  const view = useLabStore(selectView);
  const query = useLabStore((s) => s.query);
  const [source, setSource] = useState<Source>({ kind: 'lab' });
  const [lab, setLab] = useState<{ cedt: CedtView | null; error: string | null }>({
    cedt: null,
    error: null,
  });
  const [file, setFile] = useState<CedtView | null>(null);
  const [hover, setHover] = useState<{ offset: number; length: number } | null>(null);
  const [pinned, setPinned] = useState<{ offset: number; length: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (view === null) return;
    let live = true;
    void query('cedt.build', {}).then((r) => {
      if (live) setLab(r.ok ? { cedt: r.value, error: null } : { cedt: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [view, query]);

  const cedt = source.kind === 'lab' ? lab.cedt : file;
  const tree = useMemo(() => (cedt === null ? [] : cedtTree(cedt)), [cedt]);
  const owners = useMemo(() => (cedt === null ? [] : byteOwners(tree, cedt.bytes.length)), [tree, cedt]);
  const [cursor, setCursor] = useState<number | null>(null);
  /** The byte range of the field covering byte `at` (null where nothing does). */
  const fieldRange = (at: number) => {
    const owner = owners[at];
    return owner === null || owner === undefined
      ? null
      : { offset: owner.field.offset, length: owner.field.length };
  };
  const onHexKey = (event: KeyboardEvent<HTMLElement>) => {
    if (cedt === null) return;
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -16, ArrowDown: 16 };
    const d = step[event.key];
    if (d === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(cedt.bytes.length - 1, (cursor ?? -d) + d));
    setCursor(next);
    setPinned(fieldRange(next));
  };
  const lit = hover ?? pinned;
  const isLit = (offset: number) => lit !== null && offset >= lit.offset && offset < lit.offset + lit.length;

  // Whether the hover came from the byte grid (then the tree scrolls to the field).
  const fromBytes = useRef(false);
  useScrollFieldIntoView(treeRef, hover, fromBytes);

  const openFile = async (f: File) => {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const r = await query('cedt.decode', { bytes });
    if (!r.ok) {
      setProblem(r.error.message);
      return;
    }
    setProblem(null);
    setFile(r.value);
    setSource({ kind: 'file', name: f.name });
    setPinned(null);
  };

  const fieldRow = (node: CedtNode, f: CedtField) => {
    const finding = cedt?.table.findings.find(
      (x) => x.offset < f.offset + f.length && x.offset + Math.max(1, x.length) > f.offset,
    );
    const range = { offset: f.offset, length: f.length };
    const on = lit !== null && lit.offset === f.offset && lit.length === f.length;
    return (
      <tr
        key={`${node.key}:${f.offset}`}
        className={`cedt-field${on ? ' is-lit' : ''}${finding !== undefined ? ` has-${finding.severity}` : ''}`}
        data-field-offset={f.offset}
        data-testid={`cedt-field-${f.offset}`}
        onMouseEnter={() => {
          fromBytes.current = false;
          setHover(range);
        }}
        onMouseLeave={() => setHover(null)}
        onFocus={() => setHover(range)}
        onBlur={() => setHover(null)}
        onClick={() => setPinned(on && pinned !== null ? null : range)}
        title={finding?.message}
      >
        <td className="cedt-field__off ui-mono">{offsetText(f.offset)}</td>
        <td className="cedt-field__len ui-mono">{f.length}</td>
        <th scope="row" className="cedt-field__name">
          <button type="button" className="cedt-field__button">
            {f.name}
          </button>
        </th>
        <td className="cedt-field__raw ui-mono">{f.raw.length > 26 ? `${f.raw.slice(0, 25)}…` : f.raw}</td>
        <td className="cedt-field__text">{f.text}</td>
      </tr>
    );
  };

  const rows = cedt === null ? [] : hexRows(cedt, owners, isLit, cursor);

  const findings = cedt?.table.findings ?? [];
  return (
    <div className="cedt-panel" data-testid="cedt-panel">
      <CedtBar
        source={source}
        cedt={cedt}
        onOpen={(f) => void openFile(f)}
        onBack={() => setSource({ kind: 'lab' })}
      />
      {(problem ?? (source.kind === 'lab' ? lab.error : null)) !== null && (
        <p className="dock__error">{problem ?? lab.error}</p>
      )}
      <div className="cedt-panel__body">
        <div className="cedt-tree" ref={treeRef}>
          {tree.map((node) => (
            <details key={node.key} className="cedt-node" open>
              <summary>
                <span className="cedt-node__title">{node.title}</span>
                <span className="cedt-node__where ui-mono">{node.where}</span>
              </summary>
              <table className="cedt-fields">
                <tbody>{node.fields.map((f) => fieldRow(node, f))}</tbody>
              </table>
            </details>
          ))}
          <CedtFindings findings={findings} onPick={setPinned} />
        </div>
        <section
          className="cedt-hex ui-mono"
          aria-label="CEDT bytes; arrow keys move through them"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the byte grid takes the keyboard (arrow keys light each byte's field)
          tabIndex={0}
          onPointerMove={(e) => {
            const at = (e.target as HTMLElement).dataset.off;
            fromBytes.current = true;
            setHover(at === undefined ? null : fieldRange(Number(at)));
          }}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onHexKey}
          data-testid="cedt-hex"
        >
          {rows}
        </section>
      </div>
    </div>
  );
}
