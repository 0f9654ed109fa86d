// The Device tab's "LSA" view: a Type 3 device's Label Storage Area in hex beside its decoded CXL labels (CXL 2.0 §9.13.2).
import './lsa-probe.css';
import { useEffect, useRef, useState } from 'react';
import type { LsaView as LsaData } from '../../worker/device-labels-types.ts';
import type { PayloadFieldView } from '../../worker/device-types.ts';
import type { DeviceViewProps } from './device-view-types';
import { type HexRange, LsaHex } from './LsaHex';
import { useDeviceQuery } from './use-device-query';

interface Structure {
  key: string;
  title: string;
  state: string;
  bad: boolean;
  range: HexRange;
  fields: readonly PayloadFieldView[];
}

function structures(d: LsaData): Structure[] {
  const blocks = d.indexBlocks.map((b) => ({
    key: `index-${b.index}`,
    title: `Index block ${b.index}`,
    state: b.valid
      ? b.index === d.current
        ? `current · sequence ${b.seq & 3}`
        : `valid · sequence ${b.seq & 3}`
      : 'invalid',
    bad: !b.valid,
    range: { start: b.offset, end: b.offset + b.size },
    fields: b.fields,
  }));
  const labels = d.labels.map((l) => ({
    key: `slot-${l.slot}`,
    title: `Slot ${l.slot}: ${l.kind === 'unknown' ? 'unknown label type' : `${l.kind} label`}`,
    state: l.valid ? 'valid' : 'invalid',
    bad: !l.valid,
    range: { start: l.offset, end: l.offset + l.size },
    fields: l.fields,
  }));
  return [...blocks, ...labels];
}

function StructureItem({
  s,
  selected,
  onSelect,
}: {
  s: Structure;
  selected: { key: string; field: string | null } | null;
  onSelect: (s: Structure, f: PayloadFieldView | null) => void;
}) {
  const open = selected?.key === s.key;
  return (
    <li className="dev-reg" data-testid={`lsa-${s.key}`}>
      <button
        type="button"
        className={open && selected?.field === null ? 'dev-reg__head is-selected' : 'dev-reg__head'}
        aria-expanded={open}
        onClick={() => onSelect(s, null)}
      >
        <span className="dev-reg__offset ui-mono">0x{s.range.start.toString(16)}</span>
        <span className="dev-reg__name">{s.title}</span>
        <span className={s.bad ? 'dev-reg__value lsa-bad' : 'dev-reg__value'}>{s.state}</span>
      </button>
      {open && (
        <ul className="dev-reg__fields" aria-label={`${s.title} fields`}>
          {s.fields.map((f) => (
            <li key={`${f.offset}-${f.name}`}>
              <button
                type="button"
                className={
                  selected?.field === f.name ? 'dev-field lsa-field is-selected' : 'dev-field lsa-field'
                }
                aria-pressed={selected?.field === f.name}
                onClick={() => onSelect(s, f)}
              >
                <span className="dev-field__name">{f.name}</span>
                <span className="dev-field__bits ui-mono">+{(f.offset - s.range.start).toString(16)}</span>
                <span className="dev-field__value ui-mono">{f.value}</span>
                <span className="dev-field__meaning" title={f.meaning}>
                  {f.meaning ?? ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function LsaView({ component }: DeviceViewProps) {
  const { data, error } = useDeviceQuery('device.lsa', { device: component }, component);
  const [selected, setSelected] = useState<{ key: string; field: string | null; range: HexRange } | null>(
    null,
  );
  const [cursor, setCursor] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected !== null)
      list.current?.querySelector('.is-selected')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  if (error !== null) return <p className="dock__note dev-error">{error}</p>;
  if (data === null) return <p className="dock__note">Reading the label storage area…</p>;
  if (data.size === 0)
    return (
      <p className="dock__note">
        {component} has no LSA (LSA Size 0): QEMU gives one only to devices with persistent memory.
      </p>
    );
  const all = structures(data);
  const onSelect = (s: Structure, f: PayloadFieldView | null) => {
    const range = f === null ? s.range : { start: f.offset, end: f.offset + f.size };
    setSelected({ key: s.key, field: f?.name ?? null, range });
    setCursor(range.start);
  };
  const onByte = (at: number) => {
    setCursor(at);
    const s = all.find((x) => at >= x.range.start && at < x.range.end);
    const f = s?.fields.find((x) => at >= x.offset && at < x.offset + x.size);
    setSelected(
      s === undefined
        ? null
        : {
            key: s.key,
            field: f?.name ?? null,
            range: f === undefined ? s.range : { start: f.offset, end: f.offset + f.size },
          },
    );
  };
  return (
    <>
      <p className="dev-note" data-testid="lsa-summary">
        {data.size} bytes{data.bytes.length < data.size ? ` (showing the first ${data.bytes.length})` : ''}:{' '}
        {data.summary}.
        {data.current === null &&
          ' Write a label set with cxl-lab lsa FILE DEVICE --init-labels -o OUT, or Set LSA in the Mailbox view.'}
      </p>
      {data.problems.length > 0 && (
        <ul className="lsa-problems" aria-label="Problems found in the LSA" data-testid="lsa-problems">
          {data.problems.slice(0, 8).map((p) => (
            <li key={p}>{p}</li>
          ))}
          {data.problems.length > 8 && <li>… and {data.problems.length - 8} more</li>}
        </ul>
      )}
      <div className="dev-split">
        <div className="dev-tree" ref={list} data-testid="lsa-tree">
          <ul className="dev-group__regs" aria-label="Index blocks and labels">
            {all.map((s) => (
              <StructureItem key={s.key} s={s} selected={selected} onSelect={onSelect} />
            ))}
          </ul>
        </div>
        <LsaHex
          bytes={data.bytes}
          size={data.size}
          tinted={all.filter((s) => s.key === selected?.key).map((s) => s.range)}
          lit={selected?.range ?? null}
          cursor={cursor}
          onByte={onByte}
          label={`${component} LSA hex dump`}
        />
      </div>
    </>
  );
}
