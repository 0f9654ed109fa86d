// Canvas card for a Type 3 memory device: Linux names, capacity by mode, decoder lights.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { KIND_INFO } from '../../lib/component-kinds';
import { formatBytes } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import type { DeviceFlowNode } from '../to-flow';
import { DecoderLights } from './DecoderLights';
import { ErrorMark } from './ErrorMark';
import { chrome } from './node-chrome';
import { RegionChips } from './RegionChips';

/** A Type 3 memory device: Linux `memN` / `endpointN`, capacity by mode, decoder lights. */
export const DeviceNode = memo(function DeviceNode({ data, selected }: NodeProps<DeviceFlowNode>) {
  const info = KIND_INFO.type3;
  const { className, style } = chrome(`lab-node lab-node--${info.tone} lab-device`, data, selected);
  return (
    <div
      className={className}
      style={style}
      data-testid={data.testId ?? `node-${data.componentId}`}
      data-kind="type3"
    >
      <Handle id="in" type="target" position={Position.Top} className="lab-handle lab-handle--in" />
      <div className="lab-node__row">
        <Badge text={info.badge} tone={info.tone} />
        <span className="lab-node__id">{data.componentId}</span>
        <span className="lab-node__spacer" />
        <RegionChips colors={data.colors} regions={data.regions} />
        <ErrorMark reason={data.error} />
      </div>
      <div className="lab-node__row lab-node__row--meta">
        <span className="lab-node__linux" title="Linux memdev and endpoint port">
          {data.draft ? (
            'not connected'
          ) : data.memdev === null ? (
            '—'
          ) : (
            <>
              <span className="lab-device__memdev">{data.memdev} · </span>
              {data.endpoint ?? '—'}
            </>
          )}
        </span>
      </div>
      <div className="lab-node__row lab-device__capacity">
        <span className={data.volatile > 0 ? 'lab-cap lab-cap--ram' : 'lab-cap lab-cap--none'}>
          {formatBytes(data.volatile)} ram
        </span>
        <span className={data.persistent > 0 ? 'lab-cap lab-cap--pmem' : 'lab-cap lab-cap--none'}>
          {formatBytes(data.persistent)} pmem
        </span>
      </div>
      <div className="lab-node__row">
        <DecoderLights lights={data.decoders} />
      </div>
    </div>
  );
});
