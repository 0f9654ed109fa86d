// Inspector editors for a component's and a window's properties; the core validates every change.
import { DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS } from '../cxl/spec/hdm-constants.ts';
import { VALID_GRANULARITIES } from '../cxl/spec/interleave.ts';
import './property-editor.css';
import { type ReactNode, useEffect, useState } from 'react';
import type { ComponentSpec, WindowSpec } from '../cxl/topology/model.ts';
import { formatBytes, formatHex, parseQuantity } from '../lib/format';
import {
  addComponent,
  addWindow,
  type EditDoc,
  type EditResult,
  removeWindow,
  updateComponent,
  updateWindow,
} from '../lib/topology-edits';
import { useLabStoreApi } from '../state/hooks';
import type { CxlError } from '../worker/protocol.ts';

/** HDM decoder counts the Capability register encodes (CXL r3.1 §8.2.4.20.1); devices stop at 10. */

type FieldErrors = Record<string, string>;

/** Sends one edit; returns the core's validation messages by field for `owner` (or a general one). */
type Apply = (make: (doc: EditDoc) => EditResult, field: string) => Promise<void>;

function useApply(owner: string): [FieldErrors, Apply] {
  const store = useLabStoreApi();
  const [state, setState] = useState<{ owner: string; errors: FieldErrors }>({ owner, errors: {} });
  // Messages belong to the component they were about; selecting another one starts clean.
  const errors = state.owner === owner ? state.errors : {};
  const setErrors = (next: FieldErrors) => setState({ owner, errors: next });
  const apply: Apply = async (make, field) => {
    const document = store.getState().document;
    if (document === null) return;
    const result = make({ spec: document.spec, drafts: document.drafts ?? [] });
    if (!result.ok) {
      setErrors({ [field]: result.reason });
      return;
    }
    await store
      .getState()
      .setTopology(result.doc.spec, result.doc.drafts)
      .then((r) => {
        if (r.ok) {
          setErrors({});
          return;
        }
        const causes: CxlError[] = r.error.causes ?? [r.error];
        const next: FieldErrors = {};
        for (const c of causes) {
          const key = c.component === owner && c.field !== undefined ? c.field.replace(/\[.*$/, '') : field;
          next[key] = next[key] === undefined ? c.message : `${next[key]}\n${c.message}`;
        }
        setErrors(next);
      });
  };
  return [errors, apply];
}

function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error: string | undefined;
  children: ReactNode;
  hint?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child
    <label className={`prop-field${error === undefined ? '' : ' has-error'}`}>
      <span className="prop-field__label">{label}</span>
      {children}
      {hint !== undefined && error === undefined && <span className="prop-field__hint">{hint}</span>}
      {error !== undefined && (
        <span className="prop-field__error" role="alert" data-testid="prop-error">
          {error}
        </span>
      )}
    </label>
  );
}

/** A text box that commits on Enter or when it loses focus, and resets when `value` changes. */
function TextInput({
  value,
  onCommit,
  testId,
  mono = true,
}: {
  value: string;
  onCommit: (text: string) => void;
  testId?: string;
  mono?: boolean;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() !== value) onCommit(text.trim());
  };
  return (
    <input
      className={`prop-input${mono ? ' ui-mono' : ''}`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(value);
      }}
      data-testid={testId}
    />
  );
}

function Select<T extends string | number>({
  value,
  options,
  onChange,
  label,
  testId,
}: {
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
  label?: (v: T) => string;
  testId?: string;
}) {
  return (
    <select
      className="prop-input ui-mono"
      value={String(value)}
      onChange={(e) => {
        const picked = options.find((o) => String(o.value) === e.target.value);
        if (picked !== undefined) onChange(picked.value);
      }}
      data-testid={testId}
    >
      {options.map((o) => (
        <option key={String(o.value)} value={String(o.value)}>
          {label?.(o.value) ?? o.label}
        </option>
      ))}
    </select>
  );
}

/** Sizes as the file writes them: "4G", "256M", else hex. */
function sizeText(n: number): string {
  const f = formatBytes(n);
  const m = /^(\d+) ([KMGT])iB$/.exec(f);
  return m !== null ? `${m[1]}${m[2]}` : n === 0 ? '0' : formatHex(n);
}

/**
 * A component's name (its id, what the canvas, panels and files call it), renamed through the store's
 * `renameComponent`: the canvas menu's "Rename…" uses the same action.
 */
function NameField({ id }: { id: string }) {
  const store = useLabStoreApi();
  const [error, setError] = useState<{ id: string; text: string } | null>(null);
  const rename = (name: string) =>
    void store
      .getState()
      .renameComponent(id, name)
      .then((r) => setError(r.ok ? null : { id, text: r.error.message }));
  return (
    <Field label="Name" error={error?.id === id ? error.text : undefined} hint="letters, digits, . _ -">
      <TextInput value={id} testId="edit-name" onCommit={rename} />
    </Field>
  );
}

