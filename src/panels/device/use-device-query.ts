// Asks the worker one of the Device tab's read-only questions, again whenever the lab changes.
import { useEffect, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import type { QueryKind } from '../../state/types';
import type { RequestMap } from '../../worker/protocol.ts';

type DeviceQuery = Extract<QueryKind, 'device.config' | 'device.registers' | 'device.commands'>;

/** The answer to `kind` with `args` (`key` names the arguments), refreshed when the lab changes. */
export function useDeviceQuery<K extends DeviceQuery>(
  kind: K,
  args: RequestMap[K]['args'],
  key: string,
): { data: RequestMap[K]['result'] | null; error: string | null } {
  const view = useLabStore(selectView);
  const query = useLabStore((s) => s.query);
  const [state, setState] = useState<{
    key: string;
    data: RequestMap[K]['result'] | null;
    error: string | null;
  }>({ key: '', data: null, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `args` (a new object each render)
  useEffect(() => {
    if (view === null) return;
    let live = true;
    void query(kind, args).then((r) => {
      if (live)
        setState(r.ok ? { key, data: r.value, error: null } : { key, data: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [kind, key, view, query]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}
