/**
 * A store slice whose code loads after the first paint (the named labs, the access console's
 * actions): its state starts as given, and each action forwards to the real slice, created once
 * its module has arrived. Loaded, an action runs at once exactly as the real one; called earlier,
 * it runs as soon as the module arrives (its promise, if any, settles then).
 */
import type { Deferred } from '../lib/deferred';
import type { LabRuntime, SliceCreator } from './types.ts';

type ActionKey<S> = { [K in keyof S]: S[K] extends (...args: never[]) => unknown ? K : never }[keyof S];
type Action = (...args: unknown[]) => unknown;

/**
 * The stand-in slice: `state` as the initial state (the real slice's own initial values) and a
 * forwarder per action. `actions` lists every action of `S`: a missing one is a type error, so an
 * action added to the slice cannot be forgotten here.
 */
export function lazySlice<M, S>(
  rt: LabRuntime,
  module: Deferred<M>,
  creator: (m: M) => (rt: LabRuntime) => SliceCreator<S>,
  state: Omit<S, ActionKey<S>>,
  actions: Record<ActionKey<S>, true>,
): SliceCreator<S> {
  return (set, get, api) => {
    let real: S | null = null;
    const call = (m: M, name: ActionKey<S>, args: unknown[]) => {
      real ??= creator(m)(rt)(set, get, api);
      return (real[name] as Action)(...args);
    };
    const forward =
      (name: ActionKey<S>) =>
      (...args: unknown[]) => {
        const loaded = module.value;
        if (loaded !== null) return call(loaded, name, args);
        return module.load().then((m) => call(m, name, args));
      };
    const names = Object.keys(actions) as ActionKey<S>[];
    return { ...state, ...Object.fromEntries(names.map((name) => [name, forward(name)])) } as S;
  };
}
