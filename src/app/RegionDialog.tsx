// The Regions dialog: plan and create regions the way `cxl create-region` does, list and destroy them.
import './interop.css';
import './region.css';
import { useMemo, useState } from 'react';
import { formatBytes, formatHex, formatRange, parseQuantity } from '../lib/format';
import { defaultRegionMode, regionSizeStatement, usedInWindow } from '../lib/region-form';
import { memberPath, orderForWindow, pathText } from '../lib/region-order';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { selectView } from '../state/selectors';
import type { LabView, RegionPlan, RegionRefusal, RegionRequestArgs } from '../worker/protocol.ts';
import { InteropModal } from './InteropModal';

/**
 * Regions, the way `cxl create-region` makes them: pick a window and its members in position order,
 * "Plan" asks the worker what Linux would do (the decoders it derives and the MMIO writes in commit
 * order, or its refusal with errno and object), "Create" applies it (undoable). Existing regions are
 * listed with a Destroy button (Linux's out-of-order refusal shown when it refuses).
 */

type Mode = 'volatile' | 'persistent';
type Planned = { ok: true; plan: RegionPlan } | { ok: false; refusal: RegionRefusal };

/** Type 3 ids below one of the window's host bridges, in spec order. */
function reachableMemdevs(view: LabView, windowId: string): string[] {
  const window = view.spec.windows.find((w) => w.id === windowId);
  if (window === undefined) return [];
  const parent = new Map(view.spec.components.map((c) => [c.id, 'parent' in c ? (c.parent ?? '') : '']));
  const under = (id: string): boolean => {
    for (let at = parent.get(id) ?? ''; at !== ''; at = parent.get(at) ?? '') {
      if (window.targets.includes(at)) return true;
    }
    return false;
  };
  return view.spec.components.filter((c) => c.kind === 'type3' && under(c.id)).map((c) => c.id);
}

type Type3 = Extract<LabView['spec']['components'][number], { kind: 'type3' }>;

function devicesOf(view: LabView, ids: readonly string[]): Type3[] {
  return ids.flatMap((id) => {
    const c = view.spec.components.find((x) => x.id === id);
    return c?.kind === 'type3' ? [c] : [];
  });
}

function Refusal({ refusal, testId }: { refusal: RegionRefusal; testId: string }) {
  return (
    <section className="region-refusal" role="alert" data-testid={testId}>
      <div className="region-refusal__head">
        <code className="region-refusal__errno">{refusal.errno}</code>
        <code>{refusal.object}</code>
        <span className="interop-muted">
          {refusal.source === 'kernel' ? 'kernel' : 'cxl-cli'} · {refusal.step}
        </span>
      </div>
      <p className="region-refusal__message">{refusal.message}</p>
      {refusal.log !== '' && <pre className="region-refusal__log">{refusal.log}</pre>}
    </section>
  );
}

