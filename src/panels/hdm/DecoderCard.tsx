// One HDM decoder's card in the HDM panel: state chips, decoded settings, registers and Commit.
import { PORT_DECODER_WAYS, VALID_GRANULARITIES, VALID_WAYS } from '../../cxl/spec/interleave.ts';
import type { ComponentSpec, TopologySpec } from '../../cxl/topology/model.ts';
import { formatBytes, formatHex, formatRange, parseQuantity } from '../../lib/format';
import { CommitInput } from '../../ui/CommitInput';
import type { DecoderChange, DecoderDetail, RegisterView } from '../../worker/inspect-types.ts';
import { useScrollIntoViewWhen } from '../decoder-highlight';
import { RegisterRow, type RegisterWriters } from './RegisterRow';

export interface DecoderActions extends RegisterWriters {
  setDecoder(index: number, change: DecoderChange, what: string): Promise<boolean>;
  setControl(index: number, field: 'commit' | 'lockOnCommit', value: number): Promise<boolean>;
}

/** Ports below a host bridge or switch, by port number. */
function childPorts(spec: TopologySpec, owner: string): { port: number; id: string }[] {
  return spec.components
    .filter(
      (c): c is ComponentSpec & { kind: 'root-port' | 'downstream-port' } =>
        (c.kind === 'root-port' || c.kind === 'downstream-port') && c.parent === owner,
    )
    .map((c) => ({ port: c.port, id: c.id }))
    .sort((a, b) => a.port - b.port);
}

/** The chips that say at a glance what state the decoder is in. */
export function StateChips({ detail, testId }: { detail: DecoderDetail; testId?: string }) {
  const d = detail.state;
  const chips: { text: string; tone: string; title: string }[] = [];
  if (d.committed)
    chips.push({ text: 'Committed', tone: 'green', title: 'Committed = 1: the decoder decodes' });
  if (d.errorNotCommitted)
    chips.push({
      text: 'Error Not Committed',
      tone: 'danger',
      title: 'Error Not Committed = 1: the decoder rejected its programming and is inactive',
    });
  if (d.locked)
    chips.push({
      text: 'Locked',
      tone: 'violet',
      title: 'Committed with Lock On Commit: its RWL fields are read-only until the component is reset',
    });
  else if (d.lockOnCommit && !d.committed)
    chips.push({ text: 'Lock On Commit', tone: 'neutral', title: 'Will lock when it commits' });
  if (!d.committed && !d.errorNotCommitted)
    chips.push({
      text: d.size === 0 && !d.commit ? 'Not programmed' : 'Not committed',
      tone: 'neutral',
      title: 'Committed = 0: the decoder decodes nothing',
    });
  return (
    <span className="hdm-chips" data-testid={testId}>
      {chips.map((c) => (
        <span key={c.text} className={`hdm-chip hdm-chip--${c.tone}`} title={c.title}>
          {c.text}
        </span>
      ))}
    </span>
  );
}

/** "0x4c00000000–0x4dffffffff · 8 GiB · 2-way × 1 KiB · 0 → rp0.0, 1 → rp0.1". */
export function decoderSummary(spec: TopologySpec, owner: ComponentSpec, detail: DecoderDetail): string {
  const d = detail.state;
  const parts = [formatRange(d.base, d.size), formatBytes(d.size)];
  parts.push(
    d.ways === null || d.granularity === null
      ? `IW ${d.eiw} / IG ${d.eig} reserved`
      : `${d.ways}-way × ${formatBytes(d.granularity)}`,
  );
  if (owner.kind === 'type3') {
    parts.push(`DPA ${formatRange(d.dpaBase, Math.floor(d.size / (d.ways ?? 1)))}`);
    if (d.skip > 0) parts.push(`skip ${formatBytes(d.skip)}`);
  } else {
    const ports = childPorts(spec, owner.id);
    parts.push(
      d.targets
        .slice(0, d.ways ?? 1)
        .map((t) => `${t} → ${ports.find((p) => p.port === t)?.id ?? '?'}`)
        .join(', '),
    );
  }
  return parts.join(' · ');
}

