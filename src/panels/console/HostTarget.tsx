// The access console's host target in a multi-host lab (issue 18): " in hostA" after "HPA", since every host has its own host physical address space.
import { useLabStore } from '../../state/hooks';

/** " in hostA" for a multi-host lab (the focused host, whose HPAs the console reads); nothing otherwise. */
export function HostTarget() {
  const host = useLabStore((s) => s.view?.fabric?.focus ?? null);
  if (host === null) return null;
  return (
    <>
      {' in '}
      <strong className="console__host" data-testid="console-host">
        {host}
      </strong>
    </>
  );
}
