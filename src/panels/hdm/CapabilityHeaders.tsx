// The HDM panel's collapsible capability headers: every register of a component outside its decoders.
import type { RegisterDump } from '../../worker/inspect-types.ts';
import type { DecoderActions } from './DecoderCard';
import { RegisterRow } from './RegisterRow';

/** The capability headers, HDM Decoder Capability and Global Control, with Decoder/Target Count in the summary. */
export function CapabilityHeaders({
  dump,
  component,
  actions,
  open,
  onOpenChange,
}: {
  dump: RegisterDump;
  component: string;
  actions: DecoderActions;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <details
      className="hdm-caps"
      open={open}
      onToggle={(e) => onOpenChange((e.currentTarget as HTMLDetailsElement).open)}
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
            <RegisterRow key={r.offset} reg={r} component={component} writers={actions} />
          ))}
      </section>
    </details>
  );
}
