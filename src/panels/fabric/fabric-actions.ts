/**
 * The store's multi-host actions the panel calls (`focusHost`, `fmRun`, `fmStep`; DESIGN18's
 * signatures), read from the store. Until the worker side lands they may be absent: the panel then says so.
 */
import { useLabStore } from '../../state/hooks';
import type { ActionResult, LabStoreState } from '../../state/types';
import type { FmCompletionView, FmRunView } from '../../worker/fabric-types.ts';
import type { RequestMap } from '../../worker/protocol.ts';

export interface FabricActions {
  focusHost(host: string): Promise<ActionResult>;
  fmRun(args: RequestMap['fm.run']['args']): Promise<ActionResult<FmRunView>>;
  fmStep(complete?: boolean): Promise<ActionResult<{ percent: number; completed: FmCompletionView | null }>>;
}

type WithFabric = LabStoreState & Partial<FabricActions>;

const missing = {
  ok: false as const,
  error: { code: 'fabric.unavailable', message: 'the worker cannot run FM commands yet' },
};

export function useFabricActions(): FabricActions {
  const focusHost = useLabStore((s) => (s as WithFabric).focusHost);
  const fmRun = useLabStore((s) => (s as WithFabric).fmRun);
  const fmStep = useLabStore((s) => (s as WithFabric).fmStep);
  return {
    focusHost: focusHost ?? (async () => missing),
    fmRun: fmRun ?? (async () => missing),
    fmStep: fmStep ?? (async () => missing),
  };
}