/** Editable properties of a component; every change is validated by the core in the worker. */
export function ComponentEditor({ component: c }: { component: ComponentSpec }) {
  const [errors, apply] = useApply(c.id);
  const set = (patch: Partial<ComponentSpec>, field: string) =>
    apply((doc) => updateComponent(doc, c.id, patch), field);
  const bad = (field: string, text: string) => apply(() => ({ ok: false, reason: text }), field);
  const number = (text: string, field: string, then: (n: number) => Partial<ComponentSpec>) => {
    const n = parseQuantity(text);
    if (n === null) bad(field, `"${text}" is not a size (use 4G, 256M or 0x…)`);
    else set(then(n), field);
  };

  return (
    <section className="inspector__section prop-editor" aria-label="Edit" data-testid="component-editor">
      <h3 className="inspector__section-title">Edit</h3>
      <NameField id={c.id} />
      {c.kind === 'host-bridge' && (
        <>
          <Field label="UID" error={errors.uid} hint="ACPI _UID; window targets name it">
            <TextInput
              value={String(c.uid)}
              testId="edit-uid"
              onCommit={(t) =>
                /^\d+$/.test(t) ? set({ uid: Number(t) }, 'uid') : bad('uid', `"${t}" is not a number`)
              }
            />
          </Field>
          {c.restricted !== true && (
            <Field label="HDM decoders" error={errors.decoderCount}>
              <Select
                value={c.decoderCount}
                testId="edit-decoder-count"
                options={[0, ...DECODER_COUNT_BY_ENC].map((n) => ({
                  value: n,
                  label: n === 0 ? '0 (passthrough)' : String(n),
                }))}
                onChange={(n) => set({ decoderCount: n }, 'decoderCount')}
              />
            </Field>
          )}
        </>
      )}
      {(c.kind === 'root-port' || c.kind === 'downstream-port') && (
        <Field label="Port number" error={errors.port} hint="what decoder target lists name (0 … 255)">
          <TextInput
            value={c.port < 0 ? '' : String(c.port)}
            testId="edit-port"
            onCommit={(t) =>
              /^\d+$/.test(t) ? set({ port: Number(t) }, 'port') : bad('port', `"${t}" is not a port number`)
            }
          />
        </Field>
      )}
      {c.kind === 'switch' && (
        <Field label="HDM decoders" error={errors.decoderCount}>
          <Select
            value={c.decoderCount}
            testId="edit-decoder-count"
            options={DECODER_COUNT_BY_ENC.map((n) => ({ value: n, label: String(n) }))}
            onChange={(n) => set({ decoderCount: n }, 'decoderCount')}
          />
        </Field>
      )}
      {c.kind === 'type3' && (
        <>
          <Field label="Volatile (ram)" error={errors.volatile} hint="multiple of 256M, e.g. 4G">
            <TextInput
              value={sizeText(c.volatile)}
              testId="edit-volatile"
              onCommit={(t) => number(t, 'volatile', (n) => ({ volatile: n }))}
            />
          </Field>
          <Field label="Persistent (pmem)" error={errors.persistent} hint="after the ram in DPA">
            <TextInput
              value={sizeText(c.persistent)}
              testId="edit-persistent"
              onCommit={(t) => number(t, 'persistent', (n) => ({ persistent: n }))}
            />
          </Field>
          {c.dvsec === undefined && (
            <Field label="HDM decoders" error={errors.decoderCount}>
              <Select
                value={c.decoderCount}
                testId="edit-decoder-count"
                options={DEVICE_DECODER_COUNTS.map((n) => ({ value: n, label: String(n) }))}
                onChange={(n) => set({ decoderCount: n }, 'decoderCount')}
              />
            </Field>
          )}
        </>
      )}
      {errors[''] !== undefined && <p className="prop-field__error">{errors['']}</p>}
      {Object.entries(errors)
        .filter(([k]) => !['uid', 'decoderCount', 'port', 'volatile', 'persistent', ''].includes(k))
        .map(([k, v]) => (
          <p key={k} className="prop-field__error" role="alert" data-testid="prop-error">
            {v}
          </p>
        ))}
    </section>
  );
}

/** XORMAPs for a new XOR window: way bit i takes address bit (granularity bit + i) and two higher bits. */
function defaultXormaps(ways: number, granularity: number): number[] {
  const pow2 = ways % 3 === 0 ? ways / 3 : ways;
  const n = Math.round(Math.log2(pow2));
  const low = Math.log2(granularity);
  return Array.from({ length: n }, (_, i) => 2 ** (low + i) + 2 ** (low + i + 6) + 2 ** (low + i + 14));
}