function Units({
  spec,
  owner,
  detail,
  actions,
}: {
  spec: TopologySpec;
  owner: ComponentSpec;
  detail: DecoderDetail;
  actions: DecoderActions;
}) {
  const d = detail.state;
  const n = d.index;
  const isDevice = owner.kind === 'type3';
  const ports = isDevice ? [] : childPorts(spec, owner.id);
  const ways = d.ways ?? 1;
  const tid = `hdm-${n}`;
  const address = (field: 'base' | 'size' | 'skip', label: string, value: number) => (
    <div className="hdm-unit">
      <span aria-hidden="true">{label}</span>
      <CommitInput
        aria-label={`Decoder ${n} ${label}`}
        className="ui-mono"
        size={field === 'base' ? 14 : 8}
        value={field === 'base' ? formatHex(value) : value === 0 ? '0' : formatBytes(value).replace(' ', '')}
        disabled={d.locked}
        data-testid={`${tid}-${field}`}
        onCommit={(text) => {
          const v = parseQuantity(text.replace(/\s+/g, ''));
          if (v === null) {
            actions.problem(`${label}: "${text}" is not an address or size (0x4c00000000, 8G, 256M)`);
            return false;
          }
          return actions.setDecoder(n, { field, value: v }, label);
        }}
      />
    </div>
  );
  return (
    <fieldset className="hdm-units">
      <legend className="ui-visually-hidden">Decoder {n} in decoded units</legend>
      {address('base', 'Base', d.base)}
      {address('size', 'Size', d.size)}
      <label className="hdm-unit">
        <span>Ways</span>
        <select
          className="ui-input"
          value={d.ways ?? ''}
          disabled={d.locked}
          data-testid={`${tid}-ways`}
          onChange={(e) =>
            void actions.setDecoder(n, { field: 'ways', value: Number(e.target.value) }, 'Ways')
          }
        >
          {d.ways === null && <option value="">IW {d.eiw} (reserved)</option>}
          {(isDevice ? VALID_WAYS : PORT_DECODER_WAYS).map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
      <label className="hdm-unit">
        <span>Granularity</span>
        <select
          className="ui-input"
          value={d.granularity ?? ''}
          disabled={d.locked}
          data-testid={`${tid}-granularity`}
          onChange={(e) =>
            void actions.setDecoder(n, { field: 'granularity', value: Number(e.target.value) }, 'Granularity')
          }
        >
          {d.granularity === null && <option value="">IG {d.eig} (reserved)</option>}
          {VALID_GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {formatBytes(g)}
            </option>
          ))}
        </select>
      </label>
      {isDevice
        ? address('skip', 'DPA skip', d.skip)
        : Array.from({ length: Math.min(ways, 8) }, (_, way) => {
            const value = d.targets[way] ?? 0;
            const known = ports.some((p) => p.port === value);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: one select per interleave way
              <label className="hdm-unit" key={way}>
                <span>Way {way}</span>
                <select
                  className="ui-input"
                  value={value}
                  disabled={d.locked}
                  data-testid={`${tid}-target-${way}`}
                  onChange={(e) =>
                    void actions.setDecoder(
                      n,
                      { field: 'target', way, value: Number(e.target.value) },
                      `Target way ${way}`,
                    )
                  }
                >
                  {!known && <option value={value}>port {value} (none)</option>}
                  {ports.map((p) => (
                    <option key={p.id} value={p.port}>
                      {p.port} → {p.id}
                    </option>
                  ))}
                </select>
              </label>
            );
          })}
      {!isDevice && (
        <span className="hdm-units__note">
          Targets are PCIe port numbers, by interleave way (§8.2.4.20.8).
        </span>
      )}
    </fieldset>
  );
}