function PlanView({ plan, names }: { plan: RegionPlan; names: Record<string, string> }) {
  return (
    <section className="region-plan" data-testid="region-plan">
      <p className="region-plan__summary" data-testid="region-plan-summary">
        <strong>{plan.region}</strong> in {plan.window} ({plan.rootDecoder}):{' '}
        <code>{formatRange(plan.base, plan.size)}</code> · {formatBytes(plan.size)} · {plan.ways}-way ×{' '}
        {formatBytes(plan.granularity)} · {plan.type}
      </p>
      <h3 className="region-section-title">Decoders</h3>
      <section
        className="region-table-wrap"
        aria-label="Decoders the plan programs"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
        tabIndex={0}
      >
        <table className="region-table" data-testid="region-plan-decoders">
          <thead>
            <tr>
              <th>Component</th>
              <th>Decoder</th>
              <th>Base</th>
              <th>Size</th>
              <th>Ways</th>
              <th>Gran.</th>
              <th>Targets / skip</th>
            </tr>
          </thead>
          <tbody>
            {plan.decoders.map((d) => (
              <tr key={d.name} data-testid={`region-plan-decoder-${d.name}`} title={d.derivation.join('\n')}>
                <td>
                  {names[d.component] ?? d.component}
                  {names[d.component] !== undefined && names[d.component] !== d.component && (
                    <span className="interop-muted"> {d.component}</span>
                  )}
                </td>
                <td>
                  <code>{d.name}</code> <span className="interop-muted">{d.port}</span>
                </td>
                <td>
                  <code>{formatHex(d.base)}</code>
                </td>
                <td>{formatBytes(d.size)}</td>
                <td>{d.ways}</td>
                <td>{formatBytes(d.granularity)}</td>
                <td>
                  {d.kind === 'endpoint'
                    ? `skip ${formatHex(d.skip)} · DPA ${formatHex(d.dpaResource)}+${formatHex(d.dpaSize)}`
                    : d.passthrough
                      ? 'passthrough'
                      : d.targetIds.map((t, i) => `${t} (${d.targets[i]})`).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h3 className="region-section-title">
        MMIO writes in commit order{' '}
        <span className="interop-muted">
          {plan.writes.length} writes · {plan.order.join(' → ')}
        </span>
      </h3>
      <section
        className="region-table-wrap region-table-wrap--writes"
        aria-label="MMIO writes in commit order"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
        tabIndex={0}
      >
        <table className="region-table" data-testid="region-plan-writes">
          <thead>
            <tr>
              <th>#</th>
              <th>Decoder</th>
              <th>Register</th>
              <th>Offset</th>
              <th>Value</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {plan.writes.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the plan's writes are a fixed sequence
              <tr key={i} data-testid="region-plan-write">
                <td>{i + 1}</td>
                <td>
                  <code>{w.decoder}</code> <span className="interop-muted">{w.component}</span>
                </td>
                <td>{w.register}</td>
                <td>
                  <code>{formatHex(w.offset)}</code>
                </td>
                <td>
                  <code>{formatHex(w.value >>> 0)}</code>
                </td>
                <td className="region-table__note">{w.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {plan.notes.length > 0 && (
        <ul className="region-notes">
          {plan.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The form as a `cxl create-region` request, or what is wrong with it. */
function regionRequest(form: {
  windowId: string;
  members: string[];
  ways: string;
  granularity: string;
  size: string;
  mode: Mode;
}): RegionRequestArgs | string {
  const { windowId, members, ways, granularity, size, mode } = form;
  if (windowId === '') return 'choose a window';
  if (members.length === 0) return 'add at least one member';
  const args: RegionRequestArgs = { window: windowId, members: [...members], mode };
  if (ways.trim() !== '') {
    const n = Number(ways);
    if (!Number.isInteger(n) || n < 1) return `ways "${ways}": expected a whole number`;
    args.ways = n;
  }
  if (granularity.trim() !== '') {
    const n = parseQuantity(granularity);
    if (n === null || n === 0) return `granularity "${granularity}": expected bytes (256, 1K, 0x400)`;
    args.granularity = n;
  }
  if (size.trim() !== '') {
    const n = parseQuantity(size);
    if (n === null || n === 0) return `size "${size}": expected bytes (1G, 0x40000000)`;
    args.size = n;
  }
  return args;
}

/** The lab's regions, each with Destroy; Linux's refusal to destroy one shows below the list. */
function ExistingRegions({
  regions,
  memName,
  onDestroy,
  refusal,
}: {
  regions: LabView['regions'];
  memName: (id: string) => string;
  onDestroy: (name: string) => void;
  refusal: RegionRefusal | null;
}) {
  return (
    <section className="region-existing" data-testid="region-list">
      <h3 className="region-section-title">Existing regions</h3>
      {regions.length === 0 ? (
        <p className="interop-muted">No regions.</p>
      ) : (
        <ul className="region-list">
          {regions.map((r) => (
            <li key={r.name} className="region-list__item" data-testid={`region-item-${r.name}`}>
              <strong>{r.name}</strong>
              <span className="interop-muted">{r.window ?? 'no window'}</span>
              <code>{formatRange(r.base, r.size)}</code>
              <span>
                {r.ways}-way × {formatBytes(r.granularity)}
              </span>
              <span>{r.members.map(memName).join(', ')}</span>
              {!r.committed && <span className="region-warn">not committed</span>}
              <span className="interop-spacer" />
              <button
                type="button"
                className="ui-button"
                data-testid={`region-destroy-${r.name}`}
                onClick={() => onDestroy(r.name)}
              >
                Destroy
              </button>
            </li>
          ))}
        </ul>
      )}
      {refusal !== null && <Refusal refusal={refusal} testId="region-destroy-refusal" />}
    </section>
  );
}

/** The members in position order (move up, down, remove) and a button per reachable memdev to add. */
function MemberList({
  members,
  available,
  reachable,
  memName,
  pathOf,
  onChange,
  onOrder,
  orderProblem,
}: {
  members: string[];
  available: string[];
  reachable: number;
  memName: (id: string) => string;
  /** "hb1 › rp3" for a member (the components above it). */
  pathOf: (id: string) => string;
  onChange: (next: string[]) => void;
  onOrder: () => void;
  orderProblem: string | null;
}) {
  const move = (i: number, by: -1 | 1) => {
    const next = [...members];
    const [m] = next.splice(i, 1);
    if (m === undefined) return;
    next.splice(i + by, 0, m);
    onChange(next);
  };
  return (
    <div className="region-members">
      <ol className="region-members__list" data-testid="region-members">
        {members.map((m, i) => (
          <li key={m} className="region-members__item" data-testid={`region-member-${i}`}>
            <span className="region-members__pos">target{i}</span>
            <strong>{memName(m)}</strong>
            {memName(m) !== m && <span className="interop-muted">{m}</span>}
            <span className="region-members__path" data-testid={`region-member-path-${m}`}>
              {pathOf(m)}
            </span>
            <span className="interop-spacer" />
            <button
              type="button"
              className="ui-icon-button"
              aria-label={`Move ${memName(m)} up`}
              data-testid={`region-member-up-${m}`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="ui-icon-button"
              aria-label={`Move ${memName(m)} down`}
              data-testid={`region-member-down-${m}`}
              disabled={i === members.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="ui-icon-button"
              aria-label={`Remove ${memName(m)}`}
              data-testid={`region-member-remove-${m}`}
              onClick={() => onChange(members.filter((x) => x !== m))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="region-members__add">
        {available.length === 0 ? (
          <span className="interop-muted">
            {reachable === 0 ? 'No memdev below this window' : 'All reachable memdevs added'}
          </span>
        ) : (
          available.map((id) => (
            <button
              type="button"
              key={id}
              className="ui-button region-members__add-button"
              data-testid={`region-add-${id}`}
              onClick={() => onChange([...members, id])}
            >
              + {memName(id)} <span className="region-members__path">{pathOf(id)}</span>
            </button>
          ))
        )}
      </div>
      {members.length > 1 && (
        <div className="region-members__order">
          <button type="button" className="ui-button" data-testid="region-order" onClick={onOrder}>
            Order for this window
          </button>
          <span className="interop-muted">
            Position order Linux accepts: the window's host bridges in turn, then root ports and switch ports
            by port number (cxl_calc_interleave_pos, drivers/cxl/core/region.c)
          </span>
        </div>
      )}
      {orderProblem !== null && (
        <p className="region-message region-message--error" role="alert" data-testid="region-order-problem">
          {orderProblem}
        </p>
      )}
    </div>
  );
}

/** The dialog's footer: what the form asks for (or what is wrong with it), Plan and Create. */
function RegionFooter(p: {
  problem: string | null;
  summary: string;
  canPlan: boolean;
  canCreate: boolean;
  planned: boolean;
  onPlan: () => void;
  onCreate: () => void;
}) {
  return (
    <>
      {p.problem !== null ? (
        <span className="interop-muted" data-testid="region-form-problem">
          {p.problem}
        </span>
      ) : (
        <span className="interop-muted">{p.summary}</span>
      )}
      <span className="interop-spacer" />
      <button
        type="button"
        className="ui-button"
        data-testid="region-plan-button"
        disabled={!p.canPlan}
        onClick={p.onPlan}
      >
        Plan
      </button>
      <button
        type="button"
        className="ui-button ui-button--primary"
        data-testid="region-create"
        disabled={!p.canCreate}
        title={p.planned ? 'Apply the planned writes (undoable)' : 'Plan first'}
        onClick={p.onCreate}
      >
        Create
      </button>
    </>
  );
}

/** Ways, granularity and size (blank: cxl-cli's defaults, shown as placeholders) and the mode. */
function RegionSizing(p: {
  defaultWays: number;
  defaultGranularity: number;
  ways: string;
  granularity: string;
  size: string;
  mode: Mode;
  /** Why the mode is what it is when the user has not picked one, else null. */
  modeReason: string | null;
  /** The size Plan will use, computed now ("Uses 8 GiB: 2 × 4 GiB ram …"). */
  sizeText: string;
  onWays: (v: string) => void;
  onGranularity: (v: string) => void;
  onSize: (v: string) => void;
  onMode: (v: Mode) => void;
}) {
  return (
    <>
      <label className="region-form__label" htmlFor="region-ways">
        Ways
      </label>
      <input
        id="region-ways"
        data-testid="region-ways"
        inputMode="numeric"
        placeholder={String(p.defaultWays)}
        value={p.ways}
        onChange={(e) => p.onWays(e.target.value)}
      />
      <label className="region-form__label" htmlFor="region-granularity">
        Granularity
      </label>
      <input
        id="region-granularity"
        data-testid="region-granularity"
        placeholder={String(p.defaultGranularity)}
        value={p.granularity}
        onChange={(e) => p.onGranularity(e.target.value)}
      />
      <label className="region-form__label" htmlFor="region-size">
        Size
      </label>
      <input
        id="region-size"
        data-testid="region-size"
        placeholder="blank: the size below; or 1G, 0x40000000"
        aria-describedby="region-size-statement"
        value={p.size}
        onChange={(e) => p.onSize(e.target.value)}
      />
      <p className="region-form__statement" id="region-size-statement" data-testid="region-size-statement">
        {p.sizeText}
      </p>
      <span className="region-form__label">Mode</span>
      <fieldset className="interop-segmented" data-testid="region-mode">
        <legend className="ui-visually-hidden">Mode</legend>
        {(['volatile', 'persistent'] as const).map((m) => (
          <label key={m} className={p.mode === m ? 'is-checked' : ''}>
            <input
              type="radio"
              name="region-mode"
              value={m}
              checked={p.mode === m}
              onChange={() => p.onMode(m)}
            />
            {m === 'volatile' ? 'volatile (ram)' : 'persistent (pmem)'}
          </label>
        ))}
      </fieldset>
      {p.modeReason !== null && (
        <p className="region-form__statement" data-testid="region-mode-default">
          Default {p.modeReason}
        </p>
      )}
    </>
  );
}

/** Under the form: the last message, a note that the plan went stale, or the plan or Linux's refusal. */
function PlanOutcome({
  message,
  stale,
  planned,
  names,
}: {
  message: { tone: 'error' | 'info'; text: string } | null;
  stale: boolean;
  planned: Planned | null;
  names: Record<string, string>;
}) {
  return (
    <>
      {message !== null && (
        <p className={`region-message region-message--${message.tone}`} data-testid="region-message">
          {message.text}
        </p>
      )}
      {stale && (
        <p className="region-message region-message--info" data-testid="region-plan-stale">
          The lab changed since this plan: plan again.
        </p>
      )}
      {planned !== null &&
        !stale &&
        (planned.ok ? (
          <PlanView plan={planned.plan} names={names} />
        ) : (
          <Refusal refusal={planned.refusal} testId="region-refusal" />
        ))}
    </>
  );
}

/** A value that belongs to the lab version it was set at: it reads null once the lab has changed. */
function useAtVersion<T>(): [T | null, (value: T | null) => void] {
  const store = useLabStoreApi();
  const version = useLabStore((s) => s.view?.version ?? -1);
  const [held, setHeld] = useState<{ value: T; version: number } | null>(null);
  const set = (value: T | null) =>
    setHeld(value === null ? null : { value, version: store.getState().view?.version ?? -1 });
  return [held !== null && held.version === version ? held.value : null, set];
}

/** The CXL window the region goes in, with its root decoder, range and interleave. */
function WindowSelect({
  windows,
  value,
  onChange,
}: {
  windows: LabView['spec']['windows'];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <select
      id="region-window"
      data-testid="region-window"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {windows.map((w, k) => (
        <option key={w.id} value={w.id}>
          {w.id} (decoder0.{k}) · {formatRange(w.base, w.size)} · {w.ways}-way × {formatBytes(w.granularity)}
        </option>
      ))}
    </select>
  );
}

/** The mode and size the form will use before Plan, each with the sentence that states it. */
function formDefaults(
  view: LabView,
  f: {
    win: LabView['spec']['windows'][number] | undefined;
    members: string[];
    reachable: string[];
    ways: string;
    size: string;
    modeChoice: Mode | null;
  },
): { mode: Mode; modeReason: string | null; sizeText: string } {
  const { win, members, reachable, ways, size, modeChoice } = f;
  const byDefault = defaultRegionMode(devicesOf(view, members.length > 0 ? members : reachable), win);
  const mode = modeChoice ?? byDefault.mode;
  const sizeText = regionSizeStatement({
    devices: devicesOf(view, members),
    ways: ways.trim() === '' ? members.length : Number(ways) || members.length,
    mode,
    window: win,
    used: win === undefined ? [] : usedInWindow(view.spec, view.decoders, win),
    typed: size.trim() === '' ? null : parseQuantity(size),
  }).text;
  return { mode, modeReason: modeChoice === null ? byDefault.reason : null, sizeText };
}

/** Plan, Create and Destroy: each one worker call; Destroy is undoable from its toast. */
function useRegionActions(p: {
  request: RegionRequestArgs | string;
  setBusy: (busy: boolean) => void;
  setPlanned: (planned: Planned | null) => void;
  setMessage: (message: { tone: 'error' | 'info'; text: string } | null) => void;
  setMembers: (members: string[]) => void;
  setDestroyRefusal: (refusal: RegionRefusal | null) => void;
}) {
  const planRegion = useLabStore((s) => s.planRegion);
  const createRegion = useLabStore((s) => s.createRegion);
  const destroyRegion = useLabStore((s) => s.destroyRegion);
  const undoable = useLabStore((s) => s.undoable);
  const { request, setBusy, setPlanned, setMessage, setMembers, setDestroyRefusal } = p;

  async function plan() {
    if (typeof request === 'string') return;
    setBusy(true);
    const r = await planRegion(request);
    setBusy(false);
    if (r.ok) setPlanned(r.value);
    else setMessage({ tone: 'error', text: r.error.message });
  }

  async function create() {
    if (typeof request === 'string') return;
    setBusy(true);
    const r = await createRegion(request);
    setBusy(false);
    if (r.ok) {
      setPlanned(null);
      setMembers([]);
      setMessage({ tone: 'info', text: `Created ${r.value}` });
    } else if (r.error.kind === 'region-refusal') {
      setPlanned({ ok: false, refusal: r.error });
    } else {
      setMessage({ tone: 'error', text: r.error.message });
    }
  }

  async function destroy(region: string) {
    setDestroyRefusal(null);
    const r = await undoable({ kind: 'destroy-region', id: region }, () => destroyRegion(region));
    if (r.ok) {
      setPlanned(null);
      setMessage({ tone: 'info', text: `Destroyed ${region}` });
    } else if (r.error.kind === 'region-refusal') setDestroyRefusal(r.error);
    else setMessage({ tone: 'error', text: r.error.message });
  }
  return { plan, create, destroy };
}

export function RegionDialog({ onClose }: { onClose: () => void }) {
  const view = useLabStore(selectView);
  const windows = view?.spec.windows ?? [];
  const [windowId, setWindowId] = useState(windows[0]?.id ?? '');
  const [members, setMembers] = useState<string[]>([]);
  const [ways, setWays] = useState('');
  const [granularity, setGranularity] = useState('');
  const [size, setSize] = useState('');
  // null: the default for the members (stated under the choice); set once the user picks a mode.
  const [modeChoice, setModeChoice] = useState<Mode | null>(null);
  const [orderProblem, setOrderProblem] = useState<string | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [busy, setBusy] = useState(false);
  // A message or refusal belongs to the lab version it was about: an undo or any other change hides it.
  const [message, setMessage] = useAtVersion<{ tone: 'error' | 'info'; text: string }>();
  const [destroyRefusal, setDestroyRefusal] = useAtVersion<RegionRefusal>();

  const names = view?.linux.memdevs ?? {};
  const reachable = useMemo(() => (view === null ? [] : reachableMemdevs(view, windowId)), [view, windowId]);
  const win = windows.find((w) => w.id === windowId);
  const memName = (id: string) => names[id] ?? id;
  const stated =
    view === null ? null : formDefaults(view, { win, members, reachable, ways, size, modeChoice });
  const mode: Mode = stated?.mode ?? 'volatile';

  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPlanned(null);
      setMessage(null);
    };

  const request = useMemo(
    () => regionRequest({ windowId, members, ways, granularity, size, mode }),
    [windowId, members, ways, granularity, size, mode],
  );

  const { plan, create, destroy } = useRegionActions({
    request,
    setBusy,
    setPlanned,
    setMessage,
    setMembers,
    setDestroyRefusal,
  });

  if (view === null) return null;

  const pathOf = (id: string) => pathText(memberPath(view.spec, id).slice(0, -1));

  function order() {
    if (view === null) return;
    const r = orderForWindow(view.spec, windowId, members);
    if (!r.ok) {
      setOrderProblem(r.reason);
      return;
    }
    setOrderProblem(null);
    edit(setMembers)(r.order);
  }

  // A plan is for the lab it was computed against; after any change (undo, an edit) plan again.
  const stale = planned?.ok === true && planned.plan.labVersion !== view.version;
  const available = reachable.filter((id) => !members.includes(id));
  const footer = (
    <RegionFooter
      problem={typeof request === 'string' ? request : null}
      summary={`${ways === '' ? `${members.length}-way` : `${ways}-way`} · ${
        granularity === '' ? `${formatBytes(win?.granularity ?? 256)} (window's)` : granularity
      }`}
      canPlan={!busy && typeof request !== 'string'}
      canCreate={!busy && planned?.ok === true && !stale}
      planned={planned?.ok === true}
      onPlan={() => void plan()}
      onCreate={() => void create()}
    />
  );

  return (
    <InteropModal
      title="Regions"
      subtitle="cxl create-region, planned and applied the Linux way"
      testId="region-dialog"
      wide
      onClose={onClose}
      footer={footer}
    >
      <ExistingRegions
        regions={view.regions}
        memName={memName}
        onDestroy={(name) => void destroy(name)}
        refusal={destroyRefusal}
      />

      <section className="region-form" aria-label="New region">
        <h3 className="region-section-title">New region</h3>
        <div className="region-form__grid">
          <label className="region-form__label" htmlFor="region-window">
            Window
          </label>
          <WindowSelect
            windows={windows}
            value={windowId}
            onChange={(id) => {
              edit(setWindowId)(id);
              setMembers([]);
              setModeChoice(null);
              setOrderProblem(null);
            }}
          />

          <span className="region-form__label">Members</span>
          <MemberList
            members={members}
            available={available}
            reachable={reachable.length}
            memName={memName}
            pathOf={pathOf}
            onChange={(next) => {
              setOrderProblem(null);
              edit(setMembers)(next);
            }}
            onOrder={order}
            orderProblem={orderProblem}
          />

          <RegionSizing
            defaultWays={members.length || 1}
            defaultGranularity={win?.granularity ?? 256}
            ways={ways}
            granularity={granularity}
            size={size}
            mode={mode}
            modeReason={stated?.modeReason ?? null}
            sizeText={stated?.sizeText ?? ''}
            onWays={edit(setWays)}
            onGranularity={edit(setGranularity)}
            onSize={edit(setSize)}
            onMode={edit(setModeChoice)}
          />
        </div>
      </section>

      <PlanOutcome message={message} stale={stale} planned={planned} names={names} />
    </InteropModal>
  );
}
