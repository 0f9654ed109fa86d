// "Export to QEMU" for a multi-host lab (issue 18): one tab per host with its command line, and what QEMU cannot express.
import { useState } from 'react';
import { formatBytes } from '../lib/format';
import { Tabs, tabId, tabPanelId } from '../ui/Tabs';
import type { QemuExportView, QemuHostView, QemuLimitView } from '../worker/interop-types';
import { NoteList } from './InteropModal';
import { QemuCommandPanel } from './QemuCommandPanel';

const ID_PREFIX = 'qemu-host';

function limitText(l: QemuLimitView): string {
  return `${l.component === undefined ? '' : `${l.component}: `}${l.message} (${l.source})`;
}

/** One host's panel: its command line or why QEMU cannot build it, then what QEMU cannot express. */
function HostPanel({ h, labName }: { h: QemuHostView; labName: string }) {
  return (
    <div
      role="tabpanel"
      id={tabPanelId(ID_PREFIX, h.host)}
      aria-labelledby={tabId(ID_PREFIX, h.host)}
      className="qemu-host-panel"
      data-testid={`qemu-host-panel-${h.host}`}
    >
      {h.ok ? (
        <QemuCommandPanel x={h.export} labName={labName} host={h.host} />
      ) : (
        <NoteList
          title={`QEMU cannot build ${h.host}`}
          items={h.problems.map((p) => p.message)}
          tone="error"
          testId="qemu-refusals"
        />
      )}
      <NoteList
        title={`QEMU cannot express (${h.host})`}
        items={h.limits.map(limitText)}
        tone="info"
        testId="qemu-host-limits"
      />
    </div>
  );
}

/**
 * Every host's command line, one tab each (QEMU runs one host per instance), starting at the focused
 * host; below, what no host's line carries and the backing files the instances share.
 */
export function QemuHostTabs({ x, labName }: { x: QemuExportView; labName: string }) {
  const hosts = x.hosts ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const active = hosts.find((h) => h.host === picked) ?? hosts.find((h) => h.host === x.focus) ?? hosts[0];
  if (active === undefined) return null;
  const files = (x.backingFiles ?? []).map((b) => `${b.path}: ${b.device}'s media, ${formatBytes(b.bytes)}`);
  return (
    <>
      <p className="interop-muted">
        QEMU emulates one host per instance: run one command line per host. Each LD is backed by its device's
        file at the LD's media offset, so the instances share the device's bytes.
      </p>
      <div className="qemu-host-tabs">
        <Tabs
          tabs={hosts.map((h) => ({ id: h.host, label: h.ok ? h.host : `${h.host} (refused)` }))}
          active={active.host}
          onChange={setPicked}
          label="Hosts"
          idPrefix={ID_PREFIX}
        />
      </div>
      <HostPanel h={active} labName={labName} key={active.host} />
      <NoteList
        title="QEMU cannot express (the fabric)"
        items={(x.fabric ?? []).map(limitText)}
        tone="info"
        testId="qemu-fabric-limits"
      />
      <NoteList title="Shared backing files" items={files} tone="info" testId="qemu-backing-files" />
    </>
  );
}