/** One HDM decoder: its state at a glance, the decoded settings, its registers, and Commit. */
export function DecoderCard({
  spec,
  owner,
  detail,
  registers,
  open,
  onToggle,
  actions,
  highlighted = null,
  focused = false,
}: {
  spec: TopologySpec;
  owner: ComponentSpec;
  detail: DecoderDetail;
  registers: RegisterView[];
  open: boolean;
  onToggle: (open: boolean) => void;
  actions: DecoderActions;
  /** A lesson reference points at this decoder (and these register fields of it). */
  highlighted?: readonly string[] | null;
  /** The decoder a Check finding opened: marked until another is. */
  focused?: boolean;
}) {
  const d = detail.state;
  const n = d.index;
  const tone = d.errorNotCommitted ? 'error' : d.committed ? 'committed' : 'idle';
  const ref = useScrollIntoViewWhen<HTMLDetailsElement>(highlighted);
  return (
    <details
      ref={ref}
      className={`hdm-decoder hdm-decoder--${tone}${focused ? ' is-focused' : ''}${highlighted === null ? '' : ' is-highlighted'}`}
      data-focused={focused ? 'true' : undefined}
      open={open}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
      data-testid={`hdm-decoder-${n}`}
    >
      <summary className="hdm-decoder__summary">
        <span className="hdm-decoder__title">Decoder {n}</span>
        <StateChips detail={detail} testId={`hdm-state-${n}`} />
        <span className="hdm-decoder__line ui-mono">
          {d.size === 0 && !d.committed ? 'size 0: decodes nothing' : decoderSummary(spec, owner, detail)}
        </span>
      </summary>
      <div className="hdm-decoder__body">
        <div className="hdm-decoder__actions">
          <Units spec={spec} owner={owner} detail={detail} actions={actions} />
          <div className="hdm-decoder__commit">
            <label className="hdm-unit hdm-unit--check" title="Lock On Commit (Control bit 8)">
              <input
                type="checkbox"
                checked={d.lockOnCommit}
                disabled={d.locked}
                data-testid={`hdm-${n}-lock`}
                onChange={(e) => void actions.setControl(n, 'lockOnCommit', e.target.checked ? 1 : 0)}
              />
              Lock On Commit
            </label>
            <button
              type="button"
              className={d.commit ? 'ui-button' : 'ui-button ui-button--primary'}
              disabled={d.locked}
              title={
                d.locked
                  ? 'Locked until the component is reset'
                  : d.commit
                    ? 'Write Commit = 0 (clears Committed and Error Not Committed)'
                    : 'Write Commit = 1: the decoder checks its programming and sets Committed or Error Not Committed'
              }
              data-testid={`hdm-commit-${n}`}
              onClick={() => void actions.setControl(n, 'commit', d.commit ? 0 : 1)}
            >
              {d.commit ? 'Clear Commit' : 'Commit'}
            </button>
          </div>
        </div>
        {d.errorNotCommitted && (
          <div className="hdm-error" role="alert" data-testid={`hdm-failures-${n}`}>
            <div className="hdm-error__title">
              Error Not Committed: the decoder refused its programming and decodes nothing. Clear Commit, fix
              it, commit again.
            </div>
            {detail.failures.length === 0 ? (
              <div>{d.errorReason ?? 'No reason recorded.'}</div>
            ) : (
              <ul className="hdm-error__list">
                {detail.failures.map((f) => (
                  <li key={f.check}>
                    <span className={`hdm-origin hdm-origin--${f.origin}`}>
                      {f.origin === 'spec' ? 'spec check' : 'not supported'}
                    </span>{' '}
                    {f.message}{' '}
                    <span className="hdm-error__rule">
                      — {f.title} ({f.spec}
                      {f.origin === 'spec' ? ', checked with Lock On Commit' : ''})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <section className="reg-table" aria-label={`Decoder ${n} registers`}>
          {registers.map((r) => (
            <RegisterRow
              key={r.offset}
              reg={r}
              component={owner.id}
              writers={actions}
              highlightFields={highlighted ?? undefined}
            />
          ))}
        </section>
      </div>
    </details>
  );
}
