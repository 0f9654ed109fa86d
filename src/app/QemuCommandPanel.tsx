// One QEMU command line in the "Export to QEMU" dialog: the command with Copy and Download, the guest's region commands, where QEMU differs.
import { downloadText } from '../lib/file-io';
import type { QemuCommandView } from '../worker/interop-types';
import { CopyButton, NoteList } from './InteropModal';

/** `<lab>[-<host>].qemu.sh` from the lab's name. */
export function scriptName(labName: string, host?: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  const base = slug(labName) || 'lab';
  return host === undefined ? `${base}.qemu.sh` : `${base}-${slug(host) || 'host'}.qemu.sh`;
}

/**
 * The command line (Copy, Download .sh), the `cxl create-region` commands for the guest and the
 * warnings where QEMU will differ. `host` names the host of a multi-host lab (labels and file name).
 */
export function QemuCommandPanel({
  x,
  labName,
  host,
}: {
  x: QemuCommandView;
  labName: string;
  host?: string;
}) {
  const guest = x.regions.length === 0 ? '' : x.regions.map((g) => g.command).join('\n');
  return (
    <>
      <div className="interop-field">
        <div className="interop-field__head">
          <span className="interop-field__label">Host command line</span>
          <span className="interop-muted">{x.argv.length} arguments</span>
          <span className="interop-field__actions">
            <CopyButton text={x.commandLine} testId="qemu-copy" primary />
            <button
              type="button"
              className="ui-button"
              data-testid="qemu-download"
              onClick={() => downloadText(scriptName(labName, host), x.script, 'text/x-shellscript')}
            >
              Download .sh
            </button>
          </span>
        </div>
        {/* Focusable so keyboard users can scroll a long command line (WCAG 2.2 SC 2.1.1). */}
        <pre
          className="interop-code"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
          tabIndex={0}
          data-testid="qemu-command"
        >
          {x.commandLine}
        </pre>
      </div>
      <div className="interop-field">
        <div className="interop-field__head">
          <span className="interop-field__label">In the guest</span>
          <span className="interop-muted">
            {x.regions.length === 0
              ? 'no regions to create'
              : `cxl create-region for ${x.regions.length} region${x.regions.length === 1 ? '' : 's'}; memN names follow probe order, match by serial`}
          </span>
          <span className="interop-field__actions">
            <CopyButton text={x.guestScript} testId="qemu-guest-copy" />
          </span>
        </div>
        {guest !== '' && (
          <pre className="interop-code" data-testid="qemu-guest">
            {guest}
          </pre>
        )}
      </div>
      <NoteList
        title="Where QEMU differs"
        items={x.warnings.map((w) => w.message)}
        tone="warning"
        testId="qemu-warnings"
      />
    </>
  );
}
