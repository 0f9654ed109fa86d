// The Device tab's "Device registers" view: a Type 3 device's memory device register block, decoded at its offsets.
import type { DeviceViewProps } from './device-view-types';
import { RegisterHexView } from './RegisterHexView';
import { useDeviceQuery } from './use-device-query';

export function RegistersView({ component }: DeviceViewProps) {
  const { data, error } = useDeviceQuery('device.registers', { device: component }, component);
  if (error !== null) return <p className="dock__note dev-error">{error}</p>;
  if (data === null) return <p className="dock__note">Reading the device registers…</p>;
  return (
    <>
      <p className="dev-note" data-testid="registers-payload">
        Command payload area at {data.payloadOffsetText}, {data.payloadSize} bytes (its bytes are the last
        command's; the dump ends at Memory Device Status).
      </p>
      <RegisterHexView
        groups={data.groups}
        bytes={data.bytes}
        label={`${data.device} device registers`}
        testPrefix="devregs"
      />
    </>
  );
}
