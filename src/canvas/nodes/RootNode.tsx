// Canvas card for the CXL root: one address bar per fixed memory window, with a handle per window.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { ROOT_INFO } from '../../lib/component-kinds';
import { Badge } from '../../ui/Badge';
import type { RootFlowNode, WindowBar } from '../to-flow';

/** Where window k's handle sits on the root's bottom edge (percent). */
function handleLeft(k: number, n: number): string {
  return `${((k + 1) / (n + 1)) * 100}%`;
}

/**
 * The CXL root (host side, Linux `root0`): one row per fixed memory window, each a bar of the
 * window's address range with its regions drawn in their colours, and the window's base, size,
 * ways, granularity and arithmetic. Each window has a source handle on the bottom edge: dragging
 * from it to a host bridge adds that host bridge to the window's targets.
 */
export const RootNode = memo(function RootNode({ data, selected }: NodeProps<RootFlowNode>) {
  const n = data.windows.length;
  return (
    <div
      className={`lab-node lab-node--root${selected ? ' is-selected' : ''}`}
      data-testid={data.testId ?? 'node-cxl-root'}
    >
      <div className="lab-root__title">
        <Badge text={ROOT_INFO.badge} tone={ROOT_INFO.tone} />
        <span className="lab-node__id">{ROOT_INFO.label}</span>
        <span className="lab-node__linux">root0</span>
        <span className="lab-root__count">
          {n} window{n === 1 ? '' : 's'}
        </span>
      </div>
      {n === 0 ? (
        <div className="lab-root__none">
          No fixed memory windows yet: the next step above says how to add one
        </div>
      ) : (
        data.windows.map((w, k) => <WindowRow key={w.id} w={w} marker={k + 1} />)
      )}
      {data.windows.map((w, k) => (
        <Handle
          key={w.handleId}
          id={w.handleId}
          type="source"
          position={Position.Bottom}
          className="lab-handle lab-handle--window"
          style={{ left: handleLeft(k, n), ...(w.colors[0] ? { background: w.colors[0] } : {}) }}
          title={`${w.id}: drag to a host bridge to add it as a target`}
        >
          <span className="lab-handle__label">{k + 1}</span>
        </Handle>
      ))}
      <Handle
        id="bus"
        type="source"
        position={Position.Bottom}
        className="lab-handle lab-handle--bus"
        isConnectable={false}
      />
    </div>
  );
});

function WindowRow({ w, marker }: { w: WindowBar; marker: number }) {
  return (
    <div className="lab-window" data-testid={`window-${w.id}`}>
      <span className="lab-window__marker">{marker}</span>
      <span className="lab-window__id" title={`Linux root decoder ${w.rootDecoder}`}>
        {w.id}
        <span className="lab-window__linux">{w.rootDecoder}</span>
      </span>
      <span className="lab-window__bar" title={w.segments.map((s) => s.region).join(', ') || 'no region'}>
        {w.segments.map((s) => (
          <span
            key={s.region}
            className={`lab-window__segment${s.committed ? '' : ' is-uncommitted'}`}
            style={{ left: `${s.left}%`, width: `${Math.max(s.width, 1.5)}%`, background: s.color }}
          />
        ))}
      </span>
      <span className="lab-window__facts">
        <span>{w.base}</span>
        <span>{w.size}</span>
        <span>{w.interleave}</span>
        {w.arithmetic === 'xor' && <span className="lab-window__xor">XOR</span>}
      </span>
    </div>
  );
}
