// The HDM decoders dock panel: the lab's decoders and the selected component's register dump.
import { CACHEMEM_OFFSET } from '../../cxl/spec/component-block.ts';
import './hdm.css';
import { useCallback, useEffect, useState } from 'react';
import type { ComponentSpec } from '../../cxl/topology/model.ts';
import { formatHex } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import { selectSpec, selectView } from '../../state/selectors';
import type { RegisterDump } from '../../worker/inspect-types.ts';
import { lit } from '../decoder-highlight';
import { PanelIntro } from '../PanelIntro';
import { CapabilityHeaders } from './CapabilityHeaders';
import { DecoderCard } from './DecoderCard';
import { DecoderOverview } from './DecoderOverview';
import { hexOffset } from './format';
import { RestrictedRegisters } from './RestrictedRegisters';
import { useDecoderFocus } from './use-decoder-focus';
import { decoderCardOpen, type Message, useDecoderActions } from './useDecoderActions';

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
  const [picked, setPicked] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [openCards, setOpenCards] = useState<Record<string, boolean>>({});
  const [showCaps, setShowCaps] = useState(false);
  const highlight = useLabStore((s) => s.highlight);

  const components = spec?.components ?? [];
  const owners = components.filter(isOwner);
  const fromSelection = ownerFor(components, selectedId);
  const current =
    fromSelection ?? (owners.some((o) => o.id === picked) ? picked : null) ?? owners[0]?.id ?? null;
  const { dump, error } = useRegisterDump(current);
  const owner = components.find((c) => c.id === current);
  const message = shown?.component === current ? shown : null;
  const setMessage = (m: Message) => setShown({ ...m, component: current });
  const actions = useDecoderActions(current, dump, setMessage);
  const openCard = useCallback((key: string) => setOpenCards((s) => ({ ...s, [key]: true })), []);
  const focused = useDecoderFocus(current, dump !== null, openCard); // a Check finding's decoder

  if (spec === null) return <p className="dock__note">Starting the emulator…</p>;

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
            <CapabilityHeaders
              dump={dump}
              component={owner.id}
              actions={actions}
              open={showCaps}
              onOpenChange={setShowCaps}
            />
            {dump.decoders.map((detail) => (
              <DecoderCard
                key={`${owner.id}:${detail.state.index}`}
                spec={spec}
                owner={owner}
                detail={detail}
                registers={dump.registers.filter((r) => r.decoder === detail.state.index)}
                open={
                  decoderCardOpen(openCards, current, dump, detail.state.index) ||
                  lit(highlight, owner.id, detail.state.index) !== null
                }
                highlighted={lit(highlight, owner.id, detail.state.index)}
                onToggle={(open) =>
                  setOpenCards((s) => ({ ...s, [`${current}:${detail.state.index}`]: open }))
                }
                actions={actions}
                focused={focused === detail.state.index}
              />
            ))}
          </>
        )}
      </section>
    </div>
  );
}
