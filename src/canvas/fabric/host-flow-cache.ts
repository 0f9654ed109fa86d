/**
 * Each host's single-host flow (`toFlow` of its view) for the multi-host drawing, kept between
 * rebuilds: a focus or binding change re-runs `toFlow` only for the hosts whose view changed.
 */
import type { FabricHostView } from '../../worker/lab-types.ts';
import { toFlow } from '../to-flow.ts';

export type HostFlow = ReturnType<typeof toFlow>;

/**
 * What `toFlow` reads of a host's view, as text: the cache's key. Every view from the worker is a new
 * object (structured clone), so identity says nothing; the text is exact (no hash collisions) and
 * costs a fraction of a `toFlow` run.
 */
function contentKey(h: FabricHostView): string {
  return JSON.stringify([h.spec, h.decoders, h.regions, h.linux]);
}

/**
 * A cache of host flows by content. `flowsOf` returns one flow per host and keeps only those it
 * returned, so it holds at most one lab's hosts (a lab closed or edited frees the rest).
 */
export class HostFlowCache {
  private byKey = new Map<string, HostFlow>();
  private byObject = new WeakMap<FabricHostView, { key: string; flow: HostFlow }>();
  /** `toFlow` runs so far (for the tests: how many hosts were rebuilt). */
  runs = 0;

  flowsOf(hosts: readonly FabricHostView[]): Map<string, HostFlow> {
    const next = new Map<string, HostFlow>();
    const out = new Map<string, HostFlow>();
    for (const h of hosts) {
      const key = this.byObject.get(h)?.key ?? contentKey(h);
      const flow = this.byKey.get(key) ?? next.get(key) ?? this.build(h);
      this.byObject.set(h, { key, flow });
      next.set(key, flow);
      out.set(h.id, flow);
    }
    this.byKey = next;
    return out;
  }

  private build(h: FabricHostView): HostFlow {
    this.runs++;
    return toFlow({ spec: h.spec, decoders: h.decoders, regions: h.regions, findings: [], linux: h.linux });
  }
}
