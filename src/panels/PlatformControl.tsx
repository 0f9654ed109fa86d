/**
 * The lab's platform profile (which Linux CXL driver and which QEMU it models), editable from the
 * Inspector's overview and the CXL root: two selects, each with a line saying what it changes.
 */
// The prop-editor / prop-field classes come from the property editor's sheet, which loads lazily with it.
import './property-editor.css';
import './platform-control.css';
import { useId, useState } from 'react';
import type { TopologySpec } from '../cxl/topology/model.ts';
import { useLabStoreApi } from '../state/hooks';

type Platform = NonNullable<TopologySpec['platform']>;

/** The UI's labels for the core's profiles (`src/cxl/topology/platform.ts`); TypeScript keeps them in step. */
const LINUX: readonly { value: Platform['linux']; label: string; hint: string }[] = [
  {
    value: 'current',
    label: 'Linux current',
    hint: 'Programs the HDM decoders of every host bridge and switch that has them.',
  },
  {
    value: '6.1',
    label: 'Linux 6.1',
    hint: 'A host bridge or switch with one downstream port gets a software passthrough decoder; its HDM decoders are never programmed.',
  },
];
const QEMU: readonly { value: Platform['qemu']; label: string; hint: string }[] = [
  {
    value: 'current',
    label: 'QEMU current',
    hint: 'Routes through the first HDM decoder covering the address; a host bridge without decoders passes through to its one root port.',
  },
  {
    value: '7.2',
    label: 'QEMU 7.2',
    hint: 'Routes host bridges and switches only through a committed HDM decoder 0; no passthrough host bridges.',
  },
];

const DEFAULT: Platform = { linux: 'current', qemu: 'current' };

export function PlatformControl({ spec }: { spec: TopologySpec }) {
  const store = useLabStoreApi();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const platform = spec.platform ?? DEFAULT;
  const apply = (next: Platform) => {
    const document = store.getState().document;
    if (document === null) return;
    void store
      .getState()
      .setTopology({ ...document.spec, platform: next }, document.drafts)
      .then((r) => setError(r.ok ? null : r.error.message));
  };
  const linux = LINUX.find((o) => o.value === platform.linux) ?? LINUX[0];
  const qemu = QEMU.find((o) => o.value === platform.qemu) ?? QEMU[0];
  return (
    <section className="inspector__section" aria-labelledby={`${id}-title`} data-testid="platform-control">
      <h3 className="inspector__section-title" id={`${id}-title`}>
        Platform
      </h3>
      <div className="prop-editor">
        <label className="prop-field">
          <span className="prop-field__label">Linux CXL driver</span>
          <select
            className="prop-input"
            value={platform.linux}
            onChange={(e) => {
              const v = LINUX.find((o) => o.value === e.target.value);
              if (v !== undefined) apply({ ...platform, linux: v.value });
            }}
            aria-describedby={`${id}-linux`}
            data-testid="platform-linux"
          >
            {LINUX.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <span className="platform-control__hint" id={`${id}-linux`}>
            {linux?.hint}
          </span>
        </label>
        <label className="prop-field">
          <span className="prop-field__label">QEMU CXL emulation</span>
          <select
            className="prop-input"
            value={platform.qemu}
            onChange={(e) => {
              const v = QEMU.find((o) => o.value === e.target.value);
              if (v !== undefined) apply({ ...platform, qemu: v.value });
            }}
            aria-describedby={`${id}-qemu`}
            data-testid="platform-qemu"
          >
            {QEMU.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <span className="platform-control__hint" id={`${id}-qemu`}>
            {qemu?.hint}
          </span>
        </label>
        {error !== null && (
          <p className="prop-field__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
