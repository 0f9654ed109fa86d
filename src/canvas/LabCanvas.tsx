import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  type FitViewOptions,
  type NodeChange,
  ReactFlow,
} from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec } from '../state/selectors';
import { nodeTypes } from './node-types';
import { type LabFlow, type LabFlowNode, toFlow } from './to-flow';

const NO_FLOW: LabFlow = { nodes: [], edges: [] };

// Side padding keeps the fitted tree clear of the zoom controls in the bottom-right corner.
const FIT_VIEW_OPTIONS: FitViewOptions = { padding: { x: '56px', y: '28px' }, maxZoom: 1 };

/**
 * The topology canvas. Nodes are derived from the worker's view of the lab (`toFlow`: the core's
 * validated topology and live decoder states) and are read-only for now; the only change React
 * Flow reports that we keep is selection, which goes to the store.
 */
export function LabCanvas() {
  const spec = useLabStore(selectSpec);
  const decoders = useLabStore(selectDecoders);
  const failed = useLabStore((s) => s.status === 'failed');
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);

  const flow = useMemo(() => (spec === null ? NO_FLOW : toFlow(spec, decoders)), [spec, decoders]);
  const nodes = useMemo(
    () => flow.nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)),
    [flow, selectedId],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<LabFlowNode>[]) => {
      let picked: string | null | undefined;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        if (change.selected) picked = change.id;
        else if (picked === undefined) picked = null;
      }
      if (picked !== undefined) select(picked);
    },
    [select],
  );

  return (
    <div className="lab-canvas" data-testid="canvas">
      {spec === null && (
        <div className="lab-canvas__loading" data-testid="canvas-loading">
          {failed
            ? 'The emulator could not start a lab; the message above says why.'
            : 'Starting the emulator…'}
        </div>
      )}
      <ReactFlow
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        colorMode="system"
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Topology canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
