// One Check finding: severity, rule id and place as a button, then the message, its source and what each party does.
import type { Finding } from '../../worker/protocol.ts';
import { findingPlace } from './finding-target';

const RULE_LABEL: Record<Finding['rule'], string> = {
  spec: 'CXL specification',
  linux: 'Linux CXL driver',
};

const WHO_LABEL = { hardware: 'Hardware', linux: 'Linux', qemu: 'QEMU' } as const;

/** One finding. The head is a button (keyboard reachable) that opens what the finding is about. */
export function FindingItem({
  finding: f,
  clickable,
  onOpen,
}: {
  finding: Finding;
  clickable: boolean;
  onOpen: (f: Finding) => void;
}) {
  const place = findingPlace(f);
  const head = (
    <>
      <span className={`check-chip check-chip--${f.severity}`}>{f.severity}</span>
      <code className="check-finding__code">{f.code}</code>
      {place !== '' && <span className="check-finding__place">{place}</span>}
    </>
  );
  return (
    <li className={`check-finding check-finding--${f.severity}`} data-testid={`finding-${f.code}`}>
      {clickable ? (
        <button
          type="button"
          className="check-finding__head"
          onClick={() => onOpen(f)}
          data-testid={`finding-open-${f.code}`}
        >
          {head}
          <span className="ui-visually-hidden">: select it and open its decoder</span>
        </button>
      ) : (
        <div className="check-finding__head">{head}</div>
      )}
      <p className="check-finding__message">{f.message}</p>
      <p className="check-finding__source">
        <span className="check-finding__label">Source</span> {RULE_LABEL[f.rule]} · {f.ref}
      </p>
      {f.checks !== undefined && f.checks.length > 0 && (
        <ul className="check-finding__checks">
          {f.checks.map((c) => (
            <li key={c.id}>
              <code>{c.id}</code> ({c.when === 'always' ? 'always' : 'with Lock On Commit'}, {c.ref}):{' '}
              {c.message}
            </li>
          ))}
        </ul>
      )}
      {f.behaviour !== undefined && f.behaviour.length > 0 && (
        <dl className="check-finding__behaviour" data-testid="finding-behaviour">
          {f.behaviour.map((b) => (
            <div key={b.who} className="check-finding__who">
              <dt>{WHO_LABEL[b.who]}</dt>
              <dd>
                {b.does} <span className="check-finding__ref">({b.ref})</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
