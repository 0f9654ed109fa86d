// The Check dock panel: the findings of `cxl-lab check` on the lab as it is now, by severity; each opens its component.
import './check.css';
import { useLabStore } from '../../state/hooks';
import { selectSpec } from '../../state/selectors';
import type { Finding, TopologySpec } from '../../worker/protocol.ts';
import { PanelIntro } from '../PanelIntro';
import { FindingItem } from './FindingItem';
import { findingTarget } from './finding-target';

/** Selects and frames what a finding is about and opens its decoder in the HDM panel. */
function useOpenFinding(spec: TopologySpec | null): (f: Finding) => void {
  const select = useLabStore((s) => s.select);
  const frameNodes = useLabStore((s) => s.frameNodes);
  const focusDecoder = useLabStore((s) => s.focusDecoder);
  const setDockTab = useLabStore((s) => s.setDockTab);
  return (f) => {
    const target = spec === null ? null : findingTarget(f, spec);
    if (target === null) return;
    select(target.node);
    frameNodes([target.node]);
    if (target.owner === null) return;
    if (target.decoder !== null) focusDecoder(target.owner, target.decoder);
    setDockTab('decoders');
  };
}

function Group({
  title,
  findings,
  spec,
  onOpen,
  testId,
}: {
  title: string;
  findings: readonly Finding[];
  spec: TopologySpec | null;
  onOpen: (f: Finding) => void;
  testId: string;
}) {
  if (findings.length === 0) return null;
  return (
    <section className="check-group" aria-label={`${title}: ${findings.length}`} data-testid={testId}>
      <h3 className="check-group__title">
        {title} <span className="check-group__count">{findings.length}</span>
      </h3>
      <ul className="check-list">
        {findings.map((f) => (
          <FindingItem
            // Findings have no id; code, place and message identify one (the message names its numbers).
            key={`${f.code}:${f.component ?? ''}:${f.decoder ?? ''}:${f.message}`}
            finding={f}
            clickable={spec !== null && findingTarget(f, spec) !== null}
            onOpen={onOpen}
          />
        ))}
      </ul>
    </section>
  );
}

/**
 * The "Check" dock panel: errors, then warnings, of the same check as `cxl-lab check` (the worker's
 * `check.run`), rerun after every change. Each finding names its rule and source; clicking it
 * selects and frames its component and opens its decoder in the HDM decoders panel.
 */
export function CheckPanel() {
  const spec = useLabStore(selectSpec);
  const { run, error, running } = useLabStore((s) => s.checkResult);
  const open = useOpenFinding(spec);
  const errors = run?.findings.filter((f) => f.severity === 'error') ?? [];
  const warnings = run?.findings.filter((f) => f.severity === 'warning') ?? [];

  return (
    <div className="check-panel" data-testid="check-panel">
      <PanelIntro>
        The same check as <code>cxl-lab check</code>, run again after every change. Pick a finding to select
        its component and open its decoder.
      </PanelIntro>
      <p className="check-panel__summary" role="status" data-testid="check-summary">
        {run === null
          ? 'Checking…'
          : `${run.errors} error${run.errors === 1 ? '' : 's'}, ${run.warnings} warning${run.warnings === 1 ? '' : 's'}${running ? ' · checking again…' : ''}`}
      </p>
      {error !== null && <p className="dock__error">The check failed: {error}</p>}
      {run !== null && run.findings.length === 0 && (
        <p className="check-panel__ok" data-testid="check-ok">
          No findings: the decoders and regions are consistent with the specification and with Linux.
        </p>
      )}
      <Group title="Errors" findings={errors} spec={spec} onOpen={open} testId="check-errors" />
      <Group title="Warnings" findings={warnings} spec={spec} onOpen={open} testId="check-warnings" />
    </div>
  );
}