/** Editable fixed memory window (CFMWS): base, size, granularity, arithmetic, targets. */
export function WindowEditor({
  window: w,
  hostBridges,
}: {
  window: WindowSpec;
  hostBridges: readonly string[];
}) {
  const store = useLabStoreApi();
  const [errors, apply] = useApply(w.id);
  const set = (patch: Partial<WindowSpec>, field: string) =>
    apply((doc) => updateWindow(doc, w.id, patch), field);
  const bad = (field: string, text: string) => apply(() => ({ ok: false, reason: text }), field);
  const quantity = (t: string, field: 'base' | 'size') => {
    const n = parseQuantity(t);
    if (n === null) bad(field, `"${t}" is not an address or size`);
    else set({ [field]: n }, field);
  };
  return (
    <div className="prop-editor" data-testid={`window-editor-${w.id}`}>
      <div className="prop-grid">
        <Field label="Base" error={errors.base}>
          <TextInput
            value={formatHex(w.base)}
            testId="edit-window-base"
            onCommit={(t) => quantity(t, 'base')}
          />
        </Field>
        <Field label="Size" error={errors.size}>
          <TextInput
            value={sizeText(w.size)}
            testId="edit-window-size"
            onCommit={(t) => quantity(t, 'size')}
          />
        </Field>
        <Field label="Granularity" error={errors.granularity}>
          <Select
            value={w.granularity}
            testId="edit-window-granularity"
            options={VALID_GRANULARITIES.map((g) => ({ value: g, label: formatBytes(g) }))}
            onChange={(g) =>
              set(
                { granularity: g, ...(w.arithmetic === 'xor' ? { xormaps: defaultXormaps(w.ways, g) } : {}) },
                'granularity',
              )
            }
          />
        </Field>
        <Field label="Arithmetic" error={errors.arithmetic ?? errors.xormaps}>
          <Select
            value={w.arithmetic}
            testId="edit-window-arithmetic"
            options={[
              { value: 'modulo', label: 'modulo' },
              { value: 'xor', label: 'XOR' },
            ]}
            onChange={(a) =>
              set(
                { arithmetic: a, xormaps: a === 'xor' ? defaultXormaps(w.ways, w.granularity) : [] },
                'arithmetic',
              )
            }
          />
        </Field>
      </div>
      <Field
        label={`Targets (${w.ways}-way)`}
        error={errors.targets ?? errors.ways}
        hint={`host bridges in way order, comma-separated: ${hostBridges.join(', ')}`}
      >
        <TextInput
          value={w.targets.join(', ')}
          testId="edit-window-targets"
          onCommit={(t) => {
            const targets = t.split(/[\s,]+/).filter((x) => x !== '');
            set(
              {
                targets,
                ways: targets.length,
                ...(w.arithmetic === 'xor' ? { xormaps: defaultXormaps(targets.length, w.granularity) } : {}),
              },
              'targets',
            );
          }}
        />
      </Field>
      {Object.entries(errors)
        .filter(
          ([k]) => !['base', 'size', 'granularity', 'arithmetic', 'xormaps', 'targets', 'ways'].includes(k),
        )
        .map(([k, v]) => (
          <p key={k} className="prop-field__error" role="alert" data-testid="prop-error">
            {v}
          </p>
        ))}
      <button
        type="button"
        className="ui-button ui-button--small"
        onClick={() =>
          // Undoable from the toast, which says what went with the window (its regions).
          void store
            .getState()
            .undoable({ kind: 'delete-window', id: w.id }, () => apply((doc) => removeWindow(doc, w.id), ''))
        }
      >
        Delete window
      </button>
    </div>
  );
}

/**
 * "Add window" under the root's windows: a 1-way window over the first host bridge. Without a host
 * bridge it cannot be added (a CFMWS lists at least one target, CXL r3.1 §9.18.1.3): the reason
 * shows under it, with the button that removes it.
 */
export function AddWindowButton({ hostBridges }: { hostBridges: readonly string[] }) {
  const [errors, apply] = useApply('new-window');
  const first = hostBridges[0];
  return (
    <div className="prop-editor">
      <button
        type="button"
        className="ui-button ui-button--small"
        disabled={first === undefined}
        aria-describedby={first === undefined ? 'add-window-reason' : undefined}
        onClick={() => first !== undefined && apply((doc) => addWindow(doc, first), '')}
        data-testid="add-window"
      >
        Add window
      </button>
      {first === undefined && (
        <p className="prop-field__hint" id="add-window-reason" data-testid="add-window-reason">
          Add a host bridge first: a window routes to at least one host bridge (CEDT CFMWS target list, CXL
          r3.1 §9.18.1.3).{' '}
          <button
            type="button"
            className="ui-button ui-button--small"
            onClick={() => apply((doc) => addComponent(doc, 'host-bridge'), '')}
            data-testid="add-window-host-bridge"
          >
            Add host bridge
          </button>
        </p>
      )}
      {Object.values(errors).map((v) => (
        <p key={v} className="prop-field__error" role="alert">
          {v}
        </p>
      ))}
    </div>
  );
}
