/**
 * Where each component kind may sit in a CXL hierarchy and how the lab names it in messages: one table
 * for the core's validator and the canvas's connect rules (a pure leaf: imports types only).
 */
import type { ComponentKind } from './model.ts';

/**
 * Which parent kinds each kind may sit below; a host bridge has none (it sits at the top, below the
 * CXL root). The port hierarchy is CXL r3.1 §9.12 (host bridge → root port → switch upstream port →
 * downstream port → endpoint).
 */
export const PARENT_KINDS: Readonly<Record<ComponentKind, readonly ComponentKind[]>> = {
  'host-bridge': [],
  'root-port': ['host-bridge'],
  switch: ['root-port', 'downstream-port'],
  'downstream-port': ['switch'],
  type3: ['root-port', 'downstream-port'],
};

/** "a Type 3 device": a kind with its article, for messages. */
export const KIND_PHRASE: Readonly<Record<ComponentKind, string>> = {
  'host-bridge': 'a host bridge',
  'root-port': 'a root port',
  switch: 'a switch',
  'downstream-port': 'a downstream port',
  type3: 'a Type 3 device',
};

/** True for a kind the tables above know (input from a file may name any string). */
export function isComponentKind(kind: unknown): kind is ComponentKind {
  return typeof kind === 'string' && Object.hasOwn(PARENT_KINDS, kind);
}

/** "must sit below a root port or downstream port"; for a host bridge, `atTop` (its placement). */
export function parentPhrase(kind: ComponentKind, atTop: string): string {
  const parents = PARENT_KINDS[kind].map((k) => KIND_PHRASE[k].replace(/^an? /, ''));
  return parents.length === 0 ? atTop : `must sit below a ${parents.join(' or ')}`;
}

/** Which kinds may sit directly below `kind`. */
export function childKinds(kind: ComponentKind): ComponentKind[] {
  return (Object.keys(PARENT_KINDS) as ComponentKind[]).filter((k) => PARENT_KINDS[k].includes(kind));
}
