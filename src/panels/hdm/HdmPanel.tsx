// The HDM decoders dock panel: the lab's decoders and the selected component's register dump.
import { CACHEMEM_OFFSET } from '../../cxl/spec/component-block.ts';
import './hdm.css';
import { useEffect, useState } from 'react';
import type { ComponentSpec } from '../../cxl/topology/model.ts';
import { formatHex } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import { selectSpec, selectView } from '../../state/selectors';
import type { ActionResult } from '../../state/types';
import type { MmioWriteResult, RegisterDump, RegisterView } from '../../worker/inspect-types.ts';
import { PanelIntro } from '../PanelIntro';
import { type DecoderActions, DecoderCard } from './DecoderCard';
import { DecoderOverview } from './DecoderOverview';
import { hex32, hexOffset } from './format';
import { RegisterRow } from './RegisterRow';
import { RestrictedRegisters } from './RestrictedRegisters';

type Message = { tone: 'ok' | 'error' | 'warning'; text: string };
/** A write's message, kept with the component it was about. */
type Shown = Message & { component: string | null };

function isOwner(
  c: ComponentSpec | undefined,
): c is ComponentSpec & { kind: 'host-bridge' | 'switch' | 'type3' } {
  return c !== undefined && (c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3');
}

/** The decoder-owning component a selection points at: itself, or a port's owner (a root port → its host bridge). */
function ownerFor(components: readonly ComponentSpec[], id: string | null): string | null {
  const c = components.find((x) => x.id === id);
  if (c === undefined) return null;
  if (isOwner(c)) return c.id;
  if (c.kind === 'root-port' || c.kind === 'downstream-port') {
    const parent = components.find((x) => x.id === c.parent);
    return isOwner(parent) ? parent.id : null;
  }
  return null;
}

/** The register dump of `component`, refreshed whenever the lab changes. */
function useRegisterDump(component: string | null): { dump: RegisterDump | null; error: string | null } {
  const view = useLabStore(selectView);
  const query = useLabStore((s) => s.query);
  const [state, setState] = useState<{ dump: RegisterDump | null; error: string | null }>({
    dump: null,
    error: null,
  });
  useEffect(() => {
    if (component === null || view === null) return;
    let live = true;
    void query('registers.dump', { component }).then((r) => {
      if (!live) return;
      setState(r.ok ? { dump: r.value, error: null } : { dump: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [component, view, query]);
  return state.dump?.component === component ? state : { dump: null, error: state.error };
}

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

/**
 * The "HDM decoders" dock panel. Left: every decoder in use across the lab, with Commit / Uncommit.
 * Right: the selected component's register block — every register at its real offset, every field
 * by its spec name, editable per field, as raw hex, or in decoded units. Each edit is an MMIO write
 * in the emulator, so a bad commit answers with Error Not Committed exactly as the hardware does.
 */
export function HdmPanel() {
  const spec = useLabStore(selectSpec);
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);
  const writeRegister32 = useLabStore((s) => s.writeRegister32);
  const writeRegisterField = useLabStore((s) => s.writeRegisterField);
  const setDecoder = useLabStore((s) => s.setDecoder);
  const [picked, setPicked] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [openCards, setOpenCards] = useState<Record<string, boolean>>({});
  const [showCaps, setShowCaps] = useState(false);

  const components = spec?.components ?? [];
  const owners = components.filter(isOwner);
  const fromSelection = ownerFor(components, selectedId);
  const current =
    fromSelection ?? (owners.some((o) => o.id === picked) ? picked : null) ?? owners[0]?.id ?? null;
  const { dump, error } = useRegisterDump(current);
  const owner = components.find((c) => c.id === current);
  const message = shown?.component === current ? shown : null;
  const setMessage = (m: Message) => setShown({ ...m, component: current });

  if (spec === null) return <p className="dock__note">Starting the emulator…</p>;

  const report = async <T,>(what: string, p: Promise<ActionResult<T>>, toMessage: (v: T) => Message) => {
    const r = await p;
    if (!r.ok) {
      setMessage({ tone: 'error', text: `${what}: ${r.error.message}` });
      return false;
    }
    setMessage(toMessage(r.value));
    return true;
  };

  const actions: DecoderActions | null =
    current === null
      ? null
      : {
          writeRaw: (reg: RegisterView, value: number) =>
            report(reg.name, writeRegister32(current, reg.offset, value), (w) => describeWrite(reg.name, w)),
          writeField: (reg, field, value) =>
            report(
              `${reg.name} ${field.title}`,
              writeRegisterField(current, reg.offset, field.name, value),
              (w) => describeWrite(`${reg.name}.${field.title}`, w),
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
            return report(
              `${reg.name}.${f.title}`,
              writeRegisterField(current, reg.offset, field, value),
              (w) => describeWrite(`${reg.name}.${f.title}`, w),
            );
          },
        };

  const isOpen = (index: number): boolean => {
    const key = `${current}:${index}`;
    const explicit = openCards[key];
    if (explicit !== undefined) return explicit;
    const states = dump?.decoders ?? [];
    const d = states[index]?.state;
    if (d === undefined) return false;
    if (index === 0 || d.committed || d.commit || d.errorNotCommitted || d.size > 0) return true;
    // The first decoder after the last one in use: where the next range goes.
    const previous = states[index - 1]?.state;
    return previous !== undefined && (previous.committed || previous.size > 0);
  };

  return (
    <div className="hdm-panel" data-testid="hdm-panel">
      <DecoderOverview />
      <section className="hdm-regs" aria-label="Component registers" data-testid="hdm-registers">
        <PanelIntro>
          Every HDM decoder register of the selected component, at its real offset. Each edit is an MMIO
          write.
        </PanelIntro>
        <div className="hdm-regs__head">
          <label className="hdm-regs__picker">
            <span className="ui-visually-hidden">Component</span>
            <select
              className="ui-input"
              value={current ?? ''}
              data-testid="hdm-component"
              onChange={(e) => {
                setPicked(e.target.value);
                select(e.target.value);
              }}
            >
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.id} ·{' '}
                  {o.kind === 'host-bridge' ? 'host bridge' : o.kind === 'switch' ? 'switch USP' : 'Type 3'}
                </option>
              ))}
            </select>
          </label>
          {dump !== null && owner !== undefined && dump.restricted === undefined && (
            <span className="hdm-regs__where">
              {dump.blockBase !== null ? `CHBCR at ${formatHex(dump.blockBase)} · ` : ''}
              {dump.hdmOffset === null
                ? 'passthrough host bridge: no HDM Decoder Capability (it routes everything to its single root port)'
                : `HDM Decoder Capability Structure at ${hexOffset(dump.hdmOffset)} (cache/mem ${hexOffset(CACHEMEM_OFFSET)} + ${hexOffset(dump.hdmOffset - CACHEMEM_OFFSET)}) · ${dump.decoderCount} decoders`}
            </span>
          )}
        </div>
        {message !== null && (
          <p className={`hdm-message hdm-message--${message.tone}`} role="status" data-testid="hdm-message">
            {message.text}
          </p>
        )}
        {error !== null && <p className="dock__error">{error}</p>}
        {dump?.restricted !== undefined && <RestrictedRegisters view={dump.restricted} />}
        {dump !== null && owner !== undefined && actions !== null && dump.restricted === undefined && (
          <>
            <details
              className="hdm-caps"
              open={showCaps}
              onToggle={(e) => setShowCaps((e.currentTarget as HTMLDetailsElement).open)}
            >
              <summary>
                Capability headers, HDM Decoder Capability and Global Control
                <span className="hdm-caps__hint">
                  {dump.registers
                    .filter((r) => r.group === 'hdm')
                    .flatMap((r) =>
                      r.fields
                        .filter((f) => f.name === 'decoderCount' || f.name === 'targetCount')
                        .map((f) => f.meaning),
                    )
                    .join(' · ')}
                </span>
              </summary>
              <section className="reg-table" aria-label="Capability registers">
                {dump.registers
                  .filter((r) => r.group !== 'decoder')
                  .map((r) => (
                    <RegisterRow key={r.offset} reg={r} component={owner.id} writers={actions} />
                  ))}
              </section>
            </details>
            {dump.decoders.map((detail) => (
              <DecoderCard
                key={`${owner.id}:${detail.state.index}`}
                spec={spec}
                owner={owner}
                detail={detail}
                registers={dump.registers.filter((r) => r.decoder === detail.state.index)}
                open={isOpen(detail.state.index)}
                onToggle={(open) =>
                  setOpenCards((s) => ({ ...s, [`${current}:${detail.state.index}`]: open }))
                }
                actions={actions}
              />
            ))}
          </>
        )}
      </section>
    </div>
  );
}
