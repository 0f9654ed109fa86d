// The Device tab's "Config space" view: a component's PCIe configuration space, lspci-style tree beside hex.
import type { DeviceViewProps } from './device-view-types';
import { RegisterHexView } from './RegisterHexView';
import { useDeviceQuery } from './use-device-query';

export function ConfigSpaceView({ component }: DeviceViewProps) {
  const { data, error } = useDeviceQuery('device.config', { component }, component);
  if (error !== null) return <p className="dock__note dev-error">{error}</p>;
  if (data === null) return <p className="dock__note">Reading the configuration space…</p>;
  return (
    <RegisterHexView
      groups={data.groups}
      bytes={data.bytes}
      label={`${data.component} configuration space`}
      testPrefix="config"
    />
  );
}
