// The DPA hex panel's toolbar: device picker, go-to-DPA (or media offset) field, last-access and poison jumps, the legend and the device's size.
import type { FabricDeviceSpec } from '../../cxl/fabric/model.ts';
import type { ComponentSpec } from '../../cxl/topology/model.ts';
import { fabricNodeId } from '../../lib/fabric-node-ids';
import { formatBytes, formatHex, parseQuantity } from '../../lib/format';
import { CommitInput } from '../../ui/CommitInput';
import type { ByteRange } from './hex-model';

/** The device picker: the focused host's Type 3 devices, then a multi-host lab's fabric devices' media. */
function DevicePicker({
  devices,
  fabricDevices,
  value,
  onPick,
}: {
  devices: readonly (ComponentSpec & { kind: 'type3' })[];
  fabricDevices: readonly FabricDeviceSpec[];
  value: string;
  onPick: (device: string) => void;
}) {
  return (
    <label className="hex-panel__field">
      <span className="ui-visually-hidden">Device</span>
      <select
        className="ui-input"
        value={value}
        onChange={(e) => onPick(e.target.value)}
        data-testid="hex-device"
      >
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.id} · {formatBytes(d.volatile + d.persistent)}
          </option>
        ))}
        {fabricDevices.length > 0 && (
          <optgroup label="Fabric devices: physical media">
            {fabricDevices.map((d) => (
              <option key={d.id} value={fabricNodeId(d.id)}>
                {d.id} media · {formatBytes(d.capacity)} · {d.lds.length} LD{d.lds.length === 1 ? '' : 's'}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

/** The go-to field: a DPA (or media offset) checked against the capacity before the cursor moves. */
function GoTo({
  media,
  device,
  capacity,
  cursor,
  onGoTo,
  setProblem,
}: {
  media: boolean;
  device: string;
  capacity: number;
  cursor: number | null;
  onGoTo: (dpa: number) => void;
  setProblem: (problem: string | null) => void;
}) {
  return (
    <div className="hex-panel__field">
      <span className="hex-panel__label" aria-hidden="true">
        {media ? 'Go to offset' : 'Go to DPA'}
      </span>
      <CommitInput
        className="ui-mono"
        size={14}
        value={cursor === null ? '' : formatHex(cursor)}
        placeholder="0x834"
        aria-label={media ? 'Go to media offset' : 'Go to DPA'}
        data-testid="hex-goto"
        onCommit={(text) => {
          const dpa = parseQuantity(text.trim());
          if (dpa === null || dpa >= capacity) {
            const what = media ? 'a media offset' : 'a DPA';
            setProblem(`"${text}" is not ${what} of ${device} (0 … ${formatHex(capacity - 1)})`);
            return false;
          }
          setProblem(null);
          onGoTo(dpa);
          return true;
        }}
      />
    </div>
  );
}

/** The bar above the rows; `onGoTo` moves the cursor to a DPA already checked against the capacity. */
export function HexToolbar({
  devices,
  fabricDevices,
  value,
  media,
  device,
  capacity,
  cursor,
  ranges,
  poison,
  touchedPages,
  onPick,
  onGoTo,
  setProblem,
}: {
  devices: readonly (ComponentSpec & { kind: 'type3' })[];
  /** A multi-host lab's fabric devices, whose media the picker offers too (value `fabric::mld0`). */
  fabricDevices: readonly FabricDeviceSpec[];
  /** The picker's value: `device`, or `fabric::device` for a fabric device's media. */
  value: string;
  /** The panel shows `device`'s physical media (offsets are media offsets, not DPAs). */
  media: boolean;
  device: string;
  capacity: number;
  cursor: number | null;
  ranges: readonly ByteRange[];
  poison: readonly ByteRange[];
  touchedPages: number;
  onPick: (device: string) => void;
  onGoTo: (dpa: number) => void;
  setProblem: (problem: string | null) => void;
}) {
  return (
    <div className="hex-panel__bar">
      <DevicePicker devices={devices} fabricDevices={fabricDevices} value={value} onPick={onPick} />
      <GoTo
        media={media}
        device={device}
        capacity={capacity}
        cursor={cursor}
        onGoTo={onGoTo}
        setProblem={setProblem}
      />
      {ranges[0] !== undefined && (
        <button
          type="button"
          className="ui-button ui-button--small"
          onClick={() => onGoTo(ranges[0]?.dpa ?? 0)}
          data-testid="hex-last-access"
        >
          Last access · {formatHex(ranges[0].dpa)}
        </button>
      )}
      {poison[0] !== undefined && (
        <button
          type="button"
          className="ui-button ui-button--small hex-panel__poison"
          onClick={() => {
            const next = poison.find((p) => cursor === null || p.dpa > cursor) ?? poison[0];
            onGoTo(next?.dpa ?? 0);
          }}
          title="Media error records (Get Poison List): a read of these bytes through the routing fails with poison"
          data-testid="hex-poison"
        >
          <span className="hex__swatch hex__swatch--poison" aria-hidden="true" />
          Poisoned · {poison.length} record{poison.length === 1 ? '' : 's'} · next
        </button>
      )}
      <span className="hex-panel__meta" title="Only the 4 KiB chunks under the rows on screen are fetched">
        {formatBytes(capacity)} · {touchedPages} page{touchedPages === 1 ? '' : 's'} written
      </span>
    </div>
  );
}
