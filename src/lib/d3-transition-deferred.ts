/**
 * What d3-zoom imports as `d3-transition` in the production build (vite.config.ts `deferD3Parts`):
 * the real module loads after the first paint (`d3-load.ts`), and until it has, a zoom asked to
 * animate jumps to its end at once (an "instant transition" below), as it does with no duration.
 *
 * d3-zoom 3 (its `src/zoom.js`) needs three things from d3-transition: `interrupt(node)`,
 * `selection.interrupt()`, and `selection.transition()` for animated zooms: React Flow's
 * `setViewport` / `fitView` / `zoomIn` with a `duration` (@xyflow/system's `XYPanZoom` and
 * `getD3Transition`) chain `.duration().ease().on('end')` and hand the transition to
 * `zoom.transform`; d3-zoom's `dblclicked` chains `.duration().call(schedule)`. d3-zoom's `schedule`
 * adds `start.zoom` / `interrupt.zoom end.zoom` listeners and a `zoom` tween, which at t = 1 sets
 * the end transform itself. Loading the real module replaces `selection.prototype.interrupt` and
 * `.transition` with d3's own (d3-transition's `src/selection/index.js`), so from then on every zoom
 * animates as before.
 */
import { type Selection, selection } from 'd3-selection';
import { loadD3Animation, loadedD3Animation } from './d3-load';

type Listener = (this: Element, datum: unknown, index: number, group: Element[]) => void;
type Tween = (this: Element, datum: unknown, index: number, group: Element[]) => ((t: number) => void) | null;

/** Stops `node`'s transitions; before the real module there are none (the instant ones are already done). */
export function interrupt(node: Element, name?: string | null): void {
  loadedD3Animation()?.transition.interrupt(node, name ?? undefined);
}

/**
 * A transition that runs on the next microtask at t = 1: on each node its `start` listeners, its
 * tweens at their end, then its `end` listeners, in the order they were added.
 */
class InstantTransition {
  private readonly listeners = new Map<string, Listener>();
  private readonly tweens = new Map<string, Tween>();
  constructor(private readonly nodes: Selection<Element, unknown, null, undefined>) {
    queueMicrotask(() => this.run());
  }
  selection() {
    return this.nodes;
  }
  duration(_ms: number) {
    return this;
  }
  ease(_ease: (t: number) => number) {
    return this;
  }
  /** `typenames`: space-separated `type.name`s; the same full name replaces its listener, as in d3. */
  on(typenames: string, listener: Listener) {
    for (const name of typenames.trim().split(/\s+/)) this.listeners.set(name, listener);
    return this;
  }
  tween(name: string, factory: Tween) {
    this.tweens.set(name, factory);
    return this;
  }
  call<A extends unknown[]>(fn: (t: this, ...args: A) => void, ...args: A) {
    fn(this, ...args);
    return this;
  }
  private fire(type: string, node: Element, datum: unknown, index: number, group: Element[]): void {
    for (const [name, listener] of this.listeners) {
      if (name.split('.')[0] === type) listener.call(node, datum, index, group);
    }
  }
  private run(): void {
    this.nodes.each((datum, index, group) => {
      const node = group[index];
      if (node === undefined) return;
      const nodes = group as Element[];
      this.fire('start', node, datum, index, nodes);
      for (const factory of this.tweens.values()) factory.call(node, datum, index, nodes)?.(1);
      this.fire('end', node, datum, index, nodes);
    });
  }
}

// The real module's `selection/index.js` replaces both when it runs.
const proto = selection.prototype as unknown as {
  interrupt: (this: Selection<Element, unknown, null, undefined>, name?: string) => unknown;
  transition: (this: Selection<Element, unknown, null, undefined>) => unknown;
};
proto.interrupt = function interruptAll(name) {
  return this.each(function each() {
    interrupt(this, name);
  });
};
proto.transition = function instantTransition() {
  loadD3Animation().catch(() => undefined); // tried again on the next animated zoom
  return new InstantTransition(this);
};
